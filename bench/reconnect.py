"""Whole-room reconnect (issue 9, item 3): P phones reconnect at once against a real server
whose event holds N items, each syncing since its last number (as phone.js does since schema 9)
or, with --since-zero, from 0 (a snapshot each, as before).

    .venv/bin/python -m bench.reconnect --items 40000 --phones 150 [--since-zero]

The server is a real `palabre serve` (eventlet) on a fresh SQLite file (tests/live_server.py);
the N items (named, spread over the phones, to the wall) and their log entries are written into
that file directly before the phones connect. Meanwhile a probe asks /healthz every 20 ms: its
slowest answer bounds how long the server kept everyone waiting (queueing included). Printed:
the time until every phone has synced, how many got a snapshot, the slowest /healthz.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def fill(db: Path, code: str, items: int, phones: int) -> int:
    """Write the items and their log entries; the event's new last number."""
    con = sqlite3.connect(db, timeout=30)
    try:
        eid = con.execute("SELECT id FROM events WHERE code = ?", (code,)).fetchone()[0]
        seq = con.execute("SELECT last_seq FROM events WHERE id = ?", (eid,)).fetchone()[0]
        first = con.execute("SELECT MIN(id) FROM participants WHERE event_id = ?", (eid,)).fetchone()[0]
        rows, logs, now = [], [], time.time()
        for i in range(items):
            seq += 1
            rows.append((eid, str(uuid.uuid4()), "idea", f"idée {i} " * 5, first + i % phones,
                         now, "wall", seq))
            logs.append((eid, seq, "contribution.created", "wall", json.dumps({"id": i}), now))
        con.executemany("INSERT INTO contributions (event_id, client_id, kind, text, author_id,"
                        " created_at, audience, seq) VALUES (?,?,?,?,?,?,?,?)", rows)
        con.executemany("INSERT INTO event_log (event_id, seq, type, audience, data, at)"
                        " VALUES (?,?,?,?,?,?)", logs)
        con.execute("UPDATE events SET last_seq = ? WHERE id = ?", (seq, eid))
        con.commit()
    finally:
        con.close()
    return seq


async def reconnect(server, code: str, tokens: list[str], since: int) -> tuple[float, int, float]:
    import aiohttp
    import requests
    import socketio

    worst, stop = [0.0], threading.Event()

    def probe():
        while not stop.is_set():
            t = time.perf_counter()
            requests.get(f"{server.base}/healthz", timeout=60)
            worst[0] = max(worst[0], time.perf_counter() - t)
            stop.wait(0.02)

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        async def one(token: str) -> bool:
            client = socketio.AsyncClient(reconnection=False, http_session=http)
            await client.connect(server.base, transports=["websocket"], wait_timeout=60,
                                 auth={"role": "participant", "event": code, "token": token})
            ack = await client.call("sync", {"since": since}, timeout=120)
            if not ack.get("ok"):
                raise RuntimeError(f"sync refused: {ack}")
            return "snapshot" in ack

        prober = threading.Thread(target=probe)
        prober.start()
        t0 = time.perf_counter()
        try:
            snapshots = await asyncio.gather(*(one(t) for t in tokens))
        finally:
            took = time.perf_counter() - t0
            stop.set()
            prober.join()
    return took, sum(snapshots), worst[0]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reconnect", description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=40000, help="items in the event (default 40000)")
    parser.add_argument("--phones", type=int, default=150, help="phones reconnecting at once (default 150)")
    parser.add_argument("--since-zero", action="store_true", help="every phone asks a snapshot, as before")
    args = parser.parse_args(argv)
    from live_server import LiveServer, join
    db = Path(tempfile.mkdtemp(prefix="palabre-bench-")) / "palabre.db"
    server = LiveServer(db, extra_env={"PALABRE_JOIN_BURST": "1000000",
                                       "PALABRE_CONNECTIONS_PER_ADDRESS": "0"}).start()
    try:
        event = server.create_event("Reconnect")
        tokens = [join(server, event["code"], name=f"P{i}")["token"] for i in range(args.phones)]
        last = fill(db, event["code"], args.items, args.phones)
        took, snapshots, worst = asyncio.run(
            reconnect(server, event["code"], tokens, 0 if args.since_zero else last))
    finally:
        server.stop()
    print(f"{args.items} items, {args.phones} phones, since {'0' if args.since_zero else 'last'}:"
          f" all synced in {took:.2f} s, {snapshots} snapshots, slowest /healthz {worst * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
