"""The idea fair: kiosks, visiting groups, the fair's run, feedback, dots and jury scores.

One row in ``fairs`` per idea-fair activity holds its settings and its clock; the other tables
hang off the activity. Kiosk staff links are kept as hashes (keys.py), like participant tokens.
"""
from __future__ import annotations

import json
import secrets

import sqlite_utils

from .database import DuplicateId
from .keys import kiosk_key

KIOSK_CODE_LENGTH = 4


def migration_7(db: sqlite_utils.Database) -> None:
    """The idea fair's tables."""
    db["fairs"].create(
        {"activity_id": int, "event_id": int, "mode": str, "status": str, "started_at": float,
         "paused_at": float, "paused_for": float, "slot_seconds": float, "warning_seconds": float,
         "group_count": int, "rotation": str, "announced": str, "dots_budget": int, "dots_revealed": int,
         "criteria": str, "low": int, "high": int, "jurors": str, "conflicts": str,
         "jury_revealed": int, "projector_view": str},
        pk="activity_id", foreign_keys=[("activity_id", "activities", "id")],
        defaults={"status": "not_started", "paused_for": 0.0, "dots_revealed": 0,
                  "jury_revealed": 0, "group_count": 0, "criteria": "[]", "jurors": "[]", "conflicts": "[]",
                  "low": 0, "high": 10},
    )
    db["fair_kiosks"].create(
        {"id": int, "event_id": int, "activity_id": int, "position": int, "code": str,
         "title": str, "organisation": str, "description": str, "presenters": str,
         "note_taker": int, "token_hash": str, "created_at": float},
        pk="id", foreign_keys=[("activity_id", "activities", "id")],
    )
    db["fair_kiosks"].create_index(["event_id", "code"], unique=True)
    db["fair_kiosks"].create_index(["token_hash"], unique=True)
    db["fair_members"].create(
        {"activity_id": int, "participant_id": int, "group_index": int},
        pk=("activity_id", "participant_id"),
    )
    db["fair_visits"].create(
        {"activity_id": int, "participant_id": int, "kiosk_id": int, "at": float},
        pk=("activity_id", "participant_id"),
    )
    db["fair_feedback"].create(
        {"id": int, "event_id": int, "activity_id": int, "kiosk_id": int, "participant_id": int,
         "client_id": str, "kind": str, "text": str, "value": int, "contact": str,
         "answered": int, "created_at": float},
        pk="id", defaults={"answered": 0},
    )
    db["fair_feedback"].create_index(["event_id", "client_id"], unique=True)
    db["fair_feedback"].create_index(["kiosk_id"])
    db["fair_dots"].create(
        {"activity_id": int, "voter_id": int, "kiosk_id": int, "value": int},
        pk=("activity_id", "voter_id", "kiosk_id"),
    )
    db["fair_scores"].create(
        {"activity_id": int, "juror_id": int, "kiosk_id": int, "criterion": str, "value": float},
        pk=("activity_id", "juror_id", "kiosk_id", "criterion"),
    )


_JSON = ("rotation", "criteria", "jurors", "conflicts")


