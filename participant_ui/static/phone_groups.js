/* Palabre phone, a group step (travaux en carrefour): the group's space and its restitution
   sheet. Loaded by phone.js (Live.load('groups')) only when the room enters a group step, with
   its words from /p/text/groups.json. phone.js hands over the last snapshot and every update;
   posts still go through phone.js's form (the server files them in the poster's group).
   The sheet saves as people type: each edit carries the version and the text it started from,
   so the server merges two editors' words (room/sheet.py) and this page never merges. */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk, fmt = Live.fmt;
  var LANG = d.body.getAttribute('data-lang'), S = {}, A = null;
  var G = null, aid = null;          // the snapshot's groups part, and its activity
  var stream = {}, cells = {}, sheetKey = '', called = false, top, box, gclock, ready = 0, early = [];
  var ROLES = ['animator', 'scribe', 'timekeeper', 'rapporteur'];
  var LISTS = {key_points: 3, disagreements: 10, recommendations: 10};
  var ROW = ['what', 'who', 'partners', 'when', 'resources', 'indicator', 'status'];
  var STATUS = ['todo', 'doing', 'blocked', 'done'];
  var INTO = ['key_points', 'disagreements', 'recommendations', 'plenary_question'];

  function P(key, n, x) { return Live.plural(S, key, n, LANG, x); }
  function el(tag, cls, text, parent) {
    var e = mk(tag, cls, text);
    if (parent) parent.appendChild(e);
    return e;
  }
  function button(text, cls, parent, fn) {
    var b = el('button', 'btn ' + (cls || 'secondary'), text, parent);
    b.type = 'button';
    b.onclick = fn;
    return b;
  }
  function meId() { var m = A.me(); return m && m.id; }
  function myRole() {
    var r = null;
    (G && G.members || []).forEach(function (m) { if (m.id === meId()) r = m.role; });
    return r;
  }
  function editor() { return myRole() === 'rapporteur'; }
  function ask(name, data, cb) {
    data.activity_id = aid;
    Live.ask(A.sock(), name, data, function (a) {
      if (!a.ok) say(a.error.message || S['gph.saving']);
      if (cb) cb(a);
    });
  }
  function say(msg) {
    var e = $('g-err');
    if (e) { e.textContent = msg || ''; e.hidden = !msg; }
  }

  // --- the group's space --------------------------------------------------------------------

  function build() {
    var post = $('post');
    top = mk('section');
    top.id = 'g-top';
    box = mk('section');
    box.id = 'g-sheet';
    post.parentNode.insertBefore(top, post);
    post.parentNode.insertBefore(box, post.nextSibling);
    gclock = mk('span');
    gclock.id = 'g-clock';
    Countdown.attach(gclock, clock);
  }

  // The group's clock: the step's, moved by the group's extra time.
  function clock() {
    var s = A.step(), o = {}, k, extra = G && G.group && G.group.extra_s || 0;
    if (!s || !G || !G.group || s.ends_at == null) return null;
    for (k in s) o[k] = s[k];
    o.ends_at = s.ends_at + extra;
    if (s.remaining_s != null) o.remaining_s = s.remaining_s + extra;
    // methods.md: a group without a rapporteur is warned in its last five minutes.
    if (G.rapporteur_status === 'ask' && Countdown.phase({status: 'running', ends_at: o.ends_at, warning_s: 300}) !== 'running') {
      G.rapporteur_status = 'late';
      setTimeout(draw);
    }
    return o;
  }

  function draw() {
    var s = A.step(), on = !!(s && (s.groups && s.groups !== 'circle' || s.report_minutes));
    top.hidden = box.hidden = !on;
    if (!on) return;
    top.textContent = '';
    el('p', 'error', '', top).id = 'g-err';
    say('');
    if (!G || !G.group) { box.textContent = sheetKey = ''; return choices(); }
    var g = G.group, card = el('div', 'g-card', null, top), i = G.instructions;
    card.id = 'g-head';
    el('p', 'g-name', g.name || fmt(S['gr.group'], {n: g.number}), card);
    if (g.theme) el('p', 'g-theme', g.theme, card);
    card.appendChild(gclock);
    if (g.shared) el('p', 'hint', S['gr.shared'], card);
    if (G.message) {
      var m = el('div', 'note', null, top);
      m.id = 'g-message';
      el('b', null, S['gph.message'], m);
      el('p', 'txt', G.message.text, m);
    }
    var rs = G.rapporteur_status;
    if (rs === 'ask' || rs === 'late') {
      var n = el('div', 'note' + (rs === 'late' ? ' g-warn' : ''), S[rs === 'ask' ? 'gph.ask_rapporteur' : 'gph.late_rapporteur'], top);
      n.id = 'g-ask';
      if (!myRole()) button(S['gph.i_report'], 'primary', n, function () { role('rapporteur', true, this); });
    }
    if (i) {
      var det = el('details', 'g-card', null, top), dl = el('dl', null, null, det);
      det.open = s.duration_s === 0 || !s.duration_s;
      el('summary', 'lead', S['gph.instructions'], det);
      [['objective', i.objective], ['product', i.product], ['example', i.example],
       ['time', i.minutes ? P('gph.minutes', i.minutes) : ''], ['plenary', i.plenary]].forEach(function (x) {
        if (!x[1]) return;
        el('dt', null, S['gph.' + x[0]], dl).style.fontWeight = 700;
        el('dd', 'txt', x[1], dl);
      });
    }
    members();
    var call = button(called ? S['gph.called'] : S['gph.call'], 'secondary', top, function () {
      ask('groups:call', {}, function (a) { if (a.ok) { called = true; call.textContent = S['gph.called']; } });
    });
    call.id = 'g-call';
    el('h2', null, S['gph.stream'], top);
    var ul = el('ul', 'g-ul', null, top), list = Object.keys(stream).map(function (k) { return stream[k]; })
      .filter(function (x) { return !x.hidden && x.group_id === g.id; })
      .sort(function (a, b) { return b.id - a.id; });
    ul.id = 'g-stream';
    list.forEach(function (x) {
      var li = el('li', null, null, ul);
      li.setAttribute('data-id', x.id);
      el('div', 'meta', x.author ? x.author.name || x.author.organisation || '' : S.anonymous, li);
      el('p', 'txt', x.text, li);
      if (!submitted()) button(S['gph.propose_this'], 'secondary', li, function () {
        var b = this;
        edit({op: 'propose', item: A.uuid(), value: x.text, source: x.id}, function (a) {
          if (a.ok) { b.textContent = '✓ ' + S['gph.proposed']; b.disabled = true; }
        });
      });
    });
    if (!list.length) el('p', 'hint', S['gph.stream_empty'], top);
    // Another group's stream, shared by the facilitator with the whole room.
    (G.shared || []).forEach(function (y) {
      el('h2', null, (y.group.name || fmt(S['gr.group'], {n: y.group.number})) + ' · ' + S['gr.shared'], top);
      var o = el('ul', 'g-ul', null, top);
      y.stream.forEach(function (c) { el('li', 'txt', c.text, o); });
    });
    sheet();
  }

  function members() {
    var card = el('div', 'g-card', null, top), held = {}, mine = meId();
    card.id = 'g-members';
    el('p', 'lead', S['gph.members'] + ' · ' + P('gr.members', G.members.length), card);
    G.members.forEach(function (m) { if (m.role) held[m.role] = m; });
    ROLES.forEach(function (r) {
      var row = el('div', 'g-role', null, card), h = held[r];
      row.setAttribute('data-role', r);
      el('b', null, S['gr.role_' + r], row);
      el('span', null, h ? who(h) : S['gph.free'], row);
      if (h && h.id === mine) button(S['gph.release'], 'secondary', row, function () { role(r, false, this); });
      else if (!h && !myRole()) button(S['gph.take'], 'secondary', row, function () { role(r, true, this); });
    });
    el('p', 'hint', G.members.map(who).join(' · '), card);
  }
  function who(m) {
    return (m.name || S.anonymous || '?') + (m.organisation ? ' (' + m.organisation + ')' : '') +
      (m.id === meId() ? ' — ' + S['gph.you'] : '');
  }
  function role(r, take, b) {
    b.disabled = true;
    ask(take ? 'groups:take_role' : 'groups:release_role', {role: r}, function (a) {
      b.disabled = false;
      if (a.ok && a.group) {
        G.group = a.group;
        G.members = a.members;
        G.rapporteur_status = a.group.rapporteur_status;
        draw();
      }
    });
  }

  // Self-selection: a theme or a group, its seats; a full one is refused by the server too.
  function choices() {
    var list = G && G.choices || [];
    el('p', 'lead', list.length ? S['gph.choose'] : S['gph.waiting'], top);
    if (!list.length) return;
    el('p', 'hint', S['gph.choose_hint'], top);
    var ul = el('ul', 'g-ul', null, top);
    ul.id = 'g-choices';
    list.forEach(function (g) {
      var li = el('li', null, null, ul), full = g.capacity != null && g.size >= g.capacity;
      li.setAttribute('data-group', g.id);
      el('b', null, g.name || fmt(S['gr.group'], {n: g.number}), li);
      if (g.theme) el('p', 'g-theme', g.theme, li);
      el('p', 'hint', g.capacity != null ? fmt(S['gph.seats'], {n: g.size, max: g.capacity}) +
        (full ? ' — ' + S['gph.full'] : '') : P('gr.members', g.size), li);
      var b = button(S['gph.join_group'], 'primary', li, function () {
        b.disabled = true;
        ask('groups:choose', {group_id: g.id}, function (a) { b.disabled = false; if (a.ok) A.sock().live.resync(); });
      });
      b.disabled = full;
    });
  }

  // --- the restitution sheet ----------------------------------------------------------------

  function submitted() { return G.sheet && G.sheet.status === 'submitted'; }
  function live(f) { return (G.sheet[f] || []).filter(function (x) { return !x.removed; }); }

  function edit(e, cb) {
    ask('sheet:edit', {group_id: G.group.id, edit: e}, function (a) {
      if (a.ok && a.result) {
        if (e.op === 'propose' && a.result.value == null) a.result.value = e.value;
        take(a.result);
      }
      if (cb) cb(a);
    });
  }

  // Every view of the sheet is drawn from G.sheet; a result (mine or another phone's) is
  // folded into it, and only a change of shape redraws the inputs.
  function take(r) {
    var sh = G.sheet, f = r.field, it, p;
    if (r.op === 'submit' || r.op === 'reopen') sh.status = r.status === 'unchanged' ? sh.status : r.op === 'submit' ? 'submitted' : 'draft';
    else if (r.op === 'propose' || r.op === 'accept' || r.op === 'dismiss') {
      p = find(sh.proposals, r.item);
      if (!p && r.op === 'propose') sh.proposals.push(p = {id: r.item, text: r.text || r.value || '', state: 'open'});
      if (p) p.state = r.state;
      if (r.op === 'accept') {
        if (r.into === 'plenary_question') cell(sh.plenary_question, r);
        else if (!find(sh[r.into], r.item)) sh[r.into].push({id: r.item, removed: false, value: r.value, version: r.version, conflict: !!r.conflict});
      }
    } else if (f === 'theme' || f === 'plenary_question') cell(sh[f], r);
    else if (f) {
      it = find(sh[f], r.item);
      if (!it && r.op === 'add') { sh[f].push(it = {id: r.item, removed: false}); }
      if (!it) return;
      if (r.cells) it.cells = r.cells;
      if (r.removed != null) it.removed = r.removed;
      if (f === 'actions') {
        if (r.key && !r.cells) cell(it.cells[r.key], r);
        it.version = r.row_version || r.version;
      } else if (r.value != null) cell(it, r);
    }
    if (r.rev != null) sh.rev = r.rev;
  }
  function cell(c, r) { c.value = r.value; c.version = r.version; c.conflict = !!r.conflict; }
  function find(list, id) {
    for (var i = 0; i < (list || []).length; i++) if (list[i].id === id) return list[i];
    return null;
  }

  function shape() {
    var k = [G.group.id, G.sheet.status, editor()];
    Object.keys(LISTS).concat('actions').forEach(function (f) { k.push(live(f).map(function (x) { return x.id; }).join()); });
    G.sheet.proposals.forEach(function (p) { k.push(p.id + p.state); });
    return k.join('|');
  }

  // A cell is one text of the sheet with its input; it lives as long as its item, so a redraw
  // moves the same input (focus, typing, a save in flight) into the new layout. Items not yet
  // saved have their id already: the add that saves them uses it.
  function pending(f) {
    var ids = [], have = {};
    live(f).forEach(function (x) { have[x.id] = 1; });
    Object.keys(cells).forEach(function (k) {
      var z = cells[k];
      if (z.f === f && z.fresh && !have[z.item] && ids.indexOf(z.item) < 0 && (z.key || z.el.value || z.sent != null)) ids.push(z.item);
    });
    return ids;
  }

  function sheet() {
    if (!G.sheet) return;
    var k = shape();
    if (k === sheetKey && box.firstChild) return refresh();
    var prop = $('g-propose') ? $('g-propose').value : '', f = d.activeElement;
    sheetKey = k;
    box.textContent = '';
    var sub = submitted(), can = editor() && !sub, seen = {};
    if (!can) cells = {};
    el('h2', null, S['gph.sheet'], box);
    var st = el('p', 'note' + (sub ? ' ok' : ''), sub ? S['gph.submitted_note'] : S['gph.sheet_hint'], box);
    st.id = 'g-status';
    el('label', null, S['gr.theme'], box);
    seen[text(box, 'theme', null, null, G.sheet.theme, can, 200)] = 1;
    Object.keys(LISTS).forEach(function (f) {
      el('label', null, S['gr.' + f], box);
      var items = live(f), ids = items.map(function (x) { return x.id; }).concat(can ? pending(f) : []), i;
      while (can && ids.length < Math.min(LISTS[f], f === 'key_points' ? 3 : items.length + 1)) ids.push(A.uuid());
      for (i = 0; i < ids.length; i++) seen[text(box, f, ids[i], null, items[i], can, 0, i < items.length)] = 1;
      if (!ids.length) el('p', 'txt', S['gph.empty_part'], box);
    });
    el('label', null, S['gr.plenary_question'], box);
    seen[text(box, 'plenary_question', null, null, G.sheet.plenary_question, can, 300)] = 1;
    el('label', null, S['gr.actions'], box);
    live('actions').forEach(function (r) { row(r, can, seen); });
    if (can) {
      pending('actions').forEach(function (id) { row({id: id}, true, seen); });
      button('+ ' + S['gph.add_action'], 'secondary', box, function () { box.insertBefore(row({id: A.uuid()}, true, seen), this); });
    }
    proposals(can, sub);
    if (can) button(S['gph.submit'], 'primary', box, function () {
      if (w.confirm(S['gph.submit_confirm'])) edit({op: 'submit'}, function () { draw(); });
    }).id = 'g-submit';
    if (editor()) ['pdf', 'docx'].forEach(function (x) {
      button(S['gph.dl_' + x], 'secondary', box, function () { download(x, this); }).id = 'g-dl-' + x;
    });
    if ($('g-propose')) $('g-propose').value = prop;
    Object.keys(cells).forEach(function (q) { if (!seen[q]) delete cells[q]; });  // removed items
    if (f && box.contains(f)) f.focus();
    refresh();
  }

  // One text of the sheet: an input for the rapporteur, plain text for the others. Its key.
  function text(parent, f, item, key, c, can, max, saved) {
    var k = f + (item ? '/' + item : '') + (key ? '/' + key : ''), z = cells[k];
    if (!can) {
      if (c && c.value || !item) el('p', 'txt', c && c.value || S['gph.empty_part'], parent).setAttribute('data-k', k);
      return k;
    }
    if (!z) {
      var x = mk(key === 'status' ? 'select' : 'textarea');
      if (key === 'status') STATUS.forEach(function (s) { el('option', null, S['gr.st_' + s], x).value = s; });
      else x.rows = key ? 1 : 2;
      if (max) x.maxLength = max;
      x.setAttribute('data-k', k);
      x.setAttribute('aria-label', key ? S['gr.a_' + key] : S['gr.' + f]);
      x.value = c ? c.value : key === 'status' ? 'todo' : '';
      z = cells[k] = {f: f, item: item, key: key, el: x, flag: mk('p', 'g-flag'), base: c ? c.value : '',
                      ver: c ? c.version : 0, sent: null, t: 0, fresh: !c && !!item};
      x.oninput = x.onchange = function () { schedule(k); };
    }
    parent.appendChild(z.el);
    parent.appendChild(z.flag);
    if (saved && !key) button(S['gph.remove'], 'secondary', parent, function () {
      edit({op: 'remove', field: f, item: item, base_version: z.ver, base_text: z.base}, function () { draw(); });
    });
    return k;
  }

  function schedule(k) {
    var z = cells[k];
    clearTimeout(z.t);
    z.t = setTimeout(function () { save(k); }, 700);
    flag(z, 'saving');
  }
  function flag(z, st) {
    z.flag.textContent = st ? S['gph.' + st] : '';
    z.flag.setAttribute('data-s', st || '');
  }

  // An action row: its cells for the rapporteur, one line for the others.
  function row(r, can, seen) {
    var fs = el('fieldset', 'g-row', null, box);
    fs.setAttribute('data-row', r.id);
    if (!can) {
      var c = r.cells, bits = ROW.slice(1).map(function (key) {
        var v = c[key].value;
        return !v ? '' : key === 'status' ? S['gr.st_' + v] : fmt(S['gr.cell'], {label: S['gr.a_' + key], value: v});
      }).filter(Boolean);
      el('p', 'txt', c.what.value, fs).style.fontWeight = 700;
      el('p', 'txt', bits.join(' · '), fs);
      return fs;
    }
    ROW.forEach(function (key) {
      el('label', null, S['gr.a_' + key], fs);
      seen[text(fs, 'actions', r.id, key, r.cells && r.cells[key], true, 0)] = 1;
    });
    return fs;
  }

  function save(k) {
    var z = cells[k];
    if (!z) return;
    if (z.sent != null) { z.again = 1; return; }
    var v = z.el.value, e, row = [];
    if (z.fresh) {
      if (!v.trim()) return flag(z);
      // A new item or row: added with its id, so a resend is the same add. A row's other
      // cells typed meanwhile go with it.
      e = {op: 'add', field: z.f, item: z.item, value: v};
      if (z.key) {
        e.value = {};
        Object.keys(cells).forEach(function (q) {
          var y = cells[q];
          if (y.item === z.item && y.fresh && (y.el.value.trim() || y.key === 'status')) { e.value[y.key] = y.el.value; row.push(y); }
        });
      }
    } else {
      e = {op: 'set', field: z.f, base_version: z.ver, base_text: z.base, value: v};
      if (z.item) e.item = z.item;
      if (z.key) e.key = z.key;
    }
    (row.length ? row : [z]).forEach(function (y) { y.sent = y.el.value; clearTimeout(y.t); });
    edit(e, function (a) {
      var r = a.result;
      Object.keys(cells).forEach(function (key) {
        var y = cells[key], mine = y === z || e.op === 'add' && z.key && y.item === z.item;
        if (!mine) return;
        var sent = y.sent;
        y.sent = null;
        if (!a.ok || !r) return flag(y);
        var c = r.cells ? r.cells[y.key] : r;
        y.fresh = false;
        y.ver = c.version;
        // The input adopts the server's text when nothing was typed since the send; otherwise
        // what was sent is the base, so a text merged meanwhile is merged again.
        if (y.el.value === sent && c.value !== sent.trim()) y.el.value = c.value;
        y.base = y.el.value === sent || sent == null ? c.value : sent;
        if (sent != null) flag(y, r.status === 'conflict' ? 'conflict' : r.status === 'merged' ? 'merged' : 'saved');
        if (dirty(y) || y.again) { y.again = 0; schedule(key); }
      });
      if (shape() !== sheetKey) sheet();
    });
  }
  // The rapporteur takes the group's restitution away: the file comes in the ack (a phone has
  // no session cookie to open a download address with).
  function download(x, b) {
    b.disabled = true;
    Live.ask(A.sock(), 'restitution:group_export', {group_id: G.group.id, format: x}, function (a) {
      b.disabled = false;
      if (!a.ok) return w.alert(a.error.message);
      var bin = atob(a.data), n = new Uint8Array(bin.length), i;
      for (i = 0; i < bin.length; i++) n[i] = bin.charCodeAt(i);
      var link = mk('a');
      link.href = URL.createObjectURL(new Blob([n], {type: a.mimetype}));
      link.download = a.name;
      d.body.appendChild(link);
      link.click();
      link.remove();
    }, 60000);
  }
  function dirty(z) { return z.el.value.trim() !== z.base; }

  // Another phone's save: untouched inputs take the new text; one being typed into keeps it,
  // and its next save is merged by the server.
  function refresh() {
    Object.keys(cells).forEach(function (k) {
      var z = cells[k], c = !z.fresh && current(z);
      if (!c || z.sent != null || dirty(z)) return;
      z.el.value = z.base = c.value;
      z.ver = c.version;
      if (c.conflict) flag(z, 'conflict');
    });
  }
  function current(z) {
    if (z.f === 'theme' || z.f === 'plenary_question') return G.sheet[z.f];
    var it = find(G.sheet[z.f], z.item);
    return it && (z.key ? it.cells[z.key] : it);
  }

  function proposals(can, sub) {
    var open = G.sheet.proposals.filter(function (p) { return p.state === 'open'; });
    if (sub) return;
    if (open.length) {
      el('label', null, S['gph.proposals'], box);
      var ul = el('ul', 'g-ul', null, box);
      ul.id = 'g-proposals';
      open.forEach(function (p) {
        var li = el('li', null, null, ul);
        el('p', 'txt', p.text, li);
        if (!can) return;
        var sel = el('select', null, null, li);
        sel.setAttribute('aria-label', S['gph.accept_into']);
        INTO.forEach(function (f) { el('option', null, S['gr.' + f], sel).value = f; });
        button(S['gph.accept'], 'primary', li, function () { edit({op: 'accept', item: p.id, into: sel.value}, function () { draw(); }); });
        button(S['gph.dismiss'], 'secondary', li, function () { edit({op: 'dismiss', item: p.id}, function () { draw(); }); });
      });
    }
    if (can) return;
    el('label', null, S['gph.propose'], box).htmlFor = 'g-propose';
    var t = el('textarea', null, null, box);
    t.id = 'g-propose';
    t.rows = 2;
    button(S['gph.propose_send'], 'primary', box, function () {
      var v = t.value.trim();
      if (v) edit({op: 'propose', item: A.uuid(), value: v}, function (a) { if (a.ok) { t.value = ''; draw(); } });
    });
  }

  // --- what phone.js hands over ---------------------------------------------------------------

  function snapshot(snap) {
    var was = G && G.group && G.group.id;
    G = snap.groups || null;
    aid = G ? G.activity_id : null;
    stream = {};
    sheetKey = '';
    if (!G || !G.group || G.group.id !== was) cells = {};
    (G && G.stream || []).forEach(function (c) { stream[c.id] = c; });
    draw();
  }

  // Only the server knows a new group's stream, sheet and words: ask again, not all at once,
  // and once for a burst (forming sends groups.formed then each phone's groups.changed).
  var resyncing = 0;
  function again() {
    if (resyncing) return;
    resyncing = setTimeout(function () { resyncing = 0; A.sock().live.resync(); }, Math.random() * 1500);
  }

  function update(u) {
    var x = u.data || {}, g = G && G.group, mine = g && g.id;
    if (G && x.activity_id != null && x.activity_id !== aid) return;
    switch (u.type) {
      case 'contribution.created':
      case 'contribution.updated':
        if (x.group_id == null || x.group_id !== mine) return;
        stream[x.id] = x;
        break;
      case 'groups.formed':
        return again();
      case 'groups.changed':
        if (!G || G.layer && x.group.layer !== G.layer) return;
        var here = x.members.some(function (m) { return m.id === meId(); });
        // Moved out of the group, or into one: the new group's space comes with a snapshot.
        if (x.group.id === mine ? !here : here) return again();
        if (!here) return;
        G.group = x.group;
        G.members = x.members;
        G.rapporteur_status = x.group.rapporteur_status;
        break;
      case 'groups.message':
        if (!G || x.group_id != null && x.group_id !== mine) return;
        G.message = x;
        break;
      case 'groups.time':
        if (!g) return;
        x.groups.forEach(function (t) { if (t.id === mine) { g.ends_at = t.ends_at; g.extra_s = t.extra_s; } });
        break;
      case 'groups.shared':
        if (!G) return;
        if (x.group_id === mine) g.shared = x.shared;
        G.shared = (G.shared || []).filter(function (y) { return y.group.id !== x.group_id; });
        if (x.shared && x.group_id !== mine) G.shared.push({group: x.group, stream: x.stream});
        break;
      case 'sheet.updated':
        if (!G || !G.sheet || x.group_id !== mine) return;
        // A proposal is drawn with its text; an entry without it needs the whole sheet.
        if (x.result.op === 'propose' && x.result.value == null && !find(G.sheet.proposals, x.result.item)) return again();
        take(x.result);
        break;
      case 'sheet.submitted':
        if (!G || x.group_id !== mine) return;
        G.sheet = x.sheet;
        break;
      case 'sheet.reopened':
        if (!G || !G.sheet || x.group_id !== mine) return;
        G.sheet.status = x.status;
        G.sheet.rev = x.rev;
        break;
      default:
        return;
    }
    draw();
  }

  function start(api) {
    if (A && A !== api) return;  // phone.js may ask more than once while the script loads
    A = api;
    var urls = JSON.parse($('scripts').textContent), r = new XMLHttpRequest();
    r.open('GET', urls['groups.text']);
    r.onload = function () {
      try { S = JSON.parse(r.responseText); } catch (e) { return r.onerror(); }
      S.anonymous = Live.strings().anonymous;
      build();
      ready = 1;
      if (A.F.snap) snapshot(A.F.snap);
      A.F.q.forEach(update);
      early.forEach(function (x) { (x[0] ? update : snapshot)(x[1]); });
      early = [];
    };
    r.onerror = function () { setTimeout(function () { start(api); }, 3000); };
    r.send();
  }

  // Registered at once, so phone.js hands everything here; kept until the words are in.
  Live.features.groups = {
    start: start,
    snapshot: function (s) { if (ready) snapshot(s); else early.push([0, s]); },
    update: function (u) { if (ready) update(u); else early.push([1, u]); }
  };
})(window, document);
