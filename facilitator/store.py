"""The SQLite store: schema and migrations, the single writer, and the queries.

Why it is shaped this way (see docs/architecture.md):
- One writer connection behind a lock. The async hub cannot yield inside sqlite3's C calls, so
  writes are short transactions (BEGIN IMMEDIATE ... COMMIT) and never wait on the network.
- WAL with synchronous=FULL: a commit is on disk before the phone gets its ack, so an acked
  contribution survives a killed process and a laptop that loses power.
- Readers take connections from a small pool of their own; WAL lets them read while a write runs.
- Every change a screen must see is written to ``event_log`` in the same transaction, with a
  per-event sequence number. Broadcasts carry that number and reconnecting screens replay from it.
"""
from __future__ import annotations

import hashlib
import json
import queue
import secrets
import sqlite3
import threading
from contextlib import contextmanager
from typing import Iterator

import sqlite_utils

from .room.codes import new_join_code

# Who receives a log entry. A screen sees every audience up to its own level.
AUDIENCES_BY_ROLE = {
    "participant": ("all",),
    "projector": ("all", "wall"),
    "facilitator": ("all", "wall", "staff"),
}


def _hash(prefix: str, token: str) -> str:
    return hashlib.sha256(f"{prefix}:{token}".encode()).hexdigest()


def token_hash(token: str) -> str:
    """How a participant token is kept: the token itself only lives on the phone."""
    return _hash("participant", token)


def owner_key(token: str) -> str:
    """Marks a phone's anonymous contributions so that phone can list its own history.

    It is a different hash of the same token than ``token_hash``, and only anonymous items carry
    it (named ones have their author id): without the token, nothing in the database links an
    anonymous contribution to a participant row or to that person's named contributions.
    """
    return _hash("owner", token)


def answers_key(token: str, activity_id: int) -> str:
    """Keys one person's questionnaire answers in one activity, and nothing else."""
    return _hash(f"answers:{activity_id}", token)


# --- schema -----------------------------------------------------------------------------------

