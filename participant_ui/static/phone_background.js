/* Palabre phone, activities open all day (loaded on demand by phone.js once the room has one,
   docs/background.md): a tab "All day" beside "Now" with each background activity's prompt, its
   own form and its items. A post names its activity (contribution:create {activity_id}) and
   waits in a localStorage outbox until the server acknowledges it (idempotent by client_id), like
   every post of phone.js. A box that takes upvotes (a.voting 'upvote') has a ▲ button on each
   item: vote:cast {activity_id}, whatever the room is doing; the counts come from the snapshot's
   background.tallies, then votes.background (votes.updated while the box was current). Protocol:
   docs/protocol.md § Background activities. User text is set with textContent only. */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk, PS = Live.strings();
  var b = d.body, CODE = b.getAttribute('data-code'), MAX = +b.getAttribute('data-max') || 500;
  var LANG = b.getAttribute('data-lang');
  var K = 'palabre:' + CODE + ':bg:', RETRY = {timeout: 1, rate_limited: 1, server_error: 1};
  var S = null, api = null, early = [], boxes = [], items = {}, nodes = {}, tab = 'now';
  var tal = {}, own = {};  // each box's tally (with my upvotes in mine); my own items' ids
  var box = load(), busy = false, later = 0, wait = 0;
  var tabs = mk('div', 'bg-tabs'), root = mk('section', 'bg');
  root.id = 'bg';
  tabs.setAttribute('role', 'tablist');
  tabs.hidden = root.hidden = true;

  function load() { try { return JSON.parse(localStorage.getItem(K + 'box')) || []; } catch (e) { return []; } }
  function keep() { try { localStorage.setItem(K + 'box', JSON.stringify(box)); } catch (e) {} }
  function L(t) { return t ? t[LANG] || t.fr || t.en || '' : ''; }
  function el(tag, cls, text, parent) {
    var x = mk(tag, cls, text);
    if (parent) parent.appendChild(x);
    return x;
  }

  // --- words: fetched once, the phone's first load cannot carry them

  function words(cb) {
    if (S) return cb();
    var x = new XMLHttpRequest();
    x.open('GET', JSON.parse($('scripts').textContent)['background.text']);
    x.onloadend = function () {
      try { S = JSON.parse(x.responseText); } catch (e) { S = null; }
      if (S) cb(); else setTimeout(function () { words(cb); }, 3000);
    };
    x.send();
  }

  // --- what the room tells

  // The background activity that is also the room's current one is on the "Now" tab already.
  function shown() {
    var r = api && api.room(), cur = r && r.activity ? r.activity.id : null;
    return boxes.filter(function (a) { return a.id !== cur; });
  }
  function put(c) {
    if (!c || !items[c.activity_id]) return;
    if (c.hidden) delete items[c.activity_id][c.id];
    else items[c.activity_id][c.id] = c;
  }
  // A box's counts; my own upvotes only I change, from the snapshot and my acks (entries say {}).
  function setTally(t, mineToo) {
    var old = tal[t.activity_id];
    if (!mineToo && !old && !items[t.activity_id]) return;
    tal[t.activity_id] = {counts: t.counts, hidden: t.hidden,
                          mine: mineToo ? t.mine || {} : old ? old.mine : {}};
  }
  function setBoxes(data, snapItems, mine) {
    var old = items;
    boxes = data ? data.activities : [];
    items = {};
    boxes.forEach(function (a) { items[a.id] = snapItems ? {} : old[a.id] || {}; });
    (snapItems || []).forEach(put);
    // A box the room does not share shows my own posts to it (a shared one: mine are among the room's).
    (mine || []).forEach(function (c) { if (items[c.activity_id]) put(c); });
  }
  function onSnap(s) {
    var bg = s.background || {};
    setBoxes(s.background, bg.items || [], s.mine);
    tal = {};
    own = {};
    (s.mine || []).forEach(function (c) { own[c.id] = 1; });
    (bg.tallies || []).forEach(function (t) { setTally(t, 1); });
    flush();
  }
  function onUpdate(u) {
    var x = u.data || {};
    if (u.type === 'agenda.background') setBoxes(x);
    else if (u.type === 'contribution.created' || u.type === 'contribution.updated') put(x);
    else if (u.type === 'votes.background' || u.type === 'votes.updated') {
      if (!items[x.activity_id] || x.mode !== 'upvote') return;
      setTally(x);
    }
    else if (u.type === 'agenda.changed') {  // a removed activity leaves the box with it
      var ids = {};
      (x.activities || []).forEach(function (a) { ids[a.id] = 1; });
      boxes = boxes.filter(function (a) { return ids[a.id]; });
    } else if (u.type !== 'agenda.state') return;
    draw();
  }

  // --- drawing: each box is built once, so a draw never loses what is being typed

  function select(t) {
    tab = t;
    draw();
  }
  function draw() {
    if (!S) return words(draw);
    var list = shown(), on = list.length > 0, keepIds = {};
    tabs.hidden = !on || $('app').hidden;  // not over the join form
    if (!on) tab = 'now';
    root.hidden = !on || tab !== 'all';
    b.classList.toggle('bg-on', !root.hidden);
    if (!tabs.firstChild) {
      [['now', 'bg.tab_now'], ['all', 'bg.tab_all_day']].forEach(function (t) {
        var x = el('button', 'bg-tab', S[t[1]], tabs);
        x.type = 'button';
        x.setAttribute('role', 'tab');
        x.setAttribute('data-bg-tab', t[0]);
      });
    }
    for (var i = 0; i < tabs.children.length; i++) {
      var t = tabs.children[i];
      t.setAttribute('aria-selected', t.getAttribute('data-bg-tab') === tab ? 'true' : 'false');
    }
    list.forEach(function (a, i) {
      keepIds[a.id] = 1;
      var n = nodes[a.id] || (nodes[a.id] = build(a));
      n.title.textContent = a.title || L(a.format_label);
      n.prompt.textContent = L(a.prompt);
      n.listTitle.textContent = S[a.shared ? 'bg.room' : 'bg.mine'];
      drawItems(a, n);
      if (root.children[i] !== n.el) root.insertBefore(n.el, root.children[i] || null);
    });
    Object.keys(nodes).forEach(function (id) {
      if (!keepIds[id]) { root.removeChild(nodes[id].el); delete nodes[id]; }
    });
  }

  function build(a) {
    var n = {el: mk('article', 'bg-box')}, f = mk('form', 'bg-form'), id = 'bg-text-' + a.id;
    n.el.setAttribute('data-bg-id', a.id);
    el('p', 'bg-when', S['bg.all_day'], n.el);
    n.title = el('h2', 'bg-title', '', n.el);
    n.prompt = el('p', 'bg-prompt', '', n.el);
    f.noValidate = true;
    f.setAttribute('data-bg-form', a.id);
    if (a.kinds.length > 1) {
      var set = el('div', 'bg-kinds', null, f);
      a.kinds.forEach(function (k, i) {
        var l = el('label', 'seg', null, set), r = el('input', null, null, l);
        r.type = 'radio';
        r.name = 'bg-kind-' + a.id;
        r.value = k;
        r.checked = !i;
        el('span', null, PS['kind.' + k] || k, l);
      });
    }
    var lab = el('label', null, S['bg.label'], f), text = el('textarea', 'bg-text', null, f);
    lab.htmlFor = id;
    text.id = id;
    text.rows = 3;
    text.maxLength = MAX;
    if (a.visibility === 'choice') {
      var c = el('label', 'check', null, f), x = el('input', null, null, c);
      x.type = 'checkbox';
      x.className = 'bg-anon';
      el('span', null, ' ' + S['bg.anonymous'], c);
    } else if (a.visibility === 'anonymous') el('p', 'hint', S['bg.anon_forced'], f);
    n.error = el('p', 'error', '', f);
    n.error.setAttribute('role', 'alert');
    n.error.hidden = true;
    var send = el('button', 'btn primary', S['bg.send'], f);
    send.type = 'submit';
    n.note = el('p', 'hint bg-note', '', f);
    n.note.setAttribute('role', 'status');
    n.el.appendChild(f);
    n.listTitle = el('h3', null, '', n.el);
    n.verr = el('p', 'error', '', n.el);  // a refused upvote, above the items
    n.verr.setAttribute('role', 'alert');
    n.verr.hidden = true;
    n.list = el('ul', 'bg-items', null, n.el);
    n.empty = el('p', 'hint', S['bg.nothing'], n.el);
    return n;
  }

  function drawItems(a, n) {
    var t = a.voting === 'upvote' ? tal[a.id] || {mine: {}} : null;
    var cn = t && !t.hidden ? t.counts || {} : null, its = items[a.id] || {};
    // Upvoted: the open questions first, the most upvoted first (as the Q&A step); else newest.
    var rows = Object.keys(its).map(function (k) { return its[k]; }).sort(function (x, y) {
      return (cn ? (x.answered ? 1 : 0) - (y.answered ? 1 : 0) || (cn[y.id] || 0) - (cn[x.id] || 0) : 0) ||
        y.id - x.id;
    }).slice(0, 100);
    var waiting = box.filter(function (p) { return p.activity_id === a.id; });
    var sig = JSON.stringify([rows, waiting.length, t]);
    if (n.sig === sig) return;
    n.sig = sig;
    // A redraw moves the items: the ▲ pressed keeps the focus, on its item wherever it went.
    var f = d.activeElement, fid = f && n.list.contains(f) ? f.getAttribute('data-bg-up') : null;
    n.list.textContent = '';
    waiting.forEach(function (p) { line(n.list, p.kind, p.text, S['bg.saved'], 'bg-wait'); });
    rows.forEach(function (c) {
      var who = c.author ? c.author.name || c.author.organisation || '' : PS.anonymous;
      var li = line(n.list, c.kind, c.text, who, c.answered ? 'bg-answered' : '');
      if (!t || (c.kind !== 'question' && c.kind !== 'idea')) return;
      var k = cn ? cn[c.id] || 0 : null, up;
      // My own question: its count, no button (nobody upvotes their own, the server says so too).
      if (own[c.id]) return k == null || el('b', 'bg-ups', Live.plural(S, 'bg.ups', k, LANG), li);
      up = el('button', 'up', '▲ ' + (k == null ? '' : k), li);
      up.type = 'button';
      up.setAttribute('data-bg-up', c.id);
      up.setAttribute('aria-pressed', t.mine[c.id] ? 'true' : 'false');
      up.setAttribute('aria-label', k == null ? S['bg.upvote'] : Live.plural(S, 'bg.upvote', k, LANG));
      if (fid === String(c.id)) up.focus();
    });
    n.empty.hidden = rows.length + waiting.length > 0;
  }
  function line(list, kind, text, who, cls) {
    var li = el('li', cls, null, list);
    el('span', 'bg-kind', PS['kind.' + kind] || kind, li);
    el('p', 'bg-txt', text, li);
    el('span', 'bg-who', who, li);
    return li;
  }

  // --- posting

  root.addEventListener('submit', function (e) {
    var f = Live.up(e.target, '[data-bg-form]');
    if (!f) return;
    e.preventDefault();
    var aid = +f.getAttribute('data-bg-form'), n = nodes[aid], a = boxes.filter(function (x) { return x.id === aid; })[0];
    var text = f.querySelector('textarea'), kind = f.querySelector('input[type=radio]:checked');
    var anon = f.querySelector('.bg-anon');
    if (!a || !n) return;
    if (!text.value.trim()) { n.error.textContent = S['bg.empty_text']; n.error.hidden = false; return; }
    n.error.hidden = true;
    box.push({client_id: api.uuid(), activity_id: aid, kind: kind ? kind.value : a.kinds[0],
              text: text.value.trim(), anonymous: a.visibility === 'anonymous' || !!(anon && anon.checked)});
    keep();
    text.value = '';
    if (anon) anon.checked = false;
    n.note.textContent = S['bg.sending'];
    n.sig = null;
    draw();
    flush();
  });
  // ▲: the state I want (the opposite of what it shows), never a delta: a resend changes nothing.
  root.addEventListener('click', function (e) {
    var up = Live.up(e.target, '[data-bg-up]'), sock = api && api.sock();
    if (!up || !sock || !sock.connected) return;
    var box_ = Live.up(up, '[data-bg-id]'), aid = +box_.getAttribute('data-bg-id'), n = nodes[aid];
    var id = +up.getAttribute('data-bg-up'), t = tal[aid] || {mine: {}};
    up.disabled = true;
    Live.ask(sock, 'vote:cast', {activity_id: aid, item_id: id, value: t.mine[id] ? 0 : 1}, function (a) {
      up.disabled = false;
      if (a.ok) setTally(a.tally, 1);
      if (n) {
        n.verr.textContent = a.ok ? '' : a.error.message || PS['conn.lost'];
        n.verr.hidden = a.ok;
        n.sig = null;
      }
      draw();
    });
  });
  tabs.addEventListener('click', function (e) {
    var t = Live.up(e.target, '[data-bg-tab]');
    if (t) select(t.getAttribute('data-bg-tab'));
  });

  // One post in flight at a time, the oldest first; a transient refusal waits and tries again.
  function flush() {
    var sock = api && api.sock(), it = box[0];
    if (busy || !it || !sock || !sock.connected || Date.now() < later) return;
    busy = true;
    Live.ask(sock, 'contribution:create', {client_id: it.client_id, activity_id: it.activity_id,
                                           kind: it.kind, text: it.text, anonymous: it.anonymous},
             function (a) {
      busy = false;
      var e = a.error || {}, n = nodes[it.activity_id];
      if (!a.ok && RETRY[e.code]) {
        later = Date.now() + (e.wait || Math.min(60, ++wait * 3)) * 1000;
        setTimeout(flush, later - Date.now() + 50);
        return;
      }
      wait = 0;
      box = box.filter(function (x) { return x.client_id !== it.client_id; });
      keep();
      if (a.ok) { put(a.contribution); own[a.contribution.id] = 1; }
      if (n) {
        n.note.textContent = a.ok ? S['bg.sent'] : '';
        n.error.textContent = a.ok ? '' : e.message || e.code;
        n.error.hidden = a.ok;
        n.sig = null;
      }
      draw();
      flush();
    });
  }
  w.addEventListener('online', function () { later = 0; flush(); });

  var app = $('app');
  app.insertBefore(root, app.firstChild);
  // The tabs above the current activity's band: "Now" is that band and what follows it.
  $('agenda').parentNode.insertBefore(tabs, $('agenda'));
  // phone.js starts the script once and hands it every snapshot and update (see its feat()).
  function handOn(o) {
    if (o.snap) onSnap(o.snap); else onUpdate(o.u);
    draw();
  }
  Live.features.background = {
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
