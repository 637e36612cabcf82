/* Palabre projector: the join screen (QR + code) or the live wall. Read-only; follows the
   facilitator's mode changes, and J / W / F switch it locally. */
(function (w, d) {
  'use strict';
  var S = Live.strings(), b = d.body;
  var CODE = b.getAttribute('data-code'), LANG = b.getAttribute('data-lang');
  var items = {}, pinned = null, mode = b.getAttribute('data-mode') || 'join', timer = 0;
  var MAX_CARDS = 60;

  function $(id) { return d.getElementById(id); }
  function mk(tag, cls, text) {
    var el = d.createElement(tag);
    if (cls) el.className = cls;
    if (text != null) el.textContent = text;
    return el;
  }

  function card(c, attr) {
    var el = mk(attr === 'data-id' ? 'article' : 'div', 'card kind-' + c.kind + (c.starred ? ' starred' : ''));
    if (attr) el.setAttribute(attr, c.id);
    el.setAttribute('data-kind', c.kind);
    el.appendChild(mk('span', 'kind', (c.starred ? '★ ' : '') + (S['kind.' + c.kind] || c.kind)));
    el.appendChild(mk('p', 'txt', c.text || ''));
    var who = c.author ? (c.author.name || '') + (c.author.organisation ? ', ' + c.author.organisation : '') : S.anonymous;
    el.appendChild(mk('p', c.author ? 'who' : 'who anon', '— ' + who));
    return el;
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
    var pin = $('pinned'), grid = $('wall-grid');
    var list = Object.keys(items).map(function (k) { return items[k]; })
      .filter(function (c) { return !c.hidden && !(pinned && c.id === pinned.id); })
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
    $('wall-empty').hidden = !!(pinned || list.length);
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

  Live.connect({
    role: 'projector', code: CODE, lang: LANG,
    onSnapshot: function (snap) {
      items = {};
      (snap.contributions || []).forEach(function (c) { if (!c.hidden) items[c.id] = c; });
      pinned = snap.pinned || null;
      if (snap.event) title(snap.event.title);
      setMode(snap.projector_mode || mode);
      draw();
    },
    onUpdate: function (u) {
      var x = u.data || {};
      switch (u.type) {
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
  w.addEventListener('resize', function () { clearTimeout(w._fitT); w._fitT = setTimeout(fit, 150); });
  setMode(mode);
})(window, document);
