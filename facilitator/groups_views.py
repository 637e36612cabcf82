"""Breakout groups, what screens see: a group, its members, the formation, the report-back and
each screen's snapshot part (docs/protocol.md §10.3, §10.6). Read-only; the changes are in
groups.py, which inherits these views.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .room import groups as rules, sheet as sheets
from .room.agenda import current_slot
from .store import public_contribution, public_participant

BREAKOUT = "breakout"
DEFAULT_REPORT_MINUTES = 3
# A group's name in the event's language; screens may build their own from layer + number.
NAMES = {"breakout": ("Groupe", "Group"), "pairs": ("Binôme", "Pair"),
         "fours": ("Quatuor", "Four"), "tables": ("Table", "Table")}
STREAM_LIMIT = 200


def org_key(text: str | None) -> str:
    """How organisations are matched: case and spacing do not count."""
    return " ".join((text or "").split()).casefold()


@dataclass
class Context:
    """One read of an activity's groups, shared by every view an operation builds."""
    activity: dict
    formation: dict
    groups: list[dict]
    members: list[dict]
    people: dict
    lang: str
    now: float
    run: object = None
    slot: object = None
    _by_id: dict = field(default_factory=dict)

    def __post_init__(self):
        self._by_id = {g["id"]: g for g in self.groups}

    def group(self, gid) -> dict | None:
        return self._by_id.get(gid)

    def by_layer(self) -> dict:
        out: dict = {}
        for g in self.groups:
            out.setdefault((g["layer"], g["round"]), []).append(g)
        return out

    def assignment_ids(self, layer: str, round_: int) -> dict:
        return {m["participant_id"]: m["group_id"] for m in self.members
                if m["layer"] == layer and m["round"] == round_}

    def assignment(self, layer: str, round_: int) -> dict:
        return {pid: self._by_id[gid]["idx"] for pid, gid in self.assignment_ids(layer, round_).items()}

    def roles(self) -> dict:
        out: dict = {}
        for m in self.members:
            if m["layer"] == BREAKOUT and m["role"]:
                out.setdefault(self._by_id[m["group_id"]]["idx"], {})[m["role"]] = m["participant_id"]
        return out

    def role_of(self, pid: int) -> str | None:
        return next((m["role"] for m in self.members
                     if m["layer"] == BREAKOUT and m["participant_id"] == pid), None)

    def members_of(self, gid: int) -> list[dict]:
        return [m for m in self.members if m["group_id"] == gid]

    def in_step_of(self, group: dict) -> bool:
        """Whether the room is now in a step of this group's layer (and round)."""
        s = self.slot
        return bool(s and s.groups == group["layer"] and s.group_round == group["round"])


