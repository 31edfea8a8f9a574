// The drill page: today's queue from GET /v1/drills/due, one question at a time. A flashcard is
// revealed (Space, POST /v1/drills/reveals) and rated (1-4); a question with options is answered
// (letters pick, Space checks, POST /v1/drills/reviews grades it) and Space moves on. Everything
// the server sends is put in the page as text, never as markup.
'use strict';
(function () {
  const root = document.getElementById('drill');
  if (!root) return;
  const meta = document.querySelector('meta[name="csrf-token"]');
  const csrf = meta ? meta.content : '';
  const $ = function (id) { return document.getElementById(id); };
  const RATINGS = ['again', 'hard', 'good', 'easy'];
  const LETTERS = 'abcdefgh';

  let queue = [];
  let at = 0;
  let phase = 'idle'; // ask | revealed | checked | busy | done
  let picked = [];

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // Text with `inline code` as code elements, the rest as text.
  function appendWithCode(node, text) {
    String(text).split('`').forEach(function (part, i) {
      if (!part) return;
      node.appendChild(i % 2 ? el('code', null, part) : document.createTextNode(part));
    });
    return node;
  }

  // Markdown-ish prose: paragraphs split on blank lines, inline code kept, nothing else read.
  function prose(node, text) {
    node.textContent = '';
    String(text || '').trim().split(/\n\s*\n/).forEach(function (para) {
      node.appendChild(appendWithCode(el('p'), para.replace(/\s*\n\s*/g, ' ')));
    });
  }

  async function api(method, url, body) {
    const h = { 'Accept': 'application/json', 'X-CSRF-Token': csrf };
    if (body !== undefined) h['Content-Type'] = 'application/json';
    const res = await fetch(url, { method: method, credentials: 'same-origin', headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const data = await res.json().catch(function () { return null; });
    if (!res.ok) throw new Error((data && data.detail) || res.statusText);
    return data;
  }

  function status(text) { $('status').textContent = text || ''; }

  function show(id, on) { $(id).hidden = !on; }

  function current() { return queue[at] && queue[at].question; }

  function render() {
    const q = current();
    if (!q) {
      root.hidden = true;
      $('drill-done').hidden = false;
      phase = 'done';
      return;
    }
    root.hidden = false;
    root.dataset.questionId = q.id;
    root.dataset.kind = q.kind;
    picked = [];
    const item = queue[at];
    const why = item.reason === 'nudged' ? 'brought due by your graded work'
      : item.reason === 'review' ? 'due for review' : 'new';
    $('q-where').textContent = q.part_title + ' · ' + q.topic + ' · ' + q.difficulty + ' · ' + why;
    $('q-count').textContent = (at + 1) + ' of ' + queue.length;
    appendWithCode(clear($('q-text')), q.question);
    const list = clear($('q-options'));
    q.options.forEach(function (o, i) {
      const li = el('li', 'option');
      const b = el('button', 'choice');
      b.type = 'button';
      b.dataset.option = o.id;
      b.appendChild(el('kbd', null, LETTERS[i] || o.id));
      appendWithCode(b, ' ' + o.text);
      b.addEventListener('click', function () { pick(o.id); });
      li.appendChild(b);
      list.appendChild(li);
    });
    list.hidden = q.options.length === 0;
    const hints = {
      flashcard: 'Answer out loud, then show the answer and rate how well you knew it.',
      single: 'One option is right.',
      multi: 'Choose every option that applies.',
      order: 'Pick the options in order, first to last.',
    };
    $('q-hint').textContent = hints[q.kind] || '';
    show('q-result', false);
    show('reveal', q.kind === 'flashcard');
    show('check', q.kind !== 'flashcard');
    $('check').disabled = true;
    show('rate', false);
    show('next', false);
    status('');
    phase = 'ask';
    $('q-text').focus();
  }

  function clear(node) { node.textContent = ''; return node; }

  function pick(id) {
    const q = current();
    if (phase !== 'ask' || !q || q.kind === 'flashcard') return;
    if (q.kind === 'single') {
      picked = [id];
    } else if (q.kind === 'multi') {
      picked = picked.includes(id) ? picked.filter(function (p) { return p !== id; }) : picked.concat([id]);
    } else if (!picked.includes(id)) {
      picked = picked.concat([id]);
    }
    markPicked();
  }

  function markPicked() {
    const q = current();
    document.querySelectorAll('#q-options .choice').forEach(function (b) {
      const i = picked.indexOf(b.dataset.option);
      b.classList.toggle('picked', i >= 0);
      b.setAttribute('aria-pressed', i >= 0 ? 'true' : 'false');
      if (q.kind === 'order') b.dataset.position = i >= 0 ? String(i + 1) : '';
    });
    $('check').disabled = picked.length === 0;
  }

  function showAnswer(result) {
    const q = current();
    show('q-result', true);
    const answer = clear($('q-answer'));
    if (q.kind === 'flashcard') {
      answer.appendChild(el('h3', null, 'Model answer'));
      const body = el('div');
      prose(body, result.model_answer);
      answer.appendChild(body);
    } else {
      document.querySelectorAll('#q-options .choice').forEach(function (b) {
        const right = result.right_answer.includes(b.dataset.option);
        b.classList.toggle('right', right);
        b.classList.toggle('wrong', !right && picked.includes(b.dataset.option));
        b.disabled = true;
      });
      if (q.kind === 'order') {
        answer.appendChild(el('h3', null, 'The right order'));
        const ol = el('ol');
        result.right_answer.forEach(function (id) {
          const o = q.options.find(function (x) { return x.id === id; });
          ol.appendChild(appendWithCode(el('li'), o ? o.text : id));
        });
        answer.appendChild(ol);
      }
    }
    answer.hidden = !answer.childNodes.length;
    const expl = clear($('q-explanation'));
    expl.appendChild(el('h3', null, 'Why'));
    const body = el('div');
    prose(body, result.explanation);
    expl.appendChild(body);
  }

  function when(review) {
    const days = review.interval_days;
    return 'Back in ' + days + (days === 1 ? ' day' : ' days') + '.';
  }

  async function reveal() {
    const q = current();
    phase = 'busy';
    status('…');
    try {
      const r = await api('POST', '/v1/drills/reveals', { question_id: q.id });
      showAnswer(r);
      show('reveal', false);
      show('rate', true);
      status('');
      phase = 'revealed';
      document.querySelector('#rate button[data-rating="good"]').focus();
    } catch (e) {
      status(e.message);
      phase = 'ask';
    }
  }

  async function rate(rating) {
    const q = current();
    phase = 'busy';
    try {
      const r = await api('POST', '/v1/drills/reviews', { question_id: q.id, rating: rating });
      at += 1;
      render();
      status('Rated ' + rating + '. ' + when(r));
    } catch (e) {
      status(e.message);
      phase = 'revealed';
    }
  }

  async function check() {
    const q = current();
    if (!picked.length) return;
    phase = 'busy';
    status('…');
    try {
      const answer = q.kind === 'single' ? picked[0] : picked;
      const r = await api('POST', '/v1/drills/reviews', { question_id: q.id, answer: answer });
      showAnswer(r);
      $('q-verdict').textContent = r.correct ? 'Right.' : (r.rating === 'hard' ? 'Partly right.' : 'Not quite.');
      $('q-verdict').className = 'verdict ' + (r.correct ? 'right' : 'wrong');
      $('q-next').textContent = when(r);
      show('check', false);
      show('next', true);
      status('');
      phase = 'checked';
      $('next').focus();
    } catch (e) {
      status(e.message);
      phase = 'ask';
    }
  }

  function next() {
    at += 1;
    render();
  }

  $('reveal').addEventListener('click', function () { if (phase === 'ask') reveal(); });
  $('check').addEventListener('click', function () { if (phase === 'ask') check(); });
  $('next').addEventListener('click', function () { if (phase === 'checked') next(); });
  document.querySelectorAll('#rate button').forEach(function (b) {
    b.addEventListener('click', function () { if (phase === 'revealed') rate(b.dataset.rating); });
  });

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
    const q = current();
    if (!q) return;
    const key = e.key;
    if (key === ' ' || key === 'Enter') {
      // Space and Enter drive the page; on a focused button they would click it as well.
      e.preventDefault();
      if (phase === 'ask') { q.kind === 'flashcard' ? reveal() : check(); } else if (phase === 'checked') { next(); }
      return;
    }
    if (phase === 'revealed' && /^[1-4]$/.test(key)) {
      e.preventDefault();
      rate(RATINGS[Number(key) - 1]);
      return;
    }
    if (phase === 'ask' && q.kind !== 'flashcard') {
      const i = LETTERS.indexOf(key.toLowerCase());
      if (i >= 0 && i < q.options.length) {
        e.preventDefault();
        pick(q.options[i].id);
      } else if (key === 'Backspace' && q.kind === 'order' && picked.length) {
        e.preventDefault();
        picked = picked.slice(0, -1);
        markPicked();
      }
    }
  });

  $('q-text').tabIndex = -1;
  (async function start() {
    try {
      const due = await api('GET', '/v1/drills/due');
      queue = due.data;
      render();
    } catch (e) {
      root.hidden = false;
      status(e.message);
    }
  })();
})();
