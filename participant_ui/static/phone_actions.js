/* Palabre phone: the event's action plan, the whole action-row form, and "Edit" / "Withdraw" on
   my own items. Loaded by phone.js (Live.load('actions')) once the event has an action row, the
   step takes actions, or I have posted something; its words come from /p/text/actions.json.
   The server decides who may change what (room/permissions.py): an item while its step is open,
   an action row at any time; a refusal is shown as the server words it. */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk;
  var S = {}, A = null, ready = 0, early = [], plan = {}, list, empty;
  var CELLS = ['who', 'partners', 'when', 'resources', 'indicator'];
  var STATUS = ['todo', 'doing', 'blocked', 'done'];

  function el(tag, cls, text, parent) {
    var e = mk(tag, cls, text);
    if (parent) parent.appendChild(e);
    return e;
  }
  function button(text, cls, parent, fn) {
    var b = el('button', 'btn ' + cls, text, parent);
    b.type = 'button';
    b.onclick = fn;
    return b;
  }

  // Whether the room is still in the step the item was written in (an action row: always).
  function open(c) {
    var s = A.step(), r = A.room();
    if (c.kind === 'action') return true;
    if (!c.activity_id) return !s;
    return !!s && r.activity.id === c.activity_id && s.step_id === c.step_id;
  }
  function mineById(id) {
    var m = A.mine(), i;
    for (i = 0; i < m.length; i++) if (m[i].id === id && !m[i].refused) return m[i];
    return null;
  }

  // --- the form's extra cells and the plan's section ----------------------------------------

  function build() {
    var box = $('post-action'), sec, after = $('mine').parentNode;
    CELLS.forEach(function (k) {
      if (box.querySelector('[data-k="' + k + '"]')) return;  // who and when are in the page
      var id = 'post-' + k, l = el('label', '', S['act.' + k], box), x = el('input', '', '', box);
      l.htmlFor = x.id = id;
      x.setAttribute('data-k', k);
      x.maxLength = 200;
      x.autocomplete = 'off';
    });
    sec = mk('section');
    sec.id = 'a-plan';
    el('h2', '', S['act.plan'], sec);
    empty = el('p', 'hint', S['act.plan_empty'], sec);
    list = el('ul', '', '', sec);
    list.id = 'a-rows';
    after.parentNode.insertBefore(sec, after.nextSibling);
  }

  function put(c) {
    if (!c || c.kind !== 'action') return;
    if (c.hidden || c.withdrawn || c.text == null) delete plan[c.id];
    else plan[c.id] = c;
  }

  function cellsLine(m) {
    return CELLS.filter(function (k) { return m[k]; }).map(function (k) {
      return Live.fmt(S['act.cell'], {label: S['act.' + k], value: m[k]});
    }).join(' · ');
  }

  function draw() {
    var ids = Object.keys(plan).map(Number).sort(function (a, b) { return a - b; });
    list.textContent = '';
    empty.hidden = ids.length > 0;
    list.parentNode.hidden = !ids.length;  // no plan yet: no section under my items
    ids.forEach(function (id) {
      var c = plan[id], m = c.meta || {}, li = el('li', 'a-row', '', list), top = el('div', 'meta', '', li);
      li.setAttribute('data-id', id);
      el('span', 'a-st a-' + (m.status || 'todo'), S['ag.status_' + (m.status || 'todo')], top);
      if (c.author && c.author.name) el('span', 'kind', c.author.name, top);
      el('p', 'txt', c.text, li);
      if (cellsLine(m)) el('p', 'a-cells', cellsLine(m), li);
      var own = mineById(id);
      if (own) button(S['act.edit'], 'secondary', li, function () { form(li, own); });
    });
  }

  // --- my own items ---------------------------------------------------------------------------

  function mine(ul) {
    if (!ready) return;
    [].forEach.call(ul.querySelectorAll('li[data-state="sent"]'), function (li) {
      var m = A.mine(), c = null, i, id = li.getAttribute('data-client-id');
      for (i = 0; i < m.length; i++) if (m[i].client_id === id) c = m[i];
      if (!c || !c.id || !open(c)) return;
      if (c.edited_at) el('span', 'hint', ' (' + S['act.edited'] + ')', li.querySelector('.meta'));
      button(S['act.edit'], 'secondary', li, function () { form(li, c); });
      if (c.kind !== 'action' || open({kind: '', activity_id: c.activity_id, step_id: c.step_id})) {
        button(S['act.withdraw'], 'secondary', li, function () {
          var b = this;
          b.disabled = true;
          send('contribution:withdraw', {id: c.id}, li, function () { b.disabled = false; });
        });
      }
    });
    if (list) draw();
  }

  function send(name, data, li, failed) {
    Live.ask(A.sock(), name, data, function (a) {
      var e = li.querySelector('.a-err') || el('p', 'error a-err', '', li);
      e.textContent = a.ok ? '' : (a.error && a.error.message) || '';
      if (!a.ok && failed) failed();
    });
  }

  // The edit form under the item: its text, and for an action row every cell and its status.
  function form(li, c) {
    if (li.querySelector('form')) return;
    var f = el('form', 'a-form', '', li), m = c.meta || {}, ta = el('textarea', '', '', f), inputs = {};
    ta.value = c.text;
    ta.rows = 3;
    ta.setAttribute('aria-label', S['act.what']);
    if (c.kind === 'action') {
      CELLS.forEach(function (k) {
        var l = el('label', '', S['act.' + k], f), x = el('input', '', '', l);
        x.value = m[k] || '';
        x.maxLength = 200;
        x.setAttribute('data-k', k);
        inputs[k] = x;
      });
      var l = el('label', '', S['act.status'], f), sel = el('select', '', '', l);
      STATUS.forEach(function (st) {
        var o = el('option', '', S['ag.status_' + st], sel);
        o.value = st;
      });
      sel.value = m.status || 'todo';
      inputs.status = sel;
    }
    var save = button(S['act.save'], 'primary', f, null);
    save.type = 'submit';
    button(S['act.cancel'], 'secondary', f, function () { li.removeChild(f); });
    f.onsubmit = function (e) {
      e.preventDefault();
      var data = {id: c.id}, meta = {}, k, changed = 0;
      if (ta.value.trim() !== c.text) data.text = ta.value;
      for (k in inputs) {
        if (inputs[k].value.trim() !== (m[k] || (k === 'status' ? 'todo' : ''))) {
          meta[k] = inputs[k].value.trim();
          changed = 1;
        }
      }
      if (changed) data.meta = meta;
      if (!data.text && !changed) { li.removeChild(f); return; }
      save.disabled = true;
      Live.ask(A.sock(), 'contribution:edit', data, function (a) {
        save.disabled = false;
        var e = f.querySelector('.a-err') || el('p', 'error a-err', '', f);
        e.textContent = a.ok ? '' : (a.error && a.error.message) || '';
        if (a.ok && f.parentNode) f.parentNode.removeChild(f);  // the server's "mine" redraws it
        if (a.ok) { put(a.contribution); draw(); }
      });
    };
    ta.focus();
  }

  // --- phone.js hands over its snapshot and every update -------------------------------------

  function snapshot(s) {
    plan = {};
    ((s && s.actions) || []).forEach(put);
    draw();
  }
  function update(u) {
    if (u && (u.type === 'contribution.created' || u.type === 'contribution.updated')) {
      put(u.data);
      draw();
    }
  }

  function start(api) {
    if (A && A !== api) return;  // phone.js may ask more than once while the script loads
    A = api;
    var urls = JSON.parse($('scripts').textContent), r = new XMLHttpRequest();
    r.open('GET', urls['actions.text']);
    r.onload = function () {
      try { S = JSON.parse(r.responseText); } catch (e) { return r.onerror(); }
      build();
      ready = 1;
      if (A.F.snap) snapshot(A.F.snap);
      A.F.q.forEach(update);
      early.forEach(function (x) { (x[0] ? update : snapshot)(x[1]); });
      early = [];
      mine($('mine'));
    };
    r.onerror = function () { setTimeout(function () { start(api); }, 3000); };
    r.send();
  }

  Live.features.actions = {
    start: start,
    snapshot: function (s) { if (ready) snapshot(s); else early.push([0, s]); },
    update: function (u) { if (ready) update(u); else early.push([1, u]); },
    mine: mine
  };
})(window, document);