def _migration_1(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["events"].create(
        {
            "id": int, "code": str, "title": str, "lang": str, "created_at": float,
            "projector_mode": str, "pinned_id": int, "last_seq": int,
        },
        pk="id", not_null={"code", "title", "lang"},
        defaults={"projector_mode": "join", "last_seq": 0},
    )
    db["events"].create_index(["code"], unique=True)
    db["participants"].create(
        {
            "id": int, "event_id": int, "token_hash": str, "name": str, "organisation": str,
            "anonymous": int, "lang": str, "created_at": float, "last_seen": float,
        },
        pk="id", foreign_keys=[("event_id", "events", "id")],
    )
    db["participants"].create_index(["token_hash"], unique=True)
    db["contributions"].create(
        {
            "id": int, "event_id": int, "client_id": str, "kind": str, "text": str,
            "author_id": int, "owner_key": str, "anonymous": int, "hidden": int,
            "starred": int, "created_at": float, "seq": int,
        },
        pk="id", not_null={"event_id", "client_id", "kind", "text"},
        defaults={"anonymous": 0, "hidden": 0, "starred": 0},
        foreign_keys=[("event_id", "events", "id")],
    )
    db["contributions"].create_index(["event_id", "client_id"], unique=True)
    db["contributions"].create_index(["owner_key"])
    db["event_log"].create(
        {"event_id": int, "seq": int, "type": str, "audience": str, "data": str, "at": float},
        pk=("event_id", "seq"),
    )


def _migration_2(db: sqlite_utils.Database) -> None:
    """The agenda: activities run in formats, their timer, roles, votes and questionnaires."""
    db["activities"].create(
        {
            "id": int, "event_id": int, "position": int, "format_id": str, "title": str,
            "overrides": str, "topics": str, "run": str, "revealed": str, "created_at": float,
        },
        pk="id", foreign_keys=[("event_id", "events", "id")],
        defaults={"overrides": "{}", "topics": "[]", "revealed": "[]"},
    )
    db["events"].add_column("current_activity_id", int)
    # shared: the item went to every phone (a shared step), so its updates go there too.
    for column, type_ in [("activity_id", int), ("step_id", str), ("topic", str), ("meta", str),
                          ("answered", int), ("validated", int), ("shared", int)]:
        db["contributions"].add_column(column, type_)
    db["activity_roles"].create(
        {"activity_id": int, "participant_id": int, "role": str},
        pk=("activity_id", "participant_id"),
    )
    # One row per (voter, item) in a step: the value is the voter's whole say on that item.
    db["votes"].create(
        {"activity_id": int, "step_id": str, "voter_id": int, "item_id": int, "value": int,
         "updated_at": float},
        pk=("activity_id", "step_id", "voter_id", "item_id"),
    )
    # Questionnaire answers are keyed by the owner key, never the participant: anonymous for
    # real, and a person who answers again replaces their answer instead of adding one.
    db["answers"].create(
        {"activity_id": int, "owner_key": str, "question_id": str, "value": str,
         "updated_at": float},
        pk=("activity_id", "owner_key", "question_id"),
    )


def _migration_3(db: sqlite_utils.Database) -> None:
    """Named items no longer carry the owner key: it tied a person's anonymous items to them."""
    db.execute("UPDATE contributions SET owner_key = NULL WHERE author_id IS NOT NULL")


def _migration_4(db: sqlite_utils.Database) -> None:
    """Each item remembers who it was shown to, so its updates and snapshots follow suit."""
    db["contributions"].add_column("audience", str)
    db.execute("UPDATE contributions SET audience = CASE WHEN shared = 1 THEN 'all' ELSE 'wall' END")


MIGRATIONS = [_migration_1, _migration_2, _migration_3, _migration_4]


# A contribution as every reader wants it: with its author's name and whether it is pinned.
CONTRIBUTION_ROWS = (
    "SELECT c.*, p.name AS author_name, p.organisation AS author_org,"
    " (SELECT pinned_id FROM events e WHERE e.id = c.event_id) = c.id AS pinned"
    " FROM contributions c LEFT JOIN participants p ON p.id = c.author_id")


class StoreError(Exception):
    pass


class Store:
    def __init__(self, path: str, readers: int = 4):
        self.path = path
        self._write_lock = threading.Lock()
        # Per thread (per greenthread under eventlet): how deep in write() this one is.
        self._local = threading.local()
        self._writer = self._connect()
        self._readers: queue.Queue[sqlite3.Connection] = queue.Queue()
        self._reader_count = readers
        self._migrate()
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

    def _migrate(self) -> None:
        db = sqlite_utils.Database(self._writer)
        while True:
            # Read the version inside the write transaction: a CLI and a server opening a new
            # file at the same moment must not both run the same migration.
            with self.write() as conn:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > len(MIGRATIONS):
                    raise StoreError(f"{self.path} was written by a newer Palabre (schema {version});"
                                     " upgrade Palabre.")
                if version == len(MIGRATIONS):
                    return
                MIGRATIONS[version](db)
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
        conn = self._readers.get()
        try:
            yield conn
        finally:
            self._readers.put(conn)

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

    # --- events --------------------------------------------------------------------------------

    def create_event(self, title: str, lang: str, now: float) -> dict:
        with self.write() as conn:
            for _ in range(20):
                code = new_join_code()
                if not conn.execute("SELECT 1 FROM events WHERE code = ?", (code,)).fetchone():
                    break
            else:  # pragma: no cover - 30^6 codes; twenty collisions in a row means a bug
                raise StoreError("could not find a free join code")
            cur = conn.execute(
                "INSERT INTO events (code, title, lang, created_at) VALUES (?, ?, ?, ?)",
                (code, title, lang, now),
            )
            event_id = cur.lastrowid
        return self.event_by_id(event_id)

    def update_event(self, event_id: int, now: float, **fields) -> tuple[dict, list[dict]]:
        allowed = {k: v for k, v in fields.items() if k in ("title", "lang", "projector_mode")}
        with self.write() as conn:
            for key, value in allowed.items():
                conn.execute(f"UPDATE events SET {key} = ? WHERE id = ?", (value, event_id))
            row = conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
            if row is None:
                raise NotFound(event_id)
            row = dict(row)
            entries = []
            if "projector_mode" in allowed:
                entries.append(self._append_log(conn, event_id, "projector.mode", "wall",
                                                {"mode": row["projector_mode"]}, now))
            if {"title", "lang"} & allowed.keys():
                entries.append(self._append_log(conn, event_id, "event.updated", "all",
                                                {"title": row["title"], "lang": row["lang"]}, now))
        return row, entries

    def event_by_code(self, code: str) -> dict | None:
        with self.read() as conn:
            row = conn.execute("SELECT * FROM events WHERE code = ?", (code.upper(),)).fetchone()
        return dict(row) if row else None

    def event_by_id(self, event_id: int) -> dict | None:
        with self.read() as conn:
            row = conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        return dict(row) if row else None

    def list_events(self) -> list[dict]:
        with self.read() as conn:
            rows = conn.execute(
                "SELECT e.*, (SELECT COUNT(*) FROM participants p WHERE p.event_id = e.id) AS people,"
                " (SELECT COUNT(*) FROM contributions c WHERE c.event_id = e.id) AS contributions"
                " FROM events e ORDER BY e.created_at DESC"
            ).fetchall()
        return [dict(r) for r in rows]

    def count_events(self) -> int:
        with self.read() as conn:
            return conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    # --- participants --------------------------------------------------------------------------

    def add_participant(self, event_id: int, name: str, organisation: str, anonymous: bool,
                        lang: str, now: float) -> tuple[dict, str, list[dict]]:
        """Returns the participant, the secret token for the phone, and the log entries."""
        token = secrets.token_urlsafe(24)
        with self.write() as conn:
            cur = conn.execute(
                "INSERT INTO participants (event_id, token_hash, name, organisation, anonymous,"
                " lang, created_at, last_seen) VALUES (?,?,?,?,?,?,?,?)",
                (event_id, token_hash(token), name, organisation, int(anonymous), lang, now, now),
            )
            participant = dict(conn.execute("SELECT * FROM participants WHERE id = ?",
                                            (cur.lastrowid,)).fetchone())
            entry = self._append_log(conn, event_id, "participant.joined", "staff",
                                     public_participant(participant), now)
        return participant, token, [entry]

    def participant_by_token(self, event_id: int, token: str) -> dict | None:
        with self.read() as conn:
            row = conn.execute(
                "SELECT * FROM participants WHERE token_hash = ? AND event_id = ?",
                (token_hash(token), event_id),
            ).fetchone()
        return dict(row) if row else None

    def list_participants(self, event_id: int) -> list[dict]:
        with self.read() as conn:
            rows = conn.execute("SELECT * FROM participants WHERE event_id = ? ORDER BY id",
                                (event_id,)).fetchall()
        return [dict(r) for r in rows]

    # --- contributions -------------------------------------------------------------------------

    def add_contribution(self, event_id: int, participant: dict | None, token: str | None,
                         client_id: str, kind: str, text: str, anonymous: bool, now: float,
                         audience: str = "wall", activity_id: int | None = None,
                         step_id: str | None = None, topic: str | None = None,
                         meta: dict | None = None) -> tuple[dict, list[dict], bool]:
        """Insert once per client id. Returns (row, log entries, created?).

        A resend of a known client id by the same phone returns the stored row and no entry, so
        the phone gets the same ack and the room sees no duplicate.
        """
        anonymous = bool(anonymous or (participant and participant["anonymous"]))
        author_id = None if anonymous or participant is None else participant["id"]
        key = owner_key(token) if token and author_id is None else None
        with self.write() as conn:
            existing = conn.execute(
                "SELECT * FROM contributions WHERE event_id = ? AND client_id = ?",
                (event_id, client_id),
            ).fetchone()
            if existing:
                # The same phone, whether the item was stored named or anonymous then.
                same_phone = ((participant is not None and existing["author_id"] == participant["id"])
                              or (token is not None and existing["owner_key"] == owner_key(token)))
                if not same_phone:
                    raise DuplicateId(client_id)
                return self._contribution(conn, existing["id"]), [], False
            cur = conn.execute(
                "INSERT INTO contributions (event_id, client_id, kind, text, author_id, owner_key,"
                " anonymous, created_at, activity_id, step_id, topic, meta, shared, audience)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (event_id, client_id, kind, text, author_id, key, int(anonymous), now,
                 activity_id, step_id, topic, json.dumps(meta, ensure_ascii=False) if meta else None,
                 int(audience == "all"), audience),
            )
            seq = self._next_seq(conn, event_id)
            conn.execute("UPDATE contributions SET seq = ? WHERE id = ?", (seq, cur.lastrowid))
            row = self._contribution(conn, cur.lastrowid)
            entry = self._append_log(conn, event_id, "contribution.created", audience,
                                     public_contribution(row), now, seq=seq)
        return row, [entry], True

    def _contribution(self, conn, contribution_id: int) -> dict | None:
        row = conn.execute(CONTRIBUTION_ROWS + " WHERE c.id = ?", (contribution_id,)).fetchone()
        return dict(row) if row else None

    def contribution(self, event_id: int, contribution_id: int) -> dict | None:
        with self.read() as conn:
            row = self._contribution(conn, contribution_id)
        return row if row and row["event_id"] == event_id else None

    def moderate(self, event_id: int, contribution_id: int, now: float,
                 audience: str = "wall", **flags) -> tuple[dict, list[dict]]:
        """Set moderation flags: hidden, starred, answered (Q&A), validated (read-back notes)."""
        with self.write() as conn:
            row = self._contribution(conn, contribution_id)
            if not row or row["event_id"] != event_id:
                raise NotFound(contribution_id)
            for flag in ("hidden", "starred", "answered", "validated"):
                if flags.get(flag) is not None:
                    conn.execute(f"UPDATE contributions SET {flag} = ? WHERE id = ?",
                                 (int(flags[flag]), contribution_id))
            unpinned = bool(flags.get("hidden") and row["pinned"])
            if unpinned:
                conn.execute("UPDATE events SET pinned_id = NULL WHERE id = ?", (event_id,))
            if flags.get("meta") is not None:
                conn.execute("UPDATE contributions SET meta = ? WHERE id = ?",
                             (json.dumps(flags["meta"], ensure_ascii=False), contribution_id))
            row = self._contribution(conn, contribution_id)
            entries = [self._append_log(conn, event_id, "contribution.updated", audience,
                                        public_contribution(row), now)]
            if unpinned:
                entries.append(self._append_log(conn, event_id, "wall.pinned", "wall",
                                                {"id": None, "contribution": None}, now))
        return row, entries

    def pin(self, event_id: int, contribution_id: int | None, now: float) -> tuple[dict | None, list[dict]]:
        """Pin one visible contribution to the projector (None unpins)."""
        with self.write() as conn:
            row = None
            if contribution_id is not None:
                row = self._contribution(conn, contribution_id)
                if not row or row["event_id"] != event_id or row["hidden"]:
                    raise NotFound(contribution_id)
            conn.execute("UPDATE events SET pinned_id = ? WHERE id = ?", (contribution_id, event_id))
            if row:
                row["pinned"] = 1
            entries = [self._append_log(conn, event_id, "wall.pinned", "wall",
                                        {"id": contribution_id,
                                         "contribution": public_contribution(row) if row else None},
                                        now)]
        return row, entries

    def contributions(self, event_id: int, *, include_hidden: bool, limit: int = 500,
                      activity_id: int | None = None, step_id: str | None = None,
                      audiences: tuple[str, ...] | None = None) -> list[dict]:
        """Newest first; optionally those of one activity (and one of its steps), and only those
        created for some audiences (the projector's, a phone's shared list)."""
        where, params = "", [event_id]
        if not include_hidden:
            where += " AND c.hidden = 0"
        if audiences is not None:
            where += f" AND c.audience IN ({','.join('?' * len(audiences))})"
            params.extend(audiences)
        if activity_id is not None:
            where += " AND c.activity_id = ?"
            params.append(activity_id)
        if step_id is not None:
            where += " AND c.step_id = ?"
            params.append(step_id)
        with self.read() as conn:
            return [dict(r) for r in conn.execute(
                f"{CONTRIBUTION_ROWS} WHERE c.event_id = ?{where} ORDER BY c.id DESC LIMIT ?",
                (*params, limit))]

    def contributions_of(self, event_id: int, participant: dict, token: str, limit: int = 200) -> list[dict]:
        """A phone's own history, anonymous items included (found through the owner key)."""
        with self.read() as conn:
            return [dict(r) for r in conn.execute(
                f"{CONTRIBUTION_ROWS} WHERE c.event_id = ? AND (c.owner_key = ? OR c.author_id = ?)"
                " ORDER BY c.id DESC LIMIT ?", (event_id, owner_key(token), participant["id"], limit))]

    def has_client_id(self, event_id: int, client_id: str) -> bool:
        with self.read() as conn:
            return conn.execute("SELECT 1 FROM contributions WHERE event_id = ? AND client_id = ?",
                                (event_id, client_id)).fetchone() is not None

    def count_contributions(self, event_id: int) -> int:
        with self.read() as conn:
            return conn.execute("SELECT COUNT(*) FROM contributions WHERE event_id = ?",
                                (event_id,)).fetchone()[0]

    # --- the agenda ----------------------------------------------------------------------------

    def log(self, event_id: int, type_: str, audience: str, data: dict, now: float) -> dict:
        """Write one log entry on its own (a change that lives only in the log)."""
        with self.write() as conn:
            return self._append_log(conn, event_id, type_, audience, data, now)

    def add_activity(self, event_id: int, format_id: str, title: str, overrides: dict,
                     topics: list[str], now: float) -> dict:
        with self.write() as conn:
            position = conn.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM activities"
                                    " WHERE event_id = ?", (event_id,)).fetchone()[0]
            cur = conn.execute(
                "INSERT INTO activities (event_id, position, format_id, title, overrides, topics,"
                " created_at) VALUES (?,?,?,?,?,?,?)",
                (event_id, position, format_id, title, json.dumps(overrides, ensure_ascii=False),
                 json.dumps(topics, ensure_ascii=False), now))
            return _activity(conn.execute("SELECT * FROM activities WHERE id = ?",
                                          (cur.lastrowid,)).fetchone())

    def update_activity(self, activity_id: int, **fields) -> dict:
        """Fields: title, overrides (dict), topics (list), run (dict or None), revealed (list)."""
        with self.write() as conn:
            for key, value in fields.items():
                if key not in ("title", "overrides", "topics", "run", "revealed"):
                    raise StoreError(f"not an activity field: {key}")
                if key != "title" and value is not None:
                    value = json.dumps(value, ensure_ascii=False)
                conn.execute(f"UPDATE activities SET {key} = ? WHERE id = ?", (value, activity_id))
            row = conn.execute("SELECT * FROM activities WHERE id = ?", (activity_id,)).fetchone()
        if row is None:
            raise NotFound(activity_id)
        return _activity(row)

    def remove_activity(self, event_id: int, activity_id: int) -> None:
        with self.write() as conn:
            conn.execute("UPDATE events SET current_activity_id = NULL"
                         " WHERE id = ? AND current_activity_id = ?", (event_id, activity_id))
            conn.execute("DELETE FROM activities WHERE id = ? AND event_id = ?",
                         (activity_id, event_id))

    def reorder_activities(self, event_id: int, ids: list[int]) -> None:
        with self.write() as conn:
            known = {r[0] for r in conn.execute("SELECT id FROM activities WHERE event_id = ?",
                                                (event_id,))}
            if set(ids) != known or len(ids) != len(known):
                raise NotFound(ids)
            for position, activity_id in enumerate(ids, start=1):
                conn.execute("UPDATE activities SET position = ? WHERE id = ?",
                             (position, activity_id))

    def activities(self, event_id: int) -> list[dict]:
        with self.read() as conn:
            rows = conn.execute("SELECT * FROM activities WHERE event_id = ? ORDER BY position",
                                (event_id,)).fetchall()
        return [_activity(r) for r in rows]

    def activity(self, event_id: int, activity_id: int) -> dict | None:
        with self.read() as conn:
            row = conn.execute("SELECT * FROM activities WHERE id = ? AND event_id = ?",
                               (activity_id, event_id)).fetchone()
        return _activity(row) if row else None

    def set_current_activity(self, event_id: int, activity_id: int | None) -> None:
        with self.write() as conn:
            conn.execute("UPDATE events SET current_activity_id = ? WHERE id = ?",
                         (activity_id, event_id))

    def running_events(self) -> list[int]:
        """Events whose current activity has a timer; the ticker looks at these."""
        with self.read() as conn:
            return [r[0] for r in conn.execute(
                "SELECT e.id FROM events e JOIN activities a ON a.id = e.current_activity_id"
                " WHERE a.run IS NOT NULL")]

    def assign_role(self, activity_id: int, participant_id: int, role: str | None) -> None:
        with self.write() as conn:
            conn.execute("DELETE FROM activity_roles WHERE activity_id = ? AND participant_id = ?",
                         (activity_id, participant_id))
            if role:
                conn.execute("INSERT INTO activity_roles (activity_id, participant_id, role)"
                             " VALUES (?,?,?)", (activity_id, participant_id, role))

    def roles(self, activity_id: int) -> dict[int, str]:
        with self.read() as conn:
            return {r[0]: r[1] for r in conn.execute(
                "SELECT participant_id, role FROM activity_roles WHERE activity_id = ?",
                (activity_id,))}

    def set_vote(self, activity_id: int, step_id: str, voter_id: int, item_id: int,
                 value: int | None, now: float) -> None:
        with self.write() as conn:
            if value is None:
                conn.execute("DELETE FROM votes WHERE activity_id = ? AND step_id = ?"
                             " AND voter_id = ? AND item_id = ?",
                             (activity_id, step_id, voter_id, item_id))
            else:
                conn.execute("INSERT INTO votes (activity_id, step_id, voter_id, item_id, value,"
                             " updated_at) VALUES (?,?,?,?,?,?) ON CONFLICT DO UPDATE SET"
                             " value = excluded.value, updated_at = excluded.updated_at",
                             (activity_id, step_id, voter_id, item_id, value, now))

    def votes(self, activity_id: int, step_id: str) -> list[tuple[int, int, int]]:
        """(voter, item, value) rows, the shape room/voting.py works on."""
        with self.read() as conn:
            return [tuple(r) for r in conn.execute(
                "SELECT voter_id, item_id, value FROM votes WHERE activity_id = ? AND step_id = ?",
                (activity_id, step_id))]

    def save_answers(self, activity_id: int, key: str, answers: dict[str, str], now: float) -> None:
        with self.write() as conn:
            for question_id, value in answers.items():
                conn.execute("INSERT INTO answers (activity_id, owner_key, question_id, value,"
                             " updated_at) VALUES (?,?,?,?,?) ON CONFLICT DO UPDATE SET"
                             " value = excluded.value, updated_at = excluded.updated_at",
                             (activity_id, key, question_id, value, now))

    def answers(self, activity_id: int) -> list[tuple[str, str]]:
        """(question id, value) pairs, with no way back to who answered."""
        with self.read() as conn:
            return [tuple(r) for r in conn.execute(
                "SELECT question_id, value FROM answers WHERE activity_id = ? ORDER BY question_id",
                (activity_id,))]

    def answers_of(self, activity_id: int, key: str) -> dict[str, str]:
        with self.read() as conn:
            return {r[0]: r[1] for r in conn.execute(
                "SELECT question_id, value FROM answers WHERE activity_id = ? AND owner_key = ?",
                (activity_id, key))}

    # --- the log -------------------------------------------------------------------------------

    def last_seq(self, event_id: int) -> int:
        with self.read() as conn:
            row = conn.execute("SELECT last_seq FROM events WHERE id = ?", (event_id,)).fetchone()
        return row[0] if row else 0

    def log_since(self, event_id: int, since: int, audiences: tuple[str, ...],
                  limit: int) -> list[dict] | None:
        """Entries after ``since`` for these audiences, oldest first; None when over ``limit``."""
        marks = ",".join("?" * len(audiences))
        with self.read() as conn:
            rows = conn.execute(
                f"SELECT * FROM event_log WHERE event_id = ? AND seq > ? AND audience IN ({marks})"
                " ORDER BY seq LIMIT ?", (event_id, since, *audiences, limit + 1),
            ).fetchall()
            hidden = set()
            if "staff" not in audiences:
                hidden = {r[0] for r in conn.execute(
                    "SELECT id FROM contributions WHERE event_id = ? AND hidden = 1", (event_id,))}
        if len(rows) > limit:
            return None
        entries = []
        for r in rows:
            data = _redacted(r["type"], json.loads(r["data"]), hidden)
            if data is None:
                continue
            entries.append({"event_id": event_id, "seq": r["seq"], "type": r["type"],
                            "audience": r["audience"], "data": data, "at": r["at"]})
        return entries


