"""The restitution's own part: the facilitator's synthesis and the themes of the ideas (as the
facilitator edited them, when they did; grouped on the fly otherwise)."""
from __future__ import annotations

from ...room import themes as theme_rules
from ..document import BarChart, Bullets, Note, Paragraph, Section


def part(ctx) -> None:
    text = ctx.store.synthesis(ctx.event["id"]).strip()
    if text:
        ctx.add("synthesis", Section("synthesis", ctx.t("rdoc.synthesis"), [Paragraph(text)]),
                {"text": text})
    themes(ctx)


def themes(ctx) -> None:
    from ..service import AUTO_THEME_NOTES, as_dicts, as_themes, theme_scope
    ideas = {i["id"]: i for i in ctx.exported() if i["kind"] == "idea"}
    if not ideas:
        return
    scope = theme_scope(ctx.scope.activity_id)
    stored = ctx.store.themes(ctx.event["id"], scope)
    section = Section("themes", ctx.t("rdoc.themes"))
    if stored is not None:
        found = [theme_rules.Theme(th.id, th.name, tuple(n for n in th.note_ids if n in ideas))
                 for th in as_themes(stored)]
        found = [th for th in found if th.note_ids]
    elif len(ideas) <= AUTO_THEME_NOTES:
        found = theme_rules.cluster([(i, x["text"]) for i, x in ideas.items()])
    else:
        section.blocks.append(Note(ctx.t("rdoc.themes_too_many", n=ctx.num(len(ideas)))))
        ctx.add("themes", section, {"scope": scope, "edited": False, "themes": [],
                                    "not_grouped": sorted(ideas)})
        return
    grouped = {n for th in found for n in th.note_ids}
    new = [i for i in ideas if i not in grouped]
    big = [th for th in found if th.size > 1]
    lone = [th.note_ids[0] for th in found if th.size == 1] + new
    if big:
        section.blocks.append(BarChart(ctx.t("rdoc.themes_chart"),
                                       [(th.name, th.size) for th in big[:10]]))
    for th in big:
        section.blocks.append(Paragraph(f"{th.name} — {ctx.plural(th.size, 'rdoc.ideas')}",
                                        emphasis=True))
        section.blocks.append(Bullets([ctx.text(ideas[n]) for n in th.note_ids]))
    if lone:
        section.blocks.append(Paragraph(ctx.t("rdoc.themes_lone"), emphasis=True))
        section.blocks.append(Bullets([ctx.text(ideas[n]) for n in lone]))
    if new and stored is not None:
        section.blocks.append(Note(ctx.plural(len(new), "rdoc.themes_new")))
    ctx.add("themes", section, {"scope": scope, "edited": stored is not None,
                                "themes": as_dicts(found), "not_grouped": new})
