"""The idea fair in the restitution: a section per kiosk with its questions (answered or not),
comments, ratings, adoption requests, and the dots and jury results once revealed.

Adoption requests keep their text but never their contact note: the note was given for the
presenter and the facilitators only (docs/fair.md), and a restitution is published to everyone.
Dots and jury results stay out until the facilitator revealed them in the room.
"""
from __future__ import annotations

from ...fair import Fair
from ..document import Bullets, Facts, Note, Paragraph, Section


def part(ctx) -> None:
    fair = Fair(ctx.store, ctx.activities, "")
    sections, data = [], []
    for activity in ctx.activity_list():
        if not ctx.store.kiosks(activity["id"]):
            continue
        harvest = fair.harvest(activity)
        if harvest is None:
            continue
        section = Section(f"fair-{activity['id']}", ctx.activity_title(activity))
        kiosks = []
        for kiosk in harvest["kiosks"]:
            sub, view = _kiosk(ctx, kiosk, harvest)
            section.sections.append(sub)
            kiosks.append(view)
        sections.append(section)
        data.append({"activity_id": activity["id"], "kiosks": kiosks,
                     "dots_revealed": harvest["dots_revealed"],
                     "jury_revealed": harvest["jury_revealed"]})
    if sections:
        ctx.add("fair", sections, {"fairs": data})


def _kiosk(ctx, kiosk: dict, harvest: dict) -> tuple[Section, dict]:
    title = f"{kiosk['title']} ({kiosk['organisation']})" if kiosk["organisation"] else kiosk["title"]
    sub = Section(f"kiosk-{kiosk['id']}", title)
    if kiosk["description"]:
        sub.blocks.append(Paragraph(kiosk["description"]))
    facts = [(ctx.t("rdoc.presenters"), ", ".join(n for n in kiosk["presenters"] if n) or "—")]
    ratings = kiosk["ratings"]
    if ratings["count"]:
        facts.append((ctx.t("rdoc.rating"), ctx.t("rdoc.rating_value", mean=ctx.num(ratings["mean"]),
                                                  n=ctx.num(ratings["count"]))))
    if harvest["dots_revealed"]:
        facts.append((ctx.t("rdoc.col_dots"), ctx.num(kiosk["dots"])))
    jury = kiosk["jury"] if harvest["jury_revealed"] else None
    if jury and jury.get("rank") is not None:
        rank = ctx.num(jury["rank"]) + (f" ({ctx.t('rdoc.ex_aequo')})" if jury.get("ex_aequo") else "")
        facts.append((ctx.t("rdoc.jury_rank"), rank))
    sub.blocks.append(Facts(facts))
    questions = [q["text"] + ("" if q["answered"] else f" — {ctx.t('rdoc.unanswered')}")
                 for q in kiosk["questions"]]
    for key, items in (("rdoc.kiosk_questions", questions),
                       ("rdoc.kiosk_comments", [c["text"] for c in kiosk["comments"]]),
                       ("rdoc.kiosk_adoptions", [a["text"] or "—" for a in kiosk["adoptions"]])):
        if items:
            sub.blocks.append(Paragraph(ctx.t(key), emphasis=True))
            sub.blocks.append(Bullets(items))
    if not (questions or kiosk["comments"] or kiosk["adoptions"]):
        sub.blocks.append(Note(ctx.t("rdoc.kiosk_empty")))
    view = {"id": kiosk["id"], "code": kiosk["code"], "title": kiosk["title"],
            "organisation": kiosk["organisation"], "presenters": kiosk["presenters"],
            "questions": kiosk["questions"], "comments": kiosk["comments"],
            "adoptions": [{"text": a["text"], "author": a["author"]} for a in kiosk["adoptions"]],
            "ratings": ratings, "dots": kiosk["dots"] if harvest["dots_revealed"] else None,
            "jury": jury}
    return sub, view
