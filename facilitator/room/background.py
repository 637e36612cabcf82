"""Activities that run in the background for the whole day (a question box, an idea box): pure
rules, no I/O. A format says it may (``background = true``, docs/formats.md); the facilitator
puts one of its activities in the background (``agenda:background``, docs/background.md).

A background activity has no timer and no steps to walk: phones post to its one open step
whatever the room's current activity is. So only a format made of one untimed step that
everyone may post to can run in the background.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # formats.py imports this module, and agenda.py imports formats.py
    from .agenda import Slot

#: A background step cannot be done in groups, at kiosks, by named roles or as a questionnaire:
#: those need the room to be in the step (its groups formed, its kiosks open, its roles chosen).
OPEN_CONTRIBUTORS = ("everyone",)


def format_problems(steps) -> list[tuple[str, str]]:
    """Why a format's steps cannot run in the background: (field, message) pairs, none when it
    can. Called by the format loader for a format that says ``background = true``."""
    if len(steps) != 1:
        return [("background", f"a background format has exactly one step (this one has {len(steps)})")]
    step = steps[0]
    problems = []
    if step.contributors not in OPEN_CONTRIBUTORS:
        problems.append(("contributors", 'a background step is open to everyone '
                         f'(contributors = "everyone", not "{step.contributors}")'))
    if step.duration or len(step.parts) != 1 or step.parts[0].per or step.parts[0].duration:
        problems.append(("duration", "a background step is untimed and has no parts: it stays "
                         "open all day"))
    if step.groups or step.report_minutes:
        problems.append(("groups", "a background step is not done in groups"))
    if step.questions:
        problems.append(("questions", "a background step holds no questionnaire"))
    if step.fair is not None:
        problems.append(("fair", "a background step is not an idea fair"))
    return problems


def open_slot(slots: list[Slot]) -> Slot | None:
    """The one step phones post to in a background activity; None when its plan has another
    shape (an override or an edited format file): then it cannot run in the background."""
    if len(slots) != 1 or slots[0].duration_s or slots[0].contributors not in OPEN_CONTRIBUTORS:
        return None
    return slots[0]


def may_run(format_background: bool, slots: list[Slot]) -> str | None:
    """None when the activity may run in the background, else the refusal's code."""
    if not format_background:
        return "background_not_allowed"
    if open_slot(slots) is None:
        return "background_not_allowed"
    return None


#: How a box open all day is voted on: upvotes, a question rising by the room's interest, whatever
#: the room is doing. Dots and thumbs are a moment's ballot (a budget spent together, the topic
#: discussed now): they wait until the activity is the current one.
VOTE_MODES = ("upvote",)


def takes_votes(voting_mode: str) -> bool:
    """Whether phones may vote in the box while it runs in the background (``vote:cast`` with
    ``activity_id``); the box's view tells phones (``voting``)."""
    return voting_mode in VOTE_MODES


def item_refusal(item: dict | None, activity_id: int) -> str | None:
    """Why an item cannot be voted on in the box ``activity_id``: None when it can. The room
    votes only on what it sees: a hidden or withdrawn item is as good as unknown."""
    if item is None or item["hidden"] or item["withdrawn"]:
        return "not_found"
    if item["activity_id"] != activity_id:
        return "not_in_activity"
    return None
