/* Palabre phone, the idea fair (loaded on demand by phone.js): my visiting group and where to
   go, the stands, questions, comments, ratings, adoption requests, dots, the jury's sheet, and
   for a presenter the stand's own view (kiosk.js). Protocol: docs/protocol.md §11.
   Feedback waits in a localStorage outbox until the server acknowledges it (idempotent by
   client_id), like every post of phone.js. User text is set with textContent only. */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk, fmt = Live.fmt;
  var b = d.body, CODE = b.getAttribute('data-code'), LANG = b.getAttribute('data-lang');
  var K = 'palabre:' + CODE + ':fair:', RETRY = {timeout: 3, rate_limited: 3, server_error: 10};
  var S = null, env = null, fair = null, me = {}, byId = {}, open = null, visited = null, qr = 0;
  var sent = [], box = load('box'), busy = false, alertMsg = '', rungFor = null, kv = null;
  var root = mk('section', 'fair'), stopClock = null;
  root.id = 'fair';
  root.hidden = true;

  function load(k) { try { return JSON.parse(localStorage.getItem(K + k)) || []; } catch (e) { return []; } }
  function keep(k, v) { try { localStorage.setItem(K + k, JSON.stringify(v)); } catch (e) {} }
  function P(key, n, params) { return Live.plural(S, key, n, LANG, params); }
  function el(tag, cls, text, parent) {
    var x = mk(tag, cls, text);
    if (parent) parent.appendChild(x);
    return x;
  }
  function button(cls, text, parent, attrs) {
    var x = el('button', cls, text, parent);
    x.type = 'button';
    for (var k in attrs || {}) x.setAttribute(k, attrs[k]);
    return x;
  }
  function uuid() {
    var c = w.crypto, r = new Uint8Array(16), h = '';
    if (c && c.randomUUID) return c.randomUUID();
    if (c && c.getRandomValues) c.getRandomValues(r);
    else for (var i = 0; i < 16; i++) r[i] = Math.random() * 256 | 0;
    for (i = 0; i < 16; i++) h += (r[i] + 256).toString(16).slice(1);
    return h;
  }
  function ask(name, data, cb) {
    if (!env || !env.sock) return;
    Live.ask(env.sock, name, data, function (a) { if (!a.ok && !a.error) a.error = {}; cb(a); });
  }
  function kioskName(id) { var k = byId[id]; return k ? k.title : '—'; }

  // --- words: fetched once, the phone's first load cannot carry them

  function words(cb) {
    if (S) return cb();
    var x = new XMLHttpRequest();
    x.open('GET', JSON.parse($('scripts').textContent)['fair.text']);
    x.onloadend = function () {
      try { S = JSON.parse(x.responseText); } catch (e) { S = null; }
      if (S) cb(); else setTimeout(function () { words(cb); }, 3000);
    };
    x.send();
  }

  // --- where my group is

  function myGroup() {
    var gs = fair && fair.groups || [];
    if (me.group != null) return me.group;
    for (var i = 0; i < gs.length; i++) if (gs[i].members.indexOf(me.participant_id) >= 0) return gs[i].index;
    return null;
  }
  function myStop() {
    var s = fair && fair.slot, g = myGroup();
    if (!s || !s.groups || g == null) return null;
    for (var i = 0; i < s.groups.length; i++) if (s.groups[i].group === g) return s.groups[i];
    return null;
  }
  function clockState() {
    var s = fair && fair.slot, sc = fair && fair.schedule;
    if (!s) return null;
    return {status: s.status, ends_at: s.ends_at, remaining_s: s.seconds_left,
            paused: s.status === 'paused', slot_index: s.index, started_at: s.activity_id,
            warning_s: sc ? sc.warning_seconds : 0};
  }

  function drawWhere(top) {
    var s = fair && fair.slot, g = myGroup(), stop = myStop();
    if (!s || s.status === 'not_started') return;
    var card = el('div', 'f-where', null, top);
    if (g != null) el('p', 'f-group', fmt(S['fp.my_group'], {group: fmt(S['fair.group'], {n: g + 1})}), card);
    if (s.mode === 'free') el('p', 'f-big', S['fp.free'], card);
    else if (s.status === 'finished') el('p', 'f-big', S['fp.done'], card);
    else if (stop) {
      if (stop.kiosk == null) el('p', 'f-big', S['fp.pause_now'], card);
      else {
        el('p', 'f-lbl', S[s.phase === 'visit' ? 'fp.go_now' : 'fp.at'], card);
        var go = button('f-kiosk', kioskName(stop.kiosk), card, {'data-open': stop.kiosk});
        go.id = 'f-now';
      }
      var nx = stop.next;
      el('p', 'f-next', nx ? S['fp.next'] + ' : ' + (nx.kiosk == null ? S['fair.pause'] : kioskName(nx.kiosk)) :
         S['fp.last'], card).id = 'f-next';
    }
    if (s.status !== 'finished') {
      var t = el('div', 'f-timer', null, card);
      el('span', 'f-lbl', S[s.mode === 'free' ? 'fj.free_left' : 'fp.time_left'], t);
      var cd = el('span', 'f-cd', null, t);
      cd.id = 'f-cd';
      if (stopClock) stopClock();
      stopClock = Countdown.attach(cd, clockState, slotEnded);
    }
    if (alertMsg) { var a = el('p', 'f-alert', alertMsg, card); a.setAttribute('role', 'alert'); }
  }

  // The end of a slot: vibrate (where the phone allows), beep if asked, and say where to go.
  function slotEnded() {
    var stop = myStop(), s = fair.slot;
    if (!s || s.mode === 'free') { env.ring(); return; }
    rungFor = s.index + 1;
    moveAlert(stop && stop.next);
  }
  function moveAlert(to) {
    env.ring();
    alertMsg = S['fp.move'] + (to ? ' ' + fmt(S['fp.move_to'], {kiosk: to.kiosk == null ? S['fair.pause'] : kioskName(to.kiosk)}) : '');
    draw();
  }

  // --- the stands

  function drawList(top) {
    var ks = fair ? fair.kiosks : [], dots = fair && fair.dots, sec = el('section', 'f-list', null, top);
    el('h2', null, S['fp.kiosks'], sec);
    el('p', 'hint', S['fp.kiosks_hint'], sec);
    if (dots && dots.budget) {
      el('p', 'f-dots', P('fp.dots_left', dots.dots_left == null ? dots.budget : dots.dots_left, {budget: dots.budget}), sec).id = 'f-dots-left';
      el('p', 'hint', dots.revealed ? S['fp.dots_revealed'] : S['fp.dots_hint'], sec);
    }
    var ul = el('ul', 'f-kiosks', null, sec);
    ul.id = 'f-kiosks';
    ks.forEach(function (k) {
      var li = el('li', null, null, ul), my = dots && dots.mine && dots.mine[k.id] || 0;
      li.setAttribute('data-kiosk-id', k.id);
      if (k.id === visited) li.className = 'here';
      var t = button('f-open', null, li, {'data-open': k.id});
      el('b', null, k.title, t);
      if (k.organisation) el('span', null, k.organisation, t);
      el('span', 'f-code', k.code, t);
      if (dots && dots.budget) {
        var row = el('div', 'dots', null, li);
        button('dot', '−', row, {'data-dot': k.id, 'data-v': my - 1, 'aria-label': S['fp.dot_remove']}).disabled = !my;
        el('span', 'mydots', (my ? new Array(my + 1).join('●') : '○') +
           (dots.counts ? ' (' + (dots.counts[k.id] || 0) + ')' : ''), row);
        button('dot', '+', row, {'data-dot': k.id, 'data-v': my + 1, 'aria-label': S['fp.dot_add']}).disabled = dots.dots_left === 0;
      }
    });
  }

  function mineAt(id) {
    return box.filter(function (x) { return x.kiosk_id === id; }).map(function (x) { x.st = x.msg ? 'refused' : 'waiting'; return x; })
      .concat(sent.filter(function (x) { return x.kiosk_id === id; }));
  }

  function drawKiosk(top, id) {
    var k = byId[id], sec = el('section', 'f-kiosk-view', null, top);
    sec.setAttribute('data-kiosk-id', id);
    if (fair) button('link f-back', S['fp.back'], sec, {'data-open': ''});
    if (!k) { el('p', 'error', S['fp.kiosk_unknown'], sec); return; }
    el('h2', null, k.title, sec);
    var names = (k.presenters || []).map(function (p) { return p.name; }).filter(Boolean);
    el('p', 'hint', [k.organisation, names.length ? fmt(S['fair.presented_by'], {names: names.join(', ')}) : '',
                     fmt(S['fair.kiosk_code'], {code: k.code})].filter(Boolean).join(' · '), sec);
    if (k.description) el('p', 'txt', k.description, sec);
    if (visited !== id) button('btn secondary', S['fp.here'], sec, {'data-here': id});
    form(sec, id, 'question', S['fp.ask'], S['fp.ask_ph']);
    form(sec, id, 'comment', S['fp.comment'], S['fp.comment_ph']);
    var rated = null;
    mineAt(id).forEach(function (x) { if (x.kind === 'rating' && rated == null) rated = x.value; });
    var fs = el('fieldset', 'q', null, sec);
    el('legend', null, S['fp.rate'], fs);
    var row = el('div', 'scale', null, fs);
    for (var v = 1; v <= 5; v++) button(null, String(v), row, {'data-rate': v, 'aria-pressed': rated === v ? 'true' : 'false'});
    var ad = el('details', 'f-adopt', null, sec);
    el('summary', null, S['fp.adopt'], ad);
    el('p', 'note', S['fp.adopt_hint'], ad);
    form(ad, id, 'adopt', S['fp.contact'], '');
    var mine = mineAt(id).filter(function (x) { return x.kind !== 'rating'; });
    if (mine.length) {
      el('h3', null, S['fp.mine'], sec);
      var ul = el('ul', 'f-mine', null, sec);
      mine.forEach(function (x) {
        var li = el('li', null, null, ul);
        li.setAttribute('data-state', x.st || 'sent');
        el('span', 'kind', S['fp.k_' + x.kind] || x.kind, li);
        el('span', 'st', x.msg || (x.answered ? '✓ ' + S['fp.answered'] : S[x.st === 'waiting' ? 'fp.waiting' : 'fp.sent']), li);
        el('p', 'txt', x.kind === 'adopt' ? x.contact + (x.text ? ' — ' + x.text : '') : x.text, li);
      });
    }
  }

  function form(parent, id, kind, label, ph) {
    var f = el('form', 'f-form', null, parent), tid = 'f-' + kind + '-' + id;
    f.setAttribute('data-kind', kind);
    el('label', null, label, f).htmlFor = tid;
    var ta = el('textarea', null, null, f);
    ta.id = tid;
    ta.rows = kind === 'adopt' ? 2 : 3;
    ta.maxLength = kind === 'adopt' ? 200 : 500;
    ta.placeholder = ph;
    if (kind === 'adopt') {
      var note = el('textarea', 'f-note', null, f);
      note.rows = 2;
      note.maxLength = 500;
      note.setAttribute('aria-label', S['fp.comment']);
      note.placeholder = S['fp.comment_ph'];
    }
    el('p', 'error', '', f).hidden = true;
    el('button', 'btn primary', S['fp.send'], f).type = 'submit';
  }

  // --- jury

  function drawJury(top) {
    var r = fair && fair.rules;
    if (!me.juror || !r || !r.criteria || !r.criteria.length) return;
    var sec = el('section', 'f-jury', null, top), done = 0, total = 0, recused = {};
    sec.id = 'f-jury';
    (r.recusals || []).forEach(function (x) { if (x[0] === me.participant_id) recused[x[1]] = 1; });
    el('h2', null, S['fp.jury'], sec);
    el('p', 'hint', fmt(S['fp.jury_hint'], {low: r.low, high: r.high}), sec);
    var prog = el('p', 'f-prog', '', sec);
    fair.kiosks.forEach(function (k) {
      var det = el('details', 'f-sheet', null, sec), mine = (me.scores || {})[k.id] || {}, n = 0;
      det.setAttribute('data-kiosk-id', k.id);
      var sum = el('summary', null, k.title, det);
      if (recused[k.id]) { det.className += ' out'; el('p', 'hint', S['fp.recused'], det); return; }
      total++;
      r.criteria.forEach(function (c) {
        var fs = el('fieldset', 'q', null, det), row = el('div', 'scale wrap', null, fs);
        el('legend', null, c.label + ' (' + fmt(S['fp.weight'], {w: c.weight}) + ')', fs);
        fs.appendChild(row);
        if (mine[c.id] != null) n++;
        for (var v = r.low; v <= r.high; v++) {
          button(null, String(v), row, {'data-score': k.id, 'data-c': c.id, 'data-v': v,
                                        'aria-pressed': mine[c.id] === v ? 'true' : 'false'});
        }
      });
      var full = n === r.criteria.length;
      if (full) done++;
      el('span', full ? 'st' : 'st todo', S[full ? 'fp.jury_done' : 'fp.jury_todo'], sum);
    });
    prog.textContent = fmt(S['fp.jury_progress'], {done: done, total: total});
  }

  // --- drawing

  var drawing = 0;
  function draw() { if (!drawing) drawing = setTimeout(render, 20); }
  function render() {
    drawing = 0;
    var on = !!(fair || open != null && byId[open]);
    b.classList.toggle('fair-on', on);
    root.hidden = !on;
    if (!on || !S) return;
    var keepOpen = {}, ds = root.querySelectorAll('details[open]'), i, focus = d.activeElement;
    var typing = focus && root.contains(focus) && focus.tagName === 'TEXTAREA' ? focus : null;
    if (typing) { typing.addEventListener('blur', draw); return; }  // never under the fingers
    for (i = 0; i < ds.length; i++) keepOpen[ds[i].getAttribute('data-kiosk-id') || ds[i].className] = 1;
    var f = d.createDocumentFragment();
    drawWhere(f);
    if (open != null) drawKiosk(f, open);
    else if (fair) drawList(f);
    drawJury(f);
    kiosk(f);
    root.textContent = '';
    root.appendChild(f);
    ds = root.querySelectorAll('details');
    for (i = 0; i < ds.length; i++) if (keepOpen[ds[i].getAttribute('data-kiosk-id') || ds[i].className]) ds[i].open = true;
  }

  // A presenter (or note-taker) of a stand also gets the stand's view, from kiosk.js.
  var kvBox = mk('div', 'f-presenter');
  function kiosk(f) {
    var ids = me.presenting || [];
    if (!ids.length || !fair) return;
    f.appendChild(kvBox);
    if (kv) return kv.draw();
    if (w.KioskView) {
      kv = w.KioskView(kvBox, {strings: S, lang: LANG, kioskId: ids[0], sock: env.sock});
      kv.snapshot(fair, (fair.kiosk_feedback || {})[ids[0]] || []);
      return;
    }
    var src = (d.querySelector('script[src*="phone_fair.js"]') || {}).src || '';
    var s = d.createElement('script');
    s.src = '/static/kiosk.js' + (src.indexOf('?') >= 0 ? src.slice(src.indexOf('?')) : '');
    s.onload = draw;
    d.head.appendChild(s);
  }

  // --- sending

  function flush() {
    if (busy || !box.length || !env || !env.sock || !env.sock.connected) return;
    var it = box[0];
    if (it.msg) return;  // refused: stays visible with its reason until the person sends again
    busy = true;
    ask('fair:feedback', {kiosk_id: it.kiosk_id, kind: it.kind, text: it.text, value: it.value,
                          contact: it.contact, client_id: it.client_id}, function (a) {
      busy = false;
      var code = a.ok ? '' : a.error.code || 'timeout';
      if (RETRY[code]) { setTimeout(flush, (a.error.wait || RETRY[code]) * 1000); return; }
      box = load('box').filter(function (x) { return x.client_id !== it.client_id; });
      if (a.ok) { put(a.feedback); alertMsg = ''; }
      else { it.msg = a.error.message || code; box.unshift(it); }
      keep('box', box);
      draw();
      if (a.ok) flush();
    });
  }
  function put(x) {
    sent = sent.filter(function (y) { return y.id !== x.id; });
    sent.unshift(x);
  }
  function queue(it) {
    it.client_id = uuid();
    box = load('box').filter(function (x) { return !x.msg; });
    box.push(it);
    keep('box', box);
    draw();
    flush();
  }

  function visit(data) {
    ask('fair:visit', data, function (a) {
      if (!a.ok) { alertMsg = a.error.message || ''; draw(); return; }
      byId[a.kiosk.id] = a.kiosk;
      visited = open = a.kiosk.id;
      (a.feedback || []).forEach(put);
      draw();
    });
  }

  root.addEventListener('click', function (e) {
    var t = Live.up(e.target, 'button');  // no Element.closest in old WebViews
    if (!t) return;
    var o = t.getAttribute('data-open'), v = +t.getAttribute('data-v');
    if (o != null) { open = o ? +o : null; alertMsg = ''; draw(); w.scrollTo(0, root.offsetTop); }
    else if (t.hasAttribute('data-here')) visit({kiosk_id: +t.getAttribute('data-here')});
    else if (t.hasAttribute('data-rate')) queue({kiosk_id: open, kind: 'rating', value: +t.getAttribute('data-rate')});
    else if (t.hasAttribute('data-dot')) {
      t.disabled = true;
      ask('fair:dot', {activity_id: fair.activity_id, kiosk_id: +t.getAttribute('data-dot'), value: Math.max(0, v)}, function (a) {
        if (a.ok) fair.dots = a.dots; else alertMsg = a.error.message || '';
        draw();
      });
    } else if (t.hasAttribute('data-score')) {
      var kid = +t.getAttribute('data-score'), c = t.getAttribute('data-c');
      var now = ((me.scores || {})[kid] || {})[c];
      t.disabled = true;
      ask('fair:score', {activity_id: fair.activity_id, kiosk_id: kid, criterion: c, value: now === v ? null : v}, function (a) {
        if (a.ok) me.scores = a.scores; else alertMsg = a.error.message || '';
        draw();
      });
    }
  });

  root.addEventListener('submit', function (e) {
    e.preventDefault();
    var f = e.target, kind = f.getAttribute('data-kind'), ta = f.querySelector('textarea');
    var text = ta.value.trim(), err = f.querySelector('.error'), note = f.querySelector('.f-note');
    err.hidden = !!text;
    err.textContent = text ? '' : S['fp.empty'];
    if (!text) return;
    var it = {kiosk_id: open, kind: kind};
    if (kind === 'adopt') { it.contact = text; it.text = note ? note.value.trim() : ''; }
    else it.text = text;
    ta.value = '';
    if (note) note.value = '';
    ta.blur();
    if (kind === 'adopt') alertMsg = S['fp.adopted'];
    queue(it);
  });

  // --- what phone.js hands over: every snapshot and update

  function setFair(x) {
    fair = x || null;
    me = fair && fair.me || {};
    if (fair) byId = {};  // a stand opened by its QR outside the fair stays open
    (fair ? fair.kiosks : []).forEach(function (k) { byId[k.id] = k; });
    if (fair && me.at_kiosk != null && visited == null) visited = open = me.at_kiosk;  // after a reload
    if (fair) sent = (me.feedback || []).slice();
  }

  function onRoom(o) {
    env = o;
    var u = o.u, x = u && u.data || {};
    if (o.snap) {
      setFair(o.snap.fair);
      if (kv && fair) kv.snapshot(fair, (fair.kiosk_feedback || {})[(me.presenting || [])[0]] || []);
      var q = /[?&]kiosk=([^&]+)/.exec(location.search);
      if (q && !qr) {
        qr = 1;
        visit({code: decodeURIComponent(q[1])});
        if (w.history.replaceState) w.history.replaceState(null, '', location.pathname);
      }
      flush();
    } else if (u && fair && x.activity_id === fair.activity_id) {
      var wasIndex = fair.slot && fair.slot.index;
      switch (u.type) {
        case 'fair.kiosks': setFair(merge({kiosks: x.kiosks})); break;
        case 'fair.groups': fair.groups = x.groups; break;
        case 'fair.schedule': fair.schedule = x; break;
        case 'fair.slot':
          fair.slot = x;
          if (w.Countdown) Countdown.sync(x.server_time);
          // A new slot: every phone says where to go (once, if the countdown did not already).
          if (x.mode === 'rotation' && x.index !== wasIndex && wasIndex != null && x.index != null && rungFor !== x.index) {
            rungFor = x.index;
            var st = myStop();
            moveAlert(st ? {kiosk: st.kiosk} : null);
          }
          break;
        case 'fair.dots':
          var mine = fair.dots && fair.dots.mine, left = fair.dots && fair.dots.dots_left;
          fair.dots = x;
          if (x.mine == null || !Object.keys(x.mine).length) { x.mine = mine || {}; x.dots_left = left; }
          break;
        case 'fair.rules': fair.rules = x; break;
        case 'fair.jury': fair.jury = x; break;
        case 'fair.feedback':
          if (kv) kv.update(u);
          var own = sent.filter(function (y) { return y.id === x.feedback.id; })[0];
          if (own) own.answered = x.feedback.answered;
          break;
        default: return;
      }
    } else return;
    words(draw);
  }
  function merge(o) { for (var k in o) fair[k] = o[k]; return fair; }

  w.addEventListener('online', flush);
  var app = $('app');
  app.insertBefore(root, app.firstChild);
  // phone.js starts the script once and hands it every snapshot and update (see its feat()).
  var api, early = [];
  function handOn(o) {
    o.sock = api.sock(); o.me = api.me(); o.room = api.room(); o.ring = api.ring;
    onRoom(o);
  }
  Live.features.fair = {
    start: function (a) {
      if (api) return;
      api = a;
      if (a.F.snap) handOn({snap: a.F.snap});
      a.F.q.forEach(function (u) { handOn({u: u}); });
      early.forEach(handOn);
      early = null;
    },
    snapshot: function (s) { if (api) handOn({snap: s}); else early.push({snap: s}); },
    update: function (u) { if (api) handOn({u: u}); else early.push({u: u}); }
  };
})(window, document);
