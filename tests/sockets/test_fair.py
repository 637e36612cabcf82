"""The idea fair's handlers: acks and refusals in-process (docs/protocol.md §11)."""
import uuid

import pytest

from room_client import ask, updates


def fair_activity(room, staff):
    ask(staff, "sync", {"since": 0})
    ack = ask(staff, "agenda:add", {"format_id": "idea-fair", "title": "Foire"})
    assert ack["ok"], ack
    return ack["agenda"]["activities"][-1]["id"]


def kiosk(staff, activity_id, title, organisation="", **extra):
    ack = ask(staff, "fair:kiosk_save", {"activity_id": activity_id, "title": title,
                                         "organisation": organisation, **extra})
    assert ack["ok"], ack
    return ack


def presenter_socket(room, url):
    token = url.rsplit("/", 1)[1]
    client = room._client({"role": "kiosk", "event": room.code, "token": token})
    assert client.is_connected()
    return client


def feedback(phone, kiosk_id, kind, client_id=None, **fields):
    return ask(phone, "fair:feedback", {"kiosk_id": kiosk_id, "kind": kind,
                                        "client_id": client_id or str(uuid.uuid4()), **fields})


@pytest.fixture
def fair(room):
    staff = room.facilitator()
    activity = fair_activity(room, staff)
    return room, staff, activity


def test_kiosk_crud_and_refusals(fair):
    room, staff, activity = fair
    awa = room.phone("Awa", "ASV")
    first = kiosk(staff, activity, "Bornes-fontaines", "ASV", presenters=[awa.participant["id"]],
                  description="Gérées par des femmes")
    k = first["kiosk"]
    assert len(k["code"]) == 4 and k["presenters"][0]["name"] == "Awa"
    assert k["visit_url"].endswith(f"/k/{room.code}/{k['code']}")
    assert first["presenter_url"].rsplit("/", 2)[1] == "kiosk"
    kiosks = updates(staff, "fair.kiosks")
    assert [x["title"] for x in kiosks[-1]["data"]["kiosks"]] == ["Bornes-fontaines"]
    assert "token" not in str(kiosks[-1]["data"]) and first["presenter_url"].rsplit("/", 1)[1] not in str(kiosks)

    edited = ask(staff, "fair:kiosk_save", {"kiosk_id": k["id"], "title": "Bornes"})
    assert edited["ok"] and edited["kiosk"]["title"] == "Bornes" and "presenter_url" not in edited
    assert edited["kiosk"]["description"] == "Gérées par des femmes"  # absent fields unchanged
    codes = [ask(staff, "fair:kiosk_save", payload)["error"]["code"] for payload in (
        {"activity_id": activity, "title": ""},
        {"activity_id": activity, "title": "X", "colour": "red"},
        {"activity_id": activity, "title": "X", "presenters": [9999]},
        {"activity_id": activity, "title": "X", "presenters": "Awa"},
        {"activity_id": activity, "title": "X", "description": "x" * 501},
        {"kiosk_id": 9999, "title": "X"},
    )]
    assert codes == ["bad_title", "unknown_field", "not_found", "bad_field", "bad_field", "unknown_kiosk"]
    unknown = ask(staff, "fair:kiosk_save", {"activity_id": activity, "title": "X", "colour": "red"})
    assert unknown["error"]["field"] == "colour"
    other = ask(staff, "agenda:add", {"format_id": "qna"})["agenda"]["activities"][-1]["id"]
    assert ask(staff, "fair:kiosk_save", {"activity_id": other, "title": "X"})["error"]["code"] == "not_a_fair"
    assert ask(awa, "fair:kiosk_save", {"activity_id": activity, "title": "X"})["error"]["code"] == "forbidden"

    assert ask(staff, "fair:kiosk_remove", {"kiosk_id": k["id"]})["ok"]
    assert updates(staff, "fair.kiosks")[-1]["data"]["kiosks"] == []
    assert ask(staff, "fair:kiosk_remove", {"kiosk_id": k["id"]})["error"]["code"] == "unknown_kiosk"


