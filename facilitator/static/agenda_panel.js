/* Palabre dashboard, the agenda panel: the day's activities (add, order, edit, start), the
   running one (countdown, steps, pause, extend, jump), roles, votes and questionnaire results.
   dashboard.js owns the connection and the contribution list: it hands this panel the snapshot
   and every update (Agenda.snapshot / Agenda.update) and asks it about items (Agenda.itemInfo).
   User text is always set with textContent. */
(function (w, d) {
  'use strict';
  var $ = Live.$, mk = Live.mk;
  var S = {}, LANG = 'fr', ctx = null;
  var formats = {}, formatIds = [];
  var acts = [], currentId = null, st = null;     // agenda.changed, agenda.state
  var people = {}, peopleIds = [];                // everyone registered (anonymous: no name)
  var roles = {};         // activity id -> {participant id: role}, as far as we were told
  var roles2 = {};        // activity id -> {participant id: second role} (a sponsor also broker)
  var tallies = {};       // activity id -> step id -> staff tally
  var votingOf = {};      // activity id -> step id -> voting settings seen in a state
  var answers = {};       // activity id -> step id -> {fr: summary, en: summary}
  var selId = null, editId = null, editEl = null, rowNodes = {}, rolesKey = '';

  function button(cls, label, attrs) {
    var b = mk('button', 'btn ' + (cls || ''), label);
    b.type = 'button';
    Object.keys(attrs || {}).forEach(function (k) { b.setAttribute(k, attrs[k]); });
    return b;
  }
  function L(text) { return text ? (text[LANG] || text.fr || text.en || '') : ''; }
  // An activity without a title of its own is named by its format, in each screen's language.
  function actName(a) { return a.title || L(a.format_label); }
  function fmt(key, params) { return Live.fmt(S[key] || key, params); }
  function state() { return st ? st[LANG] || st.fr : null; }
  function actById(id) {
    for (var i = 0; i < acts.length; i++) if (acts[i].id === id) return acts[i];
    return null;
  }
  function current() { return currentId != null ? actById(currentId) : null; }
  function topicKey(text) { return String(text || '').replace(/\s+/g, ' ').trim().slice(0, 200); }

  // --- durations: Intl writes "min" and "h" in the page's language --------------------------------

  function unit(u) {
    try {
      return new Intl.NumberFormat(LANG, {style: 'unit', unit: u, unitDisplay: 'short',
                                          maximumFractionDigits: 2});
    } catch (e) {
      return {format: function (n) { return n + (u === 'hour' ? ' h' : ' min'); }};
    }
  }
  var MIN, HOUR;
  function minutes(n) { return MIN.format(n); }
  function duration(s) {
    if (!s) return S['staff.untimed'];
    if (s % 60) return Countdown.format(s);
    var m = s / 60, h = Math.floor(m / 60);
    if (!h) return minutes(m);
    return HOUR.format(h) + (m % 60 ? ' ' + minutes(m % 60) : '');
  }

  // --- sending ------------------------------------------------------------------------------------

  // Errors show in the card the action came from, with the server's own message.
  function ask(name, payload, el, ok, failed) {
    var card = el && el.closest ? el.closest('.card') : null;
    var slot = card ? card.querySelector('[data-error]') : null;
    ctx.send(name, payload, el, ok, slot, failed);
  }

  // --- formats and the add form -------------------------------------------------------------------

  function partLabel(fmtId, step, part) {
    if (part.label) return L(part.label);
    if (part.id === step.id) return L(step.label);
    for (var i = 0; i < acts.length; i++) {  // an activity of this format knows its parts' words
      if (acts[i].format_id !== fmtId) continue;
      for (var j = 0; j < acts[i].slots.length; j++) {
        var s = acts[i].slots[j];
        if (s.step_id === step.id && s.part_id === part.id) return L(s.label);
      }
    }
    return part.id.replace(/[_-]+/g, ' ');
  }

  function hasRounds(f) {
    return !!f && f.steps.some(function (s) {
      return s.parts.some(function (p) { return p.per === 'topic'; });
    });
  }

  // One minutes input per step, and per part for a step cut into parts. Empty = the default.
  function durationFields(box, f, values) {
    box.textContent = '';
    if (!f) return;
    values = values || {};
    f.steps.forEach(function (step) {
      var own = step.parts.length === 1 && step.parts[0].id === step.id;
      var group = mk('div', 'dur-step');
      group.appendChild(field(step.id, L(step.label) + (own ? '' : ' — ' + S['staff.dur_total']),
                              step.duration, values, !own && !hasPerTopic(step) && step.duration === 0));
      if (!own) {
        step.parts.forEach(function (part) {
          var key = step.id + '.' + part.id;
          var input = field(key, partLabel(f.id, step, part) + (part.per === 'topic' ? ' — ' + S['staff.dur_each'] : ''),
                            part.per === 'topic' ? null : part.duration, values);
          input.classList.add('dur-part');
          group.appendChild(input);
        });
      }
      box.appendChild(group);
    });
  }
  function hasPerTopic(step) { return step.parts.some(function (p) { return p.per === 'topic'; }); }

  var fieldCount = 0;
  function field(key, label, def, values, skip) {
    var wrap = mk('div', 'dur');
    if (skip) { wrap.hidden = true; }
    var id = 'dur-' + (++fieldCount);
    var lab = mk('label', null, label);
    lab.htmlFor = id;
    var input = mk('input');
    input.id = id;
    input.type = 'text';           // not "number": a French keyboard types 7,5
    input.inputMode = 'decimal';
    input.size = 6;
    input.maxLength = 6;
    input.setAttribute('data-dur-key', key);
    input.placeholder = def == null ? S['staff.dur_shared'] : Number(def).toLocaleString(LANG);
    if (values[key] != null) input.value = Number(values[key]).toLocaleString(LANG, {useGrouping: false});
    wrap.appendChild(lab);
    wrap.appendChild(input);
    return wrap;
  }

  // {key: minutes} of the filled inputs; null when one is not a number (the caller says so).
  function readDurations(box) {
    var out = {}, bad = false;
    box.querySelectorAll('[data-dur-key]').forEach(function (input) {
      var raw = input.value.trim().replace(',', '.');
      if (raw === '') return;
      var n = Number(raw);
      if (!isFinite(n) || n < 0 || n > 600) bad = true;
      out[input.getAttribute('data-dur-key')] = n;
    });
    return bad ? null : out;
  }

  // The vote settings a facilitator may change per activity (room/overrides.py VOTING_FIELDS):
  // a dots step's dots each and cap per option, a thumbs step's minutes a thumbs-up adds.
  var VOTE_FIELDS = {dots: [['dots', 'staff.vote_dots', 1, 20, true], ['max_per_item', 'staff.vote_max', 0, 20, true]],
                     thumbs: [['extend', 'staff.vote_extend', 0, 30, false]]};
  function votingSteps(f) {
    return f ? f.steps.filter(function (st) { return st.voting && VOTE_FIELDS[st.voting.mode]; }) : [];
  }
  function votingFields(box, f, values) {
    box.textContent = '';
    values = values || {};
    votingSteps(f).forEach(function (st) {
      var group = mk('div', 'dur-step'), own = values[st.id] || {};
      VOTE_FIELDS[st.voting.mode].forEach(function (spec) {
        var key = spec[0], wrap = field(st.id + '.' + key, L(st.label) + ' — ' + S[spec[1]], st.voting[key], {});
        var input = wrap.querySelector('input');
        input.removeAttribute('data-dur-key');
        input.setAttribute('data-vote-step', st.id);
        input.setAttribute('data-vote-key', key);
        input.inputMode = spec[4] ? 'numeric' : 'decimal';
        if (own[key] != null) input.value = Number(own[key]).toLocaleString(LANG, {useGrouping: false});
        group.appendChild(wrap);
      });
      box.appendChild(group);
    });
  }
  // {step: {key: number}} of the filled inputs; null when one is out of its range. The server
  // checks again and names the field it refuses.
  function readVoting(box) {
    var out = {}, bad = false;
    box.querySelectorAll('[data-vote-key]').forEach(function (input) {
      var raw = input.value.trim().replace(',', '.');
      if (raw === '') return;
      var st = input.getAttribute('data-vote-step'), key = input.getAttribute('data-vote-key'), n = Number(raw);
      var spec = VOTE_FIELDS[st && (formatStepMode(box, st))] || [];
      spec = spec.filter(function (x) { return x[0] === key; })[0];
      if (!isFinite(n) || (spec && (n < spec[2] || n > spec[3] || (spec[4] && n !== Math.floor(n))))) bad = true;
      (out[st] = out[st] || {})[key] = n;
    });
    return bad ? null : out;
  }
  function formatStepMode(box, stepId) {
    var f = formats[box.getAttribute('data-format-id')], st = f && f.steps.filter(function (x) { return x.id === stepId; })[0];
    return st && st.voting.mode;
  }

  // A questionnaire step's questions (the evaluation's): the wording in both languages and which
  // to ask, and the facilitator's own questions added after them. Sent as overrides.questions
  // only where it differs from the method's, so an untouched activity follows the format file.
  // A question once saved keeps its id and type (its answers are kept under them); a new one is
  // sent without an id and the server names it (room/question_overrides.py says why).
  var Q_MAX = {label: 300, option: 100, scale: 5};  // a phone's line holds 5 points
  function questionSteps(f) {
    return f ? f.steps.filter(function (st) { return st.questions && st.questions.length; }) : [];
  }
  function questionKind(q) {
    if (q.type === 'rating') return fmt('staff.q_is_rating', {scale: q.scale || 5});
    if (q.type === 'choice') return fmt('staff.q_is_choice', {options: q.options.map(L).join(' · ')});
    return S['staff.q_is_open'];
  }
  function questionFields(box, f, values) {
    box.textContent = '';
    questionSteps(f).forEach(function (st) {
      var own = (values || {})[st.id], base = own || st.questions, group = mk('div', 'stack');
      var asked = base.map(function () { return true; });
      if (own) {  // the method's questions dropped earlier stay here, unticked, to ask again
        var ids = own.map(function (q) { return q.id; });
        st.questions.forEach(function (q) {
          if (ids.indexOf(q.id) < 0) { base = base.concat([q]); asked.push(false); }
        });
      }
      group.setAttribute('data-q-step', st.id);
      group._base = base;
      base.forEach(function (q, i) {
        var n = {n: i + 1}, row = mk('div', 'q-edit'), keep = mk('label', 'check'), x = mk('input');
        row.setAttribute('data-q-row', String(i));
        x.type = 'checkbox';
        x.checked = asked[i];
        x.setAttribute('data-q-keep', String(i));
        keep.appendChild(x);
        keep.appendChild(d.createTextNode(' ' + Live.fmt(S['staff.question_keep'], n)));
        row.appendChild(keep);
        row.appendChild(mk('p', 'hint', questionKind(q)));
        ['fr', 'en'].forEach(function (lang) {
          var w = labelled('q-' + st.id + '-' + i + '-' + lang, Live.fmt(S['staff.question_' + lang], n), 'input');
          var input = w.querySelector('input');
          input.value = q.label[lang];
          input.maxLength = Q_MAX.label;
          input.setAttribute('data-q-label', lang);
          input.setAttribute('data-q-index', String(i));
          row.appendChild(w);
        });
        group.appendChild(row);
      });
      var added = mk('div', 'stack');
      added.setAttribute('data-q-added', '');
      group.appendChild(added);
      var add = button('', S['staff.question_add'], {'data-q-add': st.id});
      add.onclick = function () { newQuestion(group, added); };
      group.appendChild(add);
      box.appendChild(group);
    });
  }
  // One question of the facilitator's own: its type, its wording in French and English, the
  // options of a choice (one a line in each language), the top of a rating's scale.
  var newSeq = 0;
  function newQuestion(group, added) {
    var k = ++newSeq, n = {n: group._base.length + added.children.length + 1};
    var box = mk('fieldset', 'q-edit q-new'), pre = 'q-new-' + k + '-';
    box.setAttribute('data-q-new', String(k));
    box.appendChild(mk('legend', null, Live.fmt(S['staff.question_new'], n)));
    var type = labelled(pre + 'type', Live.fmt(S['staff.question_type'], n), 'select'), sel = type.querySelector('select');
    ['open', 'rating', 'choice'].forEach(function (t) {
      var o = mk('option', null, S['staff.q_type_' + t]);
      o.value = t;
      sel.appendChild(o);
    });
    sel.setAttribute('data-q-type', '');
    box.appendChild(type);
    ['fr', 'en'].forEach(function (lang) {
      var w = labelled(pre + lang, Live.fmt(S['staff.question_' + lang], n), 'input'), input = w.querySelector('input');
      input.maxLength = Q_MAX.label;
      input.required = true;
      input.setAttribute('data-q-label', lang);
      box.appendChild(w);
    });
    var scale = labelled(pre + 'scale', Live.fmt(S['staff.question_scale'], n), 'input'), si = scale.querySelector('input');
    si.type = 'number';
    si.min = '2';
    si.max = String(Q_MAX.scale);
    si.value = '5';
    si.setAttribute('data-q-scale', '');
    box.appendChild(scale);
    var opts = [];
    ['fr', 'en'].forEach(function (lang) {
      var w = labelled(pre + 'options-' + lang, Live.fmt(S['staff.question_options_' + lang], n), 'textarea');
      var ta = w.querySelector('textarea');
      ta.rows = 3;
      ta.setAttribute('data-q-options', lang);
      opts.push(w);
      box.appendChild(w);
    });
    function shape() {
      scale.hidden = sel.value !== 'rating';
      opts.forEach(function (w) { w.hidden = sel.value !== 'choice'; });
    }
    sel.onchange = shape;
    shape();
    var drop = button('', Live.fmt(S['staff.question_remove'], n), {'data-q-remove': String(k)});
    drop.onclick = function () {
      added.removeChild(box);
      group.querySelector('[data-q-add]').focus();
    };
    box.appendChild(drop);
    added.appendChild(box);
    sel.focus();
  }
  // What to send, and for each question sent the row it came from (a refusal names the field
  // by its place in the list: the form puts the focus there).
  function readQuestions(box, f) {
    var out = {}, rows = {};
    box.querySelectorAll('[data-q-step]').forEach(function (group) {
      var st = group.getAttribute('data-q-step'), asked = [], from = [];
      group._base.forEach(function (q, i) {
        if (!group.querySelector('[data-q-keep="' + i + '"]').checked) return;
        var copy = JSON.parse(JSON.stringify(q));
        ['fr', 'en'].forEach(function (lang) {
          copy.label[lang] = group.querySelector('[data-q-index="' + i + '"][data-q-label="' + lang + '"]').value.trim();
        });
        asked.push(copy);
        from.push(group.querySelector('[data-q-row="' + i + '"]'));
      });
      group.querySelectorAll('[data-q-new]').forEach(function (row) {
        var q = {type: row.querySelector('[data-q-type]').value, label: {}};
        ['fr', 'en'].forEach(function (lang) {
          q.label[lang] = row.querySelector('[data-q-label="' + lang + '"]').value.trim();
        });
        if (q.type === 'rating') q.scale = +row.querySelector('[data-q-scale]').value;
        if (q.type === 'choice') {
          // One option a line in each language, paired by line: a line missing in one language
          // is sent empty and refused by its field, never dropped.
          var fr = lines(row.querySelector('[data-q-options=fr]').value);
          var en = lines(row.querySelector('[data-q-options=en]').value);
          q.options = [];
          for (var i = 0; i < Math.max(fr.length, en.length); i++) q.options.push({fr: fr[i] || '', en: en[i] || ''});
        }
        asked.push(q);
        from.push(row);
      });
      var fs = f.steps.filter(function (x) { return x.id === st; })[0];
      if (JSON.stringify(asked) !== JSON.stringify(fs.questions)) { out[st] = asked; rows[st] = from; }
    });
    box._sent = rows;
    return out;
  }
  // A refusal of overrides.questions.<step>[i].<field>: mark that input and put the focus there.
  function markQuestion(box, field) {
    var m = /^overrides\.questions\.([^.[]+)\[(\d+)\](?:\.(\w+))?(?:\[\d+\])?(?:\.(fr|en))?/.exec(field || '');
    var row = m && box._sent && box._sent[m[1]] && box._sent[m[1]][+m[2]];
    if (!row) return;
    var sel = {label: '[data-q-label="' + (m[4] || 'fr') + '"]', type: '[data-q-type]',
               scale: '[data-q-scale]', options: '[data-q-options="' + (m[4] || 'fr') + '"]'}[m[3]];
    var input = (sel && row.querySelector(sel)) || row.querySelector('input,select,textarea');
    var details = row.closest ? row.closest('details') : null;
    if (details) details.open = true;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }

  function lines(text) {
    return String(text || '').split('\n').map(function (x) { return x.trim(); })
      .filter(function (x) { return x; });
  }

  // A snapshot after a reconnect redraws nothing the facilitator may be typing into.
  var shownFormat = null;
  function renderFormats() {
    var sel = $('add-format'), keep = sel.value, ids = formatIds.join(',');
    if (sel._ids !== ids) {
      sel._ids = ids;
      sel.textContent = '';
      formatIds.forEach(function (id) {
        var o = mk('option', null, L(formats[id].label));
        o.value = id;
        sel.appendChild(o);
      });
      if (keep && formats[keep]) sel.value = keep;
    }
    if (sel.value !== shownFormat) formatChosen();
  }

  function formatChosen() {
    var f = formats[$('add-format').value];
    shownFormat = $('add-format').value;
    $('add-format-desc').textContent = f ? L(f.description) : '';
    $('add-title').placeholder = f ? L(f.label) : '';
    $('add-topics-hint').textContent = S[hasRounds(f) ? 'staff.topics_hint' : 'staff.topics_unused'];
    durationFields($('add-durations'), f, {});
    addVotingFields(f);
  }
  function addVotingFields(f) {
    $('add-voting').setAttribute('data-format-id', f ? f.id : '');
    votingFields($('add-voting'), f, {});
    $('add-voting-box').hidden = !votingSteps(f).length;
  }

  function addActivity(e) {
    e.preventDefault();
    var f = formats[$('add-format').value], submit = $('add-submit');
    if (!f) return;
    var payload = {format_id: f.id}, overrides = {};
    var title = $('add-title').value.trim();
    if (title) payload.title = title;
    var topics = lines($('add-topics').value);
    if (topics.length) payload.topics = topics;
    var durations = readDurations($('add-durations'));
    if (durations === null) return showError(submit, S['staff.bad_minutes']);
    if (Object.keys(durations).length) overrides.durations = durations;
    var voting = readVoting($('add-voting'));
    if (voting === null) return showError(submit, S['staff.bad_vote_number']);
    if (Object.keys(voting).length) overrides.voting = voting;
    if ($('add-anonymous').checked) overrides.anonymous = true;
    if (Object.keys(overrides).length) payload.overrides = overrides;
    ask('agenda:add', payload, submit, function (a) {
      var list = a.agenda && a.agenda.activities || [];
      var newest = list.reduce(function (m, x) { return x.id > m ? x.id : m; }, 0);
      if (a.agenda) setAgenda(a.agenda);
      if (newest) selId = newest;
      $('add-title').value = '';
      $('add-topics').value = '';
      $('add-anonymous').checked = false;
      durationFields($('add-durations'), f, {});
      addVotingFields(f);
      renderAll();
      var row = d.querySelector('#agenda-list [data-activity-id="' + newest + '"]');
      if (row) row.scrollIntoView({block: 'nearest'});
    });
  }

  function showError(el, msg) {
    var card = el.closest('.card'), slot = card && card.querySelector('[data-error]');
    if (slot) { slot.textContent = msg; slot.hidden = !msg; }
  }

  // --- the day's list -----------------------------------------------------------------------------

  function statusLabel(a) {
    if (a.id === currentId && a.status !== 'finished') return S['staff.status_current'];
    // Paused and not the room's: closed (or left for another), not a pause in the room.
    if (a.status === 'paused') return S['staff.status_closed'];
    return S['staff.status_' + a.status] || a.status;
  }

  // A dot vote (or Lean Coffee) votes on written options: they may come from the day's stars.
  function takesOptions(f) {
    return !!f && f.steps.some(function (x) { return x.voting && x.voting.mode === 'dots' && !x.voting.among; });
  }

  function startLabel(a) {
    if (a.status === 'finished') return S['staff.restart'];
    if (a.status === 'running' || a.status === 'paused') return S['staff.continue'];
    return S['staff.start'];
  }

  function row(a, i) {
    var r = mk('div', 'act-row'), main = mk('div', 'act-main'), meta = mk('div', 'act-meta');
    var isCur = a.id === currentId;
    r.appendChild(mk('span', 'act-n', String(i + 1)));
    var title = mk('button', 'act-title', actName(a));
    title.type = 'button';
    title.setAttribute('data-act', 'select');
    title.title = S['staff.select_hint'];
    main.appendChild(title);
    meta.appendChild(mk('span', 'act-format', L(a.format_label) || a.format_id));
    meta.appendChild(mk('span', 'act-total', duration(a.total_s)));
    if (a.topics.length) meta.appendChild(mk('span', 'act-topics', Live.plural(S, 'staff.n_topics', a.topics.length, LANG)));
    if (a.overrides && a.overrides.anonymous) meta.appendChild(mk('span', 'badge anon', S['staff.anonymous_badge']));
    meta.appendChild(mk('span', 'badge status status-' + (isCur && a.status !== 'finished' ? 'current' :
                                                          a.status === 'paused' ? 'closed' : a.status), statusLabel(a)));
    main.appendChild(meta);
    r.appendChild(main);
    var b = mk('div', 'act-buttons');
    var up = button('small icon', '↑', {'data-act': 'up', 'aria-label': S['staff.up'], title: S['staff.up']});
    var down = button('small icon', '↓', {'data-act': 'down', 'aria-label': S['staff.down'], title: S['staff.down']});
    up.disabled = i === 0;
    down.disabled = i === acts.length - 1;
    b.appendChild(up);
    b.appendChild(down);
    b.appendChild(button('small', S['staff.edit'], {'data-act': 'edit', 'aria-expanded': editId === a.id ? 'true' : 'false'}));
    b.appendChild(button('small danger', S['staff.remove'], {'data-act': 'remove'}));
    if (takesOptions(formats[a.format_id])) {
      b.appendChild(button('small', '★ ' + S['staff.options_starred'],
                           {'data-act': 'options', title: S['staff.options_starred_hint']}));
    }
    var start = button('small primary', '▶ ' + startLabel(a), {'data-agenda-start': String(a.id)});
    if (isCur && a.status !== 'finished') {
      start.disabled = true;
      start.textContent = S['staff.status_current'];
    }
    b.appendChild(start);
    r.appendChild(b);
    return r;
  }

  function focusKey(root) {
    var f = d.activeElement;
    if (!f || !root.contains(f)) return null;
    var holder = f.closest('[data-activity-id],[data-slot-index],[data-participant-id]');
    var attr = ['data-act', 'data-agenda-start', 'data-role-select'].filter(function (k) { return f.hasAttribute(k); })[0];
    if (!holder || !attr) return null;
    return {holder: holder.getAttribute('data-activity-id') || holder.getAttribute('data-slot-index'),
            attr: attr, value: f.getAttribute(attr)};
  }
  function restoreFocus(root, key) {
    if (!key || (d.activeElement && d.activeElement !== d.body && root.contains(d.activeElement))) return;
    var el = root.querySelector('[data-activity-id="' + key.holder + '"] [' + key.attr + '="' + key.value + '"]');
    if (el && !el.disabled) el.focus();
  }

  function renderDay() {
    var list = $('agenda-list'), focus = focusKey(list), total = 0, keep = {};
    acts.forEach(function (a, i) {
      total += a.total_s;
      keep[a.id] = 1;
      var li = rowNodes[a.id];
      var sig = JSON.stringify([a, a.id === currentId, a.id === selId, editId === a.id, i, acts.length]);
      if (!li) {
        li = rowNodes[a.id] = mk('li', 'act');
        li.setAttribute('data-activity-id', a.id);
      }
      if (li._sig !== sig) {
        var fresh = row(a, i);
        if (li.firstChild && li.firstChild.classList.contains('act-row')) li.replaceChild(fresh, li.firstChild);
        else li.insertBefore(fresh, li.firstChild);
        li._sig = sig;
      }
      li.setAttribute('data-status', a.status);
      li.setAttribute('data-current', a.id === currentId ? 'true' : 'false');
      li.setAttribute('data-selected', a.id === selId ? 'true' : 'false');
      if (editId === a.id && editEl && editEl.parentNode !== li) li.appendChild(editEl);
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
    });
    Object.keys(rowNodes).forEach(function (id) {
      if (!keep[id]) {
        if (rowNodes[id].parentNode) rowNodes[id].parentNode.removeChild(rowNodes[id]);
        delete rowNodes[id];
      }
    });
    if (editId != null && !actById(editId)) closeEdit();
    $('agenda-empty').hidden = acts.length > 0;
    $('day-total').textContent = acts.length ? '· ' + duration(total) : '';
    restoreFocus(list, focus);
  }

  function move(id, delta) {
    var ids = acts.map(function (a) { return a.id; }), i = ids.indexOf(id), j = i + delta;
    if (i < 0 || j < 0 || j >= ids.length) return;
    ids[i] = ids[j];
    ids[j] = id;
    ask('agenda:reorder', {order: ids}, rowNodes[id].querySelector('[data-act=' + (delta < 0 ? 'up' : 'down') + ']'),
        function (a) {
          if (a.agenda) setAgenda(a.agenda);
          renderDay();
          var b = rowNodes[id] && rowNodes[id].querySelector('[data-act=' + (delta < 0 ? 'up' : 'down') + ']');
          if (b && !b.disabled) b.focus();
          else if (rowNodes[id]) rowNodes[id].querySelector('[data-act=edit]').focus();
        });
  }

  function openEdit(a) {
    closeEdit();
    editId = a.id;
    var f = formats[a.format_id], form = mk('form', 'edit stack');
    form.setAttribute('autocomplete', 'off');
    form.innerHTML = '';
    form.appendChild(labelled('edit-title', S['staff.title'], 'input'));
    form.appendChild(labelled('edit-topics', S['staff.topics'], 'textarea'));
    var hint = mk('p', 'hint', S[hasRounds(f) ? 'staff.topics_edit_hint' : 'staff.topics_unused']);
    form.appendChild(hint);
    var det = mk('details', 'durations');
    det.appendChild(mk('summary', null, S['staff.durations']));
    det.appendChild(mk('p', 'hint', S['staff.durations_hint']));
    var box = mk('div', 'dur-grid');
    box.id = 'edit-durations';
    det.appendChild(box);
    var values = (a.overrides && a.overrides.durations) || {};
    if (Object.keys(values).length) det.open = true;
    form.appendChild(det);
    if (votingSteps(f).length) {
      var vdet = mk('details', 'durations votes-settings');
      vdet.appendChild(mk('summary', null, S['staff.vote_settings']));
      vdet.appendChild(mk('p', 'hint', S['staff.vote_settings_hint']));
      var vbox = mk('div', 'dur-grid');
      vbox.id = 'edit-voting';
      vbox.setAttribute('data-format-id', f.id);
      vdet.appendChild(vbox);
      var votes = (a.overrides && a.overrides.voting) || {};
      if (Object.keys(votes).length) vdet.open = true;
      votingFields(vbox, f, votes);
      form.appendChild(vdet);
    }
    if (questionSteps(f).length) {
      var qdet = mk('details', 'durations questions-settings');
      qdet.appendChild(mk('summary', null, S['staff.questions_settings']));
      qdet.appendChild(mk('p', 'hint', S['staff.questions_hint']));
      var qbox = mk('div', 'stack');
      qbox.id = 'edit-questions';
      qdet.appendChild(qbox);
      var own = (a.overrides && a.overrides.questions) || {};
      if (Object.keys(own).length) qdet.open = true;
      questionFields(qbox, f, own);
      form.appendChild(qdet);
    }
    var check = mk('label', 'check');
    var cb = mk('input');
    cb.type = 'checkbox';
    cb.id = 'edit-anonymous';
    cb.checked = !!(a.overrides && a.overrides.anonymous);
    check.appendChild(cb);
    check.appendChild(d.createTextNode(' ' + S['staff.anonymous']));
    form.appendChild(check);
    // Steps prepared before the day (the Jam's Select and Plan): the room never runs them.
    var skipped = (a.overrides && a.overrides.skip) || [];
    if (f && f.steps.length > 1) {
      f.steps.forEach(function (st) {
        var l = mk('label', 'check'), x = mk('input');
        x.type = 'checkbox';
        x.setAttribute('data-skip', st.id);
        x.checked = skipped.indexOf(st.id) >= 0;
        l.appendChild(x);
        l.appendChild(d.createTextNode(' ' + L(st.label) + ' — ' + S['jam.skip']));
        form.appendChild(l);
      });
    }
    var err = mk('p', 'error');
    err.setAttribute('role', 'alert');
    err.setAttribute('data-error', '');
    err.hidden = true;
    form.appendChild(err);
    var btns = mk('div', 'row-btns');
    var save = mk('button', 'btn primary', S['staff.save']);
    save.type = 'submit';
    save.id = 'edit-save';
    btns.appendChild(save);
    btns.appendChild(button('', S['staff.cancel'], {id: 'edit-cancel'}));
    form.appendChild(btns);
    form.querySelector('#edit-title').value = a.title;
    form.querySelector('#edit-title').maxLength = 120;
    form.querySelector('#edit-topics').value = a.topics.join('\n');
    form.querySelector('#edit-topics').rows = Math.min(10, Math.max(3, a.topics.length + 1));
    durationFields(box, f, values);
    form.addEventListener('submit', function (e) { e.preventDefault(); saveEdit(a.id, form); });
    form.querySelector('#edit-cancel').onclick = function () {
      var id = editId;
      closeEdit();
      renderDay();
      var b = rowNodes[id] && rowNodes[id].querySelector('[data-act=edit]');
      if (b) b.focus();
    };
    form.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') form.querySelector('#edit-cancel').click();
    });
    editEl = form;
    renderDay();
    form.querySelector('#edit-title').focus();
  }

  function labelled(id, text, tag) {
    var wrap = mk('div', 'field'), lab = mk('label', null, text), input = mk(tag);
    lab.htmlFor = id;
    input.id = id;
    wrap.appendChild(lab);
    wrap.appendChild(input);
    return wrap;
  }

  function closeEdit() {
    if (editEl && editEl.parentNode) editEl.parentNode.removeChild(editEl);
    editEl = null;
    editId = null;
  }

  function saveEdit(id, form) {
    var a = actById(id);
    if (!a) return closeEdit();
    var save = form.querySelector('#edit-save');
    var durations = readDurations(form.querySelector('#edit-durations'));
    if (durations === null) return showFormError(form, S['staff.bad_minutes']);
    var overrides = {};
    Object.keys(a.overrides || {}).forEach(function (k) { overrides[k] = a.overrides[k]; });
    overrides.durations = durations;
    var vbox = form.querySelector('#edit-voting');
    if (vbox) {
      var voting = readVoting(vbox);
      if (voting === null) return showFormError(form, S['staff.bad_vote_number']);
      overrides.voting = voting;
    }
    var qbox = form.querySelector('#edit-questions');
    if (qbox) overrides.questions = readQuestions(qbox, formats[a.format_id]);
    overrides.anonymous = form.querySelector('#edit-anonymous').checked;
    overrides.skip = [].map.call(form.querySelectorAll('[data-skip]:checked'), function (x) { return x.getAttribute('data-skip'); });
    var payload = {activity_id: id, overrides: overrides, topics: lines(form.querySelector('#edit-topics').value)};
    var title = form.querySelector('#edit-title').value.trim();
    if (title && title !== a.title) payload.title = title;
    [].forEach.call(form.querySelectorAll('[aria-invalid]'), function (x) { x.removeAttribute('aria-invalid'); });
    ctx.send('agenda:edit', payload, save, function (ack) {
      if (ack.agenda) setAgenda(ack.agenda);
      closeEdit();
      renderAll();
      var b = rowNodes[id] && rowNodes[id].querySelector('[data-act=edit]');
      if (b) b.focus();
    }, form.querySelector('[data-error]'), function (a) {
      if (qbox && a.error) markQuestion(qbox, a.error.field);
    });
  }
  function showFormError(form, msg) {
    var e = form.querySelector('[data-error]');
    e.textContent = msg;
    e.hidden = false;
  }

  function onDayClick(e) {
    var el = e.target.closest('[data-act],[data-agenda-start]');
    if (!el || el.closest('form')) return;
    var id = +el.closest('[data-activity-id]').getAttribute('data-activity-id'), a = actById(id);
    if (!a) return;
    if (el.hasAttribute('data-agenda-start')) return start(a, el);
    switch (el.getAttribute('data-act')) {
      case 'select':
        select(id);
        $('roles').scrollIntoView({block: 'nearest', behavior: 'smooth'});
        break;
      case 'up': move(id, -1); break;
      case 'down': move(id, 1); break;
      case 'edit':
        if (editId === id) { closeEdit(); renderDay(); } else openEdit(a);
        break;
      case 'options':
        ask('agenda:options_from', {activity_id: id, starred: true}, el, function (ack) {
          el.textContent = '★ ' + Live.plural(S, 'staff.options_added', ack.added, LANG);
        });
        break;
      case 'remove':
        if (w.confirm(fmt('staff.remove_confirm', {title: actName(a)}))) {
          ask('agenda:remove', {activity_id: id}, el, function () {
            if (selId === id) selId = null;
          });
        }
        break;
    }
  }

  function start(a, el) {
    var cur = current();
    if (cur && cur.id !== a.id && cur.status !== 'finished' &&
        !w.confirm(fmt('staff.switch_confirm', {current: actName(cur), next: actName(a)}))) return;
    if (a.status === 'finished' && !w.confirm(fmt('staff.restart_confirm', {title: actName(a)}))) return;
    selId = a.id;
    ask('agenda:start', {activity_id: a.id}, el, function () {
      var clock = $('now');
      if (clock.getBoundingClientRect().top < 0) clock.scrollIntoView({block: 'start'});
    });
  }

  function select(id) {
    selId = id;
    renderDay();
    renderRoles();
    ctx.redraw();  // the items' "to the options of" follows the selected activity
  }

  // --- the running activity -----------------------------------------------------------------------

  function renderNow() {
    var s = state(), a = current(), card = $('now');
    var on = !!(a && s && s.status !== 'not_started');
    card.setAttribute('data-status', on ? s.status : 'none');
    $('now-empty').hidden = on;
    $('now-body').hidden = !on;
    $('now-title').textContent = on ? actName(a) : S['staff.now_none'];
    $('now-format').textContent = on ? '· ' + L(a.format_label) : '';
    if (!on) {
      ['now-step', 'now-part', 'now-topic'].forEach(function (id) { $(id).textContent = ''; });
      $('slot-list').textContent = '';
      return;
    }
    var finished = s.status === 'finished';
    $('now-step').textContent = finished ? S['staff.activity_finished']
      : fmt('staff.step_n', {n: s.step_index + 1, total: s.step_count}) + ' — ' + (s.step_label || '');
    $('now-part').textContent = !finished && s.part_id !== s.step_id ? s.label || '' : '';
    $('now-topic').textContent = !finished && s.topic
      ? fmt('staff.topic_n', {n: s.topic_index + 1, total: s.topic_count}) + ' ' + s.topic : '';
    var paused = s.status === 'paused';
    q('[data-agenda=pause]').hidden = paused || finished;
    q('[data-agenda=resume]').hidden = !paused;
    ['next', 'extend60', 'extend300'].forEach(function (k) { q('[data-agenda=' + k + ']').disabled = finished; });
    q('[data-agenda=pause]').disabled = finished || s.ends_at == null;  // nothing to stop on an untimed slot
    q('[data-agenda=previous]').disabled = !finished && s.slot_index === 0;
    renderSlots(a, s);
    clock();
    tick();
  }

  // (Re)start the countdown: it draws at once, rather than up to 250 ms after a change.
  var stopClock = null;
  function clock() {
    if (stopClock) stopClock();
    stopClock = Countdown.attach($('countdown'), function () { return current() ? state() : null; });
  }
  function q(sel) { return $('now').querySelector(sel); }

  function renderSlots(a, s) {
    var list = $('slot-list'), focus = d.activeElement && list.contains(d.activeElement)
      ? d.activeElement.closest('[data-slot-index]').getAttribute('data-slot-index') : null;
    var scroll = list.scrollTop, moved = list._at !== a.id + '/' + s.slot_index + '/' + s.status;
    list._at = a.id + '/' + s.slot_index + '/' + s.status;
    list.textContent = '';
    var prevStep = null, curEl = null, finished = s.status === 'finished';
    a.slots.forEach(function (slot) {
      var li = mk('li', 'slot'), b = mk('button', 'slot-btn');
      b.type = 'button';
      li.setAttribute('data-slot-index', slot.index);
      li.setAttribute('data-step-id', slot.step_id);
      var first = slot.step_id !== prevStep;
      prevStep = slot.step_id;
      if (first) li.classList.add('first');
      var stepEl = mk('span', 'slot-step' + (first ? '' : ' sr-only'), L(slot.step_label));
      b.appendChild(stepEl);
      var what = mk('span', 'slot-what');
      if (slot.part_id !== slot.step_id) what.appendChild(mk('span', 'slot-part', L(slot.label)));
      if (slot.topic) what.appendChild(mk('span', 'slot-topic', slot.topic));
      b.appendChild(what);
      b.appendChild(mk('span', 'slot-dur', duration(slot.duration_s)));
      var here = !finished && slot.index === s.slot_index;
      if (here) {
        li.setAttribute('data-current', 'true');
        li.classList.add('current');
        b.setAttribute('aria-current', 'step');
        curEl = li;
      } else if (finished || slot.index < s.slot_index) {
        li.classList.add('done');
      }
      b.title = here ? S['staff.slot_here'] : S['staff.slot_goto'];
      li.appendChild(b);
      list.appendChild(li);
    });
    if (focus != null) {
      var again = list.querySelector('[data-slot-index="' + focus + '"] button');
      if (again) again.focus();
    }
    list.scrollTop = scroll;
    if (curEl && moved) {  // bring a new current slot into view (the list is positioned: offsets are its own)
      var top = curEl.offsetTop;
      if (top < list.scrollTop || top + curEl.offsetHeight > list.scrollTop + list.clientHeight) {
        list.scrollTop = Math.max(0, top - 40);
      }
    }
  }

  function onSlotClick(e) {
    var b = e.target.closest('.slot-btn');
    if (!b) return;
    var li = b.closest('[data-slot-index]');
    if (li.getAttribute('data-current') === 'true') return;
    ask('agenda:control', {action: 'goto', value: +li.getAttribute('data-slot-index')}, b);
  }

  function control(action, el) {
    var a = current(), s = state();
    if (!a || !s) return;
    el = el || q('[data-agenda=' + action + ']');
    if (el && (el.disabled || el.hidden)) return;
    if (action === 'close') return ask('agenda:close', {}, el);
    if (action === 'extend60') return ask('agenda:control', {action: 'extend', value: 60}, el);
    if (action === 'extend300') return ask('agenda:control', {action: 'extend', value: 300}, el);
    ask('agenda:control', {action: action}, el);
  }

  // The phase words under the clock, and the card's colour, follow the countdown.
  function tick() {
    var s = state(), a = current(), card = $('now');
    var phase = a && s ? Countdown.phase(s) : 'not_started';
    if (card.getAttribute('data-phase') !== phase) card.setAttribute('data-phase', phase);
    var words = '';
    if (a && s && s.status !== 'not_started') {
      if (phase === 'finished') words = S['staff.phase_finished'];
      else {
        words = S['staff.phase_' + phase] || '';
        if (s.duration_s) words += (words ? ' · ' : '') + fmt('staff.planned', {d: duration(s.duration_s)});
        if (phase !== 'untimed') words += ' · ' + S[s.advance === 'auto' ? 'staff.advance_auto' : 'staff.advance_you'];
      }
    }
    var el = $('now-phase');
    if (el.textContent !== words) el.textContent = words;
  }

  // --- votes --------------------------------------------------------------------------------------

  function votingFor(actId, stepId) { return (votingOf[actId] || {})[stepId] || null; }

  function rememberVoting() {
    var s = state(), a = current();
    if (!a || !s || !s.step_id || !s.voting) return;
    (votingOf[a.id] = votingOf[a.id] || {})[s.step_id] = s.voting;
  }

  function putTally(t) {
    if (!t || t.activity_id == null) return;
    (tallies[t.activity_id] = tallies[t.activity_id] || {})[t.step_id] = t;
  }

  // The tally the votes card shows: the current step's, else the latest step of the activity
  // that has one (the dot vote's counts stay in view on the results step).
  function shownTally(a, s) {
    var t = tallies[a.id] || {};
    if (s.step_id && t[s.step_id]) return t[s.step_id];
    var steps = (formats[a.format_id] || {steps: []}).steps, best = null, here = -1;
    steps.forEach(function (st_, i) { if (st_.id === s.step_id) here = i; });
    steps.forEach(function (st_, i) { if (t[st_.id] && (here < 0 || i <= here)) best = t[st_.id]; });
    return best;
  }

  function renderVotes() {
    var a = current(), s = state(), card = $('votes');
    var mode = s && s.voting && s.voting.mode !== 'none' ? s.voting.mode : null;
    var t = a && s ? shownTally(a, s) : null;
    if (!a || !s || (!t && !mode)) { card.hidden = true; return; }
    card.hidden = false;
    var stepId = t ? t.step_id : s.step_id;
    var voting = votingFor(a.id, stepId) || (stepId === s.step_id ? s.voting : null) || {};
    mode = t ? t.mode : mode;
    var slot = a.slots.filter(function (x) { return x.step_id === stepId; })[0];
    $('votes-title').textContent = S['staff.votes'] + (slot ? ' — ' + L(slot.step_label) : '');
    var voters = t ? t.voters : 0;  // a vote nobody has cast yet: 0 of y
    if (t && mode === 'thumbs') {  // a thumb is on the topic discussed now: count that topic's
      var th = (t.counts || {})[String(s.slot_index)];
      voters = th ? th.up + th.side + th.down : 0;
    }
    counter($('votes-count'), 'staff.voted', voters);
    var counts = t && t.counts || {}, list = $('votes-list'), thumbs = $('votes-thumbs');
    list.textContent = '';
    thumbs.textContent = '';
    thumbs.hidden = mode !== 'thumbs';
    if (mode === 'thumbs') {
      var c = counts[String(s.slot_index)] || {up: 0, side: 0, down: 0};
      if (s.topic) thumbs.appendChild(mk('p', 'thumbs-topic', s.topic));
      [['up', '▲'], ['side', '▶'], ['down', '▼']].forEach(function (x) {
        var box = mk('div', 'thumb thumb-' + x[0]);
        box.setAttribute('data-thumb', x[0]);
        box.appendChild(mk('strong', null, String(c[x[0]] || 0)));
        box.appendChild(mk('span', null, x[1] + ' ' + S['staff.thumb_' + x[0]]));
        thumbs.appendChild(box);
      });
      // Lean Coffee: the room's thumbs say "go on"; the format says by how much.
      var extra = s.voting && s.voting.extend_s;
      if (extra) {
        var more = mk('button', 'btn', fmt('staff.extend', {d: minutes(extra / 60)}));
        more.type = 'button';
        more.setAttribute('data-extend-thumbs', extra);
        more.addEventListener('click', function () {
          ask('agenda:control', {action: 'extend', value: extra}, more);
        });
        thumbs.appendChild(more);
      }
      $('votes-empty').hidden = true;
    } else {
      // What people vote on: the activity's ideas and questions (as the server ranks them).
      var cand = t && t.candidates;  // a run-off: only the options tied first
      var items = ctx.items().filter(function (c) {
        return c.activity_id === a.id && !c.hidden && (c.kind === 'idea' || c.kind === 'question') &&
               (!cand || cand.indexOf(c.id) >= 0);
      });
      var n = function (c) { var v = counts[String(c.id)]; return typeof v === 'number' ? v : 0; };
      items.sort(function (x, y) { return n(y) - n(x) || x.id - y.id; });
      var max = items.reduce(function (m, c) { return Math.max(m, n(c)); }, 0);
      items.forEach(function (c) {
        var li = mk('li', 'rank');
        li.setAttribute('data-item-id', c.id);
        li.appendChild(mk('span', 'rank-n', String(n(c))));
        var body = mk('span', 'rank-body');
        body.appendChild(mk('span', 'rank-text', c.text || ''));
        var bar = mk('span', 'bar');
        bar.style.width = max ? Math.round(100 * n(c) / max) + '%' : '0';
        body.appendChild(bar);
        li.appendChild(body);
        list.appendChild(li);
      });
      $('votes-empty').hidden = items.length > 0;
      $('votes-empty').textContent = S[cand && !cand.length ? 'staff.votes_no_tie' : 'staff.votes_none'];
    }
    var atOnce = voting.reveal === 'at_once', revealed = t && t.revealed;
    var note = $('votes-note');
    note.textContent = atOnce ? S[revealed ? 'staff.votes_revealed' : 'staff.votes_hidden'] : S['staff.votes_live'];
    note.setAttribute('data-hidden-from-room', atOnce && !revealed ? 'true' : 'false');
    var reveal = $('votes-reveal');
    reveal.hidden = !(atOnce && !revealed);
    reveal.setAttribute('data-step-id', stepId || '');
    var f = formats[a.format_id], topics = $('votes-topics');
    topics.hidden = !(hasRounds(f) && (mode === 'dots' || mode === 'upvote'));
    topics.setAttribute('data-step-id', stepId || '');
  }

  // --- questionnaire results ----------------------------------------------------------------------

  function renderAnswers() {
    var a = current(), s = state(), card = $('answers'), body = $('answers-body');
    var byStep = a ? answers[a.id] || {} : {}, stepId = s && byStep[s.step_id] ? s.step_id : Object.keys(byStep).pop();
    var pack = stepId ? byStep[stepId] : null, summary = pack ? pack[LANG] || pack.fr : null;
    if (!a || !summary) { card.hidden = true; return; }
    card.hidden = false;
    counter($('answers-count'), 'staff.answered', pack.answered);
    body.textContent = '';
    body.appendChild(mk('p', 'muted', S['staff.answers_anonymous']));
    summary.forEach(function (qn) {
      var box = mk('div', 'question q-' + qn.type);
      box.setAttribute('data-question-id', qn.id);
      box.appendChild(mk('h3', null, qn.label));
      var line = mk('p', 'q-stats');
      line.appendChild(mk('span', 'q-count', Live.plural(S, 'staff.n_answers', qn.count, LANG)));
      if (qn.type === 'rating') {
        line.appendChild(mk('strong', 'q-avg', qn.average == null ? '—'
          : fmt('staff.average', {avg: Number(qn.average).toLocaleString(LANG), scale: qn.scale})));
      }
      box.appendChild(line);
      if (qn.type === 'rating') box.appendChild(histogram(qn.histogram, qn.histogram.map(function (_, i) { return String(i + 1); }), 'histo'));
      else if (qn.type === 'choice') box.appendChild(histogram(qn.counts, qn.options, 'choices'));
      else {
        var ul = mk('ul', 'open-answers');
        (qn.texts || []).forEach(function (text) { ul.appendChild(mk('li', null, text)); });
        if (!(qn.texts || []).length) ul.appendChild(mk('li', 'muted', S['staff.no_answers']));
        box.appendChild(ul);
      }
      body.appendChild(box);
    });
  }

  // "x of y have voted": y is the phones in the room now (the dashboard's live count), and never
  // less than x (a phone that voted, then slept, still voted).
  function counter(el, key, n) {
    el.hidden = n == null;
    if (n == null) return;
    var here = parseInt($('phones').textContent, 10) || 0;
    el.textContent = Live.plural(S, key, n, LANG, {count: Math.max(here, n)});
  }
  function counts() { renderVotes(); renderAnswers(); }

  function histogram(values, labels, cls) {
    var max = values.reduce(function (m, v) { return Math.max(m, v); }, 0), ol = mk('ol', cls);
    values.forEach(function (v, i) {
      var li = mk('li');
      li.appendChild(mk('span', 'h-label', labels[i]));
      var track = mk('span', 'h-track'), bar = mk('span', 'bar');
      bar.style.width = max ? Math.round(100 * v / max) + '%' : '0';
      track.appendChild(bar);
      li.appendChild(track);
      li.appendChild(mk('span', 'h-n', String(v)));
      ol.appendChild(li);
    });
    return ol;
  }

  // --- roles --------------------------------------------------------------------------------------

  function rolesActivity() {
    var a = selId != null ? actById(selId) : null;
    return a || current() || acts.filter(function (x) { return x.status !== 'finished'; })[0] || acts[0] || null;
  }

  function personName(p) {
    if (!p) return '';
    if (p.anonymous || !p.name) return fmt('staff.anonymous_n', {id: p.id});
    return p.name;
  }

  function roleLabel(f, role) {
    return f && f.role_labels && f.role_labels[role] ? L(f.role_labels[role]) : role;
  }

  function renderRoles() {
    var a = rolesActivity(), sel = $('roles-activity'), list = $('people-list');
    var options = acts.map(function (x) {
      return [x.id, actName(x) + (x.id === currentId ? ' — ' + S['staff.status_current'] : '')];
    });
    if (JSON.stringify(options) !== sel._options) {
      sel._options = JSON.stringify(options);
      sel.textContent = '';
      options.forEach(function (x) {
        var o = mk('option', null, x[1]);
        o.value = x[0];
        sel.appendChild(o);
      });
    }
    sel.disabled = !acts.length;
    if (a && sel.value !== String(a.id)) sel.value = String(a.id);
    var f = a ? formats[a.format_id] : null;
    var mine = a && roles[a.id] || {}, mine2 = a && roles2[a.id] || {};
    // Who holds which role, at a glance.
    var summary = $('roles-summary');
    summary.textContent = '';
    if (f) {
      f.roles.forEach(function (r) {
        if (r === 'participant') return;
        var names = peopleIds.filter(function (id) { return mine[id] === r || mine2[id] === r; }).map(function (id) { return personName(people[id]); });
        var li = mk('li', names.length ? '' : 'none');
        li.setAttribute('data-role', r);
        li.appendChild(mk('strong', null, fmt('staff.role_colon', {role: roleLabel(f, r)})));
        li.appendChild(d.createTextNode(' ' + (names.length ? names.join(', ') : '—')));
        summary.appendChild(li);
      });
    }
    // The people, each with a role select; rebuilt only when the set of people or the activity
    // changes, so a select being used keeps its focus.
    var base = [a ? a.id : '', a ? a.format_id : '', LANG].join('|') + '|';
    var key = base + peopleIds.join(',');
    if (key !== rolesKey) {
      // Someone joined: add their row and leave the others (and the focus) alone.
      var shown = rolesKey.indexOf(base) === 0 ? rolesKey.slice(base.length) : null;
      var from = shown !== null && (shown === '' || key.indexOf(base + shown + ',') === 0)
        ? (shown ? shown.split(',').length : 0) : -1;
      rolesKey = key;
      if (from < 0) { list.textContent = ''; list.scrollTop = 0; from = 0; }
      if (a && f) {
        peopleIds.slice(from).forEach(function (id) {
          var p = people[id], li = mk('li', 'person'), selId_ = 'role-' + id;
          li.setAttribute('data-participant-id', id);
          var who = mk('label', 'person-who');
          who.htmlFor = selId_;
          who.appendChild(mk('span', p.anonymous || !p.name ? 'person-name anon' : 'person-name', personName(p)));
          if (p.organisation) who.appendChild(mk('span', 'person-org', p.organisation));
          li.appendChild(who);
          var s = mk('select', 'role-select');
          s.id = selId_;
          s.setAttribute('data-role-select', String(id));
          f.roles.forEach(function (r) {
            var o = mk('option', null, roleLabel(f, r));
            o.value = r;
            s.appendChild(o);
          });
          li.appendChild(s);
          // A second role (sponsor and broker): "none" first.
          var s2 = mk('select', 'role-select role-second');
          s2.setAttribute('data-role2-select', String(id));
          s2.setAttribute('aria-label', S['jam.second_role']);
          s2.title = S['jam.second_role'];
          f.roles.forEach(function (r) {
            var o = mk('option', null, r === 'participant' ? S['jam.no_second_role'] : roleLabel(f, r));
            o.value = r;
            s2.appendChild(o);
          });
          li.appendChild(s2);
          list.appendChild(li);
        });
      }
    }
    list.querySelectorAll('[data-role-select]').forEach(function (s) {
      var pid = +s.getAttribute('data-role-select'), r = mine[pid] || 'participant';
      if (s.value !== r && d.activeElement !== s) s.value = r;
      s.closest('li').setAttribute('data-role', r);
    });
    list.querySelectorAll('[data-role2-select]').forEach(function (s) {
      var r = mine2[+s.getAttribute('data-role2-select')] || 'participant';
      if (s.value !== r && d.activeElement !== s) s.value = r;
    });
    filterPeople();
    $('people-empty').hidden = peopleIds.length > 0;
  }

  function filterPeople() {
    var needle = $('people-filter').value.trim().toLowerCase();
    $('people-list').querySelectorAll('[data-participant-id]').forEach(function (li) {
      li.hidden = needle && li.textContent.toLowerCase().indexOf(needle) < 0;
    });
  }

  function onRoleChange(e) {
    var s = e.target.closest('[data-role-select],[data-role2-select]'), a = rolesActivity();
    if (!s || !a) return;
    var li = s.closest('li'), one = li.querySelector('[data-role-select]'), two = li.querySelector('[data-role2-select]');
    var pid = +one.getAttribute('data-role-select');
    var before = [(roles[a.id] || {})[pid] || 'participant', (roles2[a.id] || {})[pid] || 'participant'];
    // Every role the person holds: the first select's and the second's, "participant" meaning none.
    var held = [one.value, two.value].filter(function (r, i, all) { return r !== 'participant' && all.indexOf(r) === i; });
    ask('roles:assign', {activity_id: a.id, participant_id: pid, roles: held}, s, function (ack) {
      if (ack.roles) putRoles(ack.roles);
      renderRoles();
      s.focus();
    }, function () { one.value = before[0]; two.value = before[1]; });
  }

  // summary is French and summary_en English (an older server sent one summary, in the
  // screen's language, in the snapshot).
  function putAnswers(x) {
    var pack = {answered: x.answered};
    if (x.summary_en) { pack.fr = x.summary; pack.en = x.summary_en; } else pack[LANG] = x.summary;
    (answers[x.activity_id] = answers[x.activity_id] || {})[x.step_id] = pack;
  }

  // fanout: a live answer carries only what it changed (docs/protocol.md §5.8): a rating's or
  // choice's figures whole, an open answer's new text and the one it replaces. With no summary
  // yet (the dashboard loaded before the step began), start from the step's empty questions.
  function applyAnswers(x) {
    var byStep = answers[x.activity_id] = answers[x.activity_id] || {}, pack = byStep[x.step_id];
    if (!pack) {
      if (!st || currentId !== x.activity_id) return;
      pack = byStep[x.step_id] = {};
      ['fr', 'en'].forEach(function (lang) {
        var s = st[lang];
        if (s && s.step_id === x.step_id) pack[lang] = (s.questions || []).map(function (q) {
          var qn = {id: q.id, type: q.type, label: q.label, count: 0};
          if (q.type === 'rating') {
            qn.scale = q.scale; qn.average = null; qn.histogram = [];
            for (var i = 0; i < q.scale; i++) qn.histogram.push(0);
          } else if (q.type === 'choice') {
            qn.options = q.options; qn.counts = q.options.map(function () { return 0; });
          }
          else qn.texts = [];
          return qn;
        });
      });
    }
    if (x.answered != null) pack.answered = x.answered;  // "x of y have answered"
    Object.keys(pack).forEach(function (lang) {
      if (lang === 'answered') return;
      (pack[lang] || []).forEach(function (qn) {
        x.changed.forEach(function (c) {
          if (c.id !== qn.id) return;
          qn.count = c.count;
          if (c.histogram) { qn.histogram = c.histogram; qn.average = c.average; }
          if (c.counts) qn.counts = c.counts;
          if (c.text != null) {
            // Idempotent: the snapshot may already hold this answer (protocol §3.4).
            var texts = qn.texts = qn.texts || [], at = c.replaces == null ? -1 : texts.indexOf(c.replaces);
            if (at >= 0) texts[at] = c.text;
            else if (c.replaces == null && texts.length < c.count) texts.push(c.text);
          }
        });
      });
    });
  }

  function putRoles(data) {
    if (!data || data.activity_id == null) return;
    var map = {}, map2 = {};
    (data.roles || []).forEach(function (r) {
      if (map[r.participant_id]) map2[r.participant_id] = r.role;  // one row per role held
      else map[r.participant_id] = r.role;
    });
    roles[data.activity_id] = map;
    roles2[data.activity_id] = map2;
  }

  function addPerson(p) {
    if (!p || p.id == null) return;
    if (!people[p.id]) peopleIds.push(p.id);
    people[p.id] = p;
  }

  // --- model --------------------------------------------------------------------------------------

  var known = null;  // activity ids of the first snapshot; any later one is new, so has no roles yet

  function setAgenda(data) {
    if (!data) return;
    acts = (data.activities || []).slice().sort(function (x, y) { return x.position - y.position || x.id - y.id; });
    if (known === null) {
      known = {};
      acts.forEach(function (a) { known[a.id] = 1; });
    }
    acts.forEach(function (a) {
      if (!known[a.id]) { known[a.id] = 1; roles[a.id] = roles[a.id] || {}; }
    });
    currentId = data.current_id == null ? null : data.current_id;
    if (selId != null && !actById(selId)) selId = null;
  }

  function renderAll() {
    renderDay();
    renderNow();
    renderVotes();
    renderAnswers();
    renderRoles();
    ctx.redraw();
  }

  // --- what dashboard.js asks ---------------------------------------------------------------------

  // Where an item was posted, whether it can become a topic, and its votes.
  function itemInfo(c) {
    var info = {}, a = c.activity_id != null ? actById(c.activity_id) : null;
    // The activity selected in the day's list votes on options: this item may become one.
    var sel = selId != null ? actById(selId) : null;
    if (sel && sel.id !== c.activity_id && sel.status !== 'finished' && takesOptions(formats[sel.format_id]) &&
        !c.hidden && c.text) info.options = {id: sel.id, name: actName(sel)};
    if (!a) return info;
    var slot = null;
    for (var i = 0; i < a.slots.length; i++) if (a.slots[i].step_id === c.step_id) { slot = a.slots[i]; break; }
    info.where = [a.id !== currentId ? actName(a) : '', slot ? L(slot.step_label) : ''].filter(Boolean).join(' › ');
    info.topic = c.topic || '';
    var f = formats[a.format_id];
    if (f && !c.hidden && c.text) {
      var from = -1, at = -1;
      f.steps.forEach(function (s, k) {
        if (s.topics_from === c.kind && from < 0) from = k;
        if (s.id === c.step_id) at = k;
      });
      if (from >= 0 && at >= 0 && at <= from) {
        info.promote = a.topics.indexOf(topicKey(c.text)) >= 0 ? 'done' : 'can';
      }
    }
    var t = tallies[a.id] || {};
    Object.keys(t).forEach(function (stepId) {
      var n = t[stepId].counts && t[stepId].counts[String(c.id)];
      if (typeof n === 'number') {
        var voting = votingFor(a.id, stepId) || {};
        info.votes = {n: n, mode: t[stepId].mode, unrevealed: voting.reveal === 'at_once' && !t[stepId].revealed};
      }
    });
    return info;
  }

  function toOptions(c, el) {
    var info = itemInfo(c);
    if (info.options) ask('agenda:options_from', {activity_id: info.options.id, contribution_ids: [c.id]}, el,
                          function () { el.textContent = '✓ ' + fmt('staff.to_options', {title: info.options.name}); });
  }

  function promote(c, el) {
    ask('agenda:promote', {activity_id: c.activity_id, contribution_id: c.id}, el);
  }

  function snapshot(snap) {
    if (snap.formats) {
      formats = {};
      formatIds = [];
      snap.formats.forEach(function (f) { formats[f.id] = f; formatIds.push(f.id); });
    }
    people = {};
    peopleIds = [];
    (snap.people || []).forEach(addPerson);
    setAgenda(snap.agenda);
    st = snap.state || null;
    rememberVoting();
    // Roles prepared ahead for every activity, and the counts of every voting step.
    var byActivity = snap.roles_by_activity || {};
    Object.keys(byActivity).forEach(function (id) { putRoles(byActivity[id]); });
    if (snap.roles) putRoles(snap.roles);
    (snap.tallies || []).forEach(function (t) { if (t) putTally(t); });
    if (snap.tally) putTally(snap.tally);
    ((snap.background || {}).tallies || []).forEach(putTally);  // the boxes open all day
    if (snap.answers && snap.answers.summary) putAnswers(snap.answers);
    if (snap.counter_on_wall != null) $('votes-on-wall').checked = !!snap.counter_on_wall;
    if (selId == null && currentId != null) selId = currentId;
    rolesKey = '';
    renderFormats();
    renderAll();
  }

  function update(u) {
    var x = u.data || {};
    switch (u.type) {
      case 'agenda.changed':
        setAgenda(x);
        break;
      case 'agenda.state':
        st = x;
        rememberVoting();
        if (x.activity && selId == null) selId = x.activity.id;
        break;
      case 'roles.updated':
        putRoles(x);
        break;
      // Frequent during a vote, a survey or the joining: redraw only what they change.
      case 'votes.background':  // a box open all day (background_panel.js): the items' counts
      case 'votes.updated':
        if (x.hidden) return;  // the wall's copy of a silent vote (how many): ours has the counts
        putTally(x);
        renderVotes();
        ctx.redraw();  // the items' vote counts
        return;
      case 'projector.counter':
        $('votes-on-wall').checked = !!x.on;
        return;
      case 'answers.updated':
        if (x.changed) applyAnswers(x); else putAnswers(x);  // a full summary: an older log
        renderAnswers();
        return;
      case 'participant.joined':
        addPerson(x);
        renderRoles();
        return;
      case 'contribution.created':
      case 'contribution.updated':
        if (current() && x.activity_id === currentId) { renderVotes(); }
        return;
      default:
        return;
    }
    renderAll();
  }

  // --- wiring -------------------------------------------------------------------------------------

  function onKey(e) {
    if (e.defaultPrevented || e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target, tag = t && t.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (t && t.isContentEditable)) return;
    var s = state();
    if (!current() || !s || s.status === 'not_started') return;
    var k = e.key;
    if (k === 'n' || k === 'N') control('next');
    else if (k === 'p' || k === 'P') control(s.status === 'paused' ? 'resume' : 'pause');
    else if (k === '+' || k === '=') control('extend60');
    else return;
    e.preventDefault();
  }

  function init(c) {
    ctx = c;
    S = c.strings;
    LANG = c.lang;
    MIN = unit('minute');
    HOUR = unit('hour');
    d.querySelectorAll('[data-minutes]').forEach(function (b) {
      b.textContent = '+' + minutes(+b.getAttribute('data-minutes'));
      b.setAttribute('aria-label', fmt('staff.extend', {d: minutes(+b.getAttribute('data-minutes'))}));
    });
    $('add-format').addEventListener('change', formatChosen);
    $('add-form').addEventListener('submit', addActivity);
    $('agenda-list').addEventListener('click', onDayClick);
    $('slot-list').addEventListener('click', onSlotClick);
    $('now-body').addEventListener('click', function (e) {
      var b = e.target.closest('[data-agenda]');
      if (b) control(b.getAttribute('data-agenda'), b);
    });
    $('votes-reveal').addEventListener('click', function () {
      var a = current();
      if (a) ask('votes:reveal', {activity_id: a.id, step_id: this.getAttribute('data-step-id')}, this);
    });
    $('votes-on-wall').addEventListener('change', function () {
      ask('projector:counter', {on: this.checked}, this);
    });
    $('votes-topics').addEventListener('click', function () {
      var a = current();
      if (a) ask('agenda:topics_from_votes', {activity_id: a.id, step_id: this.getAttribute('data-step-id')}, this);
    });
    $('roles-activity').addEventListener('change', function () { select(+this.value); });
    $('people-filter').addEventListener('input', filterPeople);
    $('people-list').addEventListener('change', onRoleChange);
    d.addEventListener('keydown', onKey);
    clock();
    setInterval(tick, 500);
  }

  w.Agenda = {init: init, snapshot: snapshot, update: update, itemInfo: itemInfo, promote: promote, toOptions: toOptions,
              currentId: function () { return currentId; }, counts: counts};
})(window, document);
