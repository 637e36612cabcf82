"""The restitution builder: the room as it is now → a Document (for the renderers) and its data
(the complete JSON, ``palabre.restitution/1``, docs/restitution.md). Plain Python over the store.

Each feature contributes its own part (facilitator/features.py, ``restitution``; the functions
live in ``restitution/parts/<feature>.py``): a part reads what it needs through the
:class:`Context`, then ``ctx.add(key, section, data)`` and, for the consolidated action plan,
``ctx.actions.append(row)``. The builder orders the sections (``ORDER``), builds the action plan
from every part's rows, and names the whole. Breakout groups will add their sheets the same way.

Scope: the whole event, one activity (``activity_id``), or one group (``group``, answered by the
groups feature's part; a name no group has is ``unknown_group_name``). Hidden contributions are left out unless
``include_hidden``, and then marked. Anonymous ones never carry a name (store/shapes.py
``export_contribution`` is the only shape an export reads).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from ..room.errors import RoomError
from ..store import export_contribution
from ..ui_text import t
from . import labels
from .document import Document, Note, Section, Table

SCHEMA = "palabre.restitution/1"
GROUP_BY = ("owner", "deadline")
ALL_CONTRIBUTIONS = 10_000_000  # "no limit" for the store's list

# Where each part's section goes in the document (a part's key → its position). Groups' sheets
# and the plenary's reactions come right after the synthesis when they land ("groups": 20).
ORDER = {"synthesis": 10, "groups": 20, "jam": 30, "top": 40, "votes": 50, "jury": 55, "fair": 56,
         "questions": 60, "actions": 70, "themes": 80, "evaluation": 90, "participation": 100,
         "timeline": 110}
ACTION_FIELDS = ("what", "owner", "partners", "deadline", "resources", "indicator", "status")


@dataclass(frozen=True)
class Scope:
    activity_id: int | None = None
    group: str | None = None
    include_hidden: bool = False
    group_by: str = "owner"
    group_id: int | None = None  # one group by its id: a rapporteur's phone exports its own

    def as_dict(self) -> dict:
        return {"activity_id": self.activity_id, "group": self.group,
                "include_hidden": self.include_hidden, "group_by": self.group_by,
                "group_id": self.group_id}


@dataclass
class Context:
    """What every part reads, once, and the few helpers that keep the words and numbers right."""
    store: object
    activities: object                       # the agenda service (facilitator/activities.py)
    event: dict
    scope: Scope
    now: float
    lang: str = "fr"
    parts: list = field(default_factory=list)    # (order, key, sections, data)
    actions: list = field(default_factory=list)  # action rows, every field of ACTION_FIELDS
    group_found: bool = False
    _cache: dict = field(default_factory=dict)

    # --- what the room holds, in scope ---------------------------------------------------------

    def activity_list(self) -> list[dict]:
        if "activities" not in self._cache:
            rows = self.store.activities(self.event["id"])
            if self.scope.activity_id is not None:
                rows = [a for a in rows if a["id"] == self.scope.activity_id]
            self._cache["activities"] = rows
        return self._cache["activities"]

    def contributions(self) -> list[dict]:
        """Raw rows in scope, oldest first (hidden ones only when asked for)."""
        if "contributions" not in self._cache:
            rows = self.store.contributions(self.event["id"], include_hidden=self.scope.include_hidden,
                                            limit=ALL_CONTRIBUTIONS, activity_id=self.scope.activity_id)
            self._cache["contributions"] = rows[::-1]
        return self._cache["contributions"]

    def exported(self) -> list[dict]:
        """The contributions in the only shape an export carries (store/shapes.py)."""
        if "exported" not in self._cache:
            votes = self.vote_totals()
            out = []
            for c in self.contributions():
                item = export_contribution(c)
                item["votes"] = votes.get(c["id"], 0)
                out.append(item)
            self._cache["exported"] = out
        return self._cache["exported"]

    def people(self) -> list[dict]:
        if "people" not in self._cache:
            self._cache["people"] = self.store.list_participants(self.event["id"])
        return self._cache["people"]

    def tallies(self) -> list[dict]:
        """Every voting step of the activities in scope: {activity, step, counts | None}.
        A silent vote not yet revealed has counts None: no export says more than the room saw."""
        if "tallies" not in self._cache:
            out = []
            for activity in self.activity_list():
                fmt = self.activities.formats.get(activity["format_id"])
                for step in (fmt.steps if fmt else ()):
                    if step.voting.mode == "none" or (step.voting.mode == "upvote" and any(
                            x["mode"] == "upvote" and x["activity"]["id"] == activity["id"] for x in out)):
                        continue  # two upvote steps share the activity's one ballot
                    if not self.activities.tally_data(activity, step.id, staff=True)["counts"]:
                        continue  # nobody voted (a run-off that had no tie to break)
                    view = self.activities.tally_data(activity, step.id, staff=False)
                    out.append({"activity": activity, "step": step, "mode": step.voting.mode,
                                "counts": None if view["hidden"] else
                                {int(k): v for k, v in view["counts"].items()}})
            self._cache["tallies"] = out
        return self._cache["tallies"]

    def vote_totals(self) -> dict[int, int]:
        """contribution id → upvotes and dots received (revealed votes only)."""
        totals: dict[int, int] = {}
        for tally in self.tallies():
            if tally["mode"] in ("upvote", "dots") and tally["counts"]:
                for item, n in tally["counts"].items():
                    totals[item] = totals.get(item, 0) + n
        return totals

    # --- words, numbers, dates -----------------------------------------------------------------

    def t(self, key: str, **params) -> str:
        return t(key, self.lang, **params)

    def plural(self, n: int, key: str) -> str:
        one = n == 1 or (self.lang == "fr" and n == 0)
        return self.t(f"{key}_{'1' if one else 'n'}", n=self.num(n))

    def num(self, value) -> str:
        return labels.format_number(value, self.lang)

    def clock(self, at: float) -> str:
        """The time of day in the room's local time: "9 h 05" / "09:05"."""
        lt = time.localtime(at)
        return f"{lt.tm_hour} h {lt.tm_min:02d}" if self.lang == "fr" else f"{lt.tm_hour:02d}:{lt.tm_min:02d}"

    def activity_title(self, activity: dict | None) -> str:
        if activity is None:
            return self.t("rdoc.open_wall")
        if activity["title"]:
            return activity["title"]
        fmt = self.activities.formats.get(activity["format_id"])
        return fmt.label.get(self.lang) if fmt else activity["format_id"]

    def step_label(self, activity: dict | None, step_id: str | None) -> str:
        step = self.activities.step_of(activity, step_id) if activity and step_id else None
        return step.label.get(self.lang) if step else ""

    def author(self, item: dict) -> str:
        """An exported contribution's author as people read it; anonymous means no name at all."""
        a = item.get("author")
        if not a:
            return self.t("rdoc.anonymous")
        return " · ".join(x for x in (a.get("name"), a.get("organisation")) if x) or self.t("rdoc.anonymous")

    def text(self, item: dict) -> str:
        """The text of an exported contribution, marked when it was hidden."""
        return f"{item['text']} {self.t('rdoc.hidden_mark')}" if item["hidden"] else item["text"]

    # --- what parts give back ------------------------------------------------------------------

    def add(self, key: str, sections, data) -> None:
        """A part's sections (a Section, a list of them, or None) and its data under ``key``."""
        if isinstance(sections, Section):
            sections = [sections]
        self.parts.append((ORDER.get(key, 500), key, list(sections or []), data))


