// The attempt page's editor: CodeMirror 6 with what a candidate needs for an hour of OpenAPI
// writing (line numbers, undo/redo, search, bracket matching, indentation, YAML and JSON
// highlighting) and the report's findings shown as lint diagnostics. build.mjs bundles this file
// and the packages it imports into src/web/assets/editor.js, which the server compiles in.
//
// The page's own script (attempt.js) talks to the editor only through `window.apidojoEditor`,
// so the page still works, as a plain text area, if this file is absent.
import { EditorState, Compartment, Prec, StateEffect, StateField, RangeSet } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, drawSelection, rectangularSelection, crosshairCursor,
  dropCursor, gutter, GutterMarker,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  bracketMatching, foldGutter, foldKeymap, indentOnInput, indentUnit, syntaxHighlighting,
  defaultHighlightStyle,
} from '@codemirror/language';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { lintGutter, setDiagnostics, lintKeymap } from '@codemirror/lint';
import { yaml } from '@codemirror/lang-yaml';
import { json } from '@codemirror/lang-json';

// The nonce the page gave this script: CodeMirror's styles go in a <style> element, which the
// page's Content-Security-Policy allows only with it.
const nonce = (document.currentScript && document.currentScript.nonce) || '';

// YAML unless the document starts as JSON does.
function looksLikeJson(text) {
  return /^\s*[{[]/.test(text);
}

// A coach's line comments: a marker in their own gutter, the comment on hover.
class CommentMarker extends GutterMarker {
  constructor(text) { super(); this.text = text; }
  eq(other) { return other.text === this.text; }
  toDOM() {
    const span = document.createElement('span');
    span.className = 'cm-comment-marker';
    span.textContent = '●';
    span.title = this.text;
    return span;
  }
}
const setComments = StateEffect.define();
const commentField = StateField.define({
  create() { return RangeSet.empty; },
  update(set, tr) {
    set = set.map(tr.changes);
    for (const e of tr.effects) if (e.is(setComments)) set = e.value;
    return set;
  },
});

// A message with its `inline code` as code elements, the rest as text (never as markup).
function withCode(text) {
  const span = document.createElement('span');
  String(text).split('`').forEach(function (part, i) {
    if (!part) return;
    if (i % 2) {
      const code = document.createElement('code');
      code.textContent = part;
      span.appendChild(code);
    } else {
      span.appendChild(document.createTextNode(part));
    }
  });
  return span;
}

function lineRange(doc, n) {
  const line = doc.line(Math.max(1, Math.min(n, doc.lines)));
  return line;
}

function create(textarea, options) {
  const opts = options || {};
  const language = new Compartment();
  const listeners = [];
  let isJson = looksLikeJson(textarea.value);
  const langOf = function (j) { return j ? json() : yaml(); };

  const state = EditorState.create({
    doc: textarea.value,
    extensions: [
      lineNumbers(),
      gutter({
        class: 'cm-comment-gutter',
        markers: function (v) { return v.state.field(commentField); },
      }),
      commentField,
      lintGutter(),
      foldGutter(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      dropCursor(),
      EditorState.allowMultipleSelections.of(true),
      indentOnInput(),
      indentUnit.of('  '),
      EditorState.tabSize.of(2),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      bracketMatching(),
      rectangularSelection(),
      crosshairCursor(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      language.of(langOf(isJson)),
      EditorView.cspNonce.of(nonce),
      EditorView.contentAttributes.of({
        'aria-label': opts.label || 'Document',
        'aria-describedby': textarea.getAttribute('aria-describedby') || '',
        spellcheck: 'false',
        autocapitalize: 'off',
        autocorrect: 'off',
      }),
      // Esc then Tab leaves the editor, even when that Esc also closed the search panel or
      // collapsed a selection (CodeMirror alone arms Tab only on an Esc nothing else used).
      Prec.highest(EditorView.domEventHandlers({
        keydown: function (e, v) {
          if (e.key === 'Escape') v.setTabFocusMode(2000);
          return false;
        },
      })),
      keymap.of([
        ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, ...lintKeymap, indentWithTab,
      ]),
      EditorView.updateListener.of(function (u) {
        if (!u.docChanged) return;
        const j = looksLikeJson(u.state.doc.sliceString(0, 200));
        if (j !== isJson) {
          isJson = j;
          u.view.dispatch({ effects: language.reconfigure(langOf(j)) });
        }
        listeners.forEach(function (f) { f(); });
      }),
    ],
  });

  const host = document.createElement('div');
  host.className = 'cm-host';
  textarea.after(host);
  textarea.hidden = true;
  const view = new EditorView({ state: state, parent: host });
  // The label still names the editor.
  if (textarea.id) {
    const label = document.querySelector('label[for="' + CSS.escape(textarea.id) + '"]');
    if (label) label.addEventListener('click', function () { view.focus(); });
  }

  const handle = {
    view: view,
    getValue: function () { return view.state.doc.toString(); },
    setValue: function (text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    focus: function () { view.focus(); },
    onChange: function (f) { listeners.push(f); },
    // The line the cursor is on, counted from 1.
    currentLine: function () { return view.state.doc.lineAt(view.state.selection.main.head).number; },
    // Selects line `n` and scrolls it to the middle.
    goToLine: function (n) {
      const line = lineRange(view.state.doc, n);
      view.dispatch({
        selection: { anchor: line.from, head: line.to },
        effects: EditorView.scrollIntoView(line.from, { y: 'center' }),
      });
      view.focus();
      return line.number;
    },
    // Findings ({line, severity, message}) as diagnostics and line comments ({line, text}) as
    // markers; both replace what was shown before. Lines past the end go on the last line.
    mark: function (findings, comments) {
      const doc = view.state.doc;
      const diagnostics = (findings || []).map(function (f) {
        const line = lineRange(doc, Number(f.line) || 1);
        const sev = f.severity === 'error' || f.severity === 'warning' ? f.severity : 'info';
        return {
          from: line.from, to: line.to, severity: sev, message: f.message, source: f.source || undefined,
          renderMessage: function () { return withCode(f.message); },
        };
      });
      const byLine = new Map();
      (comments || []).forEach(function (c) {
        const n = lineRange(doc, Number(c.line) || 1).number;
        byLine.set(n, (byLine.has(n) ? byLine.get(n) + '\n' : '') + c.text);
      });
      const markers = Array.from(byLine.keys()).sort(function (a, b) { return a - b; }).map(function (n) {
        return new CommentMarker(byLine.get(n)).range(doc.line(n).from);
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
      view.dispatch({ effects: setComments.of(RangeSet.of(markers)) });
    },
  };
  // The page's editor, for whoever needs it after the page set it up (tests, the console).
  window.apidojoEditor.active = handle;
  return handle;
}

window.apidojoEditor = { create: create };
