/* Palabre phone: join, post, see my posts. Every post waits in a localStorage outbox until the
   server acknowledges it, so a reload, a network drop or a browser restart loses nothing. */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk;
  var b = d.body, S = Live.strings();
  var CODE = b.getAttribute('data-code'), LANG = b.getAttribute('data-lang');
  var MAX = +b.getAttribute('data-max') || 500;
  var K = 'palabre:' + CODE + ':';
  // Transient refusals are retried later with backoff; every other code is permanent: the post
  // is shown refused with the reason, to edit and resend or to discard (protocol.md §4).
  var TRANSIENT = {timeout: 1, rate_limited: 1, server_error: 1, unknown_participant: 1};
  var later = {}, hold = 0;  // client_id -> {n: tries, at: next try}; the whole phone's pause

  function get(k) { try { return localStorage.getItem(K + k); } catch (e) { return null; } }
  function set(k, v) {
    try { if (v == null) localStorage.removeItem(K + k); else localStorage.setItem(K + k, v); } catch (e) {}
  }
  function load(k, dflt) { try { return JSON.parse(get(k)) || dflt; } catch (e) { return dflt; } }
  function keep(k, v) { set(k, JSON.stringify(v)); }
  function show(el, on) { el.hidden = !on; }

  var outbox = load('outbox', []);  // waiting posts, oldest first
  var mine = load('mine', []);      // acknowledged (server view) and refused posts
  var me = load('me', null);
  var sock = null, online = false, everOnline = false, sending = {}, gen = 0, timer = 0, connMsg = '';
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

  // --- what the person sees

  // The status bar: online / offline, and how many posts wait on this phone.
  function setConn() {
    var el = $('conn'), n = outbox.length;
    el.setAttribute('data-state', online ? 'online' : 'offline');
    el.textContent = connMsg || S[online ? 'conn.online' : everOnline ? 'conn.offline' : 'conn.connecting'] +
      (n ? ' · ' + Live.plural(S, 'conn.waiting', n, LANG) : '');
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
    if (state === 'refused') {
      li.appendChild(act('edit', function () {
        drop(c);
        ta.value = c.text;
        var r = d.querySelector('#post-kind input[value="' + c.kind + '"]');
        if (r) { r.checked = true; showAction(); }
        if (c.meta) cells(function (x) { x.value = c.meta[x.getAttribute('data-k')] || ''; });
        counter();
        ta.focus();
      }));
      li.appendChild(act('discard', function () { drop(c); }));
    }
    return li;
  }

  function act(k, f) {
    var x = btn(k, S['me.' + k], 'data-act', k);
    x.onclick = f;
    return x;
  }

  function drop(c) {
    mine = mine.filter(function (x) { return x.client_id !== c.client_id; });
    keep('mine', mine);
    render();
  }

  function render() {
    var ul = $('mine'), f = d.createDocumentFragment(), acked = {}, i;
    for (i = 0; i < mine.length; i++) acked[mine[i].client_id] = 1;
    for (i = outbox.length - 1; i >= 0; i--) {
      if (!acked[outbox[i].client_id]) f.appendChild(row(outbox[i], 'waiting', outbox[i].msg));
    }
    for (i = 0; i < mine.length; i++) {
      var c = mine[i];
      if (!c.withdrawn) f.appendChild(row(c, c.refused ? 'refused' : c.hidden ? 'hidden' : 'sent', c.msg));
    }
    ul.textContent = '';
    ul.appendChild(f);
    show($('mine-empty'), !ul.firstChild);
    // phone_actions.js adds "Edit" and "Withdraw" to my items (and loads once I have one).
    if (Live.features.actions) Live.features.actions.mine(ul);
    else if (mine.length && sock) starter('actions', F.actions || (F.actions = {snap: null, q: []}));
    setConn();
  }

  function showMe() {
    var p = $('me');
    if (!me) { p.textContent = ''; return; }
    p.textContent = me.anonymous ? S['me.anonymous'] : Live.fmt(S['me.as'], {
      name: me.name + (me.organisation ? ' (' + me.organisation + ')' : '')});
    drawForm();
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

  // --- outbox

  // localStorage is the outbox; the list in memory is re-read before every change, so a post
  // queued in another tab of the same phone is never written over.
  function fresh() { outbox = load('outbox', []); return outbox; }
  w.addEventListener('storage', function (e) {
    if (e.key === K + 'outbox') { fresh(); render(); flush(); }
  });

  function byTime(a, b) { return (b.created_at || b.at || 0) - (a.created_at || a.at || 0); }

  // The server answered for this post: record the answer first, then drop it from the outbox,
  // so that at every moment the post is in at least one of the two lists.
  function settle(it, c, msg) {
    var rec = c || {client_id: it.client_id, kind: it.kind, text: it.text,
                    anonymous: it.anonymous, at: it.at, meta: it.meta, refused: true, msg: msg};
    mine = mine.filter(function (x) { return x.client_id !== it.client_id; });
    mine.unshift(rec);
    keep('mine', mine);
    outbox = fresh().filter(function (x) { return x.client_id !== it.client_id; });
    keep('outbox', outbox);
    render();
    if (c && items[c.id]) drawShared();  // shown before its ack: now it is mine (no ▲)
  }

  // Every post whose time has come leaves at once, oldest first, each with its own ack (the
  // server stores a client_id once, so a post sent twice is stored once): back online, a phone
  // catches up in one round trip, not one a post. At most 8 in flight: the server's burst of
  // posts is 10. A post that failed for a transient reason waits its backoff (2 s doubling to a
  // minute, with jitter so a room does not retry in step) while the others go ahead of it.
  function flush() {
    clearTimeout(timer);
    if (!online) return;
    var now = Date.now(), next = 1 / 0, n = 0, i, t, l, it;
    fresh();
    for (i in sending) n++;
    for (i = 0; i < outbox.length && n < 8; i++) {
      it = outbox[i];
      if (sending[it.client_id]) continue;
      l = later[it.client_id];
      t = Math.max(hold, l ? l.at : 0);
      if (t <= now) { send(it); n++; }
      else if (t < next) next = t;
    }
    if (next < 1 / 0) timer = setTimeout(flush, next - now);
  }

  function send(it) {
    var g = gen, l;
    sending[it.client_id] = 1;
    Live.ask(sock, 'contribution:create',
             {client_id: it.client_id, kind: it.kind, text: it.text, anonymous: it.anonymous,
              meta: it.meta || undefined, slot: it.slot || undefined},
             function (a) {
      var e = a.error || {}, code = a.ok ? '' : e.code || 'timeout';
      if (a.ok) settle(it, a.contribution);
      else if (!TRANSIENT[code]) settle(it, null, e.message || code);
      else if (g === gen) {  // an older connection's lost acks: the new one has resent them
        l = later[it.client_id] = later[it.client_id] || {n: 0};
        l.at = Date.now() + Math.min(60, Math.pow(2, ++l.n)) * (500 + Math.random() * 1000);
        // The message budget is the phone's: every post waits for it, not only this one.
        if (code === 'rate_limited') hold = Date.now() + (e.wait || 3) * 1000 + 300;
        if (e.message) { it.msg = e.message; render(); }
      }
      if (g !== gen) return;
      delete sending[it.client_id];
      flush();
    });
  }

  // --- live link

  function start() {
    if (sock) { sock.connect(); return; }
    sock = Live.connect({
      role: 'participant', code: CODE, lang: LANG,
      token: function () { return get('token') || ''; },
      onSnapshot: function (snap) {
        if (snap.event) title(snap.event.title);
        if ((snap.restitution || {}).published) $('rlink').hidden = false;
        if (snap.participant) { me = snap.participant; keep('me', me); showMe(); }
        var srv = snap.mine || [], ids = {}, n = fresh().length;
        srv.forEach(function (c) { ids[c.client_id] = 1; });
        mine = srv.concat(mine.filter(function (x) { return x.refused && !ids[x.client_id]; }));
        mine.sort(byTime);
        keep('mine', mine);
        outbox = outbox.filter(function (x) { return !ids[x.client_id]; });
        if (outbox.length !== n) keep('outbox', outbox);
        render();
        roomSnapshot(snap);
        feat('snapshot', snap);
      },
      onUpdate: function (u) {
        if (u.type === 'event.updated' && u.data && u.data.title) title(u.data.title);
        if (u.type === 'restitution.published') $('rlink').hidden = false;
        roomUpdate(u);
        feat('update', u);
      },
      // A new connection resends the whole outbox at once (protocol.md §4, 7).
      onSync: function () { later = {}; hold = 0; flush(); },
      onStatus: function (st, e) {
        online = st === 'online';
        if (online) everOnline = true;
        else { gen++; sending = {}; clearTimeout(timer); }
        if (st === 'refused' && e && e.code === 'unknown_participant') {
          set('token', null);
          keep('me', null);
          me = null;
          screen(false);
          error('join-error', e.message);
        }
        connMsg = st === 'refused' && e ? e.message : '';
        setConn();
      }
    });
  }

  function title(text) {
    $('event-title').textContent = text;
    d.title = text + ' — Palabre';
  }

  // A feature's phone script (groups, fair, ...) loads once the room needs it: a step done in
  // groups or with questions, or a snapshot holding the feature's part (the fair; a kiosk's QR
  // address too). It registers Live.features[name] = {start(api), snapshot(s), update(u)};
  // until it runs, the last snapshot and the updates after it wait in F[name]. #scripts also
  // lists "name.text", its words.
  var FEAT = JSON.parse($('scripts').textContent), F = {};
  function needs(k, snap, u) {
    var s = step();
    if (k === 'groups') return s && (s.groups || s.report_minutes);
    // A box opened all day while the phone is on: its update, not a snapshot, says so.
    if (k === 'background' && u && u.type === 'agenda.background') return 1;
    if (k === 'questions') return s && s.questions.length;
    if (k === 'actions') return snap && snap.actions || s && s.kinds.indexOf('action') >= 0;
    return snap && snap[k] || k === 'fair' && /[?&]kiosk=/.test(location.search);
  }
  function feat(f, x) {
    for (var k in FEAT) {
      if (k.indexOf('.') > 0) continue;
      var m = Live.features[k], q = F[k] || (F[k] = {snap: null, q: []});
      if (m) { m[f](x); continue; }
      if (f !== 'update') { q.snap = x; q.q = []; } else if (q.q.push(x) > 200) q.q.shift();
      // The staff script also comes with the first announcement or brief after the snapshot.
      if (needs(k, q.snap, x) || k === 'staff' && /^staff\./.test(x.type)) starter(k, q);
    }
  }
  function starter(k, q) {
    Live.load(k, function () {
      Live.features[k].start({sock: function () { return sock; }, me: function () { return me; },
                              mine: function () { return mine; },
                              room: function () { return room; }, step: step, uuid: uuid,
                              answers: function (v) {  // my answers to this activity's questions
                                if (v) { answers = v; answersFor = room && room.activity && room.activity.id; }
                                return answers;
                              },
                              ring: ring, F: q});
    });
  }

  // --- the room's agenda

  var PHONE_KINDS = ['idea', 'question', 'comment', 'note', 'action'];
  var VOTABLE = {idea: 1, question: 1};
  var room = null, roles = null, tally = null;  // state_data, roles_data, my tally view
  var res = null, sortT = 0;  // the activity's last public tally: the ranking on a results step
  var answers = {}, answersFor = null, items = {}, forced = false, formKey = null;

  function cur() { return room && room.activity ? room[LANG] : null; }
  // The step running now; null on the open wall.
  function step() {
    var s = cur();
    return s && (s.status === 'running' || s.status === 'paused') ? s : null;
  }
  function mode(s) { return s && s.voting ? s.voting.mode : 'none'; }
  // Every role I hold in the activity (a sponsor may also be a broker).
  function myRoles() {
    var r = [];
    if (me && roles && room && room.activity && roles.activity_id === room.activity.id) {
      roles.roles.forEach(function (x) { if (x.participant_id === me.id) r.push(x.role); });
    }
    return r.length ? r : ['participant'];
  }
  function has(r) { return myRoles().indexOf(r) >= 0; }
  function roleLabel(r) {  // the format's own words first: a new format needs no Python
    var own = room && room.activity && room.activity.role_labels && room.activity.role_labels[r];
    return own && own[LANG] || S['role.' + r] || r;
  }
  // The server's rule (room/permissions.py): a format with a note-taker keeps notes for them.
  function noteTakerFormat() {
    return (room.activity.roles || []).indexOf('note_taker') >= 0;
  }
  function tallyFits(s) {
    return tally && s && tally.step_id === s.step_id && tally.activity_id === room.activity.id;
  }
  function ranked(s) {
    return mode(s) === 'none' && res && res.activity_id === room.activity.id ? res.counts : null;
  }
  function keepRes(t) { if (t && t.counts && t.mode !== 'thumbs') res = t; }

  function roomSnapshot(snap) {
    room = snap.state || null;
    roles = snap.roles || null;
    tally = snap.tally || null;
    res = null;
    [snap.tally].concat(snap.tallies || []).forEach(keepRes);
    var a = room && room.activity;
    if (snap.my_answers && a) { answers = snap.my_answers; answersFor = a.id; }
    items = {};
    itemsFor = a && a.id;
    (snap.shared || []).forEach(function (c) { items[c.id] = c; });
    drawRoom();
  }

  function roomUpdate(u) {
    var x = u.data || {};
    switch (u.type) {
      case 'agenda.state':
        setRoom(x);
        break;
      case 'roles.updated':  // roles of another activity (prepared ahead) are not mine now
        if (room && room.activity && x.activity_id === room.activity.id) { roles = x; drawRoom(); }
        break;
      case 'votes.updated':  // another activity's (a reveal prepared ahead) is not my results
        var s = step();
        if (room && room.activity && x.activity_id === room.activity.id) keepRes(x);
        if (s && ranked(s)) { drawShared(); break; }
        if (!s || !room.activity || x.activity_id !== room.activity.id || x.step_id !== s.step_id) break;
        if (!tallyFits(s)) break;  // agenda.state brought the step's tally; keep my "mine"
        tally.counts = x.counts;
        tally.hidden = x.hidden;
        tally.revealed = x.revealed;
        tally.candidates = x.candidates;
        // Upvotes order the list: redraw it once a burst of votes is over.
        if (x.mode === 'upvote' && !sortT) sortT = setTimeout(function () { sortT = 0; drawShared(); }, 400);
        drawVotes();
        break;
      case 'contribution.mine':  // my own post after moderation (hidden, answered...)
        mine = mine.map(function (c) { return c.client_id === x.client_id ? x : c; });
        keep('mine', mine);
        render();
        break;
      case 'contribution.created':
      case 'contribution.updated':
        if (x.activity_id == null) break;
        if (x.hidden) delete items[x.id]; else items[x.id] = x;
        drawShared();
        break;
    }
  }

  // A step change comes in agenda.state (its tally, what the room holds): only a part this
  // phone lacks is asked for (agenda:step, protocol.md §3.8), never at a fresh start.
  var mines = {}, itemsFor = null;  // my votes by activity/scope (only I change them)
  function scope(t) { return t.activity_id + '/' + (t.mode === 'upvote' ? '' : t.step_id); }
  function setRoom(data) {
    var before = cur(), was = room && room.activity;
    if (tally && tally.mine) mines[scope(tally)] = tally;
    room = data;
    var s = step(), a = data.activity, h = data.holds || {}, t = data.tally, m, ask = false;
    if (a && (!was || was.id !== a.id || !before || before.step_id !== (s && s.step_id))) {
      keepRes(t);
      if (t && !tallyFits(s)) {
        m = mines[scope(t)];
        tally = t;
        if (m) { t.mine = m.mine; t.dots_left = m.dots_left; } else { t.mine = {}; ask = h.votes; }
      }
      if (!h.shared) itemsFor = a.id;
      if (h.roles && (!roles || roles.activity_id !== a.id)) ask = true;  // given before the start
      if (!h.answers && answersFor !== a.id) { answers = {}; answersFor = a.id; }
      if (h.snapshot && (!was || was.id !== a.id)) ask = sock.live.resync;  // the fair
      else if (ask || itemsFor !== a.id || s && s.questions.length && answersFor !== a.id) ask = stepPart;
      if (ask) setTimeout(ask, Math.random() * 1500);
    }
    drawRoom();
  }
  function stepPart() {
    Live.ask(sock, 'agenda:step', {}, function (x) {
      var a = room && room.activity, s = step();
      if (!x.ok || !a || x.activity_id !== a.id) return;
      if (x.tally && s && x.step_id === s.step_id) tally = x.tally;
      if (x.roles) roles = x.roles;
      (x.tallies || []).forEach(keepRes);
      if (x.my_answers) { answers = x.my_answers; answersFor = a.id; }
      if (x.shared) { itemsFor = a.id; x.shared.forEach(function (c) { items[c.id] = c; }); }
      drawRoom();
    });
  }

  function drawRoom() {
    drawBanner();
    drawForm();
    var q = Live.features.questions;  // phone_questions.js, once a step had questions
    if (q) q.draw();
    drawShared();
  }

  function drawBanner() {
    var a = room && room.activity, s = cur(), box = $('agenda');
    show(box, !!a);
    if (!a) return;
    var lines = Live.agendaLines(a, s, S, LANG), r = myRoles();
    $('agenda-title').textContent = lines.title;
    $('agenda-step').textContent = lines.step;
    $('agenda-part').textContent = lines.part;
    show($('agenda-part'), !!lines.part);
    $('agenda-prompt').textContent = lines.prompt;
    box.setAttribute('data-timed', lines.timed ? '1' : '0');
    $('my-role').textContent = Live.fmt(S['ph.role'], {role: r.map(roleLabel).join(', ')});
    show($('my-role'), r[0] !== 'participant' && s.status !== 'finished');
  }

  function drawForm() {
    var s = step(), role = myRoles().join(), note = '', kinds = ['idea', 'question', 'comment'];
    var vis = 'choice', can = true, i;
    if (s) {
      kinds = s.kinds.filter(function (k) {
        var only = s.kind_roles && s.kind_roles[k];
        return PHONE_KINDS.indexOf(k) >= 0 && (k !== 'note' || has('note_taker') ||
               s.contributors === 'roles' || !noteTakerFormat()) && (!only || only.some(has));
      });
      vis = s.visibility;
      if (s.contributors === 'nobody') { can = false; note = S['ph.listen']; }
      else if (s.contributors === 'roles' && !s.roles.some(has)) {
        can = false;
        note = Live.fmt(S['ph.roles_only'], {roles: s.roles.map(roleLabel).join(', ')});
      } else if (!kinds.length) {
        can = false;
        if (mode(s) === 'none' && !s.questions.length) note = S['ph.listen'];
      }
    }
    show($('post'), can);
    $('step-note').textContent = note;
    show($('step-note'), !!note);
    var radios = d.querySelectorAll('#post-kind input'), picked = kind(), want = get('kind');
    for (i = 0; i < radios.length; i++) {
      var on = kinds.indexOf(radios[i].value) >= 0;
      show(radios[i].parentNode, on);
      radios[i].disabled = !on;
    }
    var key = s ? room.activity.id + '/' + s.slot_index + role : '';
    if (key !== formKey || kinds.indexOf(picked) < 0) {
      formKey = key;
      picked = has('note_taker') && kinds.indexOf('note') >= 0 ? 'note' :
               kinds.indexOf(want) >= 0 ? want : kinds[0];
      var r = picked && d.querySelector('#post-kind input[value="' + picked + '"]');
      if (r) r.checked = true;
    }
    show($('post-anon-box'), vis !== 'named');
    show($('post-anon-note'), vis === 'anonymous');
    var must = vis === 'anonymous' || !!(me && me.anonymous);
    if (must) anon.checked = true;
    else if (forced) anon.checked = false;
    forced = must;
    anon.disabled = must;
    showAction();
  }

  function showAction() { show($('post-action'), kind() === 'action'); }

  // --- the room's items, votes

  function drawShared() {
    var s = step(), m = mode(s), box = $('shared-box'), rk = s && ranked(s);
    var on = !!s && (s.shared || m === 'upvote' || m === 'dots' || !!rk);
    var t = tallyFits(s) ? tally : null, n = rk || (m === 'upvote' && t && t.counts) || null;
    show(box, on);
    drawThumbs();
    if (!on) return;
    var aid = room.activity.id, ul = $('shared'), f = d.createDocumentFragment();
    var list = Object.keys(items).map(function (k) { return items[k]; }).filter(function (c) {
      return c.activity_id === aid && !c.hidden && (s.shared || VOTABLE[c.kind]);
    }).sort(function (a, b) {  // by votes (answered questions last), else newest first
      return n ? (a.answered ? 1 : 0) - (b.answered ? 1 : 0) || (n[b.id] || 0) - (n[a.id] || 0) || b.id - a.id : b.id - a.id;
    }).slice(0, 150);
    var top = rk && list.length && rk[list[0].id], ties = 0;
    list.forEach(function (c) { if (top && rk[c.id] === top) ties++; });
    list.forEach(function (c) {
      var li = item(c, s, m), k = rk && (rk[c.id] || 0);
      if (rk) {
        li.appendChild(mk('b', 'rk', k + (top && k === top && ties > 1 ? ' · ' + S['ph.dots_tie'] : '')));
        if (top && k === top) li.className = 'win';
      }
      f.appendChild(li);
    });
    ul.textContent = '';
    ul.appendChild(f);
    show($('shared-empty'), !list.length);
    drawVotes();
  }

  function item(c, s, m) {
    var li = mk('li'), meta = mk('div', 'meta');
    li.setAttribute('data-id', c.id);
    li.setAttribute('data-kind', c.kind);
    meta.appendChild(mk('span', 'kind', S['kind.' + c.kind] || c.kind));
    meta.appendChild(mk('span', 'anon', c.author ? c.author.name || c.author.organisation || '' : S.anonymous));
    if (c.answered) meta.appendChild(mk('span', 'st', '✓ ' + S['ag.answered']));
    if (c.validated) meta.appendChild(mk('span', 'st', '✓ ' + S['ag.validated']));
    li.appendChild(meta);
    li.appendChild(mk('p', 'txt', c.text));
    if (c.kind === 'action' && c.meta) li.appendChild(mk('p', 'act', Live.actionLine(c.meta, S)));
    // Not on my own question: it rises by the others' interest (the server refuses own_item).
    if (VOTABLE[c.kind] && m === 'upvote' && !mineHas(c.id)) li.appendChild(voteBtn('up', 'up', '', S['ph.upvote']));
    else if (VOTABLE[c.kind] && m === 'dots') {
      var row = mk('div', 'dots');
      row.appendChild(voteBtn('dot', '-1', '−', S['ph.dot_remove']));
      row.appendChild(mk('span', 'mydots'));
      row.appendChild(voteBtn('dot', '+1', '+', S['ph.dot_add']));
      li.appendChild(row);
    }
    return li;
  }

  function mineHas(id) {
    for (var i = 0; i < mine.length; i++) if (mine[i].id === id) return true;
    return false;
  }
  function voteBtn(cls, v, text, label) {
    var b = btn(cls, text, 'data-vote', v);
    b.setAttribute('aria-label', label);
    return b;
  }

  function btn(cls, text, k, v) {
    var b = mk('button', cls, text);
    b.type = 'button';
    b.setAttribute(k, v);
    return b;
  }

  function drawVotes() {
    var s = step(), m = mode(s), t = tallyFits(s) ? tally : null;
    var mine = t && t.mine || {}, counts = t && !t.hidden && t.counts;
    var lis = $('shared').children, i, cand = t && t.candidates;  // a run-off: only the tied
    for (i = 0; i < lis.length; i++) {
      var id = lis[i].getAttribute('data-id'), n = counts ? counts[id] || 0 : null, my = mine[id] || 0;
      var up = lis[i].querySelector('.up'), dots = lis[i].querySelector('.mydots');
      var out = !!cand && cand.indexOf(+id) < 0;
      lis[i].classList.toggle('out', out);
      if (up) {
        up.textContent = '▲ ' + (n == null ? '' : n);
        up.setAttribute('aria-pressed', my ? 'true' : 'false');
      }
      if (dots) {
        dots.textContent = (my ? new Array(my + 1).join('●') : '○') + (n == null ? '' : ' (' + n + ')');
        lis[i].querySelector('[data-vote="-1"]').disabled = !my;
        lis[i].querySelector('[data-vote="+1"]').disabled = out || !!(t && t.dots_left === 0);
      }
    }
    var left = m === 'dots' && t && t.dots_left != null;
    $('dots-left').textContent = cand && !cand.length ? S['ph.dots_no_tie'] :
      left ? Live.fmt(S['ph.dots_left'], {n: t.dots_left}) : '';
    show($('dots-left'), !!$('dots-left').textContent);
    show($('votes-hidden'), !!(s && m !== 'none' && m !== 'thumbs' && (!t ? s.voting.reveal === 'at_once' : t.hidden)));
    drawThumbs();
  }

  function drawThumbs() {
    var s = step(), on = mode(s) === 'thumbs', t = tallyFits(s) ? tally : null;
    show($('thumbs'), on);
    if (!on) return;
    var k = String(s.slot_index), my = t && t.mine ? t.mine[k] : null;
    var c = t && !t.hidden && t.counts ? t.counts[k] || {up: 0, side: 0, down: 0} : null;
    var bs = d.querySelectorAll('#thumbs button'), i, V = {up: 1, side: 0, down: -1};
    for (i = 0; i < bs.length; i++) {
      var name = bs[i].getAttribute('data-thumb');
      bs[i].setAttribute('aria-pressed', my === V[name] ? 'true' : 'false');
      bs[i].lastChild.textContent = c ? c[name] : '';
    }
  }

  function vote(itemId, value, btn) {
    if (!sock || !online) return;
    btn.disabled = true;
    Live.ask(sock, 'vote:cast', {item_id: itemId, value: value}, function (a) {
      btn.disabled = false;
      error('vote-error', a.ok ? '' : a.error.message || S['conn.lost']);
      if (a.ok && a.tally) tally = a.tally;
      drawVotes();
    });
  }

  $('shared').onclick = function (e) {
    var b = Live.up(e.target, 'button[data-vote]');
    if (!b) return;
    var id = +Live.up(b, 'li').getAttribute('data-id'), t = tallyFits(step()) ? tally : {};
    var my = t.mine && t.mine[String(id)] || 0, v = b.getAttribute('data-vote');
    vote(id, v === 'up' ? (my ? 0 : 1) : Math.max(0, my + +v), b);
  };

  $('thumbs').onclick = function (e) {
    var b = Live.up(e.target, 'button[data-thumb]'), s = step();
    if (!b || !s) return;
    var name = b.getAttribute('data-thumb');
    vote(0, b.getAttribute('aria-pressed') === 'true' ? null : name, b);
  };

  // --- end of a timed step: vibrate, beep if asked

  var ac = null;
  function audio() {
    var A = w.AudioContext || w.webkitAudioContext;
    if (!ac && A) { try { ac = new A(); } catch (e) {} }
    if (ac && ac.state === 'suspended' && ac.resume) ac.resume();
    return ac;
  }
  function beep() {
    var c = audio();
    if (!c) return;
    [0, 0.35].forEach(function (o) {
      var t = c.currentTime + o, g = c.createGain(), x = c.createOscillator();
      x.frequency.value = 880;
      g.gain.setValueAtTime(0.001, t);
      g.gain.exponentialRampToValueAtTime(0.6, t + 0.02);
      g.gain.exponentialRampToValueAtTime(0.001, t + 0.25);
      x.connect(g);
      g.connect(c.destination);
      x.start(t);
      x.stop(t + 0.3);
    });
  }
  function ring() {
    if (navigator.vibrate) { try { navigator.vibrate([300, 150, 300]); } catch (e) {} }
    if (get('sound') === '1') beep();
  }
  function soundBtn() { $('sound').setAttribute('aria-pressed', get('sound') === '1' ? 'true' : 'false'); }
  $('sound').onclick = function () {
    set('sound', get('sound') === '1' ? null : '1');
    soundBtn();
    if (get('sound') === '1') beep();
  };
  // Browsers allow sound only after a tap.
  d.addEventListener('click', function () { if (get('sound') === '1') audio(); }, true);
  soundBtn();
  Countdown.attach($('countdown'), cur, ring);

  // --- joining

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
  $('join-anonymous').onclick = function (e) { e.preventDefault(); join(true); };

  // --- posting

  // An action row's cells: who and when here, the others added by phone_actions.js.
  function cells(f) { [].forEach.call($('post-action').querySelectorAll('[data-k]'), f); }

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
    var it = {client_id: uuid(), kind: kind(), text: text,
              anonymous: !$('post-anon-box').hidden && anon.checked, at: Date.now() / 1000}, s = step();
    // Sent late (offline, or just as the facilitator moves on), it still goes where it was written.
    if (s) it.slot = {activity: room.activity.id, index: s.slot_index};
    if (it.kind === 'action') {
      it.meta = {};
      cells(function (x) { it.meta[x.getAttribute('data-k')] = x.value.trim(); x.value = ''; });
    }
    fresh().push(it);
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
  $('post-kind').onchange = function () { set('kind', kind()); showAction(); };

  // --- start

  var k = get('kind'), r = /^[a-z]+$/.test(k) && d.querySelector('#post-kind input[value="' + k + '"]');
  if (r) r.checked = true;
  ta.value = get('draft') || '';
  counter();
  showMe();
  render();
  // Joined by the plain form (before this script ran): the page brings the token.
  if (b.getAttribute('data-token')) set('token', b.getAttribute('data-token'));
  if (get('token')) { screen(true); start(); }
  else screen(false);
  if (w.io) b.className += ' ready';  // else live.js says the page did not load (#boot-fail)
})(window, document);
