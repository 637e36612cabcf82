"""The restitution's service: exports (every format, one function), the synthesis, the themes and
their edits, publishing. No Flask: the routes, the handlers and the CLI call this.

Exports read the store through ``snapshot_reader`` (one connection of their own, one read
transaction) so that the whole build and render can run off the hub (``offload.off_hub``).
"""
from __future__ import annotations

import json
import time

from ..offload import off_hub
from ..room import themes as theme_rules
from ..room.contributions import clean_text
from ..room.errors import RoomError
from ..room.payload import is_id
from ..store.restitution import SYNTHESIS_MAX
from ..ui_text import t
from . import csvfile, renderers
from .build import ACTION_FIELDS, Scope, build

DOCUMENT_FORMATS = ("md", "html", "pdf", "docx")
FORMATS = ("md", "html", "pdf", "docx", "json", "csv", "actions.csv", "zip")
MIMETYPES = {**{ext: mime for ext, (_fn, mime) in renderers.RENDERERS.items()},
             "json": "application/json; charset=utf-8", "csv": renderers.CSV_MIMETYPE,
             "actions.csv": renderers.CSV_MIMETYPE, "zip": renderers.ZIP_MIMETYPE}
PUBLISHED = ("html", "pdf", "docx")
MAX_THEME_NOTES = 600       # room/themes.py is quadratic: 300 notes take ~0.4 s, 600 about 1.5 s
AUTO_THEME_NOTES = 300      # an export groups the ideas itself up to this many (< 1 s)


# --- exports --------------------------------------------------------------------------------------

def file_name(event: dict, ext: str, scope: Scope) -> str:
    """restitution-ABC123.pdf, plan-d-action-ABC123.csv… in the event's language."""
    lang = event["lang"]
    stem = {"csv": "rdoc.file_contributions", "actions.csv": "rdoc.file_actions"}.get(ext, "rdoc.file")
    name = f"{t(stem, lang)}-{event['code']}"
    if scope.activity_id is not None:
        name += f"-{'activite' if lang == 'fr' else 'activity'}-{scope.activity_id}"
    if scope.group_id is not None:
        name += f"-{'groupe' if lang == 'fr' else 'group'}-{scope.group_id}"
    return f"{name}.{'csv' if ext == 'actions.csv' else ext}"


def contributions_table(data: dict, lang: str) -> tuple[list[str], list[list]]:
    titles = {a["id"]: a["title"] for a in data["activities"]}
    cols = ["id", "kind", "text", "author", "organisation", "anonymous", "activity", "step_id",
            "topic", "votes", "starred", "answered", "validated", "hidden", "created"]
    head = [t(f"rdoc.col_{c}", lang) for c in ("id", "kind", "text", "author", "organisation",
                                               "anonymous", "activity", "step", "topic", "votes",
                                               "starred", "answered", "validated", "hidden",
                                               "created")]
    rows = []
    for c in data["contributions"]:
        author = c["author"] or {}
        rows.append([c["id"], t(f"kind.{c['kind']}", lang), c["text"], author.get("name"),
                     author.get("organisation"), c["anonymous"], titles.get(c["activity_id"], ""),
                     c["step_id"], c["topic"], c["votes"], c["starred"], c["answered"],
                     c["validated"], c["hidden"],
                     time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(c["created_at"]))])
    assert len(cols) == len(head)
    return head, rows


def actions_table(data: dict, lang: str) -> tuple[list[str], list[list]]:
    titles = {a["id"]: a["title"] for a in data["activities"]}
    head = [t(f"rdoc.col_{f}", lang) for f in ACTION_FIELDS] + [t("rdoc.col_source", lang),
                                                                 t("rdoc.col_hidden", lang)]
    rows = []
    for r in data["actions"]["rows"]:
        status = r["status"]
        rows.append([r[f] for f in ACTION_FIELDS[:-1]]
                    + [t(f"rdoc.status_{status}", lang) if status in ("todo", "doing", "blocked", "done") else status,
                       titles.get(r["source"].get("activity_id"), ""), r["hidden"]])
    return head, rows


def _render(doc, data, ext: str, sep: str) -> bytes:
    lang = data["lang"]
    if ext in DOCUMENT_FORMATS:
        return renderers.render(doc, ext)[0]
    if ext == "json":
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if ext == "csv":
        return csvfile.rows_to_csv(*contributions_table(data, lang), delimiter=sep)
    if ext == "actions.csv":
        return csvfile.rows_to_csv(*actions_table(data, lang), delimiter=sep)
    raise RoomError("unknown_export", format=ext, formats=", ".join(FORMATS))


def export_now(store, activities, event: dict, scope: Scope, ext: str, now: float,
               sep: str = ",") -> tuple[bytes, str, str]:
    """(bytes, mimetype, file name) of the restitution in ``ext``: built and rendered here, in
    this thread, from one consistent read of the store."""
    if ext not in FORMATS:
        raise RoomError("unknown_export", format=str(ext)[:20], formats=", ".join(FORMATS))
    if sep not in (",", ";"):
        raise RoomError("bad_option", option="sep")
    with store.snapshot_reader():
        doc, data = build(store, activities, event, scope, now)
    if ext == "zip":
        files = {file_name(event, x, scope): _render(doc, data, x, sep)
                 for x in FORMATS if x != "zip"}
        body = renderers.zip_all(files)
    else:
        body = _render(doc, data, ext, sep)
    return body, MIMETYPES[ext], file_name(event, ext, scope)