def _redacted(type_: str, data: dict, hidden: set[int]) -> dict | None:
    """A screen that was away while an item was hidden must not receive its text again.

    The creation is dropped; later entries that carried the item while it was visible (a star,
    a pin) are replayed without its text.
    """
    if not hidden:
        return data
    if type_ == "contribution.created" and data.get("id") in hidden:
        return None
    if type_ == "contribution.updated" and data.get("id") in hidden:
        return {**data, "text": None, "meta": None, "hidden": True}
    if type_ == "wall.pinned" and data.get("id") in hidden:
        return {**data, "contribution": None}
    return data


def _activity(row) -> dict:
    activity = dict(row)
    for key in ("overrides", "topics", "revealed"):
        activity[key] = json.loads(activity[key] or ("{}" if key == "overrides" else "[]"))
    activity["run"] = json.loads(activity["run"]) if activity["run"] else None
    return activity


class DuplicateId(StoreError):
    """A client id already used by another phone."""


class NotFound(StoreError):
    pass


# --- what leaves the server ----------------------------------------------------------------------

def public_participant(p: dict) -> dict:
    anonymous = bool(p["anonymous"])
    return {
        "id": p["id"],
        "name": None if anonymous else p["name"],
        "organisation": None if anonymous else (p["organisation"] or None),
        "anonymous": anonymous,
        "lang": p["lang"],
    }


