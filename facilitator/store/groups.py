"""Breakout groups: the event's organisations, each activity's groups, their members and roles,
sheets, calls, messages, extra time, the report-back. Rows only: the rules are room/groups.py,
room/group_rounds.py and room/sheet.py, applied by facilitator/groups.py.

A group belongs to one activity, one *layer* (the format step's ``groups``: breakout, pairs,
fours, tables) and one round (café tables: one a part; else 0). Its id is the audience
``group:<id>`` of what only its members and the staff may receive.
"""
from __future__ import annotations

import json

import sqlite_utils


def migration_5(db: sqlite_utils.Database) -> None:
    """Organisations of an event, the groups of activities, their members; group posts."""
    db["organisations"].create({"event_id": int, "code": str, "name": str, "kind": str,
                                "position": int}, pk=("event_id", "code"))
    db["participants"].add_column("attribute", str)
    db["contributions"].add_column("group_id", int)
    db["contributions"].create_index(["group_id"])
    db["group_sets"].create(
        {"activity_id": int, "event_id": int, "strategy": str, "balance_by": str, "seed": int,
         "layers": str, "created_at": float, "report": str, "synthesis": str, "projected": str,
         "message": str},
        pk="activity_id", defaults={"report": "{}", "synthesis": "", "projected": "{}"})
    db["groups"].create(
        {"id": int, "event_id": int, "activity_id": int, "layer": str, "round": int,
         "idx": int, "theme": str, "capacity": int, "host": int, "shared": int,
         "extra_s": float, "call_at": float, "sheet": str, "reactions": str, "message": str},
        pk="id", defaults={"shared": 0, "extra_s": 0, "reactions": "[]"})
    db["groups"].create_index(["activity_id", "layer", "round", "idx"], unique=True)
    db["groups"].create_index(["event_id"])
    db["group_members"].create(
        {"activity_id": int, "layer": str, "round": int, "participant_id": int,
         "group_id": int, "role": str},
        pk=("activity_id", "layer", "round", "participant_id"))
    db["group_members"].create_index(["participant_id"])
    db["group_members"].create_index(["group_id"])


def _loads(row, *keys) -> dict:
    out = dict(row)
    for key in keys:
        if out.get(key) is not None:
            out[key] = json.loads(out[key])
    return out


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


