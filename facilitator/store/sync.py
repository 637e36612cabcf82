"""Snapshots and sync: the indexes that keep a screen's sync from reading the whole event.

A phone's snapshot and replay (docs/protocol.md §3.7, §3.3) read only what they send: its own
items (by author or owner key), the current activity's shared items, the hidden ids a replay
must redact, and the log entries of its audiences after the number it last applied. Without
these indexes each of those read every item (or entry) of the event: 150 ms a phone at 40 000.
"""
from __future__ import annotations

import sqlite_utils


def migration_9(db: sqlite_utils.Database) -> None:
    """Indexes of the sync path (tests/unit/test_sync_plans.py asserts the plans use them)."""
    db.execute("CREATE INDEX IF NOT EXISTS contributions_author ON contributions (author_id)")
    db.execute("CREATE INDEX IF NOT EXISTS contributions_event ON contributions (event_id)")
    db.execute("CREATE INDEX IF NOT EXISTS contributions_activity"
               " ON contributions (activity_id, audience)")
    db.execute("CREATE INDEX IF NOT EXISTS contributions_hidden ON contributions (event_id)"
               " WHERE hidden = 1")
    db.execute("CREATE INDEX IF NOT EXISTS event_log_audience ON event_log (event_id, audience, seq)")


class SyncStore:
    def holds(self, activity_id: int, vote_scope: str | None) -> dict:
        """Whether anything of the activity exists that a phone may have to ask for: votes in
        this scope, questionnaire answers, shared items (each one indexed look-up)."""
        with self.read() as conn:
            def any_(sql, *params):
                return conn.execute(sql + " LIMIT 1", params).fetchone() is not None
            return {
                "votes": vote_scope is not None and any_(
                    "SELECT 1 FROM votes WHERE activity_id = ? AND step_id = ?",
                    activity_id, vote_scope),
                "answers": any_("SELECT 1 FROM answers WHERE activity_id = ?", activity_id),
                # Roles given before the activity started (the Jam's): a phone asks for them.
                "roles": any_("SELECT 1 FROM activity_roles WHERE activity_id = ?", activity_id),
                "shared": any_("SELECT 1 FROM contributions WHERE activity_id = ? AND audience = 'all'"
                               " AND hidden = 0 AND withdrawn = 0", activity_id),
            }
