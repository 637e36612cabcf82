"""An activity's topics as the facilitator types them (or promotes them from the room): cleaned
and checked here, before they plan the activity's slots (room/agenda.py). Pure: no I/O."""
from __future__ import annotations

from .contributions import clean_text
from .errors import RoomError

MAX_TOPICS = 30
MAX_TOPIC_LENGTH = 200


def clean_topics(topics) -> list[str]:
    """A list of at most MAX_TOPICS texts, each cleaned (room/text.py), its spaces folded and cut
    to MAX_TOPIC_LENGTH; empty ones and repeats left out. Anything else: ``bad_topics``."""
    if topics is None:
        return []
    if not isinstance(topics, list) or len(topics) > MAX_TOPICS:
        raise RoomError("bad_topics", max=MAX_TOPICS)
    cleaned = []
    for topic in topics:
        if not isinstance(topic, str):
            raise RoomError("bad_topics", max=MAX_TOPICS)
        text = " ".join(clean_text(topic).split())[:MAX_TOPIC_LENGTH]
        if text and text not in cleaned:
            cleaned.append(text)
    return cleaned
