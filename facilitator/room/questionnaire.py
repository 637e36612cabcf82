"""Questionnaire steps (evaluation): checking answers and summing them up. Pure."""
from __future__ import annotations

from .contributions import clean_text
from .errors import RoomError
from .formats import Question
from .payload import is_id


def clean_answers(questions: tuple[Question, ...], answers, max_text: int) -> dict[str, str]:
    """The answers as stored strings; an unknown question or a bad value is refused."""
    if not isinstance(answers, dict) or not answers:
        raise RoomError("bad_payload")
    by_id = {q.id: q for q in questions}
    cleaned = {}
    for question_id, value in answers.items():
        question = by_id.get(question_id)
        if question is None:
            raise RoomError("bad_answer", question=str(question_id)[:30])
        if question.type == "rating":
            if not is_id(value) or not 1 <= value <= question.scale:
                raise RoomError("bad_answer", question=question_id)
            cleaned[question_id] = str(value)
        elif question.type == "choice":
            if not is_id(value) or not 0 <= value < len(question.options):
                raise RoomError("bad_answer", question=question_id)
            cleaned[question_id] = str(value)
        else:
            text = clean_text(value) if isinstance(value, str) else None
            if text is None or len(text) > max_text:
                raise RoomError("bad_answer", question=question_id)
            if text:
                cleaned[question_id] = text
    return cleaned


def summarise(questions: tuple[Question, ...], rows: list[tuple[str, str]], lang: str) -> list[dict]:
    """Per question: ratings as count, average and histogram; choices as counts; open texts."""
    values: dict[str, list[str]] = {}
    for question_id, value in rows:
        values.setdefault(question_id, []).append(value)
    summary = []
    for q in questions:
        given = values.get(q.id, [])
        item = {"id": q.id, "type": q.type, "label": q.label.get(lang), "count": len(given)}
        if q.type == "rating":
            numbers = [int(v) for v in given]
            item["scale"] = q.scale
            item["histogram"] = [numbers.count(n) for n in range(1, q.scale + 1)]
            item["average"] = round(sum(numbers) / len(numbers), 2) if numbers else None
        elif q.type == "choice":
            item["options"] = [o.get(lang) for o in q.options]
            item["counts"] = [given.count(str(i)) for i in range(len(q.options))]
        else:
            item["texts"] = given
        summary.append(item)
    return summary


def changes(questions: tuple[Question, ...], rows: list[tuple[str, str]],
            before: dict[str, str], after: dict[str, str]) -> list[dict]:
    """What one person's answer changed in the summary, per question it changed (fanout: the
    log keeps this, not the whole summary again). ``rows``: every answer, this one included.
    A rating's or choice's figures are whole (a few numbers, and a screen can take them
    without having seen the previous ones); an open question's is the new text and the one it
    replaces (``None`` for a first answer)."""
    out = []
    for q in questions:
        if q.id not in after or before.get(q.id) == after[q.id]:
            continue
        item = summarise((q,), [r for r in rows if r[0] == q.id], "fr")[0]
        change = {"id": q.id, "count": item["count"]}
        if q.type == "rating":
            change.update(histogram=item["histogram"], average=item["average"])
        elif q.type == "choice":
            change["counts"] = item["counts"]
        else:
            change.update(text=after[q.id], replaces=before.get(q.id))
        out.append(change)
    return out
