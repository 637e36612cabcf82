"""The demo workshop: what `make run` shows on an empty database (data/demo_event.toml), day 1
of the Douala partners' day (../shared/demo-day.md): twelve organisations, 36 people, the agenda
at its times of day, the speakers and the Knowledge Jam's roles, the Jam's brief, and what the
room wrote inside each activity (its step and topic), at the time it was written."""
from __future__ import annotations

import tomllib
import uuid
from datetime import datetime, timedelta
from pathlib import Path

DEMO_FILE = Path(__file__).resolve().parent.parent / "data" / "demo_event.toml"


def load_demo(path: Path = DEMO_FILE) -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)


def day_times(demo: dict, now: float):
    """``"HH:MM"`` -> a timestamp on the demo's day: today, or yesterday when the day's last
    item would still be in the future (nothing in the room is written after ``now``)."""
    stamps = [c["at"] for a in demo.get("activities", []) for c in a.get("contributions", [])]
    today = datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0, microsecond=0)

    def at(day: datetime, hhmm: str) -> float:
        hours, minutes = map(int, hhmm.split(":"))
        return (day + timedelta(hours=hours, minutes=minutes)).timestamp()

    day = today if all(at(today, s) <= now for s in stamps) else today - timedelta(days=1)
    return lambda hhmm: at(day, hhmm)


def create_demo_event(store, now: float, path: Path = DEMO_FILE) -> dict:
    from .activities import Activities
    from .room.contributions import clean_action_meta
    from .room.formats import BUILTIN_DIR, load_formats
    from .room.permissions import post_audience

    demo = load_demo(path)
    activities = Activities(store, load_formats([BUILTIN_DIR]))
    event = store.create_event(demo["title"], demo["lang"], now)
    store.set_organisations(event["id"], [{"code": code, "name": name, "kind": kind}
                                          for code, name, kind in demo["organisations"]])
    people = {}
    for name, org, lang in demo["people"]:
        participant, token, _ = store.add_participant(event["id"], name, org, False, lang, now)
        people[name] = (participant, token)
    anonymous = store.add_participant(event["id"], "", "", True, "fr", now)[:2]
    at = day_times(demo, now)
    posts = []
    for activity in demo.get("activities", []):
        title = f"{activity['time']} — {activity['title']}" if activity.get("time") else activity["title"]
        added = store.add_activity(event["id"], activity["format"], title, {},
                                   activity.get("topics", []), now)
        if activity.get("background"):  # a question box open all day (docs/background.md)
            store.set_background(event["id"], added["id"], True, now)
        for name, role in activity.get("roles", {}).items():
            store.assign_role(added["id"], people[name][0]["id"], role)
        if activity.get("brief"):
            store.set_brief(event["id"], added["id"], activity["brief"].strip(), now)
        if activity.get("kiosks"):
            _kiosks(store, event, added, activity["kiosks"], [p for p, _t in people.values()], now)
        slots = activities.slots(added)
        for post in activity.get("contributions", []):
            topic = activity["topics"][post["topic"]] if "topic" in post else None
            slot = next(s for s in slots if s.step_id == post["step"]
                        and (topic is None or s.topic == topic))
            posts.append((at(post["at"]), added, slot, post))
    # The room wrote in the order of the day; each item is logged in that order.
    for stamp, added, slot, post in sorted(posts, key=lambda x: x[0]):
        participant, token = people[post["by"]] if post["by"] else anonymous
        meta = (clean_action_meta({"who": post.get("who", ""), "when": post.get("when", "")})
                if post["kind"] == "action" else None)
        store.add_contribution(event["id"], participant, token, str(uuid.uuid4()), post["kind"],
                               post["text"], not post["by"], stamp,
                               audience=post_audience(slot, post["kind"]),
                               activity_id=added["id"], step_id=slot.step_id,
                               topic=slot.topic or None, meta=meta)
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