class GroupsStore:
    # --- organisations ------------------------------------------------------------------------

    def set_organisations(self, event_id: int, organisations: list[dict]) -> None:
        with self.write() as conn:
            conn.execute("DELETE FROM organisations WHERE event_id = ?", (event_id,))
            conn.executemany(
                "INSERT INTO organisations (event_id, code, name, kind, position) VALUES (?,?,?,?,?)",
                [(event_id, o["code"], o["name"], o.get("kind") or "", i)
                 for i, o in enumerate(organisations)])

    def organisations(self, event_id: int) -> list[dict]:
        with self.read() as conn:
            return [{"code": r["code"], "name": r["name"], "kind": r["kind"]} for r in conn.execute(
                "SELECT * FROM organisations WHERE event_id = ? ORDER BY position", (event_id,))]

    def set_attribute(self, participant_id: int, attribute: str | None) -> None:
        with self.write() as conn:
            conn.execute("UPDATE participants SET attribute = ? WHERE id = ?",
                         (attribute or None, participant_id))

    # --- an activity's groups -----------------------------------------------------------------

    def replace_groups(self, event_id: int, activity_id: int, formation: dict,
                       groups: list[dict], now: float) -> None:
        """The activity's groups anew: ``groups`` are {layer, round, idx, theme, capacity,
        host, sheet, members: [participant ids]}."""
        with self.write() as conn:
            conn.execute("DELETE FROM group_members WHERE activity_id = ?", (activity_id,))
            conn.execute("DELETE FROM groups WHERE activity_id = ?", (activity_id,))
            conn.execute("DELETE FROM group_sets WHERE activity_id = ?", (activity_id,))
            conn.execute(
                "INSERT INTO group_sets (activity_id, event_id, strategy, balance_by, seed, layers,"
                " created_at) VALUES (?,?,?,?,?,?,?)",
                (activity_id, event_id, formation["strategy"], _dumps(formation["balance_by"]),
                 formation["seed"], _dumps(formation["layers"]), now))
            for g in groups:
                cur = conn.execute(
                    "INSERT INTO groups (event_id, activity_id, layer, round, idx, theme, capacity,"
                    " host, sheet) VALUES (?,?,?,?,?,?,?,?,?)",
                    (event_id, activity_id, g["layer"], g["round"], g["idx"], g.get("theme"),
                     g.get("capacity"), g.get("host"),
                     _dumps(g["sheet"]) if g.get("sheet") is not None else None))
                conn.executemany(
                    "INSERT INTO group_members (activity_id, layer, round, participant_id, group_id)"
                    " VALUES (?,?,?,?,?)",
                    [(activity_id, g["layer"], g["round"], pid, cur.lastrowid) for pid in g["members"]])

    def group_set(self, activity_id: int) -> dict | None:
        with self.read() as conn:
            row = conn.execute("SELECT * FROM group_sets WHERE activity_id = ?",
                               (activity_id,)).fetchone()
        return _loads(row, "balance_by", "layers", "report", "projected", "message") if row else None

    def update_group_set(self, activity_id: int, **fields) -> None:
        with self.write() as conn:
            for key, value in fields.items():
                if key not in ("report", "synthesis", "projected", "message"):
                    raise ValueError(key)
                conn.execute(f"UPDATE group_sets SET {key} = ? WHERE activity_id = ?",
                             (value if key == "synthesis" else _dumps(value), activity_id))

    def groups_of(self, activity_id: int) -> list[dict]:
        with self.read() as conn:
            return [_loads(r, "sheet", "reactions", "message") for r in conn.execute(
                "SELECT * FROM groups WHERE activity_id = ? ORDER BY layer, round, idx",
                (activity_id,))]

    def group(self, event_id: int, group_id: int) -> dict | None:
        with self.read() as conn:
            row = conn.execute("SELECT * FROM groups WHERE id = ? AND event_id = ?",
                               (group_id, event_id)).fetchone()
        return _loads(row, "sheet", "reactions", "message") if row else None

    def update_group(self, group_id: int, **fields) -> None:
        with self.write() as conn:
            for key, value in fields.items():
                if key not in ("shared", "extra_s", "call_at", "sheet", "reactions", "message"):
                    raise ValueError(key)
                if key in ("sheet", "reactions", "message") and value is not None:
                    value = _dumps(value)
                conn.execute(f"UPDATE groups SET {key} = ? WHERE id = ?", (value, group_id))

    # --- members ------------------------------------------------------------------------------

    def members_of(self, activity_id: int) -> list[dict]:
        """{participant_id, group_id, role, layer, round} of every member of the activity."""
        with self.read() as conn:
            return [dict(r) for r in conn.execute(
                "SELECT participant_id, group_id, role, layer, round FROM group_members"
                " WHERE activity_id = ?", (activity_id,))]

    def group_of_member(self, activity_id: int, layer: str, round_: int,
                        participant_id: int) -> int | None:
        """The group one person is in for one layer and round (the primary key: one row)."""
        with self.read() as conn:
            row = conn.execute(
                "SELECT group_id FROM group_members WHERE activity_id = ? AND layer = ?"
                " AND round = ? AND participant_id = ?",
                (activity_id, layer, round_, participant_id)).fetchone()
        return row[0] if row else None

    def place(self, activity_id: int, layer: str, round_: int, participant_id: int,
              group_id: int | None) -> None:
        """Put someone in a group of one layer and round (None: in none); their role goes."""
        with self.write() as conn:
            conn.execute("DELETE FROM group_members WHERE activity_id = ? AND layer = ?"
                         " AND round = ? AND participant_id = ?",
                         (activity_id, layer, round_, participant_id))
            if group_id is not None:
                conn.execute("INSERT INTO group_members (activity_id, layer, round,"
                             " participant_id, group_id) VALUES (?,?,?,?,?)",
                             (activity_id, layer, round_, participant_id, group_id))

    def set_group_roles(self, group_id: int, roles: dict[int, str]) -> None:
        """The roles of one group's members, {participant_id: role}; others have none."""
        with self.write() as conn:
            conn.execute("UPDATE group_members SET role = NULL WHERE group_id = ?", (group_id,))
            conn.executemany("UPDATE group_members SET role = ? WHERE group_id = ? AND participant_id = ?",
                             [(role, group_id, pid) for pid, role in roles.items()])

    def phone_groups(self, activity_id: int, participant_id: int) -> tuple[list, list, list]:
        """One phone's share of an activity's groups: (groups, members, participants) of the
        groups it is in and of the shared ones. A phone's sync reads this, not the whole room:
        at 1000 phones in 150 groups, reading every group, member and participant cost each
        sync ~20 ms (docs/performance.md, "Breakout groups")."""
        with self.read() as conn:
            ids = {r[0] for r in conn.execute(
                "SELECT group_id FROM group_members WHERE participant_id = ? AND activity_id = ?"
                " UNION SELECT id FROM groups WHERE activity_id = ? AND shared = 1",
                (participant_id, activity_id, activity_id))}
            marks = ",".join("?" * len(ids))
            groups = [_loads(r, "sheet", "reactions", "message") for r in conn.execute(
                f"SELECT * FROM groups WHERE id IN ({marks}) ORDER BY layer, round, idx",
                tuple(ids))]
            members = [dict(r) for r in conn.execute(
                "SELECT participant_id, group_id, role, layer, round FROM group_members"
                f" WHERE group_id IN ({marks})", tuple(ids))]
            people = [dict(r) for r in conn.execute(
                "SELECT * FROM participants WHERE id IN (SELECT participant_id FROM group_members"
                f" WHERE group_id IN ({marks})) ORDER BY id", tuple(ids))]
        return groups, members, people

    # --- audiences ----------------------------------------------------------------------------

    def groups_of_participant(self, participant_id: int) -> list[int]:
        with self.read() as conn:
            return [r[0] for r in conn.execute(
                "SELECT group_id FROM group_members WHERE participant_id = ?", (participant_id,))]

    def memberships(self, event_id: int) -> dict[int, list[int]]:
        """{participant id: [group ids]} for the whole event, in one read (rearranging the
        sockets' group rooms after a change asks this once, not once per phone)."""
        out: dict[int, list[int]] = {}
        with self.read() as conn:
            for pid, gid in conn.execute(
                    "SELECT m.participant_id, m.group_id FROM group_members m"
                    " JOIN groups g ON g.id = m.group_id WHERE g.event_id = ?", (event_id,)):
                out.setdefault(pid, []).append(gid)
        return out

    def group_ids(self, event_id: int, *, shared_only: bool = False) -> list[int]:
        with self.read() as conn:
            return [r[0] for r in conn.execute(
                "SELECT id FROM groups WHERE event_id = ?" + (" AND shared = 1" if shared_only else ""),
                (event_id,))]

    def projected_groups(self, event_id: int) -> list[int]:
        with self.read() as conn:
            rows = conn.execute("SELECT projected FROM group_sets WHERE event_id = ?",
                                (event_id,)).fetchall()
        return [p["group_id"] for p in (json.loads(r[0] or "{}") for r in rows)
                if p.get("view") == "group" and p.get("group_id")]

    def group_in_use(self, activity_id: int) -> bool:
        """Whether any group of the activity has a post or a sheet edit: forming again would
        throw that work away."""
        with self.read() as conn:
            posts = conn.execute("SELECT 1 FROM contributions c JOIN groups g ON g.id = c.group_id"
                                 " WHERE g.activity_id = ? LIMIT 1", (activity_id,)).fetchone()
            sheets = conn.execute("SELECT sheet FROM groups WHERE activity_id = ? AND sheet IS NOT"
                                  " NULL", (activity_id,)).fetchall()
        return bool(posts) or any(json.loads(r[0])["rev"] > 0 for r in sheets)

    def group_contributions(self, group_id: int, limit: int = 200) -> list[dict]:
        from .contributions import CONTRIBUTION_ROWS
        with self.read() as conn:
            return [dict(r) for r in conn.execute(
                f"{CONTRIBUTION_ROWS} WHERE c.group_id = ? AND c.hidden = 0 AND c.withdrawn = 0 ORDER BY c.id DESC LIMIT ?",
                (group_id, limit))]

    def group_posted(self, activity_id: int, step_id: str, group_id: int) -> bool:
        with self.read() as conn:
            return conn.execute("SELECT 1 FROM contributions WHERE activity_id = ? AND step_id = ?"
                                " AND group_id = ? AND hidden = 0 AND withdrawn = 0 LIMIT 1",
                                (activity_id, step_id, group_id)).fetchone() is not None
