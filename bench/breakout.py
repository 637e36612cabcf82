"""Breakout benchmark: N phones dealt into G groups, Palabre and the bare relay side by side.

    .venv/bin/python -m bench.breakout --phones 1000 --groups 150 [--repeat 3] [--save FILE]

One run, for each server (started as bench/load.py starts them: a real subprocess, eventlet, a
free port on 127.0.0.1; no bench.wrap):
  1. the dashboard connects and syncs; the N phones join over HTTP and connect and sync (not
     timed here: bench/load.py measures that); Palabre: a breakout activity is added and started;
  2. "forming": the dashboard emits groups:form {count: G}; every phone then does what
     phone_groups.js does (a sync {since: 0} after a random 0..1.5 s on groups.formed and on the
     groups.changed that places it). Figures: emit -> ack, emit -> the last phone's
     groups.changed, and emit -> the last phone *showing* its group (the first sync whose
     snapshot holds it; the relay has no snapshot: its sync's ack after the update);
  3. Palabre: the room moves to the "work" step; "posts": every phone posts once at a random
     instant of a 5 s burst; post -> group is the time from a post's emit until every other
     member of its group has received it (p50, p99, max), with its ack;
  4. everything is closed and the server killed.
docs/performance.md ("Breakout groups") says what the figures mean and the results.
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

from bench.load import (LABELS, SERVERS, STARTED, Server, Workers, _interrupt, client_cost,
                        cpu_s, join_phones, machine, median, ms, pct)

JITTER_S = 1.5  # phone_groups.js: again() waits Math.random() * 1500 ms before its resync


async def call(client, event: str, payload: dict, timeout: float) -> dict:
    ack = await client.call(event, payload, timeout=timeout)
    if not (isinstance(ack, dict) and ack.get("ok")):
        raise RuntimeError(f"{event} refused: {ack!r}"[:300])
    return ack


async def run_once(kind: str, args, run_no: int, workdir: Path) -> dict:
    import aiohttp
    import socketio

    n, k, timeout = args.phones, args.workers, args.timeout
    server = Server(kind, workdir, f"breakout-{n}-{kind}-r{run_no}")
    server.start()
    workers = Workers(k)
    http = aiohttp.ClientSession()
    dash = socketio.AsyncClient(reconnection=False, handle_sigint=False, http_session=http,
                                request_timeout=timeout)
    result: dict = {"server": kind, "run": run_no, "phones": n, "groups": args.groups}
    try:
        await dash.connect(server.url, transports=["websocket"], wait_timeout=timeout,
                           headers={"Cookie": server.cookie} if server.cookie else {},
                           auth={"role": "facilitator", "event": server.code})
        await call(dash, "sync", {"since": 0}, timeout)
        joined = await join_phones(server, n)
        slices = [[(i, joined[i][0]) for i in range(w, n, k)] for w in range(k)]
        answers = await workers.ask([{"cmd": "connect", "url": server.url, "code": server.code,
                                      "phones": s, "concurrency": 0, "timeout": timeout}
                                     for s in slices], timeout * 3)
        failed = sum(1 for a in answers for r in a["results"] if r["ready"] is None)
        if failed:
            raise RuntimeError(f"{failed} phones did not connect")
        activity = None
        if kind == "palabre":
            added = await call(dash, "agenda:add", {"format_id": "breakout"}, timeout)
            activity = added["agenda"]["activities"][-1]["id"]
            await call(dash, "agenda:start", {"activity_id": activity}, timeout)
        await asyncio.sleep(1.0)  # the agenda's broadcasts settle

        # --- forming ----------------------------------------------------------------------------
        await workers.ask([{"cmd": "groups_arm", "jitter": JITTER_S,
                            "pids": {i: joined[i][1] for i in range(w, n, k)}}
                           for w in range(k)], timeout)
        cpu0 = cpu_s(server.pid)
        t_emit = time.monotonic()
        form = {"count": args.groups, "seed": run_no}
        if activity is not None:
            form["activity_id"] = activity
        await call(dash, "groups:form", form, timeout)
        t_ack = time.monotonic()
        cpu_ack = cpu_s(server.pid)
        answers = await workers.ask([{"cmd": "groups_wait", "timeout": timeout}] * k, timeout * 3)
        cpu1 = cpu_s(server.pid)
        phones = {int(i): w for a in answers for i, w in a["phones"].items()}
        changed = [w["changed"] - t_emit for w in phones.values() if w["changed"]]
        shown = [w["shown"] - t_emit for w in phones.values() if w["shown"]]
        group = {i: w["group"] for i, w in phones.items()}
        members: dict = {}
        for i, gid in group.items():
            members.setdefault(gid, []).append(i)
        result.update({
            "form_ack_ms": ms(t_ack - t_emit),
            "form_update_p50_ms": ms(pct(changed, 50)),
            "form_update_last_ms": ms(max(changed)) if changed else None,
            "form_shown_p50_ms": ms(pct(shown, 50)),
            "form_shown_last_ms": ms(max(shown)) if shown else None,
            "form_not_shown": n - len(shown),
            "form_errors": sorted({w["error"] for w in phones.values() if w["error"]})[:5],
            "form_syncs_per_phone": round(sum(w["syncs"] for w in phones.values()) / n, 2),
            "server_cpu_form_ack_s": round(cpu_ack - cpu0, 3),
            "server_cpu_forming_s": round(cpu1 - cpu0, 3),
            "groups_seen": len([g for g in members if g is not None]),
            "client_forming": client_cost(answers),
        })

        # --- posts in the groups ----------------------------------------------------------------
        if kind == "palabre":
            await call(dash, "agenda:control", {"action": "next"}, timeout)  # into "work"
            await asyncio.sleep(1.0)
        await workers.ask([{"cmd": "listen"}] * k, timeout)
        rng = random.Random(1000 * run_no + n)
        posts = [(i, rng.uniform(0, args.burst), f"r{run_no} p{i} {uuid.uuid4().hex[:8]}",
                  str(uuid.uuid4())) for i in range(n)]
        t0 = time.monotonic() + 0.3
        cpu0 = cpu_s(server.pid)
        answers = await workers.ask([{"cmd": "post", "t0": t0, "timeout": timeout,
                                      "posts": [p for p in posts if p[0] % k == w]}
                                     for w in range(k)], args.burst + timeout * 2)
        sent = [r for a in answers for r in a["results"]]
        expected = {i: len(members.get(group[i], ())) for i in group}
        heard = await workers.ask([{"cmd": "heard", "timeout": args.drain, "expected": {
            i: expected[i] for i in range(w, n, k)}} for w in range(k)], args.drain + timeout)
        cpu1 = cpu_s(server.pid)
        got = {int(i): h for a in heard for i, h in a["got"].items()}
        lat, incomplete, leaked = [], 0, 0
        for r in sent:
            if not r["ok"]:
                continue
            others = [j for j in members.get(group[r["idx"]], ()) if j != r["idx"]]
            times = [got.get(j, {}).get(r["text"]) for j in others]
            if any(t is None for t in times):
                incomplete += 1
            elif times:
                lat.append(max(times) - r["emit"])
            leaked += sum(1 for j, h in got.items() if r["text"] in h
                          and group.get(j) != group[r["idx"]])
        acks = [r["ack"] - r["emit"] for r in sent if r["ok"]]
        result.update({
            "posts": len(sent), "acked": len(acks), "post_incomplete": incomplete,
            "post_leaked": leaked,
            "post_errors": sorted({r["error"] for r in sent if r["error"]})[:5],
            "post_group_p50_ms": ms(pct(lat, 50)), "post_group_p99_ms": ms(pct(lat, 99)),
            "post_group_max_ms": ms(max(lat)) if lat else None,
            "ack_p99_ms": ms(pct(acks, 99)),
            "server_cpu_burst_s": round(cpu1 - cpu0, 3),
            "client_burst": client_cost(answers),
        })
    except Exception:
        tail = server.log.read_text(errors="replace").splitlines()[-15:]
        print(f"{kind} failed; the end of its log:", *tail, sep="\n  ", file=sys.stderr)
        raise
    finally:
        try:
            await asyncio.wait_for(dash.disconnect(), 5)
        except Exception:  # noqa: BLE001
            pass
        await http.close()
        await workers.close()
        server.stop()
    return result


ROWS = [
    ("form_ack_ms", "groups:form, emit -> ack (ms)", "{:.0f}"),
    ("form_update_p50_ms", "emit -> phone's groups.changed p50 (ms)", "{:.0f}"),
    ("form_update_last_ms", "emit -> last phone's groups.changed (ms)", "{:.0f}"),
    ("form_shown_p50_ms", "emit -> phone shows its group p50 (ms)", "{:.0f}"),
    ("form_shown_last_ms", "emit -> last phone shows its group (ms)", "{:.0f}"),
    ("form_syncs_per_phone", "syncs per phone while forming", "{:.2f}"),
    ("server_cpu_form_ack_s", "server CPU, emit -> ack (s)", "{:.2f}"),
    ("server_cpu_forming_s", "server CPU, forming with the resyncs (s)", "{:.2f}"),
    ("post_group_p50_ms", "post -> whole group p50 (ms)", "{:.1f}"),
    ("post_group_p99_ms", "post -> whole group p99 (ms)", "{:.1f}"),
    ("post_group_max_ms", "post -> whole group max (ms, max)", "{:.1f}"),
    ("ack_p99_ms", "post -> ack p99 (ms)", "{:.1f}"),
    ("server_cpu_burst_s", "server CPU in the burst (s)", "{:.2f}"),
    ("form_not_shown", "phones never showing their group (sum)", "{:d}"),
    ("post_incomplete", "posts some member missed (sum)", "{:d}"),
    ("post_leaked", "posts heard outside their group (sum)", "{:d}"),
]
SUMMED = ("form_not_shown", "post_incomplete", "post_leaked")
MAXED = ("post_group_max_ms",)


def summarise(runs: list[dict]) -> dict:
    out = {}
    for key, _label, _fmt in ROWS:
        values = [r.get(key) for r in runs]
        if key in SUMMED:
            out[key] = sum(v or 0 for v in values)
        elif key in MAXED:
            out[key] = max((v for v in values if v is not None), default=None)
        else:
            out[key] = median(values)
    return out


def render(report: dict) -> str:
    cfg, s = report["config"], report["summary"]
    kinds = [k for k in SERVERS if k in s]
    lines = [f"Palabre breakout benchmark: {cfg['phones']} phones in {cfg['groups']} groups, "
             f"{cfg['burst']:g} s burst, medians of {cfg['repeat']} run(s), {cfg['workers']} phone "
             f"process(es)", f"{report['machine']['cpu']} x{report['machine']['nproc']}, "
             f"{report['date']}", ""]
    head = f"{'':44}" + "".join(f"{LABELS[k]:>14}" for k in kinds)
    lines += [head, "-" * len(head)]
    for key, label, fmt in ROWS:
        cells = "".join(f"{(fmt.format(int(v)) if fmt == '{:d}' else fmt.format(v)) if v is not None else 'n/a':>14}"
                        for k in kinds for v in [s[k].get(key)])
        lines.append(f"{label:44}{cells}")
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.breakout", description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--groups", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--burst", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--servers", default="palabre,bare")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--drain", type=float, default=10.0)
    parser.add_argument("--save", default="")
    parser.add_argument("--show", default="")
    parser.add_argument("--date", default=time.strftime("%Y-%m-%d"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.servers = [x.strip() for x in args.servers.split(",") if x.strip()]
    if not args.servers or any(x not in SERVERS for x in args.servers):
        parser.error(f"--servers takes {', '.join(SERVERS)}")
    if not 1 <= args.groups <= args.phones // 2 or args.workers > args.phones:
        parser.error("--groups must be between 1 and phones / 2, --workers at most --phones")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    gc.disable()  # as bench/load.py: no collector pauses in the dashboard's timestamps
    if args.show:
        print(render(json.loads(Path(args.show).read_text())))
        return 0
    signal.signal(signal.SIGTERM, _interrupt)
    workdir = Path(tempfile.mkdtemp(prefix="palabre-breakout-"))
    runs: dict[str, list[dict]] = {k: [] for k in args.servers}
    try:
        for run_no in range(1, args.repeat + 1):
            for kind in (args.servers if run_no % 2 else list(reversed(args.servers))):
                print(f"run {run_no}/{args.repeat}: {LABELS[kind]}...", file=sys.stderr, flush=True)
                result = asyncio.run(run_once(kind, args, run_no, workdir))
                gc.collect()
                print(f"  shown {result['form_shown_last_ms']} ms, update {result['form_update_last_ms']}"
                      f" ms, post->group p99 {result['post_group_p99_ms']} ms", file=sys.stderr, flush=True)
                runs[kind].append(result)
    finally:
        for server in STARTED:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    report = {"date": args.date, "machine": machine(),
              "config": {"phones": args.phones, "groups": args.groups, "repeat": args.repeat,
                         "burst": args.burst, "workers": args.workers},
              "summary": {k: summarise(v) for k, v in runs.items()}, "runs": runs}
    if args.save:
        Path(args.save).write_text(json.dumps(report, indent=2) + "\n")
    print(render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
