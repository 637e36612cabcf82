"""How long one stored contribution holds the server: ``Store.add_contribution`` alone.

    .venv/bin/python -m bench.store_commit [--posts 1000] [--dir DIR]

Under eventlet the whole server waits while sqlite3 runs (the hub cannot switch inside a C
call), so this time is added to every post and to whatever else the server was about to do.
It is measured twice on a fresh temporary database, in this process only: as the server runs it
(WAL, synchronous=FULL: an fsync of the WAL per commit) and with synchronous=NORMAL set on the
writer connection (WAL without the per-commit fsync; durable across a crash of Palabre, not
across a power cut). The server's code is not changed. See docs/performance.md.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from pathlib import Path


def measure(directory: Path, posts: int, synchronous: str) -> dict:
    from facilitator.store import Store

    db = directory / f"commit-{synchronous.lower()}.db"
    store = Store(str(db))
    try:
        store._writer.execute(f"PRAGMA synchronous={synchronous}")
        now = time.time()
        event = store.create_event("Bench", "en", now)
        participant, token, _ = store.add_participant(event["id"], "Phone", "", False, "en", now)
        times = []
        for i in range(posts):
            t = time.perf_counter()
            store.add_contribution(event["id"], participant, token, str(uuid.uuid4()), "idea",
                                   f"bench post {i}", False, time.time())
            times.append(time.perf_counter() - t)
    finally:
        store.close()
    times.sort()
    pick = lambda q: round(1000 * times[min(len(times) - 1, int(q * len(times)))], 3)  # noqa: E731
    return {"synchronous": synchronous, "posts": posts, "mean_ms": round(1000 * sum(times) / posts, 3),
            "p50_ms": pick(0.50), "p99_ms": pick(0.99), "max_ms": round(1000 * times[-1], 3)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_commit", description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--dir", default="", help="where the temporary databases go (default: the system temp dir)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="palabre-commit-", dir=args.dir or None) as tmp:
        rows = [measure(Path(tmp), args.posts, mode) for mode in ("FULL", "NORMAL")]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(f"Store.add_contribution, {args.posts} posts, one commit each")
        for r in rows:
            print(f"  synchronous={r['synchronous']:<6}  mean {r['mean_ms']:.3f} ms  p50 {r['p50_ms']:.3f} ms"
                  f"  p99 {r['p99_ms']:.3f} ms  max {r['max_ms']:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
