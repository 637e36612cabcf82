"""Events (workshops) and their participants."""
from __future__ import annotations

import secrets

import sqlite_utils

from ..room.codes import new_join_code
from .database import NotFound, StoreError
from .keys import token_hash
from .shapes import public_participant


def migration_1(db: sqlite_utils.Database) -> None:
    """The room: events, participants, contributions and the event log."""
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



class EventsStore:
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
        allowed = {k: v for k, v in fields.items() if k in ("title", "lang", "projector_mode",
                                                                "follow_browser")}
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
            if {"title", "lang", "follow_browser"} & allowed.keys():
                entries.append(self._append_log(conn, event_id, "event.updated", "all",
                                                {"title": row["title"], "lang": row["lang"],
                                                 "follow_browser": bool(row["follow_browser"])},
                                                now))
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
                        lang: str, now: float,
                        attribute: str | None = None) -> tuple[dict, str, list[dict]]:
        """Returns the participant, the secret token for the phone, and the log entries."""
        token = secrets.token_urlsafe(24)
        with self.write() as conn:
            cur = conn.execute(
                "INSERT INTO participants (event_id, token_hash, name, organisation, anonymous,"
                " lang, created_at, last_seen, attribute) VALUES (?,?,?,?,?,?,?,?,?)",
                (event_id, token_hash(token), name, organisation, int(anonymous), lang, now, now,
                 attribute or None),
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