def test_the_staff_link_opens_a_presenter_socket_and_a_new_link_replaces_it(fair):
    room, staff, activity = fair
    first = kiosk(staff, activity, "Compost")
    presenter = presenter_socket(room, first["presenter_url"])
    answer = ask(presenter, "sync", {"since": 0})
    assert answer["ok"] and answer["snapshot"]["fair"]["kiosk_id"] == first["kiosk"]["id"]
    assert "contributions" not in answer["snapshot"]  # a presenter view gets no wall
    assert ask(presenter, "fair:kiosk_save", {"activity_id": activity, "title": "X"})["error"]["code"] == "forbidden"
    fresh = ask(staff, "fair:kiosk_link", {"kiosk_id": first["kiosk"]["id"]})["presenter_url"]
    assert fresh != first["presenter_url"]
    old = room._client({"role": "kiosk", "event": room.code, "token": first["presenter_url"].rsplit("/", 1)[1]})
    assert not old.is_connected()
    assert presenter_socket(room, fresh).is_connected()


def test_feedback_is_idempotent_and_reaches_only_its_kiosk(fair):
    room, staff, activity = fair
    awa, ben, chloe = room.phone("Awa", "ASV"), room.phone("Ben", "Mairie"), room.phone("Chloé", "ONG")
    k1 = kiosk(staff, activity, "Eau", "ASV", presenters=[awa.participant["id"]])
    k2 = kiosk(staff, activity, "Déchets", "Mairie")
    p1, p2 = presenter_socket(room, k1["presenter_url"]), presenter_socket(room, k2["presenter_url"])
    for client in (awa, ben, chloe, p1, p2):
        ask(client, "sync", {"since": 0})
    client_id = str(uuid.uuid4())
    first = feedback(chloe, k1["kiosk"]["id"], "adopt", client_id, text="Pour notre quartier",
                     contact="chloe@ong.cm")
    again = feedback(chloe, k1["kiosk"]["id"], "adopt", client_id, text="Pour notre quartier",
                     contact="chloe@ong.cm")
    assert first["ok"] and not first["duplicate"] and again["duplicate"]
    assert again["feedback"]["id"] == first["feedback"]["id"] and again["feedback"]["client_id"] == client_id
    assert feedback(ben, k1["kiosk"]["id"], "adopt", client_id, contact="x")["error"]["code"] == "duplicate_id"

    seen = {name: [u for u in updates(c, "fair.feedback")] for name, c in
            (("awa", awa), ("ben", ben), ("p1", p1), ("p2", p2), ("staff", staff))}
    assert [u["data"]["feedback"]["contact"] for u in seen["p1"]] == ["chloe@ong.cm"]
    assert [u["data"]["feedback"]["contact"] for u in seen["awa"]] == ["chloe@ong.cm"]  # a presenter
    assert [u["data"]["feedback"]["contact"] for u in seen["staff"]] == ["chloe@ong.cm"]
    assert seen["ben"] == [] and seen["p2"] == []
    # and no snapshot of another visitor or the projector carries it
    projector = room.projector()
    for client in (ben, projector, p2):
        assert "chloe@ong.cm" not in str(ask(client, "sync", {"since": 0}))
    assert "chloe@ong.cm" in str(ask(awa, "sync", {"since": 0})["snapshot"]["fair"]["kiosk_feedback"])

    refusals = [feedback(ben, k1["kiosk"]["id"], **f)["error"]["code"] for f in (
        {"kind": "gossip"}, {"kind": "question", "text": "  "}, {"kind": "rating", "value": 6},
        {"kind": "rating", "value": True}, {"kind": "adopt", "contact": ""},
        {"kind": "question", "text": "Pourquoi ?", "contact": "x"},
        {"kind": "comment", "text": "x" * 501})]
    assert refusals == ["bad_kind", "text_empty", "bad_rating", "bad_rating", "bad_contact",
                        "bad_field", "text_too_long"]
    assert feedback(ben, 9999, "comment", text="Bien")["error"]["code"] == "unknown_kiosk"
    assert ask(ben, "fair:feedback", {"kiosk_id": k1["kiosk"]["id"], "kind": "comment",
                                      "text": "x", "client_id": "nope"})["error"]["code"] == "bad_client_id"
    by_code = ask(ben, "fair:feedback", {"code": k2["kiosk"]["code"].lower(), "kind": "rating",
                                         "value": 4, "client_id": str(uuid.uuid4())})
    assert by_code["ok"] and by_code["feedback"]["kiosk_id"] == k2["kiosk"]["id"]


