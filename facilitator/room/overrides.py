"""What the facilitator may change of a format for one activity, checked like a format file.

An override the format does not take is refused with the field named (``unknown_field``
``overrides.voting.plan.dots``), never dropped: a facilitator who typed "5 dots" must not run a
vote with 3 without knowing. A value of the wrong type or out of range is ``bad_field``.

What may be overridden:
- ``durations`` {"<step>" or "<step>.<part>": minutes 0–600}: the step's budget or one part's
  duration (Lean Coffee's minutes per topic is ``"discuss.topic"``);
- ``prompts`` {"<step>" or "<step>.<part>": {"fr": text, "en": text}};
- ``anonymous`` true/false: every contribution of the activity unsigned;
- ``skip`` ["<step>", ...]: steps prepared from the dashboard before the day and not run in the
  room (the Jam's Select and Plan); at least one step must be left;
- ``voting`` {"<step>": {"dots": 1–20, "max_per_item": 0–20, "extend": minutes 0–30}}: the number
  of dots each (a dots step), the cap per item (dots), the minutes a thumbs-up adds (thumbs).
- ``questions`` {"<step>": [question tables as in a format file]}: a questionnaire step's
  questions (the evaluation's): the format's reworded or dropped, the facilitator's own added
  (sent without an id, given one by the server); 1–30 of them, each field checked and refused
  by name (room/question_overrides.py).

Ids are checked against the format when the override is written. When it is read back
(room/agenda.py ``plan_slots``) an id the format no longer has is ignored: overrides outlive
format edits, and one stale key must not stop the room.
"""
from __future__ import annotations

from .agenda import questions_of
from .contributions import clean_text
from .errors import RoomError
from .formats import Format
from .question_overrides import clean_step_questions

MAX_MINUTES = 600
MAX_PROMPT = 1000
# field -> (voting modes it applies to, smallest, largest, whole numbers only)
VOTING_FIELDS = {
    "dots": (("dots",), 1, 20, True),
    "max_per_item": (("dots",), 0, 20, True),
    "extend": (("thumbs",), 0, 30, False),
}


def _number(value, low, high, whole: bool) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if whole and value != int(value):
        return False
    return low <= value <= high


def _keys(fmt: Format) -> set[str]:
    """Every step id and every "<step>.<part>" id of the format."""
    keys = set()
    for step in fmt.steps:
        keys.add(step.id)
        keys.update(f"{step.id}.{part.id}" for part in step.parts)
    return keys


def _mapping(value, field: str) -> dict:
    if not isinstance(value, dict):
        raise RoomError("bad_field", field=field)
    return value


def clean_overrides(fmt: Format, overrides, *, before: dict | None = None,
                    answered: frozenset[str] = frozenset()) -> dict:
    """The overrides to store, every key checked against ``fmt``; refuses what it cannot apply.
    ``before``: the activity's overrides until now and ``answered``: the question ids that have
    answers stored (an edit; a new activity has neither), for its questions' ids and meaning."""
    if overrides is None:
        return {}
    overrides = _mapping(overrides, "overrides")
    cleaned: dict = {}
    keys = _keys(fmt)
    for name, value in overrides.items():
        field = f"overrides.{name}"
        if name == "durations":
            durations = {}
            for key, minutes in _mapping(value, field).items():
                if key not in keys:
                    raise RoomError("unknown_field", field=f"{field}.{key}")
                if not _number(minutes, 0, MAX_MINUTES, False):
                    raise RoomError("bad_duration")
                durations[key] = minutes
            if durations:
                cleaned["durations"] = durations
        elif name == "prompts":
            prompts = {}
            for key, text in _mapping(value, field).items():
                if key not in keys:
                    raise RoomError("unknown_field", field=f"{field}.{key}")
                for lang, words in _mapping(text, f"{field}.{key}").items():
                    if lang not in ("fr", "en"):
                        raise RoomError("unknown_field", field=f"{field}.{key}.{lang}")
                    if not isinstance(words, str) or len(words) > MAX_PROMPT:
                        raise RoomError("bad_field", field=f"{field}.{key}.{lang}")
                prompts[key] = {lang: clean_text(words) for lang, words in text.items()}
            if prompts:
                cleaned["prompts"] = prompts
        elif name == "skip":
            cleaned_skip = _clean_skip(fmt, value, field)
            if cleaned_skip:
                cleaned["skip"] = cleaned_skip
        elif name == "anonymous":
            if not isinstance(value, bool):
                raise RoomError("bad_field", field=field)
            cleaned["anonymous"] = value
        elif name == "questions":
            questions = _clean_questions(fmt, _mapping(value, field), field, before, answered)
            if questions:
                cleaned["questions"] = questions
        elif name == "voting":
            voting = _clean_voting(fmt, _mapping(value, field), field)
            if voting:
                cleaned["voting"] = voting
        else:
            raise RoomError("unknown_field", field=field)
    return cleaned


def _clean_skip(fmt: Format, value, field: str) -> list[str]:
    """Steps prepared before the day and not run in the room; at least one step is left."""
    if not isinstance(value, list):
        raise RoomError("bad_field", field=field)
    steps = [step.id for step in fmt.steps]
    for step_id in value:
        if step_id not in steps:
            raise RoomError("unknown_field", field=f"{field}.{str(step_id)[:40]}")
    if set(steps) <= set(value):
        raise RoomError("bad_field", field=field)  # nothing would be left to run
    return [s for s in steps if s in value]


def _clean_voting(fmt: Format, value: dict, field: str) -> dict:
    steps = {step.id: step for step in fmt.steps}
    cleaned = {}
    for step_id, changes in value.items():
        step = steps.get(step_id)
        if step is None or step.voting.mode == "none":
            raise RoomError("unknown_field", field=f"{field}.{step_id}")
        kept = {}
        for key, number in _mapping(changes, f"{field}.{step_id}").items():
            where = f"{field}.{step_id}.{key}"
            rule = VOTING_FIELDS.get(key)
            if rule is None or step.voting.mode not in rule[0]:
                raise RoomError("unknown_field", field=where)
            if not _number(number, *rule[1:]):
                raise RoomError("bad_field", field=where)
            kept[key] = int(number) if rule[3] else number
        if kept:
            cleaned[step_id] = kept
    return cleaned


def _clean_questions(fmt: Format, value: dict, field: str, before: dict | None,
                     answered: frozenset[str]) -> dict:
    """Each step's questions in file shape (stored so, parsed again when read: room/agenda.py
    ``questions_of``); a step without questions in the format takes none."""
    steps = {step.id: step for step in fmt.steps}
    cleaned = {}
    for step_id, raw in value.items():
        where = f"{field}.{step_id}"
        step = steps.get(step_id)
        if step is None or not step.questions:
            raise RoomError("unknown_field", field=f"{field}.{str(step_id)[:40]}")
        cleaned[step_id] = clean_step_questions(step.questions, raw, where,
                                                current=questions_of(step, before),
                                                answered=answered)
    return cleaned
