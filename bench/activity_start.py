"""Activity start benchmark (issue 7, item 8): N phones, a day of 8 activities, Palabre alone.

    .venv/bin/python -m bench.activity_start --phones 1000 [--repeat 3] [--save FILE]

One run (the server started as bench/load.py starts it: a real subprocess, eventlet, a free
port on 127.0.0.1, the per-address budgets lifted):
  1. the dashboard connects and syncs and adds a day of 8 activities; the N phones join, connect
     and sync (not timed here: bench/load.py measures that); the first activity starts;
  2. "posts alone": every phone posts once at a random instant of a --burst s window; each
     post's emit -> ack (p50, p99): the baseline;
  3. "activity start": the same burst again, and --start-at s into it the dashboard starts the
     second activity. Each phone does what phone.js does with the agenda.state naming it: shows
     the new step at once, or after an agenda:step answer when the state's ``holds`` says the
     room holds a part of it the phone lacks (bench/phones.py, step_arm). Figures: start emit ->
     the last phone showing the new step (and the median), the posts' p99 meanwhile, how many
     phones asked for anything, the server's CPU;
  4. --what-if-resync: step 3 as phone.js did before (a sync {since: 0} of every phone after a
     random 0..1.5 s), for comparison.
docs/performance.md ("Activity start") says what the figures mean and the results.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import shutil
import signal
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.load import (STARTED, Server, Workers, _interrupt, client_cost, cpu_s, join_phones,
                        machine, median, ms, pct)

JITTER_S = 1.5  # phone.js: a phone that lacks a part of the step waits Math.random() * 1500 ms
# The first two take ideas to the wall (not shared): the posts of both bursts cost the same, and
# what differs between them is the start alone.
DAY = ("brainstorm", "brainstorm", "dot-voting", "qna", "experience-talks", "lean-coffee",
       "evaluation", "one-two-four-all")
TARGET_LAST_MS = 500.0  # at 1000 phones (issue 7, item 8)


async def call(client, event: str, payload: dict, timeout: float) -> dict:
    ack = await client.call(event, payload, timeout=timeout)
    if not (isinstance(ack, dict) and ack.get("ok")):
        raise RuntimeError(f"{event} refused: {ack!r}"[:300])
    return ack


def _posts(n: int, k: int, seed: int, burst: float, tag: str):
    rng = random.Random(seed)
    posts = [(i, rng.uniform(0, burst), f"{tag} phone {i} {uuid.uuid4().hex[:8]}",
              str(uuid.uuid4())) for i in range(n)]
    return [[p for p in posts if p[0] % k == w] for w in range(k)]


def _acks(answers) -> dict:
    sent = [r for a in answers for r in a["results"]]
    acks = [r["ack"] - r["emit"] for r in sent if r["ok"]]
    return {"posts": len(sent), "unacked": len(sent) - len(acks),
            "errors": sorted({r["error"] for r in sent if r["error"]})[:5],
            "p50_ms": ms(pct(acks, 50)), "p99_ms": ms(pct(acks, 99)),
            "max_ms": ms(max(acks)) if acks else None}


async def run_once(args, run_no: int, workdir: Path) -> dict:
    import aiohttp
    import socketio

    n, k, timeout = args.phones, args.workers, args.timeout
    server = Server("palabre", workdir, f"start-{n}-r{run_no}")
    server.start()
    workers = Workers(k)
    http = aiohttp.ClientSession()
    dash = socketio.AsyncClient(reconnection=False, handle_sigint=False, http_session=http,
                                request_timeout=timeout)
    result: dict = {"run": run_no, "phones": n, "resync": args.what_if_resync}
    try:
        await dash.connect(server.url, transports=["websocket"], wait_timeout=timeout,
                           headers={"Cookie": server.cookie} if server.cookie else {},
                           auth={"role": "facilitator", "event": server.code})
        await call(dash, "sync", {"since": 0}, timeout)
        day = []
        for format_id in DAY:
            added = await call(dash, "agenda:add", {"format_id": format_id}, timeout)
            day.append(added["agenda"]["activities"][-1]["id"])
        await call(dash, "agenda:start", {"activity_id": day[0]}, timeout)
        joined = await join_phones(server, n)
        slices = [[(i, joined[i][0]) for i in range(w, n, k)] for w in range(k)]
        answers = await workers.ask([{"cmd": "connect", "url": server.url, "code": server.code,
                                      "phones": s, "concurrency": 0, "timeout": timeout}
                                     for s in slices], timeout * 3)
        failed = sum(1 for a in answers for r in a["results"] if r["ready"] is None)
        if failed:
            raise RuntimeError(f"{failed} phones did not connect")
        await asyncio.sleep(1.0)

        # --- posts alone: the baseline ----------------------------------------------------------
        t0 = time.monotonic() + 0.3
        answers = await workers.ask([{"cmd": "post", "t0": t0, "posts": b, "timeout": timeout}
                                     for b in _posts(n, k, run_no, args.burst, f"base r{run_no}")],
                                    args.burst + timeout * 2)
        result["alone"] = _acks(answers)
        await asyncio.sleep(1.0)

        # --- the second activity starts during the same burst ---------------------------------
        await workers.ask([{"cmd": "step_arm", "activity_id": day[1], "jitter": JITTER_S,
                            "resync": args.what_if_resync}] * k, timeout)
        t0 = time.monotonic() + 0.3
        emitted: dict = {}

        async def start_later():
            await asyncio.sleep(max(0.0, t0 + args.start_at - time.monotonic()))
            emitted["cpu"] = cpu_s(server.pid)
            emitted["t"] = time.monotonic()
            await call(dash, "agenda:start", {"activity_id": day[1]}, timeout)
            emitted["ack"] = time.monotonic()

        posting = workers.ask([{"cmd": "post", "t0": t0, "posts": b, "timeout": timeout}
                               for b in _posts(n, k, run_no + 100, args.burst, f"start r{run_no}")],
                              args.burst + timeout * 2)
        answers, _ = await asyncio.gather(posting, start_later())
        result["during"] = _acks(answers)
        waited = await workers.ask([{"cmd": "step_wait", "timeout": timeout}] * k, timeout * 3)
        cpu1 = cpu_s(server.pid)
        phones = {int(i): w for a in waited for i, w in a["phones"].items()}
        shown = [w["shown"] - emitted["t"] for w in phones.values() if w["shown"]]
        result.update({
            "start_ack_ms": ms(emitted["ack"] - emitted["t"]),
            "start_shown_p50_ms": ms(median(shown)) if shown else None,
            "start_shown_last_ms": ms(max(shown)) if shown else None,
            "start_not_shown": n - len(shown),
            "start_asked": sum(1 for w in phones.values() if w["asked"]),
            "start_errors": sorted({w["error"] for w in phones.values() if w["error"]})[:5],
            # From the start's emit to the end of the burst and the phones' answers.
            "server_cpu_start_s": round(cpu1 - emitted["cpu"], 3),
            "client_start": client_cost(waited),
        })
    finally:
        try:
            await dash.disconnect()
        except Exception:  # noqa: BLE001
            pass
        await http.close()
        await workers.close()
        server.stop()
    return result


ROWS = (
    ("alone_p50", "posts alone, emit -> ack p50 (ms)"),
    ("alone_p99", "posts alone, emit -> ack p99 (ms)"),
    ("during_p99", "posts during the start, emit -> ack p99 (ms)"),
    ("start_ack_ms", "agenda:start, emit -> ack (ms)"),
    ("start_shown_p50_ms", "start -> median phone shows the step (ms)"),
    ("start_shown_last_ms", "start -> last phone shows the step (ms)"),
    ("start_not_shown", "phones that never showed it"),
    ("start_asked", "phones that asked the server for more"),
    ("server_cpu_start_s", "server CPU from the start to the last phone (s)"),
)


def flat(run: dict) -> dict:
    return {**run, "alone_p50": run["alone"]["p50_ms"], "alone_p99": run["alone"]["p99_ms"],
            "during_p99": run["during"]["p99_ms"],
            "unacked": run["alone"]["unacked"] + run["during"]["unacked"]}


def render(report: dict) -> str:
    runs = [flat(r) for r in report["runs"]]
    lines = [f"Activity start, {report['config']['phones']} phones"
             + (" (what-if: every phone resyncs, as before)" if report["config"]["resync"] else "")
             + f", medians of {len(runs)} run(s)", ""]
    for key, label in ROWS:
        values = [r[key] for r in runs if r.get(key) is not None]
        lines.append(f"  {label:<52} {median(values) if values else '-'}")
    lines.append(f"  {'posts never acked':<52} {sum(r['unacked'] for r in runs)}")
    last = median([r["start_shown_last_ms"] for r in runs if r["start_shown_last_ms"] is not None])
    if report["config"]["phones"] >= 1000 and last is not None:
        lines.append(f"  target: last phone <= {TARGET_LAST_MS:.0f} ms: "
                     + ("met" if last <= TARGET_LAST_MS else "NOT met"))
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.activity_start",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=200, help="simulated phones (default 200)")
    parser.add_argument("--repeat", type=int, default=1, help="runs; the table shows medians (default 1)")
    parser.add_argument("--workers", type=int, default=2, help="processes playing the phones (default 2)")
    parser.add_argument("--burst", type=float, default=5.0, help="seconds over which posts are spread (default 5)")
    parser.add_argument("--start-at", type=float, default=2.0,
                        help="seconds into the second burst at which the activity starts (default 2)")
    parser.add_argument("--timeout", type=float, default=30.0, help="per-operation timeout (default 30 s)")
    parser.add_argument("--what-if-resync", action="store_true",
                        help="experiment: every phone resyncs with a snapshot, as phone.js did before")
    parser.add_argument("--save", metavar="FILE", default="", help="also write the raw numbers (JSON)")
    args = parser.parse_args(argv)
    if min(args.phones, args.repeat, args.workers) < 1 or args.workers > args.phones:
        parser.error("--phones, --repeat and --workers must be >= 1 (and workers <= phones)")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    gc.disable()  # the coordinator's timestamps: no collector pauses while measuring
    signal.signal(signal.SIGTERM, _interrupt)
    workdir = Path(tempfile.mkdtemp(prefix="palabre-bench-"))
    runs = []
    try:
        for run_no in range(1, args.repeat + 1):
            print(f"run {run_no}/{args.repeat}: {args.phones} phones...", file=sys.stderr, flush=True)
            runs.append(asyncio.run(run_once(args, run_no, workdir)))
            gc.collect()
    finally:
        for server in STARTED:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    report = {"machine": machine(), "runs": runs,
              "config": {"phones": args.phones, "repeat": args.repeat, "burst": args.burst,
                         "start_at": args.start_at, "workers": args.workers,
                         "resync": args.what_if_resync}}
    if args.save:
        Path(args.save).write_text(json.dumps(report, indent=2) + "\n")
    print(render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
