/* Palabre projector, activities open all day (docs/background.md): the wall shows the current
   activity unless the facilitator put a background one up (agenda:background_project); then the
   wall shows that box's items under its title and prompt. projector.js hands it the snapshot and
   every update, and asks shown() which activity the wall is about. */
(function (w, d) {
  'use strict';
  var $ = Live.$, S = {}, LANG = 'fr', boxes = [], projected = null;

  function L(t) { return t ? t[LANG] || t.fr || t.en || '' : ''; }
  function set(data) {
    boxes = data && data.activities || [];
    projected = data && data.projected != null ? data.projected : null;
    draw();
  }
  // The background activity on the wall now, or null: the wall is the current activity's.
  function shown() {
    for (var i = 0; i < boxes.length; i++) if (boxes[i].id === projected) return boxes[i];
    return null;
  }
  function draw() {
    var a = shown(), band = $('bg-band');
    d.body.classList.toggle('bg-up', !!a);
    band.hidden = !a;
    if (!a) return;
    $('bg-band-when').textContent = S['bgp.all_day'];
    $('bg-band-title').textContent = a.title || L(a.format_label);
    $('bg-band-prompt').textContent = L(a.prompt);
  }

  w.ProjectorBackground = {
    init: function (o) { S = o.strings; LANG = o.lang; },
    // The boxes' items, for the wall's list (the snapshot's newest 200 may not hold them all).
    snapshot: function (snap) {
      set(snap.background);
      return (snap.background || {}).items || [];
    },
    update: function (u) {
      if (u.type !== 'agenda.background') return false;
      set(u.data);
      return true;
    },
    shown: shown
  };
})(window, document);
