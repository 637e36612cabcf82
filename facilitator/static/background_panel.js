/* The dashboard's card for activities open all day (docs/background.md): a switch per activity
   whose format may run in the background, the projector's choice between the current activity
   and a background one, and each background activity's newest contributions beside the running
   activity. A box the room upvotes all day shows each item's ▲ count, the most upvoted first (or
   the newest first: the card's switch), from the snapshot's background.tallies, then each
   votes.background (votes.updated while the box was current).
   dashboard.js calls Background.init once, then .snapshot(snap) and .update(u).
   User text is always set with textContent. */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk;
  var S = {}, LANG = 'fr', send = null, items = null;
  var formats = [], acts = [], on = {}, projected = null, timer = 0;
  var tal = {}, newest = {};  // each box's staff tally; the boxes listed newest first by choice
  var SHOWN = 8;  // the newest items of a box; the whole list is in the feed below

  function L(t) { return t ? t[LANG] || t.fr || t.en || '' : ''; }
  function name(a) { return a.title || L(a.format_label); }
  // The server decides (agenda:background refuses otherwise); this only hides a switch that
  // would be refused: a format that says so, planned as one untimed step.
  function allowed(a) {
    return formats.indexOf(a.format_id) >= 0 && a.slots.length === 1 && !a.slots[0].duration_s;
  }
  function setBackground(data) {
    on = {};
    (data.activities || []).forEach(function (a) { on[a.id] = a; });
    projected = data.projected == null ? null : data.projected;
  }
  function button(cls, label, attrs) {
    var x = mk('button', 'btn small ' + cls, label);
    x.type = 'button';
    for (var k in attrs) x.setAttribute(k, attrs[k]);
    return x;
  }

  function draw() { if (!timer) timer = setTimeout(render, 60); }
  function render() {
    timer = 0;
    var card = $('bg-panel'), list = $('bg-list'), shown = acts.filter(allowed);
    card.hidden = !acts.length;
    $('bg-none').hidden = shown.length > 0;
    var all = items ? items() : [], focus = d.activeElement, key = focus && focus.getAttribute &&
      list.contains(focus) ? focus.getAttribute('data-bg') + ':' + focus.closest('[data-bg-row]').getAttribute('data-bg-row') : null;
    list.textContent = '';
    shown.forEach(function (a) {
      var li = mk('li', 'bg-row' + (on[a.id] ? ' on' : '')), head = mk('div', 'bg-head');
      li.setAttribute('data-bg-row', a.id);
      var lab = mk('label', 'check'), box = mk('input');
      box.type = 'checkbox';
      box.checked = !!on[a.id];
      box.setAttribute('data-bg', 'switch');
      lab.appendChild(box);
      lab.appendChild(mk('span', null, ' ' + S['bgd.switch'] + ' · '));
      lab.appendChild(mk('b', null, name(a)));
      head.appendChild(lab);
      if (on[a.id]) {
        var up = projected === a.id;
        head.appendChild(button(up ? 'primary' : '', up ? S['bgd.unproject'] : S['bgd.project'],
                                {'data-bg': 'project', 'aria-pressed': up ? 'true' : 'false'}));
        if (up) head.appendChild(mk('span', 'badge status-current', S['bgd.projected']));
      }
      li.appendChild(head);
      li.appendChild(mk('p', 'error', null)).setAttribute('data-error', '');
      li.lastChild.hidden = true;
      if (on[a.id]) {
        var ups = on[a.id].voting === 'upvote', n = ups ? (tal[a.id] || {}).counts || {} : null;
        var byVotes = ups && !newest[a.id];
        // As the Q&A step: the open questions first, the most upvoted first, then the newest.
        var its = all.filter(function (c) { return c.activity_id === a.id && !c.hidden; })
          .sort(function (x, y) {
            return (byVotes ? (x.answered ? 1 : 0) - (y.answered ? 1 : 0) || (n[y.id] || 0) - (n[x.id] || 0) : 0) ||
              y.id - x.id;
          });
        li.appendChild(mk('p', 'muted', Live.plural(S, 'bgd.count', its.length, LANG)));
        if (ups && its.length) {
          var order = mk('div', 'bg-order');
          order.setAttribute('role', 'group');
          order.setAttribute('aria-label', S['bgd.order']);
          order.appendChild(button('', S['bgd.by_votes'], {'data-bg': 'by_votes', 'aria-pressed': String(byVotes)}));
          order.appendChild(button('', S['bgd.by_time'], {'data-bg': 'by_time', 'aria-pressed': String(!byVotes)}));
          li.appendChild(order);
        }
        var ul = mk('ul', 'bg-items');
        its.slice(0, SHOWN).forEach(function (c) {
          var who = c.author ? c.author.name || c.author.organisation || '' : S.anonymous;
          var it = mk('li', null);
          it.setAttribute('data-id', c.id);
          if (ups && (c.kind === 'question' || c.kind === 'idea')) {
            var v = mk('span', 'badge votes', Live.plural(S, 'staff.n_upvotes', n[c.id] || 0, LANG));
            v.setAttribute('data-votes', n[c.id] || 0);
            it.appendChild(v);
            it.appendChild(d.createTextNode(' '));
          }
          it.appendChild(mk('span', 'kind kind-' + c.kind, S['kind.' + c.kind] || c.kind));
          it.appendChild(mk('span', 'bg-txt', ' ' + (c.text || '')));
          it.appendChild(mk('span', 'muted', ' — ' + who));
          ul.appendChild(it);
        });
        li.appendChild(ul);
        if (!its.length) li.appendChild(mk('p', 'muted', S['bgd.empty']));
      }
      list.appendChild(li);
    });
    if (key) {
      var k = key.split(':'), el = list.querySelector('[data-bg-row="' + k[1] + '"] [data-bg="' + k[0] + '"]');
      if (el) el.focus();
    }
  }

  function onClick(e) {
    var el = e.target.closest('[data-bg]'), row = el && el.closest('[data-bg-row]');
    if (!row) return;
    var id = +row.getAttribute('data-bg-row'), err = row.querySelector('[data-error]');
    if (el.getAttribute('data-bg') === 'switch') {
      send('agenda:background', {activity_id: id, on: el.checked}, el, null, err,
           function () { el.checked = !el.checked; });
    } else if (el.getAttribute('data-bg') === 'by_votes' || el.getAttribute('data-bg') === 'by_time') {
      newest[id] = el.getAttribute('data-bg') === 'by_time';
      render();
    } else if (el.getAttribute('data-bg') === 'project') {
      send('agenda:background_project', {activity_id: projected === id ? null : id}, el, null, err);
    }
  }

  w.Background = {
    init: function (o) {
      S = o.strings;
      LANG = o.lang;
      send = o.send;
      items = o.items;
      $('bg-list').addEventListener('click', onClick);
    },
    snapshot: function (snap) {
      var bg = snap.background || {};
      formats = bg.formats || formats;
      acts = (snap.agenda || {}).activities || [];
      setBackground(bg);
      tal = {};
      (bg.tallies || []).forEach(function (t) { tal[t.activity_id] = t; });
      draw();
    },
    update: function (u) {
      var x = u.data || {};
      if (u.type === 'agenda.background') setBackground(x);
      else if (u.type === 'agenda.changed') acts = x.activities || [];
      else if (u.type === 'votes.background' || u.type === 'votes.updated') {
        // the wall's copy of a silent box says how many, not for what: ours has the counts
        if (!on[x.activity_id] || x.mode !== 'upvote' || x.hidden) return;
        tal[x.activity_id] = x;
      }
      else if (u.type !== 'contribution.created' && u.type !== 'contribution.updated') return;
      draw();
    }
  };
})(window, document);
