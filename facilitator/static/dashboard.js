/* Palabre dashboard: the live list, moderation, the projector's mode. State lives in memory; a
   page load starts from a snapshot, a reconnect replays what was missed (see live.js). */
(function (w, d) {
  'use strict';
  var S = Live.strings(), b = d.body;
  var CODE = b.getAttribute('data-code'), LANG = b.getAttribute('data-lang');
  var items = {}, pinned = null, mode = b.getAttribute('data-mode') || 'join';
  var filter = 'all', participants = null, nodes = {}, timer = 0;
  var list = $('contrib-list');

  function $(id) { return d.getElementById(id); }
  function mk(tag, cls, text) {
    var el = d.createElement(tag);
    if (cls) el.className = cls;
    if (text != null) el.textContent = text;
    return el;
  }
  function btn(action, label) {
    var x = mk('button', 'btn small act-' + action, label);
    x.type = 'button';
    x.setAttribute('data-action', action);
    return x;
  }
  function hhmm(t) {
    try { return new Date(t * 1000).toLocaleTimeString(LANG, {hour: '2-digit', minute: '2-digit'}); }
    catch (e) { return ''; }
  }
  function error(msg) {
    var el = $('dash-error');
    el.textContent = msg || '';
    el.hidden = !msg;
  }

  // Upsert: an update of a hidden item carries no text; keep the one we already have.
  function put(c) {
    if (!c || c.id == null) return;
    var old = items[c.id];
    if (c.text == null && old) c.text = old.text;
    items[c.id] = c;
  }

  // --- drawing ----------------------------------------------------------------------------------

  function sig(c) {
    return [c.text, c.hidden, c.starred, c.id === pinned, c.kind,
            c.author && c.author.name, c.author && c.author.organisation].join('\u0001');
  }

  function item(c) {
    var li = mk('li', 'item'), meta = mk('div', 'meta'), acts = mk('div', 'actions');
    var on = c.id === pinned, who;
    li.setAttribute('data-id', c.id);
    li.setAttribute('data-kind', c.kind);
    li.setAttribute('data-hidden', c.hidden ? 'true' : 'false');
    li.setAttribute('data-starred', c.starred ? 'true' : 'false');
    li.setAttribute('data-pinned', on ? 'true' : 'false');
    meta.appendChild(mk('span', 'kind kind-' + c.kind, S['kind.' + c.kind] || c.kind));
    who = c.author ? (c.author.name || '') + (c.author.organisation ? ' · ' + c.author.organisation : '')
                   : S.anonymous;
    meta.appendChild(mk('span', c.author ? 'who' : 'who anon', who));
    meta.appendChild(mk('time', 'time', hhmm(c.created_at)));
    if (c.starred) meta.appendChild(mk('span', 'badge star', '★ ' + S['dash.starred']));
    if (on) meta.appendChild(mk('span', 'badge pinned', '▣ ' + S['dash.pinned']));
    if (c.hidden) meta.appendChild(mk('span', 'badge hidden', S['dash.hidden']));
    li.appendChild(meta);
    li.appendChild(mk('p', 'txt', c.text == null ? S['dash.hidden_text'] : c.text));
    acts.appendChild(c.hidden ? btn('restore', S['dash.restore']) : btn('hide', S['dash.hide']));
    acts.appendChild(c.starred ? btn('unstar', S['dash.unstar']) : btn('star', '★ ' + S['dash.star']));
    if (!c.hidden) acts.appendChild(on ? btn('unpin', S['dash.unpin']) : btn('pin', '▣ ' + S['dash.pin']));
    li.appendChild(acts);
    li._sig = sig(c);
    return li;
  }

  function draw() {
    if (!timer) timer = setTimeout(render, 30);
  }

  function render() {
    timer = 0;
    var all = Object.keys(items).map(function (k) { return items[k]; });
    all.sort(function (a, b) { return b.id - a.id; });
    var counts = {all: all.length}, want = [], i;
    all.forEach(function (c) {
      counts[c.kind] = (counts[c.kind] || 0) + 1;
      if (filter === 'all' || c.kind === filter) want.push(c);
    });
    // Reuse unchanged rows, so a click or a text selection survives a redraw.
    var keepIds = {};
    for (i = 0; i < want.length; i++) {
      var c = want[i], n = nodes[c.id];
      if (!n || n._sig !== sig(c)) {
        var fresh = item(c);
        if (n && n.parentNode) n.parentNode.replaceChild(fresh, n);
        nodes[c.id] = n = fresh;
      }
      keepIds[c.id] = 1;
      if (list.children[i] !== n) list.insertBefore(n, list.children[i] || null);
    }
    while (list.children.length > want.length) list.removeChild(list.lastChild);
    Object.keys(nodes).forEach(function (id) { if (!keepIds[id] && !items[id]) delete nodes[id]; });

    $('contrib-count').textContent = all.length;
    if (participants != null) $('participants').textContent = participants;
    var empty = $('contrib-empty');
    empty.textContent = all.length ? S['dash.no_match'] : S['dash.empty'];
    empty.hidden = want.length > 0;
    var fb = d.querySelectorAll('[data-filter]');
    for (i = 0; i < fb.length; i++) {
      var f = fb[i].getAttribute('data-filter');
      fb[i].setAttribute('aria-pressed', f === filter ? 'true' : 'false');
      fb[i].querySelector('.n').textContent = '(' + (counts[f] || 0) + ')';
    }
    $('mode-join').setAttribute('aria-pressed', mode === 'join' ? 'true' : 'false');
    $('mode-wall').setAttribute('aria-pressed', mode === 'wall' ? 'true' : 'false');
  }

  function title(ev) {
    if (!ev) return;
    if (ev.title) {
      $('event-title').textContent = ev.title;
      var input = $('set-title');
      if (d.activeElement !== input) input.value = ev.title;
    }
    if (ev.lang && d.activeElement !== $('set-lang')) $('set-lang').value = ev.lang;
  }

  function setConn(state, text) {
    var el = $('conn');
    el.setAttribute('data-state', state);
    el.textContent = text;
  }

  // --- live -------------------------------------------------------------------------------------

  var sock = Live.connect({
    role: 'facilitator', code: CODE, lang: LANG,
    onSnapshot: function (snap) {
      items = {};
      (snap.contributions || []).forEach(put);
      pinned = snap.pinned ? snap.pinned.id : null;
      if (snap.projector_mode) mode = snap.projector_mode;
      if (snap.phones != null) $('phones').textContent = snap.phones;
      if (snap.participants != null) participants = snap.participants;
      title(snap.event);
      draw();
    },
    onUpdate: function (u) {
      var x = u.data || {};
      switch (u.type) {
        case 'contribution.created':
        case 'contribution.updated':
          put(x);
          if (x.hidden && x.id === pinned) pinned = null;  // hiding unpins on the server
          break;
        case 'wall.pinned':
          pinned = x.id == null ? null : x.id;
          if (x.contribution) put(x.contribution);
          break;
        case 'projector.mode':
          mode = x.mode;
          break;
        case 'event.updated':
          title(x);
          break;
        case 'participant.joined':
          if (participants != null) participants++;
          break;
      }
      draw();
    },
    onStatus: function (st, e) {
      if (st === 'online') { setConn('online', S['conn.online']); error(''); }
      else if (st === 'refused' && e) { setConn('offline', e.message); error(e.message); }
      else setConn('offline', S['conn.lost']);
    }
  });
  sock.on('presence', function (p) { if (p && p.phones != null) $('phones').textContent = p.phones; });

  function send(name, payload, el) {
    if (el) el.disabled = true;
    Live.ask(sock, name, payload, function (a) {
      if (el) el.disabled = false;
      if (!a.ok) error(a.error.message || S['conn.lost']);
      else error('');
    });
  }

  // --- controls ---------------------------------------------------------------------------------

  list.addEventListener('click', function (e) {
    var el = e.target.closest('[data-action]');
    if (!el) return;
    var id = +el.closest('[data-id]').getAttribute('data-id');
    switch (el.getAttribute('data-action')) {
      case 'hide': send('contribution:moderate', {id: id, hidden: true}, el); break;
      case 'restore': send('contribution:moderate', {id: id, hidden: false}, el); break;
      case 'star': send('contribution:moderate', {id: id, starred: true}, el); break;
      case 'unstar': send('contribution:moderate', {id: id, starred: false}, el); break;
      case 'pin': send('contribution:pin', {id: id}, el); break;
      case 'unpin': send('contribution:pin', {id: null}, el); break;
    }
  });

  d.querySelector('.filters').addEventListener('click', function (e) {
    var el = e.target.closest('[data-filter]');
    if (!el) return;
    filter = el.getAttribute('data-filter');
    render();
  });

  $('mode-join').onclick = function () { send('projector:mode', {mode: 'join'}, this); };
  $('mode-wall').onclick = function () { send('projector:mode', {mode: 'wall'}, this); };

  render();
})(window, document);
