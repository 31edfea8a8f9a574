// Bundles editor.js and the CodeMirror packages it imports into one minified file,
// src/web/assets/editor.js, and writes the licences of every bundled package beside it
// (src/web/assets/editor-licenses.txt). Both are committed: building and running apidojo needs
// no Node. CI runs `npm ci && node build.mjs` and fails when the result differs from the
// committed files, so the committed bundle is always the one these pinned versions make.
import { build } from 'esbuild';
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const assets = join(here, '..', 'assets');

const result = await build({
  entryPoints: [join(here, 'editor.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  charset: 'utf8',
  metafile: true,
  write: false,
  banner: { js: '/* apidojo editor: CodeMirror 6 (MIT). Licences: editor-licenses.txt beside this file. */' },
});
writeFileSync(join(assets, 'editor.js'), result.outputFiles[0].text);

// Every package a bundled file came from, with its version and licence text.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) packages.set(m[1], join(here, 'node_modules', m[1]));
}
const names = [...packages.keys()].sort();
let text = 'The editor bundle (editor.js) contains the following packages, under these licences.\n';
for (const name of names) {
  const dir = packages.get(name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  if (!file || !existsSync(join(dir, file))) throw new Error(`${name} ships no licence file`);
  text += `\n${'='.repeat(78)}\n${name} ${pkg.version} (${pkg.license})\n${'='.repeat(78)}\n\n`;
  text += readFileSync(join(dir, file), 'utf8').trim() + '\n';
}
writeFileSync(join(assets, 'editor-licenses.txt'), text);
console.log(`editor.js: ${result.outputFiles[0].contents.length} bytes from ${names.length} packages: ${names.join(', ')}`);
