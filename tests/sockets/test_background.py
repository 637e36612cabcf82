"""Background activities: a question box open all day beside the current activity
(docs/background.md): the switch, its refusals, and posts that land in the box while the room is
in another activity."""
from room_client import ask, post, updates


def add(staff, format_id, **extra):
    ack = ask(staff, "agenda:add", {"format_id": format_id, **extra})
    assert ack["ok"], ack
    return ack["agenda"]["activities"][-1]


def test_a_post_to_the_all_day_box_lands_there_while_the_talks_run(room):
    staff, awa, ben = room.facilitator(), room.phone("Awa"), room.phone("Ben", "CDL", lang="en")
    box = add(staff, "qna", title="Questions ouvertes toute la journée")
    talks = add(staff, "experience-talks", topics=["Tontine solidaire"])
    on = ask(staff, "agenda:background", {"activity_id": box["id"], "on": True})
    assert on["ok"], on
    assert [a["id"] for a in on["background"]["activities"]] == [box["id"]]
    assert ask(staff, "agenda:start", {"activity_id": talks["id"]})["ok"]
    ask(ben, "sync", {"since": 0})  # a screen hears the room's updates once it has synced
    updates(ben)  # what came before

    sent = post(awa, "Comment éviter la dépendance au projet ?", kind="question",
                anonymous=True, activity_id=box["id"])
    assert sent["ok"], sent
    stored = room.store.contribution(room.event["id"], sent["contribution"]["id"])
    assert (stored["activity_id"], stored["step_id"], stored["anonymous"]) == (box["id"], "questions", 1)
    # The room is still in the talks; their own posts still go to the talks.
    state = ask(staff, "sync", {"since": 0})["snapshot"]["state"]
    assert state["activity"]["id"] == talks["id"]
    in_talk = post(awa, "Quel montant par mois ?", kind="question")
    assert room.store.contribution(room.event["id"], in_talk["contribution"]["id"])["activity_id"] == talks["id"]
    # The box is shared: the other phones get the question as it comes, with no author.
    created = [u["data"] for u in updates(ben, "contribution.created")]
    assert any(c["activity_id"] == box["id"] and c["author"] is None for c in created)
    # A phone that (re)connects finds the box and its items in the snapshot.
    snap = ask(ben, "sync", {"since": 0})["snapshot"]
    assert snap["background"]["activities"][0]["prompt"]["en"].startswith("Ask your questions")
    assert snap["background"]["activities"][0]["kinds"] == ["question"]
    assert [c["id"] for c in snap["background"]["items"]] == [stored["id"]]


def test_the_switch_is_the_facilitators_and_refuses_a_format_that_may_not(room):
    staff, awa = room.facilitator(), room.phone("Awa")
    box, talks = add(staff, "qna"), add(staff, "experience-talks")
    refused = ask(staff, "agenda:background", {"activity_id": talks["id"], "on": True})
    assert refused["error"]["code"] == "background_not_allowed"
    assert "une seule étape" in refused["error"]["message"]
    assert ask(awa, "agenda:background", {"activity_id": box["id"], "on": True})["error"]["code"] == "forbidden"
    bad = ask(staff, "agenda:background", {"activity_id": box["id"], "on": "yes"})
    assert bad["error"] == {"code": "bad_field", "field": "on",
                            "message": "Valeur invalide pour le champ on."}
    assert ask(staff, "agenda:background", {"activity_id": 999, "on": True})["error"]["code"] == "not_found"
    # Nothing was turned on: a phone's snapshot has no background part, so it loads no script.
    assert "background" not in ask(awa, "sync", {"since": 0})["snapshot"]


