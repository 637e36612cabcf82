/* Palabre projector, what the facilitator writes to the room (docs/protocol.md §12): the
   announcement in a band across the screen, and the running activity's brief under the agenda
   band. projector.js hands it the snapshot and every update. Text via textContent only. */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk, S = Live.strings();
  var ann = null, briefs = {}, activity = null;
  var band = mk('div', 'pj-announce'), brief = mk('p', 'pj-brief');
  band.id = 'pj-announce'; band.hidden = true; band.setAttribute('role', 'status');
  brief.id = 'pj-brief'; brief.hidden = true;
  d.body.appendChild(band);
  d.querySelector('#agenda .ag-text').appendChild(brief);

  function draw() {
    band.hidden = !ann;
    band.textContent = '';
    if (ann) {
      band.appendChild(mk('strong', null, S['pj.announcement']));
      band.appendChild(mk('span', null, ann.text));
    }
    var text = activity != null ? briefs[activity] : '';
    brief.hidden = !text;
    brief.textContent = text ? S['pj.brief'] + ' — ' + text : '';
  }

  function snapshot(snap) {
    var part = snap.staff || {};
    ann = part.announcement || null;
    briefs = part.briefs || {};
    activity = snap.state && snap.state.activity ? snap.state.activity.id : null;
    draw();
  }

  function update(u) {
    var x = u.data || {};
    if (u.type === 'staff.announcement') ann = x.announcement;
    else if (u.type === 'staff.brief') briefs[x.activity_id] = x.text;
    else if (u.type === 'agenda.state') activity = x.activity ? x.activity.id : null;
    else return;
    draw();
  }

  w.ProjectorStaff = {snapshot: snapshot, update: update};
})(window, document);
