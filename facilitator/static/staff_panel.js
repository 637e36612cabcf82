/* Palabre dashboard, the staff part (realtime/staff.py): what the facilitator writes to the room
   (the announcement on every phone, each activity's brief) and the team's sign-in links with who
   is signed in through each. dashboard.js hands it the snapshot and every update. */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk;
  var S, LANG, send, announcement = null, briefs = {}, acts = [], links = [], me = null, briefFor = null;

  function init(o) {
    S = o.strings; LANG = o.lang; send = o.send;
    $('announce-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var text = $('announce-text');
      send('announcement:set', {text: text.value}, $('announce-send'), function (a) {
        announcement = a.announcement; text.value = ''; drawAnnouncement();
      }, $('announce-error'));
    });
    $('announce-clear').addEventListener('click', function () {
      send('announcement:set', {text: ''}, this, function () { announcement = null; drawAnnouncement(); },
           $('announce-error'));
    });
    $('brief-activity').addEventListener('change', function () { briefFor = +this.value; drawBrief(true); });
    $('brief-form').addEventListener('submit', function (e) {
      e.preventDefault();
      if (briefFor == null) return;
      $('brief-saved').hidden = true;
      send('brief:set', {activity_id: briefFor, text: $('brief-text').value}, $('brief-save'), function (a) {
        briefs[a.activity_id] = a.text; $('brief-saved').hidden = false;
      }, $('brief-error'));
    });
    $('team-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var name = $('team-name');
      send('staff:link_create', {name: name.value}, $('team-create'), function (a) {
        name.value = '';
        var out = $('team-new');
        out.hidden = false;
        out.querySelector('input').value = a.url;
        out.querySelector('input').select();
      }, $('team-error'));
    });
    $('team-list').addEventListener('click', function (e) {
      var b = e.target.closest('[data-revoke]');
      if (!b) return;
      var id = +b.getAttribute('data-revoke'), link = links.filter(function (l) { return l.id === id; })[0];
      if (link && w.confirm(Live.fmt(S['team.revoke_confirm'], {name: link.name}))) {
        send('staff:link_revoke', {id: id}, b, null, $('team-error'));
      }
    });
  }

  function snapshot(snap) {
    var part = snap.staff || {};
    announcement = part.announcement || null;
    briefs = part.briefs || {};
    me = part.me == null ? null : part.me;
    setLinks(part.links || []);
    setActs(snap.agenda);
    drawAnnouncement();
    drawBrief(true);
  }

  function update(u) {
    var x = u.data || {};
    if (u.type === 'staff.announcement') { announcement = x.announcement; drawAnnouncement(); }
    else if (u.type === 'staff.brief') { briefs[x.activity_id] = x.text; if (x.activity_id === briefFor) drawBrief(false); }
    else if (u.type === 'agenda.changed') { setActs(x); drawBrief(false); }
  }

  function setActs(agenda) {
    if (!agenda) return;
    acts = agenda.activities || [];
    var cur = agenda.current_id;
    if (briefFor == null || !acts.some(function (a) { return a.id === briefFor; })) {
      // The Knowledge Jam first (its topic brief is the method's), else the running activity.
      var jam = acts.filter(function (a) { return a.format_id === 'knowledge-jam'; })[0];
      briefFor = jam ? jam.id : cur != null ? cur : acts.length ? acts[0].id : null;
    }
  }

  function drawAnnouncement() {
    $('announce-current').textContent = announcement ? Live.fmt(S['team.current'], {text: announcement.text}) : S['team.none'];
    $('announce-clear').hidden = !announcement;
  }

  function actName(a) {
    return a.title || (a.format_label && a.format_label[LANG]) || a.format_id;
  }

  // keepText false: a redraw that must not wipe what the facilitator is typing.
  function drawBrief(reload) {
    var sel = $('brief-activity'), has = acts.length > 0;
    $('brief-form').hidden = !has;
    $('brief-none').hidden = has;
    while (sel.firstChild) sel.removeChild(sel.firstChild);
    acts.forEach(function (a) {
      var o = mk('option', null, actName(a));
      o.value = a.id;
      sel.appendChild(o);
    });
    if (briefFor != null) sel.value = briefFor;
    var text = $('brief-text');
    if (reload || d.activeElement !== text) text.value = briefs[briefFor] || '';
  }

  function setLinks(list) {
    links = list;
    var ul = $('team-list');
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    list.forEach(function (l) {
      var li = mk('li', 'team-link');
      li.setAttribute('data-link', l.id == null ? 'main' : l.id);
      li.appendChild(mk('strong', null, l.id == null ? S['team.main'] : l.name));
      var who = l.signed_in ? Live.plural(S, 'team.signed_in', l.signed_in, LANG) : S['team.nobody'];
      if (l.id === me) who += ' · ' + S['team.you'];
      li.appendChild(mk('span', 'muted', ' — ' + who));
      if (l.id != null && me == null) {
        var b = mk('button', 'btn small', S['team.revoke']);
        b.type = 'button';
        b.setAttribute('data-revoke', l.id);
        li.appendChild(b);
      }
      ul.appendChild(li);
    });
    $('team-form').hidden = me != null;
    $('team-only-main').hidden = me == null;
  }

  w.StaffPanel = {init: init, snapshot: snapshot, update: update, links: setLinks};
})(window, document);
