"""What the facilitator writes to the room (the announcement, each activity's brief), the
event's "phones follow the browser" setting, and the named staff links (migration 11).

- The announcement is one per event, kept on the event row with an id that grows, so a phone
  that dismissed announcement 3 still shows announcement 4; it is also in the log
  (``staff.announcement``), so a phone replaying from its last sequence number gets the latest.
- A brief is the facilitator's text for one activity (the Knowledge Jam's topic brief,
  methods.md §3), shown on phones and the projector while that activity runs.
- Staff links (a co-facilitator's tablet, a rapporteur's desk) sign in like the facilitator
  link; the store keeps only a hash of each link's token, and sessions name the link that opened
  them (``staff_sessions.link_id``, NULL for the facilitator link), so revoking a link ends its
  sessions at once (store/sessions.py).
"""
from __future__ import annotations

import json

import sqlite_utils

from .database import NotFound

BRIEF_MAX = 2000  # characters: a topic brief is a paragraph or two, not a document
ANNOUNCEMENT_MAX = 280  # a line or two, readable at a glance on a phone


def migration_11(db: sqlite_utils.Database) -> None:
    db["staff_links"].create({"id": int, "name": str, "token_hash": str, "created_at": float,
                              "revoked_at": float}, pk="id", not_null={"name", "token_hash"})
    db["staff_links"].create_index(["token_hash"], unique=True)
    db["staff_sessions"].add_column("link_id", int)
    db["events"].add_column("announcement", str)
    db["events"].add_column("follow_browser", int, not_null_default=0)
    db["activity_briefs"].create({"activity_id": int, "event_id": int, "text": str,
                                  "updated_at": float}, pk="activity_id",
                                 foreign_keys=[("activity_id", "activities", "id")])
    db["activity_briefs"].create_index(["event_id"])


class StaffStore:
    # --- the announcement -----------------------------------------------------------------------

    def announcement(self, event_id: int) -> dict | None:
        with self.read() as conn:
            row = conn.execute("SELECT announcement FROM events WHERE id = ?", (event_id,)).fetchone()
        return _announcement(row[0]) if row else None

    def set_announcement(self, event_id: int, text: str | None, now: float) -> list[dict]:
        """A new announcement (text) or none (None); one log entry, for every screen."""
        with self.write() as conn:
            row = conn.execute("SELECT announcement FROM events WHERE id = ?", (event_id,)).fetchone()
            if row is None:
                raise NotFound(event_id)
            last_id = json.loads(row[0] or "{}").get("id", 0)
            value = ({"id": last_id + 1, "text": text, "at": now} if text else None)
            # An empty announcement still keeps the last id, so the next one is newer.
            stored = value or {"id": last_id, "text": None, "at": now}
            conn.execute("UPDATE events SET announcement = ? WHERE id = ?",
                         (json.dumps(stored, ensure_ascii=False), event_id))
            return [self._append_log(conn, event_id, "staff.announcement", "all",
                                     {"announcement": value}, now)]

    # --- briefs ---------------------------------------------------------------------------------

    def briefs(self, event_id: int) -> dict[int, str]:
        with self.read() as conn:
            rows = conn.execute("SELECT activity_id, text FROM activity_briefs WHERE event_id = ?"
                                " AND text != '' ORDER BY activity_id", (event_id,)).fetchall()
        return {r[0]: r[1] for r in rows}

    def set_brief(self, event_id: int, activity_id: int, text: str, now: float) -> list[dict]:
        with self.write() as conn:
            found = conn.execute("SELECT 1 FROM activities WHERE id = ? AND event_id = ?",
                                 (activity_id, event_id)).fetchone()
            if not found:
                raise NotFound(activity_id)
            conn.execute("INSERT OR REPLACE INTO activity_briefs (activity_id, event_id, text,"
                         " updated_at) VALUES (?, ?, ?, ?)", (activity_id, event_id, text, now))
            return [self._append_log(conn, event_id, "staff.brief", "all",
                                     {"activity_id": activity_id, "text": text}, now)]


def _announcement(raw: str | None) -> dict | None:
    value = json.loads(raw) if raw else None
    return value if value and value.get("text") else None
