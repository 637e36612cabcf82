/* Palabre phone, what the facilitator writes to the room (loaded on demand by phone.js, only in
   a room that has it): the announcement, large at the top until dismissed or replaced, and the
   brief of the activity running now. Protocol: docs/protocol.md §12. Text via textContent. */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk;
  var b = d.body, CODE = b.getAttribute('data-code'), LANG = b.getAttribute('data-lang');
  var K = 'palabre:' + CODE + ':dismissed', S = null, env = null, early = [];
  var ann = null, briefs = {}, box = mk('div', 'announce'), brief = mk('section', 'brief');
  box.id = 'announce'; box.hidden = true; box.setAttribute('role', 'alert');
  brief.id = 'brief'; brief.hidden = true;

  function dismissed() { try { return +localStorage.getItem(K) || 0; } catch (e) { return 0; } }

  function build() {
    var main = d.querySelector('main');
    main.insertBefore(box, main.firstChild);
    var agenda = $('agenda');
    agenda.parentNode.insertBefore(brief, agenda.nextSibling);
  }

  function draw() {
    box.hidden = !ann || ann.id <= dismissed();
    if (!box.hidden) {
      box.textContent = '';
      box.appendChild(mk('strong', null, S['sph.announcement']));
      box.appendChild(mk('p', null, ann.text));
      var x = mk('button', 'btn secondary', S['sph.dismiss']);
      x.type = 'button';
      x.onclick = function () {
        try { localStorage.setItem(K, ann.id); } catch (e) {}
        draw();
      };
      box.appendChild(x);
    }
    var room = env && env.room(), a = room && room.activity, text = a ? briefs[a.id] : '';
    brief.hidden = !text;
    if (text) {
      brief.textContent = '';
      brief.appendChild(mk('h2', null, S['sph.brief']));
      brief.appendChild(mk('p', null, text));
    }
  }

  function snapshot(s) {
    var part = s.staff || {};
    ann = part.announcement || null;
    briefs = part.briefs || {};
    draw();
  }

  function update(u) {
    var x = u.data || {};
    if (u.type === 'staff.announcement') ann = x.announcement;
    else if (u.type === 'staff.brief') briefs[x.activity_id] = x.text;
    else if (u.type !== 'agenda.state') return;
    draw();
  }

  function start(api) {
    if (env) return;  // phone.js may ask again while the words are on their way
    env = api;
    fetchWords(api);
  }

  function fetchWords(api) {
    var urls = JSON.parse($('scripts').textContent), r = new XMLHttpRequest();
    r.open('GET', urls['staff.text']);
    r.onload = function () {
      try { S = JSON.parse(r.responseText); } catch (e) { return r.onerror(); }
      build();
      if (api.F.snap) snapshot(api.F.snap);
      api.F.q.forEach(update);
      early.forEach(function (x) { (x[0] ? update : snapshot)(x[1]); });
      early = [];
    };
    r.onerror = function () { setTimeout(function () { fetchWords(api); }, 3000); };
    r.send();
  }

  Live.features.staff = {
    start: start,
    snapshot: function (s) { if (S) snapshot(s); else early.push([0, s]); },
    update: function (u) { if (S) update(u); else early.push([1, u]); }
  };
})(window, document);
