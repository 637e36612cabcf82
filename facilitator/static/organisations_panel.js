/* Palabre dashboard, the event's organisations (realtime/groups.py organisations:set): the list
   groups are balanced by and phones pick from, edited as text, one organisation a line:
   "CODE; Name; kind". dashboard.js hands it the snapshot and every update. */
(function (w, d) {
  'use strict';
  var $ = Live.$;
  var S, send, list = [];

  function asText(rows) {
    return rows.map(function (o) { return [o.code, o.name, o.kind].filter(Boolean).join('; '); }).join('\n');
  }

  // A line is split on ";" (or a tab, pasted from a spreadsheet). A line the server cannot take
  // is refused with its number, and nothing is changed: blank lines are taken out of the box
  // first, so that number is the line the person sees.
  function lines(box) {
    box.value = box.value.split('\n').filter(function (l) { return l.trim(); }).join('\n');
    return box.value ? box.value.split('\n') : [];
  }
  function parse(rows) {
    return rows.map(function (l) {
      var cells = l.split(/[;\t]/).map(function (c) { return c.trim(); });
      return {code: cells[0] || '', name: cells[1] || '', kind: cells.slice(2).join('; ')};
    });
  }

  function draw() {
    var box = $('orgs-text');
    if (d.activeElement !== box) box.value = asText(list);
    $('orgs-count').textContent = Live.plural(S, 'org.n', list.length, $('orgs-count').getAttribute('data-lang'));
  }

  function init(o) {
    S = o.strings; send = o.send;
    $('orgs-form').addEventListener('submit', function (e) {
      e.preventDefault();
      $('orgs-saved').hidden = true;
      send('organisations:set', {organisations: parse(lines($('orgs-text')))}, $('orgs-save'), function (a) {
        list = a.organisations || [];
        $('orgs-text').value = asText(list);
        $('orgs-saved').hidden = false;
        draw();
      }, $('orgs-error'));
    });
  }

  function snapshot(snap) {
    if (snap.organisations) { list = snap.organisations; draw(); }
  }

  function update(u) {
    if (u.type === 'organisations.updated' && u.data) { list = u.data.organisations || []; draw(); }
  }

  w.Organisations = {init: init, snapshot: snapshot, update: update};
})(window, document);
