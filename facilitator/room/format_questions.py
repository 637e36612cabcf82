"""A questionnaire step's questions (the evaluation): their shape, and the checks a format file
and an activity's ``overrides.questions`` both go through (room/formats.py, room/overrides.py).
Pure: no I/O."""
from __future__ import annotations

from dataclasses import dataclass

from . import format_fields as ff
from .format_fields import Text

QUESTION_TYPES = ("rating", "open", "choice")
_QUESTION_KEYS = ("id", "type", "label", "scale", "options")
PLACEHOLDER = Text("?", "?")  # stands in for a broken text so checking can go on


@dataclass(frozen=True)
class Question:
    """One question of a questionnaire step (evaluation)."""
    id: str
    type: str                   # one of QUESTION_TYPES
    label: Text
    scale: int = 5              # rating: 1..scale
    options: tuple[Text, ...] = ()  # choice


def question_table(q: Question) -> dict:
    """A question as a format file writes it (what ``overrides.questions`` takes back)."""
    table = {"id": q.id, "type": q.type, "label": {"fr": q.label.fr, "en": q.label.en}}
    if q.type == "rating":
        table["scale"] = q.scale
    if q.type == "choice":
        table["options"] = [{"fr": o.fr, "en": o.en} for o in q.options]
    return table


def parse_questions(raw, source: str) -> tuple[tuple[Question, ...], list[str]]:
    """A step's questions given outside a format file (an activity's ``overrides.questions``),
    checked by the same rules as the file's: (questions, errors)."""
    ck = ff.Checker(source)
    questions = question_tables(ck, [], {"questions": raw})
    return questions, ck.errors


def question_tables(ck: ff.Checker, where: list[str], raw: dict) -> tuple[Question, ...]:
    """``raw``'s ``questions`` list checked into Questions, every error noted on ``ck``."""
    questions = []
    seen: set[str] = set()
    for index, q in enumerate(ff.list_of_tables(ck, where, raw, "questions"), start=1):
        qwhere = [*where, ff.name("question", q, index)]
        ff.unknown_keys(ck, qwhere, q, _QUESTION_KEYS)
        qid = ff.ident(ck, qwhere, q, "id", required=True)
        if qid and qid in seen:
            ck.error(qwhere, "id", "another question of this step has this id")
        seen.add(qid)
        qtype = q.get("type", ff.MISSING)
        if qtype is ff.MISSING:
            ck.error(qwhere, "type", f"missing (one of {', '.join(QUESTION_TYPES)})")
            qtype = "open"
        else:
            qtype = ff.choice(ck, qwhere, q, "type", QUESTION_TYPES, "open")
        label = ff.text(ck, qwhere, q, "label") or PLACEHOLDER
        scale = ff.integer(ck, qwhere, q, "scale", 5, 2)
        if "scale" in q and qtype != "rating":
            ck.error(qwhere, "scale", 'only used with type = "rating"')
        options = []
        raw_options = q.get("options", ff.MISSING)
        if raw_options is not ff.MISSING:
            if qtype != "choice":
                ck.error(qwhere, "options", 'only used with type = "choice"')
            elif not isinstance(raw_options, list):
                ck.error(qwhere, "options", "must be a list of tables with fr and en")
            else:
                for i, _ in enumerate(raw_options, start=1):
                    text = ff.text(ck, qwhere, {f"options[{i}]": raw_options[i - 1]},
                                 f"options[{i}]")
                    if text:
                        options.append(text)
        if qtype == "choice" and (raw_options is ff.MISSING or len(raw_options) < 2):
            ck.error(qwhere, "options", 'type = "choice" needs at least two options')
        questions.append(Question(id=qid, type=qtype, label=label, scale=scale,
                                  options=tuple(options)))
    return tuple(questions)
