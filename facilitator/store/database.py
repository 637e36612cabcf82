"""The SQLite database: the single writer, the reader pool, migrations and the event log.

Why it is shaped this way (see docs/architecture.md):
- One writer connection behind a lock. The async hub cannot yield inside sqlite3's C calls, so
  writes are short transactions (BEGIN IMMEDIATE ... COMMIT) and never wait on the network.
- WAL with synchronous=FULL: a commit is on disk before the phone gets its ack, so an acked
  contribution survives a killed process and a laptop that loses power.
- Readers take connections from a small pool of their own; WAL lets them read while a write runs.
- Every change a screen must see is written to ``event_log`` in the same transaction, with a
  per-event sequence number. Broadcasts carry that number and reconnecting screens replay from it.

Each feature's tables, queries and migrations live in its own module beside this one
(events.py, contributions.py, agenda.py…); ``Store`` (``__init__``) is all of them together.
"""
from __future__ import annotations

import json
import queue
import secrets
import sqlite3
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

import sqlite_utils

# Who receives a log entry. A screen sees every audience up to its own level.
AUDIENCES_BY_ROLE = {
    "participant": ("all",),
    "projector": ("all", "wall"),
    "facilitator": ("all", "wall", "staff"),
    # The presenter view of one idea-fair kiosk (its staff link); it also holds "kiosk:<id>",
    # an audience of its own (features.py ``audiences``, docs/protocol.md §11.1).
    "kiosk": ("all",),
}


class StoreError(Exception):
    pass


class DuplicateId(StoreError):
    """A client id already used by another phone."""


class NotFound(StoreError):
    pass


Migration = Callable[[sqlite_utils.Database], None]


