"""The facilitator's sessions, kept on the server: the cookie holds a random id, never the token.

A row per signed-in browser, keyed by a hash of that id (store/keys.py): a copy of the database
gives no session away. Signing out deletes the row; rotating the facilitator link deletes them
all. A session lasts at most ``SESSION_DAYS`` from its sign-in.
"""
from __future__ import annotations

import secrets

import sqlite_utils

from .keys import session_hash

SESSION_DAYS = 31


def migration_6(db: sqlite_utils.Database) -> None:
    db["staff_sessions"].create({"id_hash": str, "created_at": float}, pk="id_hash")


class SessionsStore:
    def open_staff_session(self, now: float) -> str:
        """A new session; the id goes in the cookie, only its hash is kept."""
        session_id = secrets.token_urlsafe(24)
        with self.write() as conn:
            conn.execute("INSERT INTO staff_sessions (id_hash, created_at) VALUES (?, ?)",
                         (session_hash(session_id), now))
        return session_id

    def staff_session_alive(self, session_id, now: float) -> bool:
        if not isinstance(session_id, str) or not session_id:
            return False
        with self.read() as conn:
            row = conn.execute("SELECT created_at FROM staff_sessions WHERE id_hash = ?",
                               (session_hash(session_id),)).fetchone()
        return row is not None and now - row[0] < SESSION_DAYS * 86400

    def close_staff_session(self, session_id) -> None:
        if isinstance(session_id, str):
            with self.write() as conn:
                conn.execute("DELETE FROM staff_sessions WHERE id_hash = ?",
                             (session_hash(session_id),))

    def rotate_facilitator_token(self) -> str:
        """A new facilitator link: the old one stops working and every session is closed."""
        token = secrets.token_urlsafe(24)
        with self.write() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('facilitator_token', ?)",
                         (token,))
            conn.execute("DELETE FROM staff_sessions")
        return token
