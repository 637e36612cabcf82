"""A vote's options taken from what the room already wrote (docs/votes.md): the facilitator
chooses contributions of the day, or takes every starred one, and each becomes an option of a
dot vote (or Lean Coffee) exactly as if a phone had written it in the step where options are
written. Called by ``Activities.options_from`` inside its transaction; no Flask here."""
from __future__ import annotations

from .room.errors import RoomError
from .room.formats import Format

VOTABLE_KINDS = ("idea", "question")  # what a dot or an upvote goes to


def options_step(fmt: Format):
    """Where a vote's options are written: the last step at or before the first dot or upvote
    step whose phones may post an idea or a question; None when the format has none."""
    writing = None
    for step in fmt.steps:
        if any(k in VOTABLE_KINDS for k in step.kinds):
            writing = step
        if step.voting.mode in ("dots", "upvote"):
            return writing
    return None


def copy(store, event_id: int, activity: dict, fmt: Format, source_ids: list[int] | None,
         now: float) -> tuple[int, list[dict]]:
    """Copy ``source_ids`` (or every visible starred item when None) into the activity's options.
    Returns (copies made now, their log entries).

    A signed item stays its author's, an anonymous one stays anonymous (with no owner key: it is
    nobody's own). A copy's client id names the source, so copying twice adds nothing and a
    retry is harmless. Items of the activity itself and empty texts are skipped."""
    step = options_step(fmt)
    if step is None:
        raise RoomError("no_options")
    if source_ids is None:
        sources = [c for c in reversed(store.contributions(event_id, include_hidden=False))
                   if c["starred"] and c["activity_id"] != activity["id"]]
    else:
        sources = []
        for source_id in dict.fromkeys(source_ids):
            item = store.contribution(event_id, source_id)
            if item is None or item["hidden"]:  # a hidden text must not come back as an option
                raise RoomError("not_found")
            sources.append(item)
    kind = next(k for k in step.kinds if k in VOTABLE_KINDS)
    added, entries = 0, []
    for item in sources:
        client_id = f"option:{activity['id']}:{item['id']}"
        if (not (item["text"] or "").strip() or item["activity_id"] == activity["id"]
                or store.has_client_id(event_id, client_id)):
            continue
        author = {"id": item["author_id"], "anonymous": 0} if item["author_id"] else None
        _row, written, _created = store.add_contribution(
            event_id, author, None, client_id, kind, item["text"], author is None, now,
            audience="all" if step.shared else "wall", activity_id=activity["id"],
            step_id=step.id)
        added += 1
        entries += written
    return added, entries
