"""The idea fair (a service, beside activities.py): kiosks, visiting groups, the rotation and
its slot clock, feedback, dots and the jury. No Flask, no Socket.IO: handlers call this and
broadcast the log entries it returns, after the commit.

Every change is one transaction with its entries (``@one_transaction``). The pure rules are in
room/fair.py (schedule, clock), room/groups.py (dealing, late arrivals), room/voting.py (dots)
and room/jury.py (scores); the jury's operations in fair_jury.py, the views and the
restitution's harvest in fair_views.py.
"""
from __future__ import annotations

import secrets

from .activities import one_transaction
from .fair_jury import FairJury
from .fair_views import FairViews, kiosk_audience, only_fields
from .room import fair as rules
from .room import groups as grouping
from .room import voting
from .room.codes import ALPHABET, normalise_code
from .room.contributions import clean_name, clean_text
from .room.errors import RoomError
from .room.formats import Voting
from .room.payload import is_id, require_id
from .store import DuplicateId, NotFound
from .store.fair import KIOSK_CODE_LENGTH
from .store.shapes import own_feedback, staff_feedback

KINDS = ("question", "comment", "rating", "adopt")
RATING = (1, 5)
MAX_PRESENTERS = 4
MAX_CONTACT = 200
VIEWS = ("schedule", "kiosks", "countdown", "award")
KIOSK_FIELDS = ("activity_id", "kiosk_id", "title", "organisation", "presenters", "note_taker",
                "description")


def _minutes(payload, key, default, low, high) -> float:
    value = payload.get(key, default)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not low < value <= high:
        raise RoomError("bad_duration")
    return float(value)