def test_a_post_naming_an_activity_not_in_the_background_is_refused_by_its_field(room):
    staff, awa, ben = room.facilitator(), room.phone("Awa"), room.phone("Ben", lang="en")
    box = add(staff, "qna")
    for activity_id in (box["id"], 999, "x"):
        refused = post(awa, "Une question", kind="question", activity_id=activity_id)
        assert refused["error"]["code"] == "not_background", activity_id
        assert refused["error"]["field"] == "activity_id"
    assert post(ben, "A question", kind="question", activity_id=box["id"])["error"]["message"] == \
        "The field activity_id names no activity running all day."
    assert ask(staff, "agenda:background", {"activity_id": box["id"], "on": True})["ok"]
    # The box's own rules hold: a question box takes questions, not ideas.
    wrong = post(awa, "Une idée", kind="idea", activity_id=box["id"])
    assert wrong["error"]["code"] == "kind_not_allowed"
    assert ask(staff, "agenda:background", {"activity_id": box["id"], "on": False})["ok"]
    assert post(awa, "Encore une", kind="question", activity_id=box["id"])["error"]["code"] == "not_background"
    assert room.store.count_contributions(room.event["id"]) == 0


def test_every_screen_is_told_and_the_projector_shows_the_box_when_put_up(room):
    staff, awa, projector = room.facilitator(), room.phone("Awa"), room.projector()
    ask(awa, "sync", {"since": 0})
    ask(projector, "sync", {"since": 0})
    box = add(staff, "brainstorm", title="Boîte à idées")
    assert ask(staff, "agenda:background", {"activity_id": box["id"], "on": True})["ok"]
    told = updates(awa, "agenda.background")
    assert told and told[-1]["data"]["activities"][0]["title"] == "Boîte à idées"
    assert told[-1]["data"]["projected"] is None
    idea = post(awa, "Un tableau des dépenses au marché", activity_id=box["id"])["contribution"]
    up = ask(staff, "agenda:background_project", {"activity_id": box["id"]})
    assert up["ok"] and up["background"]["projected"] == box["id"]
    assert updates(projector, "agenda.background")[-1]["data"]["projected"] == box["id"]
    # The ideas box does not share between phones, but the projector has its items to show.
    assert [c["id"] for c in ask(projector, "sync", {"since": 0})["snapshot"]["background"]["items"]] == [idea["id"]]
    dashboard = ask(staff, "sync", {"since": 0})["snapshot"]["background"]
    assert "items" not in dashboard and dashboard["formats"] == ["brainstorm", "qna"]
    assert ask(awa, "sync", {"since": 0})["snapshot"]["background"]["items"] == []
    down = ask(staff, "agenda:background_project", {"activity_id": None})
    assert down["ok"] and down["background"]["projected"] is None
    assert ask(staff, "agenda:background_project", {})["error"]["field"] == "activity_id"


def test_a_removed_activity_leaves_the_background(room):
    staff = room.facilitator()
    box = add(staff, "qna")
    assert ask(staff, "agenda:background", {"activity_id": box["id"], "on": True})["ok"]
    assert ask(staff, "agenda:remove", {"activity_id": box["id"]})["ok"]
    again = add(staff, "qna")  # SQLite may give the id back: it must not come back in the background
    snap = ask(staff, "sync", {"since": 0})["snapshot"]
    assert snap["background"]["activities"] == [], (again, snap["background"])


def test_the_restitution_keeps_the_boxs_items_in_its_activity(room):
    from test_restitution_handlers import signed_in
    staff, awa = room.facilitator(), room.phone("Awa")
    box = add(staff, "qna", title="Questions ouvertes toute la journée")
    talks = add(staff, "experience-talks", title="Exposés d'expériences", topics=["Tontine"])
    assert ask(staff, "agenda:background", {"activity_id": box["id"], "on": True})["ok"]
    assert ask(staff, "agenda:start", {"activity_id": talks["id"]})["ok"]
    question = post(awa, "Qui paie l'entretien des bornes ?", kind="question",
                    activity_id=box["id"])["contribution"]
    http = signed_in(room)
    url = f"/facilitator/events/{room.code}/restitution"
    data = http.get(f"{url}.json").get_json()
    item = next(c for c in data["contributions"] if c["id"] == question["id"])
    assert item["activity_id"] == box["id"]
    md = http.get(f"{url}.md").get_data(as_text=True).replace("\xa0", " ")
    row = next(line for line in md.splitlines() if "Qui paie l'entretien" in line)
    assert "Questions ouvertes toute la journée" in row and "Exposés" not in row
    assert "Qui paie" in http.get(f"{url}.md?activity={box['id']}").get_data(as_text=True)
    assert "Qui paie" not in http.get(f"{url}.md?activity={talks['id']}").get_data(as_text=True)
