// The attempt page: the countdown (the server's clock is the truth), the editor (CodeMirror from
// editor.js, findings shown in it as diagnostics), drafts saved to the server as the candidate types,
// Check / Submit, the report, what changed since the last submission, the model answer and the
// coach's review. Everything the server sends is put in the page as text, never as markup.
'use strict';
(function () {
  const root = document.getElementById('attempt');
  if (!root) return;
  const meta = document.querySelector('meta[name="csrf-token"]');
  const csrf = meta ? meta.content : '';
  const attemptId = root.dataset.attemptId;
  const exerciseId = root.dataset.exerciseId;
  const kind = root.dataset.kind;
  let latest = root.dataset.latest || '';
  let previous = root.dataset.previous || '';
  // Ended or past its deadline: only then does the server show the model answer.
  let finished = root.dataset.finished === 'true';
  const $ = function (id) { return document.getElementById(id); };

  // Text with `inline code` as a code element, the rest as text (nothing of it read as markup).
  function withCode(tag, cls, text) {
    return appendWithCode(el(tag, cls), text);
  }

  function appendWithCode(node, text) {
    String(text).split('`').forEach(function (part, i) {
      if (!part) return;
      node.appendChild(i % 2 ? el('code', null, part) : document.createTextNode(part));
    });
    return node;
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  async function api(method, url, body, headers) {
    const h = Object.assign({ 'Accept': 'application/json', 'X-CSRF-Token': csrf }, headers || {});
    // keepalive lets a save started as the tab closes still reach the server; browsers refuse it
    // for bodies over 64 KiB, so a larger draft is sent as an ordinary request (and leaving the
    // page with unsaved work asks first).
    const small = typeof body !== 'string' || body.length < 60000;
    const res = await fetch(url, { method: method, credentials: 'same-origin', headers: h, body: body, keepalive: method === 'PUT' && small });
    const type = res.headers.get('content-type') || '';
    const data = type.includes('json') ? await res.json() : await res.text();
    if (!res.ok) {
      // What went wrong, once: each field's problem in words when there are some (the detail
      // only repeats them), the detail otherwise; never a JSON pointer.
      let msg = (data && data.detail) || res.statusText;
      if (data && Array.isArray(data.errors) && data.errors.length) {
        msg = data.errors.map(function (e) {
          const name = (e.pointer || '').split('/').filter(Boolean).map(function (p) {
            return /^\d+$/.test(p) ? String(Number(p) + 1) : p.replace(/_/g, ' ');
          }).join(' › ');
          return name ? name + ': ' + e.detail : e.detail;
        }).join('; ');
      }
      const err = new Error(msg);
      err.status = res.status;
      err.errors = data && Array.isArray(data.errors) ? data.errors : [];
      throw err;
    }
    return data;
  }

  function status(text) { const s = $('status'); if (s) s.textContent = text; }

  // ---- Countdown ------------------------------------------------------------------------
  // Seconds left come from the server; elapsed time is measured with the monotonic clock, so a
  // wrong laptop clock changes nothing. Resynchronised every minute (a coach may extend it).
  const clockEl = $('clock');
  const timerEl = $('timer');
  const noteEl = $('timer-note');
  const alertEl = $('timer-alert');
  let base = Number(root.dataset.remaining);
  let t0 = performance.now();
  let warned = false;
  let lateShown = timerEl.classList.contains('late');
  function fmt(s) {
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    const two = function (n) { return (n < 10 ? '0' : '') + n; };
    return h > 0 ? h + ':' + two(m) + ':' + two(sec) : two(m) + ':' + two(sec);
  }
  // An attempt its candidate ended has no time left to count.
  let ended = root.dataset.ended === 'true';
  function showEnded() {
    clockEl.textContent = 'ended';
    timerEl.classList.remove('warn', 'late');
    noteEl.textContent = 'you ended this attempt';
  }
  function tick() {
    if (ended) { showEnded(); return; }
    const left = Math.max(0, Math.round(base - (performance.now() - t0) / 1000));
    clockEl.textContent = fmt(left);
    if (left <= 0) {
      if (!lateShown) {
        lateShown = true;
        timerEl.classList.remove('warn');
        timerEl.classList.add('late');
        noteEl.textContent = 'Time is up: submissions are now marked late';
        alertEl.textContent = 'Time is up: submissions are now marked late.';
        if (!finished) becameFinished('Time is up: the model answer is below. What you submit from now on is marked as made after reading it, and does not count as your own result.');
      }
    } else {
      if (lateShown) {
        lateShown = false;
        timerEl.classList.remove('late');
        noteEl.textContent = 'left (deadline extended)';
      }
      if (left <= 300 && !warned) {
        warned = true;
        timerEl.classList.add('warn');
        noteEl.textContent = 'less than 5 minutes left';
        alertEl.textContent = 'Less than 5 minutes left.';
      }
    }
  }
  async function resync() {
    try {
      const a = await api('GET', '/v1/attempts/' + attemptId);
      base = a.seconds_remaining;
      t0 = performance.now();
      tick();
    } catch (e) { /* keep counting locally */ }
  }
  tick();
  setInterval(tick, 1000);
  setInterval(resync, 60000);

  // ---- Report rendering -----------------------------------------------------------------
  const report = $('report');
  // A real-time case study takes two documents, each in its own editor tab: the API (OpenAPI)
  // and the events (AsyncAPI). Findings and line comments say which document they are in.
  const takesEvents = root.dataset.events === 'true';
  const editor = makeEditor($('doc'), 'Your OpenAPI document');
  const eventsEditor = takesEvents ? makeEditor($('events-doc'), 'Your event document') : null;
  const editors = { api: editor, events: eventsEditor };
  if (window.apidojoEditor && editor) window.apidojoEditor.active = editor;
  let marks = [];      // the report's findings: {line, severity, message, document}
  let comments = [];   // the latest submission's line comments: {line, text, document}
  function docOf(x) { return x && x.document === 'events' && eventsEditor ? 'events' : 'api'; }
  function showMarks() {
    Object.keys(editors).forEach(function (d) {
      if (!editors[d]) return;
      editors[d].mark(
        marks.filter(function (m) { return docOf(m) === d; }),
        comments.filter(function (c) { return docOf(c) === d; }));
    });
    if (takesEvents) {
      ['api', 'events'].forEach(function (d) {
        const n = marks.filter(function (m) { return docOf(m) === d; }).length;
        $('count-' + d).textContent = n ? String(n) : '';
        $('count-' + d).title = n ? n + ' finding' + (n === 1 ? '' : 's') + ' in this document' : '';
      });
    }
  }

  // The tabs: one document shown at a time; arrows, Home and End move between the tabs.
  function showTab(d) {
    if (!takesEvents) return;
    ['api', 'events'].forEach(function (x) {
      const on = x === d;
      $('tab-' + x).setAttribute('aria-selected', on ? 'true' : 'false');
      $('tab-' + x).tabIndex = on ? 0 : -1;
      $('pane-' + x).hidden = !on;
    });
    root.dataset.tab = d;
    const ed = editors[d];
    if (window.apidojoEditor && ed) window.apidojoEditor.active = ed;
    if (ed && ed.view) ed.view.requestMeasure();
  }
  if (takesEvents) {
    root.dataset.tab = 'api';
    ['api', 'events'].forEach(function (x) {
      $('tab-' + x).addEventListener('click', function () { showTab(x); });
    });
    $('tab-api').parentElement.addEventListener('keydown', function (e) {
      const other = root.dataset.tab === 'events' ? 'api' : 'events';
      const to = { ArrowRight: other, ArrowLeft: other, Home: 'api', End: 'events' }[e.key];
      if (!to) return;
      e.preventDefault();
      showTab(to);
      $('tab-' + to).focus();
    });
  }

  // Bars of the scores that count: a coach's override replaces the grader's score.
  function dimensionBars(dims, effective) {
    const box = el('div', 'dims');
    dims.forEach(function (g) {
      const e = (effective || []).find(function (x) { return x.id === g.id && x.overridden; });
      const d = e ? { id: g.id, score: e.effective } : g;
      const row = el('div', 'dim');
      const label = el('span', 'dim-name', d.id);
      row.appendChild(label);
      if (d.score === null || d.score === undefined) {
        row.appendChild(el('span', 'meta', 'not applicable'));
      } else {
        const m = el('meter');
        m.min = 0; m.max = 100; m.low = 60; m.high = 80; m.optimum = 100;
        m.value = d.score;
        m.setAttribute('aria-label', d.id + ' score');
        row.appendChild(m);
        row.appendChild(el('span', 'dim-score', Math.round(d.score)));
        if (e) row.appendChild(el('span', 'was', 'set by your coach; the grader gave ' + Math.round(g.score)));
      }
      box.appendChild(row);
    });
    return box;
  }

  function findingButton(f) {
    const b = el('button', 'finding sev-' + f.severity);
    b.type = 'button';
    b.dataset.line = f.line;
    const d = docOf(f);
    b.dataset.document = d;
    b.appendChild(el('span', 'where', whereText(d, f.line)));
    appendWithCode(b, ' ' + f.message);
    b.addEventListener('click', function () { goToLine(Number(f.line), d); });
    return b;
  }

  // A finding at each of its places: itself, then the places it lists in also_at (a rule's
  // warnings and notes come as one finding; every place still counts in the score).
  function eachPlace(f) {
    const more = Array.isArray(f.also_at) ? f.also_at : [];
    return [f].concat(more.map(function (p) {
      return { rule: f.rule, severity: f.severity, message: p.message, line: p.line, fix: p.fix, document: f.document };
    }));
  }

  // What matters first: errors, then warnings, then polish notes; within each, the rules that
  // fail at the most places first.
  const SEVERITIES = [['error', 'Errors'], ['warning', 'Warnings'], ['info', 'Polish notes']];
  function placeCount(list) {
    return list.reduce(function (n, f) { return n + eachPlace(f).length; }, 0);
  }

  function renderFindings(findings) {
    const box = el('div', 'findings');
    const places = placeCount(findings);
    box.appendChild(el('h3', null, 'Findings (' + findings.length + (places > findings.length ? ', at ' + places + ' places' : '') + ')'));
    if (!findings.length) { box.appendChild(el('p', null, 'No findings: nothing to fix.')); return box; }
    SEVERITIES.forEach(function (sev) {
      const rules = new Map();
      findings.filter(function (f) { return f.severity === sev[0]; }).forEach(function (f) {
        if (!rules.has(f.rule)) rules.set(f.rule, []);
        rules.get(f.rule).push(f);
      });
      if (!rules.size) return;
      const list = Array.from(rules.entries()).map(function (e) { return [e[0], e[1], placeCount(e[1])]; });
      list.sort(function (a, b) { return b[2] - a[2]; });
      const det = el('details', 'sev-group');
      det.open = true;
      det.appendChild(el('summary', null, sev[1] + ' (' + placeCount([].concat.apply([], list.map(function (e) { return e[1]; }))) + ')'));
      list.forEach(function (entry) {
        const r = el('div', 'rule');
        r.appendChild(el('h4', null, entry[0] + (entry[2] > 1 ? ' · ' + entry[2] + ' places' : '')));
        const found = entry[1];
        if (found[0].why) r.appendChild(withCode('p', 'why', 'Why it matters: ' + found[0].why));
        const ul = el('ul', 'plain');
        found.forEach(function (f) {
          const li = el('li');
          li.appendChild(findingButton(f));
          if (f.fix) li.appendChild(withCode('p', 'fix', 'Fix: ' + f.fix));
          const more = eachPlace(f).slice(1);
          if (more.length) {
            li.appendChild(el('p', 'meta also-at-note', 'The same at ' + more.length + ' more place' + (more.length === 1 ? '' : 's') + ':'));
            const also = el('ul', 'plain also-at');
            more.forEach(function (p) {
              const item = el('li');
              item.appendChild(findingButton(p));
              if (p.fix) item.appendChild(withCode('p', 'fix', 'Fix: ' + p.fix));
              also.appendChild(item);
            });
            li.appendChild(also);
          }
          ul.appendChild(li);
        });
        r.appendChild(ul);
        det.appendChild(r);
      });
      box.appendChild(det);
    });
    return box;
  }

  function renderReport(r, heading, extra) {
    report.textContent = '';
    report.hidden = false;
    report.appendChild(el('h2', null, heading));
    const head = el('div', 'score-head');
    const score = el('p', 'score');
    score.appendChild(el('span', 'big', Math.round(r.score)));
    score.appendChild(document.createTextNode(' / 100'));
    head.appendChild(score);
    if (r.level) head.appendChild(el('p', 'level tag', r.level));
    if (extra && extra.late) head.appendChild(el('p', 'tag late-tag', 'late'));
    if (extra && extra.afterModel) head.appendChild(el('p', 'tag late-tag', 'after the model answer'));
    report.appendChild(head);
    if (extra && extra.afterModel) {
      report.appendChild(el('p', 'meta', 'Made after reading the model answer: not counted as your own result.'));
    }
    if (extra && extra.effective !== undefined && Math.round(extra.effective) !== Math.round(r.score)) {
      report.appendChild(el('p', 'effective', 'Effective score after your coach\'s review: ' + Math.round(extra.effective)));
    }
    if (r.level_reason) report.appendChild(withCode('p', 'meta level-reason', r.level_reason));
    if (Array.isArray(r.dimensions)) report.appendChild(dimensionBars(r.dimensions, extra && extra.dimensions));
    // What to fix first and the points each fix gains, when the grader says so.
    if (Array.isArray(r.fix_first) && r.fix_first.length) {
      const box = el('div', 'fix-first');
      box.appendChild(el('h3', null, 'Fix first'));
      const ol = el('ol');
      r.fix_first.forEach(function (f) {
        const gain = typeof f.gain === 'number' ? ' (+' + (Math.round(f.gain * 10) / 10) + ' points)' : '';
        ol.appendChild(withCode('li', null, (f.what || f.rule || '') + gain));
      });
      box.appendChild(ol);
      report.appendChild(box);
    }
    // Every place of every finding is marked in the editor, rolled-up places included.
    marks = [];
    (r.findings || []).forEach(function (finding) {
      eachPlace(finding).forEach(function (f) {
        marks.push({ line: f.line, severity: f.severity, message: f.message, source: f.rule, document: f.document });
      });
    });
    showMarks();
    report.appendChild(renderFindings(r.findings || []));
  }

  // ---- Editor -----------------------------------------------------------------------------
  // CodeMirror when editor.js loaded; otherwise the plain text area, which still edits, saves
  // and submits (without marks).
  function makeEditor(textarea, label) {
    if (!textarea) return null;
    if (window.apidojoEditor) return window.apidojoEditor.create(textarea, { label: label });
    return {
      getValue: function () { return textarea.value; },
      focus: function () { textarea.focus(); },
      onChange: function (f) { textarea.addEventListener('input', f); },
      mark: function () {},
      goToLine: function (n) {
        const lines = textarea.value.split('\n');
        n = Math.max(1, Math.min(n, lines.length));
        let start = 0;
        for (let i = 0; i < n - 1; i++) start += lines[i].length + 1;
        textarea.focus();
        textarea.setSelectionRange(start, start + lines[n - 1].length);
        return n;
      },
    };
  }

  // "Line 12", or with two documents "Events, line 12".
  function whereText(d, line) {
    if (!takesEvents) return 'Line ' + line;
    return (d === 'events' ? 'Events' : 'API') + ', line ' + line;
  }

  function goToLine(n, doc) {
    const d = docOf({ document: doc });
    showTab(d);
    const line = editors[d].goToLine(n);
    root.dataset.currentLine = String(line);
    status(whereText(d, line) + ' selected.');
  }

  // ---- Drafts -------------------------------------------------------------------------------
  const saveStatus = $('save-status');
  let saveTimer = null;
  // The draft as the server keeps it: the document, and the event document beside it.
  function draftBody() {
    const d = { content: editor.getValue() };
    if (eventsEditor) d.events_content = eventsEditor.getValue();
    return JSON.stringify(d);
  }
  let savedText = editor ? draftBody() : '';
  let saving = false;
  async function saveDraft() {
    saveTimer = null;
    if (!editor || saving) return;
    const text = draftBody();
    if (text === savedText) return;
    saving = true;
    try {
      await api('PUT', '/v1/attempts/' + attemptId + '/draft', text, { 'Content-Type': 'application/json' });
      savedText = text;
      saveStatus.textContent = 'Draft saved at ' + new Date().toLocaleTimeString();
    } catch (e) {
      saveStatus.textContent = 'Not saved (' + e.message + '); retrying…';
      saveTimer = setTimeout(saveDraft, 5000);
    } finally {
      saving = false;
      if (draftBody() !== savedText && !saveTimer) saveTimer = setTimeout(saveDraft, 1500);
    }
  }
  function scheduleSave() {
    saveStatus.textContent = 'Unsaved changes…';
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(saveDraft, 1500);
  }

  function mediaType(text) {
    return /^\s*[{[]/.test(text) ? 'application/json' : 'application/yaml';
  }

  // What is graded: the document in its own media type, or both documents side by side.
  function gradedBody() {
    const text = editor.getValue();
    if (!eventsEditor) return { body: text, type: mediaType(text) };
    return {
      body: JSON.stringify({ openapi: text, asyncapi: eventsEditor.getValue() }),
      type: 'application/vnd.apidojo.design+json',
    };
  }

  // A document that cannot be graded (a syntax error, not OpenAPI): the reason goes where the
  // report was, so no earlier report looks current, and the line it names is marked.
  // With two documents, the field at fault (`/asyncapi` or `/openapi`) says which one it is.
  function renderUngradable(heading, err) {
    const field = (err.errors || []).length === 1 ? err.errors[0] : null;
    const d = field && field.pointer === '/asyncapi' ? 'events' : 'api';
    const message = field ? field.detail : err.message;
    report.textContent = '';
    report.hidden = false;
    report.appendChild(el('h2', null, heading));
    report.appendChild(el('p', 'ungradable', message));
    const at = /line (\d+)(?:, column (\d+))?/.exec(message);
    marks = [];
    if (at) {
      const line = Number(at[1]);
      marks.push({ line: line, severity: 'error', message: message, document: d });
      const go = el('button', 'finding', 'Go to ' + whereText(d, line).toLowerCase());
      go.type = 'button';
      go.addEventListener('click', function () { goToLine(line, d); });
      report.appendChild(go);
    }
    showMarks();
    showTab(d);
    report.focus();
  }

  async function check() {
    status('Checking…');
    try {
      const g = gradedBody();
      const r = await api('POST', '/v1/grade?exercise=' + encodeURIComponent(exerciseId), g.body, { 'Content-Type': g.type });
      renderReport(r, 'Check (not submitted)');
      status('Checked: nothing was submitted.');
    } catch (e) {
      if (e.status === 422 || e.status === 415) {
        renderUngradable('Not graded', e);
        status('Checked: the document could not be graded.');
      } else {
        status('Check failed: ' + e.message);
      }
    }
  }

  function newKey() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
  }

  async function submitDocument() {
    status('Submitting…');
    if (saveTimer) { clearTimeout(saveTimer); saveDraft(); }
    try {
      const g = gradedBody();
      const s = await api('POST', '/v1/attempts/' + attemptId + '/submissions', g.body,
        { 'Content-Type': g.type, 'Idempotency-Key': newKey() });
      if (latest !== s.id) { previous = latest; latest = s.id; }
      renderReport(s.report, 'Submitted', { late: s.late, afterModel: s.after_model_answer });
      status(s.late ? 'Submitted after the deadline: marked late.' : 'Submitted.');
      await afterSubmission();
    } catch (e) {
      if (e.status === 422 || e.status === 415) {
        renderUngradable('Not submitted: the document could not be graded', e);
        status('Not submitted: fix the document and submit again.');
      } else {
        status('Submission failed: ' + e.message);
      }
    }
  }

  // ---- After a submission: diff, review, model answer ------------------------------------
  async function showDiff() {
    const box = $('diff');
    if (!box || !previous || !latest) return;
    try {
      const d = await api('GET', '/v1/submissions/' + latest + '/diff?against=' + previous);
      box.textContent = '';
      box.hidden = false;
      box.appendChild(el('h2', null, 'What changed since your previous submission'));
      const sign = function (x) { return (x > 0 ? '+' : '') + (Math.round(x * 10) / 10); };
      box.appendChild(el('p', 'score-change', 'Score ' + Math.round(d.score_before) + ' → ' + Math.round(d.score_after) + ' (' + sign(d.score_change) + ')'));
      const t = el('table', 'grid');
      const head = el('tr');
      ['Dimension', 'Before', 'After', 'Change'].forEach(function (h) { const th = el('th', null, h); th.scope = 'col'; head.appendChild(th); });
      const thead = el('thead'); thead.appendChild(head); t.appendChild(thead);
      const tb = el('tbody');
      d.dimensions.forEach(function (x) {
        const tr = el('tr');
        const n = function (v) { return v === null || v === undefined ? '–' : Math.round(v); };
        [x.id, n(x.before), n(x.after), x.change === null ? '–' : sign(x.change)].forEach(function (c) { tr.appendChild(el('td', null, c)); });
        if (x.change > 0) tr.className = 'up'; else if (x.change < 0) tr.className = 'down';
        tb.appendChild(tr);
      });
      t.appendChild(tb);
      box.appendChild(t);
      // A line in the report too, where the candidate is looking.
      const summary = el('p', 'diff-summary');
      summary.appendChild(document.createTextNode('Since your previous submission: ' + sign(d.score_change) + ' points, ' +
        d.fixed.length + ' fixed, ' + d.new.length + ' new. '));
      const more = el('a', null, 'What changed');
      more.href = '#diff';
      summary.appendChild(more);
      const h = report.querySelector('.score-head');
      if (h) h.after(summary);
      if (Array.isArray(d.fix_first) && d.fix_first.length) {
        const f = d.fix_first[0];
        const gain = typeof f.gain === 'number' ? ' (+' + (Math.round(f.gain * 10) / 10) + ' points)' : '';
        box.appendChild(withCode('p', 'next-fix', 'Next, fix first: ' + (f.what || f.rule || '') + gain));
      }
      [['fixed', 'Fixed', d.fixed], ['new', 'New', d.new], ['unchanged', 'Unchanged', d.unchanged]].forEach(function (g) {
        const sec = el('div', 'diff-' + g[0]);
        sec.appendChild(el('h3', null, g[1] + ' (' + g[2].length + ')'));
        const ul = el('ul', 'plain');
        g[2].forEach(function (f) { ul.appendChild(withCode('li', null, f.rule + ' — ' + f.message)); });
        sec.appendChild(ul);
        box.appendChild(sec);
      });
    } catch (e) { /* the diff is a bonus */ }
  }

  // Every submission of the attempt, oldest first, numbered as the candidate made them.
  async function submissionsOfAttempt() {
    const page = await api('GET', '/v1/attempts/' + attemptId + '/submissions?limit=100');
    return page.data.slice().reverse();
  }

  // Every review of every submission, newest submission first: a resubmission never hides the
  // coach's earlier review. Only the latest submission's line comments mark the editor's lines.
  async function showReview(subs) {
    const box = $('review');
    if (!box || !latest || !subs) return;
    try {
      const lists = await Promise.all(subs.map(function (s) {
        return api('GET', '/v1/submissions/' + s.id + '/reviews');
      }));
      comments = [];
      const reviewed = subs.map(function (s, i) { return { s: s, n: i + 1, list: lists[i] }; })
        .filter(function (x) { return x.list.data.length > 0; })
        .reverse();
      if (!reviewed.length) { box.hidden = true; showMarks(); return; }
      box.textContent = '';
      box.hidden = false;
      box.appendChild(el('h2', null, 'Your coach\'s review'));
      reviewed.forEach(function (x) {
        const isLatest = x.s.id === latest;
        const group = el('section', 'review-group');
        group.appendChild(el('h3', null, 'Submission ' + x.n + (isLatest ? ' (your latest)' : '') +
          ': effective score ' + Math.round(x.list.effective.score)));
        x.list.effective.dimensions.filter(function (d) { return d.overridden; }).forEach(function (d) {
          group.appendChild(el('p', 'override', d.id + ': ' + Math.round(d.effective) + ' (grader: ' + (d.auto === null ? '–' : Math.round(d.auto)) + ')'));
        });
        x.list.data.forEach(function (r) {
          const art = el('article', 'review-entry');
          // The coach's Markdown, rendered and sanitised by the server.
          const comment = el('div', 'comment prose');
          comment.innerHTML = r.comment_html;
          art.appendChild(comment);
          r.line_comments.forEach(function (l) {
            if (isLatest) comments.push({ line: l.line, text: 'Coach: ' + l.comment, document: l.document });
            const b = el('button', 'line-comment-link');
            b.type = 'button';
            b.appendChild(el('span', 'where', whereText(docOf(l), l.line)));
            b.appendChild(document.createTextNode(' ' + l.comment));
            if (isLatest) {
              b.addEventListener('click', function () { goToLine(l.line, l.document); });
            } else {
              b.addEventListener('click', function () { showSubmission(x.s.id, x.n); });
            }
            art.appendChild(b);
          });
          r.overrides.forEach(function (o) {
            art.appendChild(el('p', 'meta', 'Override ' + o.dimension + ': ' + o.score + ' — ' + o.reason));
          });
          group.appendChild(art);
        });
        box.appendChild(group);
      });
      showMarks();
    } catch (e) { /* reviews are optional */ }
  }

  // The history: each submission, with a way to read its report again.
  async function showHistory(subs) {
    const box = $('history');
    if (!box || !latest || !subs) return;
    try {
      box.textContent = '';
      box.hidden = false;
      box.appendChild(el('h2', null, 'Your submissions'));
      const list = el('ol', 'history');
      subs.forEach(function (s, i) {
        const li = el('li');
        const b = el('button', 'history-entry');
        b.type = 'button';
        let text = 'Submission ' + (i + 1) + ' · ' + Math.round(s.score) + (s.level ? ' · ' + s.level : '');
        if (s.late) text += ' · late';
        if (s.after_model_answer) text += ' · after the model answer';
        b.textContent = text;
        b.addEventListener('click', function () { showSubmission(s.id, i + 1); });
        li.appendChild(b);
        list.appendChild(li);
      });
      box.appendChild(list);
    } catch (e) { box.hidden = true; }
  }

  // One earlier (or the latest) submission's report, in the report panel.
  async function showSubmission(id, n) {
    try {
      const s = await api('GET', '/v1/submissions/' + id);
      renderReport(s.report, 'Submission ' + n + (id === latest ? ' (your latest)' : ''), {
        late: s.late,
        afterModel: s.after_model_answer,
        effective: s.effective && s.effective.score,
        dimensions: s.effective && s.effective.dimensions,
      });
      if (id !== latest) report.appendChild(el('p', 'meta', 'Its line numbers are those of the document as it was then.'));
      report.focus();
    } catch (e) { status('Could not load submission ' + n + ': ' + e.message); }
  }

  async function showModel() {
    const box = $('model');
    if (!box || !finished) return;
    try {
      const text = await api('GET', '/v1/attempts/' + attemptId + '/model-answer', undefined, { 'Accept': 'application/yaml' });
      const events = takesEvents
        ? await api('GET', '/v1/attempts/' + attemptId + '/model-answer/events', undefined, { 'Accept': 'application/yaml' }).catch(function () { return null; })
        : null;
      box.textContent = '';
      box.hidden = false;
      const det = el('details');
      det.appendChild(el('summary', null, events ? 'Model answer: the API (OpenAPI)' : 'Model answer'));
      det.appendChild(el('pre', 'model-answer', text));
      box.appendChild(det);
      if (events) {
        const ev = el('details');
        ev.appendChild(el('summary', null, 'Model answer: the events (AsyncAPI)'));
        ev.appendChild(el('pre', 'model-answer model-answer-events', events));
        box.appendChild(ev);
      }
    } catch (e) { box.hidden = true; }
  }

  async function afterSubmission() {
    // The attempt's submissions are read once, for the reviews and the history alike.
    const subs = latest ? await submissionsOfAttempt().catch(function () { return null; }) : null;
    await Promise.all([showDiff(), showReview(subs), showHistory(subs), showModel(), showFollowUps()]);
  }

  // After a case study, the interviewer's follow-up questions (the bank's, on its probes, the
  // missed ones first); they are due in the drills too.
  async function showFollowUps() {
    const box = $('follow-ups');
    if (!box || !latest || kind !== 'case-study') return;
    try {
      const f = await api('GET', '/v1/submissions/' + latest + '/follow-ups');
      box.textContent = '';
      if (!f.questions.length) { box.hidden = true; return; }
      box.appendChild(el('h2', null, 'The interviewer follows up'));
      box.appendChild(el('p', 'meta', 'Questions an interviewer would ask next about this design. Answer them out loud, then in your drills, where they are due now.'));
      const list = el('ol', 'follow-ups');
      f.questions.forEach(function (q) { list.appendChild(withCode('li', null, q.question)); });
      box.appendChild(list);
      const go = el('a', 'button primary', 'Drill them now');
      go.href = '/drills';
      box.appendChild(go);
      box.hidden = false;
    } catch (e) { box.hidden = true; }
  }

  // Ending the attempt opens the model answer; the page said what that means before the click.
  async function endAttempt() {
    if (!window.confirm('End the attempt now? The model answer opens, and what you submit after reading it does not count as your own result.')) return;
    try {
      await api('PATCH', '/v1/attempts/' + attemptId, JSON.stringify({ ended: true }), { 'Content-Type': 'application/json' });
      ended = true;
      showEnded();
      await becameFinished('You ended this attempt: the model answer is below. What you submit from now on is marked as made after reading it, and does not count as your own result.');
    } catch (e) { status('Could not end the attempt: ' + e.message); }
  }

  async function becameFinished(text) {
    finished = true;
    const button = $('end-attempt');
    if (button) button.remove();
    const note = $('finish-note');
    if (note) note.textContent = text;
    await showModel();
  }

  async function loadLatest() {
    if (!latest) { await showModel(); return; }
    try {
      const s = await api('GET', '/v1/submissions/' + latest);
      renderReport(s.report, 'Your latest submission', {
        late: s.late,
        afterModel: s.after_model_answer,
        effective: s.effective && s.effective.score,
        dimensions: s.effective && s.effective.dimensions,
      });
    } catch (e) { /* nothing to show */ }
    await afterSubmission();
  }

  // ---- Checklists ---------------------------------------------------------------------------
  function checklistAnswers(form) {
    const answers = {};
    form.querySelectorAll('fieldset.item').forEach(function (fs) {
      const id = fs.dataset.item;
      const type = fs.dataset.type;
      if (type === 'single') {
        const c = fs.querySelector('input:checked');
        if (c) answers[id] = c.value;
      } else if (type === 'multi') {
        answers[id] = Array.prototype.map.call(fs.querySelectorAll('input:checked'), function (c) { return c.value; });
      } else {
        const picks = Array.prototype.map.call(fs.querySelectorAll('select'), function (s) { return s.value; });
        if (picks.every(function (p) { return p !== ''; })) answers[id] = picks;
      }
    });
    return { answers: answers };
  }

  function renderChecklist(form, r, late) {
    r.items.forEach(function (it) {
      const fs = form.querySelector('fieldset[data-item="' + CSS.escape(it.id) + '"]');
      if (!fs) return;
      const out = fs.querySelector('.item-result');
      out.textContent = '';
      const blank = it.answered === null || it.answered === undefined;
      const verdict = it.correct ? 'Correct'
        : blank ? 'Not answered'
          : (it.credit > 0 ? 'Partly right (' + Math.round(it.credit * 100) + '%)' : 'Not right');
      out.appendChild(el('p', it.correct ? 'verdict ok' : 'verdict bad', verdict));
      // The right options, by their words, where the answer was not right.
      if (!it.correct && it.expected !== undefined && it.expected !== null) {
        const ids = Array.isArray(it.expected) ? it.expected : [it.expected];
        const words = ids.map(function (id) {
          const opt = fs.querySelector('input[value="' + CSS.escape(id) + '"]');
          if (opt && opt.parentElement) return opt.parentElement.textContent.trim();
          const o = fs.querySelector('select option[value="' + CSS.escape(id) + '"]');
          return o ? o.textContent.trim() : id;
        });
        const label = fs.dataset.type === 'order' ? 'The right order: ' : (ids.length > 1 ? 'The right answers: ' : 'The right answer: ');
        out.appendChild(el('p', 'expected', label + words.join(fs.dataset.type === 'order' ? ' → ' : '; ')));
      }
      if (it.explanation) out.appendChild(el('p', 'explanation', it.explanation));
    });
    report.textContent = '';
    report.hidden = false;
    report.appendChild(el('h2', null, 'Result'));
    const p = el('p', 'score');
    p.appendChild(el('span', 'big', Math.round(r.score)));
    p.appendChild(document.createTextNode(' / 100'));
    report.appendChild(p);
    if (late) report.appendChild(el('p', 'tag late-tag', 'late'));
  }

  // Puts the answers of a graded submission back into the form.
  function restoreAnswers(form, r) {
    const answers = {};
    r.items.forEach(function (it) {
      if (it.answered !== null && it.answered !== undefined) answers[it.id] = it.answered;
    });
    putAnswers(form, answers);
  }

  // Puts answers ({item: choice or [choices]}) back into the form.
  function putAnswers(form, answers) {
    Object.keys(answers || {}).forEach(function (id) {
      const fs = form.querySelector('fieldset[data-item="' + CSS.escape(id) + '"]');
      if (!fs) return;
      const picked = Array.isArray(answers[id]) ? answers[id] : [answers[id]];
      if (fs.dataset.type === 'order') {
        fs.querySelectorAll('select').forEach(function (sel, i) { sel.value = picked[i] || ''; });
      } else {
        fs.querySelectorAll('input').forEach(function (inp) { inp.checked = picked.indexOf(inp.value) >= 0; });
      }
    });
  }

  if (kind === 'checklist') {
    const form = $('checklist');
    // Answers are a draft like a document: saved as they are given, back after a reload.
    let savedAnswers = '';
    let answerTimer = null;
    async function saveAnswers() {
      answerTimer = null;
      const text = JSON.stringify(checklistAnswers(form));
      if (text === savedAnswers) return;
      try {
        await api('PUT', '/v1/attempts/' + attemptId + '/draft', JSON.stringify({ content: text }), { 'Content-Type': 'application/json' });
        savedAnswers = text;
        status('Answers saved at ' + new Date().toLocaleTimeString());
      } catch (e) {
        status('Answers not saved (' + e.message + '); retrying…');
        answerTimer = setTimeout(saveAnswers, 5000);
      }
    }
    form.addEventListener('change', function () {
      if (answerTimer) clearTimeout(answerTimer);
      answerTimer = setTimeout(saveAnswers, 800);
    });
    (async function () {
      let submittedAt = null;
      if (latest) {
        try {
          const s = await api('GET', '/v1/submissions/' + latest);
          restoreAnswers(form, s.report);
          renderChecklist(form, s.report, s.late);
          submittedAt = new Date(s.submitted_at);
        } catch (e) { /* nothing to show */ }
      }
      // Answers given since the latest submission, saved as the draft, come back over it.
      try {
        const d = await api('GET', '/v1/attempts/' + attemptId + '/draft');
        if (!submittedAt || new Date(d.updated_at) > submittedAt) {
          putAnswers(form, JSON.parse(d.content).answers);
        }
        savedAnswers = d.content;
      } catch (e) { /* no draft yet */ }
    })();
    form.addEventListener('submit', async function (e) {
      e.preventDefault();
      // An ordering uses each option once: say which one was placed twice, in words.
      let twice = '';
      form.querySelectorAll('fieldset[data-type="order"]').forEach(function (fs) {
        const seen = {};
        fs.querySelectorAll('select').forEach(function (sel) {
          if (!sel.value) return;
          if (seen[sel.value] && !twice) twice = sel.options[sel.selectedIndex].textContent.trim();
          seen[sel.value] = true;
        });
      });
      if (twice) { status('Each option goes in one position only: "' + twice + '" is placed twice.'); return; }
      status('Submitting…');
      try {
        const s = await api('POST', '/v1/attempts/' + attemptId + '/submissions', JSON.stringify(checklistAnswers(form)),
          { 'Content-Type': 'application/json', 'Idempotency-Key': newKey() });
        renderChecklist(form, s.report, s.late);
        status('Submitted.');
      } catch (err) { status('Submission failed: ' + err.message); }
    });
    return;
  }

  editor.onChange(scheduleSave);
  if (eventsEditor) eventsEditor.onChange(scheduleSave);
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') saveDraft(); });
  // Work not yet on the server: the browser asks before the page is left.
  window.addEventListener('beforeunload', function (e) {
    if (draftBody() !== savedText) { saveDraft(); e.preventDefault(); e.returnValue = ''; }
  });
  $('check').addEventListener('click', check);
  $('submit').addEventListener('click', submitDocument);
  if ($('end-attempt')) $('end-attempt').addEventListener('click', endAttempt);
  loadLatest();
})();
