/* Palabre phone: join, post, see my posts. Every post waits in a localStorage outbox until the
   server acknowledges it, so a reload, a network drop or a browser restart loses nothing. */
(function (w, d) {
  'use strict';
  var b = d.body, S = Live.strings();
  var CODE = b.getAttribute('data-code'), LANG = b.getAttribute('data-lang');
  var MAX = +b.getAttribute('data-max') || 500;
  var K = 'palabre:' + CODE + ':';
  var RETRY = {timeout: 3, rate_limited: 3, server_error: 10, unknown_participant: 5};

  function $(id) { return d.getElementById(id); }
  function get(k) { try { return localStorage.getItem(K + k); } catch (e) { return null; } }
  function set(k, v) {
    try { if (v == null) localStorage.removeItem(K + k); else localStorage.setItem(K + k, v); } catch (e) {}
  }
  function load(k, dflt) { try { return JSON.parse(get(k)) || dflt; } catch (e) { return dflt; } }
  function keep(k, v) { set(k, JSON.stringify(v)); }
  function mk(tag, cls, text) {
    var el = d.createElement(tag);
    if (cls) el.className = cls;
    if (text != null) el.textContent = text;
    return el;
  }
  function show(el, on) { el.hidden = !on; }

  var outbox = load('outbox', []);  // waiting posts, oldest first
  var mine = load('mine', []);      // acknowledged (server view) and refused posts
  var me = load('me', null);
  var sock = null, online = false, everOnline = false, busy = false, gen = 0, timer = 0;
  var ta = $('post-text'), anon = $('post-anonymous');

  function uuid() {
    var c = w.crypto || w.msCrypto;
    if (c && c.randomUUID) { try { return c.randomUUID(); } catch (e) {} }
    var r = new Uint8Array(16), h = '', i;
    if (c && c.getRandomValues) c.getRandomValues(r);
    else for (i = 0; i < 16; i++) r[i] = Math.random() * 256 | 0;
    r[6] = r[6] & 15 | 64;
    r[8] = r[8] & 63 | 128;
    for (i = 0; i < 16; i++) {
      h += (r[i] + 256).toString(16).slice(1);
      if (i === 3 || i === 5 || i === 7 || i === 9) h += '-';
    }
    return h;
  }

  // --- what the person sees -------------------------------------------------------------------

  function setConn(state, text) {
    var el = $('conn');
    el.setAttribute('data-state', state);
    el.textContent = text || S[state === 'online' ? 'conn.online' :
                              everOnline ? 'conn.offline' : 'conn.connecting'];
  }

  function row(c, state, msg) {
    var li = mk('li'), meta = mk('div', 'meta');
    li.setAttribute('data-client-id', c.client_id);
    li.setAttribute('data-state', state);
    meta.appendChild(mk('span', 'kind', S['kind.' + c.kind] || c.kind));
    if (c.anonymous) meta.appendChild(mk('span', 'anon', S.anonymous));
    meta.appendChild(mk('span', 'st', S['state.' + state]));
    li.appendChild(meta);
    li.appendChild(mk('p', 'txt', c.text));
    if (msg) li.appendChild(mk('p', 'msg', msg));
    return li;
  }

  function render() {
    var ul = $('mine'), f = d.createDocumentFragment(), acked = {}, i;
    for (i = 0; i < mine.length; i++) acked[mine[i].client_id] = 1;
    for (i = outbox.length - 1; i >= 0; i--) {
      if (!acked[outbox[i].client_id]) f.appendChild(row(outbox[i], 'waiting', outbox[i].msg));
    }
    for (i = 0; i < mine.length; i++) {
      var c = mine[i];
      f.appendChild(row(c, c.refused ? 'refused' : c.hidden ? 'hidden' : 'sent', c.msg));
    }
    ul.textContent = '';
    ul.appendChild(f);
    show($('mine-empty'), !ul.firstChild);
  }

  function showMe() {
    var p = $('me');
    if (!me) { p.textContent = ''; return; }
    p.textContent = me.anonymous ? S['me.anonymous'] : Live.fmt(S['me.as'], {
      name: me.name + (me.organisation ? ' (' + me.organisation + ')' : '')});
    anon.disabled = !!me.anonymous;
    if (me.anonymous) anon.checked = true;
  }

  function counter() {
    var left = MAX - ta.value.length;
    var el = $('post-count');
    el.textContent = Live.fmt(S['post.chars_left'], {n: left});
    el.className = left < 20 ? 'count low' : 'count';
  }

  function screen(app) {
    show($('conn'), app);
    show($('join'), !app);
    show($('app'), app);
  }

  function error(id, msg) {
    var el = $(id);
    el.textContent = msg || '';
    show(el, !!msg);
  }

  // --- outbox -----------------------------------------------------------------------------------

  function byTime(a, b) { return (b.created_at || b.at || 0) - (a.created_at || a.at || 0); }

  // The server answered for this post: record the answer first, then drop it from the outbox,
  // so that at every moment the post is in at least one of the two lists.
  function settle(it, c, msg) {
    var rec = c || {client_id: it.client_id, kind: it.kind, text: it.text,
                    anonymous: it.anonymous, at: it.at, refused: true, msg: msg};
    mine = mine.filter(function (x) { return x.client_id !== it.client_id; });
    mine.unshift(rec);
    keep('mine', mine);
    outbox = outbox.filter(function (x) { return x.client_id !== it.client_id; });
    keep('outbox', outbox);
    render();
  }

  function flush() {
    if (busy || !online || !outbox.length) return;
    var it = outbox[0], g = gen;
    busy = true;
    Live.ask(sock, 'contribution:create',
             {client_id: it.client_id, kind: it.kind, text: it.text, anonymous: it.anonymous},
             function (a) {
      var code = a.ok ? '' : (a.error && a.error.code) || 'timeout', wait = RETRY[code];
      if (a.ok) settle(it, a.contribution);
      else if (!wait) settle(it, null, a.error.message || code);
      else if (a.error.message) { it.msg = a.error.message; render(); }
      if (g !== gen) return;  // the connection changed: the new one flushes by itself
      busy = false;
      if (wait) {
        var m = /(\d+)/.exec(code === 'rate_limited' && a.error.message || '');
        clearTimeout(timer);
        timer = setTimeout(flush, (m ? +m[1] : wait) * 1000 + 300);
      } else {
        flush();
      }
    });
  }

  // --- live link --------------------------------------------------------------------------------

  function start() {
    if (sock) { sock.connect(); return; }
    sock = Live.connect({
      role: 'participant', code: CODE, lang: LANG,
      token: function () { return get('token') || ''; },
      // Always a snapshot: moderation of my own posts reaches me only through it.
      since: function () { return 0; },
      onSnapshot: function (snap) {
        if (snap.event) title(snap.event.title);
        if (snap.participant) { me = snap.participant; keep('me', me); showMe(); }
        var srv = snap.mine || [], ids = {}, n = outbox.length;
        srv.forEach(function (c) { ids[c.client_id] = 1; });
        mine = srv.concat(mine.filter(function (x) { return x.refused && !ids[x.client_id]; }));
        mine.sort(byTime);
        keep('mine', mine);
        outbox = outbox.filter(function (x) { return !ids[x.client_id]; });
        if (outbox.length !== n) keep('outbox', outbox);
        render();
      },
      onUpdate: function (u) {
        if (u.type === 'event.updated' && u.data && u.data.title) title(u.data.title);
      },
      onSync: flush,
      onStatus: function (st, e) {
        online = st === 'online';
        if (online) everOnline = true;
        else { gen++; busy = false; clearTimeout(timer); }
        if (st === 'refused' && e && e.code === 'unknown_participant') {
          set('token', null);
          keep('me', null);
          me = null;
          screen(false);
          error('join-error', e.message);
        }
        setConn(online ? 'online' : 'offline', st === 'refused' && e ? e.message : '');
      }
    });
  }

  function title(text) {
    $('event-title').textContent = text;
    d.title = text + ' — Palabre';
  }

  // --- joining ---------------------------------------------------------------------------------

  function join(anonymous) {
    var name = $('join-name').value.trim(), org = $('join-org').value.trim();
    if (!anonymous && !name) { error('join-error', S['join.name_needed']); $('join-name').focus(); return; }
    error('join-error', '');
    var btns = [$('join-submit'), $('join-anonymous')];
    btns.forEach(function (x) { x.disabled = true; });
    var x = new XMLHttpRequest();
    x.open('POST', '/api/events/' + CODE + '/join');
    x.setRequestHeader('Content-Type', 'application/json');
    x.timeout = 15000;
    x.onloadend = function () {
      btns.forEach(function (x) { x.disabled = false; });
      var j = null;
      try { j = JSON.parse(x.responseText); } catch (e) {}
      if (j && j.ok && j.token) {
        set('token', j.token);
        me = j.participant;
        keep('me', me);
        showMe();
        screen(true);
        start();
      } else {
        error('join-error', j && j.error ? j.error.message : S['join.network']);
      }
    };
    x.send(JSON.stringify({name: anonymous ? '' : name, organisation: anonymous ? '' : org,
                           anonymous: anonymous, lang: LANG}));
  }

  $('join').onsubmit = function (e) { e.preventDefault(); join(false); };
  $('join-anonymous').onclick = function () { join(true); };

  // --- posting ---------------------------------------------------------------------------------

  function kind() {
    var r = d.querySelector('#post-kind input:checked');
    return r ? r.value : 'idea';
  }

  $('post').onsubmit = function (e) {
    e.preventDefault();
    var text = ta.value.trim();
    if (!text) { error('post-error', S['post.empty']); return; }
    if (text.length > MAX) { error('post-error', S['post.too_long']); return; }
    error('post-error', '');
    outbox.push({client_id: uuid(), kind: kind(), text: text, anonymous: anon.checked,
                 at: Date.now() / 1000});
    keep('outbox', outbox);  // kept before it is sent
    ta.value = '';
    set('draft', null);
    counter();
    render();
    error('post-note', online ? '' : S['post.saved']);
    flush();
  };

  ta.oninput = function () {
    counter();
    set('draft', ta.value);
    error('post-error', '');
    error('post-note', '');
  };
  $('post-kind').onchange = function () { set('kind', kind()); };
  w.addEventListener('online', function () { if (sock && !sock.connected) sock.connect(); });

  // --- start -----------------------------------------------------------------------------------

  var k = get('kind'), r = /^[a-z]+$/.test(k) && d.querySelector('#post-kind input[value="' + k + '"]');
  if (r) r.checked = true;
  ta.value = get('draft') || '';
  counter();
  showMe();
  render();
  if (get('token')) { screen(true); start(); }
  else screen(false);
})(window, document);
