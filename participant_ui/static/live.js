/* Palabre live link, shared by the phone, the dashboard and the projector.
   The reconnect rule, written once: after every connect, ask `sync` with the last sequence
   number applied; buffer live updates until the answer is applied; never apply a seq twice. */
(function (w) {
  'use strict';

  // An emit with an ack and a time limit: cb always gets {ok, ...} (a lost ack is {ok:false,
  // error:{code:'timeout'}}), so a caller has one shape to handle.
  function ask(s, name, data, cb, ms) {
    s.timeout(ms || 8000).emit(name, data, function (err, ack) {
      if (!cb) return;
      if (err || !ack) cb({ok: false, error: {code: 'timeout', message: ''}});
      else cb(ack);
    });
  }

  // o: {role, code, lang, token(): string?, since(): int?, onSnapshot(snap, ack),
  //     onUpdate(u, replayed), onSync(ack), onStatus(state, error?)}; state: online | offline |
  //     refused. replayed: from the sync answer, so its server time is old. The countdowns
  //     (countdown.js) are kept to the server's clock here, for every screen.
  function connect(o) {
    var last = 0, synced = false, buf = [], gen = 0;
    function nop() {}
    var onStatus = o.onStatus || nop;
    // WebSocket first: connected in two round trips, never an upgrade for `sync` to wait for.
    // Where WebSockets are blocked, the same attempt falls back to long-polling (and stays there).
    // auth.sync: the server answers the sync with the connection, one round trip sooner.
    var s = w.io({
      transports: ['websocket', 'polling'], tryAllTransports: true,
      auth: function (cb) {
        var a = {role: o.role, event: o.code, lang: o.lang, since: o.since ? o.since() : last,
                 sync: true};
        if (o.token) a.token = o.token();
        cb(a);
      }
    });

    function apply(u, replayed) {
      if (!u || typeof u.seq !== 'number' || u.seq <= last) return;
      // A live step change carries the server's time: every countdown keeps to it.
      var st = u.type === 'agenda.state' && u.data && (u.data.fr || u.data.en);  // a phone's: one
      if (!replayed && st && w.Countdown) w.Countdown.sync(st.server_time);
      o.onUpdate(u, !!replayed);
      last = u.seq;
    }

    s.on('update', function (u) {
      if (synced) apply(u); else buf.push(u);
    });

    // fanout: under load the server sends several updates as one `updates` message, in
    // sequence order (docs/protocol.md §6.3); each is taken as if it came alone.
    s.on('updates', function (list) {
      (list || []).forEach(function (u) { if (synced) apply(u); else buf.push(u); });
    });

    function sync(fresh) {  // fresh: a snapshot whatever was applied (resync)
      var g = ++gen;
      synced = false;
      buf = [];
      ask(s, 'sync', {since: fresh === true ? 0 : o.since ? o.since() : last},
          function (ack) { answered(g, ack); }, 15000);
    }

    // The answer to connection g's sync: apply it, then what came live meanwhile.
    function answered(g, ack) {
      if (g !== gen || synced) return;  // an answer to an older connection, or a second one
      if (!ack.ok) {
        // No answer in time, or refused: start over on a fresh connection.
        onStatus('offline', ack.error);
        s.disconnect();
        setTimeout(function () { s.connect(); }, 2000);
        return;
      }
      if (w.Countdown) w.Countdown.sync(ack.server_time);
      if (ack.snapshot) {
        o.onSnapshot(ack.snapshot, ack);
        last = ack.seq;
      } else {
        (ack.entries || []).forEach(function (u) { apply(u, true); });
      }
      synced = true;
      var pending = buf;
      buf = [];
      pending.forEach(function (u) { apply(u); });
      onStatus('online');
      if (o.onSync) o.onSync(ack);
    }
    // The answer asked in auth comes just before 'connect' (Socket.IO hands over what arrived
    // first); a server that does not send it is asked.
    s.on('synced', function (ack) { answered(gen, ack); });
    s.on('connect', function () { if (!synced) sync(); });

    s.on('disconnect', function () {
      gen++;
      synced = false;
      buf = [];
      onStatus('offline');
    });

    s.on('connect_error', function (err) {
      var e = err && err.data;
      if (e && e.code) {
        // Refused by the server: socket.io does not retry by itself.
        onStatus('refused', e);
        if (e.code === 'throttled') setTimeout(function () { s.connect(); }, 60000);
      } else {
        onStatus('offline');
      }
    });

    // The network is back: a fresh connection now, not when Socket.IO's retry wait ends (the
    // old link may be dead without knowing it). A phone's network gone: it says so at once, not
    // after the ping timeout (the laptop's screens on localhost work without any network).
    w.addEventListener('online', function () { s.disconnect(); s.connect(); });
    w.addEventListener('offline', function () { if (o.role === 'participant') onStatus('offline'); });

    // resync(): sync again on this connection (a phone wants a fresh snapshot).
    s.live = {resync: function () { if (s.connected) sync(true); }};
    return s;
  }

  function strings() {
    var el = document.getElementById('strings');
    try { return JSON.parse(el.textContent); } catch (e) { return {}; }
  }

  function fmt(str, params) {
    return String(str || '').replace(/\{(\w+)\}/g, function (m, k) {
      return params && params[k] != null ? params[k] : m;
    });
  }

  // "1 membre", "4 membres": a count's words, key + ".one" or ".other" by the language's rule
  // (French puts 0 and 1 in the singular, English only 1); never "(s)". params: more values.
  function plural(S, key, n, lang, params) {
    var p = params || {};
    p.n = n;
    return fmt(S[key + ((lang === 'fr' ? n < 2 : n === 1) ? '.one' : '.other')], p);
  }

  // The lines a screen shows for where the room is (phone banner, projector band): one wording.
  function agendaLines(activity, s, S, lang) {
    var fin = s.status === 'finished', part = '';
    if (!fin && s.part_id && s.part_id !== s.step_id) {
      part = s.topic_index >= 0 && s.topic ? fmt(S['ag.round'], {
        label: s.label, n: s.topic_index + 1, count: s.topic_count, topic: s.topic}) : s.label;
    } else if (!fin && s.topic) part = s.topic;
    return {
      title: activity.title || activity.format_label && activity.format_label[lang] || '',
      step: fin ? S['ag.finished'] : s.step_label == null ? '' :
        fmt(S['ag.step'], {n: s.step_index + 1, count: s.step_count,
                           label: s.step_label.replace(/^\d+\.\s+/, '')}),
      part: part,
      prompt: fin ? '' : s.prompt || '',
      timed: !fin && (s.ends_at != null || s.remaining_s != null)
    };
  }

  // The two DOM helpers every screen uses.
  function $(id) { return document.getElementById(id); }
  function mk(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text != null) el.textContent = text;
    return el;
  }

  // el or its nearest ancestor matching sel: Element.closest, which old WebViews lack.
  function up(el, sel) {
    for (; el && el.nodeType === 1; el = el.parentNode) {
      var m = el.matches || el.webkitMatchesSelector || el.msMatchesSelector;
      if (m && m.call(el, sel)) return el;
    }
    return null;
  }

  // A page whose own script did not start (a file failed to load on a weak link) says so and
  // offers a reload (#boot-fail), instead of "Connecting…" for ever. The script marks the body
  // "ready" once it runs; the page's load event comes after every script ran or failed.
  w.addEventListener('load', function () {
    var f = $('boot-fail');
    if (f && !/\bready\b/.test(document.body.className)) f.className += ' on';
  });

  // An action item's who / when / status, as phone and projector show it.
  function actionLine(m, S) {
    var bits = [];
    if (m.who) bits.push(fmt(S['ag.who'], {who: m.who}));
    if (m.when) bits.push(fmt(S['ag.when'], {when: m.when}));
    if (m.status) bits.push(S['ag.status_' + m.status] || m.status);
    return bits.join(' · ');
  }

  // A feature's phone script (groups, fair, restitution) loads when the room enters it, once,
  // with its stylesheet if the page lists one (name.css). The page lists the addresses in
  // #scripts (they carry the static version like every file); the script registers itself in
  // Live.features[name]. cb runs once it is there.
  var loading = {};
  function load(name, cb) {
    var q = loading[name];
    if (q === true) return cb && cb();
    if (q) return cb && q.push(cb);
    q = loading[name] = cb ? [cb] : [];
    var urls = {};
    try { urls = JSON.parse($('scripts').textContent); } catch (e) {}
    if (urls[name + '.css']) {  // its styles: a file, as the pages' security policy wants
      var css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = urls[name + '.css'];
      document.head.appendChild(css);
    }
    var el = document.createElement('script');
    el.src = urls[name];
    el.onload = function () { loading[name] = true; q.forEach(function (f) { f(); }); };
    el.onerror = function () { delete loading[name]; };  // the next call tries again
    document.head.appendChild(el);
  }

  w.Live = {connect: connect, ask: ask, strings: strings, fmt: fmt, agendaLines: agendaLines,
            actionLine: actionLine, $: $, mk: mk, up: up, load: load, features: {}, plural: plural};
})(window);
