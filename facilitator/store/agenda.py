"""The agenda: activities run in formats, their timer, roles, votes and questionnaire answers."""
from __future__ import annotations

import json

import sqlite_utils

from .database import NotFound, StoreError


def migration_2(db: sqlite_utils.Database) -> None:
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


class AgendaStore:
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
            # A later activity may get the id back: it must not inherit the background flag.
            conn.execute("DELETE FROM background_activities WHERE activity_id = ?", (activity_id,))

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

    def assign_role(self, activity_id: int, participant_id: int, roles) -> None:
        """Set the roles a person holds in the activity (a sponsor may also be a broker):
        ``roles`` is every role they hold, or one role, or None/() for none."""
        if isinstance(roles, str):
            roles = (roles,)
        with self.write() as conn:
            conn.execute("DELETE FROM activity_roles WHERE activity_id = ? AND participant_id = ?",
                         (activity_id, participant_id))
            for role in dict.fromkeys(roles or ()):
                conn.execute("INSERT INTO activity_roles (activity_id, participant_id, role)"
                             " VALUES (?,?,?)", (activity_id, participant_id, role))

    def role_holders(self, activity_id: int) -> list[dict]:
        """The participants who hold a role in the activity (not the whole room: a phone's
        snapshot needs the few names of its roles list, read a thousand times at once)."""
        with self.read() as conn:
            return [dict(r) for r in conn.execute(
                "SELECT DISTINCT p.* FROM participants p JOIN activity_roles r"
                " ON r.participant_id = p.id WHERE r.activity_id = ?", (activity_id,))]

    def roles(self, activity_id: int) -> dict[int, tuple[str, ...]]:
        """{participant id: the roles they hold}, for those who hold one (in the order given)."""
        held: dict[int, tuple[str, ...]] = {}
        with self.read() as conn:
            for pid, role in conn.execute(
                    "SELECT participant_id, role FROM activity_roles WHERE activity_id = ?"
                    " ORDER BY rowid", (activity_id,)):
                held[pid] = (*held.get(pid, ()), role)
        return held

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

    def respondents(self, activity_id: int) -> int:
        """How many phones answered the activity's questionnaire ("x of y have answered"): one
        owner key per phone and activity, whatever the number of questions it answered."""
        with self.read() as conn:
            return conn.execute("SELECT COUNT(DISTINCT owner_key) FROM answers WHERE activity_id = ?",
                                (activity_id,)).fetchone()[0]

    def answered_questions(self, activity_id: int) -> frozenset[str]:
        """The ids of the activity's questions that have answers stored (room/question_overrides.py:
        those keep what their answers mean, and no new question is given one)."""
        with self.read() as conn:
            return frozenset(r[0] for r in conn.execute(
                "SELECT DISTINCT question_id FROM answers WHERE activity_id = ?", (activity_id,)))

    def answers_of(self, activity_id: int, key: str) -> dict[str, str]:
        with self.read() as conn:
            return {r[0]: r[1] for r in conn.execute(
                "SELECT question_id, value FROM answers WHERE activity_id = ? AND owner_key = ?",
                (activity_id, key))}


def _activity(row) -> dict:
    activity = dict(row)
    for key in ("overrides", "topics", "revealed"):
        activity[key] = json.loads(activity[key] or ("{}" if key == "overrides" else "[]"))
    activity["run"] = json.loads(activity["run"]) if activity["run"] else None
    return activity

