/* Palabre dashboard, the groups panel (travaux en carrefour): form the groups, every group at a
   glance (members, roles, sheet progress, rapporteur named or missing, calls), moves (tap a
   person then a group, or drag), messages, extra time, sharing, what the projector shows, and
   the plenary report-back (order, next group with its timer, reactions, synthesis).
   dashboard.js owns the connection: it hands this panel the snapshot and every update
   (Groups.snapshot / Groups.update). Shapes: docs/protocol.md §10. User text: textContent only. */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk, fmt = Live.fmt;
  var S = {}, LANG = 'fr', ctx = null;
  var G = null;              // the snapshot part for the current activity (§10.6, dashboard)
  var byId = {};             // group id -> {group, members, sheet}
  var st = null, acts = [];  // agenda state, agenda list
  var picked = null;         // participant id tapped for a move
  var ROLES = ['animator', 'scribe', 'timekeeper', 'rapporteur'];
  var clocks = [];

  function P(key, n) { return Live.plural(S, key, n, LANG); }
  function el(tag, cls, text, parent) {
    var e = mk(tag, cls, text);
    if (parent) parent.appendChild(e);
    return e;
  }
  function button(label, cls, parent, fn) {
    var b = el('button', 'btn small ' + (cls || ''), label, parent);
    b.type = 'button';
    b.onclick = fn;
    return b;
  }
  function step() { return st && st.activity ? st[LANG] || st.fr : null; }
  function activityId() { return st && st.activity ? st.activity.id : null; }
  function groupName(g) { return g.name || fmt(S['gr.group'], {n: g.number}); }
  function person(m) { return m.name || m.organisation || S.anonymous; }
  function list() {
    return Object.keys(byId).map(function (k) { return byId[k]; })
      .sort(function (a, b) { return a.group.number - b.group.number; });
  }
  // The groups of the step the room is in (1-2-4-All has pairs, then fours).
  function shown() {
    var s = step(), layer = s && s.groups, round = s && s.group_round || 0;
    var all = list(), here = all.filter(function (x) {
      return x.group.layer === layer && (x.group.round || 0) === round;
    });
    return here.length ? here : all.filter(function (x) { return x.group.layer === 'breakout'; });
  }

  // An action and its answer; a refusal shows in this card.
  function send(name, payload, el, ok) {
    payload.activity_id = G ? G.activity_id : activityId();
    ctx.send(name, payload, el, function (a) { if (ok) ok(a); render(); }, $('groups-error'));
  }

  // --- forming -------------------------------------------------------------------------------

  function formBox(root) {
    var det = el('details', 'add-box', null, root), f = el('form', 'stack', null, det);
    det.id = 'groups-form-box';
    det.open = !G || !list().length;
    el('summary', null, S['gds.form'], det);
    f.id = 'groups-form';
    f.autocomplete = 'off';
    var row = el('div', 'row-form', null, f);
    var by = field(row, S['gds.by'], 'select', 'gf-by');
    ['count', 'size'].forEach(function (k) { el('option', null, S['gds.by_' + k], by).value = k; });
    var n = field(row, '#', 'input', 'gf-n');
    n.inputMode = 'numeric';
    n.value = '4';
    n.size = 3;
    var how = field(row, S['gds.strategy'], 'select', 'gf-strategy');
    ['random', 'balanced', 'self', 'keep'].forEach(function (k) { el('option', null, S['gds.s_' + k], how).value = k; });
    var keep = field(row, '', 'select', 'gf-keep');
    acts.filter(function (a) { return a.id !== activityId(); }).forEach(function (a) {
      el('option', null, a.title || (a.format_label && a.format_label[LANG]) || '#' + a.id, keep).value = a.id;
    });
    keep.parentNode.hidden = true;
    var themes = field(f, S['gds.themes'], 'textarea', 'gf-themes');
    themes.rows = 3;
    var lab = el('label', 'check', null, f), attr = el('input', null, null, lab);
    attr.type = 'checkbox';
    attr.id = 'gf-attr';
    lab.appendChild(d.createTextNode(' ' + S['gds.balance_attr']));
    how.onchange = function () {
      keep.parentNode.hidden = how.value !== 'keep';
      lab.hidden = how.value !== 'balanced';
    };
    how.onchange();
    var go = el('button', 'btn primary', S['gds.form_go'], f);
    go.type = 'submit';
    go.id = 'gf-go';
    f.onsubmit = function (e) {
      e.preventDefault();
      if (list().length && !w.confirm(S['gds.reform_confirm'])) return;
      var p = {strategy: how.value}, k = +n.value;
      if (how.value === 'keep') p.keep_from = +keep.value;
      else p[by.value] = k;
      var t = themes.value.split('\n').map(function (x) { return x.trim(); }).filter(Boolean);
      if (t.length && how.value !== 'keep') p.themes = t;
      if (how.value === 'balanced') p.balance_by = attr.checked ? ['organisation', 'attribute'] : ['organisation'];
      send('groups:form', p, go, function (a) { if (a.ok) d.getElementById('groups-form-box').open = false; });
    };
  }
  function field(parent, label, tag, id) {
    var box = el('div', 'field', null, parent), l = el('label', null, label, box), x = el(tag, null, null, box);
    l.htmlFor = x.id = id;
    return x;
  }

  // --- every group at a glance ---------------------------------------------------------------

  function summary(root, groups) {
    var calls = 0, missing = 0, done = 0;
    groups.forEach(function (x) {
      if (x.group.call) calls++;
      if (x.group.layer === 'breakout' && x.group.rapporteur_status !== 'ok') missing++;
      if (x.group.sheet_status === 'submitted') done++;
    });
    var p = el('p', 'groups-summary', null, root);
    p.id = 'groups-summary';
    el('span', 'badge' + (calls ? ' call' : ''), P('gds.calls', calls), p);
    el('span', 'badge' + (missing ? ' warn' : ''), P('gds.missing', missing), p);
    el('span', 'badge ok', P('gds.submitted', done), p);
  }

  function toAll(root) {
    var row = el('div', 'row-form', null, root), msg = field(row, S['gds.message_all'], 'input', 'gm-all');
    msg.parentNode.className = 'field grow';
    button(S['gds.send'], 'primary', row, function () {
      var b = this;
      if (msg.value.trim()) send('groups:message', {group_id: null, text: msg.value.trim()}, b, function (a) { if (a.ok) msg.value = ''; });
    }).id = 'gm-all-send';
    button(S['gds.extra_all'] + ' · ' + fmt(S['gds.extra'], {n: 5}), '', row, function () {
      send('groups:time', {group_id: null, minutes: 5}, this);
    }).id = 'gt-all';
    button(S['gds.project_all'], '', row, function () { send('groups:project', {view: 'progress'}, this); })
      .setAttribute('aria-pressed', G && G.projected && G.projected.view === 'progress' ? 'true' : 'false');
    el('p', 'hint muted', S['gds.move_hint'], root);
  }

  function card(x, grid) {
    var g = x.group, c = el('article', 'group-card', null, grid), head = el('div', 'group-head', null, c);
    c.setAttribute('data-group-id', g.id);
    c.setAttribute('data-status', g.sheet_status || 'draft');
    if (g.call) c.setAttribute('data-call', 'true');
    el('strong', null, groupName(g), head);
    el('span', 'muted', P('gr.members', x.members.length), head);
    var t = el('span', 'group-clock', null, head);
    clocks.push([t, g]);
    if (g.theme) el('p', 'group-theme', g.theme, c);
    var badges = el('p', 'group-badges', null, c);
    if (g.layer === 'breakout') {
      var rep = x.members.filter(function (m) { return m.role === 'rapporteur'; })[0];
      el('span', 'badge' + (rep ? ' ok' : ' warn'), rep ? fmt(S['gr.cell'], {label: S['gr.role_rapporteur'], value: person(rep)})
        : S['gds.rapporteur_missing'], badges).setAttribute('data-rapporteur', rep ? 'named' : 'missing');
    }
    if (g.progress) {
      var pr = el('span', 'badge' + (g.progress.submitted ? ' ok' : ''), g.progress.submitted ? '✓ ' + S['gr.submitted']
        : fmt(S['gr.progress'], g.progress), badges);
      pr.setAttribute('data-progress', g.progress.filled + '/' + g.progress.total);
      var bar = el('span', 'group-bar', null, c);
      el('span', null, null, bar).style.width = 100 * g.progress.filled / (g.progress.total || 1) + '%';
    }
    if (g.shared) el('span', 'badge pinned', S['gr.shared'], badges);
    if (g.call) {
      el('span', 'badge call', '☎ ' + S['gds.call'], badges);
      button(S['gds.answered'], 'primary', badges, function () { send('groups:call_answered', {group_id: g.id}, this); })
        .setAttribute('data-answer', g.id);
    }
    var ul = el('ul', 'group-members', null, c);
    x.members.forEach(function (m) {
      var li = el('li', null, null, ul), b = button(person(m) + (m.organisation && m.name ? ' · ' + m.organisation : ''),
        'quiet', li, function () { picked = picked === m.id ? null : m.id; render(); });
      b.setAttribute('data-participant-id', m.id);
      b.setAttribute('aria-pressed', picked === m.id ? 'true' : 'false');
      b.draggable = true;
      b.ondragstart = function (e) { e.dataTransfer.setData('text/plain', String(m.id)); };
      if (g.layer !== 'breakout') return;
      var sel = el('select', 'role-select', null, li);
      sel.setAttribute('aria-label', S['gds.set_role'] + ' — ' + person(m));
      sel.setAttribute('data-role-of', m.id);
      el('option', null, S['gds.no_role'], sel).value = '';
      ROLES.forEach(function (r) { el('option', null, S['gr.role_' + r], sel).value = r; });
      sel.value = m.role && ROLES.indexOf(m.role) >= 0 ? m.role : '';
      sel.onchange = function () {
        var before = m.role;
        if (sel.value) send('groups:role', {group_id: g.id, role: sel.value, participant_id: m.id}, sel);
        else if (before) send('groups:role', {group_id: g.id, role: before, participant_id: null}, sel);
      };
    });
    c.ondragover = function (e) { e.preventDefault(); };
    c.ondrop = function (e) {
      e.preventDefault();
      var id = +e.dataTransfer.getData('text/plain');
      if (id) send('groups:move', {participant_id: id, group_id: g.id}, null);
    };
    var acts = el('div', 'group-actions', null, c);
    if (picked != null && !x.members.some(function (m) { return m.id === picked; })) {
      button('⇢ ' + S['gds.move_here'], 'primary', acts, function () {
        var who = picked;
        picked = null;
        send('groups:move', {participant_id: who, group_id: g.id}, this);
      }).setAttribute('data-move-here', g.id);
    }
    button(S['gds.message'], '', acts, function () {
      var text = w.prompt(S['gds.message'] + ' — ' + groupName(g));
      if (text && text.trim()) send('groups:message', {group_id: g.id, text: text.trim()}, this);
    });
    button(fmt(S['gds.extra'], {n: 5}), '', acts, function () { send('groups:time', {group_id: g.id, minutes: 5}, this); })
      .setAttribute('data-extra', g.id);
    button(g.shared ? S['gds.unshare'] : S['gds.share'], '', acts, function () {
      send('groups:share', {group_id: g.id, shared: !g.shared}, this);
    }).setAttribute('aria-pressed', g.shared ? 'true' : 'false');
    var pj = G && G.projected;
    button('▣ ' + S['gds.project'], '', acts, function () { send('groups:project', {view: 'group', group_id: g.id}, this); })
      .setAttribute('aria-pressed', pj && pj.view === 'group' && pj.group && pj.group.group && pj.group.group.id === g.id ? 'true' : 'false');
    if (g.sheet_status === 'submitted') {
      button(S['gds.reopen'], '', acts, function () { send('sheet:reopen', {group_id: g.id}, this); })
        .setAttribute('data-reopen', g.id);
    }
  }

  // --- the plenary report-back ---------------------------------------------------------------

  function report(root) {
    var r = G && G.report, sec = el('section', 'report-box', null, root);
    sec.id = 'report-box';
    el('h3', 'sub', S['gds.report'], sec);
    var order = r && r.order && r.order.length ? r.order : list().filter(function (x) { return x.group.layer === 'breakout'; })
      .map(function (x) { return x.group.id; });
    var ol = el('ol', 'report-order', null, sec);
    order.forEach(function (id, i) {
      var x = byId[id];
      if (!x) return;
      var li = el('li', null, null, ol), now = r && r.group_id === id;
      li.setAttribute('data-report-group', id);
      if (now) li.setAttribute('aria-current', 'true');
      el('span', null, groupName(x.group) + (x.group.theme ? ' — ' + x.group.theme : ''), li);
      if (x.group.sheet_status === 'submitted') el('span', 'badge ok', '✓', li);
      if (i) button('↑', 'quiet', li, function () {
        var o = order.slice();
        o.splice(i - 1, 0, o.splice(i, 1)[0]);
        send('report:order', {order: o}, this);
      }).setAttribute('aria-label', S['gds.up']);
      button(S['gds.report_go'], now ? 'primary' : '', li, function () { send('report:go', {index: i}, this); })
        .setAttribute('data-report-go', i);
    });
    if (r && r.index != null && r.index + 1 < order.length) {
      button(S['gds.report_next'] + ' ▶', 'primary', sec, function () { send('report:go', {index: r.index + 1}, this); }).id = 'report-next';
    }
    if (r && r.group_id != null) {
      var rx = (G.reactions || {})[r.group_id] || [];
      el('label', null, S['gds.reaction'] + ' — ' + groupName(byId[r.group_id] ? byId[r.group_id].group : {number: '?'}), sec).htmlFor = 'report-reaction';
      var ul = el('ul', 'reactions', null, sec);
      rx.forEach(function (x) { el('li', null, x.text, ul); });
      var ta = el('textarea', null, null, sec);
      ta.id = 'report-reaction';
      ta.rows = 2;
      button(S['gds.save'], 'primary', sec, function () {
        if (ta.value.trim()) send('report:reaction', {group_id: r.group_id, text: ta.value.trim()}, this, function (a) { if (a.ok) ta.value = ''; });
      });
    }
    el('label', null, S['gds.synthesis'], sec).htmlFor = 'report-synthesis';
    var syn = el('textarea', null, null, sec);
    syn.id = 'report-synthesis';
    syn.rows = 4;
    syn.value = G && G.synthesis || '';
    button(S['gds.save'], 'primary', sec, function () { send('report:synthesis', {text: syn.value}, this); }).id = 'report-synthesis-save';
  }

  // --- drawing -------------------------------------------------------------------------------

  function render() {
    var root = $('groups-body'), s = step(), card0 = $('groups');
    if (!root) return;
    var on = !!(s && (s.groups || s.report_minutes)) || !!(G && list().length);
    card0.hidden = !on;
    if (!on) return;
    // Typing in the panel is not redrawn under the fingers: the next update will be.
    var a = d.activeElement;
    if (a && root.contains(a) && /^(TEXTAREA|INPUT)$/.test(a.tagName)) return;
    var open = $('groups-form-box') && $('groups-form-box').open;
    root.textContent = '';
    clocks = [];
    formBox(root);
    if (open != null && $('groups-form-box')) $('groups-form-box').open = open || !list().length;
    var groups = shown();
    if (!groups.length) { el('p', 'muted', S['gds.none'], root); return; }
    summary(root, groups);
    toAll(root);
    var grid = el('div', 'group-grid', null, root);
    grid.id = 'group-grid';
    groups.forEach(function (x) { card(x, grid); });
    if (s && s.report_minutes || G && G.report && G.report.group_id != null) report(root);
    tick();
  }

  // Each group's clock: the step's end moved by the group's extra time, on the server's clock.
  var skew = 0;  // server seconds - local seconds
  function tick() {
    var s = step();
    clocks.forEach(function (c) {
      var g = c[1], left = null;
      if (g.ends_at != null && s) left = s.paused ? (s.remaining_s || 0) + (g.extra_s || 0) : g.ends_at - (Date.now() / 1000 + skew);
      c[0].textContent = left == null ? '' : Countdown.format(left);
      c[0].setAttribute('data-phase', left == null ? '' : left <= 0 ? 'overtime' : left <= 300 ? 'warning' : 'running');
    });
  }

  // --- what dashboard.js hands over ----------------------------------------------------------

  function put(x) {
    var old = byId[x.group.id] || {};
    byId[x.group.id] = {group: x.group, members: x.members || old.members || [], sheet: x.sheet || old.sheet || null};
  }

  function setPart(part) {
    G = part || null;
    byId = {};
    (G && G.groups || []).forEach(put);
    (G && G.calls || []).forEach(function (id) { if (byId[id] && !byId[id].group.call) byId[id].group.call = {at: 0}; });
  }

  function snapshot(snap) {
    st = snap.state || null;
    if (snap.agenda) acts = snap.agenda.activities || [];
    if (st && st[LANG]) skew = st[LANG].server_time - Date.now() / 1000;
    setPart(snap.groups);
    render();
  }

  function update(u) {
    var x = u.data || {}, g = x.group_id != null ? byId[x.group_id] : null;
    if (u.type === 'agenda.state') {
      var was = activityId();
      st = x;
      if (x[LANG]) skew = x[LANG].server_time - Date.now() / 1000;
      if (x.activity && x.activity.id !== was) ctx.resync();  // another activity: its groups
      return render();
    }
    if (u.type === 'agenda.changed') { acts = x.activities || []; return; }
    if (!/^(groups|sheet|report)\./.test(u.type)) return;
    if (x.activity_id != null && G && x.activity_id !== G.activity_id) return;
    if (!G) G = {activity_id: x.activity_id, groups: [], reactions: {}, synthesis: ''};
    switch (u.type) {
      case 'groups.formed':
        G.formation = x;
        byId = {};
        break;
      case 'groups.changed':
        put(x);
        break;
      case 'groups.call':
        if (g) g.group.call = x.call;
        break;
      case 'groups.time':
        x.groups.forEach(function (t) { var y = byId[t.id]; if (y) { y.group.ends_at = t.ends_at; y.group.extra_s = t.extra_s; } });
        break;
      case 'groups.shared':
        if (x.group) put({group: x.group});
        break;
      case 'groups.projected':
        G.projected = x;
        break;
      case 'sheet.updated':
        if (g) { g.group.progress = x.progress; g.group.sheet_status = x.status; }
        break;
      case 'sheet.submitted':
        if (g) { g.sheet = x.sheet; g.group.progress = x.progress; g.group.sheet_status = 'submitted'; }
        break;
      case 'sheet.reopened':
        if (g) { g.group.sheet_status = x.status; if (g.group.progress) g.group.progress.submitted = false; }
        break;
      case 'report.state':
        G.report = x;
        break;
      case 'report.reaction':
        (G.reactions = G.reactions || {})[x.group_id] = x.reactions;
        break;
      case 'report.synthesis':
        G.synthesis = x.text;
        break;
      default:
        return;
    }
    render();
  }

  function init(o) {
    ctx = o;
    S = o.strings;
    LANG = o.lang;
    setInterval(tick, 1000);
  }

  w.Groups = {init: init, snapshot: snapshot, update: update};
})(window, document);