class Database:
    def __init__(self, path: str, readers: int = 4, migrations: list[Migration] | None = None):
        if migrations is None:
            # The features' migrations, in order (facilitator/features.py). Imported here, not at
            # the top: the list names every layer of every feature.
            from ..features import migrations as feature_migrations
            migrations = feature_migrations()
        self.path = path
        self._write_lock = threading.Lock()
        # Per thread (per greenthread under eventlet): how deep in write() this one is.
        self._local = threading.local()
        self._writer = self._connect()
        self._readers: queue.Queue[sqlite3.Connection] = queue.Queue()
        self._reader_count = readers
        self._migrate(migrations)
        for _ in range(readers):
            self._readers.put(self._connect())

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: transactions are opened explicitly, so a read never holds a
        # write lock by accident.
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def _migrate(self, migrations: list[Migration]) -> None:
        db = sqlite_utils.Database(self._writer)
        while True:
            # Read the version inside the write transaction: a CLI and a server opening a new
            # file at the same moment must not both run the same migration.
            with self.write() as conn:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > len(migrations):
                    raise StoreError(f"{self.path} was written by a newer Palabre (schema {version});"
                                     " upgrade Palabre.")
                if version == len(migrations):
                    return
                migrations[version](db)
                conn.execute(f"PRAGMA user_version = {version + 1}")

    def close(self) -> None:
        self._writer.close()
        while not self._readers.empty():
            self._readers.get_nowait().close()

    # --- transactions --------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """The only way to write: one transaction at a time, on the one writer connection.

        A write inside a write (an agenda operation made of several store calls and its log
        entries) is a savepoint of the outer transaction: the change and the entries that tell
        the screens about it commit together or not at all, and no other writer comes between
        what the operation read and what it wrote."""
        depth = getattr(self._local, "depth", 0)
        conn = self._writer
        if depth:
            name = f"nested_{depth}"
            conn.execute(f"SAVEPOINT {name}")
            self._local.depth = depth + 1
            try:
                yield conn
            except BaseException:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                raise
            finally:
                self._local.depth = depth
            conn.execute(f"RELEASE {name}")
            return
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            self._local.depth = 1
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            finally:
                self._local.depth = 0

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        if getattr(self._local, "depth", 0):
            yield self._writer  # inside a write: read what this transaction has written so far
            return
        own = getattr(self._local, "own", None)
        if own is not None:
            yield own
            return
        conn = self._readers.get()
        try:
            yield conn
        finally:
            self._readers.put(conn)

    @contextmanager
    def snapshot_reader(self) -> Iterator[None]:
        """Every read of this thread, until the end of the block, on a connection of its own, in
        one read transaction: an export sees the room at one instant, and can run in a real OS
        thread (eventlet's tpool, web/offload.py), where the pool's queue and the write lock,
        green under eventlet, must never be waited on."""
        conn = self._connect()
        self._local.own = conn
        try:
            conn.execute("BEGIN")
            yield
        finally:
            self._local.own = None
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()

    def _next_seq(self, conn, event_id: int) -> int:
        return conn.execute(
            "UPDATE events SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq",
            (event_id,),
        ).fetchone()[0]

    def _append_log(self, conn, event_id: int, type_: str, audience: str, data: dict,
                    now: float, seq: int | None = None) -> dict:
        if seq is None:
            seq = self._next_seq(conn, event_id)
        conn.execute(
            "INSERT INTO event_log (event_id, seq, type, audience, data, at) VALUES (?,?,?,?,?,?)",
            (event_id, seq, type_, audience, json.dumps(data, ensure_ascii=False), now),
        )
        return {"event_id": event_id, "seq": seq, "type": type_, "audience": audience,
                "data": data, "at": now}

    # --- meta ----------------------------------------------------------------------------------

    def meta(self, key: str, make=None) -> str | None:
        """A server-wide value; ``make()`` creates it once when it is missing."""
        with self.read() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row or make is None:
            return row["value"] if row else None
        with self.write() as conn:
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, make()))
            return conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]

    def facilitator_token(self) -> str:
        return self.meta("facilitator_token", lambda: secrets.token_urlsafe(24))

    def secret_key(self) -> str:
        return self.meta("secret_key", lambda: secrets.token_hex(32))

    # --- the log -------------------------------------------------------------------------------

    def log(self, event_id: int, type_: str, audience: str, data: dict, now: float) -> dict:
        """Write one log entry on its own (a change that lives only in the log)."""
        with self.write() as conn:
            return self._append_log(conn, event_id, type_, audience, data, now)

    def last_seq(self, event_id: int) -> int:
        with self.read() as conn:
            row = conn.execute("SELECT last_seq FROM events WHERE id = ?", (event_id,)).fetchone()
        return row[0] if row else 0

    def log_of_types(self, event_id: int, types: tuple[str, ...],
                     audiences: tuple[str, ...] | None = None) -> list[dict]:
        """Every entry of these types (for these audiences), oldest first (the restitution's
        timeline reads them)."""
        where, params = f"type IN ({','.join('?' * len(types))})", [event_id, *types]
        if audiences is not None:
            where += f" AND audience IN ({','.join('?' * len(audiences))})"
            params.extend(audiences)
        with self.read() as conn:
            rows = conn.execute(f"SELECT seq, type, data, at FROM event_log WHERE event_id = ?"
                                f" AND {where} ORDER BY seq", params).fetchall()
        return [{"seq": r["seq"], "type": r["type"], "data": json.loads(r["data"]), "at": r["at"]}
                for r in rows]

    def _replay_redactor(self, conn, event_id: int, audiences: tuple[str, ...]):
        """What a replay must no longer say (a feature that hides things overrides this):
        ``redact(type, data)`` returns the data to send, or None to leave the entry out."""
        return lambda _type, data: data

    def log_since(self, event_id: int, since: int, audiences: tuple[str, ...],
                  limit: int) -> list[dict] | None:
        """Entries after ``since`` for these audiences, oldest first; None when over ``limit``.

        Counted first through the (event, audience, seq) index, which stops at ``limit + 1``:
        a screen that missed too much costs no more than one that missed ``limit`` entries."""
        marks = ",".join("?" * len(audiences))
        where = f"event_id = ? AND audience IN ({marks}) AND seq > ?"
        with self.read() as conn:
            count = conn.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM event_log INDEXED BY event_log_audience"
                f" WHERE {where} LIMIT ?)", (event_id, *audiences, since, limit + 1)).fetchone()[0]
            if count > limit:
                return None
            rows = conn.execute(f"SELECT * FROM event_log INDEXED BY event_log_audience"
                                f" WHERE {where} ORDER BY seq", (event_id, *audiences, since)).fetchall()
            redact = self._replay_redactor(conn, event_id, audiences) if rows else None
        entries = []
        for r in rows:
            data = redact(r["type"], json.loads(r["data"]))
            if data is None:
                continue
            entries.append({"event_id": event_id, "seq": r["seq"], "type": r["type"],
                            "audience": r["audience"], "data": data, "at": r["at"]})
        return entries
