"""Contributions: the idempotent insert, moderation, the pin, and the lists screens read."""
from __future__ import annotations

import json

import sqlite_utils

from .database import DuplicateId, NotFound
from .keys import owner_key
from .shapes import own_contribution, public_contribution


def migration_3(db: sqlite_utils.Database) -> None:
    """Named items no longer carry the owner key: it tied a person's anonymous items to them."""
    db.execute("UPDATE contributions SET owner_key = NULL WHERE author_id IS NOT NULL")


def migration_4(db: sqlite_utils.Database) -> None:
    """Each item remembers who it was shown to, so its updates and snapshots follow suit."""
    db["contributions"].add_column("audience", str)
    db.execute("UPDATE contributions SET audience = CASE WHEN shared = 1 THEN 'all' ELSE 'wall' END")


def migration_10(db: sqlite_utils.Database) -> None:
    """jam: an item can be withdrawn by its author and corrected (when it last was); a person
    may hold several roles in one activity (a sponsor who is also a broker)."""
    db["contributions"].add_column("withdrawn", int, not_null_default=0)
    db["contributions"].add_column("edited_at", float)
    db["activity_roles"].transform(pk=("activity_id", "participant_id", "role"))
    # A replay redacts withdrawn items as it does hidden ones: found by an index, not a scan
    # of the event's items (store/sync.py).
    db.execute("CREATE INDEX IF NOT EXISTS contributions_withdrawn ON contributions (event_id)"
               " WHERE withdrawn = 1")
    # Every phone's snapshot has the event's action plan: its rows by kind, not every item.
    db.execute("CREATE INDEX IF NOT EXISTS contributions_kind ON contributions (event_id, kind)")


# A contribution as every reader wants it: with its author's name and whether it is pinned.
CONTRIBUTION_ROWS = (
    "SELECT c.*, p.name AS author_name, p.organisation AS author_org,"
    " (SELECT pinned_id FROM events e WHERE e.id = c.event_id) = c.id AS pinned"
    " FROM contributions c LEFT JOIN participants p ON p.id = c.author_id")



