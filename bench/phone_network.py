"""Phone-network benchmark: one real phone browser on a slow link, against a real Palabre.

    .venv/bin/python -m bench.phone_network [--profiles hotspot,slow3g,edge] [--repeat 3]
        [--offline-s 60] [--save NAME.json] [--show FILE] [--json]

One run, per profile (docs/performance.md, "Phone on a slow network", says what each figure is):
  1. `palabre serve --demo` on a free 127.0.0.1 port with a fresh temporary database (the demo
     day, plus two activities: 8 in all); a facilitator socket (signed in with the /f/<token>
     link, straight to the server) starts the experience talks;
  2. a loopback proxy (bench/delay_proxy.py) plays the profile's link: half the round trip each
     way and the bandwidth, for HTTP and WebSocket alike; it logs every byte it hands the phone;
  3. headless Debian Chromium, 360x640, a fresh context (cold: its cache starts empty, and
     fills as a phone's does), CPU slowed by the profile through CDP; it opens /j/<code>
     through the proxy: join form usable (it is in the HTML), scripts ready (phone.js has taken
     the form over); tap "join anonymously": join -> connected (and its bytes). A second fresh
     phone taps the moment the form shows, before any script ran: the plain form's join;
  4. three posts, one after the other: send -> sent;
  5. the facilitator moves the agenda on (--steps times, within the talks): step -> shown on
     the phone, and the bytes the phone downloads for it (until its link has been quiet for
     --quiet-s);
  6. a blip: the proxy refuses connections until the phone shows offline, then lets them
     through again: reconnect time and bytes per connect;
  7. offline for --offline-s (the proxy refuses connections and the browser is set offline),
     three posts written meanwhile; back online -> all three shown sent;
  8. the rest of the day: the facilitator starts each activity after the talks in turn (the
     breakout, the fair, the Jam, ... : 6 activity changes of a day of 8): each one's time to
     show and its bytes, socket and feature scripts (a feature's script, styles and words load
     the first time the room enters it, and come from the cache after).
Times are taken in the page (performance.timeOrigin + now(), by a MutationObserver, see
OBSERVER_JS) and in this process (time.time()); both are the machine's wall clock.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.delay_proxy import DelayProxy
from bench.phone_network_table import table

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# The links. EDGE is the reference (800 ms, 250/50 kbit/s, CPU 4x); slow 3G is
# WebPageTest's "3G Slow"; hotspot is a phone's Wi-Fi hotspot in a full room.
PROFILES = {
    "hotspot": {"rtt_ms": 60, "down_kbps": 5000, "up_kbps": 2000, "cpu": 1},
    "slow3g": {"rtt_ms": 400, "down_kbps": 400, "up_kbps": 400, "cpu": 1},
    "edge": {"rtt_ms": 800, "down_kbps": 250, "up_kbps": 50, "cpu": 4},
}

# Everything the bench reads on the phone's page, in one place (the phone's status bar and
# outbox are being reworked: adapt these, not the code below).
SELECTORS = {
    "join_form": "#join",                 # shown (not [hidden]) once phone.js is ready
    "join_button": "#join-anonymous",     # the tap that joins
    "conn": "#conn",                      # connection status ...
    "conn_attr": "data-state",            # ... in this attribute: online | offline | ...
    "conn_online": "online",
    "conn_offline": "offline",
    "post_text": "#post-text",
    "post_send": "#post-send",
    "sent_row": "#mine li[data-state=sent]",       # one of my posts, acknowledged
    "waiting_row": "#mine li[data-state=waiting]",  # one of my posts, in the outbox
    "row_text": ".txt",                   # the post's text inside its row
    "banner": ["#agenda-title", "#agenda-step", "#agenda-part"],  # the room's activity and step
    "ready": "body.ready",                # phone.js ran (it has taken the join form over)
}

# Records, in page time (epoch ms), when the join form is usable, every change of the
# connection state and of the banner, the first time each post is shown sent, and every click.
OBSERVER_JS = """
(function (S) {
  var B = window.__bench = {join: 0, ready: 0, conn: [], banner: [], sent: {}, clicks: [],
                            lastConn: null, lastBanner: null};
  function now() { return performance.timeOrigin + performance.now(); }
  function check() {
    var j = document.querySelector(S.join_form), a = document.querySelector(S.join_button);
    if (!B.join && j && a && !j.hidden && !j.closest('[hidden]') && !a.disabled) B.join = now();
    if (!B.ready && document.querySelector(S.ready)) B.ready = now();
    var c = document.querySelector(S.conn), st = c ? c.getAttribute(S.conn_attr) : null;
    if (st !== B.lastConn) { B.lastConn = st; B.conn.push([now(), st]); }
    document.querySelectorAll(S.sent_row).forEach(function (li) {
      var t = li.querySelector(S.row_text), k = (t || li).textContent.trim();
      if (!(k in B.sent)) B.sent[k] = now();
    });
    var bt = S.banner.map(function (s) {
      var el = document.querySelector(s);
      return el && !el.hidden ? el.textContent : '';
    }).join(' | ');
    if (bt !== B.lastBanner) { B.lastBanner = bt; B.banner.push([now(), bt]); }
  }
  new MutationObserver(check).observe(document, {subtree: true, childList: true,
                                                 attributes: true, characterData: true});
  document.addEventListener('click', function (e) {
    B.clicks.push([now(), e.target && e.target.id || '']);
  }, true);
  document.addEventListener('DOMContentLoaded', check);
})(%s);
"""

def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the server ---------------------------------------------------------------------------------

STARTED: list["Palabre"] = []  # every server started: main() stops them whatever happens


class Palabre:
    """`palabre serve --demo` on 127.0.0.1 with a fresh database; stop() kills its group."""

    def __init__(self, workdir: Path, what_if_ws_upgrade: bool = False):
        self.workdir = workdir
        # python -m facilitator, or the same through bench/ws_upgrade_whatif.py
        self.module = "bench.ws_upgrade_whatif" if what_if_ws_upgrade else "facilitator"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "server.log"
        self.proc: subprocess.Popen | None = None
        self.code = self.facilitator = ""

    def start(self, timeout: float) -> "Palabre":
        db = self.workdir / "palabre.db"
        with open(self.log, "w") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", self.module, "serve", "--host", "127.0.0.1",
                 "--port", str(self.port), "--db", str(db), "--async-mode", "eventlet",
                 "--public-url", self.url, "--demo"],
                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        STARTED.append(self)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            text = self.log.read_text(errors="replace")
            link = re.search(r"Facilitator \(keep it to yourself\): (\S+)", text)
            code = re.search(r"— code (\S+)", text)
            if link and code and self._healthy():
                self.facilitator, self.code = link.group(1), code.group(1)
                # Warm the server (templates, first queries): "cold" is the phone's, not the server's.
                urllib.request.urlopen(f"{self.url}/j/{self.code}", timeout=5).read()
                return self
            time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-2000:]}")

    def _healthy(self) -> bool:
        try:
            return urllib.request.urlopen(f"{self.url}/healthz", timeout=1).status == 200
        except OSError:
            return False

    def cookie(self) -> str:
        """GET /f/<token> sets the facilitator's session cookie."""
        import http.client
        from urllib.parse import urlsplit
        link = urlsplit(self.facilitator)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        conn.request("GET", link.path + ("?" + link.query if link.query else ""))
        resp = conn.getresponse()
        cookies = [h.split(";", 1)[0] for k, h in resp.getheaders() if k.lower() == "set-cookie"]
        conn.close()
        session = [c for c in cookies if c.startswith("session=")]
        if not session:
            raise RuntimeError(f"facilitator sign-in failed: HTTP {resp.status}")
        return session[0]

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)


