/* Palabre projector, activities open all day (docs/background.md): the wall shows the current
   activity unless the facilitator put a background one up (agenda:background_project); then the
   wall shows that box's items under its title and prompt. projector.js hands it the snapshot and
   every update, and asks shown() which activity the wall is about, and counts() for the box's
   upvotes (the wall then shows each card's ▲ and is in their order, as for a Q&A step). */
(function (w, d) {
  'use strict';
  var $ = Live.$, S = {}, LANG = 'fr', boxes = [], projected = null, tal = {};

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
      tal = {};
      ((snap.background || {}).tallies || []).forEach(function (t) { tal[t.activity_id] = t; });
      set(snap.background);
      return (snap.background || {}).items || [];
    },
    // true: the update was the box's, the wall is to be drawn again
    update: function (u) {
      var x = u.data || {};
      if ((u.type === 'votes.background' || u.type === 'votes.updated') && x.mode === 'upvote' &&
          boxes.some(function (a) { return a.id === x.activity_id; })) {
        tal[x.activity_id] = x;
        // votes.updated: the box is also the current activity, projector.js follows it too
        return u.type === 'votes.background' && !!shown();
      }
      if (u.type !== 'agenda.background') return false;
      set(u.data);
      return true;
    },
    // The upvote counts of the box on the wall ({id: n}); null when it takes no upvotes or is
    // silent (the counts hidden until revealed).
    counts: function () {
      var a = shown(), t = a && tal[a.id];
      if (!a || a.voting !== 'upvote' || t && t.hidden) return null;
      return t ? t.counts || {} : {};
    },
    shown: shown
  };
})(window, document);
