"""The demo workshop: what `make run` shows on an empty database (data/demo_event.toml)."""
from __future__ import annotations

import tomllib
import uuid
from pathlib import Path

DEMO_FILE = Path(__file__).resolve().parent.parent / "data" / "demo_event.toml"


def load_demo(path: Path = DEMO_FILE) -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)


def create_demo_event(store, now: float, path: Path = DEMO_FILE) -> dict:
    demo = load_demo(path)
    event = store.create_event(demo["title"], demo["lang"], now)
    store.set_organisations(event["id"], [{"code": code, "name": name, "kind": kind}
                                          for code, name, kind in demo["organisations"]])
    people = []
    for name, org, lang in demo["people"]:
        participant, token, _ = store.add_participant(event["id"], name, org,
                                                      False, lang, now)
        people.append((participant, token))
    anonymous, anonymous_token, _ = store.add_participant(event["id"], "", "", True, "fr", now)
    for offset, (kind, text, author) in enumerate(demo["contributions"]):
        participant, token = people[author] if author >= 0 else (anonymous, anonymous_token)
        store.add_contribution(event["id"], participant, token, str(uuid.uuid4()), kind, text,
                               author < 0, now + offset)
    for activity in demo.get("activities", []):
        added = store.add_activity(event["id"], activity["format"], activity["title"], {},
                                   activity.get("topics", []), now)
        if activity.get("background"):  # a question box open all day (docs/background.md)
            store.set_background(event["id"], added["id"], True, now)
        if activity.get("kiosks"):
            _kiosks(store, event, added, activity["kiosks"], [p for p, _t in people], now)
    return store.event_by_id(event["id"])


def _kiosks(store, event: dict, activity: dict, kiosks: list, people: list[dict], now: float) -> None:
    """The idea fair's stands, made as the dashboard makes them (codes, staff links)."""
    from .activities import Activities
    from .fair import Fair
    from .room.formats import BUILTIN_DIR, load_formats
    fair = Fair(store, Activities(store, load_formats([BUILTIN_DIR])), "")
    for title, org, description in kiosks:
        presenters = [p["id"] for p in people if p["organisation"] == org][:1]
        fair.kiosk_save(event["id"], {"activity_id": activity["id"], "title": title,
                                      "organisation": org, "description": description,
                                      "presenters": presenters}, now)