async def facilitator_socket(server: Palabre, timeout: float):
    """The dashboard's socket, straight to the server: 8 activities, the experience talks
    started. Returns it, the number of activities and the activities after the talks."""
    import socketio
    dash = socketio.AsyncClient(reconnection=False, handle_sigint=False, request_timeout=timeout)
    await dash.connect(server.url, transports=["websocket"], wait_timeout=timeout,
                       headers={"Cookie": server.cookie()},
                       auth={"role": "facilitator", "event": server.code, "lang": "fr"})
    await call(dash, "sync", {"since": 0}, timeout)
    for format_id in ("brainstorm", "dot-voting"):  # the demo has 6 activities: a day of 8
        agenda = (await call(dash, "agenda:add", {"format_id": format_id}, timeout))["agenda"]
    day = sorted(agenda["activities"], key=lambda a: a["position"])
    talks = next(i for i, a in enumerate(day) if a["format_id"] == "experience-talks")
    await call(dash, "agenda:start", {"activity_id": day[talks]["id"]}, timeout)
    return dash, len(day), day[talks + 1:]


async def call(sock, event: str, data, timeout: float) -> dict:
    ack = await sock.call(event, data, timeout=timeout)
    if not ack or not ack.get("ok"):
        raise RuntimeError(f"{event} refused: {ack}")
    return ack


