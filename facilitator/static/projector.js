/* Palabre projector: the join screen (QR + code) or the live wall. Read-only; follows the
   facilitator's mode changes. J / W ask the server to switch (accepted from the facilitator's own
   browser), so the dashboard and a reload agree; F is full screen, local. Above either, the agenda band:
   the activity, the step and its prompt, and a big countdown from the server's clock. */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk;
  var S = Live.strings(), b = d.body;
  var CODE = b.getAttribute('data-code'), LANG = b.getAttribute('data-lang');
  var items = {}, pinned = null, mode = b.getAttribute('data-mode') || 'join', timer = 0;
  var MAX_CARDS = 60;
  var room = null, tally = null;  // agenda.state data; the last visible tally of the activity
  var VOTABLE = {idea: 1, question: 1};
  // "x of y have voted", when the facilitator shows it: a silent vote's progress (how many, not
  // for what), the people in the room now.
  var counterOn = false, phones = 0, progress = null;

  function drawCount() {
    var s = step(), el = $('agenda-count'), t = null, n = null;
    if (counterOn && s && s.voting && s.voting.mode !== 'none') {
      [progress, tally].forEach(function (x) {
        if (x && x.activity_id === room.activity.id && x.step_id === s.step_id) t = x;
      });
      n = t ? t.voters || 0 : 0;
      if (s.voting.mode === 'thumbs') {  // a thumb is on the topic discussed now
        var c = t && t.counts && t.counts[String(s.slot_index)];
        n = c ? c.up + c.side + c.down : 0;
      }
    }
    el.hidden = n == null;
    if (n != null) el.textContent = Live.plural(S, 'pj.voted', n, LANG, {count: Math.max(phones, n)});
  }

  // Upvote counts of the running activity ({id: n}), or null when it does not upvote; those of
  // the box open all day when the facilitator put it up (projector_background.js).
  function upvotes() {
    if (ProjectorBackground.shown()) return ProjectorBackground.counts();
    var t = tally;
    return t && t.mode === 'upvote' && t.counts && room && room.activity &&
      t.activity_id === room.activity.id ? t.counts : null;
  }


  function card(c, attr) {
    var el = mk(attr === 'data-id' ? 'article' : 'div', 'card kind-' + c.kind + (c.starred ? ' starred' : '') +
                (c.answered ? ' answered' : '') + (c.validated ? ' validated' : ''));
    if (attr) el.setAttribute(attr, c.id);
    el.setAttribute('data-kind', c.kind);
    var head = mk('span', 'kind', (c.starred ? '★ ' : '') + (S['kind.' + c.kind] || c.kind));
    el.appendChild(head);
    var ups = upvotes();  // Q&A: each question shows its upvotes, the wall is in their order
    if (ups && VOTABLE[c.kind]) head.appendChild(mk('b', 'ups', '▲ ' + (ups[c.id] || 0)));
    marks(head, c);
    el.appendChild(mk('p', 'txt', c.text || ''));
    if (c.kind === 'action' && c.meta) el.appendChild(mk('p', 'act', Live.actionLine(c.meta, S)));
    var who = c.author ? (c.author.name || '') + (c.author.organisation ? ', ' + c.author.organisation : '') : S.anonymous;
    el.appendChild(mk('p', c.author ? 'who' : 'who anon', '— ' + who));
    return el;
  }

  function marks(el, c) {
    if (c.answered) el.appendChild(mk('b', 'mark', '✓ ' + S['ag.answered']));
    if (c.validated) el.appendChild(mk('b', 'mark', '✓ ' + S['ag.validated']));
  }

  // --- the agenda -------------------------------------------------------------------------------

  function cur() { return room && room.activity ? room[LANG] : null; }
  function step() {  // the step the room is in; null on the open wall
    var s = cur();
    return s && (s.status === 'running' || s.status === 'paused') ? s : null;
  }
  function notesShown() {
    var s = step();
    return !!(s && s.shared && s.kinds.indexOf('note') >= 0);
  }

  function drawAgenda() {
    var a = room && room.activity, s = cur(), band = $('agenda');
    band.hidden = !a;
    b.classList.toggle('has-agenda', !!a);
    if (!a) return;
    var lines = Live.agendaLines(a, s, S, LANG);
    $('agenda-title').textContent = lines.title;
    $('agenda-step').textContent = lines.step;
    $('agenda-part').textContent = lines.part;
    $('agenda-part').hidden = !lines.part;
    $('agenda-prompt').textContent = lines.prompt;
    band.setAttribute('data-timed', lines.timed ? '1' : '0');
    fitLine($('agenda-title'), 1);
    fitLine($('agenda-step'), 2);
    fitLine($('event-title'), 2);
    drawCount();
  }

  function setRoom(data) {
    var was = room && room.activity, s;
    room = data;
    s = step();
    // A tally stays up (results step after a vote) until another activity or vote replaces it;
    // a run-off keeps the round it breaks the tie of on screen until its own reveal.
    if (tally && (!data.activity || !was || was.id !== data.activity.id ||
                  (s && s.voting && s.voting.mode !== 'none' && s.step_id !== tally.step_id &&
                   s.voting.among !== tally.step_id))) tally = null;
    drawAgenda();
  }

  // Counts to draw; a run-off with no tie has nothing to show.
  function showable(t) { return !!(t && t.counts && !(t.candidates && !t.candidates.length)); }

  function setTally(t) {
    if (!t || !room || !room.activity || t.activity_id !== room.activity.id) return;
    if (t.hidden) { progress = t; return; }  // a silent vote: the bars on screen stay
    if (t.candidates && !t.candidates.length) return;
    tally = t;
  }

  // Results as bars: the items with the most votes, or the thumbs on the topic discussed now.
  function bars() {
    var s = cur(), rows = [], t = tally;
    if (!t || !t.counts || t.mode === 'upvote') return rows;  // upvotes order the wall instead
    if (t.mode === 'thumbs') {
      var c = s && t.counts[String(s.slot_index)];
      if (c) rows = ['up', 'side', 'down'].map(function (k) {
        return {text: S['ag.thumb_' + k], n: c[k], k: k}; });
    } else {
      rows = Object.keys(t.counts).map(function (id) {
        var c = items[id];
        return c && !c.hidden ? {text: c.text, n: t.counts[id], id: id} : null;
      }).filter(function (r) { return r && r.n > 0; })
        .sort(function (x, y) { return y.n - x.n || x.id - y.id; }).slice(0, 8);
      // The outcome, once it is one: revealed, or the room has moved on from voting.
      var s2 = step(), voting = s2 && s2.voting && s2.voting.mode !== 'none' && s2.step_id === t.step_id;
      if (rows.length && (t.revealed || !voting)) {
        var top = rows.filter(function (r) { return r.n === rows[0].n; });
        top.forEach(function (r) { r.first = top.length > 1 ? 'tie' : 'winner'; });
      }
    }
    return rows;
  }

  function drawSide() {
    var rows = bars(), max = 1, ol = $('bars'), notes = [], f, showNotes = notesShown();
    rows.forEach(function (r) { max = Math.max(max, r.n); });
    ol.textContent = '';
    rows.forEach(function (r) {
      var li = mk('li');
      if (r.id) li.setAttribute('data-id', r.id);
      if (r.k) li.setAttribute('data-thumb', r.k);
      if (r.first) li.setAttribute('data-first', r.first);
      li.appendChild(mk('span', 'lbl', r.text));
      if (r.first) li.appendChild(mk('span', 'first', S[r.first === 'tie' ? 'pj.tie' : 'pj.winner']));
      var bar = mk('span', 'bar');
      bar.style.width = Math.max(2, 100 * r.n / max) + '%';
      li.appendChild(bar);
      li.appendChild(mk('span', 'n', String(r.n)));
      ol.appendChild(li);
    });
    $('results-title').textContent = S[tally && tally.mode === 'thumbs' ? 'pj.results_topic' : 'pj.results'];
    $('results').hidden = !rows.length;
    if (showNotes) {
      var aid = room.activity.id, sid = step().step_id;
      notes = Object.keys(items).map(function (k) { return items[k]; }).filter(function (c) {
        return c.kind === 'note' && !c.hidden && c.activity_id === aid && c.step_id === sid;
      }).sort(function (x, y) { return x.id - y.id; });
    }
    var nl = $('notes-list'), topic = null;
    f = d.createDocumentFragment();
    notes.forEach(function (c) {
      if (c.topic && c.topic !== topic) f.appendChild(mk('li', 'topic', c.topic));
      topic = c.topic;
      var li = mk('li', 'note' + (c.validated ? ' validated' : ''));
      li.setAttribute('data-id', c.id);
      if (c.validated) li.appendChild(mk('b', 'mark', '✓ ' + S['ag.validated']));
      li.appendChild(mk('span', 'txt', c.text || ''));
      f.appendChild(li);
    });
    nl.textContent = '';
    nl.appendChild(f);
    $('notes').hidden = !showNotes;
    $('side').hidden = !rows.length && !showNotes;
    nl.scrollTop = nl.scrollHeight;  // the newest note in sight
  }

  function setMode(m) {
    if (m !== 'join' && m !== 'wall') return;
    mode = m;
    b.setAttribute('data-view', m);
    $('join-panel').hidden = m !== 'join';
    groupsOrWall();
    if (m === 'join') fitLine($('event-title'), 2);
    $('show-join').setAttribute('aria-pressed', m === 'join' ? 'true' : 'false');
    $('show-wall').setAttribute('aria-pressed', m === 'wall' ? 'true' : 'false');
    if (m === 'wall') render();
  }

  // In a group or report step the groups' view (projector_groups.js) takes the wall's place.
  function groupsOrWall() {
    $('wall').hidden = mode !== 'wall' || ProjectorGroups.on();
    ProjectorGroups.draw();
  }

  function draw() { if (!timer) timer = setTimeout(render, 50); }

  // Newest first; in Q&A the most upvoted first, answered questions after the open ones.
  function byVotes(ups) {
    return function (a, b) {
      if (!ups) return b.id - a.id;
      return (a.answered ? 1 : 0) - (b.answered ? 1 : 0) || (ups[b.id] || 0) - (ups[a.id] || 0) ||
             b.id - a.id;
    };
  }

  function render() {
    timer = 0;
    var pin = $('pinned'), grid = $('wall-grid'), s = step(), noNotes = notesShown();
    // A box open all day put up by the facilitator takes the current activity's place.
    var bg = ProjectorBackground.shown(), aid = bg ? bg.id : s ? room.activity.id : null;
    drawSide();
    // While a step runs the wall shows that activity's items; shared notes have their own column;
    // private jottings (notes of a step that is not shared) are never projected.
    var list = Object.keys(items).map(function (k) { return items[k]; })
      .filter(function (c) {
        return !c.hidden && !(pinned && c.id === pinned.id) && (!aid || c.activity_id === aid) &&
               !(c.kind === 'note' && (noNotes || c.shared === false));
      })
      .sort(byVotes(upvotes()))
      .slice(0, MAX_CARDS);
    pin.textContent = '';
    if (pinned) { pin.appendChild(card(pinned, null)); pin.setAttribute('data-pinned-id', pinned.id); }
    else pin.removeAttribute('data-pinned-id');
    pin.hidden = !pinned;
    var f = d.createDocumentFragment();
    list.forEach(function (c) { f.appendChild(card(c, 'data-id')); });
    grid.textContent = '';
    grid.appendChild(f);
    grid.hidden = !list.length;
    $('wall-empty').hidden = !!(pinned || list.length || !$('side').hidden);
    fit();
  }

  // Biggest type that fits; the oldest cards that still do not fit are left out of sight, whole:
  // a card is never cut. A newest card too long for the wall at the smallest type gets its own
  // smaller type, so its whole text is still on the wall.
  function fit() {
    if (mode !== 'wall') return;
    var H = w.innerHeight, pin = $('pinned'), grid = $('wall-grid'), size, i;
    fitLine($('wall-title'), 2);
    if (!pin.hidden) {
      size = H / 11;
      pin.style.fontSize = size + 'px';
      while (size > H / 40 && pin.offsetHeight > H * 0.42) { size *= 0.9; pin.style.fontSize = size + 'px'; }
    }
    size = H / 16;
    grid.style.fontSize = size + 'px';
    while (size > H / 36 && grid.scrollHeight > grid.clientHeight + 1) {
      size *= 0.92;
      grid.style.fontSize = size + 'px';
    }
    var limit = grid.clientHeight, cards = grid.children, cut = false, one;
    for (i = 0; i < cards.length; i++) cards[i].style.fontSize = '';
    one = cards[0];
    for (size = 1; one && size > 0.4 && one.offsetTop + one.offsetHeight > limit; size *= 0.9) {
      one.style.fontSize = size * 0.9 + 'em';
    }
    // From the first card cut by the bottom edge on, hide: the wall shows the N newest, no holes.
    for (i = 0; i < cards.length; i++) {
      cut = cut || cards[i].offsetTop + cards[i].offsetHeight > limit + 1;
      cards[i].style.visibility = cut ? 'hidden' : '';
    }
  }

  // A title line: the whole text, on at most ``lines`` lines, in the biggest type that holds it.
  function fitLine(el, lines) {
    if (!el || !el.offsetParent) return;
    el.style.fontSize = '';
    var size = parseFloat(getComputedStyle(el).fontSize), least = size * 0.5;
    function over() {
      var lh = parseFloat(getComputedStyle(el).lineHeight) || size * 1.2;
      return el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > lh * lines + 2;
    }
    while (size > least && over()) { size *= 0.92; el.style.fontSize = size + 'px'; }
  }

  function title(t) {
    if (!t) return;
    $('event-title').textContent = t;
    $('wall-title').textContent = t;
    d.title = t + ' — Palabre';
    fitLine($('event-title'), 2);
    fitLine($('wall-title'), 2);
  }


  // --- the idea fair: the schedule grid and the slot's countdown, the stands, the awards --------

  var fair = null, fairById = {};
  function setFair(f) {
    fair = f || null;
    fairById = {};
    (fair ? fair.kiosks : []).forEach(function (k) { fairById[k.id] = k; });
  }
  function fairClock() {
    var s = fair && fair.slot;
    return s ? {status: s.status, ends_at: s.ends_at, remaining_s: s.seconds_left, paused: s.status === 'paused',
                slot_index: s.index, started_at: 0, warning_s: fair.schedule ? fair.schedule.warning_seconds : 0} : null;
  }
  function P(key, n) { return Live.plural(S, key, n, LANG); }
  function drawFair() {
    var s = fair && fair.slot, box = $('fair-screen');
    // Until the facilitator picks a view, a running fair shows its schedule and clock.
    var view = fair && (fair.projector_view || (s && s.status !== 'not_started' ? 'schedule' : null));
    var on = !!view;
    b.toggleAttribute('data-fair', on);
    box.hidden = !on;
    if (!on) return;
    box.setAttribute('data-view', view);
    var body = $('fair-body');
    body.textContent = '';
    var rotation = s && s.mode === 'rotation' && fair.schedule && fair.schedule.slots.length;
    var running = s && s.status !== 'not_started' && s.status !== 'finished';
    $('fair-clock-box').hidden = !running || view === 'award' || view === 'kiosks';
    $('fair-heading').textContent = view === 'award' ? S['fj.award'] : view === 'kiosks' ? S['fj.kiosks'] :
      rotation ? S['fj.schedule'] : S['fj.free'];
    $('fair-slot').textContent = rotation && s.index != null ?
      Live.fmt(S['fair.slot'], {n: s.index + 1, count: s.slot_count}) : S['fj.free_left'];
    if (view === 'schedule' && rotation) {
      var t = mk('table', 'fair-grid');
      t.id = 'fair-grid';
      FairGrid(t, fair.schedule, s, function (id) { return fairById[id] ? fairById[id].title : '—'; }, S,
               function (g) { return Live.fmt(S['fair.group'], {n: g + 1}); });
      body.appendChild(t);
    } else if (view === 'kiosks' || view === 'schedule' && !running) {
      var ul = mk('ul', 'fair-kiosks');
      fair.kiosks.forEach(function (k) {
        var li = mk('li');
        li.appendChild(mk('strong', 'code', k.code));
        li.appendChild(mk('span', 'ttl', k.title));
        if (k.organisation) li.appendChild(mk('span', 'org', k.organisation));
        ul.appendChild(li);
      });
      body.appendChild(ul);
    } else if (view === 'award') {
      award(body);
    }
  }
  function award(body) {
    var j = fair.jury, dots = fair.dots, any = false;
    if (j && j.revealed && j.results) {
      any = true;
      body.appendChild(mk('h2', null, S['fj.award_jury']));
      var ol = mk('ol', 'fair-award');
      ol.id = 'fair-award-jury';
      j.results.filter(function (x) { return x.rank != null; }).slice(0, 8).forEach(function (x) {
        var li = mk('li', x.rank === 1 ? 'first' : null), k = fairById[x.kiosk_id];
        li.setAttribute('data-kiosk-id', x.kiosk_id);
        li.appendChild(mk('span', 'rank', String(x.rank)));
        li.appendChild(mk('span', 'ttl', k ? k.title : '—'));
        if (k && k.organisation) li.appendChild(mk('span', 'org', k.organisation));
        if (x.ex_aequo) li.appendChild(mk('span', 'tie', S['fair.tie']));
        li.appendChild(mk('span', 'n', x.score.toFixed(1)));
        ol.appendChild(li);
      });
      body.appendChild(ol);
    }
    if (dots && dots.revealed && dots.counts) {
      any = true;
      body.appendChild(mk('h2', null, S['fj.award_dots']));
      var rows = fair.kiosks.map(function (k) { return {k: k, n: dots.counts[k.id] || 0}; })
        .sort(function (a, c) { return c.n - a.n || a.k.position - c.k.position; }).slice(0, 8);
      var dl = mk('ol', 'fair-award dots'), rank = 0, last = null;
      dl.id = 'fair-award-dots';
      rows.forEach(function (r, i) {
        if (r.n !== last) { rank = i + 1; last = r.n; }
        var li = mk('li', rank === 1 ? 'first' : null), tied = rows.filter(function (x) { return x.n === r.n; }).length > 1;
        li.appendChild(mk('span', 'rank', String(rank)));
        li.appendChild(mk('span', 'ttl', r.k.title));
        if (tied) li.appendChild(mk('span', 'tie', S['fair.tie']));
        li.appendChild(mk('span', 'n', P('fair.dots', r.n)));
        dl.appendChild(li);
      });
      body.appendChild(dl);
    }
    if (!any) body.appendChild(mk('p', 'awaiting', S['fj.awaiting']));
  }
  function fairUpdate(u) {
    var x = u.data || {};
    if (!fair || x.activity_id !== fair.activity_id) return false;
    switch (u.type) {
      case 'fair.kiosks': fair.kiosks = x.kiosks; setFair(fair); break;
      case 'fair.schedule': fair.schedule = x; break;
      case 'fair.slot': fair.slot = x; Countdown.sync(x.server_time); break;
      case 'fair.dots': fair.dots = x; break;
      case 'fair.jury': fair.jury = x; break;
      case 'fair.projector': fair.projector_view = x.view; break;
      default: return false;
    }
    drawFair();
    return true;
  }

  // Once the restitution is published, the join screen shows a QR to it beside the join QR.
  function showRestitution(info) {
    if (!info) return;
    var box = $('rest-qr'), img = box.querySelector('img');
    img.src = img.getAttribute('data-src') + '?v=' + info.version;
    box.hidden = false;
  }

  var sock = Live.connect({
    role: 'projector', code: CODE, lang: LANG,
    onSnapshot: function (snap) {
      items = {};
      (snap.contributions || []).forEach(function (c) { if (!c.hidden) items[c.id] = c; });
      ProjectorBackground.snapshot(snap).forEach(function (c) { if (!c.hidden) items[c.id] = c; });
      pinned = snap.pinned || null;
      if (snap.event) title(snap.event.title);
      room = null;
      tally = null;
      progress = snap.tally && snap.tally.hidden ? snap.tally : null;
      counterOn = !!snap.counter_on_wall;
      phones = snap.phones || 0;
      setRoom(snap.state || {activity: null});
      // On a results step (no voting of its own) the bars come from the last revealed vote.
      var shown = (snap.tallies || []).filter(showable);
      setTally(showable(snap.tally) ? snap.tally : shown[shown.length - 1] || snap.tally);
      ProjectorGroups.snapshot(snap);
      setMode(snap.projector_mode || mode);
      setFair(snap.fair);
      drawFair();
      showRestitution((snap.restitution || {}).published);
      ProjectorStaff.snapshot(snap);
      draw();
    },
    onUpdate: function (u) {
      ProjectorStaff.update(u);
      if (ProjectorGroups.update(u)) groupsOrWall();
      var x = u.data || {};
      if (fairUpdate(u)) return;
      if (ProjectorBackground.update(u)) return draw();
      switch (u.type) {
        case 'agenda.state':
          setRoom(x);
          // Another activity: the fair's screen goes until a snapshot brings the new one's.
          if (fair && (!x.activity || x.activity.id !== fair.activity_id)) { setFair(null); drawFair(); }
          break;
        case 'votes.updated':  // only the results column moves, unless upvotes order the wall
          setTally(x);
          drawCount();
          var sideWas = $('side').hidden;
          drawSide();
          if ($('side').hidden === sideWas && !upvotes()) return;
          break;
        case 'votes.background':  // a box open all day that is not on the wall
          return;
        case 'contribution.created':
        case 'contribution.updated':
          if (x.hidden) {
            delete items[x.id];
            if (pinned && pinned.id === x.id) pinned = null;  // hiding unpins on the server
          } else {
            items[x.id] = x;
            if (pinned && pinned.id === x.id) pinned = x;
          }
          break;
        case 'wall.pinned':
          pinned = x.contribution || null;
          break;
        case 'projector.mode':
          setMode(x.mode);
          break;
        case 'projector.counter':
          counterOn = !!x.on;
          drawCount();
          return;
        case 'event.updated':
          title(x.title);
          break;
        case 'restitution.published':
          showRestitution(x);
          break;
      }
      draw();
    },
    onStatus: function (st, e) {
      var el = $('conn');
      el.setAttribute('data-state', st === 'online' ? 'online' : 'offline');
      el.textContent = st === 'online' ? '' : (e && e.message) || S['conn.lost'];
    }
  });

  function fullscreen() {
    if (d.fullscreenElement) { if (d.exitFullscreen) d.exitFullscreen(); }
    else if (d.documentElement.requestFullscreen) d.documentElement.requestFullscreen();
  }

  // The mode is the room's (projector:mode): switch when the server says so, like the dashboard.
  function askMode(m) {
    if (!sock) return;
    Live.ask(sock, 'projector:mode', {mode: m}, function (a) {
      if (a.ok) { setMode(a.mode); return; }
      var el = $('conn');
      el.setAttribute('data-state', 'note');
      el.textContent = a.error && a.error.code === 'not_signed_in' ? S['pj.keys_dashboard'] :
        (a.error && a.error.message) || S['conn.lost'];
      clearTimeout(noteTimer);
      noteTimer = setTimeout(function () { if (el.getAttribute('data-state') === 'note') el.textContent = ''; }, 4000);
    });
  }
  var noteTimer = 0;
  sock.on('presence', function (x) { if (x && x.phones != null) { phones = x.phones; drawCount(); } });
  $('show-join').onclick = function () { askMode('join'); };
  $('show-wall').onclick = function () { askMode('wall'); };
  d.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var k = (e.key || '').toLowerCase();
    if (k === 'j') askMode('join');
    else if (k === 'w') askMode('wall');
    else if (k === 'f') fullscreen();
  });
  var fitTimer = 0;
  w.addEventListener('resize', function () {
    clearTimeout(fitTimer);
    fitTimer = setTimeout(function () { fit(); fitLine($('event-title'), 2); fitLine($('agenda-title'), 1); }, 150);
  });
  Countdown.attach($('countdown'), cur);
  ProjectorGroups.init({strings: S, lang: LANG, wall: function () { return mode === 'wall'; }});
  ProjectorBackground.init({strings: S, lang: LANG});
  Countdown.attach($('fair-countdown'), fairClock);
  setMode(mode);
})(window, document);
