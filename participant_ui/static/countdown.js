/* Countdown from the server's clock: sync(server_time), remaining(state), phase(state),
   format(s), attach(el, getState, onEnd) -> stop. */
(function (w) {
  'use strict';
  var offset = 0;  // server ms - local ms

  function sync(serverTime) {
    if (typeof serverTime === 'number' && isFinite(serverTime)) offset = serverTime * 1000 - Date.now();
  }

  function now() { return (Date.now() + offset) / 1000; }

  function remaining(s) {
    if (!s || s.status === 'not_started' || s.status === 'finished' || s.status == null) return null;
    if (s.paused || s.status === 'paused') return s.remaining_s == null ? null : s.remaining_s;
    if (s.ends_at == null) return null;
    return s.ends_at - now();
  }

  function phase(s) {
    if (!s || !s.status || s.status === 'not_started') return 'not_started';
    if (s.status === 'finished') return 'finished';
    if (s.paused || s.status === 'paused') return 'paused';
    var r = remaining(s);
    if (r == null) return 'untimed';
    if (r <= 0) return 'overtime';
    if (r <= (s.warning_s || 0)) return 'warning';
    return 'running';
  }

  function two(n) { return (n < 10 ? '0' : '') + n; }

  // 725 -> 12:05, 3723 -> 1:02:03, -45 -> -0:45
  function format(sec) {
    if (sec == null || !isFinite(sec)) return '';
    var t = Math.round(sec), neg = t < 0;
    t = Math.abs(t);
    var h = Math.floor(t / 3600), m = Math.floor(t % 3600 / 60), x = t % 60;
    return (neg ? '-' : '') + (h ? h + ':' + two(m) : m) + ':' + two(x);
  }

  // onEnd(): once each time a running slot crosses zero.
  function attach(el, getState, onEnd) {
    var prev = null, key = null;
    function tick() {
      var s = getState(), r = remaining(s), ph = phase(s);
      var k = s ? s.slot_index + '/' + s.started_at : null;
      if (k !== key) { key = k; prev = null; }
      el.textContent = r == null ? '' : format(r);
      if (el.dataset.phase !== ph) el.dataset.phase = ph;
      el.dataset.remaining = r == null ? '' : String(Math.round(r));
      if (onEnd && prev != null && prev > 0 && r != null && r <= 0 && ph === 'overtime') onEnd();
      prev = ph === 'paused' ? prev : r;
    }
    tick();
    var id = setInterval(tick, 250);
    return function () { clearInterval(id); };
  }

  w.Countdown = {sync: sync, phase: phase, format: format, attach: attach};
})(window);