# --- one run ------------------------------------------------------------------------------------

async def cold_phone(browser, profile: dict, args):
    """A fresh browser context (an empty cache), 360x640, touch, French, the profile's CPU
    slowdown, the observer in every page: (context, page, Phone)."""
    context = await browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True,
                                        has_touch=True, locale="fr-FR")
    page = await context.new_page()
    await page.add_init_script(OBSERVER_JS % json.dumps(SELECTORS))
    cdp = await context.new_cdp_session(page)
    await cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile["cpu"]})
    return context, page, Phone(page, args.timeout)


async def plain_join(browser, base: str, code: str, profile: dict, proxy: DelayProxy,
                     args) -> tuple[float, bool]:
    """A cold phone that taps "join anonymously" as soon as the form shows: tap -> connected (ms),
    and whether the form was posted as plain HTML (the tap came before phone.js).
    Its page shares the proxy's link with the other phone, which is quiet meanwhile."""
    context, page, phone = await cold_phone(browser, profile, args)
    try:
        await page.goto(f"{base}/j/{code}", wait_until="commit", timeout=phone.timeout_ms)
        await phone.until("B.join > 0")
        tap = time.time() * 1000
        await page.click(SELECTORS["join_button"], no_wait_after=True)
        online = await phone.conn_after(SELECTORS["conn_online"], tap / 1000)
        # Did the plain form post (a second page) or had phone.js been quicker than the tap?
        plain = await page.evaluate("history.length > 1")
        await quiet(proxy, args.quiet_s, args.timeout)
        return online - tap, plain
    finally:
        await context.close()


class Phone:
    """The page and what its observer recorded."""

    def __init__(self, page, timeout: float):
        self.page, self.timeout_ms = page, timeout * 1000

    async def state(self) -> dict:
        return await self.page.evaluate("window.__bench")

    async def until(self, js: str, arg=None) -> None:
        """Wait for a condition on window.__bench (B) in the page. The page may navigate
        meanwhile (the join form posts as a plain form when the tap comes before phone.js):
        then wait again on the new page, whose observer starts afresh."""
        deadline = time.time() + self.timeout_ms / 1000
        while True:
            try:
                await self.page.wait_for_function(
                    f"(a) => {{ var B = window.__bench; return B && ({js}); }}",
                    arg=arg, polling=50, timeout=max(1.0, deadline - time.time()) * 1000)
                return
            except Exception as err:  # noqa: BLE001 - only a navigation is retried
                if "context was destroyed" not in str(err) and "navigation" not in str(err).lower() \
                        or time.time() > deadline:
                    raise

    async def conn_after(self, state: str, t: float) -> float:
        """Page time (epoch ms) of the first change to `state` after t (epoch s)."""
        await self.until("B.conn.some(function (c) { return c[1] === a.s && c[0] > a.t; })",
                         {"s": state, "t": t * 1000})
        return next(at for at, st in (await self.state())["conn"] if st == state and at > t * 1000)

    async def sent_at(self, texts: list[str]) -> dict:
        await self.until("a.every(function (t) { return t in B.sent; })", texts)
        sent = (await self.state())["sent"]
        return {t: sent[t] for t in texts}

    async def write(self, text: str) -> float:
        """Type a post and tap send: the tap's page time (epoch ms)."""
        await self.page.fill(SELECTORS["post_text"], text)
        n = len((await self.state())["clicks"])
        await self.page.click(SELECTORS["post_send"])
        await self.until("B.clicks.length > a", n)
        return (await self.state())["clicks"][n][0]