class Fair(FairJury, FairViews):
    def __init__(self, store, activities, room_url: str):
        self.store = store
        self.activities = activities
        self.room_url = room_url

    # --- kiosks --------------------------------------------------------------------------------

    @one_transaction
    def kiosk_save(self, event_id: int, payload: dict, now: float):
        """Create or edit a kiosk: (kiosk view, staff token or None, entries, people whose
        kiosk audience changed {participant_id: (joined kiosk ids, left kiosk ids)})."""
        only_fields(payload, KIOSK_FIELDS)
        kiosk = None
        if payload.get("kiosk_id") is not None:
            kiosk = self._kiosk(event_id, payload["kiosk_id"])
            activity = self.activities.get(event_id, kiosk["activity_id"])
        else:
            activity = self.get_fair_activity(event_id, payload.get("activity_id"))
        fair = self.store.fair(activity)
        fields = self._kiosk_fields(event_id, payload, creating=kiosk is None)
        token = None
        before = set() if kiosk is None else _staff_of(kiosk)
        if kiosk is None:
            if fair["rotation"] and fair["status"] != "finished":
                raise RoomError("fair_started")
            if len(self.store.kiosks(activity["id"])) >= rules.MAX_KIOSKS:
                raise RoomError("bad_kiosks", min=rules.MIN_KIOSKS, max=rules.MAX_KIOSKS)
            kiosk, token = self.store.add_kiosk(activity, fields, self._new_code(event_id), now)
        else:
            self.store.update_kiosk(kiosk["id"], fields)
            kiosk = self.store.kiosk(event_id, kiosk["id"])
        after = _staff_of(kiosk)
        moved = {pid: ([kiosk["id"]] if pid in after else [], [kiosk["id"]] if pid in before else [])
                 for pid in before ^ after}
        return self.kiosk_view(kiosk), token, [self._kiosks_entry(activity, now)], moved

    def _kiosk_fields(self, event_id: int, payload: dict, creating: bool) -> dict:
        fields = {}
        if creating or "title" in payload:
            try:
                title = clean_name(payload.get("title"), limit=120)
            except RoomError:
                title = ""
            if not title:
                raise RoomError("bad_title")
            fields["title"] = title
        for key, limit in (("organisation", 80), ("description", 500)):
            if key in payload:
                value = payload[key]
                if value is not None and not isinstance(value, str) or value and len(value) > limit * 4:
                    raise RoomError("bad_field", field=key)
                text = clean_text(value or "")
                if key == "organisation":
                    text = " ".join(text.split())
                if len(text) > limit:
                    raise RoomError("bad_field", field=key)
                fields[key] = text
        people = {p["id"] for p in self.store.list_participants(event_id)}
        if "presenters" in payload:
            ids = payload["presenters"]
            if not isinstance(ids, list) or len(ids) > MAX_PRESENTERS or not all(map(is_id, ids)):
                raise RoomError("bad_field", field="presenters")
            if not set(ids) <= people:
                raise RoomError("not_found")
            fields["presenters"] = list(dict.fromkeys(ids))
        if "note_taker" in payload:
            pid = payload["note_taker"]
            if pid is not None and not is_id(pid):
                raise RoomError("bad_field", field="note_taker")
            if pid is not None and pid not in people:
                raise RoomError("not_found")
            fields["note_taker"] = pid
        return fields

    def _new_code(self, event_id: int) -> str:
        while True:
            code = "".join(secrets.choice(ALPHABET) for _ in range(KIOSK_CODE_LENGTH))
            if self.store.kiosk_by_code(event_id, code) is None:
                return code

    @one_transaction
    def kiosk_remove(self, event_id: int, kiosk_id, now: float):
        kiosk = self._kiosk(event_id, kiosk_id)
        activity = self.activities.get(event_id, kiosk["activity_id"])
        fair = self.store.fair(activity)
        if fair["rotation"] and fair["status"] != "finished":
            raise RoomError("fair_started")
        self.store.remove_kiosk(kiosk["id"])
        moved = {pid: ([], [kiosk["id"]]) for pid in _staff_of(kiosk)}
        return [self._kiosks_entry(activity, now)], moved

    def kiosk_link(self, event_id: int, kiosk_id) -> str:
        kiosk = self._kiosk(event_id, kiosk_id)
        return self.presenter_url(self.store.new_kiosk_token(kiosk["id"]))

    def presenter_url(self, token: str) -> str:
        return f"{self.room_url}/kiosk/{token}"

    def find_kiosk(self, event_id: int, payload: dict) -> dict:
        """A kiosk by ``kiosk_id`` or by the ``code`` printed on its poster."""
        if payload.get("kiosk_id") is not None:
            return self._kiosk(event_id, payload["kiosk_id"])
        code = payload.get("code")
        kiosk = self.store.kiosk_by_code(event_id, normalise_code(code)) if isinstance(code, str) else None
        if kiosk is None:
            raise RoomError("unknown_kiosk")
        return kiosk

    def _kiosk(self, event_id: int, kiosk_id) -> dict:
        if not is_id(kiosk_id):
            raise RoomError("unknown_kiosk")
        kiosk = self.store.kiosk(event_id, kiosk_id)
        if kiosk is None:
            raise RoomError("unknown_kiosk")
        return kiosk

    # --- visiting groups -----------------------------------------------------------------------

    @one_transaction
    def form_groups(self, event_id: int, activity_id, count, now: float) -> list[dict]:
        activity = self.get_fair_activity(event_id, activity_id)
        fair = self.store.fair(activity)
        if fair["status"] in ("running", "paused") and fair["mode"] == "rotation":
            raise RoomError("fair_started")
        kiosks = self.store.kiosks(activity["id"])
        if not kiosks:
            raise RoomError("bad_kiosks", min=rules.MIN_KIOSKS, max=rules.MAX_KIOSKS)
        people = self._visitors(activity, kiosks)
        most = min(rules.MAX_GROUPS, len(people))
        count = min(len(kiosks), most) if count is None else count
        if not is_id(count) or not 1 <= count <= most:
            raise RoomError("bad_groups", min=1, max=max(1, most))
        planned = [grouping.PlannedGroup(i) for i in range(count)]
        assignment = grouping.deal_balanced(people, planned, seed=activity["id"])
        self.store.set_fair_members(activity["id"], assignment)
        self.store.update_fair(activity["id"], group_count=count)
        return [self._groups_entry(activity, now)]

    @one_transaction
    def move(self, event_id: int, activity_id, participant_id, group, now: float) -> list[dict]:
        activity = self.get_fair_activity(event_id, activity_id)
        fair = self.store.fair(activity)
        if not is_id(group) or not 0 <= group < (fair["group_count"] or 0):
            raise RoomError("unknown_group")
        if not is_id(participant_id) or participant_id not in {
                p["id"] for p in self.store.list_participants(event_id)}:
            raise RoomError("not_found")
        members = self.store.fair_members(activity["id"])
        self.store.set_fair_members(activity["id"], grouping.move(
            members, [grouping.PlannedGroup(i) for i in range(fair["group_count"])],
            participant_id, group))
        return [self._groups_entry(activity, now)]

    @one_transaction
    def place_late(self, event_id: int, participant: dict, now: float) -> list[dict]:
        """A participant who joins once the groups exist joins one at once (room/groups.py
        ``place_late``, balanced by organisation), in every fair of the event that has them."""
        entries = []
        people = {p["id"]: p for p in self.store.list_participants(event_id)}
        for activity_id in self.store.fair_activities_with_groups(event_id):
            activity = self.store.activity(event_id, activity_id)
            fair = self.store.fair(activity)
            members = self.store.fair_members(activity_id)
            if participant["id"] in members or not fair["group_count"]:
                continue
            planned = [grouping.PlannedGroup(i) for i in range(fair["group_count"])]
            known = {pid: _person(people[pid]) for pid in members if pid in people}
            group = grouping.place_late(_person(participant), members, planned, "balanced",
                                        members=known, seed=activity_id)
            members[participant["id"]] = group
            self.store.set_fair_members(activity_id, members)
            entries.append(self._groups_entry(activity, now))
        return entries

    def _visitors(self, activity: dict, kiosks: list[dict]) -> list[grouping.Person]:
        """Everyone but the kiosks' presenters and note-takers: they stay at their stand."""
        staff = set().union(*(_staff_of(k) for k in kiosks))
        return [_person(p) for p in self.store.list_participants(activity["event_id"])
                if p["id"] not in staff]

    # --- the clock -----------------------------------------------------------------------------

    @one_transaction
    def start(self, event_id: int, payload: dict, now: float) -> list[dict]:
        only_fields(payload, ("activity_id", "mode", "minutes", "slot_minutes", "warning_minutes"))
        activity = self.get_fair_activity(event_id, payload.get("activity_id"))
        settings, step = self.settings(activity)
        mode = payload.get("mode", settings.mode)
        if mode not in rules_modes():
            raise RoomError("bad_field", field="mode")
        kiosks = self.store.kiosks(activity["id"])
        fields = {"mode": mode, "status": "running", "started_at": now, "paused_at": None,
                  "paused_for": 0.0, "announced": None}
        if mode == "rotation":
            slot = _minutes(payload, "slot_minutes", settings.slot_minutes, 0, 60)
            warning = payload.get("warning_minutes", settings.warning_minutes)
            if not isinstance(warning, (int, float)) or isinstance(warning, bool) or not 0 <= warning < slot:
                raise RoomError("bad_duration")
            fair = self.store.fair(activity)
            if not fair["group_count"]:
                raise RoomError("no_visiting_groups")
            if not rules.MIN_KIOSKS <= len(kiosks) <= rules.MAX_KIOSKS:
                raise RoomError("bad_kiosks", min=rules.MIN_KIOSKS, max=rules.MAX_KIOSKS)
            fields.update(slot_seconds=slot * 60, warning_seconds=float(warning) * 60,
                          rotation=self._plan(activity, kiosks, fair["group_count"]))
        else:
            if "slot_minutes" in payload or "warning_minutes" in payload:
                raise RoomError("bad_field", field="slot_minutes" if "slot_minutes" in payload
                                else "warning_minutes")
            default = step.duration if step is not None and step.duration else 45
            minutes = _minutes(payload, "minutes", default, 0, 600)
            warning = step.warning if step is not None and step.warning < minutes else 0
            fields.update(slot_seconds=minutes * 60, warning_seconds=warning * 60, rotation=None)
        self.store.update_fair(activity["id"], **fields)
        return [self._schedule_entry(activity, now), self._slot_entry(activity, now)]

    def _plan(self, activity: dict, kiosks: list[dict], group_count: int) -> dict:
        """The whole rotation, planned at once (room/fair.py), in kiosk ids."""
        people = {p["id"]: p for p in self.store.list_participants(activity["event_id"])}
        seen: list[set] = [set() for _ in range(group_count)]
        for pid, group in self.store.fair_members(activity["id"]).items():
            if pid in people and people[pid]["organisation"] and not people[pid]["anonymous"]:
                seen[group].add(rules.normal_org(people[pid]["organisation"]))
        # A group "is" an organisation only when all its members who named one named the same
        # (methods.md §2: presenters are not paired with their own organisation's group). Groups
        # are dealt balanced, so most mix organisations: they visit every stand, their own
        # colleagues' included, or a mixed room would visit almost nothing.
        orgs = [found if len(found) == 1 else set() for found in seen]
        plan = rules.plan_rotation([k["organisation"] or None for k in kiosks], orgs)
        ids = [k["id"] for k in kiosks]
        return {"kiosk_ids": ids, "group_count": group_count,
                "slots": [[None if k is None else ids[k] for k in row] for row in plan.slots],
                "skipped": [[g, ids[k]] for g, k in plan.skipped],
                "clashes": [[g, ids[k]] for g, k in plan.clashes], "carousel": plan.carousel}

    @one_transaction
    def control(self, event_id: int, activity_id, action, now: float) -> list[dict]:
        activity = self.get_fair_activity(event_id, activity_id)
        fair = self.store.fair(activity)
        if fair["status"] == "not_started":
            raise RoomError("no_activity")
        if action == "pause" and fair["status"] == "running":
            self.store.update_fair(activity["id"], status="paused", paused_at=now)
        elif action == "resume" and fair["status"] == "paused":
            self.store.update_fair(activity["id"], status="running", paused_at=None,
                                   paused_for=fair["paused_for"] + now - fair["paused_at"])
        elif action == "stop":
            self.store.update_fair(activity["id"], status="finished", paused_at=None)
        elif action not in ("pause", "resume"):
            raise RoomError("bad_payload")
        return [self._slot_entry(activity, now)]

    def tick(self, event_id: int, now: float) -> list[dict]:
        """The agenda's ticker asks every second: a ``fair.slot`` entry when a slot or its
        warning begins, or the rotation ends. Nearly always nothing: look on a read first."""
        entries = []
        for fair_event, activity_id in self.store.running_fairs():
            if fair_event == event_id and self._due(event_id, activity_id, now):
                entries += self._announce(event_id, activity_id, now)
        return entries

    def tick_all(self, now: float) -> dict[int, list[dict]]:
        return {event_id: self.tick(event_id, now)
                for event_id in {e for e, _a in self.store.running_fairs()}}

    def _due(self, event_id: int, activity_id: int, now: float):
        activity = self.store.activity(event_id, activity_id)
        if activity is None:
            return None
        fair = self.store.fair(activity)
        return activity if self.slot_data(activity, fair, now)["key"] != fair["announced"] else None

    @one_transaction
    def _announce(self, event_id: int, activity_id: int, now: float) -> list[dict]:
        activity = self._due(event_id, activity_id, now)  # again, inside the transaction
        return [self._slot_entry(activity, now)] if activity else []

    # --- visitors ------------------------------------------------------------------------------

    @one_transaction
    def visit(self, event_id: int, participant: dict, payload: dict, now: float):
        only_fields(payload, ("kiosk_id", "code"))
        kiosk = self.find_kiosk(event_id, payload)
        activity = self.activities.get(event_id, kiosk["activity_id"])
        entries = []
        if self.store.set_visit(activity["id"], participant["id"], kiosk["id"], now):
            entries.append(self.store.log(event_id, "fair.visitors", "staff",
                                          self.visitors_data(activity), now))
        mine = [own_feedback(f) for f in self.store.feedback_of(
            activity["id"], kiosk_id=kiosk["id"], participant_id=participant["id"])]
        return self.kiosk_view(kiosk), mine, entries

    def parse_feedback(self, payload: dict, max_text: int) -> dict:
        """What a feedback may be, checked before anything touches the store."""
        only_fields(payload, ("kiosk_id", "code", "kind", "text", "value", "contact", "client_id"))
        from .room.contributions import parse_new_contribution
        kind = payload.get("kind")
        if kind not in KINDS:
            raise RoomError("bad_kind", kind=str(kind)[:20])
        text = value = contact = None
        if kind in ("question", "comment"):
            _absent(payload, "value", "contact")
            text = parse_new_contribution({"client_id": payload.get("client_id"), "kind": kind,
                                           "text": payload.get("text")}, max_text).text
        elif kind == "rating":
            _absent(payload, "text", "contact")
            value = payload.get("value")
            if not is_id(value) or not RATING[0] <= value <= RATING[1]:
                raise RoomError("bad_rating", min=RATING[0], max=RATING[1])
        else:
            _absent(payload, "value")
            note = payload.get("text") or ""
            if not isinstance(note, str):
                raise RoomError("bad_field", field="text")
            text = clean_text(note) if note else ""
            if len(text) > max_text:
                raise RoomError("text_too_long", max=max_text)
            raw = payload.get("contact")
            contact = " ".join(clean_text(raw).split()) if isinstance(raw, str) else ""
            if not contact or len(contact) > MAX_CONTACT:
                raise RoomError("bad_contact", max=MAX_CONTACT)
        client_id = parse_new_contribution({"client_id": payload.get("client_id"),
                                            "text": "x"}, max_text).client_id
        return {"kind": kind, "text": text, "value": value, "contact": contact,
                "client_id": client_id}

    @one_transaction
    def feedback(self, event_id: int, participant: dict, kiosk: dict, new: dict, now: float):
        """(own view, duplicate?, entries): idempotent by client id."""
        try:
            row, created = self.store.add_feedback(kiosk, participant["id"], new["client_id"],
                                                   new["kind"], new["text"], new["value"],
                                                   new["contact"], now)
        except DuplicateId:
            raise RoomError("duplicate_id") from None
        entries = [self._feedback_entry(row, now)] if created else []
        return own_feedback(row), not created, entries

    @one_transaction
    def answered(self, event_id: int, may_present, feedback_id, answered, now: float):
        """``may_present(kiosk)`` says whether the asker presents that kiosk."""
        if not is_id(feedback_id) or not isinstance(answered, bool):
            raise RoomError("bad_payload")
        row = self.store.feedback(event_id, feedback_id)
        if row is None or row["kind"] != "question":
            raise RoomError("not_found")
        if not may_present(self.store.kiosk(event_id, row["kiosk_id"])):
            raise RoomError("not_presenter")
        row = self.store.set_answered(row["id"], answered)
        return staff_feedback(row), [self._feedback_entry(row, now)]

    # --- dots ----------------------------------------------------------------------------------

    def _voting(self, fair: dict) -> Voting:
        return Voting(mode="dots", dots=fair["dots_budget"] or 0, reveal="at_once")

    @one_transaction
    def dot(self, event_id: int, voter_id: int, payload: dict, now: float):
        only_fields(payload, ("activity_id", "kiosk_id", "value"))
        activity = self.get_fair_activity(event_id, payload.get("activity_id"))
        fair = self._fair(activity)
        kiosk = self._kiosk(event_id, payload.get("kiosk_id"))
        if kiosk["activity_id"] != activity["id"]:
            raise RoomError("unknown_kiosk")
        rows = self.store.fair_dots(activity["id"])
        change = voting.decide(rows, self._voting(fair), voter_id, kiosk["id"], payload.get("value"))
        self.store.set_fair_dot(activity["id"], voter_id, kiosk["id"], change.value)
        return self.dots_data(activity, fair, voter=voter_id), [self._dots_entry(activity, now)]

    @one_transaction
    def dots_budget(self, event_id: int, activity_id, budget, now: float):
        activity = self.get_fair_activity(event_id, activity_id)
        if not is_id(budget) or not 1 <= budget <= 10:
            raise RoomError("bad_field", field="budget")
        self._fair(activity)
        self.store.update_fair(activity["id"], dots_budget=budget)
        return [self._dots_entry(activity, now)]

    @one_transaction
    def reveal_dots(self, event_id: int, activity_id, now: float):
        activity = self.get_fair_activity(event_id, activity_id)
        self._fair(activity)
        self.store.update_fair(activity["id"], dots_revealed=1)
        return [self._dots_entry(activity, now)]

    @one_transaction
    def project(self, event_id: int, activity_id, view, now: float):
        activity = self.get_fair_activity(event_id, activity_id)
        fair = self._fair(activity)
        if view not in VIEWS:
            raise RoomError("bad_field", field="view")
        if view == "award" and not (fair["jury_revealed"] or fair["dots_revealed"]):
            raise RoomError("not_revealed")
        self.store.update_fair(activity["id"], projector_view=view)
        return [self.store.log(event_id, "fair.projector", "wall",
                               {"activity_id": activity["id"], "view": view}, now)]

    # --- entries -------------------------------------------------------------------------------

    def _fair(self, activity: dict) -> dict:
        fair = self.store.fair(activity)
        if fair["dots_budget"] is None:  # first use: the format's budget
            self.store.update_fair(activity["id"], dots_budget=self.settings(activity)[0].dots)
            fair = self.store.fair(activity)
        return fair

    def _kiosks_entry(self, activity: dict, now: float) -> dict:
        return self.store.log(activity["event_id"], "fair.kiosks", "all",
                              {"activity_id": activity["id"], "kiosks": self.kiosks_data(activity)}, now)

    def _groups_entry(self, activity: dict, now: float) -> dict:
        return self.store.log(activity["event_id"], "fair.groups", "all",
                              {"activity_id": activity["id"], "groups": self.groups_data(activity)}, now)

    def _schedule_entry(self, activity: dict, now: float) -> dict:
        return self.store.log(activity["event_id"], "fair.schedule", "all",
                              self.schedule_data(activity, self.store.fair(activity)), now)

    def _slot_entry(self, activity: dict, now: float) -> dict:
        fair = self.store.fair(activity)
        data = self.slot_data(activity, fair, now)
        key = data.pop("key")
        fields = {"announced": key}
        if data["status"] == "finished" and fair["status"] != "finished":
            fields["status"] = "finished"
        self.store.update_fair(activity["id"], **fields)
        return self.store.log(activity["event_id"], "fair.slot", "all", data, now)

    def _feedback_entry(self, row: dict, now: float) -> dict:
        return self.store.log(row["event_id"], "fair.feedback", kiosk_audience(row["kiosk_id"]),
                              {"activity_id": row["activity_id"], "kiosk_id": row["kiosk_id"],
                               "feedback": staff_feedback(row)}, now)

    def _dots_entry(self, activity: dict, now: float) -> dict:
        fair = self._fair(activity)
        return self.store.log(activity["event_id"], "fair.dots",
                              "all" if fair["dots_revealed"] else "staff",
                              self.dots_data(activity, fair, staff=True), now)


def rules_modes() -> tuple[str, ...]:
    from .room.formats import FAIR_MODES
    return FAIR_MODES


def _absent(payload: dict, *keys) -> None:
    for key in keys:
        if payload.get(key) not in (None, ""):
            raise RoomError("bad_field", field=key)


def _staff_of(kiosk: dict) -> set[int]:
    """Who presents a kiosk or takes its notes: its audience's participants."""
    return set(kiosk["presenters"]) | ({kiosk["note_taker"]} if kiosk["note_taker"] else set())


def _person(p: dict) -> grouping.Person:
    org = None if p["anonymous"] else rules.normal_org(p["organisation"] or None)
    return grouping.Person(p["id"], org)


__all__ = ["Fair", "KINDS", "NotFound", "require_id"]
