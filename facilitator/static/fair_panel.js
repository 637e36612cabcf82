/* Palabre dashboard, the idea fair's panel: stands (create, edit, posters, the stand's own
   link), visiting groups, the mode and its durations, start, the schedule grid, the stands live
   (visitors, questions, adoption requests, dots), dots' reveal, the jury (criteria, members,
   progress, leaderboard with ties) and what the projector shows. dashboard.js hands it the
   snapshot and every update (Fair.snapshot / Fair.update). Protocol: docs/protocol.md §11.
   User text is always set with textContent. */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk, fmt = Live.fmt;
  var S = {}, LANG = 'fr', ctx = null, CODE = d.body.getAttribute('data-code');
  var fairs = {}, acts = [], people = {}, selId = null, editId = null, links = {}, timer = 0;

  function P(key, n, p) { return Live.plural(S, key, n, LANG, p); }
  function el(tag, cls, text, parent) {
    var x = mk(tag, cls, text);
    if (parent) parent.appendChild(x);
    return x;
  }
  function button(cls, text, parent, attrs) {
    var x = el('button', 'btn ' + (cls || ''), text, parent);
    x.type = 'button';
    for (var k in attrs || {}) x.setAttribute(k, attrs[k]);
    return x;
  }
  function ask(name, payload, btn, ok) {
    ctx.send(name, payload, btn, ok, $('fair-error'));
  }
  function fair() { return selId != null ? fairs[selId] : null; }
  function name(pid) {
    var p = people[pid];
    return p ? p.name || p.organisation || S.anonymous : '#' + pid;
  }
  function kioskTitle(f, id) {
    for (var i = 0; i < f.kiosks.length; i++) if (f.kiosks[i].id === id) return f.kiosks[i].title;
    return '—';
  }
  function group(n) { return fmt(S['fair.group'], {n: n + 1}); }

  // --- drawing ------------------------------------------------------------------------------------

  function draw() { if (!timer) timer = setTimeout(render, 30); }

  function render() {
    timer = 0;
    var card = $('fair-panel'), f = fair();
    var ids = acts.filter(function (a) { return a.format_id === 'idea-fair'; });
    card.hidden = !ids.length;
    if (!ids.length) return;
    var sel = $('fair-activity');
    sel.textContent = '';
    ids.forEach(function (a) {
      var o = el('option', null, a.title || S['fair.name'], sel);
      o.value = a.id;
    });
    if (selId == null || !ids.some(function (a) { return a.id === selId; })) selId = ids[0].id;
    sel.value = selId;
    sel.parentNode.hidden = ids.length < 2;
    f = fair();
    if (!f) return;
    $('fair-posters').href = '/facilitator/events/' + CODE + '/posters?activity=' + f.activity_id;
    kiosks(f);
    groups(f);
    schedule(f);
    live(f);
    jury(f);
    var pv = d.querySelectorAll('[data-fair-project]');
    for (var i = 0; i < pv.length; i++) {
      pv[i].setAttribute('aria-pressed', pv[i].getAttribute('data-fair-project') === f.projector_view ? 'true' : 'false');
    }
  }

  function kiosks(f) {
    var ul = $('fair-kiosks');
    ul.textContent = '';
    $('fair-kiosks-empty').hidden = f.kiosks.length > 0;
    f.kiosks.forEach(function (k) {
      var li = el('li', 'fair-kiosk', null, ul);
      li.setAttribute('data-kiosk-id', k.id);
      var head = el('div', 'fk-head', null, li);
      el('strong', 'code', k.code, head);
      el('b', null, k.title, head);
      if (k.organisation) el('span', 'muted', k.organisation, head);
      var who = (k.presenters || []).map(function (p) { return p.name || S.anonymous; });
      if (who.length || k.note_taker) {
        el('p', 'muted', [who.length ? fmt(S['dash.labelled'], {label: S['fd.kiosk_presenters'], value: who.join(', ')}) : '',
                          k.note_taker ? fmt(S['dash.labelled'], {label: S['fd.kiosk_note_taker'], value: k.note_taker.name || S.anonymous}) : '']
          .filter(Boolean).join(' · '), li);
      }
      var acts = el('div', 'row-btns', null, li);
      button('small', S['fd.kiosk_edit'], acts, {'data-kiosk-edit': k.id});
      button('small', S['fd.staff_link'], acts, {'data-kiosk-link': k.id});
      button('small quiet', S['fd.kiosk_remove'], acts, {'data-kiosk-remove': k.id});
      if (links[k.id]) {
        var a = el('a', 'staff-link', links[k.id], li);
        a.href = links[k.id];
        a.target = '_blank';
      }
    });
  }

  function peopleOptions(select, chosen, blank) {
    select.textContent = '';
    if (blank) el('option', null, S['fd.kiosk_nobody'], select).value = '';
    Object.keys(people).forEach(function (id) {
      var o = el('option', null, name(+id) + (people[id].organisation && people[id].name ? ' · ' + people[id].organisation : ''), select);
      o.value = id;
      o.selected = chosen.indexOf(+id) >= 0;
    });
  }

  function openForm(k) {
    editId = k ? k.id : null;
    var form = $('fair-kiosk-form');
    form.hidden = false;
    $('fk-title').value = k ? k.title : '';
    $('fk-org').value = k ? k.organisation : '';
    $('fk-desc').value = k ? k.description : '';
    peopleOptions($('fk-presenters'), k ? k.presenters.map(function (p) { return p.id; }) : []);
    peopleOptions($('fk-note'), k && k.note_taker ? [k.note_taker.id] : [], true);
    $('fk-title').focus();
  }

  function groups(f) {
    var ul = $('fair-groups');
    ul.textContent = '';
    (f.groups || []).forEach(function (g) {
      var li = el('li', null, null, ul);
      el('b', null, group(g.index) + ' (' + g.size + ') ', li);
      el('span', null, g.members.map(name).join(', '), li);
    });
    $('fair-groups-empty').hidden = !!(f.groups && f.groups.length);
  }

  function schedule(f) {
    var sc = f.schedule, t = $('fair-grid'), s = f.slot;
    t.textContent = '';
    var on = !!(sc && sc.mode === 'rotation' && sc.slots.length);
    $('fair-grid-empty').hidden = on;
    t.hidden = !on;
    if (!on) return;
    grid(t, sc, s, function (id) { return kioskTitle(f, id); }, S, group);
  }

  function live(f) {
    var tb = $('fair-live'), fb = f.feedback || {}, vis = f.visitors || {}, dots = f.dots || {};
    tb.textContent = '';
    f.kiosks.forEach(function (k) {
      var tr = el('tr', null, null, tb), items = fb[k.id] || [], q = 0, a = 0, sum = 0, n = 0;
      tr.setAttribute('data-kiosk-id', k.id);
      items.forEach(function (x) {
        if (x.kind === 'question') q++;
        else if (x.kind === 'adopt') a++;
        else if (x.kind === 'rating') { sum += x.value; n++; }
      });
      el('td', null, k.title, tr);
      el('td', 'num', String(vis[k.id] || 0), tr).setAttribute('data-col', 'visitors');
      el('td', 'num', String(q), tr).setAttribute('data-col', 'questions');
      var ad = el('td', 'num', String(a), tr);
      ad.setAttribute('data-col', 'adopts');
      ad.title = items.filter(function (x) { return x.kind === 'adopt'; })
        .map(function (x) { return x.contact + (x.text ? ' — ' + x.text : ''); }).join('\n');
      el('td', 'num', n ? (sum / n).toFixed(1) : '–', tr);
      el('td', 'num', String(dots.counts && dots.counts[k.id] || 0), tr).setAttribute('data-col', 'dots');
    });
    if (d.activeElement !== $('fair-budget')) $('fair-budget').value = dots.budget || 3;
    $('fair-dots-state').textContent = S[dots.revealed ? 'fd.dots_shown' : 'fd.dots_hidden'];
    $('fair-reveal-dots').hidden = !!dots.revealed;
  }

  function jury(f) {
    var r = f.rules, j = f.jury, box = $('fair-criteria');
    if (!box.children.length || !d.activeElement || !box.contains(d.activeElement)) {
      box.textContent = '';
      ((r && r.criteria) || [{id: '', label: '', weight: 1}]).forEach(function (c) { criterion(c); });
      if (r) { $('fair-low').value = r.low; $('fair-high').value = r.high; }
    }
    var jl = $('fair-jurors'), chosen = r ? r.jurors : [];
    if (!jl.contains(d.activeElement)) {
      jl.textContent = '';
      Object.keys(people).forEach(function (id) {
        var lab = el('label', 'check small', null, jl), c = el('input', null, null, lab);
        c.type = 'checkbox';
        c.value = id;
        c.checked = chosen.indexOf(+id) >= 0;
        lab.appendChild(d.createTextNode(' ' + name(+id)));
      });
    }
    var pr = $('fair-progress');
    pr.textContent = '';
    Object.keys(j && j.progress || {}).forEach(function (pid) {
      var x = j.progress[pid], li = el('li', null, null, pr);
      li.setAttribute('data-juror', pid);
      el('b', null, fmt(S['dash.label_colon'], {label: name(+pid)}) + ' ', li);
      li.appendChild(d.createTextNode(fmt(S['fd.progress_row'], {done: x.done, total: x.total}) +
                                      (x.started ? ' · ' + P('fd.progress_started', x.started) : '')));
    });
    var lb = $('fair-board');
    lb.textContent = '';
    var res = (j && j.results || []).filter(function (x) { return x.rank != null; });
    res.forEach(function (x) {
      var li = el('li', x.ex_aequo ? 'tie' : null, null, lb);
      li.setAttribute('data-kiosk-id', x.kiosk_id);
      el('span', 'rank', String(x.rank), li);
      el('b', null, kioskTitle(f, x.kiosk_id), li);
      if (x.ex_aequo) el('span', 'badge', S['fair.tie'], li);
      el('span', 'score', fmt(S['fair.score'], {score: x.score.toFixed(2)}), li);
      el('span', 'muted', fmt(S['fair.raw'], {raw: x.raw.toFixed(2)}) + ' · ' + P('fd.jurors_n', x.jurors), li);
    });
    $('fair-board-empty').hidden = res.length > 0;
    $('fair-reveal-jury').hidden = !!(j && j.revealed);
    $('fair-jury-state').textContent = j && j.revealed ? S['fd.jury_shown'] : '';
  }

  function criterion(c) {
    var row = el('div', 'row-form crit', null, $('fair-criteria'));
    var a = el('input', 'grow', null, row), b = el('input', 'weight', null, row);
    a.value = c.label || '';
    a.setAttribute('data-id', c.id || '');
    a.setAttribute('aria-label', S['fd.criterion']);
    a.placeholder = S['fd.criterion'];
    a.maxLength = 80;
    b.value = c.weight == null ? 1 : c.weight;
    b.setAttribute('aria-label', S['fd.weight']);
    b.inputMode = 'decimal';
  }

  function slug(text, i) {
    var s = String(text).toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 30);
    return s || 'c' + (i + 1);
  }

  // --- the schedule grid, shared with the projector -------------------------------------------------

  // Rows: groups; columns: slots; the slot running now is marked.
  function grid(table, sc, slot, title, S, group) {
    var head = el('tr', null, null, el('thead', null, null, table)), body = el('tbody', null, null, table);
    el('th', null, '', head);
    sc.slots.forEach(function (row, s) {
      var th = el('th', slot && slot.index === s ? 'now' : null, fmt(S['fair.slot'], {n: s + 1, count: sc.slots.length}), head);
      th.setAttribute('data-slot', s);
    });
    for (var g = 0; g < sc.group_count; g++) {
      var tr = el('tr', null, null, body);
      el('th', null, group(g), tr);
      sc.slots.forEach(function (row, s) {
        var td = el('td', (slot && slot.index === s ? 'now' : '') + (row[g] == null ? ' pause' : ''),
                    row[g] == null ? S['fair.pause'] : title(row[g]), tr);
        td.setAttribute('data-slot', s);
      });
    }
  }
  w.FairGrid = grid;

  // --- events ---------------------------------------------------------------------------------------

  function wire() {
    $('fair-activity').onchange = function () { selId = +this.value; draw(); };
    $('fair-kiosk-add').onclick = function () { openForm(null); };
    $('fk-cancel').onclick = function () { $('fair-kiosk-form').hidden = true; };
    $('fair-kiosk-form').onsubmit = function (e) {
      e.preventDefault();
      var f = fair(), p = {activity_id: f.activity_id, title: $('fk-title').value.trim(),
        organisation: $('fk-org').value.trim(), description: $('fk-desc').value.trim(),
        presenters: [].slice.call($('fk-presenters').selectedOptions).map(function (o) { return +o.value; }),
        note_taker: $('fk-note').value ? +$('fk-note').value : null};
      if (editId != null) p.kiosk_id = editId;
      ask('fair:kiosk_save', p, $('fk-save'), function (a) {
        if (a.presenter_url) links[a.kiosk.id] = a.presenter_url;
        $('fair-kiosk-form').hidden = true;
        draw();
      });
    };
    $('fair-kiosks').onclick = function (e) {
      var t = e.target.closest('button');
      if (!t) return;
      var f = fair(), id;
      if ((id = t.getAttribute('data-kiosk-edit'))) {
        f.kiosks.forEach(function (k) { if (k.id === +id) openForm(k); });
      } else if ((id = t.getAttribute('data-kiosk-link'))) {
        ask('fair:kiosk_link', {kiosk_id: +id}, t, function (a) { links[+id] = a.presenter_url; draw(); });
      } else if ((id = t.getAttribute('data-kiosk-remove')) && w.confirm(S['fd.kiosk_remove_confirm'])) {
        ask('fair:kiosk_remove', {kiosk_id: +id}, t);
      }
    };
    $('fair-groups-make').onclick = function () {
      var n = $('fair-groups-count').value.trim(), p = {activity_id: fair().activity_id};
      if (n) p.count = +n;
      ask('fair:groups', p, this);
    };
    $('fair-mode').onchange = mode;
    $('fair-start').onclick = function () {
      var rot = $('fair-mode-rotation').checked, p = {activity_id: fair().activity_id, mode: rot ? 'rotation' : 'free'};
      if (rot) { p.slot_minutes = num($('fair-slot').value); p.warning_minutes = num($('fair-warn').value); }
      else p.minutes = num($('fair-minutes').value);
      ask('fair:start', p, this);
    };
    $('fair-budget').onchange = function () { ask('fair:dots_budget', {activity_id: fair().activity_id, budget: +this.value}, this); };
    $('fair-reveal-dots').onclick = function () { ask('fair:reveal_dots', {activity_id: fair().activity_id}, this); };
    $('fair-crit-add').onclick = function () { criterion({label: '', weight: 1}); };
    $('fair-crit-save').onclick = function () {
      var rows = $('fair-criteria').querySelectorAll('.crit'), cs = [];
      [].forEach.call(rows, function (r, i) {
        var inp = r.querySelectorAll('input'), label = inp[0].value.trim();
        if (label) cs.push({id: inp[0].getAttribute('data-id') || slug(label, i), label: label, weight: num(inp[1].value)});
      });
      ask('fair:criteria', {activity_id: fair().activity_id, criteria: cs, low: num($('fair-low').value),
                            high: num($('fair-high').value)}, this);
    };
    $('fair-jurors-save').onclick = function () {
      var ids = [].map.call($('fair-jurors').querySelectorAll('input:checked'), function (c) { return +c.value; });
      ask('fair:jurors', {activity_id: fair().activity_id, participant_ids: ids}, this);
    };
    $('fair-reveal-jury').onclick = function () { ask('fair:reveal_jury', {activity_id: fair().activity_id}, this); };
    $('fair-panel').addEventListener('click', function (e) {
      var t = e.target.closest('[data-fair-project]');
      if (t) ask('fair:project', {activity_id: fair().activity_id, view: t.getAttribute('data-fair-project')}, t);
    });
    mode();
  }
  function num(v) { var n = parseFloat(String(v).replace(',', '.')); return isFinite(n) ? n : undefined; }
  function mode() {
    var rot = $('fair-mode-rotation').checked;
    $('fair-rotation-fields').hidden = !rot;
    $('fair-free-fields').hidden = rot;
  }

  function init(c) {
    ctx = c;
    S = c.strings;
    LANG = c.lang;
    wire();
    Countdown.attach($('fair-clock'), function () {
      var f = fair(), s = f && f.slot;
      return s ? {status: s.status, ends_at: s.ends_at, remaining_s: s.seconds_left, paused: s.status === 'paused',
                  slot_index: s.index, started_at: 0, warning_s: f.schedule ? f.schedule.warning_seconds : 0} : null;
    });
  }

  function snapshot(snap) {
    fairs = {};
    Object.keys(snap.fairs || {}).forEach(function (k) { fairs[k] = snap.fairs[k]; });
    acts = snap.agenda ? snap.agenda.activities : [];
    people = {};
    (snap.people || []).forEach(function (p) { people[p.id] = p; });
    draw();
  }

  function update(u) {
    var x = u.data || {}, f = x.activity_id != null ? fairs[x.activity_id] : null;
    if (u.type === 'agenda.changed') { acts = x.activities || []; draw(); return; }
    if (u.type === 'participant.joined') { people[x.id] = x; draw(); return; }
    if (u.type.indexOf('fair.') !== 0) return;
    if (!f) {
      f = fairs[x.activity_id] = {activity_id: x.activity_id, kiosks: [], groups: [], schedule: null, slot: null,
                                  dots: null, rules: null, jury: null, feedback: {}, visitors: {}};
    }
    switch (u.type) {
      case 'fair.kiosks': f.kiosks = x.kiosks; break;
      case 'fair.groups': f.groups = x.groups; break;
      case 'fair.schedule': f.schedule = x; break;
      case 'fair.slot': f.slot = x; break;
      case 'fair.visitors': f.visitors = x.visitors; break;
      case 'fair.feedback':
        var list = f.feedback[x.kiosk_id] = (f.feedback[x.kiosk_id] || []).filter(function (y) { return y.id !== x.feedback.id; });
        list.push(x.feedback);
        break;
      case 'fair.dots': f.dots = x; break;
      case 'fair.rules': f.rules = x; break;
      case 'fair.jury': f.jury = x; break;
      case 'fair.projector': f.projector_view = x.view; break;
    }
    draw();
  }

  w.Fair = {init: init, snapshot: snapshot, update: update};
})(window, document);