async def quiet(proxy: DelayProxy, quiet_s: float, timeout: float) -> float:
    """Wait until nothing has reached the phone for quiet_s: time.time() of the last byte."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        last = proxy.last_down()
        if time.time() - last >= quiet_s:
            return last
        await asyncio.sleep(0.1)
    raise TimeoutError("the phone's link never went quiet")


async def run_once(browser, name: str, args, run_no: int) -> dict:
    profile = {**PROFILES[name]}
    if args.cpu is not None:
        profile["cpu"] = args.cpu
    workdir = Path(tempfile.mkdtemp(prefix=f"palabre-net-{name}-"))
    server = Palabre(workdir, args.what_if_ws_upgrade)
    proxy = dash = context = None
    result = {"profile": name, "run": run_no, **profile, "load_before": os.getloadavg()[0]}
    try:
        server.start(args.timeout)
        proxy = await DelayProxy(server.port, profile["rtt_ms"], profile["down_kbps"],
                                 profile["up_kbps"]).start()
        base = f"http://127.0.0.1:{proxy.port}"
        dash, result["activities"], rest_of_day = await facilitator_socket(server, args.timeout)
        context, page, phone = await cold_phone(browser, profile, args)

        # Cold load; join once phone.js has taken the form over (the issue's "after tapping
        # Join": a person reading the form and typing a name gives it those seconds).
        await page.goto(f"{base}/j/{server.code}", wait_until="commit", timeout=phone.timeout_ms)
        await phone.until("B.join > 0")
        b = await phone.state()
        origin = await page.evaluate("performance.timeOrigin")
        result["join_form_ms"] = b["join"] - origin
        result["first_load_bytes"] = proxy.bytes_down(0, b["join"] / 1000)
        await phone.until("B.ready > 0")
        b = await phone.state()
        result["ready_ms"] = b["ready"] - origin
        result["ready_bytes"] = proxy.bytes_down(0, b["ready"] / 1000)
        await quiet(proxy, args.quiet_s, args.timeout)
        tap = time.time() * 1000
        await page.click(SELECTORS["join_button"], no_wait_after=True)
        online = await phone.conn_after(SELECTORS["conn_online"], tap / 1000)
        result["join_connected_ms"] = online - tap
        result["join_socket_bytes"] = proxy.bytes_down(tap / 1000, online / 1000, socket_only=True)
        await quiet(proxy, args.quiet_s, args.timeout)

        # Another cold phone taps the moment the form shows, before any script ran: the form
        # posts as plain HTML, the server answers with a redirect, the page loads as the room.
        result["join_plain_connected_ms"], result["join_plain_posted"] = await plain_join(
            browser, base, server.code, profile, proxy, args)

        # Posts, one after the other.
        times = []
        for i in range(args.sends):
            text = f"Idée {i + 1} du banc {name} {run_no}"
            tapped = await phone.write(text)
            times.append((await phone.sent_at([text]))[text] - tapped)
        result["send_sent_ms"] = statistics.median(times)
        result["send_sent_all_ms"] = times
        await quiet(proxy, args.quiet_s, args.timeout)

        # Step changes: the facilitator moves on; the phone shows it; its link goes quiet.
        steps = []
        for _ in range(args.steps):
            shown_before = len((await phone.state())["banner"])
            t0 = time.time()
            await call(dash, "agenda:control", {"action": "next"}, args.timeout)
            await phone.until("B.banner.length > a", shown_before)
            shown = (await phone.state())["banner"][shown_before][0]
            last = await quiet(proxy, args.quiet_s, args.timeout)
            steps.append({"shown_ms": shown - t0 * 1000,
                          "bytes": proxy.bytes_down(t0, max(last, shown / 1000)),
                          "banner": (await phone.state())["banner"][shown_before][1]})
        result["steps"] = steps
        result["step_shown_ms"] = statistics.median(s["shown_ms"] for s in steps)
        result["step_bytes"] = statistics.median(s["bytes"] for s in steps)
        result["step_bytes_max"] = max(s["bytes"] for s in steps)

        # A blip: the link refuses connections until the phone shows it is offline, then it is
        # back; the phone reconnects by itself. (A mere cut of the open connections is not
        # enough: Chromium retries a long poll on a fresh connection and nothing shows.)
        t_cut = time.time()
        proxy.set_offline(True)
        await phone.conn_after(SELECTORS["conn_offline"], t_cut)
        t_back = time.time()
        proxy.set_offline(False)
        online = await phone.conn_after(SELECTORS["conn_online"], t_back)
        result["blip_offline_ms"] = t_back * 1000 - t_cut * 1000
        result["reconnect_ms"] = online - t_back * 1000
        result["reconnect_socket_bytes"] = proxy.bytes_down(t_back, online / 1000, socket_only=True)
        result["reconnect_bytes"] = proxy.bytes_down(t_back, online / 1000)
        await quiet(proxy, args.quiet_s, args.timeout)

        # Offline for a while, three posts written meanwhile; then back online.
        t_off = time.time()
        if args.offline_how in ("both", "proxy"):
            proxy.set_offline(True)
        if args.offline_how in ("both", "browser"):
            await context.set_offline(True)
        await phone.conn_after(SELECTORS["conn_offline"], t_off)
        texts = [f"Hors ligne {i + 1} {name} {run_no}" for i in range(3)]
        for text in texts:
            await phone.write(text)
        await page.wait_for_function(
            "(n) => document.querySelectorAll(%s).length >= n" % json.dumps(SELECTORS["waiting_row"]),
            arg=len(texts), timeout=phone.timeout_ms)
        await asyncio.sleep(max(0.0, t_off + args.offline_s - time.time()))
        t_back = time.time()
        proxy.set_offline(False)
        await context.set_offline(False)
        sent = await phone.sent_at(texts)
        result["offline_all_sent_ms"] = max(sent.values()) - t_back * 1000
        result["offline_sent_ms"] = [sent[t] - t_back * 1000 for t in texts]
        result["offline_s"] = args.offline_s
        result["offline_how"] = args.offline_how
        result["refused_while_offline"] = proxy.refused
        await quiet(proxy, args.quiet_s, args.timeout)

        # The rest of the day, one activity after the other.
        day = []
        for activity in rest_of_day:
            shown_before = len((await phone.state())["banner"])
            t0 = time.time()
            await call(dash, "agenda:start", {"activity_id": activity["id"]}, args.timeout)
            await phone.until("B.banner.length > a", shown_before)
            shown = (await phone.state())["banner"][shown_before][0]
            last = max(await quiet(proxy, args.quiet_s, args.timeout), shown / 1000)
            day.append({"format": activity["format_id"], "shown_ms": shown - t0 * 1000,
                        "bytes": proxy.bytes_down(t0, last),
                        "socket_bytes": proxy.bytes_down(t0, last, socket_only=True)})
        result["day"] = day
        result["activity_shown_ms"] = statistics.median(a["shown_ms"] for a in day)
        result["activity_bytes"] = statistics.median(a["bytes"] for a in day)
        result["activity_bytes_max"] = max(a["bytes"] for a in day)
        result["activity_socket_bytes"] = statistics.median(a["socket_bytes"] for a in day)
        result["feature_bytes"] = sum(a["bytes"] - a["socket_bytes"] for a in day)
        result["load_after"] = os.getloadavg()[0]
    finally:
        if context:
            await context.close()
        if dash:
            await dash.disconnect()
        if proxy:
            await proxy.stop()
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def machine() -> str:
    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    return f"{cpu} x{os.cpu_count()}, Python {platform.python_version()}, {chromium}"


async def bench(args) -> dict:
    from playwright.async_api import async_playwright
    names = [n.strip() for n in args.profiles.split(",") if n.strip()]
    unknown = [n for n in names if n not in PROFILES]
    if unknown:
        raise SystemExit(f"unknown profile(s): {', '.join(unknown)}; known: {', '.join(PROFILES)}")
    runs = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for run_no in range(1, args.repeat + 1):
                for name in names:
                    t = time.monotonic()
                    runs.append(await asyncio.wait_for(run_once(browser, name, args, run_no),
                                                       args.run_timeout))
                    print(f"  {name} run {run_no}: {time.monotonic() - t:.0f} s", file=sys.stderr)
        finally:
            await browser.close()
    return {"meta": {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                     "machine": machine(), "repeat": args.repeat, "offline_s": args.offline_s,
                     "offline_how": args.offline_how, "steps": args.steps, "quiet_s": args.quiet_s,
                     "what_if_ws_upgrade": args.what_if_ws_upgrade,
                     "profiles": {n: {**PROFILES[n], **({"cpu": args.cpu} if args.cpu else {})}
                                  for n in names},
                     "selectors": SELECTORS},
            "runs": runs}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--profiles", default=",".join(PROFILES), help="comma-separated: " + ", ".join(PROFILES))
    ap.add_argument("--repeat", type=int, default=3, help="runs per profile; the table shows medians")
    ap.add_argument("--offline-s", type=float, default=60, help="seconds offline before coming back (60)")
    ap.add_argument("--offline-how", choices=["both", "proxy", "browser"], default="both",
                    help="offline = the proxy refuses connections, the browser is set offline, or both")
    ap.add_argument("--steps", type=int, default=3, help="agenda steps moved per run (3)")
    ap.add_argument("--sends", type=int, default=3, help="posts sent one after the other (3)")
    ap.add_argument("--quiet-s", type=float, default=3.0,
                    help="a step change's bytes are counted until the link is quiet this long (3)")
    ap.add_argument("--cpu", type=float, help="CPU slowdown for every profile (default: the profile's)")
    ap.add_argument("--what-if-ws-upgrade", action="store_true",
                    help="serve through bench/ws_upgrade_whatif.py: the phones' WebSocket upgrade works")
    ap.add_argument("--timeout", type=float, default=60, help="every wait (s)")
    ap.add_argument("--run-timeout", type=float, default=600, help="one whole run (s)")
    ap.add_argument("--save", help="write the raw numbers to this JSON (a bare name: bench/results/)")
    ap.add_argument("--show", help="print the table of a saved JSON and stop")
    ap.add_argument("--json", action="store_true", help="print the raw numbers instead of the table")
    args = ap.parse_args(argv)
    if args.show:
        print(table(json.loads(Path(args.show).read_text())))
        return 0
    if not shutil.which(CHROMIUM):
        raise SystemExit(f"{CHROMIUM} is missing (Debian's chromium package)")
    # SIGTERM as Ctrl-C: the runs' cleanup happens, and the servers (own sessions) are killed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        saved = asyncio.run(bench(args))
    finally:
        for server in STARTED:
            server.stop()
            shutil.rmtree(server.workdir, ignore_errors=True)
    if args.save:
        path = Path(args.save)
        if path.parent == Path("."):
            RESULTS.mkdir(parents=True, exist_ok=True)
            path = RESULTS / path
        path.write_text(json.dumps(saved, indent=1, ensure_ascii=False))
        print(f"saved: {path}", file=sys.stderr)
    print(json.dumps(saved, indent=1, ensure_ascii=False) if args.json else table(saved))
    return 0


if __name__ == "__main__":
    sys.exit(main())
