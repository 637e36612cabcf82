"""The agenda's part: each Knowledge Jam's topic brief and validated notes by sub-topic, the vote
results (dots and thumbs; upvotes rank the contributions' part), the questionnaires' results,
and the timeline of the day from the event log."""
from __future__ import annotations

from ...activities import STATE_ENTRY
from ...room.agenda import questions_of
from ...room.questionnaire import summarise
from ..document import BarChart, Bullets, Facts, Note, Paragraph, Section, Table


def part(ctx) -> None:
    jams(ctx)
    votes(ctx)
    evaluation(ctx)
    timeline(ctx)


def _steps(ctx, activity, produces: str):
    fmt = ctx.activities.formats.get(activity["format_id"])
    return [s for s in (fmt.steps if fmt else ()) if s.produces == produces]


# --- Knowledge Jam ---------------------------------------------------------------------------------

def jams(ctx) -> None:
    items = ctx.exported()
    written = ctx.store.briefs(ctx.event["id"])  # the facilitator's text (store/staff.py)
    sections, data = [], []
    for activity in ctx.activity_list():
        brief_steps = {s.id for s in _steps(ctx, activity, "topic_brief")}
        note_steps = {s.id for s in _steps(ctx, activity, "validated_notes")}
        if not brief_steps and not note_steps:
            continue
        mine = [i for i in items if i["activity_id"] == activity["id"]]
        brief = [i for i in mine if i["step_id"] in brief_steps and i["kind"] == "note"]
        notes = [i for i in mine if i["step_id"] in note_steps and i["kind"] == "note"]
        validated = [i for i in notes if i["validated"]]
        aid = activity["id"]
        title = ctx.activity_title(activity)
        if "jam" not in title.casefold():
            title = ctx.t("rdoc.jam", title=title)
        section = Section(f"jam-{aid}", title)
        sub = Section(f"jam-{aid}-brief", ctx.t("rdoc.jam_brief"))
        # The brief the facilitator wrote on the dashboard, then any written as notes in the step.
        text = written.get(aid)
        sub.blocks += [Paragraph(line) for line in (text or "").splitlines() if line.strip()]
        sub.blocks += [Paragraph(ctx.text(i)) for i in brief]
        if not sub.blocks:
            sub.blocks.append(Note(ctx.t("rdoc.jam_brief_none")))
        section.sections.append(sub)
        # Sub-topics in the agenda's order, then any other topic notes were written under.
        topics = list(activity["topics"])
        topics += [x for x in dict.fromkeys(i["topic"] or "" for i in validated) if x not in topics]
        by_topic = []
        for n, topic in enumerate(topics, start=1):
            texts = [ctx.text(i) for i in validated if (i["topic"] or "") == topic]
            if not texts:
                continue
            title = ctx.t("rdoc.jam_notes", topic=topic or ctx.t("rdoc.jam_general"))
            section.sections.append(Section(f"jam-{aid}-topic-{n}", title, [Bullets(texts)]))
            by_topic.append({"topic": topic, "notes": [i["id"] for i in validated
                                                       if (i["topic"] or "") == topic]})
        pending = len(notes) - len(validated)
        if pending:
            section.blocks.append(Note(ctx.plural(pending, "rdoc.jam_pending")))
        sections.append(section)
        data.append({"activity_id": aid, "brief_text": text, "brief": [i["id"] for i in brief],
                     "validated_notes": by_topic, "notes_not_validated": pending})
    if sections:
        ctx.add("jam", sections, data)


# --- votes -------------------------------------------------------------------------------------

def votes(ctx) -> None:
    items = {i["id"]: i for i in ctx.exported()}
    section = Section("votes", ctx.t("rdoc.votes"))
    data = []
    n = 0
    for tally in ctx.tallies():
        if tally["mode"] == "upvote":
            continue
        activity, step = tally["activity"], tally["step"]
        n += 1
        title = f"{ctx.activity_title(activity)} — {step.label.get(ctx.lang)}"
        sub = Section(f"votes-{activity['id']}-{step.id}", title)
        entry = {"activity_id": activity["id"], "step_id": step.id, "mode": tally["mode"],
                 "revealed": tally["counts"] is not None, "results": []}
        counts = tally["counts"]
        if counts is None:
            sub.blocks.append(Note(ctx.t("rdoc.votes_hidden")))
        elif tally["mode"] == "thumbs":
            slots = {s.index: s for s in ctx.activities.slots(activity)}
            rows = []
            for index, c in sorted(counts.items()):
                slot = slots.get(index)
                topic = (slot.topic or slot.label.get(ctx.lang)) if slot else str(index)
                rows.append([topic, ctx.num(c["up"]), ctx.num(c["side"]), ctx.num(c["down"])])
                entry["results"].append({"slot_index": index, "topic": topic, **c})
            sub.blocks.append(Table([ctx.t("rdoc.col_topic"), ctx.t("rdoc.col_up"),
                                     ctx.t("rdoc.col_side"), ctx.t("rdoc.col_down")], rows)
                              if rows else Note(ctx.t("rdoc.votes_none")))
        else:
            ranked = sorted(((item, c) for item, c in counts.items() if item in items),
                            key=lambda x: (-x[1], x[0]))
            if not ranked:
                sub.blocks.append(Note(ctx.t("rdoc.votes_none")))
            else:
                sub.blocks.append(BarChart("",
                                           [(ctx.text(items[i]), c) for i, c in ranked[:15]]))
                sub.blocks.append(Table([ctx.t("rdoc.col_rank"), ctx.t("rdoc.col_option"),
                                         ctx.t("rdoc.col_dots")],
                                        [[ctx.num(r), ctx.text(items[i]), ctx.num(c)]
                                         for r, (i, c) in enumerate(ranked, start=1)]))
                entry["results"] = [{"id": i, "count": c} for i, c in ranked]
        section.sections.append(sub)
        data.append(entry)
    if n:
        ctx.add("votes", section, data)


