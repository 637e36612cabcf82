"""Q&A benchmark: every phone in a step whose stream goes to every phone, posting at a rate.

    .venv/bin/python -m bench.qa --phones 150 [--rate 5] [--seconds 60] [--repeat 3]
    .venv/bin/python -m bench.qa --phones 150 --soak 25     # memory over time: RSS slope

One run, for each server (bench/load.py's Server: Palabre as `palabre serve` runs it, the bare
relay with --shared, so its posts go to every phone too):
  1. the dashboard connects (Palabre: adds and starts a `qna` activity); the phones join, connect
     and sync (bench/phones.py workers);
  2. for --seconds, phones picked at random post a question at --rate posts a second (uniform
     instants); every phone records when each post reaches it;
  3. reported: ack p50/p99 (emit -> ack), last phone p50/p99 (emit -> the last phone to get
     it), messages per post (update + updates messages all phones got / posts: the phones'
     count without batching), lost posts (a phone never got it).
--soak MINUTES (Palabre alone unless --servers says otherwise): cycles of --seconds of posting,
each followed by a reconnect wave of a third of the phones; the server's RSS after every cycle,
and its slope (MB/hour, least squares over the cycles after the first) is reported.
docs/performance.md has the results.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import signal
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.load import (STARTED, LABELS, Server, Workers, _interrupt, join_phones, machine,
                        median, ms, pct, rss_kb)

SERVERS = ("palabre", "bare")


def slope_mb_per_hour(samples: list[tuple[float, int]]) -> float | None:
    """Least-squares slope of (seconds, RSS KB) samples, in MB per hour."""
    if len(samples) < 2:
        return None
    n = len(samples)
    mt = sum(t for t, _ in samples) / n
    mr = sum(r for _, r in samples) / n
    var = sum((t - mt) ** 2 for t, _ in samples)
    if var == 0:
        return None
    kb_per_s = sum((t - mt) * (r - mr) for t, r in samples) / var
    return round(kb_per_s * 3600 / 1024, 2)


async def _dashboard(server: Server, timeout: float):
    import aiohttp
    import socketio
    http = aiohttp.ClientSession()
    dash = socketio.AsyncClient(reconnection=False, handle_sigint=False, http_session=http,
                                request_timeout=timeout)
    await dash.connect(server.url, transports=["websocket"], wait_timeout=timeout,
                       headers={"Cookie": server.cookie} if server.cookie else {},
                       auth={"role": "facilitator", "event": server.code})
    if not (await dash.call("sync", {"since": 0}, timeout=timeout)).get("ok"):
        raise RuntimeError("dashboard sync refused")
    if server.kind == "palabre":
        added = await dash.call("agenda:add", {"format_id": "qna"}, timeout=timeout)
        activity = added["agenda"]["activities"][-1]
        started = await dash.call("agenda:start", {"activity_id": activity["id"]}, timeout=timeout)
        if not started.get("ok"):
            raise RuntimeError(f"agenda:start refused: {started}")
    return dash, http


async def _post_window(workers: Workers, args, n: int, rng: random.Random, cycle: int) -> dict:
    """One window of posting; every phone listens. Returns the posts' figures."""
    k = len(workers.pipes)
    count = max(1, int(round(args.rate * args.seconds)))
    posts = sorted((rng.uniform(0, args.seconds), rng.randrange(n)) for _ in range(count))
    per_worker: list[list] = [[] for _ in range(k)]
    for offset, idx in posts:
        text = f"c{cycle} q{uuid.uuid4().hex[:12]}"
        per_worker[idx % k].append((idx, offset, text, str(uuid.uuid4())))
    await workers.ask([{"cmd": "listen"}] * k, args.timeout)
    t0 = time.monotonic() + 0.5
    answers = await workers.ask([{"cmd": "post", "t0": t0, "posts": p, "kind": "question",
                                  "timeout": args.timeout} for p in per_worker],
                                args.seconds + args.timeout * 2)
    results = [r for a in answers for r in a["results"]]
    ok = [r for r in results if r["ok"]]
    expected = {}
    for w in range(k):
        expected[w] = {idx: len(ok) for idx in range(w, n, k)}
    heard = await workers.ask([{"cmd": "heard", "expected": expected[w], "timeout": args.drain}
                               for w in range(k)], args.drain + args.timeout)
    got: dict[int, dict] = {}
    for a in heard:
        got.update({int(i): h for i, h in a["got"].items()})
    last, lost = [], 0
    for r in ok:
        times = [got.get(i, {}).get(r["text"]) for i in range(n)]
        if any(t is None for t in times):
            lost += 1
        else:
            last.append(max(times) - r["emit"])
    messages = sum(a["messages"] for a in heard)
    return {"posts": len(results), "refused": len(results) - len(ok),
            "errors": sorted({r["error"] for r in results if r["error"]})[:3],
            "acks": [r["ack"] - r["emit"] for r in ok], "last": last, "lost": lost,
            "messages": messages}


