"""The ballot of a step (docs/votes.md): a vote cast in the room's current step or in a box open
all day (background.py), and the reveal of a silent vote. Reading the tallies is the agenda's
(``Activities.tally_data``); the rules of each kind of vote are room/voting.py's.

Every change is one transaction with the log entries it writes; the caller broadcasts them.
"""
from __future__ import annotations

from .activities import VOTES_ENTRY, Activities, one_transaction, vote_scope
from .room import voting
from .room.agenda import Slot
from .room.errors import RoomError
from .room.payload import is_id
from .store import Store, owner_key


class Votes:
    def __init__(self, store: Store, activities: Activities):
        self.store = store
        self.activities = activities

    @one_transaction
    def vote(self, event_id: int, participant_id: int, item_id, value, now: float,
             token: str | None = None) -> tuple[dict, list[dict]]:
        activity, _fmt, slot = self.activities.current_slot(event_id)
        if slot is None or slot.voting.mode == "none":
            raise RoomError("no_voting")
        return self.cast(event_id, activity, slot, participant_id, item_id, value, now, token)

    def cast(self, event_id: int, activity: dict, slot: Slot, participant_id: int, item_id, value,
             now: float, token: str | None = None,
             entry: str = VOTES_ENTRY) -> tuple[dict, list[dict]]:
        """A vote in the room's current step (``vote``) or in a box open all day (background.py),
        inside the caller's transaction; ``entry``: the type of the log entries it writes."""
        if slot.step_id in activity["revealed"]:
            # The results are out: a ballot that still moved would make the bars lie.
            raise RoomError("votes_closed")
        if slot.voting.mode == "thumbs":
            item_id = slot.index  # a thumb is on the topic being discussed now
        else:
            item = self.store.contribution(event_id, item_id) if is_id(item_id) else None
            if (item is None or item["hidden"] or item["withdrawn"]
                    or item["activity_id"] != activity["id"]):
                raise RoomError("not_found")
            if slot.voting.mode == "upvote" and _is_own(item, participant_id, token):
                raise RoomError("own_item")  # a question rises by others' interest, not its author's
        step = self.activities.step_of(activity, slot.step_id)
        candidates = self.activities.candidates(activity, step)
        if candidates is not None and item_id not in candidates:
            raise RoomError("not_a_candidate")
        scope = vote_scope(step)
        rows = self.store.votes(activity["id"], scope)
        change = voting.decide(rows, slot.voting, participant_id, item_id, value)
        self.store.set_vote(activity["id"], scope, participant_id, item_id, change.value, now)
        activity = self.store.activity(event_id, activity["id"])
        mine = self.activities.tally_data(activity, slot.step_id, staff=False, voter=participant_id)
        public = self.activities.tally_data(activity, slot.step_id, staff=False)
        if public["hidden"]:  # cast silently: only the facilitator sees the counts grow
            entries = [self.store.log(event_id, entry, "staff",
                                      self.activities.tally_data(activity, slot.step_id, staff=True), now),
                       # the wall's "x of y have voted" counter: how many, never for what
                       self.store.log(event_id, entry, "wall", public, now)]
        else:
            entries = [self.store.log(event_id, entry, "all", public, now)]
        return mine, entries

    @one_transaction
    def reveal(self, event_id: int, activity_id, step_id, now: float) -> list[dict]:
        activity = self.activities.get(event_id, activity_id)
        step = self.activities.step_of(activity, step_id)
        if step is None:
            raise RoomError("not_found")
        if step.voting.mode == "none":
            raise RoomError("no_voting")
        revealed = sorted(set(activity["revealed"]) | {step_id})
        activity = self.store.update_activity(activity["id"], revealed=revealed)
        return [self.store.log(event_id, VOTES_ENTRY, "all",
                               self.activities.tally_data(activity, step_id, staff=False), now)]


def _is_own(item: dict, participant_id: int, token: str | None) -> bool:
    """Named items are their author's; anonymous ones are known only through the phone's token."""
    if item["author_id"] is not None:
        return item["author_id"] == participant_id
    return token is not None and item["owner_key"] == owner_key(token)
