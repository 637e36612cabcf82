"""The facilitator's sessions, kept on the server: the cookie holds a random id, never the token.

A row per signed-in browser, keyed by a hash of that id (store/keys.py): a copy of the database
gives no session away. Signing out deletes the row; rotating the facilitator link deletes them
all. A session lasts at most ``SESSION_DAYS`` from its sign-in.

Staff links (migration 11, store/staff.py): further sign-in links, each with its own name (a
co-facilitator, a rapporteur's desk). Only a hash of a link's token is kept, so the link is
shown once, when it is made. A session remembers the link that opened it (``link_id``; NULL is
the facilitator link itself): revoking a link deletes its sessions in the same transaction.
"""
from __future__ import annotations

import secrets

import sqlite_utils

from .keys import session_hash, staff_link_hash

SESSION_DAYS = 31
LINK_NAME_MAX = 60


def migration_6(db: sqlite_utils.Database) -> None:
    db["staff_sessions"].create({"id_hash": str, "created_at": float}, pk="id_hash")


class SessionsStore:
    def open_staff_session(self, now: float, link_id: int | None = None) -> str:
        """A new session; the id goes in the cookie, only its hash is kept."""
        session_id = secrets.token_urlsafe(24)
        with self.write() as conn:
            conn.execute("INSERT INTO staff_sessions (id_hash, created_at, link_id) VALUES (?, ?, ?)",
                         (session_hash(session_id), now, link_id))
        return session_id

    def _session_row(self, session_id, now: float):
        if not isinstance(session_id, str) or not session_id:
            return None
        with self.read() as conn:
            row = conn.execute("SELECT created_at, link_id FROM staff_sessions WHERE id_hash = ?",
                               (session_hash(session_id),)).fetchone()
        return row if row is not None and now - row[0] < SESSION_DAYS * 86400 else None

    def staff_session_alive(self, session_id, now: float) -> bool:
        return self._session_row(session_id, now) is not None

    def staff_session_link(self, session_id, now: float) -> int | None:
        """The staff link that opened this session; None for the facilitator link (or none)."""
        row = self._session_row(session_id, now)
        return row[1] if row is not None else None

    def close_staff_session(self, session_id) -> None:
        if isinstance(session_id, str):
            with self.write() as conn:
                conn.execute("DELETE FROM staff_sessions WHERE id_hash = ?",
                             (session_hash(session_id),))

    def rotate_facilitator_token(self) -> str:
        """A new facilitator link: the old one stops working and every session is closed
        (staff links stay valid: whoever holds one signs in again)."""
        token = secrets.token_urlsafe(24)
        with self.write() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('facilitator_token', ?)",
                         (token,))
            conn.execute("DELETE FROM staff_sessions")
        return token

    # --- staff links ----------------------------------------------------------------------------

    def create_staff_link(self, name: str, now: float) -> tuple[dict, str]:
        """A new named link; returns its row and its token (shown once, never kept)."""
        token = secrets.token_urlsafe(24)
        with self.write() as conn:
            cur = conn.execute("INSERT INTO staff_links (name, token_hash, created_at)"
                               " VALUES (?, ?, ?)", (name, staff_link_hash(token), now))
            link_id = cur.lastrowid
        return {"id": link_id, "name": name, "created_at": now}, token

    def staff_link_by_token(self, token) -> dict | None:
        """A link that still works (not revoked), from the token in its address."""
        if not isinstance(token, str) or not token:
            return None
        with self.read() as conn:
            row = conn.execute("SELECT id, name, created_at FROM staff_links WHERE token_hash = ?"
                               " AND revoked_at IS NULL", (staff_link_hash(token),)).fetchone()
        return dict(row) if row else None

    def revoke_staff_link(self, link_id: int, now: float) -> bool:
        """The link stops working and every session it opened ends, in one transaction."""
        with self.write() as conn:
            cur = conn.execute("UPDATE staff_links SET revoked_at = ? WHERE id = ?"
                               " AND revoked_at IS NULL", (now, link_id))
            conn.execute("DELETE FROM staff_sessions WHERE link_id = ?", (link_id,))
            return cur.rowcount > 0

    def staff_links(self, now: float) -> list[dict]:
        """The facilitator link (id None) and every live link, with who is signed in through
        each: how many browsers, and when the last one signed in."""
        since = now - SESSION_DAYS * 86400
        with self.read() as conn:
            links = [dict(r) for r in conn.execute(
                "SELECT id, name, created_at FROM staff_links WHERE revoked_at IS NULL"
                " ORDER BY id").fetchall()]
            sessions = {r[0]: (r[1], r[2]) for r in conn.execute(
                "SELECT link_id, COUNT(*), MAX(created_at) FROM staff_sessions"
                " WHERE created_at > ? GROUP BY link_id", (since,)).fetchall()}
        rows = [{"id": None, "name": None, "created_at": None}] + links
        for row in rows:
            count, last = sessions.get(row["id"], (0, None))
            row["signed_in"], row["last_sign_in"] = count, last
        return rows
