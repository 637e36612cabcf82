/* Palabre projector, breakout groups: every group's progress, one group (its stream and
   sheet), or the plenary report-back (each submitted sheet in turn, large, with the group's
   countdown on the server's clock). projector.js hands it the snapshot and every update; it
   takes the wall's place while the room is in a group or report step (docs/protocol.md §10.6). */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk, fmt = Live.fmt;
  var S = {}, LANG = 'fr', G = null, room = null, showWall = null;
  var LISTS = ['key_points', 'disagreements', 'recommendations'];
  var ROW = ['what', 'who', 'partners', 'when', 'resources', 'indicator', 'status'];

  function el(tag, cls, text, parent) {
    var e = mk(tag, cls, text);
    if (parent) parent.appendChild(e);
    return e;
  }
  function step() { var s = room && room.activity ? room[LANG] : null; return s && (s.status === 'running' || s.status === 'paused') ? s : null; }
  function name(g) { return g.name || fmt(S['gr.group'], {n: g.number}); }
  function live(sheet, f) { return (sheet[f] || []).filter(function (x) { return !x.removed && x.value !== ''; }); }

  // What to show: the report-back in a report step, else what the facilitator projected.
  function view() {
    var s = step();
    if (!G || !s || !(s.groups || s.report_minutes)) return null;
    return s.report_minutes ? 'report' : G.view === 'group' && G.group ? 'group' : 'progress';
  }
  function on() { return !!view(); }

  function draw() {
    var box = $('groups-view'), v = view();
    box.hidden = !v || !showWall();
    d.body.classList.toggle('groups-on', !box.hidden);
    if (box.hidden) return;
    box.setAttribute('data-view', v);
    var main = $('gv-main');
    main.textContent = '';
    $('gv-clock').hidden = v !== 'report';
    if (v === 'progress') progress(main);
    else if (v === 'group') group(main, G.group);
    else report(main);
    fit(main);
  }

  function progress(main) {
    el('h2', 'gv-title', S['gpj.progress'], main);
    var grid = el('div', 'gv-grid', null, main);
    (G.groups || []).slice().sort(function (a, b) { return a.number - b.number; }).forEach(function (g) {
      var c = el('div', 'gv-card', null, grid);
      c.setAttribute('data-group-id', g.id);
      if (g.sheet_status === 'submitted') c.classList.add('done');
      el('b', null, name(g), c);
      if (g.theme) el('p', 'gv-theme', g.theme, c);
      if (g.progress) {
        var bar = el('span', 'gv-bar', null, c);
        el('span', null, null, bar).style.width = 100 * g.progress.filled / (g.progress.total || 1) + '%';
        el('p', 'gv-n', g.progress.submitted ? '✓ ' + S['gr.submitted'] : fmt(S['gr.progress'], g.progress), c);
      }
    });
  }

  function group(main, x) {
    el('h2', 'gv-title', name(x.group) + (x.group.theme ? ' — ' + x.group.theme : ''), main);
    var cols = el('div', 'gv-cols', null, main), left = el('ol', 'gv-stream', null, cols);
    (x.stream || []).slice(0, 12).forEach(function (c) { el('li', null, c.text, left); });
    if (x.sheet) sheet(el('div', 'gv-sheet', null, cols), x.sheet);
  }

  function report(main) {
    var r = G.report || {}, order = r.order || [], gid = r.group_id, sheets = r.sheets || {};
    if (gid == null) {  // before the first group: the order of passage
      el('h2', 'gv-title', S['gpj.report'], main);
      var ol = el('ol', 'gv-order', null, main);
      order.forEach(function (id) { var x = sheets[id] || byId(id); if (x) el('li', null, name(x.group || x) + themeOf(x), ol); });
      return;
    }
    var x = sheets[gid], g = x ? x.group : byId(gid) || {number: '?'};
    var head = el('div', 'gv-head', null, main);
    el('span', 'gv-of', fmt(S['gpj.of'], {n: r.index + 1, count: order.length}), head);
    el('h2', 'gv-title', name(g) + themeOf(x || g), head);
    if (x && x.sheet) sheet(main, x.sheet);
    else el('p', 'gv-wait', S['gpj.waiting'], main);
    var next = order[r.index + 1], nx = next != null && (sheets[next] || byId(next));
    if (nx) el('p', 'gv-next', fmt(S['gpj.next'], {name: name(nx.group || nx)}), main);
  }
  function themeOf(x) { var t = x && (x.theme || x.group && x.group.theme); return t ? ' — ' + t : ''; }
  function byId(id) {
    var all = G.groups || [];
    for (var i = 0; i < all.length; i++) if (all[i].id === id) return all[i];
    return null;
  }

  // A sheet as the back of the room reads it: the parts that say something, in sheet order.
  function sheet(box, sh) {
    var s = el('div', 'gv-parts', null, box);
    if (sh.theme && sh.theme.value) part(s, 'theme', [sh.theme.value]);
    LISTS.forEach(function (f) { part(s, f, live(sh, f).map(function (x) { return x.value; })); });
    if (sh.plenary_question && sh.plenary_question.value) part(s, 'plenary_question', [sh.plenary_question.value]);
    var rows = (sh.actions || []).filter(function (r) { return !r.removed; });
    if (!rows.length) return;
    var sec = el('section', 'gv-part', null, s);
    el('h3', null, S['gr.actions'], sec);
    var t = el('table', 'gv-actions', null, sec), tr = el('tr', null, null, el('thead', null, null, t)), tb = el('tbody', null, null, t);
    // Only the columns someone filled in: the table fits the width it has.
    var keys = ROW.filter(function (k) { return rows.some(function (r) { return k === 'status' ? r.cells[k].value !== 'todo' : !!r.cells[k].value; }); });
    keys.forEach(function (k) { el('th', null, S['gr.a_' + k], tr); });
    rows.forEach(function (r) {
      var row = el('tr', null, null, tb);
      keys.forEach(function (k) { var v = r.cells[k].value; el('td', null, k === 'status' ? S['gr.st_' + v] || v : v, row); });
    });
  }
  function part(box, f, texts) {
    if (!texts.length) return;
    var sec = el('section', 'gv-part gv-' + f, null, box);
    el('h3', null, S['gr.' + f], sec);
    var ul = el(f === 'key_points' ? 'ol' : 'ul', null, null, sec);
    texts.forEach(function (t) { el('li', null, t, ul); });
  }

  // Biggest type that fits the screen.
  function fit(main) {
    var size = w.innerHeight / 22;
    main.style.fontSize = size + 'px';
    while (size > w.innerHeight / 60 && main.scrollHeight > main.clientHeight + 1) {
      size *= 0.92;
      main.style.fontSize = size + 'px';
    }
  }

  function clock() {
    var r = G && G.report;
    if (!r || r.ends_at == null || view() !== 'report') return null;
    return {status: 'running', ends_at: r.ends_at, started_at: r.started_at, slot_index: r.index, warning_s: 30};
  }

  function snapshot(snap) {
    room = snap.state || null;
    G = snap.groups || null;
    draw();
  }

  function update(u) {
    var x = u.data || {};
    if (u.type === 'agenda.state') { room = x; return true; }
    if (!G || x.activity_id != null && x.activity_id !== G.activity_id) {
      if (u.type !== 'groups.formed' && u.type !== 'groups.projected') return false;
      G = {activity_id: x.activity_id};
    }
    var g = x.group_id != null ? byId(x.group_id) : null;
    switch (u.type) {
      case 'groups.formed':
        G.groups = x.groups;
        break;
      case 'groups.projected':
        Object.keys(x).forEach(function (k) { G[k] = x[k]; });
        break;
      case 'groups.time':
        x.groups.forEach(function (t) { var y = byId(t.id); if (y) y.ends_at = t.ends_at; });
        break;
      case 'groups.changed':
      case 'groups.shared':
        if (x.group) { if (g || byId(x.group.id)) replace(x.group); }
        if (G.group && G.group.group && x.group && G.group.group.id === x.group.id) {
          G.group.group = x.group;
          if (x.stream) G.group.stream = x.stream;
        }
        break;
      case 'contribution.created':
        if (G.group && G.group.group && x.group_id === G.group.group.id) (G.group.stream = G.group.stream || []).unshift(x);
        break;
      case 'sheet.updated':
        if (g) { g.progress = x.progress; g.sheet_status = x.status; }
        if (G.group && G.group.group && G.group.group.id === x.group_id) G.group.sheet = null;  // a draft moves: shown when submitted
        break;
      case 'sheet.submitted':
        if (g) { g.progress = x.progress; g.sheet_status = 'submitted'; }
        G.report = G.report || {};
        (G.report.sheets = G.report.sheets || {})[x.group_id] = {group: g || {id: x.group_id, number: x.number, theme: x.theme}, sheet: x.sheet};
        if (G.group && G.group.group && G.group.group.id === x.group_id) G.group.sheet = x.sheet;
        break;
      case 'sheet.reopened':
        if (g) { g.sheet_status = 'draft'; if (g.progress) g.progress.submitted = false; }
        if (G.report && G.report.sheets) delete G.report.sheets[x.group_id];
        break;
      case 'report.state':
        var keep = G.report && G.report.sheets;
        G.report = x;
        G.report.sheets = x.sheets || keep || {};
        break;
      default:
        return false;
    }
    return true;  // projector.js draws: the wall may give way
  }
  function replace(group) {
    G.groups = (G.groups || []).map(function (y) { return y.id === group.id ? group : y; });
  }

  function init(o) {
    S = o.strings;
    LANG = o.lang;
    showWall = o.wall;
    Countdown.attach($('gv-clock'), clock);
    w.addEventListener('resize', function () { if (on()) draw(); });
  }

  w.ProjectorGroups = {init: init, snapshot: snapshot, update: update, on: on, draw: draw};
})(window, document);