def test_a_presenter_marks_a_question_answered_others_cannot(fair):
    room, staff, activity = fair
    awa, ben = room.phone("Awa", "ASV"), room.phone("Ben", "Mairie")
    k1 = kiosk(staff, activity, "Eau", "ASV", presenters=[awa.participant["id"]])
    k2 = kiosk(staff, activity, "Déchets")
    p2 = presenter_socket(room, k2["presenter_url"])
    ask(awa, "sync", {"since": 0})
    q = feedback(ben, k1["kiosk"]["id"], "question", text="Combien ça coûte ?")["feedback"]
    c = feedback(ben, k1["kiosk"]["id"], "comment", text="Bravo")["feedback"]
    assert ask(ben, "fair:answered", {"feedback_id": q["id"], "answered": True})["error"]["code"] == "not_presenter"
    assert ask(p2, "fair:answered", {"feedback_id": q["id"], "answered": True})["error"]["code"] == "not_presenter"
    assert ask(awa, "fair:answered", {"feedback_id": c["id"], "answered": True})["error"]["code"] == "not_found"
    done = ask(awa, "fair:answered", {"feedback_id": q["id"], "answered": True})
    assert done["ok"] and done["feedback"]["answered"] is True
    assert updates(awa, "fair.feedback")[-1]["data"]["feedback"]["answered"] is True
    assert ask(staff, "fair:answered", {"feedback_id": q["id"], "answered": False})["feedback"]["answered"] is False


def test_becoming_a_presenter_joins_the_kiosk_room_at_once(fair):
    room, staff, activity = fair
    awa, ben = room.phone("Awa", "ASV"), room.phone("Ben", "Mairie")
    k1 = kiosk(staff, activity, "Eau", "ASV")
    ask(awa, "sync", {"since": 0})
    feedback(ben, k1["kiosk"]["id"], "comment", text="Avant")
    assert updates(awa, "fair.feedback") == []
    ask(staff, "fair:kiosk_save", {"kiosk_id": k1["kiosk"]["id"], "presenters": [awa.participant["id"]]})
    feedback(ben, k1["kiosk"]["id"], "comment", text="Après")
    assert [u["data"]["feedback"]["text"] for u in updates(awa, "fair.feedback")] == ["Après"]
    ask(staff, "fair:kiosk_save", {"kiosk_id": k1["kiosk"]["id"], "presenters": []})
    feedback(ben, k1["kiosk"]["id"], "comment", text="Plus tard")
    assert updates(awa, "fair.feedback") == []


def test_dots_have_a_budget_and_stay_silent_until_revealed(fair):
    room, staff, activity = fair
    awa, ben = room.phone("Awa", "ASV"), room.phone("Ben", "Mairie")
    k1 = kiosk(staff, activity, "Eau")["kiosk"]["id"]
    k2 = kiosk(staff, activity, "Déchets")["kiosk"]["id"]
    projector = room.projector()
    for client in (awa, ben, projector):
        ask(client, "sync", {"since": 0})
    updates(staff)
    mine = ask(awa, "fair:dot", {"activity_id": activity, "kiosk_id": k1, "value": 2})
    assert mine["ok"] and mine["dots"]["dots_left"] == 1 and mine["dots"]["counts"] is None
    assert mine["dots"]["budget"] == 3  # the format's default
    assert ask(awa, "fair:dot", {"activity_id": activity, "kiosk_id": k2, "value": 2})["error"]["code"] == "budget_spent"
    assert ask(awa, "fair:dot", {"activity_id": activity, "kiosk_id": k2, "value": 1})["dots"]["dots_left"] == 0
    assert ask(awa, "fair:dot", {"activity_id": activity, "kiosk_id": 9999, "value": 1})["error"]["code"] == "unknown_kiosk"
    assert ask(ben, "fair:dot", {"activity_id": activity, "kiosk_id": k1, "value": -1})["error"]["code"] == "bad_value"
    ask(ben, "fair:dot", {"activity_id": activity, "kiosk_id": k1, "value": 1})
    assert updates(ben, "fair.dots") == [] and updates(projector, "fair.dots") == []
    assert updates(staff, "fair.dots")[-1]["data"]["counts"] == {str(k1): 3, str(k2): 1}
    assert ask(ben, "sync", {"since": 0})["snapshot"]["fair"] is None  # the fair is not current
    ask(staff, "agenda:start", {"activity_id": activity})
    snap = ask(ben, "sync", {"since": 0})["snapshot"]["fair"]
    assert snap["dots"]["counts"] is None and snap["dots"]["mine"] == {str(k1): 1}
    assert ask(staff, "fair:dots_budget", {"activity_id": activity, "budget": 0})["error"]["field"] == "budget"
    revealed = ask(staff, "fair:reveal_dots", {"activity_id": activity})
    assert revealed["dots"]["revealed"] is True
    assert updates(projector, "fair.dots")[-1]["data"]["counts"] == {str(k1): 3, str(k2): 1}


