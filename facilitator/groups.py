"""Breakout groups, the service: reads the room, applies room/groups.py, room/group_rounds.py
and room/sheet.py, writes rows and the log entries that tell the screens (docs/protocol.md §10).
No Flask and no Socket.IO: handlers (realtime/groups.py) call this and broadcast.

Every change is one transaction with its entries (``@one_transaction``, as activities.py).
Views (what a group, its members, the snapshot parts look like) are in groups_views.py.
"""
from __future__ import annotations

import random

from .activities import Activities, one_transaction
from .groups_views import GroupsViews, org_key
from .room import group_rounds, groups as rules, sheet as sheets
from .room.contributions import clean_name, clean_text
from .room.errors import RoomError
from .room.payload import is_id, require_id
from .store import Store

CHANGED_ENTRY = "groups.changed"
PROGRESS_ENTRY = "groups.progress"
BREAKOUT = "breakout"
MAX_ORGANISATIONS = 200
FORM_KEYS = ("activity_id", "strategy", "count", "size", "themes", "per_theme", "capacity",
             "balance_by", "keep_from", "seed", "tables")
BALANCE_BY = (["organisation"], ["organisation", "attribute"])


def check_keys(payload: dict, allowed) -> None:
    """An unknown key is refused by name, never dropped (docs/protocol.md §10.4)."""
    for key in payload:
        if key not in allowed:
            raise RoomError("unknown_field", field=str(key)[:40])


def layers_of(fmt) -> list[tuple[str, int, bool]]:
    """(layer, rounds, hosts) of a format's group steps, in step order, circle left out."""
    found: dict[str, tuple[str, int, bool]] = {}
    for step in fmt.steps:
        if step.groups and step.groups != "circle" and step.groups not in found:
            rounds = len(step.parts) if step.groups == "tables" else 1
            found[step.groups] = (step.groups, rounds, step.hosts)
    return list(found.values())


