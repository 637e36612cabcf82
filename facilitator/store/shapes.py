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
    # A withdrawn item's text stays on the server like a hidden one's (its author sees it).
    hidden = bool(c["hidden"]) or bool(c.get("withdrawn"))
    view = {
        "id": c["id"],
        "kind": c["kind"],
        "text": None if hidden else c["text"],
        "author": None if anonymous or not c.get("author_name") and not c.get("author_org") else {
            "name": c.get("author_name"), "organisation": c.get("author_org") or None},
        "anonymous": anonymous,
        # Withdrawn reads as hidden too, so every screen that drops hidden items drops it.
        "hidden": hidden,
        "withdrawn": bool(c.get("withdrawn")),
        "edited_at": c.get("edited_at"),
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
        "group_id": c.get("group_id"),
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



# --- the idea fair ------------------------------------------------------------------------------

def _person(p: dict | None) -> dict | None:
    if p is None:
        return None
    anonymous = bool(p["anonymous"])
    return {"id": p["id"], "name": None if anonymous else p["name"],
            "organisation": None if anonymous else (p["organisation"] or None)}


def public_kiosk(k: dict, people: dict[int, dict], event_code: str, room_url: str) -> dict:
    """A kiosk as every screen sees it; never its staff link (only its hash is stored)."""
    return {
        "id": k["id"], "activity_id": k["activity_id"], "position": k["position"],
        "code": k["code"], "title": k["title"], "organisation": k["organisation"] or "",
        "description": k["description"] or "",
        "visit_url": f"{room_url}/k/{event_code}/{k['code']}",
        "qr_url": f"/qr/{event_code}/kiosk/{k['code']}.svg",
        "presenters": [_person(people.get(pid)) for pid in k["presenters"] if pid in people],
        "note_taker": _person(people.get(k["note_taker"])) if k["note_taker"] else None,
    }


def staff_feedback(f: dict) -> dict:
    """A feedback item as its kiosk's presenters and the staff see it: the adoption contact
    included. It is sent to nobody else but its author (``own_feedback``)."""
    anonymous = bool(f.get("author_anonymous"))
    return {
        "id": f["id"], "activity_id": f["activity_id"], "kiosk_id": f["kiosk_id"],
        "kind": f["kind"], "text": f["text"], "value": f["value"], "contact": f["contact"],
        "answered": bool(f["answered"]), "created_at": f["created_at"],
        "author": None if anonymous or f.get("author_name") is None else {
            "id": f["participant_id"], "name": f["author_name"],
            "organisation": f.get("author_org") or None},
    }


def own_feedback(f: dict) -> dict:
    view = staff_feedback(f)
    view["client_id"] = f["client_id"]
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
