"""The idea fair's jury (the competition variant, methods.md §4): published criteria with their
weights, the jurors and their declared conflicts, the scores, and the reveal. Part of the Fair
service (facilitator/fair.py); the arithmetic, recusal and normalisation are room/jury.py's.
"""
from __future__ import annotations

from .activities import one_transaction
from .fair_views import only_fields
from .room import jury as jury_rules
from .room.contributions import clean_name
from .room.errors import RoomError
from .room.payload import is_id


class FairJury:
    @one_transaction
    def criteria(self, event_id: int, payload: dict, now: float):
        only_fields(payload, ("activity_id", "criteria", "low", "high"))
        activity = self.get_fair_activity(event_id, payload.get("activity_id"))
        fair = self._fair(activity)
        raw = payload.get("criteria")
        if not isinstance(raw, list) or len(raw) > 12:
            raise RoomError("bad_field", field="criteria")
        criteria = []
        for item in raw:
            if not isinstance(item, dict) or set(item) - {"id", "label", "weight"}:
                raise RoomError("bad_field", field="criteria")
            cid = item.get("id")
            if not isinstance(cid, str) or not 1 <= len(cid) <= 40:
                raise RoomError("bad_field", field="criteria.id")
            try:
                label = clean_name(item.get("label"), limit=80)
            except RoomError:
                label = ""
            if not label:
                raise RoomError("bad_field", field="criteria.label")
            criteria.append({"id": cid, "label": label, "weight": item.get("weight")})
        low, high = payload.get("low", fair["low"]), payload.get("high", fair["high"])
        jury_rules.jury([(c["id"], c["weight"]) for c in criteria], {}, {}, low=low, high=high)
        self.store.update_fair(activity["id"], criteria=criteria, low=low, high=high)
        return self._jury_entries(activity, now)

    @one_transaction
    def jurors(self, event_id: int, payload: dict, now: float):
        only_fields(payload, ("activity_id", "participant_ids", "conflicts"))
        activity = self.get_fair_activity(event_id, payload.get("activity_id"))
        self._fair(activity)
        ids = payload.get("participant_ids")
        if not isinstance(ids, list) or not all(map(is_id, ids)):
            raise RoomError("bad_field", field="participant_ids")
        if not set(ids) <= {p["id"] for p in self.store.list_participants(event_id)}:
            raise RoomError("not_found")
        conflicts = payload.get("conflicts", [])
        kiosk_ids = {k["id"] for k in self.store.kiosks(activity["id"])}
        if not isinstance(conflicts, list) or not all(
                isinstance(c, list) and len(c) == 2 and all(map(is_id, c)) for c in conflicts):
            raise RoomError("bad_field", field="conflicts")
        if any(j not in ids or k not in kiosk_ids for j, k in conflicts):
            raise RoomError("not_found")
        self.store.update_fair(activity["id"], jurors=list(dict.fromkeys(ids)), conflicts=conflicts)
        return self._jury_entries(activity, now)

    @one_transaction
    def score(self, event_id: int, juror_id: int, payload: dict, now: float):
        only_fields(payload, ("activity_id", "kiosk_id", "criterion", "value"))
        activity = self.get_fair_activity(event_id, payload.get("activity_id"))
        fair = self._fair(activity)
        if not fair["criteria"]:
            raise RoomError("no_criteria")
        kiosk_id = payload.get("kiosk_id")
        criterion = payload.get("criterion")
        if not isinstance(criterion, str):
            raise RoomError("unknown_criterion", criterion=str(criterion)[:40])
        change = jury_rules.decide(self.jury_of(activity, fair), juror_id,
                                   kiosk_id if is_id(kiosk_id) else None, criterion,
                                   payload.get("value"))
        self.store.set_fair_score(activity["id"], juror_id, change.kiosk, criterion, change.value)
        return self.scores_of(activity, juror_id), [self._jury_entry(activity, now)]

    @one_transaction
    def reveal_jury(self, event_id: int, activity_id, now: float):
        activity = self.get_fair_activity(event_id, activity_id)
        fair = self._fair(activity)
        if not fair["criteria"]:
            raise RoomError("no_criteria")
        self.store.update_fair(activity["id"], jury_revealed=1)
        return [self._jury_entry(activity, now)]


    def _jury_entries(self, activity: dict, now: float) -> list[dict]:
        fair = self.store.fair(activity)
        return [self.store.log(activity["event_id"], "fair.rules", "all",
                               self.rules_data(activity, fair), now),
                self._jury_entry(activity, now)]

    def _jury_entry(self, activity: dict, now: float) -> dict:
        """Progress names jurors: the staff's alone. Once revealed, the results go to all."""
        fair = self.store.fair(activity)
        public = bool(fair["jury_revealed"])
        return self.store.log(activity["event_id"], "fair.jury", "all" if public else "staff",
                              self.jury_data(activity, fair, staff=not public), now)