class ContributionsStore:
    def add_contribution(self, event_id: int, participant: dict | None, token: str | None,
                         client_id: str, kind: str, text: str, anonymous: bool, now: float,
                         audience: str = "wall", activity_id: int | None = None,
                         step_id: str | None = None, topic: str | None = None,
                         meta: dict | None = None,
                         group_id: int | None = None) -> tuple[dict, list[dict], bool]:
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
                " anonymous, created_at, activity_id, step_id, topic, meta, shared, audience, group_id)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (event_id, client_id, kind, text, author_id, key, int(anonymous), now,
                 activity_id, step_id, topic, json.dumps(meta, ensure_ascii=False) if meta else None,
                 int(audience == "all"), audience, group_id),
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
        """Set moderation flags: hidden, starred, answered (Q&A), validated (read-back notes);
        ``meta``: an action row's cells (its status)."""
        columns = {flag: int(flags[flag]) for flag in ("hidden", "starred", "answered", "validated")
                   if flags.get(flag) is not None}
        if flags.get("meta") is not None:
            columns["meta"] = json.dumps(flags["meta"], ensure_ascii=False)
        return self._change(event_id, contribution_id, now, audience, columns,
                            leaves_wall=bool(flags.get("hidden")))

    def revise(self, event_id: int, contribution_id: int, now: float, audience: str, *,
               text: str | None = None, meta: dict | None = None,
               withdrawn: bool = False) -> tuple[dict, list[dict]]:
        """Correct an item's text or an action row's cells, or withdraw it. The log gets a
        ``contribution.updated`` with the item as it now reads, so a screen that replays the
        log ends on the correction; the original stays in the earlier ``contribution.created``."""
        columns: dict = {"edited_at": now}
        if text is not None:
            columns["text"] = text
        if meta is not None:
            columns["meta"] = json.dumps(meta, ensure_ascii=False)
        if withdrawn:
            columns["withdrawn"] = 1
        return self._change(event_id, contribution_id, now, audience, columns,
                            leaves_wall=withdrawn)

    def _change(self, event_id: int, contribution_id: int, now: float, audience: str,
                columns: dict, leaves_wall: bool) -> tuple[dict, list[dict]]:
        """One change of an item (moderation, correction, withdrawal) and what tells the screens,
        in one transaction: ``contribution.updated`` to the item's audience, ``contribution.mine``
        to its author's phone (replayed to a phone that was away), and ``wall.pinned`` when an
        item that leaves the wall was pinned. ``columns``: fixed names, never from a payload."""
        with self.write() as conn:
            row = self._contribution(conn, contribution_id)
            if not row or row["event_id"] != event_id:
                raise NotFound(contribution_id)
            if columns:
                sets = ", ".join(f"{name} = ?" for name in columns)
                conn.execute(f"UPDATE contributions SET {sets} WHERE id = ?",
                             (*columns.values(), contribution_id))
            unpinned = leaves_wall and bool(row["pinned"])
            if unpinned:
                conn.execute("UPDATE events SET pinned_id = NULL WHERE id = ?", (event_id,))
            row = self._contribution(conn, contribution_id)
            entries = [self._append_log(conn, event_id, "contribution.updated", audience,
                                        public_contribution(row), now),
                       self._own_entry(conn, row, now)]
            if unpinned:
                entries.append(self._append_log(conn, event_id, "wall.pinned", "wall",
                                                {"id": None, "contribution": None}, now))
        return row, entries

    def _own_entry(self, conn, row: dict, now: float) -> dict:
        """The item as its author's phone sees it, to that phone alone and in the log: a phone
        that was away replays what the facilitator did to its posts (docs/protocol.md §3.4, §3.5)."""
        return self._append_log(conn, row["event_id"], "contribution.mine", owner_audience(row),
                                own_contribution(row), now)

    def pin(self, event_id: int, contribution_id: int | None, now: float) -> tuple[dict | None, list[dict]]:
        """Pin one visible contribution to the projector (None unpins)."""
        with self.write() as conn:
            row = None
            if contribution_id is not None:
                row = self._contribution(conn, contribution_id)
                if not row or row["event_id"] != event_id or row["hidden"] or row["withdrawn"]:
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
                      audiences: tuple[str, ...] | None = None,
                      kinds: tuple[str, ...] | None = None,
                      before_id: int | None = None) -> list[dict]:
        """Newest first; optionally those of one activity (and one of its steps), only those
        created for some audiences (the projector's, a phone's shared list), only those older
        than ``before_id`` (the dashboard's pages). An item its author withdrew is in no list
        (nor in the restitution); only its author's own list keeps it."""
        where, params = " AND c.withdrawn = 0", [event_id]
        if before_id is not None:
            where += " AND c.id < ?"
            params.append(before_id)
        if not include_hidden:
            where += " AND c.hidden = 0"
        if audiences is not None:
            where += f" AND c.audience IN ({','.join('?' * len(audiences))})"
            params.extend(audiences)
        if kinds is not None:
            where += f" AND c.kind IN ({','.join('?' * len(kinds))})"
            params.extend(kinds)
        if activity_id is not None:
            where += " AND c.activity_id = ?"
            params.append(activity_id)
        # One activity's items are found through its own index; "+" keeps the planner off the
        # event's index, which would walk every item of the event (store/sync.py).
        event = "+c.event_id" if activity_id is not None else "c.event_id"
        if step_id is not None:
            where += " AND c.step_id = ?"
            params.append(step_id)
        with self.read() as conn:
            return [dict(r) for r in conn.execute(
                f"{CONTRIBUTION_ROWS} WHERE {event} = ?{where} ORDER BY c.id DESC LIMIT ?",
                (*params, limit))]

    def contributions_of(self, event_id: int, participant: dict, token: str, limit: int = 200) -> list[dict]:
        """A phone's own history, anonymous items included (found through the owner key)."""
        with self.read() as conn:
            return [dict(r) for r in conn.execute(
                f"{CONTRIBUTION_ROWS} WHERE c.id IN (SELECT id FROM contributions WHERE owner_key = ?"
                " UNION ALL SELECT id FROM contributions WHERE author_id = ?) AND +c.event_id = ?"
                " ORDER BY c.id DESC LIMIT ?", (owner_key(token), participant["id"], event_id, limit))]

    def has_client_id(self, event_id: int, client_id: str) -> bool:
        with self.read() as conn:
            return conn.execute("SELECT 1 FROM contributions WHERE event_id = ? AND client_id = ?",
                                (event_id, client_id)).fetchone() is not None

    def count_contributions(self, event_id: int) -> int:
        with self.read() as conn:
            return conn.execute("SELECT COUNT(*) FROM contributions WHERE event_id = ?",
                                (event_id,)).fetchone()[0]

    def count_contributors(self, event_id: int, activity_id: int | None = None) -> int:
        """How many people wrote something: named authors and anonymous phones (by owner key),
        counted, never listed."""
        where, params = "", [event_id]
        if activity_id is not None:
            where, params = " AND activity_id = ?", [event_id, activity_id]
        with self.read() as conn:
            return conn.execute(
                "SELECT COUNT(DISTINCT COALESCE('a' || author_id, 'k' || owner_key)) FROM contributions"
                f" WHERE event_id = ?{where} AND (author_id IS NOT NULL OR owner_key IS NOT NULL)",
                params).fetchone()[0]

    def _replay_redactor(self, conn, event_id: int, audiences: tuple[str, ...]):
        if "staff" in audiences:
            return lambda _type, data: data
        hidden = {r[0] for r in conn.execute(  # through the partial indexes (store/sync.py, migration 10)
            "SELECT id FROM contributions WHERE event_id = ? AND hidden = 1"
            " UNION SELECT id FROM contributions WHERE event_id = ? AND withdrawn = 1",
            (event_id, event_id))}
        return lambda type_, data: redacted(type_, data, hidden)


def owner_audience(row: dict) -> str:
    """Who owns an item: ``author:<participant id>`` for a named one, ``owner:<owner key>`` for
    an anonymous one (the key, never the person: store/keys.py)."""
    return f"author:{row['author_id']}" if row["author_id"] else f"owner:{row['owner_key']}"


def owner_audiences(participant: dict, token: str) -> tuple[str, str]:
    """The two owner audiences of one phone (its named items and its anonymous ones)."""
    return f"author:{participant['id']}", f"owner:{owner_key(token)}"


def redacted(type_: str, data: dict, hidden: set[int]) -> dict | None:
    """A screen that was away while an item was hidden (or withdrawn by its author) must not
    receive its text again.

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

