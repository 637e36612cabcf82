/* Palabre dashboard: the live list, moderation, the projector's mode. State lives in memory; a
   page load starts from a snapshot, a reconnect replays what was missed (see live.js). The agenda
   panel (agenda_panel.js) gets the same snapshot and updates, and says where each item belongs. */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk;
  var S = Live.strings(), b = d.body;
  var CODE = b.getAttribute('data-code'), LANG = b.getAttribute('data-lang');
  var items = {}, pinned = null, mode = b.getAttribute('data-mode') || 'join';
  // People are counted by id: a join that is both in a snapshot and replayed counts once.
  var filter = 'all', onlyCurrent = false, participants = null, people = {}, nodes = {}, timer = 0;
  var list = $('contrib-list'), sock = null;
  var STATUSES = ['todo', 'doing', 'blocked', 'done'];
  // An action row's cells besides its text (room/contributions.py ACTION_FIELDS).
  var CELLS = ['who', 'partners', 'when', 'resources', 'indicator'];

  function btn(action, label, pressed) {
    var x = mk('button', 'btn small act-' + action, label);
    x.type = 'button';
    x.setAttribute('data-action', action);
    if (pressed != null) x.setAttribute('aria-pressed', pressed ? 'true' : 'false');
    return x;
  }
  function hhmm(t) {
    try { return new Date(t * 1000).toLocaleTimeString(LANG, {hour: '2-digit', minute: '2-digit'}); }
    catch (e) { return ''; }
  }
  function error(msg, el) {
    el = el || $('dash-error');
    el.textContent = msg || '';
    el.hidden = !msg;
  }

  // Upsert: an update of a hidden item carries no text; keep the one we already have.
  // A whole day's items come in pages after the snapshot's newest (protocol.md §3.7); a live
  // update that came first is newer than its page's copy and stays.
  var pages = 0;
  function older(got, g) {
    Live.ask(sock, 'contributions:page', {before_id: got[got.length - 1].id}, function (a) {
      if (!a.ok || g !== pages) return;
      a.contributions.forEach(function (c) { if (!items[c.id]) put(c); });
      draw();
      if (a.more) older(a.contributions, g);
    });
  }

  function put(c) {
    if (!c || c.id == null) return;
    if (c.withdrawn) { delete items[c.id]; return; }  // its author took it back
    var old = items[c.id];
    if (c.text == null && old) c.text = old.text;
    items[c.id] = c;
  }

  // --- drawing ----------------------------------------------------------------------------------

  function sig(c) {
    return JSON.stringify([c.text, c.hidden, c.starred, c.id === pinned, c.kind, c.author,
                           c.answered, c.validated, c.meta, c.topic, c.step_id, c.activity_id,
                           Agenda.itemInfo(c)]);
  }

  function item(c) {
    var li = mk('li', 'item'), meta = mk('div', 'meta'), acts = mk('div', 'actions');
    var on = c.id === pinned, who, info = Agenda.itemInfo(c);
    li.setAttribute('data-id', c.id);
    li.setAttribute('data-kind', c.kind);
    li.setAttribute('data-hidden', c.hidden ? 'true' : 'false');
    li.setAttribute('data-starred', c.starred ? 'true' : 'false');
    li.setAttribute('data-pinned', on ? 'true' : 'false');
    if (c.answered) li.setAttribute('data-answered', 'true');
    if (c.validated) li.setAttribute('data-validated', 'true');
    meta.appendChild(mk('span', 'kind kind-' + c.kind, S['kind.' + c.kind] || c.kind));
    who = c.author ? (c.author.name || '') + (c.author.organisation ? ' · ' + c.author.organisation : '')
                   : S.anonymous;
    meta.appendChild(mk('span', c.author ? 'who' : 'who anon', who));
    meta.appendChild(mk('time', 'time', hhmm(c.created_at)));
    if (info.votes) {
      var v = mk('span', 'badge votes' + (info.votes.unrevealed ? ' unrevealed' : ''),
                 Live.plural(S, info.votes.mode === 'upvote' ? 'staff.n_upvotes' : 'staff.n_dots', info.votes.n, LANG));
      v.setAttribute('data-votes', info.votes.n);
      if (info.votes.unrevealed) v.title = S['staff.votes_hidden_short'];
      meta.appendChild(v);
    }
    if (c.starred) meta.appendChild(mk('span', 'badge star', '★ ' + S['dash.starred']));
    if (on) meta.appendChild(mk('span', 'badge pinned', '▣ ' + S['dash.pinned']));
    if (c.answered) meta.appendChild(mk('span', 'badge ok', '✓ ' + S['staff.answered']));
    if (c.validated) meta.appendChild(mk('span', 'badge ok', '✓ ' + S['staff.validated']));
    if (info.promote === 'done') meta.appendChild(mk('span', 'badge topic', '✓ ' + S['staff.is_topic']));
    if (c.hidden) meta.appendChild(mk('span', 'badge hidden', S['dash.hidden']));
    li.appendChild(meta);
    if (info.where || info.topic) {
      var where = mk('p', 'where');
      if (info.where) where.appendChild(mk('span', 'where-step', info.where));
      if (info.topic) where.appendChild(mk('span', 'where-topic', info.topic));
      li.appendChild(where);
    }
    li.appendChild(mk('p', 'txt', c.text == null ? S['dash.hidden_text'] : c.text));
    if (c.kind === 'action' && c.meta) {
      var row = mk('p', 'action-meta');
      CELLS.forEach(function (k) {
        if (c.meta[k] || k === 'who' || k === 'when') {
          row.appendChild(mk('span', 'action-' + k, Live.fmt(S['act.cell'], {label: S['act.' + k], value: c.meta[k] || '—'})));
        }
      });
      li.appendChild(row);
    }
    if (info.promote === 'can' && !c.hidden) acts.appendChild(btn('promote', '＋ ' + S['staff.promote']));
    if (info.options) acts.appendChild(btn('options', '→ ' + Live.fmt(S['staff.to_options'], {title: info.options.name})));
    if (c.kind === 'question') acts.appendChild(btn(c.answered ? 'unanswer' : 'answer',
      c.answered ? '✓ ' + S['staff.answered'] : S['staff.mark_answered'], !!c.answered));
    if (c.kind === 'note') acts.appendChild(btn(c.validated ? 'unvalidate' : 'validate',
      c.validated ? '✓ ' + S['staff.validated'] : S['staff.validate'], !!c.validated));
    if (c.kind === 'action') {
      var lab = mk('label', 'status-field'), sel = mk('select', 'status-select');
      lab.appendChild(mk('span', null, S['staff.status']));
      sel.setAttribute('data-action-status', '');
      STATUSES.forEach(function (st) {
        var o = mk('option', null, S['staff.action_' + st]);
        o.value = st;
        sel.appendChild(o);
      });
      sel.value = (c.meta && c.meta.status) || 'todo';
      li.setAttribute('data-status', sel.value);
      lab.appendChild(sel);
      acts.appendChild(lab);
    }
    if (c.text != null) acts.appendChild(btn('correct', c.kind === 'action' ? S['jam.edit_row'] : S['jam.correct']));
    acts.appendChild(c.hidden ? btn('restore', S['dash.restore']) : btn('hide', S['dash.hide']));
    acts.appendChild(c.starred ? btn('unstar', S['dash.unstar']) : btn('star', '★ ' + S['dash.star']));
    if (!c.hidden) acts.appendChild(on ? btn('unpin', S['dash.unpin']) : btn('pin', '▣ ' + S['dash.pin']));
    li.appendChild(acts);
    li._sig = sig(c);
    return li;
  }

  function draw() {
    if (!timer) timer = setTimeout(render, 30);
  }

  function render() {
    timer = 0;
    var all = Object.keys(items).map(function (k) { return items[k]; });
    all.sort(function (a, b) { return b.id - a.id; });
    var counts = {all: 0}, want = [], i, cur = Agenda.currentId();
    all.forEach(function (c) {
      if (onlyCurrent && (cur == null || c.activity_id !== cur)) return;
      counts.all++;
      counts[c.kind] = (counts[c.kind] || 0) + 1;
      if (filter === 'all' || c.kind === filter) want.push(c);
    });
    // Reuse unchanged rows, so a click, a focus or a text selection survives a redraw.
    var focused = d.activeElement && list.contains(d.activeElement) ? d.activeElement : null;
    var focusId = focused ? focused.closest('[data-id]').getAttribute('data-id') : null;
    var focusAct = focused ? focused.getAttribute('data-action') : null;
    var keepIds = {};
    for (i = 0; i < want.length; i++) {
      var c = want[i], n = nodes[c.id];
      if (!n || n._sig !== sig(c)) {
        var fresh = item(c);
        if (n && n.parentNode) n.parentNode.replaceChild(fresh, n);
        nodes[c.id] = n = fresh;
      }
      keepIds[c.id] = 1;
      if (list.children[i] !== n) list.insertBefore(n, list.children[i] || null);
    }
    while (list.children.length > want.length) list.removeChild(list.lastChild);
    Object.keys(nodes).forEach(function (id) { if (!keepIds[id] && !items[id]) delete nodes[id]; });
    if (focusId && (!d.activeElement || d.activeElement === d.body) && nodes[focusId]) {
      // The row was redrawn under the keyboard: put the focus back on its twin, or the row's first button.
      var twin = nodes[focusId].querySelector(focusAct ? '[data-action]' : '[data-action-status]');
      var pairs = {hide: 'restore', restore: 'hide', star: 'unstar', unstar: 'star', pin: 'unpin', unpin: 'pin',
                   answer: 'unanswer', unanswer: 'answer', validate: 'unvalidate', unvalidate: 'validate'};
      if (focusAct) twin = nodes[focusId].querySelector('[data-action="' + focusAct + '"],[data-action="' + pairs[focusAct] + '"]') || twin;
      if (twin) twin.focus();
    }

    $('contrib-count').textContent = Object.keys(items).length;
    if (participants != null) $('participants').textContent = participants;
    var empty = $('contrib-empty');
    empty.textContent = counts.all ? S['dash.no_match'] : S['dash.empty'];
    empty.hidden = want.length > 0;
    var fb = d.querySelectorAll('[data-filter]');
    for (i = 0; i < fb.length; i++) {
      var f = fb[i].getAttribute('data-filter');
      fb[i].setAttribute('aria-pressed', f === filter ? 'true' : 'false');
      fb[i].querySelector('.n').textContent = '(' + (counts[f] || 0) + ')';
    }
    $('mode-join').setAttribute('aria-pressed', mode === 'join' ? 'true' : 'false');
    $('mode-wall').setAttribute('aria-pressed', mode === 'wall' ? 'true' : 'false');
  }

  function title(ev) {
    if (!ev) return;
    if (ev.title) {
      $('event-title').textContent = ev.title;
      var input = $('set-title');
      if (d.activeElement !== input) input.value = ev.title;
    }
    if (ev.lang && d.activeElement !== $('set-lang')) $('set-lang').value = ev.lang;
    if (ev.follow_browser != null) $('set-follow-browser').checked = !!ev.follow_browser;
  }

  function setConn(state, text) {
    var el = $('conn');
    el.setAttribute('data-state', state);
    el.textContent = text;
  }

  // An action with its answer: the button waits, a refusal shows the server's message where
  // the action was made (errEl), a success clears it.
  function send(name, payload, el, ok, errEl, failed) {
    if (el) el.disabled = true;
    Live.ask(sock, name, payload, function (a) {
      if (el) el.disabled = false;
      if (!a.ok) {
        error(a.error.message || S['conn.lost'], errEl);
        if (failed) failed(a);
      } else {
        error('', errEl);
        if (ok) ok(a);
      }
    });
  }

  Fair.init({strings: S, lang: LANG, send: send});
  Agenda.init({strings: S, lang: LANG, send: send, redraw: draw,
               items: function () { return Object.keys(items).map(function (k) { return items[k]; }); }});
  Groups.init({strings: S, lang: LANG, send: send, resync: function () { sock.live.resync(); }});
  Restitution.init({strings: S, send: send, code: CODE, items: function () { return items; }});
  Background.init({strings: S, lang: LANG, send: send,
                   items: function () { return Object.keys(items).map(function (k) { return items[k]; }); }});
  StaffPanel.init({strings: S, lang: LANG, send: send});
  Organisations.init({strings: S, send: send});

  // --- live -------------------------------------------------------------------------------------

  sock = Live.connect({
    role: 'facilitator', code: CODE, lang: LANG,
    onSnapshot: function (snap) {
      items = {};
      (snap.contributions || []).forEach(put);
      if (snap.contributions_more) older(snap.contributions, ++pages);
      pinned = snap.pinned ? snap.pinned.id : null;
      if (snap.projector_mode) mode = snap.projector_mode;
      if (snap.phones != null) $('phones').textContent = snap.phones;
      people = {};
      (snap.people || []).forEach(function (x) { people[x.id] = true; });
      participants = Object.keys(people).length;
      title(snap.event);
      Agenda.snapshot(snap);
      Groups.snapshot(snap);
      Fair.snapshot(snap);
      Restitution.snapshot(snap);
      Background.snapshot(snap);
      StaffPanel.snapshot(snap);
      Organisations.snapshot(snap);
      draw();
    },
    onUpdate: function (u) {
      var x = u.data || {};
      switch (u.type) {
        case 'contribution.created':
        case 'contribution.updated':
          put(x);
          if (x.hidden && x.id === pinned) pinned = null;  // hiding unpins on the server
          break;
        case 'wall.pinned':
          pinned = x.id == null ? null : x.id;
          if (x.contribution) put(x.contribution);
          break;
        case 'projector.mode':
          mode = x.mode;
          break;
        case 'event.updated':
          title(x);
          break;
        case 'participant.joined':
          people[x.id] = true;
          participants = Object.keys(people).length;
          break;
      }
      // Live, not replayed after a reconnect: only then does a state's server_time say "now".
      Agenda.update(u);
      Groups.update(u);
      Fair.update(u);
      Restitution.update(u);
      Background.update(u);
      StaffPanel.update(u);
      Organisations.update(u);
      draw();
    },
    onStatus: function (st, e) {
      if (st === 'online') { setConn('online', S['conn.online']); error(''); }
      else if (st === 'refused' && e) { setConn('offline', e.message); error(e.message); }
      else setConn('offline', S['conn.lost']);
    }
  });
  sock.on('presence', function (p) {
    if (p && p.phones != null) $('phones').textContent = p.phones;
    Agenda.counts();  // "x of y have voted": y moved
  });
  sock.on('staff', function (p) { if (p && p.links) StaffPanel.links(p.links); });

  // --- controls ---------------------------------------------------------------------------------

  list.addEventListener('click', function (e) {
    var el = e.target.closest('[data-action]');
    if (!el) return;
    var id = +el.closest('[data-id]').getAttribute('data-id'), c = items[id];
    switch (el.getAttribute('data-action')) {
      case 'hide': send('contribution:moderate', {id: id, hidden: true}, el); break;
      case 'restore': send('contribution:moderate', {id: id, hidden: false}, el); break;
      case 'star': send('contribution:moderate', {id: id, starred: true}, el); break;
      case 'unstar': send('contribution:moderate', {id: id, starred: false}, el); break;
      case 'pin': send('contribution:pin', {id: id}, el); break;
      case 'unpin': send('contribution:pin', {id: null}, el); break;
      case 'answer': send('contribution:moderate', {id: id, answered: true}, el); break;
      case 'unanswer': send('contribution:moderate', {id: id, answered: false}, el); break;
      case 'validate': send('contribution:moderate', {id: id, validated: true}, el); break;
      case 'unvalidate': send('contribution:moderate', {id: id, validated: false}, el); break;
      case 'promote': if (c) Agenda.promote(c, el); break;
      case 'correct': if (c) correct(el.closest('[data-id]'), c); break;
      case 'options': if (c) Agenda.toOptions(c, el); break;
    }
  });

  // The facilitator corrects an item's text (a note at read-back) or an action row's cells:
  // contribution:edit, which every screen receives as contribution.updated.
  function correct(li, c) {
    if (li.querySelector('form.correct')) return;
    var f = mk('form', 'correct'), ta = mk('textarea'), inputs = {}, m = c.meta || {};
    ta.value = c.text;
    ta.rows = 3;
    ta.setAttribute('aria-label', S['jam.correct_prompt']);
    f.appendChild(ta);
    if (c.kind === 'action') {
      CELLS.forEach(function (k) {
        var l = mk('label', null, S['act.' + k]), x = mk('input');
        x.value = m[k] || '';
        x.setAttribute('data-cell', k);
        l.appendChild(x);
        f.appendChild(l);
        inputs[k] = x;
      });
    }
    var ok = mk('button', 'btn primary', S['act.save']), no = mk('button', 'btn', S['act.cancel']);
    ok.type = 'submit';
    no.type = 'button';
    no.onclick = function () { li.removeChild(f); };
    f.appendChild(ok);
    f.appendChild(no);
    var err = mk('p', 'error');
    f.appendChild(err);
    f.onsubmit = function (e) {
      e.preventDefault();
      var data = {id: c.id}, meta = {}, changed = false;
      if (ta.value.trim() !== c.text) data.text = ta.value;
      Object.keys(inputs).forEach(function (k) {
        if (inputs[k].value.trim() !== (m[k] || '')) { meta[k] = inputs[k].value.trim(); changed = true; }
      });
      if (changed) data.meta = meta;
      if (!data.text && !changed) { li.removeChild(f); return; }
      send('contribution:edit', data, ok, function (a) { put(a.contribution); draw(); }, err);
    };
    li.appendChild(f);
    ta.focus();
  }

  list.addEventListener('change', function (e) {
    var sel = e.target.closest('[data-action-status]');
    if (!sel) return;
    var id = +sel.closest('[data-id]').getAttribute('data-id'), c = items[id];
    var before = c && c.meta && c.meta.status || 'todo';
    send('contribution:moderate', {id: id, status: sel.value}, sel, null, null,
         function () { sel.value = before; });
  });

  d.querySelector('.filters').addEventListener('click', function (e) {
    var el = e.target.closest('[data-filter]');
    if (!el) return;
    filter = el.getAttribute('data-filter');
    render();
  });
  $('filter-current').addEventListener('change', function () {
    onlyCurrent = this.checked;
    render();
  });

  $('mode-join').onclick = function () { send('projector:mode', {mode: 'join'}, this); };
  $('mode-wall').onclick = function () { send('projector:mode', {mode: 'wall'}, this); };

  render();
})(window, document);