# --- evaluation --------------------------------------------------------------------------------

def evaluation(ctx) -> None:
    section = Section("evaluation", ctx.t("rdoc.evaluation"))
    data = []
    for activity in ctx.activity_list():
        fmt = ctx.activities.formats.get(activity["format_id"])
        steps = [s for s in (fmt.steps if fmt else ()) if s.questions]
        if not steps:
            continue
        rows = ctx.store.answers(activity["id"])
        for step in steps:
            # The activity's own questions when the dashboard changed them.
            summary = summarise(questions_of(step, activity["overrides"]), rows, ctx.lang)
            sub = Section(f"evaluation-{activity['id']}-{step.id}", ctx.activity_title(activity))
            if not any(q["count"] for q in summary):
                sub.blocks.append(Note(ctx.t("rdoc.eval_none")))
                summary_shown = []
            else:
                summary_shown = summary
            for q in summary_shown:
                sub.blocks.append(Paragraph(q["label"], emphasis=True))
                if not q["count"]:
                    sub.blocks.append(Note(ctx.t("rdoc.eval_none")))
                    continue
                if q["type"] == "rating":
                    sub.blocks.append(Facts([
                        (ctx.t("rdoc.eval_answers"), ctx.num(q["count"])),
                        (ctx.t("rdoc.eval_average"),
                         ctx.t("rdoc.eval_out_of", avg=ctx.num(q["average"]), scale=ctx.num(q["scale"])))]))
                    sub.blocks.append(BarChart("", [(ctx.num(v), c) for v, c in
                                                    enumerate(q["histogram"], start=1)]))
                elif q["type"] == "choice":
                    sub.blocks.append(BarChart("", list(zip(q["options"], q["counts"]))))
                else:
                    sub.blocks.append(Bullets(q["texts"]))
            section.sections.append(sub)
            data.append({"activity_id": activity["id"], "step_id": step.id, "summary": summary})
    if data:
        ctx.add("evaluation", section, data)


# --- timeline ----------------------------------------------------------------------------------

def timeline(ctx) -> None:
    """Activities started, finished and closed, from the ``agenda.state`` entries of the log."""
    titles = {a["id"]: ctx.activity_title(a) for a in ctx.store.activities(ctx.event["id"])}
    wanted = ctx.scope.activity_id
    rows, data, current, status, seen = [], [], None, None, set()
    # The wall's entries (both languages; "all" before schema 9), not the phones' copies.
    for entry in ctx.store.log_of_types(ctx.event["id"], (STATE_ENTRY,), ("all", "wall")):
        activity = entry["data"].get("activity")
        new = activity["id"] if activity else None
        new_status = (entry["data"].get("fr") or {}).get("status")
        events = []
        if new != current:
            if current is not None and new is None:
                events.append(("closed", current))
            if new is not None:
                events.append(("resumed" if new in seen else "started", new))
                seen.add(new)
        elif new is not None and new_status == "finished" and status != "finished":
            events.append(("finished", new))
        for kind, aid in events:
            if wanted is not None and aid != wanted:
                continue
            title = titles.get(aid) or (activity or {}).get("title") or "?"
            rows.append([ctx.clock(entry["at"]), ctx.t(f"rdoc.tl_{kind}", title=title)])
            data.append({"at": entry["at"], "event": kind, "activity_id": aid})
        current, status = new, new_status
    section = Section("timeline", ctx.t("rdoc.timeline"),
                      [Table([ctx.t("rdoc.col_time"), ctx.t("rdoc.col_event")], rows)] if rows
                      else [Note(ctx.t("rdoc.tl_none"))])
    ctx.add("timeline", section, data)
