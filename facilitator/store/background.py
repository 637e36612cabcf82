"""Background activities: which activities of an event run all day beside the current one."""
from __future__ import annotations

import sqlite_utils


def migration_12(db: sqlite_utils.Database) -> None:
    """One row an activity the facilitator put in the background (a question box all day);
    ``projected``: the facilitator put it up on the projector instead of the current activity.
    Beside ``activities``, not a column of it: the current activity's machinery never sees it."""
    db["background_activities"].create(
        {"activity_id": int, "event_id": int, "since": float, "projected": int},
        pk="activity_id", foreign_keys=[("event_id", "events", "id")], defaults={"projected": 0},
    )
    db["background_activities"].create_index(["event_id"])


class BackgroundStore:
    def set_background(self, event_id: int, activity_id: int, on: bool, now: float) -> None:
        with self.write() as conn:
            if on:
                conn.execute("INSERT INTO background_activities (activity_id, event_id, since)"
                             " VALUES (?,?,?) ON CONFLICT DO NOTHING", (activity_id, event_id, now))
            else:
                conn.execute("DELETE FROM background_activities WHERE activity_id = ?",
                             (activity_id,))

    def background_ids(self, event_id: int) -> list[int]:
        """In agenda order; a removed activity drops out (its row stays until it is turned off)."""
        with self.read() as conn:
            return [r[0] for r in conn.execute(
                "SELECT a.id FROM background_activities b JOIN activities a ON a.id = b.activity_id"
                " WHERE b.event_id = ? AND a.event_id = ? ORDER BY a.position", (event_id, event_id))]

    def project_background(self, event_id: int, activity_id: int | None) -> None:
        """Put one background activity up on the projector (None: back to the current one)."""
        with self.write() as conn:
            conn.execute("UPDATE background_activities SET projected = (activity_id IS ?)"
                         " WHERE event_id = ?", (activity_id, event_id))

    def projected_background(self, event_id: int) -> int | None:
        with self.read() as conn:
            row = conn.execute("SELECT activity_id FROM background_activities"
                               " WHERE event_id = ? AND projected = 1", (event_id,)).fetchone()
        return row[0] if row else None
