"""What the idea fair shows: each screen's view of a fair, the data of its log entries, and the
restitution's harvest (pure data). Read-only; the service (fair.py) writes.

Shapes are docs/protocol.md §11.2. Adoption contacts appear only in the views of a kiosk's
presenters and of the staff, and in the harvest (the organisers' restitution).
"""
from __future__ import annotations

from collections import Counter

from .room import fair as rules
from .room import jury as jury_rules
from .room import voting
from .room.errors import RoomError
from .room.formats import FairSettings, Voting
from .room.payload import is_id
from .store.shapes import own_feedback, public_kiosk, staff_feedback

FORMAT_ID = "idea-fair"
KIOSK_AUDIENCE = "kiosk:"


def kiosk_audience(kiosk_id: int) -> str:
    return f"{KIOSK_AUDIENCE}{kiosk_id}"


def only_fields(payload: dict, allowed) -> None:
    """A field the server does not know is refused, never dropped silently."""
    for key in payload:
        if key not in allowed:
            raise RoomError("unknown_field", field=str(key)[:40])


class FairViews:
    store = activities = room_url = None  # set by Fair

    # --- reading -------------------------------------------------------------------------------

    def get_fair_activity(self, event_id: int, activity_id) -> dict:
        activity = self.activities.get(event_id, activity_id)
        if activity["format_id"] != FORMAT_ID:
            raise RoomError("not_a_fair")
        return activity

    def settings(self, activity: dict):
        """(the format's fair defaults, its visiting step or None)."""
        fmt = self.activities.formats.get(activity["format_id"])
        for step in fmt.steps if fmt else ():
            if step.contributors == "kiosk":
                return step.fair or FairSettings(), step
        return FairSettings(), None

    def fair_activities(self, event_id: int) -> list[dict]:
        return [a for a in self.store.activities(event_id) if a["format_id"] == FORMAT_ID]

    def current_fair(self, event_id: int) -> dict | None:
        activity, _slots, _run = self.activities.current(event_id)
        return activity if activity and activity["format_id"] == FORMAT_ID else None

    def presented_fair(self, event_id: int, participant_id: int) -> dict | None:
        """The fair of the latest kiosk a participant presents: their presenter view works
        before the fair is the room's current activity, and after it."""
        for kiosk in reversed(self.store.event_kiosks(event_id)):
            if participant_id in kiosk["presenters"] or kiosk["note_taker"] == participant_id:
                return self.store.activity(event_id, kiosk["activity_id"])
        return None

    def _people(self, event_id: int) -> dict[int, dict]:
        return {p["id"]: p for p in self.store.list_participants(event_id)}

    def _event_code(self, event_id: int) -> str:
        return self.store.event_by_id(event_id)["code"]

    # --- parts of a view -----------------------------------------------------------------------

    def kiosk_view(self, kiosk: dict, people=None, code=None) -> dict:
        people = self._people(kiosk["event_id"]) if people is None else people
        code = self._event_code(kiosk["event_id"]) if code is None else code
        return public_kiosk(kiosk, people, code, self.room_url)

    def kiosks_data(self, activity: dict) -> list[dict]:
        people, code = self._people(activity["event_id"]), self._event_code(activity["event_id"])
        return [self.kiosk_view(k, people, code) for k in self.store.kiosks(activity["id"])]

    def groups_data(self, activity: dict) -> list[dict]:
        count = self.store.fair(activity)["group_count"] or 0
        members = self.store.fair_members(activity["id"])
        return [{"index": g, "number": g + 1,
                 "size": sum(1 for x in members.values() if x == g),
                 "members": sorted(pid for pid, x in members.items() if x == g)}
                for g in range(count)]

    def schedule_data(self, activity: dict, fair: dict) -> dict | None:
        if fair["mode"] is None:
            return None
        plan = fair["rotation"] or {}
        return {"activity_id": activity["id"], "mode": fair["mode"],
                "kiosk_ids": plan.get("kiosk_ids", []), "group_count": plan.get("group_count", 0),
                "slots": plan.get("slots", []), "slot_seconds": fair["slot_seconds"],
                "warning_seconds": fair["warning_seconds"], "skipped": plan.get("skipped", []),
                "clashes": plan.get("clashes", []), "carousel": plan.get("carousel", False)}

    def slot_data(self, activity: dict, fair: dict, now: float) -> dict:
        """Where the fair's clock stands (room/fair.py ``slot_at``), and each group's stops.
        ``key`` (not sent) names the moment, so the ticker announces each one once."""
        data = {"activity_id": activity["id"], "mode": fair["mode"], "status": fair["status"],
                "index": None, "slot_count": 0, "ends_at": None, "seconds_left": 0.0,
                "warning": False, "finished": False, "server_time": now,
                "phase": "not_started", "groups": [], "key": "not_started"}
        if fair["status"] == "not_started" or fair["mode"] is None:
            return data
        plan = fair["rotation"]
        count = len(plan["slots"]) if plan else 1
        at = rules.slot_at(fair["started_at"], now, count, slot_seconds=fair["slot_seconds"],
                           warning_seconds=fair["warning_seconds"], paused_for=fair["paused_for"],
                           paused_at=fair["paused_at"])
        finished = at.finished or fair["status"] == "finished"
        status = "finished" if finished else fair["status"]
        phase = ("finished" if finished else "paused" if status == "paused"
                 else "warning" if at.warning else "visit")
        data.update(status=status, slot_count=count, finished=finished, phase=phase,
                    index=None if finished else at.index,
                    ends_at=None if finished else at.ends_at,
                    seconds_left=0.0 if finished else at.seconds_left,
                    warning=at.warning and not finished,
                    key=phase if finished else f"{phase}:{at.index}")
        if plan and not finished:
            rotation = rules.Rotation(len(plan["kiosk_ids"]), plan["group_count"],
                                      tuple(tuple(row) for row in plan["slots"]))
            for g in range(plan["group_count"]):
                stop = rules.next_stop(rotation, g, at.index)
                data["groups"].append({"group": g, "kiosk": plan["slots"][at.index][g],
                                       "next": None if stop is None else
                                       {"slot": stop.slot, "kiosk": stop.kiosk}})
        return data

    def visitors_data(self, activity: dict) -> dict:
        counts = Counter(self.store.visits(activity["id"]).values())
        return {"activity_id": activity["id"], "visitors": {str(k): n for k, n in counts.items()}}

    def dots_data(self, activity: dict, fair: dict, *, staff: bool = False,
                  voter: int | None = None) -> dict:
        voting_rules = Voting(mode="dots", dots=fair["dots_budget"] or 0, reveal="at_once")
        rows = self.store.fair_dots(activity["id"])
        view = voting.visible_tally(rows, voting_rules, staff or bool(fair["dots_revealed"]), voter)
        return {"activity_id": activity["id"], "budget": voting_rules.dots,
                "revealed": bool(fair["dots_revealed"]),
                "counts": None if view["counts"] is None else
                {str(k): n for k, n in view["counts"].items()},
                "mine": {str(k): n for k, n in view["mine"].items()},
                "dots_left": view["dots_left"]}

    def rules_data(self, activity: dict, fair: dict) -> dict | None:
        if not fair["criteria"]:
            return None
        rules_ = self.jury_of(activity, fair)
        return {"activity_id": activity["id"], "criteria": fair["criteria"], "low": fair["low"],
                "high": fair["high"], "jurors": list(rules_.jurors),
                "recusals": sorted([j, k] for j, k in rules_.recusals),
                "revealed": bool(fair["jury_revealed"])}

    def jury_of(self, activity: dict, fair: dict) -> jury_rules.Jury:
        people = self._people(activity["event_id"])
        kiosks = {k["id"]: k["organisation"] or None for k in self.store.kiosks(activity["id"])}
        jurors = {pid: (None if people[pid]["anonymous"] else people[pid]["organisation"] or None)
                  for pid in fair["jurors"] or [] if pid in people}
        conflicts = [(j, k) for j, k in fair["conflicts"] or [] if j in jurors and k in kiosks]
        return jury_rules.jury([(c["id"], c["weight"]) for c in fair["criteria"]], kiosks, jurors,
                               low=fair["low"], high=fair["high"], conflicts=conflicts)

    def jury_data(self, activity: dict, fair: dict, *, staff: bool) -> dict | None:
        if not fair["criteria"]:
            return None
        if not staff and not fair["jury_revealed"]:
            return None
        rules_ = self.jury_of(activity, fair)
        rows = self.store.fair_scores(activity["id"])
        data = {"activity_id": activity["id"], "revealed": bool(fair["jury_revealed"]),
                "results": [_result(r) for r in jury_rules.results(rows, rules_)]}
        if staff:
            data["progress"] = {str(j): p._asdict() for j, p in jury_rules.progress(rows, rules_).items()}
        return data

    def scores_of(self, activity: dict, juror: int) -> dict:
        scores: dict = {}
        for j, kiosk, criterion, value in self.store.fair_scores(activity["id"]):
            if j == juror:
                scores.setdefault(str(kiosk), {})[criterion] = value
        return scores

    # --- a screen's view -----------------------------------------------------------------------

    def fair_view(self, activity: dict, now: float, *, role: str, participant: dict | None = None,
                  kiosk_id: int | None = None) -> dict:
        fair = self.store.fair(activity)
        staff = role == "facilitator"
        slot = self.slot_data(activity, fair, now)
        slot.pop("key")
        view = {"activity_id": activity["id"], "kiosks": self.kiosks_data(activity),
                "groups": self.groups_data(activity), "schedule": self.schedule_data(activity, fair),
                "slot": slot,
                "dots": self.dots_data(activity, fair, staff=staff,
                                       voter=participant["id"] if participant else None),
                "rules": self.rules_data(activity, fair),
                "jury": self.jury_data(activity, fair, staff=staff),
                "projector_view": fair["projector_view"]}
        if participant is not None:
            pid = participant["id"]
            presenting = [k["id"] for k in self.store.kiosks(activity["id"])
                          if pid in k["presenters"] or k["note_taker"] == pid]
            view["me"] = {"participant_id": pid,
                          "group": self.store.fair_members(activity["id"]).get(pid),
                          "at_kiosk": self.store.visits(activity["id"]).get(pid),
                          "presenting": presenting, "juror": pid in (fair["jurors"] or []),
                          "feedback": [own_feedback(f) for f in self.store.feedback_of(
                              activity["id"], participant_id=pid)],
                          "scores": self.scores_of(activity, pid)}
            view["kiosk_feedback"] = {str(k): self._kiosk_feedback(activity, k) for k in presenting}
        if kiosk_id is not None:
            view["kiosk_id"] = kiosk_id
            view["feedback"] = self._kiosk_feedback(activity, kiosk_id)
        if staff:
            view["feedback"] = {str(k["id"]): self._kiosk_feedback(activity, k["id"])
                                for k in self.store.kiosks(activity["id"])}
            view["visitors"] = self.visitors_data(activity)["visitors"]
            view["presenter_links"] = {}
        return view

    def _kiosk_feedback(self, activity: dict, kiosk_id: int) -> list[dict]:
        return [staff_feedback(f) for f in self.store.feedback_of(activity["id"], kiosk_id=kiosk_id)]

    def may_present(self, conn, kiosk: dict | None) -> bool:
        """The kiosk's own staff link, one of its presenters or its note-taker, or the staff."""
        if kiosk is None:
            return False
        if conn.role == "facilitator":
            return True
        if conn.role == "kiosk":
            return getattr(conn, "kiosk_id", None) == kiosk["id"]
        pid = conn.participant["id"] if conn.participant else None
        return pid is not None and (pid in kiosk["presenters"] or kiosk["note_taker"] == pid)

    def audiences_of(self, conn) -> tuple[str, ...]:
        """The kiosk audiences a screen holds (docs/protocol.md §11.1)."""
        if conn.role == "kiosk":
            return (kiosk_audience(conn.kiosk_id),)
        if conn.role == "facilitator":
            return tuple(kiosk_audience(k["id"]) for k in self.store.event_kiosks(conn.event_id))
        if conn.participant:
            pid = conn.participant["id"]
            return tuple(kiosk_audience(k["id"]) for k in self.store.event_kiosks(conn.event_id)
                         if pid in k["presenters"] or k["note_taker"] == pid)
        return ()

    # --- the restitution -----------------------------------------------------------------------

    def harvest(self, activity: dict) -> dict | None:
        """Each kiosk's questions, comments, ratings, adoption requests, dots and jury result:
        plain data for the restitution (one section per kiosk); None for a fair never set up.
        Read only: the restitution builds it in a thread of its own (offload.off_hub)."""
        fair = self.store.fair_row(activity["id"])
        if fair is None:
            return None
        people = self._people(activity["event_id"])
        counts = voting.tally(self.store.fair_dots(activity["id"]),
                              Voting(mode="dots", dots=fair["dots_budget"] or 0, reveal="at_once"))
        results = {}
        if fair["criteria"]:
            rules_ = self.jury_of(activity, fair)
            results = {r.kiosk: _result(r) for r in
                       jury_rules.results(self.store.fair_scores(activity["id"]), rules_)}
        kiosks = []
        for kiosk in self.store.kiosks(activity["id"]):
            items = list(reversed(self.store.feedback_of(activity["id"], kiosk_id=kiosk["id"])))
            latest = {}
            for f in items:
                if f["kind"] == "rating":
                    latest[f["participant_id"]] = f["value"]
            ratings = Counter(latest.values())
            kiosks.append({
                "id": kiosk["id"], "code": kiosk["code"], "title": kiosk["title"],
                "organisation": kiosk["organisation"] or "", "description": kiosk["description"] or "",
                "presenters": [_name(people.get(pid)) for pid in kiosk["presenters"]],
                "note_taker": _name(people.get(kiosk["note_taker"])) if kiosk["note_taker"] else None,
                "questions": [{"text": f["text"], "answered": bool(f["answered"]),
                               "author": _author(f)} for f in items if f["kind"] == "question"],
                "comments": [{"text": f["text"], "author": _author(f)}
                             for f in items if f["kind"] == "comment"],
                "ratings": {"count": len(latest),
                            "mean": round(sum(latest.values()) / len(latest), 2) if latest else None,
                            "counts": {str(v): ratings.get(v, 0) for v in range(1, 6)}},
                "adoptions": [{"text": f["text"], "contact": f["contact"], "author": _author(f)}
                              for f in items if f["kind"] == "adopt"],
                "dots": counts.get(kiosk["id"], 0),
                "jury": results.get(kiosk["id"]),
            })
        return {"activity_id": activity["id"], "title": activity["title"], "kiosks": kiosks,
                "dots_revealed": bool(fair["dots_revealed"]),
                "jury_revealed": bool(fair["jury_revealed"])}


def _result(r: jury_rules.KioskResult) -> dict:
    return {"kiosk_id": r.kiosk, "rank": r.rank, "ex_aequo": r.ex_aequo,
            "score": None if r.score is None else round(r.score, 3),
            "raw": None if r.raw is None else round(r.raw, 3),
            "z": None if r.z is None else round(r.z, 3), "jurors": r.jurors}


def _name(p: dict | None) -> str | None:
    if p is None or p["anonymous"] or not p["name"]:
        return None
    return f"{p['name']} ({p['organisation']})" if p["organisation"] else p["name"]


def _author(f: dict) -> str | None:
    if f.get("author_anonymous") or not f.get("author_name"):
        return None
    org = f.get("author_org")
    return f"{f['author_name']} ({org})" if org else f["author_name"]


__all__ = ["FORMAT_ID", "FairViews", "is_id", "kiosk_audience"]