def build(store, activities, event: dict, scope: Scope, now: float, features=None):
    """(Document, data) of the room as it is now, for this scope."""
    if features is None:
        from ..features import FEATURES as features
    if scope.group_by not in GROUP_BY:
        raise RoomError("bad_option", option="group_by")
    if scope.activity_id is not None and store.activity(event["id"], scope.activity_id) is None:
        raise RoomError("not_found")
    ctx = Context(store, activities, event, scope, now, lang=event["lang"])
    for feature in features:
        if feature.restitution is not None:
            feature.restitution(ctx)
    if scope.group is not None and not ctx.group_found:
        raise RoomError("unknown_group_name", group=scope.group[:80])
    if scope.group_id is not None and not ctx.group_found:
        raise RoomError("unknown_group", group=str(scope.group_id))
    ctx.add("actions", action_plan(ctx), {"group_by": scope.group_by, "rows": ctx.actions})

    sections, data = [], {}
    for _order, key, part_sections, part_data in sorted(ctx.parts, key=lambda p: (p[0], p[1])):
        sections.extend(part_sections)
        if part_data is not None:
            data[key] = part_data
    if scope.include_hidden:
        notice = Note(ctx.t("rdoc.hidden_note"))
        if sections:
            sections[0].blocks.insert(0, notice)
    activity = store.activity(event["id"], scope.activity_id) if scope.activity_id else None
    subtitle = (ctx.t("rdoc.subtitle_activity", title=ctx.activity_title(activity)) if activity
                else ctx.t("rdoc.subtitle"))
    doc = Document(title=event["title"], subtitle=subtitle, lang=ctx.lang, generated_at=now,
                   sections=sections)
    head = {"schema": SCHEMA, "generated_at": now, "lang": ctx.lang,
            "event": {"code": event["code"], "title": event["title"], "lang": event["lang"],
                      "created_at": event["created_at"]},
            "scope": scope.as_dict(),
            "activities": [{"id": a["id"], "title": ctx.activity_title(a), "format_id": a["format_id"],
                            "status": (a["run"] or {}).get("status", "not_started")}
                           for a in ctx.activity_list()]}
    return doc, {**head, **data}


