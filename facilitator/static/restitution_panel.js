/* The dashboard's restitution panel: downloads at any moment (links to the export routes, with
   the scope and options chosen here), the synthesis, the themes editor and publishing.
   dashboard.js calls Restitution.init once, then .snapshot(snap) and .update(u). */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk;
  var S = {}, send = null, CODE = '', items = null, themes = {}, activities = [], published = null;

  function scopeId() { return $('rp-activity').value || null; }
  function scopeKey() { return scopeId() ? 'activity:' + scopeId() : 'all'; }
  function scopePayload(extra) {
    var p = extra || {};
    if (scopeId()) p.activity_id = +scopeId();
    return p;
  }

  function links() {
    var q = [];
    if (scopeId()) q.push('activity=' + scopeId());
    if ($('rp-hidden').checked) q.push('hidden=1');
    if ($('rp-group-by').value !== 'owner') q.push('group_by=' + $('rp-group-by').value);
    var base = '/facilitator/events/' + CODE + '/restitution.', all = d.querySelectorAll('[data-export]');
    for (var i = 0; i < all.length; i++) {
      var ext = all[i].getAttribute('data-export'), extra = q.slice();
      if (/csv$|zip$/.test(ext) && $('rp-semicolon').checked) extra.push('sep=%3B');
      all[i].href = base + ext + (extra.length ? '?' + extra.join('&') : '');
    }
  }

  function fillActivities() {
    var sel = $('rp-activity'), keep = sel.value;
    while (sel.options.length > 1) sel.remove(1);
    activities.forEach(function (a) {
      var o = mk('option', null, a.title || (a.format_label && a.format_label[d.body.getAttribute('data-lang')]) || ('#' + a.id));
      o.value = a.id;
      sel.appendChild(o);
    });
    sel.value = keep;
    if (sel.value !== keep) sel.value = '';
  }

  function ideaText(id) {
    var c = items ? items()[id] : null;
    return c ? c.text || S['dash.hidden_text'] : '#' + id;
  }

  function drawThemes() {
    var list = $('rp-themes'), mine = themes[scopeKey()];
    list.textContent = '';
    $('rp-themes-none').hidden = !!(mine && mine.length);
    $('rp-compute').textContent = mine ? S['rp.recompute'] : S['rp.compute'];
    (mine || []).forEach(function (t) {
      var li = mk('li', 'rp-theme'), head = mk('div', 'row-form');
      li.setAttribute('data-theme', t.id);
      var name = mk('input');
      name.value = t.name;
      name.maxLength = 80;
      name.setAttribute('aria-label', S['rp.rename']);
      var ren = mk('button', 'btn small', S['rp.rename']);
      ren.type = 'button';
      ren.onclick = function () { edit('themes:rename', {theme_id: t.id, name: name.value}, ren); };
      var merge = mk('select');
      merge.appendChild(mk('option', null, S['rp.merge_into']));
      mine.forEach(function (o) {
        if (o.id === t.id) return;
        var opt = mk('option', null, o.name);
        opt.value = o.id;
        merge.appendChild(opt);
      });
      merge.onchange = function () { if (merge.value) edit('themes:merge', {theme_id: t.id, into: merge.value}, merge); };
      head.appendChild(name); head.appendChild(ren); head.appendChild(merge);
      li.appendChild(head);
      var ul = mk('ul', 'rp-ideas');
      t.note_ids.forEach(function (n) {
        var row = mk('li'), box = mk('input'), move = mk('select');
        box.type = 'checkbox';
        box.value = n;
        row.appendChild(box);
        row.appendChild(mk('span', null, ' ' + ideaText(n) + ' '));
        move.appendChild(mk('option', null, S['rp.move_to']));
        mine.forEach(function (o) {
          if (o.id === t.id) return;
          var opt = mk('option', null, o.name);
          opt.value = o.id;
          move.appendChild(opt);
        });
        move.onchange = function () { if (move.value) edit('themes:move', {note_id: n, theme_id: move.value}, move); };
        row.appendChild(move);
        ul.appendChild(row);
      });
      li.appendChild(ul);
      if (t.note_ids.length > 1) {
        var split = mk('button', 'btn small', S['rp.split']);
        split.type = 'button';
        split.onclick = function () {
          var ids = [].map.call(ul.querySelectorAll('input:checked'), function (b) { return +b.value; });
          edit('themes:split', {theme_id: t.id, note_ids: ids}, split);
        };
        li.appendChild(split);
      }
      list.appendChild(li);
    });
  }

  function edit(name, payload, el) {
    send(name, scopePayload(payload), el, function (a) { themes[a.scope] = a.themes; drawThemes(); },
         $('rp-themes-error'));
  }

  function drawPublished() {
    $('rp-published').textContent = published ? Live.fmt(S['rp.published'], {v: published.version})
                                              : S['rp.not_published'];
    $('rp-open').hidden = !published;
    $('rp-qr').hidden = !published;
    $('rp-publish').textContent = published ? S['rp.republish'] : S['rp.publish'];
  }

  function init(o) {
    S = o.strings; send = o.send; CODE = o.code; items = o.items;
    ['rp-activity', 'rp-hidden', 'rp-group-by', 'rp-semicolon'].forEach(function (id) {
      $(id).addEventListener('change', function () { links(); drawThemes(); });
    });
    $('rp-save').onclick = function () {
      var b = this;
      send('restitution:synthesis', {text: $('rp-synthesis').value}, b, function () {
        $('rp-saved').hidden = false;
        setTimeout(function () { $('rp-saved').hidden = true; }, 2000);
      }, $('rp-synthesis-error'));
    };
    $('rp-compute').onclick = function () {
      var b = this;
      send('themes:compute', scopePayload(), b, function (a) { themes[a.scope] = a.themes; drawThemes(); },
           $('rp-themes-error'));
    };
    $('rp-publish').onclick = function () {
      var b = this;
      b.textContent = S['rp.busy'];
      send('restitution:publish', {}, b, function (a) { published = a.published; drawPublished(); },
           $('rp-publish-error'), drawPublished);
    };
    links();
  }

  function snapshot(snap) {
    var r = snap.restitution || {};
    published = r.published || null;
    themes = r.themes || {};
    if (r.synthesis != null && d.activeElement !== $('rp-synthesis')) $('rp-synthesis').value = r.synthesis;
    activities = (snap.agenda && snap.agenda.activities) || [];
    fillActivities();
    drawThemes();
    drawPublished();
  }

  function update(u) {
    var x = u.data || {};
    if (u.type === 'agenda.changed') { activities = x.activities || []; fillActivities(); }
    else if (u.type === 'themes.updated') { themes[x.scope] = x.themes; drawThemes(); }
    else if (u.type === 'restitution.published') { published = x; drawPublished(); }
    else if (u.type === 'restitution.synthesis' && d.activeElement !== $('rp-synthesis')) $('rp-synthesis').value = x.text;
  }

  w.Restitution = {init: init, snapshot: snapshot, update: update};
})(window, document);