def export(store, activities, event: dict, scope: Scope, ext: str, now: float,
           sep: str = ",") -> tuple[bytes, str, str]:
    """``export_now`` off the hub: the room keeps its acks while a long PDF is made."""
    return off_hub(export_now, store, activities, event, scope, ext, now, sep)


# --- the synthesis --------------------------------------------------------------------------------

def set_synthesis(store, event_id: int, text, now: float) -> list[dict]:
    if not isinstance(text, str):
        raise RoomError("bad_payload")
    if len(text) > SYNTHESIS_MAX * 2:
        raise RoomError("synthesis_too_long", max=SYNTHESIS_MAX)
    text = clean_text(text)
    if len(text) > SYNTHESIS_MAX:
        raise RoomError("synthesis_too_long", max=SYNTHESIS_MAX)
    return store.set_synthesis(event_id, text, now)


# --- themes -----------------------------------------------------------------------------------------

def theme_scope(activity_id) -> str:
    return "all" if activity_id is None else f"activity:{activity_id}"


def parse_scope(store, event_id: int, payload: dict) -> tuple[int | None, str]:
    """The themes' scope from a payload: ``activity_id`` (an activity of this event) or none."""
    activity_id = payload.get("activity_id")
    if activity_id is not None:
        if not is_id(activity_id) or store.activity(event_id, activity_id) is None:
            raise RoomError("not_found")
    return activity_id, theme_scope(activity_id)


def ideas(store, event_id: int, activity_id: int | None, include_hidden: bool = False) -> list[dict]:
    return [c for c in store.contributions(event_id, include_hidden=include_hidden,
                                           limit=10_000_000, activity_id=activity_id)
            if c["kind"] == "idea"][::-1]


def as_dicts(themes) -> list[dict]:
    return [{"id": th.id, "name": th.name, "note_ids": list(th.note_ids)} for th in themes]


def as_themes(stored: list[dict]):
    return [theme_rules.Theme(d["id"], d["name"], tuple(d["note_ids"])) for d in stored]


def compute_themes(store, event_id: int, payload: dict, now: float) -> list[dict]:
    """Group the visible ideas of the scope; a theme with the same ideas as before keeps the
    name the facilitator gave it."""
    activity_id, scope = parse_scope(store, event_id, payload)
    notes = [(c["id"], c["text"]) for c in ideas(store, event_id, activity_id)]
    if len(notes) > MAX_THEME_NOTES:
        raise RoomError("too_many_notes", n=len(notes), max=MAX_THEME_NOTES)
    themes = off_hub(theme_rules.cluster, notes)
    before = {d["id"]: d["name"] for d in store.themes(event_id, scope) or []}
    themes = [theme_rules.Theme(th.id, before.get(th.id, th.name), th.note_ids) for th in themes]
    return store.save_themes(event_id, scope, as_dicts(themes),
                             {"op": "compute", "activity_id": activity_id}, now)


def _theme_id(payload, key: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or not 1 <= len(value) <= 40:
        raise RoomError("bad_payload")
    return value


def _name(payload) -> str | None:
    name = payload.get("name")
    if name is None:
        return None
    if not isinstance(name, str):
        raise RoomError("bad_name")
    name = " ".join(clean_text(name).split())
    if not 1 <= len(name) <= 80:
        raise RoomError("bad_name")
    return name


def edit_themes(store, event_id: int, op: str, payload: dict, now: float) -> list[dict]:
    """rename {theme_id, name} · merge {theme_id, into} · split {theme_id, note_ids, name?} ·
    move {note_id, theme_id}; each stored and logged (``themes.updated`` names the operation)."""
    activity_id, scope = parse_scope(store, event_id, payload)
    stored = store.themes(event_id, scope)
    if stored is None:
        raise RoomError("no_theme", theme="")
    themes = as_themes(stored)
    if op == "rename":
        name = _name(payload)
        if name is None:
            raise RoomError("bad_name")
        theme = _theme_id(payload, "theme_id")
        themes = theme_rules.rename(themes, theme, name)
        record = {"theme_id": theme, "name": name}
    elif op == "merge":
        into, theme = _theme_id(payload, "into"), _theme_id(payload, "theme_id")
        themes = theme_rules.merge(themes, into, theme)
        record = {"theme_id": theme, "into": into}
    elif op == "split":
        theme, note_ids = _theme_id(payload, "theme_id"), payload.get("note_ids")
        if not isinstance(note_ids, list) or not note_ids or not all(is_id(n) for n in note_ids):
            raise RoomError("bad_split")
        themes = theme_rules.split(themes, theme, note_ids, _name(payload))
        record = {"theme_id": theme, "note_ids": note_ids}
    elif op == "move":
        note, theme = payload.get("note_id"), _theme_id(payload, "theme_id")
        if not is_id(note):
            raise RoomError("bad_payload")
        themes = theme_rules.move(themes, note, theme)
        record = {"note_id": note, "theme_id": theme}
    else:  # pragma: no cover - the handlers name the operation
        raise RoomError("bad_payload")
    return store.save_themes(event_id, scope, as_dicts(themes),
                             {"op": op, "activity_id": activity_id, **record}, now)


# --- publishing -------------------------------------------------------------------------------------

def _published_files(store, activities, event: dict, now: float):
    with store.snapshot_reader():
        doc, data = build(store, activities, event, Scope(), now)
    return data, {ext: renderers.render(doc, ext)[0] for ext in PUBLISHED}


def publish(store, activities, event: dict, now: float) -> tuple[dict, list[dict]]:
    """The whole event's restitution as it is now, frozen for every participant; again: updated.
    Hidden contributions are never published."""
    data, files = off_hub(_published_files, store, activities, event, now)
    return store.publish(event["id"], event["lang"], data, files, now)