# --- the consolidated action plan ---------------------------------------------------------------

_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def deadline_key(text: str):
    """Deadlines are free text ("15/06/2024", "2024-06-15", "juin"): dates first, in date order,
    then the other texts alphabetically, then no deadline."""
    m, iso = _DATE.match(text or ""), _ISO.match(text or "")
    if iso:
        return (0, (int(iso[1]), int(iso[2]), int(iso[3])), "")
    if m:
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        return (0, (year, int(m[2]), int(m[1])), "")
    return (1, (), (text or "").casefold()) if text else (2, (), "")


def action_plan(ctx: Context) -> Section:
    columns = [ctx.t(f"rdoc.col_{f}") for f in ACTION_FIELDS]
    section = Section("actions", ctx.t("rdoc.actions"))
    if not ctx.actions:
        section.blocks.append(Note(ctx.t("rdoc.actions_none")))
        return section
    by_owner = ctx.scope.group_by == "owner"
    groups: dict[str, list[dict]] = {}
    for row in ctx.actions:
        groups.setdefault(row["owner"] if by_owner else row["deadline"], []).append(row)
    if by_owner:
        order = sorted(groups, key=lambda k: (k == "", k.casefold()))
    else:
        order = sorted(groups, key=deadline_key)
    for i, key in enumerate(order, start=1):
        rows = sorted(groups[key], key=lambda r: deadline_key(r["deadline"]) if by_owner
                      else (r["owner"] == "", r["owner"].casefold()))
        title = key or ctx.t("rdoc.no_owner" if by_owner else "rdoc.no_deadline")
        table = Table(columns, [[_cell(ctx, r, f) for f in ACTION_FIELDS] for r in rows])
        section.sections.append(Section(f"actions-{i}", title, [table]))
    return section


def _cell(ctx: Context, row: dict, name: str) -> str:
    value = row.get(name) or ""
    if name == "status" and value in ("todo", "doing", "blocked", "done"):
        return ctx.t(f"rdoc.status_{value}")
    if name == "what" and row.get("hidden"):
        return f"{value} {ctx.t('rdoc.hidden_mark')}"
    return value
