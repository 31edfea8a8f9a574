// Forms that act through the JSON API: <form data-api="METHOD /v1/..." data-then="...">.
// The session cookie signs the request in; the page's CSRF token goes in X-CSRF-Token.
'use strict';
(function () {
  const meta = document.querySelector('meta[name="csrf-token"]');
  const csrf = meta ? meta.content : '';

  // A field as a person names it: "/overrides/0/reason" -> "overrides › 1 › reason".
  function fieldName(pointer) {
    return (pointer || '').split('/').filter(Boolean).map(function (p) {
      return /^\d+$/.test(p) ? String(Number(p) + 1) : p.replace(/_/g, ' ');
    }).join(' › ');
  }

  // What went wrong, once: each field's problem in words when there are some (the detail only
  // repeats them), the detail otherwise; never a JSON pointer.
  function problemText(body) {
    if (!body) return 'Something went wrong.';
    if (Array.isArray(body.errors) && body.errors.length) {
      return body.errors.map(function (e) {
        const name = fieldName(e.pointer);
        return name ? name + ': ' + e.detail : e.detail;
      }).join('; ');
    }
    return body.detail || body.title || 'Something went wrong.';
  }

  // The body of the review form: comment, line comments, overrides with their reasons.
  function buildReview(form) {
    const body = { comment: form.querySelector('[name="comment"]').value, line_comments: [], overrides: [] };
    form.querySelectorAll('.line-comment').forEach(function (row) {
      const line = row.querySelector('[name="lc_line"]').value;
      const comment = row.querySelector('[name="lc_comment"]').value;
      const doc = row.querySelector('[name="lc_document"]');
      const entry = { line: Number(line), comment: comment };
      if (doc) entry.document = doc.value;
      if (line !== '' || comment.trim() !== '') body.line_comments.push(entry);
    });
    form.querySelectorAll('.override[data-dimension]').forEach(function (row) {
      const score = row.querySelector('[name="ov_score"]').value;
      const reason = row.querySelector('[name="ov_reason"]').value;
      if (score !== '') body.overrides.push({ dimension: row.dataset.dimension, score: Number(score), reason: reason });
    });
    return body;
  }

  function buildPlain(form) {
    const body = {};
    form.querySelectorAll('input[name], textarea[name], select[name]').forEach(function (el) {
      if (el.value === '') return;
      body[el.name] = el.type === 'number' ? Number(el.value) : el.value;
    });
    return body;
  }

  function showInvite(form, data) {
    const invite = data.invite || data;
    const out = form.parentElement.querySelector('.invite-output') || form.nextElementSibling;
    const link = location.origin + '/join?code=' + encodeURIComponent(invite.code);
    out.textContent = '';
    const p = document.createElement('p');
    p.textContent = 'Invite code: ';
    const code = document.createElement('code');
    code.className = 'invite-code';
    code.textContent = invite.code;
    p.appendChild(code);
    const p2 = document.createElement('p');
    p2.textContent = 'Join link: ';
    const a = document.createElement('a');
    a.href = link;
    a.className = 'join-link';
    a.textContent = link;
    p2.appendChild(a);
    out.appendChild(p);
    out.appendChild(p2);
    if (data.id && data.invite) {
      const p3 = document.createElement('p');
      const open = document.createElement('a');
      open.href = '/cohorts/' + data.id;
      open.textContent = 'Open the cohort';
      p3.appendChild(open);
      out.appendChild(p3);
    }
  }

  document.querySelectorAll('form[data-api]').forEach(function (form) {
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      const parts = form.dataset.api.split(' ');
      const method = parts[0];
      const url = parts[1];
      const error = form.querySelector('.form-error');
      if (error) error.textContent = '';
      let body;
      try {
        body = form.dataset.build === 'review' ? buildReview(form) : buildPlain(form);
      } catch (e) {
        if (error) error.textContent = 'This form could not be read: ' + e.message;
        return;
      }
      const button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      try {
        const res = await fetch(url, {
          method: method,
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': csrf },
          body: method === 'DELETE' ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        const data = text ? JSON.parse(text) : null;
        if (!res.ok) {
          if (error) error.textContent = problemText(data);
          return;
        }
        const then = form.dataset.then || 'reload';
        if (then === 'reload') location.reload();
        else if (then.startsWith('goto:')) location.href = then.slice(5);
        else if (then === 'invite') showInvite(form, data);
        else if (then === 'cohort') {
          let out = document.querySelector('.invite-output');
          if (!out) {
            out = document.createElement('div');
            out.className = 'invite-output';
            out.setAttribute('aria-live', 'polite');
            form.after(out);
          }
          showInvite(form, data);
        }
      } catch (e) {
        if (error) error.textContent = 'The server could not be reached: ' + e.message;
      } finally {
        if (button) button.disabled = false;
      }
    });
  });

  const add = document.getElementById('add-line-comment');
  if (add) {
    add.addEventListener('click', function () {
      const rows = add.parentElement.querySelectorAll('.line-comment');
      const copy = rows[rows.length - 1].cloneNode(true);
      copy.querySelectorAll('input').forEach(function (i) { i.value = ''; });
      copy.querySelectorAll('select').forEach(function (s) { s.selectedIndex = 0; });
      add.before(copy);
      copy.querySelector('input').focus();
    });
  }

  // Clicking a line of the reviewed document prepares a line comment for it.
  document.querySelectorAll('ol.doc > li').forEach(function (li) {
    li.addEventListener('click', function () {
      const rows = document.querySelectorAll('.line-comment');
      if (!rows.length) return;
      let row = Array.prototype.find.call(rows, function (r) { return r.querySelector('[name="lc_line"]').value === ''; });
      if (!row) { add.click(); row = document.querySelectorAll('.line-comment')[rows.length]; }
      row.querySelector('[name="lc_line"]').value = li.dataset.line;
      const doc = row.querySelector('[name="lc_document"]');
      if (doc) doc.value = li.parentElement.dataset.document || 'api';
      row.querySelector('[name="lc_comment"]').focus();
    });
  });
})();
