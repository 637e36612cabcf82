/* Palabre, the presenter's view of one stand of the idea fair: the visiting group now and the
   time left in the slot, questions arriving live (mark one answered), comments, ratings, and
   adoption requests with their contact notes (only this stand's presenters and the staff ever
   receive them: the kiosk:<id> audience, docs/protocol.md §11.1).
   KioskView(el, {strings, lang, kioskId, sock}) draws into el; the page /kiosk/<token> and a
   presenter's phone (phone_fair.js) both use it. User text is set with textContent only. */
(function (w, d) {
  'use strict';
  var mk = Live.mk, fmt = Live.fmt;

  function KioskView(root, o) {
    var S = o.strings, LANG = o.lang, fair = null, items = {}, hideDone = false, stop = null, timer = 0;

    function el(tag, cls, text, parent) {
      var x = mk(tag, cls, text);
      if (parent) parent.appendChild(x);
      return x;
    }
    function P(key, n) { return Live.plural(S, key, n, LANG); }
    function kiosk() {
      var ks = fair && fair.kiosks || [];
      for (var i = 0; i < ks.length; i++) if (ks[i].id === o.kioskId) return ks[i];
      return null;
    }
    function groupAt(slotIndex) {  // the group visiting this stand in a slot, or null
      var sc = fair && fair.schedule, row = sc && sc.slots && sc.slots[slotIndex];
      var g = row ? row.indexOf(o.kioskId) : -1;
      return g >= 0 ? g : null;
    }
    function who(a) {
      return a ? [a.name, a.organisation].filter(Boolean).join(' · ') : S['fk.anonymous'] || '';
    }
    function clock() {
      var s = fair && fair.slot;
      return s ? {status: s.status, ends_at: s.ends_at, remaining_s: s.seconds_left, slot_index: s.index,
                  paused: s.status === 'paused', started_at: 0,
                  warning_s: fair.schedule ? fair.schedule.warning_seconds : 0} : null;
    }

    function draw() { if (!timer) timer = setTimeout(render, 20); }
    function render() {
      timer = 0;
      var k = kiosk(), s = fair && fair.slot, f = d.createDocumentFragment();
      if (stop) { stop(); stop = null; }
      if (!k) { root.textContent = ''; return; }
      el('h2', 'k-title', k.title, f);
      el('p', 'hint', [k.organisation, fmt(S['fair.kiosk_code'], {code: k.code})].filter(Boolean).join(' · '), f);
      if (s && s.status !== 'not_started' && s.status !== 'finished') {
        var now = el('div', 'k-now', null, f);
        now.id = 'k-now';
        if (s.mode === 'rotation') {
          var g = groupAt(s.index), nx = s.index != null ? groupAt(s.index + 1) : null;
          el('p', 'k-group', g == null ? S['fk.nobody'] :
             fmt(S['fk.group_now'], {group: fmt(S['fair.group'], {n: g + 1})}), now);
          if (nx != null) el('p', null, fmt(S['fk.next_group'], {group: fmt(S['fair.group'], {n: nx + 1})}), now);
        }
        var t = el('p', 'k-timer', null, now);
        el('span', null, S['fk.time_left'], t);
        var cd = el('span', 'f-cd', null, t);
        cd.id = 'k-countdown';
        stop = Countdown.attach(cd, clock);
      }
      var all = Object.keys(items).map(function (id) { return items[id]; })
        .sort(function (a, b) { return b.id - a.id; });
      function of(kind) { return all.filter(function (x) { return x.kind === kind; }); }
      var qs = of('question'), open = qs.filter(function (x) { return !x.answered; });
      var qsec = section(f, 'k-questions', S['fk.questions'] + ' · ' + P('fk.open', open.length));
      var lab = el('label', 'check', null, qsec), box = el('input', null, null, lab);
      box.type = 'checkbox';
      box.checked = hideDone;
      box.id = 'k-hide-done';
      el('span', null, S['fk.open_only'], lab);
      var shown = hideDone ? open : open.concat(qs.filter(function (x) { return x.answered; }));
      list(qsec, shown, S['fk.questions_empty'], function (li, x) {
        var btn = el('button', 'btn small', x.answered ? S['fk.unmark'] : S['fk.mark'], li);
        btn.type = 'button';
        btn.setAttribute('data-answer', x.id);
        btn.setAttribute('aria-pressed', x.answered ? 'true' : 'false');
      });
      var ad = section(f, 'k-adopts', S['fk.adopts'] + ' (' + of('adopt').length + ')');
      el('p', 'note', S['fk.adopts_hint'], ad);
      list(ad, of('adopt'), S['fk.adopts_empty'], function (li, x) {
        el('p', 'k-contact', x.contact || S['fk.no_contact'], li);
      });
      list(section(f, 'k-comments', S['fk.comments']), of('comment'), S['fk.comments_empty']);
      var rs = section(f, 'k-ratings', S['fk.ratings']), latest = {}, sum = 0, n = 0;
      of('rating').forEach(function (x) {  // a visitor may rate again: the latest counts
        var key = x.author ? 'p' + x.author.id : 'f' + x.id;
        if (!latest[key]) { latest[key] = 1; sum += x.value; n++; }
      });
      el('p', 'k-mean', n ? fmt(S['fair.stars'], {avg: (sum / n).toFixed(1).replace('.', LANG === 'fr' ? ',' : '.')}) +
         ' · ' + P('fair.ratings', n) : S['fk.ratings_none'], rs);
      root.textContent = '';
      root.appendChild(f);
    }
    function section(f, id, title) {
      var s = el('section', 'k-sec', null, f);
      s.id = id;
      el('h3', null, title, s);
      return s;
    }
    function list(parent, rows, empty, extra) {
      if (!rows.length) { el('p', 'hint', empty, parent); return; }
      var ul = el('ul', 'k-list', null, parent);
      rows.forEach(function (x) {
        var li = el('li', x.answered ? 'done' : null, null, ul);
        li.setAttribute('data-id', x.id);
        if (x.text) el('p', 'txt', x.text, li);
        el('p', 'k-who', who(x.author), li);
        if (extra) extra(li, x);
      });
    }

    root.addEventListener('click', function (e) {
      var b = e.target.closest ? e.target.closest('[data-answer]') : null;
      if (!b) return;
      var x = items[b.getAttribute('data-answer')];
      b.disabled = true;
      Live.ask(o.sock, 'fair:answered', {feedback_id: x.id, answered: !x.answered}, function (a) {
        b.disabled = false;
        if (a.ok) { items[a.feedback.id] = a.feedback; draw(); }
      });
    });
    root.addEventListener('change', function (e) {
      if (e.target.id === 'k-hide-done') { hideDone = e.target.checked; draw(); }
    });

    return {
      draw: draw,
      snapshot: function (f, feedback) {
        fair = f;
        items = {};
        (feedback || []).forEach(function (x) { items[x.id] = x; });
        draw();
      },
      update: function (u) {
        var x = u.data || {};
        if (!fair || x.activity_id !== fair.activity_id) return;
        switch (u.type) {
          case 'fair.kiosks': fair.kiosks = x.kiosks; break;
          case 'fair.groups': fair.groups = x.groups; break;
          case 'fair.schedule': fair.schedule = x; break;
          case 'fair.slot':
            fair.slot = x;
            Countdown.sync(x.server_time);
            break;
          case 'fair.feedback':
            if (x.kiosk_id !== o.kioskId) return;
            items[x.feedback.id] = x.feedback;
            break;
          default: return;
        }
        draw();
      }
    };
  }
  w.KioskView = KioskView;

  // --- the page /kiosk/<token>: a kiosk socket, this stand only

  var b = d.body;
  if (!b.classList.contains('kiosk-page')) return;
  var S = Live.strings(), token = location.pathname.split('/').pop();
  var view = null, sock = Live.connect({
    role: 'kiosk', code: b.getAttribute('data-code'), lang: b.getAttribute('data-lang'),
    token: function () { return token; },
    onSnapshot: function (snap) {
      var f = snap.fair;
      if (!f) return;
      if (!view) view = KioskView(Live.$('kiosk'), {strings: S, lang: b.getAttribute('data-lang'),
                                                     kioskId: f.kiosk_id, sock: sock});
      view.snapshot(f, f.feedback);
    },
    onUpdate: function (u) { if (view) view.update(u); },
    onStatus: function (st, e) {
      var c = Live.$('conn');
      c.setAttribute('data-state', st === 'online' ? 'online' : 'offline');
      c.textContent = st === 'online' ? S['conn.online'] : e && e.message || S['conn.lost'];
    }
  });
})(window, document);