def test_jury_recusal_results_with_ties_and_reveal(fair):
    room, staff, activity = fair
    asv, mairie = room.phone("Awa", "ASV"), room.phone("Ben", "Mairie")
    visitor = room.phone("Chloé", "ONG")
    k1 = kiosk(staff, activity, "Eau", "ASV")["kiosk"]["id"]
    k2 = kiosk(staff, activity, "Déchets", "Mairie")["kiosk"]["id"]
    k3 = kiosk(staff, activity, "Compost", "ONG")["kiosk"]["id"]
    for client in (asv, mairie, visitor):
        ask(client, "sync", {"since": 0})
    score = {"activity_id": activity, "kiosk_id": k2, "criterion": "impact", "value": 8}
    assert ask(asv, "fair:score", score)["error"]["code"] == "no_criteria"
    bad = ask(staff, "fair:criteria", {"activity_id": activity, "criteria": [
        {"id": "impact", "label": "Impact", "weight": 0}]})
    assert bad["error"]["code"] == "bad_weight"
    rules = ask(staff, "fair:criteria", {"activity_id": activity, "criteria": [
        {"id": "impact", "label": "Impact", "weight": 2}, {"id": "reuse", "label": "Reproductible", "weight": 1}]})
    assert rules["ok"] and rules["rules"]["low"] == 0 and rules["rules"]["high"] == 10
    jurors = ask(staff, "fair:jurors", {"activity_id": activity,
                                        "participant_ids": [asv.participant["id"], mairie.participant["id"]]})
    assert [asv.participant["id"], k1] in jurors["rules"]["recusals"]
    assert [mairie.participant["id"], k2] in jurors["rules"]["recusals"]
    assert ask(asv, "fair:score", {**score, "kiosk_id": k1})["error"]["code"] == "recused"
    assert ask(visitor, "fair:score", score)["error"]["code"] == "not_a_juror"
    assert ask(asv, "fair:score", {**score, "criterion": "beauty"})["error"]["code"] == "unknown_criterion"
    assert ask(asv, "fair:score", {**score, "value": 11})["error"]["code"] == "bad_score"
    # Both jurors score k3 alike and their other kiosk alike: a tie between k2 and k1.
    for juror, other in ((asv, k2), (mairie, k1)):
        for kiosk_id, value in ((other, 8), (k3, 4)):
            for criterion in ("impact", "reuse"):
                ack = ask(juror, "fair:score", {"activity_id": activity, "kiosk_id": kiosk_id,
                                                "criterion": criterion, "value": value})
                assert ack["ok"], ack
    assert ack["scores"] == {str(k1): {"impact": 8, "reuse": 8}, str(k3): {"impact": 4, "reuse": 4}}
    staff_jury = updates(staff, "fair.jury")[-1]["data"]
    assert staff_jury["progress"][str(asv.participant["id"])] == {"done": 2, "total": 2, "started": 0}
    ranks = [(r["kiosk_id"], r["rank"], r["ex_aequo"]) for r in staff_jury["results"]]
    assert ranks == [(k1, 1, True), (k2, 1, True), (k3, 3, False)]
    assert updates(visitor, "fair.jury") == []
    assert ask(staff, "fair:project", {"activity_id": activity, "view": "award"})["error"]["code"] == "not_revealed"
    shown = ask(staff, "fair:reveal_jury", {"activity_id": activity})
    assert shown["ok"] and "progress" not in shown["jury"]
    public = updates(visitor, "fair.jury")[-1]["data"]
    assert public["revealed"] and [r["rank"] for r in public["results"]] == [1, 1, 3]
    assert "progress" not in public  # juror ids stay on the dashboard
    assert all(set(r) == {"kiosk_id", "rank", "ex_aequo", "score", "raw", "z", "jurors"}
               for r in public["results"])
    assert ask(staff, "fair:project", {"activity_id": activity, "view": "award"})["view"] == "award"