class Groups(GroupsViews):
    def __init__(self, store: Store, activities: Activities, max_text: int, clock):
        self.store = store
        self.clock = clock
        self.activities = activities
        self.max_text = max_text

    # --- organisations ------------------------------------------------------------------------

    @one_transaction
    def set_organisations(self, event_id: int, rows, now: float) -> list[dict]:
        if not isinstance(rows, list) or len(rows) > MAX_ORGANISATIONS:
            raise RoomError("bad_organisations", index=0)
        cleaned, seen = [], set()
        for index, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                raise RoomError("bad_organisations", index=index)
            check_keys(row, ("code", "name", "kind"))
            try:
                code = clean_name(row.get("code"), limit=20)
                name = clean_name(row.get("name"), limit=120)
                kind = clean_name(row.get("kind"), limit=60)
            except RoomError:
                raise RoomError("bad_organisations", index=index) from None
            if not code or not name or org_key(code) in seen:
                raise RoomError("bad_organisations", index=index)
            seen.add(org_key(code))
            cleaned.append({"code": code, "name": name, "kind": kind})
        self.store.set_organisations(event_id, cleaned)
        return [self.store.log(event_id, "organisations.updated", "staff",
                               {"organisations": cleaned}, now)]

    # --- forming ------------------------------------------------------------------------------

    @one_transaction
    def form(self, event_id: int, payload: dict, now: float) -> list[dict]:
        check_keys(payload, FORM_KEYS)
        activity = self.activities.get(event_id, payload.get("activity_id"))
        fmt = self.activities.format_of(activity)
        layers = layers_of(fmt)
        if not layers:
            raise RoomError("no_group_steps")
        if self.store.group_in_use(activity["id"]):
            raise RoomError("groups_in_use")
        strategy = payload.get("strategy", "random")
        seed = payload.get("seed")
        if seed is None:
            seed = random.SystemRandom().randrange(2**31)
        elif not is_id(seed):
            raise RoomError("bad_field", field="seed")
        balance_by = payload.get("balance_by", ["organisation"])
        if balance_by not in BALANCE_BY:
            raise RoomError("bad_field", field="balance_by")
        people = self.store.list_participants(event_id)
        ids = [p["id"] for p in people]
        groups = []
        for layer, rounds, hosts in layers:
            if layer == BREAKOUT:
                groups += self._deal_breakout(event_id, activity, payload, strategy, people,
                                              balance_by, seed)
                continue
            if strategy != "random" or any(payload.get(k) is not None for k in
                                           ("count", "size", "per_theme", "capacity", "keep_from")):
                raise RoomError("unknown_strategy", strategy=str(strategy)[:20])
            groups += _deal_rounds(layer, rounds, hosts, ids, payload.get("tables"), seed)
        formation = {"strategy": strategy, "balance_by": balance_by, "seed": seed,
                     "layers": [layer for layer, _r, _h in layers]}
        self.store.replace_groups(event_id, activity["id"], formation, groups, now)
        ctx = self.context(activity)
        entries = [self.store.log(event_id, "groups.formed", "all", self.formation_view(ctx), now)]
        entries += [self._changed(ctx, g, now) for g in ctx.groups]
        return entries

    def _deal_breakout(self, event_id, activity, payload, strategy, people, balance_by,
                       seed) -> list[dict]:
        if strategy == "keep":
            return self._kept(event_id, payload, people)
        if strategy not in rules.STRATEGIES:
            raise RoomError("unknown_strategy", strategy=str(strategy)[:20])
        # No themes given: the activity's topics (the demo's five breakout themes).
        themes = payload.get("themes") or activity["topics"]
        if not isinstance(themes, list) or not all(isinstance(t, str) and t.strip() for t in themes):
            raise RoomError("bad_field", field="themes")
        themes = [" ".join(clean_text(t).split())[:200] for t in themes]
        per_theme = payload.get("per_theme")
        if per_theme is not None and not isinstance(per_theme, dict):
            raise RoomError("bad_field", field="per_theme")
        plan = rules.plan_groups(len(people), count=payload.get("count"), size=payload.get("size"),
                                 themes=themes, per_theme=per_theme, capacity=payload.get("capacity"))
        if strategy == "random":
            assignment = rules.deal_random([p["id"] for p in people], plan, seed=seed)
        elif strategy == "balanced":
            assignment = rules.deal_balanced([self.person(p, balance_by, event_id) for p in people],
                                             plan, seed=seed)
        else:
            assignment = {}
        return [{"layer": BREAKOUT, "round": 0, "idx": g.index, "theme": g.theme,
                 "capacity": g.capacity, "sheet": sheets.empty_sheet(g.theme or ""),
                 "members": [pid for pid, at in assignment.items() if at == g.index]}
                for g in plan]

    def _kept(self, event_id, payload, people) -> list[dict]:
        source = self.activities.get(event_id, payload.get("keep_from"))
        old = [g for g in self.store.groups_of(source["id"]) if g["layer"] == BREAKOUT]
        if not old:
            raise RoomError("no_groups")
        plan = [rules.PlannedGroup(g["idx"], g["theme"], g["capacity"]) for g in old]
        by_id = {g["id"]: g["idx"] for g in old}
        assignment = {m["participant_id"]: by_id[m["group_id"]]
                      for m in self.store.members_of(source["id"]) if m["group_id"] in by_id}
        assignment = rules.carry_over(assignment, plan, present=[p["id"] for p in people])
        for p in people:
            if p["id"] not in assignment:
                assignment[p["id"]] = rules.place_late(rules.Person(p["id"]), assignment, plan, "random")
        return [{"layer": BREAKOUT, "round": 0, "idx": g.index, "theme": g.theme,
                 "capacity": g.capacity, "sheet": sheets.empty_sheet(g.theme or ""),
                 "members": [pid for pid, at in assignment.items() if at == g.index]}
                for g in plan]

    # --- who is where ---------------------------------------------------------------------------

    @one_transaction
    def place_late(self, event_id: int, participant: dict, now: float) -> list[dict]:
        """A newcomer while the current activity has groups: placed in every layer and round
        by the activity's rule (self-selection: they choose)."""
        activity, _slots, _run = self.activities.current(event_id)
        if activity is None or self.store.group_set(activity["id"]) is None:
            return []
        ctx = self.context(activity)
        person = self.person(participant, ctx.formation["balance_by"], event_id)
        members = {p["id"]: self.person(p, ctx.formation["balance_by"], event_id)
                   for p in ctx.people.values()}
        placed = []
        for (layer, round_), groups in ctx.by_layer().items():
            rule = ctx.formation["strategy"] if layer == BREAKOUT else "random"
            rule = "random" if rule == "keep" else rule
            plan = [rules.PlannedGroup(g["idx"], g["theme"], g["capacity"]) for g in groups]
            assignment = ctx.assignment(layer, round_)
            if participant["id"] in assignment:
                continue
            idx = rules.place_late(person, assignment, plan, rule, members=members,
                                   seed=ctx.formation["seed"])
            if idx is not None:
                group = next(g for g in groups if g["idx"] == idx)
                self.store.place(activity["id"], layer, round_, participant["id"], group["id"])
                placed.append(group["id"])
        ctx = self.context(activity)
        return [self._changed(ctx, ctx.group(gid), now) for gid in placed]

    @one_transaction
    def move(self, event_id: int, payload: dict, now: float) -> tuple[dict, list[dict]]:
        check_keys(payload, ("activity_id", "participant_id", "group_id"))
        ctx = self._ctx(event_id, payload)
        group = self._group_of(ctx, payload.get("group_id"))
        pid = require_id(payload.get("participant_id"))
        if pid not in ctx.people:
            raise RoomError("not_found")
        return self._put(ctx, group, pid, now)

    @one_transaction
    def choose(self, event_id: int, participant_id: int, payload: dict, now: float):
        check_keys(payload, ("activity_id", "group_id", "theme"))
        ctx = self._ctx(event_id, payload)
        if ctx.formation["strategy"] != "self":
            raise RoomError("not_self_selection")
        groups = ctx.by_layer().get((BREAKOUT, 0), [])
        plan = [rules.PlannedGroup(g["idx"], g["theme"], g["capacity"]) for g in groups]
        index = None
        if payload.get("group_id") is not None:
            index = self._group_of(ctx, payload["group_id"])["idx"]
        theme = payload.get("theme")
        if theme is not None and not isinstance(theme, str):
            raise RoomError("bad_field", field="theme")
        assignment = rules.choose(ctx.assignment(BREAKOUT, 0), plan, participant_id,
                                  group=index, theme=theme)
        group = next(g for g in groups if g["idx"] == assignment[participant_id])
        return self._put(ctx, group, participant_id, now)

    def _put(self, ctx, group: dict, pid: int, now: float):
        old = ctx.assignment_ids(group["layer"], group["round"]).get(pid)
        if old == group["id"]:
            return self.group_entry(ctx, group), []
        self.store.place(ctx.activity["id"], group["layer"], group["round"], pid, group["id"])
        ctx = self.context(ctx.activity)
        entries = [self._changed(ctx, ctx.group(gid), now) for gid in (old, group["id"]) if gid]
        return entries[-1]["data"], entries

    # --- roles ----------------------------------------------------------------------------------

    @one_transaction
    def set_role(self, event_id: int, payload: dict, now: float):
        check_keys(payload, ("activity_id", "group_id", "role", "participant_id", "allow_second_role"))
        ctx = self._ctx(event_id, payload)
        group = self._group_of(ctx, payload.get("group_id"))
        pid = payload.get("participant_id")
        if pid is not None:
            require_id(pid)
        second = payload.get("allow_second_role", False)
        if not isinstance(second, bool):
            raise RoomError("bad_field", field="allow_second_role")
        roles = self._roles_rule(ctx, group, payload.get("role"))
        plan = [rules.PlannedGroup(g["idx"]) for g in ctx.by_layer()[(BREAKOUT, 0)]]
        new = rules.set_role(roles, ctx.assignment(BREAKOUT, 0), plan, group["idx"],
                             payload.get("role"), pid, allow_second_role=second)
        return self._save_roles(ctx, group, new, now)

    @one_transaction
    def take_role(self, event_id: int, participant_id: int, payload: dict, now: float):
        check_keys(payload, ("activity_id", "role"))
        ctx = self._ctx(event_id, payload)
        group = self._own_breakout(ctx, participant_id)
        roles = self._roles_rule(ctx, group, payload.get("role"))
        new = rules.take_role(roles, ctx.assignment(BREAKOUT, 0), participant_id, payload.get("role"))
        return self._save_roles(ctx, group, new, now)

    @one_transaction
    def release_role(self, event_id: int, participant_id: int, payload: dict, now: float):
        check_keys(payload, ("activity_id", "role"))
        ctx = self._ctx(event_id, payload)
        group = self._own_breakout(ctx, participant_id)
        role = payload.get("role")
        roles = self._roles_rule(ctx, group, role or rules.RAPPORTEUR)
        return self._save_roles(ctx, group, rules.release_role(roles, participant_id, role), now)

    def _roles_rule(self, ctx, group: dict, role) -> dict:
        if group["layer"] != BREAKOUT or role not in rules.ROLES:
            raise RoomError("unknown_group_role", role=str(role)[:20])
        return ctx.roles()

    def _save_roles(self, ctx, group: dict, roles: dict, now: float):
        held = roles.get(group["idx"], {})
        self.store.set_group_roles(group["id"], {pid: role for role, pid in held.items()})
        ctx = self.context(ctx.activity)
        entry = self._changed(ctx, ctx.group(group["id"]), now)
        return entry["data"], [entry]

    def _own_breakout(self, ctx, participant_id: int) -> dict:
        gid = ctx.assignment_ids(BREAKOUT, 0).get(participant_id)
        if gid is None:
            raise RoomError("not_in_group")
        return ctx.group(gid)

    # --- calls, messages, time, sharing, the projector ----------------------------------------

    @one_transaction
    def call(self, event_id: int, participant_id: int | None, payload: dict, now: float,
             answered: bool = False):
        check_keys(payload, ("activity_id", "group_id") if answered else ("activity_id",))
        ctx = self._ctx(event_id, payload)
        if answered:
            group = self._group_of(ctx, payload.get("group_id"))
        else:
            group = self.phone_group(ctx, participant_id) or self._own_breakout(ctx, participant_id)
        self.store.update_group(group["id"], call_at=None if answered else now)
        ctx = self.context(ctx.activity)
        view = self.group_view(ctx, ctx.group(group["id"]))
        return view, [self.store.log(event_id, "groups.call", "staff",
                                     {"activity_id": ctx.activity["id"], "group_id": group["id"],
                                      "number": view["number"], "call": view["call"]}, now)]

    @one_transaction
    def message(self, event_id: int, payload: dict, now: float):
        check_keys(payload, ("activity_id", "group_id", "text"))
        ctx = self._ctx(event_id, payload)
        text = self._text(payload.get("text"), self.max_text)
        message = {"text": text, "at": now}
        if payload.get("group_id") is None:
            self.store.update_group_set(ctx.activity["id"], message=message)
            gid, audience = None, "all"
        else:
            gid = self._group_of(ctx, payload["group_id"])["id"]
            self.store.update_group(gid, message=message)
            audience = f"group:{gid}"
        data = {"activity_id": ctx.activity["id"], "group_id": gid, **message}
        return data, [self.store.log(event_id, "groups.message", audience, data, now)]

    @one_transaction
    def add_time(self, event_id: int, payload: dict, now: float):
        check_keys(payload, ("activity_id", "group_id", "minutes"))
        ctx = self._ctx(event_id, payload)
        minutes = payload.get("minutes")
        if not isinstance(minutes, (int, float)) or isinstance(minutes, bool) or not -60 <= minutes <= 60:
            raise RoomError("bad_minutes", min=-60, max=60)
        targets = ([self._group_of(ctx, payload["group_id"])] if payload.get("group_id") is not None
                   else ctx.groups)
        for g in targets:
            self.store.update_group(g["id"], extra_s=max(0.0, (g["extra_s"] or 0) + minutes * 60))
        ctx = self.context(ctx.activity)
        data = {"activity_id": ctx.activity["id"], "groups": [
            {"id": g["id"], "extra_s": v["extra_s"], "ends_at": v["ends_at"]}
            for g in (ctx.group(t["id"]) for t in targets) for v in [self.group_view(ctx, g)]]}
        return data, [self.store.log(event_id, "groups.time", "all", data, now)]

    @one_transaction
    def share(self, event_id: int, payload: dict, now: float):
        check_keys(payload, ("activity_id", "group_id", "shared"))
        ctx = self._ctx(event_id, payload)
        group = self._group_of(ctx, payload.get("group_id"))
        shared = payload.get("shared")
        if not isinstance(shared, bool):
            raise RoomError("bad_field", field="shared")
        self.store.update_group(group["id"], shared=int(shared))
        ctx = self.context(ctx.activity)
        data = {"activity_id": ctx.activity["id"], "group_id": group["id"], "shared": shared,
                "group": self.group_view(ctx, ctx.group(group["id"])),
                "stream": self.stream(group["id"]) if shared else []}
        return data, [self.store.log(event_id, "groups.shared", "all", data, now)]

    @one_transaction
    def project(self, event_id: int, payload: dict, now: float):
        check_keys(payload, ("activity_id", "view", "group_id"))
        ctx = self._ctx(event_id, payload)
        view = payload.get("view")
        if view not in ("progress", "group"):
            raise RoomError("bad_field", field="view")
        gid = self._group_of(ctx, payload.get("group_id"))["id"] if view == "group" else None
        self.store.update_group_set(ctx.activity["id"], projected={"view": view, "group_id": gid})
        data = self.projector_part(self.context(ctx.activity))
        return data, [self.store.log(event_id, "groups.projected", "wall", data, now)]

    # --- the sheet ------------------------------------------------------------------------------

    @one_transaction
    def edit_sheet(self, event_id: int, by: int | None, payload: dict, now: float):
        """``by``: the phone's participant id, None for the facilitator."""
        check_keys(payload, ("activity_id", "group_id", "edit"))
        ctx = self._ctx(event_id, payload)
        group = self._group_of(ctx, payload.get("group_id"))
        if group["sheet"] is None:
            raise RoomError("no_sheet")
        if by is None:
            role = "facilitator"
        elif ctx.assignment_ids(group["layer"], group["round"]).get(by) != group["id"]:
            raise RoomError("not_member", group=group["idx"] + 1)
        else:
            role = "rapporteur" if ctx.role_of(by) == rules.RAPPORTEUR else "member"
        edit = sheets.clean_sheet_patch(payload.get("edit"), self.max_text)
        return self._apply(ctx, group, edit, by if by is not None else "facilitator", role, now)

    @one_transaction
    def reopen_sheet(self, event_id: int, payload: dict, now: float):
        check_keys(payload, ("activity_id", "group_id"))
        ctx = self._ctx(event_id, payload)
        group = self._group_of(ctx, payload.get("group_id"))
        if group["sheet"] is None:
            raise RoomError("no_sheet")
        return self._apply(ctx, group, {"op": "reopen"}, "facilitator", "facilitator", now)

    def _apply(self, ctx, group, edit, by, role, now):
        sheet, result = sheets.apply_edit(group["sheet"], edit, by=by, role=role)
        if result["op"] == "propose":  # the rapporteur's phone shows it without a resync
            result["proposal"] = next(x for x in sheet["proposals"] if x["id"] == edit["item"])
        progress = sheets.progress(sheet)
        answer = {"result": result, "rev": sheet["rev"], "status": sheet["status"],
                  "progress": progress}
        if result["status"] in ("unchanged", "kept"):
            return answer, []
        self.store.update_group(group["id"], sheet=sheet)
        base = {"activity_id": ctx.activity["id"], "group_id": group["id"]}
        if result["status"] == "submitted":
            entry = self.store.log(ctx.activity["event_id"], "sheet.submitted", "all",
                                   {**base, "number": group["idx"] + 1, "theme": group["theme"],
                                    "sheet": sheet, "progress": progress}, now)
        elif result["status"] == "reopened":
            entry = self.store.log(ctx.activity["event_id"], "sheet.reopened", "all",
                                   {**base, "rev": sheet["rev"], "status": sheet["status"]}, now)
        else:
            entry = self.store.log(ctx.activity["event_id"], "sheet.updated", f"group:{group['id']}",
                                   {**base, **answer}, now)
            if progress != sheets.progress(group["sheet"]):
                # The wall's all-groups view follows the drafts: the progress alone, never their
                # text, and only when it moves (not on every save as people type).
                return answer, [entry, self.store.log(
                    ctx.activity["event_id"], PROGRESS_ENTRY, "wall",
                    {**base, "status": sheet["status"], "progress": progress}, now)]
        return answer, [entry]

    # --- the report-back ------------------------------------------------------------------------

    @one_transaction
    def report_order(self, event_id: int, payload: dict, now: float):
        check_keys(payload, ("activity_id", "order"))
        ctx = self._ctx(event_id, payload)
        order = payload.get("order")
        breakout = {g["id"] for g in ctx.groups if g["layer"] == BREAKOUT}
        if (not isinstance(order, list) or not order or not all(is_id(i) for i in order)
                or len(set(order)) != len(order) or not set(order) <= breakout):
            raise RoomError("bad_report_order")
        report = {**ctx.formation.get("report", {}), "order": order, "index": None,
                  "started_at": None, "ends_at": None}
        return self._save_report(ctx, report, now)

    @one_transaction
    def report_go(self, event_id: int, payload: dict, now: float):
        check_keys(payload, ("activity_id", "index"))
        ctx = self._ctx(event_id, payload)
        report = self.report_view(ctx)
        index = payload.get("index")
        if not is_id(index) or not 0 <= index < len(report["order"]):
            raise RoomError("bad_slot", index=str(index)[:10], count=len(report["order"]))
        duration = report["duration_s"]
        report = {"order": report["order"], "index": index, "started_at": now, "ends_at": now + duration}
        return self._save_report(ctx, report, now)

    def _save_report(self, ctx, report, now):
        self.store.update_group_set(ctx.activity["id"], report=report)
        view = self.report_view(self.context(ctx.activity))
        return view, [self.store.log(ctx.activity["event_id"], "report.state", "all", view, now)]

    @one_transaction
    def reaction(self, event_id: int, payload: dict, now: float):
        check_keys(payload, ("activity_id", "group_id", "text"))
        ctx = self._ctx(event_id, payload)
        group = self._group_of(ctx, payload.get("group_id"))
        reactions = [*(group["reactions"] or []), {"text": self._text(payload.get("text"),
                                                                      self.max_text), "at": now}]
        self.store.update_group(group["id"], reactions=reactions)
        data = {"activity_id": ctx.activity["id"], "group_id": group["id"], "reactions": reactions}
        return data, [self.store.log(event_id, "report.reaction", "wall", data, now)]

    @one_transaction
    def synthesis(self, event_id: int, payload: dict, now: float):
        check_keys(payload, ("activity_id", "text"))
        ctx = self._ctx(event_id, payload)
        text = payload.get("text")
        text = "" if text == "" else self._text(text, 4 * self.max_text)
        self.store.update_group_set(ctx.activity["id"], synthesis=text)
        data = {"activity_id": ctx.activity["id"], "text": text}
        return data, [self.store.log(event_id, "report.synthesis", "wall", data, now)]

    # --- posts ----------------------------------------------------------------------------------

    def post_target(self, activity: dict | None, fmt, slot, participant_id: int):
        """(group id, audience) of a post: in a group step, the poster's group and its
        audience; in a contributors = "group" step, the group of the last layer before it and
        the step's usual audience (None); else (None, None)."""
        if activity is None or slot is None:
            return None, None
        layer, round_, own = slot.groups, slot.group_round, True
        if not layer and slot.contributors == "group":
            earlier = [s.groups for s in fmt.steps[:slot.step_index] if s.groups not in ("", "circle")]
            layer, round_, own = (earlier[-1] if earlier else ""), 0, False
        if not layer or layer == "circle" or self.store.group_set(activity["id"]) is None:
            return None, None
        gid = self.store.group_of_member(activity["id"], layer, round_, participant_id)
        if gid is None:
            raise RoomError("not_in_group")
        if own:
            return gid, f"group:{gid}"
        if self.store.group_posted(activity["id"], slot.step_id, gid):
            raise RoomError("group_already_posted")
        return gid, None

    # --- helpers --------------------------------------------------------------------------------

    def _ctx(self, event_id: int, payload: dict):
        activity = self.activities.get(event_id, payload.get("activity_id"))
        if self.store.group_set(activity["id"]) is None:
            raise RoomError("no_groups")
        return self.context(activity)

    def _group_of(self, ctx, group_id) -> dict:
        group = ctx.group(require_id(group_id)) if is_id(group_id) else None
        if group is None:
            raise RoomError("unknown_group", group=str(group_id)[:20])
        return group

    def _text(self, raw, limit: int) -> str:
        if not isinstance(raw, str):
            raise RoomError("bad_field", field="text")
        text = clean_text(raw)
        if not text:
            raise RoomError("text_empty")
        if len(text) > limit:
            raise RoomError("text_too_long", max=limit)
        return text

    def _changed(self, ctx, group: dict, now: float) -> dict:
        return self.store.log(ctx.activity["event_id"], CHANGED_ENTRY, f"group:{group['id']}",
                              self.group_entry(ctx, group), now)


def _deal_rounds(layer: str, rounds: int, hosts: bool, ids: list, tables, seed) -> list[dict]:
    """The groups of a rounds layer: 1-2-4-All's pairs or fours, café tables per round."""
    if layer in ("pairs", "fours"):
        dealt = group_rounds.one_two_four(ids, seed=seed)
        return [{"layer": layer, "round": 0, "idx": i, "members": list(g)}
                for i, g in enumerate(dealt.pairs if layer == "pairs" else dealt.fours)]
    if tables is not None and not is_id(tables):
        raise RoomError("bad_field", field="tables")
    if hosts:
        cafe = group_rounds.world_cafe(ids, rounds=rounds, tables=tables, seed=seed)
        host_of = list(cafe.hosts)
    else:
        cafe = group_rounds.knowledge_cafe(ids, rounds=rounds, seed=seed)
        host_of = None
    return [{"layer": layer, "round": r, "idx": t, "members": list(table),
             "host": host_of[t] if host_of else None}
            for r, round_ in enumerate(cafe.rounds) for t, table in enumerate(round_)]