async def run_once(kind: str, args, run_no: int, workdir: Path) -> dict:
    n, k = args.phones, args.workers
    server = Server(kind, workdir, f"qa-{n}-{kind}-r{run_no}")
    if kind == "bare":
        server.args = ["--shared"]
    for what_if in args.what_if:
        server.env.update({"nagle": {"PALABRE_TCP_NODELAY": "0"},
                           "no_batching": {"PALABRE_FANOUT_INTERVAL": "0"}}[what_if])
    server.start()
    workers = Workers(k)
    dash, http = await _dashboard(server, args.timeout)
    result = {"server": kind, "run": run_no, "phones": n}
    try:
        tokens = [t for t, _pid in await join_phones(server, n)]
        slices = [list(enumerate(tokens))[w::k] for w in range(k)]
        answers = await workers.ask([{"cmd": "connect", "url": server.url, "code": server.code,
                                      "phones": s, "concurrency": 50, "timeout": args.timeout}
                                     for s in slices], args.timeout * 3)
        failed = sum(1 for a in answers for r in a["results"] if r["ready"] is None)
        result["connect_failed"] = failed
        rng = random.Random(run_no)
        cycles = max(1, int(args.soak * 60 // args.seconds)) if args.soak else 1
        started = time.monotonic()
        samples, windows = [], []
        for cycle in range(cycles):
            windows.append(await _post_window(workers, args, n, rng, cycle))
            if args.soak:
                wave = rng.sample(range(n), n // 3)
                await workers.ask([{"cmd": "reconnect", "idx": [i for i in wave if i % k == w],
                                    "url": server.url, "code": server.code, "concurrency": 50,
                                    "timeout": args.timeout} for w in range(k)], args.timeout * 3)
                await asyncio.sleep(2)
                samples.append((time.monotonic() - started, rss_kb(server.pid)))
                print(f"  cycle {cycle + 1}/{cycles}: RSS {samples[-1][1] / 1024:.1f} MB",
                      file=sys.stderr, flush=True)
        acks = [a for w in windows for a in w["acks"]]
        last = [x for w in windows for x in w["last"]]
        posts = sum(w["posts"] - w["refused"] for w in windows)
        result.update({
            "posts": sum(w["posts"] for w in windows),
            "refused": sum(w["refused"] for w in windows),
            "errors": sorted({e for w in windows for e in w["errors"]})[:3],
            "lost": sum(w["lost"] for w in windows),
            "ack_p50_ms": ms(pct(acks, 50)), "ack_p99_ms": ms(pct(acks, 99)),
            "last_phone_p50_ms": ms(pct(last, 50)), "last_phone_p99_ms": ms(pct(last, 99)),
            "messages_per_post": round(sum(w["messages"] for w in windows) / max(1, posts), 1),
            "rss_mb": round(rss_kb(server.pid) / 1024, 1),
        })
        if args.soak:
            result["rss_samples"] = samples
            result["rss_slope_mb_per_hour"] = slope_mb_per_hour(samples[1:])
    finally:
        try:
            await dash.disconnect()
        except Exception:  # noqa: BLE001
            pass
        await http.close()
        await workers.close()
        server.stop()
    return result


ROWS = [("ack_p50_ms", "post -> ack p50 (ms)"), ("ack_p99_ms", "post -> ack p99 (ms)"),
        ("last_phone_p50_ms", "post -> last phone p50 (ms)"),
        ("last_phone_p99_ms", "post -> last phone p99 (ms)"),
        ("messages_per_post", "messages to phones per post"), ("lost", "lost posts (sum)"),
        ("refused", "refused posts (sum)"), ("rss_mb", "server RSS at the end (MB)"),
        ("rss_slope_mb_per_hour", "RSS slope (MB/hour, soak)")]


def render(report: dict) -> str:
    cfg, s = report["config"], report["summary"]
    kinds = [k for k in SERVERS if k in s]
    lines = [f"Palabre Q&A benchmark: {cfg['phones']} phones, {cfg['rate']:g} posts/s for "
             f"{cfg['seconds']:g} s" + (f" x cycles over {cfg['soak']:g} min (soak)" if cfg["soak"] else "")
             + f", medians of {cfg['repeat']} run(s)"
             + (f", WHAT-IF: {', '.join(cfg['what_if'])}" if cfg["what_if"] else ""), ""]
    lines.append(f"{'':34}" + "".join(f"{LABELS[k]:>14}" for k in kinds))
    for key, label in ROWS:
        cells = [s[k].get(key) for k in kinds]
        if all(c is None for c in cells):
            continue
        lines.append(f"{label:34}" + "".join(f"{'n/a' if c is None else c:>14}" for c in cells))
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.qa", description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=1000, help="phones in the Q&A step (default 1000)")
    parser.add_argument("--rate", type=float, default=5.0, help="posts a second, all phones together (default 5)")
    parser.add_argument("--seconds", type=float, default=60.0, help="seconds of posting per run or soak cycle (default 60)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per server; the table shows medians (default 3)")
    parser.add_argument("--soak", type=float, default=0.0, metavar="MINUTES",
                        help="long run: post in cycles for MINUTES, a reconnect wave after each; report the RSS slope")
    parser.add_argument("--servers", default="", help="palabre,bare (default both; palabre alone with --soak)")
    parser.add_argument("--workers", type=int, default=4, help="processes playing the phones (default 4)")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--drain", type=float, default=20.0, help="seconds to wait for the last phone (default 20)")
    parser.add_argument("--what-if", action="append", default=[], choices=["nagle", "no_batching"],
                        help="Palabre with Nagle's algorithm back on, or with no batching (interval 0)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--save", default="", metavar="FILE")
    args = parser.parse_args(argv)
    servers = [x for x in (args.servers or ("palabre" if args.soak else "palabre,bare")).split(",") if x]
    if any(x not in SERVERS for x in servers) or args.workers > args.phones:
        parser.error("--servers takes palabre, bare; --workers <= --phones")
    signal.signal(signal.SIGTERM, _interrupt)
    # 2000 phones in 2-4 worker processes: each holds 500-1000 sockets, past a soft open-file
    # limit of 1024; they inherit the limit raised here as palabre serve raises its own.
    from facilitator.cli import _raise_open_file_limit
    _raise_open_file_limit()
    workdir = Path(tempfile.mkdtemp(prefix="palabre-qa-"))
    runs: dict[str, list] = {k: [] for k in servers}
    try:
        for run_no in range(1, args.repeat + 1):
            for kind in servers if run_no % 2 else servers[::-1]:
                print(f"run {run_no}/{args.repeat}: {LABELS[kind]}, {args.phones} phones...",
                      file=sys.stderr, flush=True)
                r = asyncio.run(run_once(kind, args, run_no, workdir))
                print(f"  ack p99 {r['ack_p99_ms']} ms, last phone p99 {r['last_phone_p99_ms']} ms, "
                      f"{r['messages_per_post']} messages/post, lost {r['lost']}", file=sys.stderr, flush=True)
                runs[kind].append(r)
    finally:
        for server in STARTED:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    summary = {}
    for kind, rs in runs.items():
        summary[kind] = {key: (sum(r.get(key) or 0 for r in rs) if key in ("lost", "refused")
                               else median([r.get(key) for r in rs])) for key, _ in ROWS}
    report = {"date": time.strftime("%Y-%m-%d"), "machine": machine(),
              "config": {"phones": args.phones, "rate": args.rate, "seconds": args.seconds,
                         "repeat": args.repeat, "soak": args.soak, "what_if": args.what_if,
                         "workers": args.workers},
              "summary": summary, "runs": runs}
    if args.save:
        Path(args.save).write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
