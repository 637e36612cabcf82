"""Breakout groups in the restitution: each group's sheet as its rapporteur left it (theme,
members and roles, key points, disagreements, recommendations, the question for the plenary),
the plenary's reactions to it, and the facilitator's synthesis across groups. The sheets'
action rows join the consolidated action plan. ``scope.group`` (``--group NAME``) keeps one
group: "Groupe 2" / "Group 2", or its theme."""
from __future__ import annotations

from ...groups_views import BREAKOUT, NAMES
from ...room import groups as group_rules
from ...room.sheet import live_items
from ..document import Bullets, Facts, Note, Paragraph, Section

LISTS = ("key_points", "disagreements", "recommendations")


def part(ctx) -> None:
    sections, data = [], []
    people = {p["id"]: p for p in ctx.people()}
    for activity in ctx.activity_list():
        groups = [g for g in ctx.store.groups_of(activity["id"]) if g["layer"] == BREAKOUT]
        if not groups:
            continue
        members = ctx.store.members_of(activity["id"])
        formation = ctx.store.group_set(activity["id"]) or {}
        kept = [g for g in groups if _wanted(ctx, g)]
        if not kept:
            continue
        ctx.group_found = True
        section = Section(f"groups-{activity['id']}",
                          f"{ctx.t('rdoc.groups')} — {ctx.activity_title(activity)}")
        for g in kept:
            view, sub = _group(ctx, activity, g, members, people)
            section.sections.append(sub)
            data.append(view)
        synthesis = (formation.get("synthesis") or "").strip()
        if synthesis and ctx.scope.group is None and ctx.scope.group_id is None:
            section.blocks.append(Paragraph(ctx.t("rdoc.groups_synthesis"), emphasis=True))
            section.blocks.append(Paragraph(synthesis))
        sections.append(section)
    if sections:
        ctx.add("groups", sections, {"groups": data})


def _name(ctx, g: dict) -> str:
    return f"{NAMES['breakout'][1 if ctx.lang == 'en' else 0]} {g['idx'] + 1}"


def _wanted(ctx, g: dict) -> bool:
    if ctx.scope.group_id is not None:
        return g["id"] == ctx.scope.group_id
    wanted = ctx.scope.group
    if wanted is None:
        return True
    key = " ".join(wanted.split()).casefold()
    names = {f"{word} {g['idx'] + 1}".casefold() for word in NAMES["breakout"]}
    return key in names or key == " ".join((g["theme"] or "").split()).casefold()


def _group(ctx, activity: dict, g: dict, members: list[dict], people: dict) -> tuple[dict, Section]:
    sheet = g["sheet"] or {}
    mine = [m for m in members if m["group_id"] == g["id"]]
    names, roles = [], {}
    for m in mine:
        p = people.get(m["participant_id"])
        name = ctx.t("rdoc.anonymous") if p is None or p["anonymous"] else \
            " · ".join(x for x in (p["name"], p["organisation"]) if x)
        names.append(name)
        if m["role"]:
            roles[m["role"]] = name
    theme = _value(sheet.get("theme")) or g["theme"] or ""
    title = f"{_name(ctx, g)} — {theme}" if theme else _name(ctx, g)
    sub = Section(f"group-{g['id']}", title)
    facts = [(ctx.t("rdoc.members"), ", ".join(names) or "—")]
    facts += [(ctx.t(f"gr.role_{role}"), roles[role]) for role in group_rules.ROLES if role in roles]
    status = sheet.get("status", "draft")
    facts.append((ctx.t("rdoc.sheet_status"), ctx.t(f"rdoc.sheet_{status}")))
    sub.blocks.append(Facts(facts))
    view = {"id": g["id"], "activity_id": activity["id"], "name": _name(ctx, g), "theme": theme,
            "members": names, "roles": roles, "status": status}
    for field in LISTS:
        items = [i["value"] for i in live_items(sheet, field) if i.get("value")] if sheet else []
        view[field] = items
        if items:
            sub.blocks.append(Paragraph(ctx.t(f"gr.{field}"), emphasis=True))
            sub.blocks.append(Bullets(items))
    question = _value(sheet.get("plenary_question"))
    view["plenary_question"] = question
    if question:
        sub.blocks.append(Paragraph(ctx.t("gr.plenary_question"), emphasis=True))
        sub.blocks.append(Paragraph(question))
    reactions = [r["text"] for r in (g["reactions"] or []) if r.get("text")]
    view["reactions"] = reactions
    if reactions:
        sub.blocks.append(Paragraph(ctx.t("rdoc.reactions"), emphasis=True))
        sub.blocks.append(Bullets(reactions))
    rows = live_items(sheet, "actions") if sheet else []
    view["actions"] = []
    for row in rows:
        cells = {key: _value(cell) for key, cell in (row.get("cells") or {}).items()}
        if not cells.get("what"):
            continue
        action = {"what": cells.get("what", ""), "owner": cells.get("who", ""),
                  "partners": cells.get("partners", ""), "deadline": cells.get("when", ""),
                  "resources": cells.get("resources", ""), "indicator": cells.get("indicator", ""),
                  "status": cells.get("status", ""),
                  "source": {"type": "group", "id": g["id"], "activity_id": activity["id"]},
                  "hidden": False}
        view["actions"].append(action)
        ctx.actions.append(action)
    if view["actions"]:
        sub.blocks.append(Note(ctx.plural(len(view["actions"]), "rdoc.group_actions")))
    if not any(view[f] for f in LISTS) and not question and not reactions:
        sub.blocks.append(Note(ctx.t("rdoc.sheet_empty")))
    return view, sub


def _value(cell) -> str:
    return (cell or {}).get("value", "") if isinstance(cell, dict) else ""
