"""Background activities: a question box or an idea box open all day beside the current activity
(docs/background.md). Built beside the agenda's current-activity machinery (activities.py), not
inside it: the room's current activity, its timer and its state never see a background one.

Reads the store, applies room/background.py, returns the log entries; the caller broadcasts
them after the commit (``@one_transaction``, as in activities.py).
"""
from __future__ import annotations

from .activities import Activities, one_transaction
from .room import background as rules
from .room.errors import RoomError
from .room.payload import is_id
from .store import Store

BACKGROUND_ENTRY = "agenda.background"


class Background:
    def __init__(self, store: Store, activities: Activities):
        self.store = store
        self.activities = activities

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

    def slot_for_post(self, event_id: int, activity_id) -> tuple[dict, object, object]:
        """Where a post naming ``activity_id`` goes: that background activity's open step. An id
        that is not a background activity is refused naming the field, never posted elsewhere."""
        if is_id(activity_id):
            for activity, fmt, slot in self.running(event_id):
                if activity["id"] == activity_id:
                    return activity, fmt, slot
        raise RoomError("not_background", field="activity_id")

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
            "kinds": list(slot.kinds), "visibility": slot.visibility, "shared": slot.shared}