class GroupsViews:
    # --- reading --------------------------------------------------------------------------------

    def context(self, activity: dict, phone: int | None = None) -> Context:
        """The activity's groups as one read. ``phone``: a participant id whose snapshot part
        is all that is wanted: only its groups and the shared ones are read (every phone syncs
        after a forming, so this read is paid once per phone), unless the part needs every
        group (self-selection's choices, the report-back's sheets)."""
        event = self.store.event_by_id(activity["event_id"])
        now = self.activities_now()
        run = slot = None
        if event["current_activity_id"] == activity["id"]:
            _a, slots, run = self.activities.current(activity["event_id"])
            slot = current_slot(run, slots)
        formation = self.store.group_set(activity["id"]) or {}
        if phone is not None and formation.get("strategy") != "self" and not (
                slot and slot.report_minutes):
            groups, members, people = self.store.phone_groups(activity["id"], phone)
        else:
            groups, members = self.store.groups_of(activity["id"]), self.store.members_of(activity["id"])
            people = self.store.list_participants(activity["event_id"])
        return Context(activity=activity, formation=formation, groups=groups, members=members,
                       people={p["id"]: p for p in people}, lang=event["lang"], now=now, run=run,
                       slot=slot)

    def activities_now(self) -> float:
        return self.clock.now()

    def person(self, participant: dict, balance_by, event_id: int) -> rules.Person:
        org = self.organisation_code(event_id, participant.get("organisation"))
        attr = participant.get("attribute") if "attribute" in balance_by else None
        return rules.Person(participant["id"], org or None, attr or None)

    def organisation_code(self, event_id: int, text: str | None) -> str | None:
        """The event organisation a free text names (by code or name), else the text itself."""
        key = org_key(text)
        if not key:
            return None
        for o in self.store.organisations(event_id):
            if key in (org_key(o["code"]), org_key(o["name"])):
                return o["code"]
        return key

    def matched_code(self, event_id: int, text: str | None, orgs: list | None = None) -> str | None:
        key = org_key(text)
        return next((o["code"] for o in (orgs if orgs is not None else self.store.organisations(event_id))
                     if key and key in (org_key(o["code"]), org_key(o["name"]))), None)

    # --- views ----------------------------------------------------------------------------------

    def group_view(self, ctx: Context, g: dict) -> dict:
        ends_at = None
        if ctx.in_step_of(g) and ctx.run is not None and ctx.run.ends_at:
            ends_at = ctx.run.ends_at + (g["extra_s"] or 0)
        members = ctx.members_of(g["id"])
        status = "ok"
        if g["layer"] == BREAKOUT:
            has = any(m["role"] == rules.RAPPORTEUR for m in members)
            if ctx.in_step_of(g) and ctx.run is not None:
                now = ctx.run.paused_at or ctx.now
                status = rules.rapporteur_status(has, now, ctx.run.started_at, ends_at)
            else:
                status = "ok" if has else "ask"
        word = NAMES[g["layer"]][1 if ctx.lang == "en" else 0]
        return {"id": g["id"], "activity_id": g["activity_id"], "layer": g["layer"],
                "round": g["round"], "number": g["idx"] + 1, "name": f"{word} {g['idx'] + 1}",
                "theme": g["theme"], "capacity": g["capacity"], "size": len(members),
                "host": g["host"], "shared": bool(g["shared"]), "extra_s": g["extra_s"] or 0,
                "ends_at": ends_at, "rapporteur_status": status,
                "call": {"at": g["call_at"]} if g["call_at"] else None,
                "sheet_status": g["sheet"]["status"] if g["sheet"] else None,
                "progress": sheets.progress(g["sheet"]) if g["sheet"] else None}

    def members_view(self, ctx: Context, g: dict) -> list[dict]:
        out = []
        orgs = self.store.organisations(ctx.activity["event_id"])  # once a group, not a member
        for m in sorted(ctx.members_of(g["id"]), key=lambda m: m["participant_id"]):
            p = ctx.people.get(m["participant_id"])
            if p is None:
                continue
            public = public_participant(p)
            out.append({"id": p["id"], "name": public["name"], "organisation": public["organisation"],
                        "org_code": None if public["anonymous"] else
                        self.matched_code(ctx.activity["event_id"], p["organisation"], orgs),
                        "role": "host" if g["host"] == p["id"] else m["role"]})
        return out

    def group_entry(self, ctx: Context, g: dict) -> dict:
        return {"activity_id": ctx.activity["id"], "group": self.group_view(ctx, g),
                "members": self.members_view(ctx, g)}

    def formation_view(self, ctx: Context) -> dict:
        f = ctx.formation
        rounds: dict = {}
        for g in ctx.groups:
            rounds[g["layer"]] = max(rounds.get(g["layer"], 0), g["round"] + 1)
        return {"activity_id": ctx.activity["id"], "strategy": f.get("strategy"),
                "balance_by": f.get("balance_by"), "layers": f.get("layers", []), "rounds": rounds,
                "groups": [{"id": g["id"], "layer": g["layer"], "round": g["round"],
                            "number": g["idx"] + 1, "theme": g["theme"], "capacity": g["capacity"],
                            "size": len(ctx.members_of(g["id"]))} for g in ctx.groups]}

    def stream(self, gid: int) -> list[dict]:
        return [public_contribution(c) for c in self.store.group_contributions(gid, STREAM_LIMIT)]

    def report_minutes(self, ctx: Context) -> float:
        fmt = self.activities.formats.get(ctx.activity["format_id"])
        return next((s.report_minutes for s in (fmt.steps if fmt else ()) if s.report_minutes),
                    DEFAULT_REPORT_MINUTES)

    def report_view(self, ctx: Context) -> dict:
        stored = ctx.formation.get("report") or {}
        order = stored.get("order") or [g["id"] for g in ctx.groups if g["layer"] == BREAKOUT]
        index = stored.get("index")
        return {"activity_id": ctx.activity["id"], "order": order, "index": index,
                "group_id": order[index] if index is not None and index < len(order) else None,
                "started_at": stored.get("started_at"), "ends_at": stored.get("ends_at"),
                "duration_s": round(self.report_minutes(ctx) * 60)}

    def report_part(self, ctx: Context) -> dict:
        """The report-back for every screen: submitted sheets only (drafts stay in groups)."""
        breakout = [g for g in ctx.groups if g["layer"] == BREAKOUT]
        return {**self.report_view(ctx),
                "sheets": {str(g["id"]): {"group": self.group_view(ctx, g), "sheet": g["sheet"]}
                           for g in breakout if g["sheet"] and g["sheet"]["status"] == "submitted"},
                "reactions": {str(g["id"]): g["reactions"] or [] for g in breakout},
                "synthesis": ctx.formation.get("synthesis") or ""}

    def phone_group(self, ctx: Context, pid: int) -> dict | None:
        """The phone's group in the current group step, if the room is in one."""
        s = ctx.slot
        if not s or not s.groups or s.groups == "circle":
            return None
        gid = ctx.assignment_ids(s.groups, s.group_round).get(pid)
        return ctx.group(gid)

    # --- snapshot parts ------------------------------------------------------------------------

    def phone_part(self, ctx: Context, participant: dict, lang: str) -> dict:
        pid = participant["id"]
        s = ctx.slot
        group = self.phone_group(ctx, pid)
        if group is None:
            gid = ctx.assignment_ids(BREAKOUT, 0).get(pid)
            group = ctx.group(gid) if gid else None
        layer = s.groups if s and s.groups else None
        choices = []
        if group is None and ctx.formation.get("strategy") == "self":
            choices = [self.group_view(ctx, g) for g in ctx.groups if g["layer"] == BREAKOUT]
        message = ctx.formation.get("message")
        if group and group["message"] and (not message or group["message"]["at"] >= message["at"]):
            message = group["message"]
        view = self.group_view(ctx, group) if group else None
        return {"activity_id": ctx.activity["id"], "layer": layer,
                "round": s.group_round if layer else None,
                "group": view, "members": self.members_view(ctx, group) if group else [],
                "choices": choices, "instructions": self.instructions(ctx, lang),
                "stream": self.stream(group["id"]) if group else [],
                "sheet": group["sheet"] if group else None,
                "rapporteur_status": view["rapporteur_status"] if view else None,
                "message": message,
                "shared": [{"group": self.group_view(ctx, g), "stream": self.stream(g["id"])}
                           for g in ctx.groups if g["shared"] and g is not group],
                "report": self.report_part(ctx) if s and s.report_minutes else None}

    def instructions(self, ctx: Context, lang: str) -> dict | None:
        s = ctx.slot
        fmt = self.activities.formats.get(ctx.activity["format_id"])
        step = next((x for x in fmt.steps if x.id == s.step_id), None) if fmt and s else None
        if step is None or step.instructions is None:
            return None
        texts = {k: (getattr(step.instructions, k).get(lang) if getattr(step.instructions, k)
                     else None) for k in ("objective", "product", "example", "plenary")}
        return {**texts, "minutes": round(s.duration_s / 60, 2) if s.duration_s else None}

    def staff_part(self, ctx: Context) -> dict:
        people = [self.person(p, ["organisation", "attribute"], ctx.activity["event_id"])
                  for p in ctx.people.values()]
        breakout = [g for g in ctx.groups if g["layer"] == BREAKOUT]
        plan = [rules.PlannedGroup(g["idx"], g["theme"], g["capacity"]) for g in breakout]
        return {"activity_id": ctx.activity["id"], "formation": self.formation_view(ctx),
                "groups": [{**self.group_entry(ctx, g), "sheet": g["sheet"]} for g in ctx.groups],
                "balance": rules.balance_report(plan, ctx.assignment(BREAKOUT, 0), people)
                if plan else None,
                "report": self.report_view(ctx),
                "reactions": {str(g["id"]): g["reactions"] or [] for g in breakout},
                "synthesis": ctx.formation.get("synthesis") or "",
                "projected": ctx.formation.get("projected") or {"view": "progress", "group_id": None},
                "calls": [g["id"] for g in ctx.groups if g["call_at"]]}

    def projector_part(self, ctx: Context) -> dict:
        s = ctx.slot
        projected = ctx.formation.get("projected") or {}
        layer, round_ = (s.groups, s.group_round) if s and s.groups else (BREAKOUT, 0)
        part = {"activity_id": ctx.activity["id"], "view": projected.get("view") or "progress",
                "groups": [self.group_view(ctx, g) for g in ctx.groups
                           if g["layer"] == layer and g["round"] == round_]}
        if s and s.report_minutes:
            part.update(view="report", report=self.report_part(ctx))
        elif part["view"] == "group" and ctx.group(projected.get("group_id")):
            g = ctx.group(projected["group_id"])
            part["group"] = {**self.group_entry(ctx, g), "stream": self.stream(g["id"]),
                             "sheet": g["sheet"]}
        return part