def public_contribution(c: dict | None) -> dict | None:
    """The only shape in which a contribution leaves the server.

    Anonymous items carry no author field at all, and a hidden item's text stays on the server.
    """
    if c is None:
        return None
    anonymous = bool(c["anonymous"])
    hidden = bool(c["hidden"])
    view = {
        "id": c["id"],
        "kind": c["kind"],
        "text": None if hidden else c["text"],
        "author": None if anonymous or not c.get("author_name") and not c.get("author_org") else {
            "name": c.get("author_name"), "organisation": c.get("author_org") or None},
        "anonymous": anonymous,
        "hidden": hidden,
        "starred": bool(c["starred"]),
        "pinned": bool(c.get("pinned")),
        "created_at": c["created_at"],
        "seq": c.get("seq"),
        "activity_id": c.get("activity_id"),
        "step_id": c.get("step_id"),
        "topic": c.get("topic"),
        "meta": json.loads(c["meta"]) if c.get("meta") and not hidden else None,
        "answered": bool(c.get("answered")),
        "validated": bool(c.get("validated")),
        "shared": bool(c.get("shared")),
    }
    return view


def staff_contribution(c: dict) -> dict:
    """What the dashboard sees: the public view plus the text of hidden items."""
    view = public_contribution(c)
    view["text"] = c["text"]
    return view


def own_contribution(c: dict) -> dict:
    """What a phone sees of its own items: its text and client id, even when hidden."""
    view = staff_contribution(c)
    view["client_id"] = c["client_id"]
    return view
