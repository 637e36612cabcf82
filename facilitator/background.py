"""Background activities: a question box or an idea box open all day beside the current activity
(docs/background.md). Built beside the agenda's current-activity machinery (activities.py), not
inside it: the room's current activity, its timer and its state never see a background one.

Reads the store, applies room/background.py, returns the log entries; the caller broadcasts
them after the commit (``@one_transaction``, as in activities.py).
"""
from __future__ import annotations

from .activities import VOTES_ENTRY, Activities, one_transaction
from .room import background as rules
from .room.errors import RoomError
from .room.payload import is_id
from .store import Store
from .votes import Votes

BACKGROUND_ENTRY = "agenda.background"
#: A vote in a box that is not the room's current activity: same tally, same audiences as
#: ``votes.updated``, which every screen reads as its current activity's tally. (phone.js once
#: took another activity's for its results step; it now drops them as the projector does, so the
#: two types could become one: protocol.md §12 and three screens would change with it.)
BOX_VOTES_ENTRY = "votes.background"


class Background:
    def __init__(self, store: Store, activities: Activities, votes: Votes):
        self.store = store
        self.activities = activities
        self.votes = votes

    # --- reading -------------------------------------------------------------------------------

    def allowed(self, activity: dict) -> bool:
        """Whether the activity may run in the background (the dashboard shows the toggle)."""
        fmt = self.activities.formats.get(activity["format_id"])
        return fmt is not None and rules.may_run(fmt.background, self.activities.slots(activity)) is None

    def running(self, event_id: int) -> list[tuple[dict, object, object]]:
        """(activity, format, open slot) of every activity running in the background now; one
        whose format file changed so it no longer fits is left out, never a crash."""
        found = []
        for activity_id in self.store.background_ids(event_id):
            activity = self.store.activity(event_id, activity_id)
            fmt = self.activities.formats.get(activity["format_id"]) if activity else None
            slot = rules.open_slot(self.activities.slots(activity)) if fmt else None
            if slot is not None and fmt.background:
                found.append((activity, fmt, slot))
        return found

    def data(self, event_id: int) -> dict:
        """What a phone needs to show and post to each background activity, in both languages."""
        running = self.running(event_id)
        projected = self.store.projected_background(event_id)
        return {"activities": [_view(a, fmt, slot) for a, fmt, slot in running],
                # the projector shows this one instead of the current activity (None: the current)
                "projected": projected if any(a["id"] == projected for a, _f, _s in running) else None}

    def tallies(self, event_id: int, *, staff: bool, voter: int | None = None) -> list[dict]:
        """The tally (docs/protocol.md §5.7) of every running box that takes votes, in one screen's
        view: the staff's, the public one, or a voter's (with their own upvotes)."""
        return [self.activities.tally_data(a, slot.step_id, staff=staff, voter=voter)
                for a, _fmt, slot in self.running(event_id) if rules.takes_votes(slot.voting.mode)]

    def slot_for_post(self, event_id: int, activity_id) -> tuple[dict, object, object]:
        """Where a post or a vote naming ``activity_id`` goes: that background activity's open
        step. An id that is not a background activity is refused naming the field, never posted
        (or counted) elsewhere."""
        if is_id(activity_id):
            for activity, fmt, slot in self.running(event_id):
                if activity["id"] == activity_id:
                    return activity, fmt, slot
        raise RoomError("not_background", field="activity_id")

    # --- upvotes, whatever the room is doing ------------------------------------------------------

    @one_transaction
    def vote(self, event_id: int, participant_id: int, activity_id, item_id, value, now: float,
             token: str | None = None) -> tuple[dict, list[dict]]:
        """``vote:cast`` with ``activity_id``: an upvote in a box open all day. Stored as the box's
        own votes (its activity, scope "upvotes"), those it has as the current activity: starting
        it later neither loses nor doubles one. Same rules as the current step's (a state, not a
        delta; not one's own question; closed once revealed); refusals name their field."""
        activity, _fmt, slot = self.slot_for_post(event_id, activity_id)
        if not rules.takes_votes(slot.voting.mode):
            raise RoomError("background_no_votes", field="activity_id")
        item = self.store.contribution(event_id, item_id) if is_id(item_id) else None
        refusal = rules.item_refusal(item, activity["id"])
        if refusal:
            raise RoomError(refusal, field="item_id")
        # The box that is also the room's current activity is on the phones' "Now" tab, which
        # follows votes.updated.
        current = self.store.event_by_id(event_id)["current_activity_id"] == activity["id"]
        return self.votes.cast(event_id, activity, slot, participant_id, item["id"], value,
                               now, token, VOTES_ENTRY if current else BOX_VOTES_ENTRY)

    # --- the facilitator's switch ----------------------------------------------------------------

    @one_transaction
    def switch(self, event_id: int, activity_id, on, now: float) -> list[dict]:
        if not isinstance(on, bool):
            raise RoomError("bad_field", field="on")
        activity = self.activities.get(event_id, activity_id)
        if on and not self.allowed(activity):
            raise RoomError("background_not_allowed")
        self.store.set_background(event_id, activity["id"], on, now)
        return [self.entry(event_id, now)]

    @one_transaction
    def project(self, event_id: int, activity_id, now: float) -> list[dict]:
        """Put a background activity up on the projector; None puts the current one back."""
        if activity_id is not None:
            activity_id = self.slot_for_post(event_id, activity_id)[0]["id"]
        self.store.project_background(event_id, activity_id)
        return [self.entry(event_id, now)]

    def entry(self, event_id: int, now: float) -> dict:
        return self.store.log(event_id, BACKGROUND_ENTRY, "all", self.data(event_id), now)


def _view(activity: dict, fmt, slot) -> dict:
    return {"id": activity["id"], "title": activity["title"], "format_id": fmt.id,
            "format_label": {"fr": fmt.label.fr, "en": fmt.label.en},
            "step_id": slot.step_id,
            "label": {"fr": slot.label.fr, "en": slot.label.en},
            "prompt": {"fr": slot.prompt.fr, "en": slot.prompt.en},
            "kinds": list(slot.kinds), "visibility": slot.visibility, "shared": slot.shared,
            # "upvote" when phones may upvote its items all day (vote:cast with activity_id)
            "voting": slot.voting.mode if rules.takes_votes(slot.voting.mode) else "none"}
