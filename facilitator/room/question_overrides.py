"""An activity's own questionnaire (``overrides.questions``): the format's questions reworded or
dropped, and the facilitator's own questions added (the evaluation's "Quel sujet voulez-vous
approfondir ?"). Pure: no I/O; the service passes what the store knows (the questions the
activity asks now, the ids that already have answers).

Every question table is checked field by field and refused with a code naming the field
(``question_label`` ``overrides.questions.survey[5].label.en``) and, in the message, the
question's number as the dashboard shows it; nothing is dropped. The stored list is in a format
file's shape (room/format_questions.py ``question_table``), in the order the phones ask it, and
goes through the format files' own parser when read back (room/agenda.py ``questions_of``).

Ids. A question the format has, or one the activity already asks, is sent with its id. A new
question is sent **without** one and the server gives it ``q1``, ``q2``…: only the server knows
every id that already has answers stored, including those of questions dropped since, so only
it can pick one that no earlier answer carries; a client-made id could quietly inherit the
answers of a question dropped an hour ago. An explicit new id (a format file's shape, for
scripts) is still accepted when it is free.

After answers came in, the rule of rewording holds for every question alike: the answers stay
stored under the question's id and count for the new wording; a dropped question's answers stay
stored and are counted again if it comes back. What the answers mean may not change: a question
that has answers keeps its type, its scale and its number of options (``answered_question``),
and an id whose answers belong to a question no longer known is not given to a new one.
"""
from __future__ import annotations

import json

from .contributions import clean_text
from .errors import RoomError
from .format_fields import _ID_RE, LANGS
from .format_questions import QUESTION_TYPES, Question, parse_questions

# As many questions as a phone can sensibly show; a wording that fits a phone's screen; a choice
# that stays a choice. A rating's scale: the phone (phone_questions.js, with phone.css's
# .scale) draws one 48 px button a point on one line, which holds 5 on a 320 px phone (6
# overflow it, 7 a 360 px one; measured in Chromium), so an added rating goes from 1 to 2…5.
# A format file's longer scale is kept when its question is reworded.
MAX_QUESTIONS = 30
MAX_LABEL = 300
MAX_OPTION = 100
MAX_OPTIONS = 10
MAX_SCALE = 5
MAX_ID = 40
# A bound on the stored JSON of one step's questions, whatever the per-field bounds add up to.
MAX_QUESTIONS_CHARS = 20_000
_KEYS = ("id", "type", "label", "scale", "options")


def clean_step_questions(step_questions: tuple[Question, ...], raw, field: str, *,
                         current: tuple[Question, ...] = (),
                         answered: frozenset[str] = frozenset()) -> list[dict]:
    """One step's questions to store, in file shape, new ones given their id.

    ``step_questions``: the format's; ``current``: what the activity asks before this edit;
    ``answered``: the ids that have answers stored for the activity."""
    if not isinstance(raw, list) or not raw:
        raise RoomError("bad_field", field=field)  # nothing left to ask: skip the step instead
    if len(raw) > MAX_QUESTIONS:
        raise RoomError("too_many_questions", field=field, max=MAX_QUESTIONS)
    if len(json.dumps(raw, ensure_ascii=False, default=str)) > MAX_QUESTIONS_CHARS:
        raise RoomError("questions_too_long", field=field, max=MAX_QUESTIONS_CHARS)
    # What an id means already: the activity's current question first, else the format's.
    known = {q.id: q for q in step_questions}
    known.update((q.id, q) for q in current)
    tables, seen = [], set()
    for index, table in enumerate(raw):
        where, number = f"{field}[{index}]", index + 1
        question = _table(table, where, number, known)
        qid = question.get("id")
        if qid is not None:
            if qid in seen:
                raise RoomError("duplicate_question", field=f"{where}.id", n=number, id=qid)
            seen.add(qid)
            if qid in answered:
                _same_meaning(question, known.get(qid), where, number)
        tables.append(question)
    taken = seen | set(known) | set(answered)
    counter = 0
    for question in tables:
        if "id" not in question:
            counter += 1
            while f"q{counter}" in taken:
                counter += 1
            question["id"] = f"q{counter}"
            taken.add(question["id"])
    # Defensive: what is stored must be what a format file may hold (parsed again when read).
    _parsed, errors = parse_questions(tables, field)
    if errors:
        raise RoomError("bad_field", field=field)
    return [_ordered(q) for q in tables]


