"""The agenda of an activity and its one clock.

``plan_slots`` turns a format (steps x parts x topics) into the flat list of *slots* the room
goes through. A ``Run`` is the timer state over that list: which slot, when it started, when it
ends, paused or not. Everything here is pure: no Flask, no I/O, and no reading of the clock.
Every function takes ``now`` (epoch seconds from the server's clock, the only clock), so the
store can keep a Run, a restart can resume it, and tests can inject time.

Decisions the server and the UI rely on:

Planning
- Minutes in formats and overrides become whole seconds (rounded).
- Rounds of a ``per = "topic"`` part share the step budget minus the step's fixed parts equally;
  the rounding remainder goes to the last round so the step total is exact. Without topics, the
  part appears once (topic "", topic_index -1) and takes the whole rest.
- A step with no budget (duration 0) gives each round the part's own duration (Lean Coffee:
  "8 min per topic"); an override ``"<step>.<part>"`` on a per-topic part also fixes each round.
- A step budget too small to leave at least one second per round raises AgendaError
  "budget_too_small": validate overrides by calling plan_slots before saving them.
- A step-level duration override sets the budget. On a step of one fixed part it is that part's
  duration (an untimed step becomes timed). On a step of several fixed parts and no per-topic
  part (1-2-4-All), the timed parts without their own override are scaled to fit the new total
  (if they are all untimed, nothing changes).
- A prompt override ``"<step>"`` replaces the prompt of every slot of the step,
  ``"<step>.<part>"`` only that part's (and wins); a language left out keeps the format's text.
- Unknown step or part ids in overrides are ignored: overrides outlive format edits.
- ``overrides.skip`` lists steps prepared before the day (the Jam's Select and Plan): they
  have no slot, so the room starts at the first step left and phones never see the others.
  ``step_index`` keeps the format's numbering ("3. Discover" stays step 3).

Timer
- ``started_at`` is when the slot was entered and never moves; ``ends_at`` moves with pauses
  and extensions. Remaining time is always ``ends_at - now`` (``ends_at - paused_at`` while
  paused), so screens render from ``ends_at`` and their offset to ``server_time``.
- ``extend`` by a positive amount counts from the end if time is left, and from *now* in
  overtime (the facilitator pressing "+1 min" in overtime expects one more minute from now).
  While paused it counts from the pause. On an untimed slot it starts a countdown. A negative
  amount shortens, never below "time is up now", and does nothing once time is up.
- ``goto``/``next_slot``/``previous_slot`` enter the slot running and unpaused, with its planned
  duration. ``previous_slot`` on the first slot does nothing (a stray tap must not reset the
  timer); ``next_slot`` past the last gives status "finished"; ``previous_slot`` from
  "finished" reopens the last slot.
- ``catch_up`` only moves through ``advance = "auto"`` slots whose time is up, each new slot
  starting at the previous one's ``ends_at``; a facilitator slot stays in overtime.
- A paused step is still open: pausing stops the clock, not contributions.
- Slot lists are re-planned when topics change; ``rebase`` keeps the run on the same slot and
  leaves its running countdown alone (only later rounds get the re-balanced durations).

Contributions
- ``may_contribute`` returns None or a reason code. On an "anonymous" step a named post is not
  refused: the server stores it anonymous (``effective_anonymous``). On a "named" step an
  anonymous post is refused with "anonymous_not_allowed". The "projector" role never posts.
  For contributors "group" and "kiosk" this only checks the step; whether the person is in a
  group or the kiosk exists is for groups/kiosks rules.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import RoomError
from .payload import is_id
from .formats import Format, Part, Question, Step, Text, Voting, parse_questions

RUNNING = "running"
PAUSED = "paused"
FINISHED = "finished"
NOT_STARTED = "not_started"  # public_state only: no Run yet

READ_ONLY_ROLES = ("projector",)


class AgendaError(RoomError, ValueError):
    """A bad slot index or duration. A ValueError too, with a stable ``code``."""


@dataclass(frozen=True)
class Slot:
    """One timed unit the room goes through: a part of a step, for one topic at most."""
    index: int
    step_id: str
    step_index: int
    step_count: int
    part_id: str
    topic: str                  # "" when the part is not per topic
    topic_index: int            # -1 when the part is not per topic
    label: Text                 # the part's label; the topic is shown beside it, not inside
    prompt: Text
    duration_s: int             # 0 = untimed
    warning_s: int
    advance: str                # "auto" | "facilitator"
    contributors: str
    roles: tuple[str, ...]
    kinds: tuple[str, ...]
    visibility: str
    shared: bool
    voting: Voting
    questions: tuple[Question, ...]
    produces: str
    step_label: Text = Text("", "")
    topic_count: int = 0        # how many topics the per-topic rounds go through
    groups: str = ""            # the step's group layer (formats.GROUP_LAYERS) or ""
    group_round: int = 0        # a tables step: the round (the part's position), else 0
    report_minutes: float = 0   # the breakout's report-back step: minutes per group
    # (kind, roles) the part takes besides the step's kinds, from those roles only
    kind_roles: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Run:
    """The timer state of an activity; what the store keeps."""
    slot_index: int
    started_at: float
    ends_at: float | None       # None: untimed (or finished)
    paused_at: float | None = None
    status: str = RUNNING       # "running" | "paused" | "finished"


# --- planning ------------------------------------------------------------------------------

def plan_slots(fmt: Format, overrides: dict | None = None, topics: list[str] | tuple = ()) -> list[Slot]:
    overrides = overrides or {}
    durations = overrides.get("durations") or {}
    prompts = overrides.get("prompts") or {}
    anonymous = bool(overrides.get("anonymous", False))
    topics = list(topics)
    skipped = set(overrides.get("skip") or ())
    slots: list[Slot] = []
    for step_index, step in enumerate(fmt.steps):
        if step.id in skipped:
            continue  # prepared before the day: the room never enters it
        for part, seconds, topic_index in _step_plan(step, durations, len(topics)):
            slots.append(Slot(
                index=len(slots),
                step_id=step.id,
                step_index=step_index,
                step_count=len(fmt.steps),
                part_id=part.id,
                topic=topics[topic_index] if topic_index >= 0 else "",
                topic_index=topic_index,
                label=part.label,
                prompt=_prompt(step, part, prompts),
                duration_s=seconds,
                warning_s=_seconds(part.warning),
                advance=part.advance,
                contributors=step.contributors,
                roles=tuple(step.roles),
                kinds=(*step.kinds, *(k for k, _roles in part.extra_kinds)),
                visibility="anonymous" if anonymous else step.visibility,
                shared=step.shared,
                voting=voting_of(step, overrides),
                questions=questions_of(step, overrides),
                produces=step.produces,
                step_label=step.label,
                topic_count=len(topics) if part.per == "topic" else 0,
                groups=step.groups,
                group_round=[q.id for q in step.parts].index(part.id) if step.groups == "tables" else 0,
                report_minutes=step.report_minutes,
                kind_roles=part.extra_kinds,
            ))
    return slots


def _step_plan(step: Step, durations: dict, topic_count: int) -> list[tuple[Part, int, int]]:
    """(part, seconds, topic_index) in running order; per-topic parts expanded."""
    fixed = _fixed_part_seconds(step, durations)
    plan = []
    for part in step.parts:
        if part.per != "topic":
            plan.append((part, fixed[part.id], -1))
            continue
        rounds = max(topic_count, 1)
        for i, seconds in enumerate(_round_seconds(step, part, durations, sum(fixed.values()), rounds)):
            plan.append((part, seconds, i if topic_count else -1))
    return plan


def _fixed_part_seconds(step: Step, durations: dict) -> dict[str, int]:
    fixed = [p for p in step.parts if p.per != "topic"]
    seconds = {p.id: _seconds(p.duration) for p in fixed}
    own = {p.id: _seconds(durations[_key(step, p)]) for p in fixed if _key(step, p) in durations}
    if step.id in durations and not _has_per_topic_part(step):
        budget = _seconds(durations[step.id])
        if len(fixed) == 1:
            seconds[fixed[0].id] = budget
        else:
            seconds.update(_scaled(seconds, own, budget))
    seconds.update(own)
    return seconds


def _scaled(seconds: dict[str, int], own: dict[str, int], budget: int) -> dict[str, int]:
    """Fit the timed parts without their own override into what the budget leaves them."""
    free = [pid for pid, s in seconds.items() if pid not in own and s > 0]
    left = budget - sum(own.values())
    if not free:
        return {}  # only untimed or overridden parts: nothing to stretch
    if left < len(free):
        raise AgendaError("budget_too_small", needed=sum(own.values()) + len(free), budget=budget)
    shares = _share(left, [seconds[pid] for pid in free])
    return dict(zip(free, shares))


def _round_seconds(step: Step, part: Part, durations: dict, fixed_total: int, rounds: int) -> list[int]:
    if _key(step, part) in durations:
        return [_seconds(durations[_key(step, part)])] * rounds
    budget = _seconds(durations.get(step.id, step.duration))
    if budget == 0:
        return [_seconds(part.duration)] * rounds
    rest = budget - fixed_total
    if rest < rounds:
        raise AgendaError("budget_too_small", needed=fixed_total + rounds, budget=budget)
    return _share(rest, [1] * rounds)


def _share(total: int, weights: list[int]) -> list[int]:
    """Whole seconds in proportion to weights; the remainder goes to the last, so sums are exact."""
    shares = [total * w // sum(weights) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


def _has_per_topic_part(step: Step) -> bool:
    return any(p.per == "topic" for p in step.parts)


def voting_of(step: Step, overrides: dict | None) -> Voting:
    """The step's voting with the activity's overrides (dots, cap per item, thumbs' minutes);
    keys the format no longer takes are ignored (room/overrides.py checked them when written)."""
    changes = ((overrides or {}).get("voting") or {}).get(step.id) or {}
    known = {k: v for k, v in changes.items() if k in ("dots", "max_per_item", "extend")}
    return replace(step.voting, **known) if known else step.voting


def questions_of(step: Step, overrides: dict | None) -> tuple[Question, ...]:
    """The step's questions, or the activity's own (``overrides.questions``); an override that no
    longer parses (the rules changed since it was written) leaves the format's."""
    raw = ((overrides or {}).get("questions") or {}).get(step.id)
    if not raw or not step.questions:
        return tuple(step.questions)
    questions, errors = parse_questions(raw, f"overrides.questions.{step.id}")
    return tuple(step.questions) if errors else questions


def _key(step: Step, part: Part) -> str:
    return f"{step.id}.{part.id}"


def _seconds(minutes) -> int:
    try:
        value = float(minutes)
    except (TypeError, ValueError):
        raise AgendaError("bad_duration", value=str(minutes)[:20]) from None
    if not value >= 0 or value == float("inf"):  # also refuses NaN
        raise AgendaError("bad_duration", value=str(minutes)[:20])
    return int(round(value * 60))


def _prompt(step: Step, part: Part, prompts: dict) -> Text:
    prompt = part.prompt
    for key in (step.id, _key(step, part)):  # the more precise key is applied last and wins
        if key in prompts:
            prompt = _merged_text(prompt, prompts[key])
    return prompt


def _merged_text(base: Text, override) -> Text:
    if isinstance(override, Text):
        return override
    if isinstance(override, str):
        return Text(override, override)
    override = override or {}
    return Text(fr=override.get("fr") or base.fr, en=override.get("en") or base.en)


def rebase(run: Run | None, old_slots: list[Slot], new_slots: list[Slot]) -> Run | None:
    """Keep the run on the same slot after a re-plan (topics added, removed or reordered)."""
    if run is None or not new_slots:
        return run
    if run.status == FINISHED:
        return replace(run, slot_index=len(new_slots) - 1)
    if not 0 <= run.slot_index < len(old_slots):
        return replace(run, slot_index=min(run.slot_index, len(new_slots) - 1))
    current = old_slots[run.slot_index]
    same_topic = [s.index for s in new_slots
                  if (s.step_id, s.part_id, s.topic) == (current.step_id, current.part_id, current.topic)]
    same_part = [s.index for s in new_slots if (s.step_id, s.part_id) == (current.step_id, current.part_id)]
    index = (same_topic or same_part or [min(run.slot_index, len(new_slots) - 1)])[0]
    return replace(run, slot_index=index)


# --- the timer -----------------------------------------------------------------------------

def start(slots: list[Slot], now: float, index: int = 0) -> Run:
    return _enter(slots, index, now)


def pause(run: Run, now: float) -> Run:
    if run.status != RUNNING:
        return run
    return replace(run, paused_at=now, status=PAUSED)


def resume(run: Run, now: float) -> Run:
    if run.status != PAUSED:
        return run
    paused_for = max(0.0, now - run.paused_at)  # a clock set back must not eat time
    ends_at = None if run.ends_at is None else run.ends_at + paused_for
    return replace(run, ends_at=ends_at, paused_at=None, status=RUNNING)


def extend(run: Run, now: float, seconds: float) -> Run:
    if run.status == FINISHED:
        return run
    reference = run.paused_at if run.status == PAUSED else now
    if seconds >= 0:
        if run.ends_at is None:
            return replace(run, ends_at=reference + seconds)
        # In overtime the extra time counts from now, not from the end already passed.
        return replace(run, ends_at=max(run.ends_at, reference) + seconds)
    if run.ends_at is None or run.ends_at <= reference:
        return run
    return replace(run, ends_at=max(run.ends_at + seconds, reference))


def goto(run: Run | None, slots: list[Slot], index: int, now: float) -> Run:
    return _enter(slots, index, now)


def next_slot(run: Run, slots: list[Slot], now: float) -> Run:
    if run.status == FINISHED:
        return run
    if run.slot_index + 1 >= len(slots):
        return _finished(slots, now)
    return _enter(slots, run.slot_index + 1, now)


def previous_slot(run: Run, slots: list[Slot], now: float) -> Run:
    if run.status == FINISHED:
        return _enter(slots, len(slots) - 1, now)
    if run.slot_index <= 0:
        return run
    return _enter(slots, min(run.slot_index, len(slots)) - 1, now)


def remaining(run: Run | None, now: float) -> float | None:
    """Seconds left; negative in overtime; frozen while paused; None when untimed or finished."""
    if run is None or run.ends_at is None or run.status == FINISHED:
        return None
    if run.status == PAUSED:
        return run.ends_at - run.paused_at
    return run.ends_at - now


def timer_phase(run: Run, slot: Slot | None, now: float) -> str:
    """"untimed" | "running" | "warning" | "overtime" | "paused" | "finished"."""
    if run.status == FINISHED:
        return "finished"
    if run.status == PAUSED:
        return "paused"
    left = remaining(run, now)
    if left is None:
        return "untimed"
    if left <= 0:
        return "overtime"
    if slot is not None and left <= slot.warning_s:
        return "warning"
    return "running"


def catch_up(run: Run, slots: list[Slot], now: float) -> tuple[Run, list[int]]:
    """Move through every auto slot whose time is up, as if the server had never stopped."""
    entered: list[int] = []
    while _auto_advance_due(run, slots, now):
        at = run.ends_at  # the next slot began when this one ended, not when we noticed
        if run.slot_index + 1 >= len(slots):
            return _finished(slots, at), entered
        run = _enter(slots, run.slot_index + 1, at)
        entered.append(run.slot_index)
    return run, entered


def _auto_advance_due(run: Run, slots: list[Slot], now: float) -> bool:
    return (run.status == RUNNING
            and 0 <= run.slot_index < len(slots)
            and slots[run.slot_index].advance == "auto"
            and run.ends_at is not None
            and run.ends_at <= now)


def _enter(slots: list[Slot], index: int, at: float) -> Run:
    if not is_id(index) or not 0 <= index < len(slots):
        raise AgendaError("bad_slot", index=str(index)[:20], count=len(slots))
    duration = slots[index].duration_s
    return Run(slot_index=index, started_at=at, ends_at=at + duration if duration > 0 else None)


def _finished(slots: list[Slot], at: float) -> Run:
    """started_at of a finished run is when the agenda finished."""
    return Run(slot_index=max(len(slots) - 1, 0), started_at=at, ends_at=None, status=FINISHED)


def current_slot(run: Run | None, slots: list[Slot]) -> Slot | None:
    """The slot people contribute to: None before the start and after the end."""
    if run is None or run.status == FINISHED or not 0 <= run.slot_index < len(slots):
        return None
    return slots[run.slot_index]


LATE_GRACE = 120  # seconds after the room moved on during which a late post keeps its slot


def written_slot(run: Run | None, slots: list[Slot], index: int, now: float) -> Slot | None:
    """Where a post written in slot ``index`` goes: that slot while the room is in it, or for
    LATE_GRACE seconds after the room left it (a note finished as the facilitator pressed
    "Next", a phone whose Wi-Fi blinked). Never a later slot; None: where the room is now.
    The grace is short so that an old slot cannot be used to post what the room has closed."""
    if run is None or not 0 <= index < len(slots):
        return None
    if run.status != FINISHED and index == run.slot_index:
        return slots[index]
    if run.status != FINISHED and index > run.slot_index:
        return None
    return slots[index] if now - run.started_at <= LATE_GRACE else None


# --- what screens see ----------------------------------------------------------------------

def public_state(run: Run | None, slots: list[Slot], now: float, lang: str) -> dict:
    """JSON-ready view for every screen. The same keys always; None where nothing applies."""
    slot = _shown_slot(run, slots)
    state = {
        "server_time": now,
        "status": run.status if run else NOT_STARTED,
        "phase": timer_phase(run, slot, now) if run else NOT_STARTED,
        "slot_index": run.slot_index if run else None,
        "slot_count": len(slots),
        "step_count": slots[0].step_count if slots else 0,
        "started_at": run.started_at if run else None,
        "ends_at": run.ends_at if run else None,
        "paused": bool(run and run.status == PAUSED),
        "paused_at": run.paused_at if run else None,
        "remaining_s": remaining(run, now),
    }
    state.update(_slot_view(slot, lang))
    return state


def _shown_slot(run: Run | None, slots: list[Slot]) -> Slot | None:
    if run is None or not slots:
        return None
    return slots[min(max(run.slot_index, 0), len(slots) - 1)]


def _slot_view(slot: Slot | None, lang: str) -> dict:
    if slot is None:
        return {key: None for key in (
            "step_index", "step_id", "part_id", "step_label", "label", "prompt", "topic",
            "topic_index", "topic_count", "duration_s", "warning_s", "advance", "contributors",
            "roles", "kinds", "visibility", "shared", "voting", "questions", "produces",
            "groups", "group_round", "report_minutes", "kind_roles")}
    return {
        "step_index": slot.step_index,
        "step_id": slot.step_id,
        "part_id": slot.part_id,
        "step_label": slot.step_label.get(lang),
        "label": slot.label.get(lang),
        "prompt": slot.prompt.get(lang),
        "topic": slot.topic,
        "topic_index": slot.topic_index,
        "topic_count": slot.topic_count,
        "duration_s": slot.duration_s,
        "warning_s": slot.warning_s,
        "advance": slot.advance,
        "contributors": slot.contributors,
        "roles": list(slot.roles),
        "kinds": list(slot.kinds),
        "visibility": slot.visibility,
        "shared": slot.shared,
        "voting": {"mode": slot.voting.mode, "dots": slot.voting.dots,
                   "max_per_item": slot.voting.max_per_item, "reveal": slot.voting.reveal,
                   "extend_s": round(slot.voting.extend * 60), "among": slot.voting.among or None},
        "questions": [_question_view(q, lang) for q in slot.questions],
        "produces": slot.produces,
        "groups": slot.groups or None,
        "group_round": slot.group_round if slot.groups else None,
        "report_minutes": slot.report_minutes or None,
        "kind_roles": {kind: list(roles) for kind, roles in slot.kind_roles} or None,
    }


def _question_view(question: Question, lang: str) -> dict:
    return {"id": question.id, "type": question.type, "label": question.label.get(lang),
            "scale": question.scale, "options": [o.get(lang) for o in question.options]}


# --- who may contribute --------------------------------------------------------------------

def may_contribute(slot: Slot | None, kind: str, role: str, *, anonymous: bool) -> str | None:
    """None when allowed, else a reason code for the phone."""
    if slot is None:
        return "no_step"
    if slot.contributors == "nobody":
        return "step_closed"
    if role in READ_ONLY_ROLES:
        return "role_not_allowed"
    if slot.contributors == "roles" and role not in slot.roles:
        return "role_not_allowed"
    if kind not in slot.kinds:
        return "kind_not_allowed"
    if role not in dict(slot.kind_roles).get(kind, (role,)):
        return "role_not_allowed"
    if anonymous and slot.visibility == "named":
        return "anonymous_not_allowed"
    return None


def effective_anonymous(slot: Slot | None, requested: bool) -> bool:
    """What the server stores: an anonymous step makes every post anonymous, whatever was asked."""
    if slot is None:
        return bool(requested)
    if slot.visibility == "anonymous":
        return True
    if slot.visibility == "named":
        return False
    return bool(requested)


PHONE_LANGS = ("fr", "en")


def phone_state(data: dict, lang: str) -> dict:
    """The agenda state (``public_state`` in both languages, plus what the room holds) as a phone
    in ``lang`` receives it: its own language's words only."""
    return {key: value for key, value in data.items() if key not in PHONE_LANGS or key == lang}