def test_groups_are_balanced_a_late_arrival_joins_one_and_start_plans_the_rotation(fair):
    room, staff, activity = fair
    presenters = [room.phone(f"P{i}", org) for i, org in enumerate(("ASV", "Mairie", "ONG"))]
    for i, (p, org) in enumerate(zip(presenters, ("ASV", "Mairie", "ONG"))):
        kiosk(staff, activity, f"Stand {i}", org, presenters=[p.participant["id"]])
    visitors = [room.phone(f"V{i}", ("ASV", "Mairie", "ONG")[i % 3]) for i in range(6)]
    assert ask(staff, "fair:start", {"activity_id": activity, "mode": "rotation"})["error"]["code"] == "no_visiting_groups"
    assert ask(staff, "fair:groups", {"activity_id": activity, "count": 7})["error"]["code"] == "bad_groups"
    formed = ask(staff, "fair:groups", {"activity_id": activity})
    assert formed["ok"] and [g["size"] for g in formed["groups"]] == [2, 2, 2]
    members = {pid for g in formed["groups"] for pid in g["members"]}
    assert members == {v.participant["id"] for v in visitors}  # presenters stay at their stands
    late = room.phone("Late", "ASV")
    placed = updates(staff, "fair.groups")[-1]["data"]["groups"]
    assert sum(late.participant["id"] in g["members"] for g in placed) == 1
    assert ask(staff, "fair:start", {"activity_id": activity, "mode": "rotation",
                                     "slot_minutes": 5, "warning_minutes": 5})["error"]["code"] == "bad_duration"
    started = ask(staff, "fair:start", {"activity_id": activity, "mode": "rotation"})
    assert started["ok"], started
    schedule = started["schedule"]
    assert schedule["slot_seconds"] == 420 and schedule["warning_seconds"] == 120
    for g in range(3):
        route = [row[g] for row in schedule["slots"] if row[g] is not None]
        # Balanced groups mix organisations: each sees every stand once, its members' own too.
        assert len(route) == len(set(route)) == 3
    assert started["slot"]["index"] == 0 and started["slot"]["phase"] == "visit"
    assert ask(staff, "fair:groups", {"activity_id": activity})["error"]["code"] == "fair_started"
    assert ask(staff, "fair:kiosk_save", {"activity_id": activity, "title": "Nouveau"})["error"]["code"] == "fair_started"
    assert ask(staff, "fair:control", {"activity_id": activity, "action": "jump"})["error"]["code"] == "bad_payload"
    paused = ask(staff, "fair:control", {"activity_id": activity, "action": "pause"})
    assert paused["slot"]["status"] == "paused" and paused["slot"]["ends_at"] is None
    assert ask(staff, "fair:control", {"activity_id": activity, "action": "resume"})["slot"]["status"] == "running"
    assert ask(staff, "fair:control", {"activity_id": activity, "action": "stop"})["slot"]["status"] == "finished"


def test_harvest_is_plain_data_per_kiosk(fair):
    room, staff, activity = fair
    ben = room.phone("Ben", "Mairie")
    anonymous = room.phone(anonymous=True)
    k1 = kiosk(staff, activity, "Eau", "ASV")["kiosk"]["id"]
    feedback(ben, k1, "question", text="Combien ?")
    feedback(ben, k1, "rating", value=2)
    feedback(ben, k1, "rating", value=4)  # the latest rating counts
    feedback(anonymous, k1, "rating", value=5)
    feedback(anonymous, k1, "adopt", contact="06 00 00 00")
    ask(ben, "fair:dot", {"activity_id": activity, "kiosk_id": k1, "value": 2})
    p = room.palabre
    harvest = p.fair.harvest(p.store.activity(room.event["id"], activity))
    [k] = harvest["kiosks"]
    assert k["questions"] == [{"text": "Combien ?", "answered": False, "author": "Ben (Mairie)"}]
    assert k["ratings"] == {"count": 2, "mean": 4.5, "counts": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1}}
    assert k["adoptions"] == [{"text": "", "contact": "06 00 00 00", "author": None}]
    assert k["dots"] == 2 and k["jury"] is None and harvest["dots_revealed"] is False