def _table(table, where: str, number: int, known: dict[str, Question]) -> dict:
    if not isinstance(table, dict):
        raise RoomError("bad_field", field=where)
    for key in table:
        if key not in _KEYS:
            raise RoomError("unknown_field", field=f"{where}.{str(key)[:40]}")
    out: dict = {}
    if "id" in table:
        qid = table["id"]
        if not isinstance(qid, str) or not _ID_RE.match(qid) or len(qid) > MAX_ID:
            raise RoomError("bad_field", field=f"{where}.id")
        out["id"] = qid
    qtype = table.get("type")
    if qtype not in QUESTION_TYPES:
        raise RoomError("question_type", field=f"{where}.type", n=number)
    out["type"] = qtype
    out["label"] = _text(table.get("label"), f"{where}.label", number, MAX_LABEL, "question_label")
    before = known.get(out.get("id", ""))
    if "scale" in table and qtype != "rating":
        raise RoomError("question_scale", field=f"{where}.scale", n=number, max=MAX_SCALE)
    if qtype == "rating":
        scale = table.get("scale", 5)
        fits = isinstance(scale, int) and not isinstance(scale, bool) and 2 <= scale <= MAX_SCALE
        # A format file may have a longer scale: rewording its question keeps it.
        if not fits and not (before and before.type == "rating" and scale == before.scale):
            raise RoomError("question_scale", field=f"{where}.scale", n=number, max=MAX_SCALE)
        out["scale"] = scale
    if "options" in table and qtype != "choice":
        raise RoomError("question_options", field=f"{where}.options", n=number, max=MAX_OPTIONS)
    if qtype == "choice":
        options = table.get("options")
        longer = before is not None and before.type == "choice" and isinstance(options, list) \
            and len(options) == len(before.options)
        if not isinstance(options, list) or len(options) < 2 \
                or (len(options) > MAX_OPTIONS and not longer):
            raise RoomError("question_options", field=f"{where}.options", n=number, max=MAX_OPTIONS)
        out["options"] = [_text(o, f"{where}.options[{i}]", number, MAX_OPTION, "question_option")
                          for i, o in enumerate(options)]
    return out


def _text(value, field: str, number: int, longest: int, empty_code: str) -> dict:
    """A wording in French and English, both written (the formats' rule: each phone reads its
    own language, so neither may be missing)."""
    if not isinstance(value, dict):
        raise RoomError(empty_code, field=field, n=number)
    for lang in value:
        if lang not in LANGS:
            raise RoomError("unknown_field", field=f"{field}.{str(lang)[:10]}")
    out = {}
    for lang in LANGS:
        words = value.get(lang)
        text = clean_text(words) if isinstance(words, str) else ""
        if not text:
            raise RoomError(empty_code, field=f"{field}.{lang}", n=number)
        if len(text) > longest:
            raise RoomError("question_too_long", field=f"{field}.{lang}", n=number, max=longest)
        out[lang] = text
    return out


def _same_meaning(question: dict, before: Question | None, where: str, number: int) -> None:
    """A question with answers keeps what they answer: its type, scale and number of options."""
    if before is None:
        raise RoomError("answered_question", field=f"{where}.id", n=number)
    if question["type"] != before.type:
        raise RoomError("answered_question", field=f"{where}.type", n=number)
    if before.type == "rating" and question["scale"] != before.scale:
        raise RoomError("answered_question", field=f"{where}.scale", n=number)
    if before.type == "choice" and len(question["options"]) != len(before.options):
        raise RoomError("answered_question", field=f"{where}.options", n=number)


def _ordered(question: dict) -> dict:
    """The file's key order (id first), whatever order the client sent them in."""
    return {key: question[key] for key in _KEYS if key in question}
