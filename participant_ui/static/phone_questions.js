/* Palabre phone: a questionnaire step (the day's evaluation, a round of questions): its
   questions, my answers, send. Loaded by phone.js (Live.load('questions')) when the room enters
   a step with questions, so the first load does not carry it. phone.js keeps my answers (they
   come with the snapshot and with agenda:step) and redraws through draw() whenever the room
   changes; the words are the page's own (ph.q_*). */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk, S = Live.strings();
  var MAX = +d.body.getAttribute('data-max') || 500, LANG = d.body.getAttribute('data-lang');
  var A = null, key = null, where = null, f = $('questionnaire');

  function show(el, on) { el.hidden = !on; }
  function error(id, msg) {
    var el = $(id);
    el.textContent = msg || '';
    show(el, !!msg);
  }
  function choice(text, v) {
    var b = mk('button', null, text);
    b.type = 'button';
    b.setAttribute('data-v', v);
    return b;
  }

  // The step's questions, built again only when they change (another step, the language, or
  // the facilitator's edit while the step runs: what was typed or tapped and not yet sent stays
  // on the questions still asked); then my stored answers into the questions not touched yet.
  function draw() {
    var s = A.step(), qs = s && s.questions || [];
    show(f, !!qs.length);
    var at = qs.length ? A.room().activity.id + '/' + s.step_id + '/' + LANG : null;
    var k = at && at + JSON.stringify(qs);
    if (k !== key) {
      var was = at && at === where ? typed() : {};
      key = k;
      where = at;
      f.textContent = '';
      qs.forEach(build);
      retype(was);
      f.appendChild(mk('p', 'error', '')).id = 'q-error';
      f.appendChild(mk('p', 'note ok', S['ph.q_done'])).id = 'q-done';
      f.appendChild(mk('button', 'btn primary', S['ph.q_send'])).type = 'submit';
      show($('q-error'), false);
      show($('q-done'), false);
    }
    fill();
  }

  function build(q) {
    var fs = mk('fieldset', 'q'), i, n;
    fs.setAttribute('data-q', q.id);
    fs.appendChild(mk('legend', null, q.label));
    if (q.type === 'open') {
      var ta = mk('textarea');
      ta.rows = 3;
      ta.maxLength = MAX;
      ta.name = q.id;
      ta.setAttribute('aria-label', q.label);
      fs.appendChild(ta);
    } else {
      var row = mk('div', q.type === 'rating' ? 'scale' : 'choices');
      n = q.type === 'rating' ? q.scale : q.options.length;
      for (i = 0; i < n; i++) {
        row.appendChild(q.type === 'rating' ? choice(String(i + 1), i + 1) : choice(q.options[i], i));
      }
      fs.appendChild(row);
    }
    f.appendChild(fs);
  }

  // What the person has typed or tapped, by question: {id: [type, value]}.
  function typed() {
    var out = {}, fs = f.querySelectorAll('fieldset[data-q]'), i;
    for (i = 0; i < fs.length; i++) {
      var t = fs[i].querySelector('textarea'), on = fs[i].querySelector('[aria-pressed=true]');
      if (t && t.value) out[fs[i].getAttribute('data-q')] = ['t', t.value];
      else if (on) out[fs[i].getAttribute('data-q')] = ['b', on.getAttribute('data-v')];
    }
    return out;
  }
  function retype(was) {
    var fs = f.querySelectorAll('fieldset[data-q]'), i;
    for (i = 0; i < fs.length; i++) {
      var v = was[fs[i].getAttribute('data-q')], t = fs[i].querySelector('textarea'), b;
      if (v && t && v[0] === 't') t.value = v[1];
      else if (v && !t && v[0] === 'b' && (b = fs[i].querySelector('[data-v="' + v[1] + '"]'))) {
        b.setAttribute('aria-pressed', 'true');
      }
    }
  }

  // Stored answers into untouched questions (a resync must not undo a tap).
  function fill() {
    var fs = f.querySelectorAll('fieldset[data-q]'), answers = A.answers(), i;
    for (i = 0; i < fs.length; i++) {
      var v = answers[fs[i].getAttribute('data-q')], t = fs[i].querySelector('textarea');
      if (v == null) continue;
      if (t) { if (!t.value) t.value = v; }
      else if (!fs[i].querySelector('[aria-pressed=true]')) {
        var b = fs[i].querySelector('[data-v="' + (+v) + '"]');
        if (b) b.setAttribute('aria-pressed', 'true');
      }
    }
  }

  f.onclick = function (e) {
    var b = Live.up(e.target, 'button[data-v]');
    if (!b) return;
    var bs = b.parentNode.children, i;
    for (i = 0; i < bs.length; i++) bs[i].setAttribute('aria-pressed', bs[i] === b ? 'true' : 'false');
    show($('q-done'), false);
  };

  f.onsubmit = function (e) {
    e.preventDefault();
    var out = {}, any = false, fs = f.querySelectorAll('fieldset[data-q]'), answers = A.answers(), i;
    for (i = 0; i < fs.length; i++) {
      var id = fs[i].getAttribute('data-q'), t = fs[i].querySelector('textarea');
      var on = fs[i].querySelector('[aria-pressed=true]');
      if (t) {
        var v = t.value.trim();
        if (v || answers[id]) out[id] = v;
        any = any || !!v;
      } else if (on) { out[id] = +on.getAttribute('data-v'); any = true; }
    }
    if (!any) { error('q-error', S['ph.q_empty']); return; }
    error('q-error', '');
    var send = f.querySelector('[type=submit]');
    send.disabled = true;
    Live.ask(A.sock(), 'answer:submit', {answers: out}, function (a) {
      send.disabled = false;
      if (a.ok) A.answers(a.answers || out);
      error('q-error', a.ok ? '' : a.error.message || S['conn.lost']);
      show($('q-done'), a.ok);
    });
  };

  Live.features.questions = {
    start: function (api) { if (!A) { A = api; draw(); } },  // phone.js may ask twice while it loads
    snapshot: function () { if (A) draw(); },
    update: function () {},  // phone.js calls draw() once the room has changed
    draw: function () { if (A) draw(); }
  };
})(window, document);
