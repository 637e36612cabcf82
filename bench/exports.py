"""The restitution's exports of a big workshop: 5000 contributions in 40 activities.

    .venv/bin/python -m bench.exports [--contributions 5000] [--activities 40] [--runs 3]

The event is built through the store in a temporary file: 120 people (a tenth anonymous), 40
activities cycling through Q&A, Knowledge Jam, dot voting, brainstorm and 1-2-4-All, each with
its share of ideas, questions (a third answered), Jam notes (most validated, by sub-topic),
comments and actions (owner, deadline, status), upvotes and dots, and an evaluation answered by
everyone. Prints the build time and, per format, the median of ``--runs`` timings of
``service.export_now`` (build + render, as a download does it) and the file size.
Targets (issue 11): Markdown and HTML ≤ 1 s, DOCX and PDF ≤ 3 s.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid

from facilitator.activities import Activities
from facilitator.votes import Votes
from facilitator.restitution import service
from facilitator.restitution.build import Scope
from facilitator.room.formats import BUILTIN_DIR, load_formats
from facilitator.store import Store, answers_key

T0 = 1715670000.0
FORMATS = ("qna", "knowledge-jam", "dot-voting", "brainstorm", "one-two-four-all")
WORDS = ("eau forage puits mairie tontine radio école santé formation bénévoles transparence "
         "budget commerçants femmes jeunes comité rapport suivi marché quartier association "
         "financement partenaires élus déchets hygiène crédit coopérative").split()


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize() + "."


def build_big_event(store: Store, acts: Activities, contributions: int, activities: int) -> dict:
    rng = random.Random(11)
    event = store.create_event("Atelier régional — 5000 contributions", "fr", T0)
    eid = event["id"]
    people = []
    for i in range(120):
        anonymous = i % 10 == 0
        p, token, _ = store.add_participant(eid, "" if anonymous else f"Personne {i}",
                                            "" if anonymous else f"Organisation {i % 25}",
                                            anonymous, "fr", T0)
        people.append((p, token))
    for i in range(activities):
        fmt = FORMATS[i % len(FORMATS)]
        topics = [f"Sous-sujet {i}.{k}" for k in range(3)] if fmt == "knowledge-jam" else []
        acts.add(eid, fmt, f"Activité {i + 1}", {}, topics, T0)
    acts.add(eid, "evaluation", "Évaluation", {}, [], T0)
    rows = store.activities(eid)
    per = contributions // activities
    with store.write() as conn:         # one transaction: this is a fixture, not the room
        for a in rows[:-1]:
            for k in range(per):
                p, token = rng.choice(people)
                kind, step, topic, meta = "idea", None, None, None
                if a["format_id"] == "qna":
                    kind, step = "question", "questions"
                elif a["format_id"] == "knowledge-jam":
                    kind, step = rng.choice([("note", "discover"), ("note", "discover"),
                                             ("question", "discover"), ("action", "broker")])
                    topic = rng.choice(a["topics"]) if step == "discover" else None
                    if kind == "action":
                        meta = {"who": f"Organisation {rng.randrange(25)}",
                                "when": f"{rng.randint(1, 28):02d}/{rng.randint(6, 12):02d}/2024",
                                "status": rng.choice(["todo", "doing", "done"])}
                elif a["format_id"] == "dot-voting":
                    step = "propose"
                elif rng.random() < 0.2:
                    kind = "comment"
                store.add_contribution(eid, p, token, str(uuid.UUID(int=rng.getrandbits(128))), kind,
                                       sentence(rng), rng.random() < 0.15, T0 + k,
                                       activity_id=a["id"], step_id=step, topic=topic, meta=meta)
        items = conn.execute("SELECT id, kind, activity_id FROM contributions WHERE event_id = ?",
                             (eid,)).fetchall()
        for item_id, kind, activity_id in items:
            if kind == "question" and rng.random() < 0.33:
                conn.execute("UPDATE contributions SET answered = 1 WHERE id = ?", (item_id,))
            if kind == "note" and rng.random() < 0.8:
                conn.execute("UPDATE contributions SET validated = 1 WHERE id = ?", (item_id,))
        by_activity = {}
        for item_id, kind, activity_id in items:
            by_activity.setdefault(activity_id, []).append(item_id)
        for a in rows[:-1]:
            ids = by_activity.get(a["id"], [])
            scope = {"qna": "upvotes", "dot-voting": "vote"}.get(a["format_id"])
            if not scope or not ids:
                continue
            for p, _token in people[:60]:
                for item in rng.sample(ids, min(3, len(ids))):
                    store.set_vote(a["id"], scope, p["id"], item, 1, T0)
            if a["format_id"] == "dot-voting":
                Votes(store, acts).reveal(eid, a["id"], "vote", T0)
        for p, token in people:
            store.save_answers(rows[-1]["id"], answers_key(token, rows[-1]["id"]),
                               {"useful": str(rng.randint(3, 5)), "organisation": str(rng.randint(2, 5)),
                                "improve": sentence(rng)}, T0)
    for a in rows:
        acts.start(eid, a["id"], T0 + 600 * a["position"])
    acts.close(eid, T0 + 600 * (len(rows) + 1))
    return store.event_by_id(eid)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contributions", type=int, default=5000)
    parser.add_argument("--activities", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(os.path.join(tmp, "bench.db"))
        acts = Activities(store, load_formats([BUILTIN_DIR]))
        start = time.perf_counter()
        event = build_big_event(store, acts, args.contributions, args.activities)
        print(f"event: {store.count_contributions(event['id'])} contributions in "
              f"{len(store.activities(event['id']))} activities, built in "
              f"{time.perf_counter() - start:.1f} s")
        print(f"{'format':<12} {'median s':>9} {'min s':>7} {'size':>10}")
        for ext in service.FORMATS:
            times, size = [], 0
            for _ in range(args.runs):
                t = time.perf_counter()
                body, _mime, _name = service.export_now(store, acts, event, Scope(), ext, T0 + 86400)
                times.append(time.perf_counter() - t)
                size = len(body)
            print(f"{ext:<12} {statistics.median(times):>9.2f} {min(times):>7.2f} {size:>10,}")
        store.close()


if __name__ == "__main__":
    main()