class FairStore:
    # --- the fair's row ------------------------------------------------------------------------

    def fair(self, activity: dict) -> dict:
        """The fair of an idea-fair activity, created with its defaults on first use."""
        with self.write() as conn:
            conn.execute("INSERT OR IGNORE INTO fairs (activity_id, event_id) VALUES (?, ?)",
                         (activity["id"], activity["event_id"]))
            return _fair(conn.execute("SELECT * FROM fairs WHERE activity_id = ?",
                                      (activity["id"],)).fetchone())

    def fair_row(self, activity_id: int) -> dict | None:
        """The fair's row if it has one, read only: an export reads it from its own thread."""
        with self.read() as conn:
            row = conn.execute("SELECT * FROM fairs WHERE activity_id = ?", (activity_id,)).fetchone()
        return _fair(row) if row else None

    def update_fair(self, activity_id: int, **fields) -> None:
        values = {k: json.dumps(v) if k in _JSON and v is not None else v for k, v in fields.items()}
        with self.write() as conn:
            conn.execute(f"UPDATE fairs SET {', '.join(f'{k} = ?' for k in values)}"
                         " WHERE activity_id = ?", (*values.values(), activity_id))

    def running_fairs(self) -> list[tuple[int, int]]:
        """(event, activity) of every fair whose clock runs: the ticker looks at these."""
        with self.read() as conn:
            return [(r[0], r[1]) for r in conn.execute(
                "SELECT event_id, activity_id FROM fairs WHERE status = 'running'")]

    # --- kiosks --------------------------------------------------------------------------------

    def kiosks(self, activity_id: int) -> list[dict]:
        with self.read() as conn:
            return [_kiosk(r) for r in conn.execute(
                "SELECT * FROM fair_kiosks WHERE activity_id = ? ORDER BY position, id",
                (activity_id,))]

    def event_kiosks(self, event_id: int) -> list[dict]:
        with self.read() as conn:
            return [_kiosk(r) for r in conn.execute(
                "SELECT * FROM fair_kiosks WHERE event_id = ? ORDER BY activity_id, position, id",
                (event_id,))]

    def kiosk(self, event_id: int, kiosk_id: int) -> dict | None:
        with self.read() as conn:
            row = conn.execute("SELECT * FROM fair_kiosks WHERE id = ? AND event_id = ?",
                               (kiosk_id, event_id)).fetchone()
        return _kiosk(row) if row else None

    def kiosk_by_code(self, event_id: int, code: str) -> dict | None:
        with self.read() as conn:
            row = conn.execute("SELECT * FROM fair_kiosks WHERE event_id = ? AND code = ?",
                               (event_id, code)).fetchone()
        return _kiosk(row) if row else None

    def kiosk_by_token(self, token: str) -> dict | None:
        with self.read() as conn:
            row = conn.execute("SELECT * FROM fair_kiosks WHERE token_hash = ?",
                               (kiosk_key(token),)).fetchone()
        return _kiosk(row) if row else None

    def add_kiosk(self, activity: dict, fields: dict, code: str, now: float) -> tuple[dict, str]:
        """A new kiosk and the token of its staff link (kept only as a hash)."""
        token = secrets.token_urlsafe(24)
        with self.write() as conn:
            position = conn.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM fair_kiosks"
                                    " WHERE activity_id = ?", (activity["id"],)).fetchone()[0]
            cur = conn.execute(
                "INSERT INTO fair_kiosks (event_id, activity_id, position, code, title,"
                " organisation, description, presenters, note_taker, token_hash, created_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (activity["event_id"], activity["id"], position, code, fields["title"],
                 fields.get("organisation", ""), fields.get("description", ""),
                 json.dumps(fields.get("presenters", [])), fields.get("note_taker"),
                 kiosk_key(token), now))
            row = conn.execute("SELECT * FROM fair_kiosks WHERE id = ?", (cur.lastrowid,)).fetchone()
        return _kiosk(row), token

    def update_kiosk(self, kiosk_id: int, fields: dict) -> None:
        values = {k: json.dumps(v) if k == "presenters" else v for k, v in fields.items()}
        if not values:
            return
        with self.write() as conn:
            conn.execute(f"UPDATE fair_kiosks SET {', '.join(f'{k} = ?' for k in values)}"
                         " WHERE id = ?", (*values.values(), kiosk_id))

    def new_kiosk_token(self, kiosk_id: int) -> str:
        token = secrets.token_urlsafe(24)
        with self.write() as conn:
            conn.execute("UPDATE fair_kiosks SET token_hash = ? WHERE id = ?",
                         (kiosk_key(token), kiosk_id))
        return token

    def remove_kiosk(self, kiosk_id: int) -> None:
        """The kiosk and what hangs on it; its feedback stays out of every list from now on."""
        with self.write() as conn:
            for table in ("fair_visits", "fair_dots", "fair_scores"):
                conn.execute(f"DELETE FROM {table} WHERE kiosk_id = ?", (kiosk_id,))
            conn.execute("DELETE FROM fair_feedback WHERE kiosk_id = ?", (kiosk_id,))
            conn.execute("DELETE FROM fair_kiosks WHERE id = ?", (kiosk_id,))

    # --- visiting groups and visits ------------------------------------------------------------

    def fair_members(self, activity_id: int) -> dict[int, int]:
        """{participant_id: group index}."""
        with self.read() as conn:
            return {r[0]: r[1] for r in conn.execute(
                "SELECT participant_id, group_index FROM fair_members WHERE activity_id = ?",
                (activity_id,))}

    def set_fair_members(self, activity_id: int, assignment: dict[int, int]) -> None:
        with self.write() as conn:
            conn.execute("DELETE FROM fair_members WHERE activity_id = ?", (activity_id,))
            conn.executemany("INSERT INTO fair_members (activity_id, participant_id, group_index)"
                             " VALUES (?,?,?)",
                             [(activity_id, pid, g) for pid, g in assignment.items()])

    def fair_activities_with_groups(self, event_id: int) -> list[int]:
        with self.read() as conn:
            return [r[0] for r in conn.execute(
                "SELECT DISTINCT m.activity_id FROM fair_members m JOIN fairs f"
                " ON f.activity_id = m.activity_id WHERE f.event_id = ?", (event_id,))]

    def set_visit(self, activity_id: int, participant_id: int, kiosk_id: int, now: float) -> bool:
        """Records where a visitor is; True when that changed."""
        with self.write() as conn:
            row = conn.execute("SELECT kiosk_id FROM fair_visits WHERE activity_id = ? AND"
                               " participant_id = ?", (activity_id, participant_id)).fetchone()
            conn.execute("INSERT OR REPLACE INTO fair_visits (activity_id, participant_id,"
                         " kiosk_id, at) VALUES (?,?,?,?)", (activity_id, participant_id, kiosk_id, now))
        return row is None or row[0] != kiosk_id

    def visits(self, activity_id: int) -> dict[int, int]:
        """{participant_id: kiosk_id} of the kiosk each visitor last opened."""
        with self.read() as conn:
            return {r[0]: r[1] for r in conn.execute(
                "SELECT participant_id, kiosk_id FROM fair_visits WHERE activity_id = ?",
                (activity_id,))}

    # --- feedback ------------------------------------------------------------------------------

    def add_feedback(self, kiosk: dict, participant_id: int, client_id: str, kind: str,
                     text: str | None, value: int | None, contact: str | None,
                     now: float) -> tuple[dict, bool]:
        """Insert once per client id: (row, created?). Another phone's client id: DuplicateId."""
        with self.write() as conn:
            existing = conn.execute("SELECT * FROM fair_feedback WHERE event_id = ? AND client_id = ?",
                                    (kiosk["event_id"], client_id)).fetchone()
            if existing:
                if existing["participant_id"] != participant_id:
                    raise DuplicateId(client_id)
                return self._feedback(conn, existing["id"]), False
            cur = conn.execute(
                "INSERT INTO fair_feedback (event_id, activity_id, kiosk_id, participant_id,"
                " client_id, kind, text, value, contact, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (kiosk["event_id"], kiosk["activity_id"], kiosk["id"], participant_id, client_id,
                 kind, text, value, contact, now))
            return self._feedback(conn, cur.lastrowid), True

    def has_feedback_client_id(self, event_id: int, client_id: str) -> bool:
        with self.read() as conn:
            return conn.execute("SELECT 1 FROM fair_feedback WHERE event_id = ? AND client_id = ?",
                                (event_id, client_id)).fetchone() is not None

    def _feedback(self, conn, feedback_id: int) -> dict | None:
        row = conn.execute(FEEDBACK_ROWS + " WHERE f.id = ?", (feedback_id,)).fetchone()
        return dict(row) if row else None

    def feedback(self, event_id: int, feedback_id: int) -> dict | None:
        with self.read() as conn:
            row = conn.execute(FEEDBACK_ROWS + " WHERE f.id = ? AND f.event_id = ?",
                               (feedback_id, event_id)).fetchone()
        return dict(row) if row else None

    def set_answered(self, feedback_id: int, answered: bool) -> dict:
        with self.write() as conn:
            conn.execute("UPDATE fair_feedback SET answered = ? WHERE id = ?",
                         (int(answered), feedback_id))
            return self._feedback(conn, feedback_id)

    def feedback_of(self, activity_id: int, *, kiosk_id: int | None = None,
                    participant_id: int | None = None) -> list[dict]:
        """Newest first."""
        sql, args = FEEDBACK_ROWS + " WHERE f.activity_id = ?", [activity_id]
        if kiosk_id is not None:
            sql, args = sql + " AND f.kiosk_id = ?", args + [kiosk_id]
        if participant_id is not None:
            sql, args = sql + " AND f.participant_id = ?", args + [participant_id]
        with self.read() as conn:
            return [dict(r) for r in conn.execute(sql + " ORDER BY f.id DESC", args)]

    # --- dots and scores -----------------------------------------------------------------------

    def fair_dots(self, activity_id: int) -> list[tuple[int, int, int]]:
        """(voter, kiosk, value) rows: room/voting.py's representation."""
        with self.read() as conn:
            return [tuple(r) for r in conn.execute(
                "SELECT voter_id, kiosk_id, value FROM fair_dots WHERE activity_id = ?",
                (activity_id,))]

    def set_fair_dot(self, activity_id: int, voter_id: int, kiosk_id: int, value: int | None) -> None:
        with self.write() as conn:
            if value is None:
                conn.execute("DELETE FROM fair_dots WHERE activity_id = ? AND voter_id = ?"
                             " AND kiosk_id = ?", (activity_id, voter_id, kiosk_id))
            else:
                conn.execute("INSERT OR REPLACE INTO fair_dots (activity_id, voter_id, kiosk_id,"
                             " value) VALUES (?,?,?,?)", (activity_id, voter_id, kiosk_id, value))

    def fair_scores(self, activity_id: int) -> list[tuple]:
        """(juror, kiosk, criterion, value) rows: room/jury.py's representation."""
        with self.read() as conn:
            return [tuple(r) for r in conn.execute(
                "SELECT juror_id, kiosk_id, criterion, value FROM fair_scores WHERE activity_id = ?",
                (activity_id,))]

    def set_fair_score(self, activity_id: int, juror_id: int, kiosk_id: int, criterion: str,
                       value: float | None) -> None:
        with self.write() as conn:
            if value is None:
                conn.execute("DELETE FROM fair_scores WHERE activity_id = ? AND juror_id = ?"
                             " AND kiosk_id = ? AND criterion = ?",
                             (activity_id, juror_id, kiosk_id, criterion))
            else:
                conn.execute("INSERT OR REPLACE INTO fair_scores (activity_id, juror_id, kiosk_id,"
                             " criterion, value) VALUES (?,?,?,?,?)",
                             (activity_id, juror_id, kiosk_id, criterion, value))


FEEDBACK_ROWS = (
    "SELECT f.*, p.name AS author_name, p.organisation AS author_org, p.anonymous AS author_anonymous"
    " FROM fair_feedback f LEFT JOIN participants p ON p.id = f.participant_id")


def _fair(row) -> dict:
    fair = dict(row)
    for key in _JSON:
        fair[key] = json.loads(fair[key]) if fair[key] else None
    return fair


def _kiosk(row) -> dict:
    kiosk = dict(row)
    kiosk["presenters"] = json.loads(kiosk["presenters"] or "[]")
    return kiosk
