"""The running agenda of an event: activities from the store, the pure rules of room/, and the
log entries every screen needs. No Flask and no Socket.IO here: handlers call this and emit.

Every change is one transaction with the log entries it writes (``@one_transaction``): it
reads the activity by id inside that transaction, and returns the entries; the caller broadcasts
them after the commit.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import replace

from . import vote_options
from .room import agenda, voting
from .room.agenda import Run, Slot
from .room.errors import RoomError
from .room.payload import is_id, require_id
from .room.formats import Format, question_table
from .room.overrides import clean_overrides
from .room.topics import MAX_TOPICS, clean_topics
from .room.questionnaire import summarise
from .fair_views import FORMAT_ID as FAIR_FORMAT_ID
from .store import Store, answers_key

STATE_ENTRY = "agenda.state"
VOTES_ENTRY = "votes.updated"
LIST_ENTRY = "agenda.changed"


def one_transaction(method):
    """The change and the entries that tell the screens commit together: a crash between the two
    would leave a reconnecting screen on a step the room has left."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        with self.store.write():
            return method(self, *args, **kwargs)
    return run


class Activities:
    def __init__(self, store: Store, formats: dict[str, Format]):
        self.store = store
        self.formats = formats

    # --- reading -------------------------------------------------------------------------------

    def format_of(self, activity: dict) -> Format:
        fmt = self.formats.get(activity["format_id"])
        if fmt is None:
            raise RoomError("unknown_format", format=activity["format_id"])
        return fmt

    def slots(self, activity: dict) -> list[Slot]:
        """The activity's plan; empty when its overrides no longer fit an edited format file,
        so one broken activity never stops the room (the dashboard shows it with no steps)."""
        try:
            return agenda.plan_slots(self.format_of(activity), activity["overrides"],
                                     activity["topics"])
        except agenda.AgendaError:
            logging.getLogger(__name__).warning("activity %s no longer fits its format", activity["id"])
            return []

    def get(self, event_id: int, activity_id) -> dict:
        activity = self.store.activity(event_id, require_id(activity_id))
        if activity is None:
            raise RoomError("not_found")
        return activity

    def current(self, event_id: int) -> tuple[dict | None, list[Slot], Run | None]:
        event = self.store.event_by_id(event_id)
        if not event or not event["current_activity_id"]:
            return None, [], None
        activity = self.store.activity(event_id, event["current_activity_id"])
        if activity is None or activity["format_id"] not in self.formats:
            return None, [], None
        run = Run(**activity["run"]) if activity["run"] else None
        return activity, self.slots(activity), run

    def current_slot(self, event_id: int) -> tuple[dict | None, Format | None, Slot | None]:
        """What phones contribute to now; (None, None, None) for the open wall."""
        activity, slots, run = self.current(event_id)
        slot = agenda.current_slot(run, slots)
        if activity is None or slot is None:
            return None, None, None
        return activity, self.format_of(activity), slot

    def slot_for_post(self, event_id: int, written_in: tuple[int, int] | None, now: float):
        """Where a new post goes: the slot of the current activity the phone showed when it was
        written, if the room only just left it (``agenda.written_slot``); otherwise where the
        room is now. (activity, format, slot), all None on the open wall."""
        activity, slots, run = self.current(event_id)
        slot = agenda.current_slot(run, slots)
        if written_in is not None and activity is not None and written_in[0] == activity["id"]:
            slot = agenda.written_slot(run, slots, written_in[1], now) or slot
        if activity is None or slot is None:
            return None, None, None
        return activity, self.format_of(activity), slot

    def roles_of(self, activity: dict | None, participant_id: int) -> tuple[str, ...]:
        """Every role the person holds in the activity; ("participant",) when they hold none."""
        if activity is None:
            return ("participant",)
        return self.store.roles(activity["id"]).get(participant_id) or ("participant",)

    # --- views ---------------------------------------------------------------------------------

    def format_view(self, fmt: Format) -> dict:
        return {
            "id": fmt.id,
            "label": {"fr": fmt.label.fr, "en": fmt.label.en},
            "description": {"fr": fmt.description.fr, "en": fmt.description.en},
            "roles": list(fmt.roles),
            "role_labels": {r: {"fr": t.fr, "en": t.en} for r, t in fmt.role_labels.items()},
            "steps": [{"id": s.id, "label": {"fr": s.label.fr, "en": s.label.en},
                       "duration": s.duration, "topics_from": s.topics_from,
                       "voting": {"mode": s.voting.mode, "dots": s.voting.dots,
                                  "max_per_item": s.voting.max_per_item,
                                  "extend": s.voting.extend, "reveal": s.voting.reveal},
                       "parts": [{"id": p.id, "per": p.per, "duration": p.duration,
                                  "label": {"fr": p.label.fr, "en": p.label.en}}
                                 for p in s.parts],
                       "questions": [question_table(q) for q in s.questions]}
                      for s in fmt.steps],
        }

    def activity_view(self, activity: dict) -> dict:
        fmt = self.formats.get(activity["format_id"])
        slots = self.slots(activity) if fmt else []
        return {
            "id": activity["id"],
            "position": activity["position"],
            "format_id": activity["format_id"],
            "format_label": {"fr": fmt.label.fr, "en": fmt.label.en} if fmt else None,
            "title": activity["title"],
            "topics": activity["topics"],
            "overrides": activity["overrides"],
            "total_s": sum(s.duration_s for s in slots),
            "slots": [{"index": s.index, "step_id": s.step_id, "part_id": s.part_id,
                       "topic": s.topic, "duration_s": s.duration_s,
                       "label": {"fr": s.label.fr, "en": s.label.en},
                       "step_label": {"fr": s.step_label.fr, "en": s.step_label.en}}
                      for s in slots],
            "status": (activity["run"] or {}).get("status", "not_started"),
        }

    def list_data(self, event_id: int) -> dict:
        event = self.store.event_by_id(event_id)
        return {"activities": [self.activity_view(a) for a in self.store.activities(event_id)],
                "current_id": event["current_activity_id"]}

    def state_data(self, event_id: int, now: float) -> dict:
        """The room's position, in both languages: each screen shows its own."""
        activity, slots, run = self.current(event_id)
        data = {"activity": None, "fr": agenda.public_state(None, [], now, "fr"),
                "en": agenda.public_state(None, [], now, "en")}
        if activity:
            fmt = self.format_of(activity)
            data["activity"] = {"id": activity["id"], "title": activity["title"],
                                "format_id": activity["format_id"],
                                "format_label": {"fr": fmt.label.fr, "en": fmt.label.en},
                                "roles": list(fmt.roles),
                                "role_labels": {r: {"fr": t.fr, "en": t.en}
                                                for r, t in fmt.role_labels.items()}}
            for lang in ("fr", "en"):
                data[lang] = agenda.public_state(run, slots, now, lang)
            data.update(self._step_data(activity, data["fr"]["step_id"]))
        return data

    def _step_data(self, activity: dict, step_id: str | None) -> dict:
        """What a phone needs to follow a step change without a new snapshot: the step's public
        tally, and ``holds``: whether the room already holds votes of the step (its scope),
        answers or shared items of the activity, the parts a phone may miss and then asks for
        (``agenda:step``, docs/protocol.md §3.6, §3.8). A fresh activity holds none: its start is one
        broadcast every phone applies."""
        step = self.step_of(activity, step_id) if step_id else None
        tally = None
        if step is not None and step.voting.mode != "none":
            tally = self.tally_data(activity, step.id, staff=False)
            if step.voting.mode == "dots":
                tally["dots_left"] = step.voting.dots  # a phone that has not voted yet
        scope = vote_scope(step) if tally else None
        holds = self.store.holds(activity["id"], scope)
        # The idea fair's phone part (its kiosks, the visiting groups) comes in a snapshot only:
        # a phone entering it resyncs (fair_views.py builds that part).
        holds["snapshot"] = activity["format_id"] == FAIR_FORMAT_ID
        return {"tally": tally, "holds": holds}

    def roles_data(self, activity: dict, people: list[dict] | None = None) -> dict:
        if people is None:
            people = self.store.role_holders(activity["id"])
        """One row per (person, role): someone who is sponsor and broker has two rows."""
        names = {p["id"]: p for p in people}
        return {"activity_id": activity["id"], "roles": [
            {"participant_id": pid, "role": role, "name": names[pid]["name"] or None,
             "organisation": names[pid]["organisation"] or None}
            for pid, held in sorted(self.store.roles(activity["id"]).items()) if pid in names
            for role in held]}

    def tally_data(self, activity: dict, slot_or_step: str, *, staff: bool,
                   voter: int | None = None) -> dict | None:
        step = self.step_of(activity, slot_or_step)
        if step is None or step.voting.mode == "none":
            return None
        rows = self.store.votes(activity["id"], vote_scope(step))
        revealed = staff or step.id in activity["revealed"]
        view = voting.visible_tally(rows, step.voting, revealed, voter)
        view["counts"] = _json_keys(view["counts"])
        view["mine"] = _json_keys(view["mine"])
        # How many have voted: a count of people, never of choices, so a silent vote shows it too
        # (the "x of y have voted" counter).
        view.update(activity_id=activity["id"], step_id=step.id,
                    revealed=step.id in activity["revealed"],
                    voters=len({voter for voter, _item, _value in rows}))
        candidates = self.candidates(activity, step)
        # Who is tied first tells the leaders of a silent vote: only once the room is told.
        if candidates is not None and (staff or self._reached(activity, step.id)
                                       or self._counts_public(activity, step.voting.among)):
            view["candidates"] = candidates
        return view

    def candidates(self, activity: dict, step) -> list[int] | None:
        """A run-off's options: the visible items tied first in the step it breaks the tie of
        (empty: no tie, nothing to decide). None when any option may be voted for."""
        earlier = self.step_of(activity, step.voting.among) if step.voting.among else None
        if earlier is None:
            return None
        shown = {c["id"] for c in self.store.contributions(
            activity["event_id"], include_hidden=False, activity_id=activity["id"])}
        rows = [r for r in self.store.votes(activity["id"], vote_scope(earlier)) if r[1] in shown]
        return voting.tied_first(rows, earlier.voting)

    def _counts_public(self, activity: dict, step_id: str) -> bool:
        step = self.step_of(activity, step_id)
        return step is not None and (step.voting.reveal != "at_once" or step_id in activity["revealed"])

    def _reached(self, activity: dict, step_id: str) -> bool:
        """Whether the activity's run has come to this step (or finished)."""
        run, slots = activity["run"], self.slots(activity)
        if not run or not slots:
            return False
        if run["status"] == agenda.FINISHED:
            return True
        here = slots[min(run["slot_index"], len(slots) - 1)].step_index
        return any(s.step_id == step_id and s.step_index <= here for s in slots)

    def tallies_data(self, activity: dict, *, staff: bool, voter: int | None = None) -> list[dict]:
        """Every voting step of an activity: a reload on a results step still has its counts."""
        fmt = self.formats.get(activity["format_id"])
        return [self.tally_data(activity, s.id, staff=staff, voter=voter)
                for s in (fmt.steps if fmt else ()) if s.voting.mode != "none"]

    def answers_data(self, activity: dict, step_id: str) -> dict | None:
        """The questionnaire's results: ``summary`` in French, ``summary_en`` in English."""
        step = self.step_of(activity, step_id)
        if step is None or not step.questions:
            return None
        rows = self.store.answers(activity["id"])
        return {"activity_id": activity["id"], "step_id": step.id,
                "answered": self.store.respondents(activity["id"]),
                "summary": summarise(step.questions, rows, "fr"),
                "summary_en": summarise(step.questions, rows, "en")}

    def step_of(self, activity: dict, step_id: str):
        """The format's step as this activity runs it (its voting and questions overrides applied)."""
        fmt = self.formats.get(activity["format_id"])
        step = next((s for s in fmt.steps if s.id == step_id), None) if fmt else None
        if step is None:
            return None
        return replace(step, voting=agenda.voting_of(step, activity["overrides"]),
                       questions=agenda.questions_of(step, activity["overrides"]))

    # --- the agenda list -----------------------------------------------------------------------

    @one_transaction
    def add(self, event_id: int, format_id, title, overrides, topics, now: float) -> list[dict]:
        if format_id not in self.formats:
            raise RoomError("unknown_format", format=str(format_id)[:40])
        fmt = self.formats[format_id]
        title = title or ""  # untitled: each screen names it by its format, in its own language
        overrides, topics = clean_overrides(fmt, overrides), clean_topics(topics)
        agenda.plan_slots(fmt, overrides, topics)  # refuses a budget its parts do not fit
        self.store.add_activity(event_id, format_id, title, overrides, topics, now)
        return [self._list_entry(event_id, now)]

    @one_transaction
    def edit(self, event_id: int, activity_id, now: float, *, title=None, overrides=None,
             topics=None) -> list[dict]:
        """Change title, overrides or topics; a running timer stays on the slot it is on."""
        return self._edit(event_id, self.get(event_id, activity_id), now, title=title,
                          overrides=overrides, topics=topics)

    def _edit(self, event_id: int, activity: dict, now: float, *, title=None, overrides=None,
              topics=None) -> list[dict]:
        fields = {}
        if title is not None:
            fields["title"] = title
        fmt = self.format_of(activity)
        if overrides is not None:  # questions with answers keep their meaning, and their ids
            fields["overrides"] = clean_overrides(fmt, overrides, before=activity["overrides"],
                                                  answered=self.store.answered_questions(activity["id"]))
        if topics is not None:
            fields["topics"] = clean_topics(topics)
        old_slots = self.slots(activity)
        new_slots = agenda.plan_slots(fmt, fields.get("overrides", activity["overrides"]),
                                      fields.get("topics", activity["topics"]))
        if activity["run"]:
            run = agenda.rebase(Run(**activity["run"]), old_slots, new_slots)
            fields["run"] = _run_dict(run)
        updated = self.store.update_activity(activity["id"], **fields)
        entries = [self._list_entry(event_id, now)]
        if self._is_current(event_id, activity):
            # Questions changed while it runs: the dashboard's results take the new list whole.
            old_q, new_q = (o.get("questions") or {} for o in (activity["overrides"], updated["overrides"]))
            steps = [s for s in sorted({*old_q, *new_q}) if old_q.get(s) != new_q.get(s)]
            entries.extend(self.store.log(event_id, "answers.updated", "staff", data, now)
                           for data in map(lambda s: self.answers_data(updated, s), steps) if data)
            entries.extend(self.state_entries(event_id, now))
        return entries

    @one_transaction
    def remove(self, event_id: int, activity_id, now: float) -> list[dict]:
        activity = self.get(event_id, activity_id)
        was_current = self._is_current(event_id, activity)
        self.store.remove_activity(event_id, activity["id"])
        entries = [self._list_entry(event_id, now)]
        if was_current:
            entries.extend(self.state_entries(event_id, now))
        return entries

    @one_transaction
    def reorder(self, event_id: int, ids, now: float) -> list[dict]:
        if not isinstance(ids, list) or not all(is_id(i) for i in ids):
            raise RoomError("bad_payload")
        try:
            self.store.reorder_activities(event_id, ids)
        except Exception:
            raise RoomError("not_found") from None
        return [self._list_entry(event_id, now)]

    # --- the timer -----------------------------------------------------------------------------

    @one_transaction
    def start(self, event_id: int, activity_id, now: float, index: int | None = None) -> list[dict]:
        """Make an activity the room's current one: at ``index`` if given, else where it stood
        (a run interrupted by another activity resumes), else from its first step."""
        activity = self.get(event_id, activity_id)
        slots = self.slots(activity)
        if not slots:
            raise RoomError("not_found")
        run = Run(**activity["run"]) if activity["run"] else None
        if index is not None or run is None or run.status == agenda.FINISHED:
            run = agenda.start(slots, now, index or 0)  # refuses a bad index before anything moves
        elif run.status == agenda.PAUSED and not self._is_current(event_id, activity):
            run = agenda.resume(run, now)  # coming back to it: its time goes on from where it stood
        self._set_aside(event_id, now, keep=activity["id"])
        self.store.update_activity(activity["id"], run=_run_dict(run))
        self.store.set_current_activity(event_id, activity["id"])
        return [self._list_entry(event_id, now), *self._unpin_elsewhere(event_id, activity["id"], now),
                *self.state_entries(event_id, now)]  # the full state last: callers read entries[-1]

    @one_transaction
    def close(self, event_id: int, now: float) -> list[dict]:
        """Back to the open wall. The activity's timer is paused, for a later resume."""
        self._set_aside(event_id, now)
        self.store.set_current_activity(event_id, None)
        return [self._list_entry(event_id, now), *self._unpin_elsewhere(event_id, None, now),
                *self.state_entries(event_id, now)]

    def _unpin_elsewhere(self, event_id: int, activity_id: int | None, now: float) -> list[dict]:
        """The room moved on: an item pinned during another activity (or on the open wall) would
        stay above the new one's items as if it belonged there, so the wall lets it go."""
        pinned_id = self.store.event_by_id(event_id)["pinned_id"]
        item = self.store.contribution(event_id, pinned_id) if pinned_id else None
        if item is None or item["activity_id"] == activity_id:
            return []
        return self.store.pin(event_id, None, now)[1]

    def _set_aside(self, event_id: int, now: float, keep: int | None = None) -> None:
        """The room leaves its current activity: stop its clock so no time is lost meanwhile."""
        activity, _slots, run = self.current(event_id)
        if activity and activity["id"] != keep and run and run.status == agenda.RUNNING:
            self.store.update_activity(activity["id"], run=_run_dict(agenda.pause(run, now)))

    @one_transaction
    def control(self, event_id: int, action: str, now: float, value=None) -> list[dict]:
        """next | previous | goto(value=index) | pause | resume | extend(value=seconds)."""
        activity, slots, run = self.current(event_id)
        if activity is None or run is None:
            raise RoomError("no_activity")
        if action == "next":
            run = agenda.next_slot(run, slots, now)
        elif action == "previous":
            run = agenda.previous_slot(run, slots, now)
        elif action == "goto":
            run = agenda.goto(run, slots, value, now)
        elif action == "pause":
            run = agenda.pause(run, now)
        elif action == "resume":
            run = agenda.resume(run, now)
        elif action == "extend":
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not -3600 <= value <= 3600:
                raise RoomError("bad_payload")
            run = agenda.extend(run, now, value)
        else:
            raise RoomError("bad_payload")
        return self._save_run(event_id, activity, run, now)

    def tick(self, event_id: int, now: float) -> list[dict]:
        """Auto-advance a timed step whose time is up (also after a restart). The ticker asks
        every second and the answer is nearly always "nothing": look on a read first."""
        return self._catch_up(event_id, now) if self._moves(event_id, now) else []

    def _moves(self, event_id: int, now: float):
        """The run as it should be now, or None when it is already there."""
        activity, slots, run = self.current(event_id)
        if activity is None or run is None:
            return None
        moved, _entered = agenda.catch_up(run, slots, now)
        return None if moved == run else (activity, moved)

    @one_transaction
    def _catch_up(self, event_id: int, now: float) -> list[dict]:
        due = self._moves(event_id, now)  # again, inside the transaction: it may have moved since
        return self._save_run(event_id, *due, now) if due else []

    def _save_run(self, event_id: int, activity: dict, run: Run, now: float) -> list[dict]:
        """Store the timer; the agenda list is sent again only when the activity's status moved."""
        before = (activity["run"] or {}).get("status")
        self.store.update_activity(activity["id"], run=_run_dict(run))
        # Written (and so sent) in sequence order: screens drop an entry older than the last.
        entries = [self._list_entry(event_id, now)] if run.status != before else []
        entries.extend(self.state_entries(event_id, now))
        return entries

    # --- topics, roles, votes, answers ---------------------------------------------------------

    @one_transaction
    def add_topic_from(self, event_id: int, activity_id, contribution: dict, now: float) -> list[dict]:
        """A broker's question (Plan) or a written topic (Lean Coffee) becomes an agenda topic."""
        activity = self.get(event_id, activity_id)
        topics = list(activity["topics"])
        if contribution["text"] not in topics:
            topics.append(contribution["text"])
        return self._edit(event_id, activity, now, topics=topics)

    @one_transaction
    def options_from(self, event_id: int, activity_id, source_ids: list[int] | None,
                     now: float) -> tuple[int, list[dict]]:
        """Contributions of the day become a vote's options (facilitator/vote_options.py)."""
        activity = self.get(event_id, activity_id)
        return vote_options.copy(self.store, event_id, activity, self.format_of(activity),
                                 source_ids, now)

    @one_transaction
    def topics_from_votes(self, event_id: int, activity_id, step_id: str, now: float) -> list[dict]:
        """Lean Coffee: discuss the written topics in the order of the votes."""
        activity = self.get(event_id, activity_id)
        step = self.step_of(activity, step_id)
        if step is None or step.voting.mode == "none":
            raise RoomError("no_voting")
        items = [c for c in reversed(self.store.contributions(
            event_id, include_hidden=False, activity_id=activity["id"]))
            if c["kind"] in ("idea", "question")]
        rows = self.store.votes(activity["id"], vote_scope(step))
        voted = {item for _voter, item, _value in rows}
        ranked = voting.ranking(rows, step.voting, [c["id"] for c in items if c["id"] in voted])
        texts = {c["id"]: c["text"] for c in items}
        # Only what the room voted for is discussed, most voted first, as many as a list holds.
        return self._edit(event_id, activity, now, topics=[texts[i] for i in ranked][:MAX_TOPICS])

    @one_transaction
    def assign_role(self, event_id: int, activity_id, participant_id, role, now: float,
                    roles=None) -> list[dict]:
        """``role``: the one role the person now holds ("participant" or None: none);
        ``roles``: every role they hold (a list, [] for none), for someone with two hats."""
        activity = self.get(event_id, activity_id)
        fmt = self.format_of(activity)
        if roles is None:
            roles = [] if role in (None, "participant") else [role]
        if not isinstance(roles, list) or len(roles) > len(fmt.roles):
            raise RoomError("bad_payload")
        if any(r not in fmt.roles for r in roles):
            raise RoomError("bad_role")
        if require_id(participant_id) not in {p["id"] for p in self.store.list_participants(activity["event_id"])}:
            raise RoomError("not_found")
        self.store.assign_role(activity["id"], participant_id,
                               [r for r in roles if r != "participant"])
        return [self.store.log(activity["event_id"], "roles.updated", "all",
                               self.roles_data(activity), now)]

    @one_transaction
    def answer(self, event_id: int, token: str, answers, max_text: int, now: float) -> tuple[dict, list[dict]]:
        from .room.questionnaire import changes, clean_answers
        activity, _fmt, slot = self.current_slot(event_id)
        if slot is None or not slot.questions:
            raise RoomError("no_questionnaire")
        key = answers_key(token, activity["id"])
        cleaned = clean_answers(slot.questions, answers, max_text)
        before = self.store.answers_of(activity["id"], key)
        self.store.save_answers(activity["id"], key, cleaned, now)
        # The log keeps what this answer changed (a few numbers), not the whole summary: one
        # evaluation of 150 people wrote 4.1 MB that way. The snapshot keeps the full summary.
        changed = changes(slot.questions, self.store.answers(activity["id"]), before, cleaned)
        entries = [self.store.log(event_id, "answers.updated", "staff",
                                  {"activity_id": activity["id"], "step_id": slot.step_id,
                                   "answered": self.store.respondents(activity["id"]),
                                   "changed": changed}, now)] if changed else []
        return {"answers": self.store.answers_of(activity["id"], key)}, entries

    # --- entries -------------------------------------------------------------------------------

    def _is_current(self, event_id: int, activity: dict) -> bool:
        return self.store.event_by_id(event_id)["current_activity_id"] == activity["id"]

    def _list_entry(self, event_id: int, now: float) -> dict:
        # The dashboard's alone: no other screen shows the agenda list (5 KB a day of 8).
        return self.store.log(event_id, LIST_ENTRY, "staff", self.list_data(event_id), now)

    def state_entries(self, event_id: int, now: float) -> list[dict]:
        """One ``agenda.state`` per phone language (audience ``phones:<lang>``: only that
        language's words, half the bytes), then the wall's and the dashboard's with both
        languages, last: callers answer with ``entries[-1]["data"]``."""
        data = self.state_data(event_id, now)
        return [*(self.store.log(event_id, STATE_ENTRY, f"phones:{lang}",
                                 agenda.phone_state(data, lang), now)
                  for lang in agenda.PHONE_LANGS),
                self.store.log(event_id, STATE_ENTRY, "wall", data, now)]


def vote_scope(step) -> str:
    """Upvotes follow a question through the activity (talks, then Q&A); dots and thumbs are
    one step's ballot."""
    return "upvotes" if step.voting.mode == "upvote" else step.id


def _run_dict(run: Run | None) -> dict | None:
    return None if run is None else {"slot_index": run.slot_index, "started_at": run.started_at,
                                     "ends_at": run.ends_at, "paused_at": run.paused_at,
                                     "status": run.status}


def _json_keys(mapping):
    """JSON object keys are strings; say so once, here, rather than in every client."""
    return None if mapping is None else {str(k): v for k, v in mapping.items()}
