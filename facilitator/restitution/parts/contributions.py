"""The contributions' part: every item (JSON and CSV), the most supported ones, the questions
left unanswered, and the action items' rows for the consolidated plan."""
from __future__ import annotations

from ..document import Section, Table

TOP = 10


def part(ctx) -> None:
    items = ctx.exported()
    ctx.add("contributions", None, items)
    by_id = {a["id"]: a for a in ctx.activity_list()}

    def where(item) -> str:
        return ctx.activity_title(by_id.get(item["activity_id"]))

    voted = sorted((i for i in items if i["votes"] > 0 and i["kind"] != "action"),
                   key=lambda i: (-i["votes"], i["id"]))[:TOP]
    if voted:
        table = Table([ctx.t("rdoc.col_rank"), ctx.t("rdoc.col_contribution"), ctx.t("rdoc.col_author"),
                       ctx.t("rdoc.col_votes"), ctx.t("rdoc.col_activity")],
                      [[ctx.num(rank), ctx.text(i), ctx.author(i), ctx.num(i["votes"]), where(i)]
                       for rank, i in enumerate(voted, start=1)])
        ctx.add("top", Section("top", ctx.t("rdoc.top"), [table]),
                [{"id": i["id"], "votes": i["votes"]} for i in voted])

    open_questions = sorted((i for i in items if i["kind"] == "question" and not i["answered"]),
                            key=lambda i: (-i["votes"], i["id"]))
    if open_questions:
        table = Table([ctx.t("rdoc.col_question"), ctx.t("rdoc.col_author"), ctx.t("rdoc.col_votes"),
                       ctx.t("rdoc.col_activity")],
                      [[ctx.text(i), ctx.author(i), ctx.num(i["votes"]), where(i)]
                       for i in open_questions])
        ctx.add("questions", Section("questions", ctx.t("rdoc.questions"), [table]),
                [i["id"] for i in open_questions])

    for i in items:
        if i["kind"] != "action":
            continue
        meta = i["meta"] or {}
        # A phone's action row has every cell of methods.md §1 (room/contributions.py
        # ACTION_FIELDS); a row stored before they existed shows them empty. Its text is the
        # corrected one (contribution:edit); withdrawn items never reach ctx.exported().
        ctx.actions.append({
            "what": i["text"], "owner": meta.get("who", ""), "partners": meta.get("partners", ""),
            "deadline": meta.get("when", ""), "resources": meta.get("resources", ""),
            "indicator": meta.get("indicator", ""), "status": meta.get("status", ""),
            "source": {"type": "contribution", "id": i["id"], "activity_id": i["activity_id"]},
            "hidden": i["hidden"]})
