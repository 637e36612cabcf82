"""A fixed workshop built through the store, as the restitution's tests and bench use it: named and
anonymous people, a Knowledge Jam (brief, notes validated or not, by sub-topic), a silent dot
vote revealed, Q&A with upvotes (answered or not), actions, an evaluation, hidden items, and a
timeline (activities started, finished, closed at fixed times).

``SECRET_NAME`` joined under her name but only ever posts anonymously: no export may carry it,
nor her phone's owner key (``secrets``).
"""
from __future__ import annotations

import uuid

from facilitator.activities import Activities
from facilitator.votes import Votes
from facilitator.room.formats import BUILTIN_DIR, load_formats
from facilitator.store import answers_key, owner_key, token_hash

T0 = 1715670000.0            # 14 May 2024, 08:00 in Douala (UTC+1)
SECRET_NAME = "Zoé Cachée"
HIDDEN_TEXT = "Texte injurieux masqué"
TZ = "Africa/Douala"


def formats():
    return load_formats([BUILTIN_DIR])


def build_event(store, acts: Activities | None = None) -> dict:
    acts = acts or Activities(store, formats())
    event = store.create_event("Atelier d’échanges — Douala", "fr", T0)
    eid = event["id"]
    people = {}
    for name, org in [("Aminatou Bello", "FEMCAM"), ("Jean-Paul Ekwalla", "CDL"),
                      ("Grace Nfor", "GREEN"), ("Samuel Ngando", "MICRO"), (SECRET_NAME, "")]:
        p, token, _ = store.add_participant(eid, name, org, False, "fr", T0)
        people[name] = (p, token)
    anon, anon_token, _ = store.add_participant(eid, "", "", True, "fr", T0)
    people["anon"] = (anon, anon_token)
    n = [0]

    def post(who, kind, text, anonymous=False, at=0.0, **where):
        p, token = people[who]
        n[0] += 1
        row, _, _ = store.add_contribution(eid, p, token, str(uuid.UUID(int=n[0])), kind, text,
                                           anonymous, T0 + at, **where)
        return row

    # The open wall, before any activity.
    post("Aminatou Bello", "idea", "Former deux personnes par organisation aux rapports narratifs.", at=60)
    post(SECRET_NAME, "idea", "Publier les dépenses au marché chaque trimestre.", anonymous=True, at=61)
    post("Samuel Ngando", "comment", "La radio a doublé la participation.", at=62)

    # Activity 1: Q&A, 09:00–09:30.
    acts.add(eid, "qna", "Questions ouvertes", {}, [], T0)
    # Activity 2: a Knowledge Jam with two sub-topics.
    acts.add(eid, "knowledge-jam", "Knowledge Jam : ressources locales", {},
             ["Convaincre les commerçants", "Transparence des fonds"], T0)
    # Activity 3: dot voting.
    acts.add(eid, "dot-voting", "Priorités", {}, [], T0)
    # Activity 4: evaluation.
    acts.add(eid, "evaluation", "Évaluation de la journée", {}, [], T0)
    qna, jam, dots, evaluation = store.activities(eid)

    acts.start(eid, qna["id"], T0 + 3600)
    q1 = post("Grace Nfor", "question", "How do you keep volunteers motivated?", at=3700,
              activity_id=qna["id"], step_id="questions", audience="all")
    q2 = post("anon", "question", "Comment éviter la dépendance au projet ?", anonymous=True, at=3710,
              activity_id=qna["id"], step_id="questions", audience="all")
    q3 = post("Jean-Paul Ekwalla", "question", "Qui paie l’entretien des forages ?", at=3720,
              activity_id=qna["id"], step_id="questions", audience="all")
    store.moderate(eid, q3["id"], T0 + 3800, answered=True)
    hidden = post("Samuel Ngando", "question", HIDDEN_TEXT, at=3730,
                  activity_id=qna["id"], step_id="questions", audience="all")
    store.moderate(eid, hidden["id"], T0 + 3735, hidden=True)
    for voter in ("Aminatou Bello", "Samuel Ngando", "Jean-Paul Ekwalla"):
        store.set_vote(qna["id"], "upvotes", people[voter][0]["id"], q2["id"], 1, T0 + 3750)
    store.set_vote(qna["id"], "upvotes", people["Aminatou Bello"][0]["id"], q1["id"], 1, T0 + 3750)
    acts.close(eid, T0 + 5400)

    acts.start(eid, jam["id"], T0 + 5400)
    post("Jean-Paul Ekwalla", "note", "Sujet : mobiliser des ressources locales pour les micro-projets.",
         at=5450, activity_id=jam["id"], step_id="select", audience="staff")
    jam_notes = [
        ("Convaincre les commerçants", "Aller voir les commerçants avec les chiffres du quartier.", True),
        ("Convaincre les commerçants", "Une tontine avec un tableau affiché.", True),
        ("Transparence des fonds", "Publier un relevé signé par deux trésoriers.", True),
        ("Transparence des fonds", "Idée encore discutée.", False),
    ]
    for i, (topic, text, ok) in enumerate(jam_notes):
        row = post("Samuel Ngando", "note", text, at=5500 + i, activity_id=jam["id"],
                   step_id="discover", topic=topic, audience="all")
        if ok:
            store.moderate(eid, row["id"], T0 + 5600, validated=True)
    post("Grace Nfor", "action", "Former les trésoriers des associations", at=5700,
         activity_id=jam["id"], step_id="broker",
         meta={"who": "GREEN", "when": "30/06/2024", "status": "doing"})
    post("anon", "action", "Afficher les comptes au marché", anonymous=True, at=5710,
         activity_id=jam["id"], step_id="broker", meta={"who": "CDL", "when": "15/06/2024", "status": "todo"})
    post("Aminatou Bello", "action", "Écrire un guide des tontines", at=5720,
         activity_id=jam["id"], step_id="broker", meta={"who": "", "when": "", "status": "todo"})
    slots = acts.slots(jam)
    acts.start(eid, jam["id"], T0 + 7200, index=len(slots) - 1)
    acts.control(eid, "next", T0 + 7300)          # past the last slot: finished

    acts.start(eid, dots["id"], T0 + 9000)
    options = [post(who, "idea", text, anonymous=who == SECRET_NAME, at=9010 + i,
                    activity_id=dots["id"], step_id="propose", audience="all")
               for i, (who, text) in enumerate([("Aminatou Bello", "Un fonds commun des associations"),
                                                 ("Grace Nfor", "Une radio de quartier"),
                                                 (SECRET_NAME, "Une formation à la comptabilité")])]
    for who, item, value in [("Aminatou Bello", 0, 2), ("Samuel Ngando", 0, 1), ("Grace Nfor", 1, 3),
                             ("Jean-Paul Ekwalla", 0, 2), ("Jean-Paul Ekwalla", 2, 1)]:
        store.set_vote(dots["id"], "vote", people[who][0]["id"], options[item]["id"], value, T0 + 9100)
    Votes(store, acts).reveal(eid, dots["id"], "vote", T0 + 9200)
    acts.close(eid, T0 + 9300)

    acts.start(eid, evaluation["id"], T0 + 10800)
    for i, (who, a) in enumerate([("Aminatou Bello", {"useful": "5", "organisation": "4", "apply": "La tontine affichée"}),
                                  ("Grace Nfor", {"useful": "4", "organisation": "3"}),
                                  ("anon", {"useful": "5", "improve": "Plus de temps en groupes"})]):
        store.save_answers(evaluation["id"], answers_key(people[who][1], evaluation["id"]), a, T0 + 10900 + i)
    acts.close(eid, T0 + 11400)

    store.set_synthesis(eid, "Trois idées fortes : la transparence, la formation, la tontine.\n\n"
                        "La salle a demandé un suivi en juin.", T0 + 12000)
    return store.event_by_id(eid)


def secrets(store, event: dict) -> list[str]:
    """What no export may contain: the anonymous poster's name, every owner key, token hash."""
    out = [SECRET_NAME]
    with store.read() as conn:
        for row in conn.execute("SELECT owner_key FROM contributions WHERE event_id = ? AND"
                                " owner_key IS NOT NULL", (event["id"],)):
            out.append(row[0])
        for row in conn.execute("SELECT token_hash FROM participants WHERE event_id = ?",
                                (event["id"],)):
            out.append(row[0])
    assert len(out) > 3
    return out


__all__ = ["build_event", "secrets", "owner_key", "token_hash", "T0", "SECRET_NAME",
           "HIDDEN_TEXT", "TZ", "formats"]
