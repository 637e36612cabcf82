/* Palabre projector: the join screen (QR + code) or the live wall. Read-only; follows the
   facilitator's mode changes, and J / W / F switch it locally. Above either, the agenda band:
   the activity, the step and its prompt, and a big countdown from the server's clock. */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk;
  var S = Live.strings(), b = d.body;
  var CODE = b.getAttribute('data-code'), LANG = b.getAttribute('data-lang');
  var items = {}, pinned = null, mode = b.getAttribute('data-mode') || 'join', timer = 0;
  var MAX_CARDS = 60;
  var room = null, tally = null;  // agenda.state data; the last visible tally of the activity


  function card(c, attr) {
    var el = mk(attr === 'data-id' ? 'article' : 'div', 'card kind-' + c.kind + (c.starred ? ' starred' : '') +
                (c.answered ? ' answered' : '') + (c.validated ? ' validated' : ''));
    if (attr) el.setAttribute(attr, c.id);
    el.setAttribute('data-kind', c.kind);
    var head = mk('span', 'kind', (c.starred ? '★ ' : '') + (S['kind.' + c.kind] || c.kind));
    el.appendChild(head);
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
    if (t.candidates && !t.candidates.length) return;
    tally = t;
  }

  // Results as bars: the items with the most votes, or the thumbs on the topic discussed now.
  function bars() {
    var s = cur(), rows = [], t = tally;
    if (!t || !t.counts) return rows;
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
      li.appendChild(mk('span', 'lbl', r.text));
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
    $('wall').hidden = m !== 'wall';
    $('show-join').setAttribute('aria-pressed', m === 'join' ? 'true' : 'false');
    $('show-wall').setAttribute('aria-pressed', m === 'wall' ? 'true' : 'false');
    if (m === 'wall') render();
  }

  function draw() { if (!timer) timer = setTimeout(render, 50); }

  function render() {
    timer = 0;
    var pin = $('pinned'), grid = $('wall-grid'), s = step(), noNotes = notesShown();
    var aid = s ? room.activity.id : null;
    drawSide();
    // While a step runs the wall shows that activity's items; shared notes have their own column;
    // private jottings (notes of a step that is not shared) are never projected.
    var list = Object.keys(items).map(function (k) { return items[k]; })
      .filter(function (c) {
        return !c.hidden && !(pinned && c.id === pinned.id) && (!aid || c.activity_id === aid) &&
               !(c.kind === 'note' && (noNotes || c.shared === false));
      })
      .sort(function (a, b) { return b.id - a.id; })
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

  // Biggest type that fits; the oldest cards that still do not fit are left out of sight.
  function fit() {
    if (mode !== 'wall') return;
    var H = w.innerHeight, pin = $('pinned'), grid = $('wall-grid'), size, i;
    if (!pin.hidden) {
      size = H / 11;
      pin.style.fontSize = size + 'px';
      while (size > H / 30 && pin.offsetHeight > H * 0.42) { size *= 0.9; pin.style.fontSize = size + 'px'; }
    }
    size = H / 16;
    grid.style.fontSize = size + 'px';
    while (size > H / 36 && grid.scrollHeight > grid.clientHeight + 1) {
      size *= 0.92;
      grid.style.fontSize = size + 'px';
    }
    // From the first card cut by the bottom edge on, hide: the wall shows the N newest, no holes.
    var limit = grid.clientHeight, cards = grid.children, cut = false;
    for (i = 0; i < cards.length; i++) {
      cut = cut || cards[i].offsetTop + cards[i].offsetHeight > limit;
      cards[i].style.visibility = cut ? 'hidden' : '';
    }
  }

  function title(t) {
    if (!t) return;
    $('event-title').textContent = t;
    $('wall-title').textContent = t;
    d.title = t + ' — Palabre';
  }

  // Once the restitution is published, the join screen shows a QR to it beside the join QR.
  function showRestitution(info) {
    if (!info) return;
    var box = $('rest-qr'), img = box.querySelector('img');
    img.src = img.getAttribute('data-src') + '?v=' + info.version;
    box.hidden = false;
  }

  Live.connect({
    role: 'projector', code: CODE, lang: LANG,
    onSnapshot: function (snap) {
      items = {};
      (snap.contributions || []).forEach(function (c) { if (!c.hidden) items[c.id] = c; });
      pinned = snap.pinned || null;
      if (snap.event) title(snap.event.title);
      room = null;
      tally = null;
      setRoom(snap.state || {activity: null});
      // On a results step (no voting of its own) the bars come from the last revealed vote.
      var shown = (snap.tallies || []).filter(showable);
      setTally(showable(snap.tally) ? snap.tally : shown[shown.length - 1] || snap.tally);
      setMode(snap.projector_mode || mode);
      showRestitution((snap.restitution || {}).published);
      draw();
    },
    onUpdate: function (u) {
      var x = u.data || {};
      switch (u.type) {
        case 'agenda.state':
          setRoom(x);
          break;
        case 'votes.updated':  // only the results column moves: the wall stays as it is
          setTally(x);
          var sideWas = $('side').hidden;
          drawSide();
          if ($('side').hidden === sideWas) return;
          break;
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

  $('show-join').onclick = function () { setMode('join'); };
  $('show-wall').onclick = function () { setMode('wall'); };
  d.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var k = (e.key || '').toLowerCase();
    if (k === 'j') setMode('join');
    else if (k === 'w') setMode('wall');
    else if (k === 'f') fullscreen();
  });
  var fitTimer = 0;
  w.addEventListener('resize', function () { clearTimeout(fitTimer); fitTimer = setTimeout(fit, 150); });
  Countdown.attach($('countdown'), cur);
  setMode(mode);
})(window, document);
