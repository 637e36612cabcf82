"""What leaves the server: the only shapes in which participants and contributions are sent."""
from __future__ import annotations

import json


def public_participant(p: dict) -> dict:
    anonymous = bool(p["anonymous"])
    return {
        "id": p["id"],
        "name": None if anonymous else p["name"],
        "organisation": None if anonymous else (p["organisation"] or None),
        "anonymous": anonymous,
        "lang": p["lang"],
    }


def public_contribution(c: dict | None) -> dict | None:
    """The only shape in which a contribution leaves the server.

    Anonymous items carry no author field at all, and a hidden item's text stays on the server.
    """
    if c is None:
        return None
    anonymous = bool(c["anonymous"])
    hidden = bool(c["hidden"])
    view = {
        "id": c["id"],
        "kind": c["kind"],
        "text": None if hidden else c["text"],
        "author": None if anonymous or not c.get("author_name") and not c.get("author_org") else {
            "name": c.get("author_name"), "organisation": c.get("author_org") or None},
        "anonymous": anonymous,
        "hidden": hidden,
        "starred": bool(c["starred"]),
        "pinned": bool(c.get("pinned")),
        "created_at": c["created_at"],
        "seq": c.get("seq"),
        "activity_id": c.get("activity_id"),
        "step_id": c.get("step_id"),
        "topic": c.get("topic"),
        "meta": json.loads(c["meta"]) if c.get("meta") and not hidden else None,
        "answered": bool(c.get("answered")),
        "validated": bool(c.get("validated")),
        "shared": bool(c.get("shared")),
    }
    return view


def staff_contribution(c: dict) -> dict:
    """What the dashboard sees: the public view plus the text of hidden items."""
    view = public_contribution(c)
    view["text"] = c["text"]
    return view


def own_contribution(c: dict) -> dict:
    """What a phone sees of its own items: its text and client id, even when hidden."""
    view = staff_contribution(c)
    view["client_id"] = c["client_id"]
    return view



def export_contribution(c: dict) -> dict:
    """A contribution as the restitution's files carry it (JSON, CSV, every document).

    Anonymous items carry no author, no author id and no owner key; no export carries a client
    id, a token hash or an owner key. ``hidden`` is there because a facilitator may ask for the
    hidden items, which then come marked."""
    anonymous = bool(c["anonymous"])
    author = None
    if not anonymous and (c.get("author_name") or c.get("author_org")):
        author = {"name": c.get("author_name") or None, "organisation": c.get("author_org") or None}
    return {
        "id": c["id"],
        "kind": c["kind"],
        "text": c["text"],
        "author": author,
        "anonymous": anonymous,
        "hidden": bool(c["hidden"]),
        "starred": bool(c["starred"]),
        "activity_id": c.get("activity_id"),
        "step_id": c.get("step_id"),
        "topic": c.get("topic"),
        "meta": json.loads(c["meta"]) if c.get("meta") else None,
        "answered": bool(c.get("answered")),
        "validated": bool(c.get("validated")),
        "created_at": c["created_at"],
    }
