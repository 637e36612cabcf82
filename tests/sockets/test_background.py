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


# --- upvotes in the box, whatever the room is doing ----------------------------------------------

def box_and_talks(room, staff):
    box = add(staff, "qna", title="Questions ouvertes toute la journée")
    talks = add(staff, "experience-talks", topics=["Tontine solidaire"])
    assert ask(staff, "agenda:background", {"activity_id": box["id"], "on": True})["ok"]
    assert ask(staff, "agenda:start", {"activity_id": talks["id"]})["ok"]
    return box, talks


def test_an_upvote_in_the_all_day_box_counts_while_the_talks_run(room):
    staff, awa, ben = room.facilitator(), room.phone("Awa"), room.phone("Ben", "CDL", lang="en")
    projector = room.projector()
    box, talks = box_and_talks(room, staff)
    for screen in (ben, projector, staff):
        ask(screen, "sync", {"since": 0})
        updates(screen)
    question = post(awa, "Qui paie l'entretien des bornes ?", kind="question",
                    activity_id=box["id"])["contribution"]

    cast = ask(ben, "vote:cast", {"activity_id": box["id"], "item_id": question["id"], "value": 1})
    assert cast["ok"], cast
    key = str(question["id"])
    assert cast["tally"]["activity_id"] == box["id"] and cast["tally"]["step_id"] == "questions"
    assert cast["tally"]["counts"] == {key: 1} and cast["tally"]["mine"] == {key: 1}
    # Every screen hears the count as a votes.background entry, never a votes.updated: the
    # phones' Now tab (the talks) reads those as its own.
    for screen in (ben, projector, staff):
        got = updates(screen)
        assert not [u for u in got if u["type"] == "votes.updated"]
        told = [u["data"] for u in got if u["type"] == "votes.background"]
        assert [(t["activity_id"], t["counts"], t["mine"]) for t in told] == [(box["id"], {key: 1}, {})]
    # The room is still in the talks, whose own tally did not move.
    state = ask(staff, "sync", {"since": 0})["snapshot"]
    assert state["state"]["activity"]["id"] == talks["id"]
    assert state["tally"]["activity_id"] == talks["id"] and state["tally"]["counts"] == {}

    # A resend of the same state changes nothing; the toggle is the phone sending the opposite.
    again = ask(ben, "vote:cast", {"activity_id": box["id"], "item_id": question["id"], "value": 1})
    assert again["tally"]["counts"] == {key: 1}
    # A phone that (re)connects gets the counts back, with its own upvote pressed.
    snap = ask(ben, "sync", {"since": 0})["snapshot"]["background"]
    assert [(t["activity_id"], t["counts"], t["mine"]) for t in snap["tallies"]] == \
        [(box["id"], {key: 1}, {key: 1})]
    other = ask(room.phone("Chloé"), "sync", {"since": 0})["snapshot"]["background"]["tallies"]
    assert other[0]["counts"] == {key: 1} and other[0]["mine"] == {}
    assert ask(projector, "sync", {"since": 0})["snapshot"]["background"]["tallies"][0]["counts"] == {key: 1}
    assert ask(staff, "sync", {"since": 0})["snapshot"]["background"]["tallies"][0]["voters"] == 1
    # A reconnecting phone that replays gets the entry it missed.
    seq = ask(awa, "sync", {"since": 0})["seq"]
    off = ask(ben, "vote:cast", {"activity_id": box["id"], "item_id": question["id"], "value": 0})
    assert off["ok"] and off["tally"]["counts"] == {} and off["tally"]["mine"] == {}
    replayed = ask(awa, "sync", {"since": seq})["entries"]
    assert [u["data"]["counts"] for u in replayed if u["type"] == "votes.background"] == [{}]


def test_the_box_started_later_has_the_same_upvotes_nothing_lost_nor_doubled(room):
    staff, awa, ben = room.facilitator(), room.phone("Awa"), room.phone("Ben", "CDL")
    box, _talks = box_and_talks(room, staff)
    question = post(awa, "Comment garder les bénévoles ?", kind="question",
                    activity_id=box["id"])["contribution"]
    assert ask(ben, "vote:cast", {"activity_id": box["id"], "item_id": question["id"], "value": 1})["ok"]
    assert ask(staff, "agenda:start", {"activity_id": box["id"]})["ok"]
    key = str(question["id"])
    snap = ask(ben, "sync", {"since": 0})["snapshot"]
    assert snap["tally"]["activity_id"] == box["id"] and snap["tally"]["mine"] == {key: 1}
    # Upvoting it again as the current step is the same vote: still one.
    now = ask(ben, "vote:cast", {"item_id": question["id"], "value": 1})
    assert now["tally"]["counts"] == {key: 1}
    # Named by its id while it is current, the box's vote is the Now tab's votes.updated.
    updates(awa)
    ask(awa, "sync", {"since": 0})
    carl = room.phone("Carl", "GIC")
    named = ask(carl, "vote:cast", {"activity_id": box["id"], "item_id": question["id"], "value": 1})
    assert named["tally"]["counts"] == {key: 2}
    got = updates(awa)
    assert [u["data"]["counts"] for u in got if u["type"] == "votes.updated"] == [{key: 2}]
    assert not [u for u in got if u["type"] == "votes.background"]
    assert room.store.votes(box["id"], "upvotes") and len(room.store.votes(box["id"], "upvotes")) == 2


def test_a_vote_in_a_box_is_refused_with_its_field(room):
    staff, awa, ben = room.facilitator(), room.phone("Awa"), room.phone("Ben", "CDL", lang="en")
    box = add(staff, "qna")
    ideas = add(staff, "brainstorm", title="Boîte à idées")
    talks = add(staff, "experience-talks", topics=["Tontine"])
    assert ask(staff, "agenda:start", {"activity_id": talks["id"]})["ok"]
    in_talks = post(awa, "Quel montant par mois ?", kind="question")["contribution"]

    def refused(phone, payload):
        ack = ask(phone, "vote:cast", {"value": 1, **payload})
        assert ack["ok"] is False, ack
        return ack["error"]

    # Not running in the background (yet), unknown, or not an id.
    for activity_id in (box["id"], 999, "x", True):
        error = refused(ben, {"activity_id": activity_id, "item_id": in_talks["id"]})
        assert (error["code"], error["field"]) == ("not_background", "activity_id"), activity_id
    # The talks are the current activity, not a background one: named by id, refused too.
    assert refused(ben, {"activity_id": talks["id"], "item_id": in_talks["id"]})["code"] == "not_background"
    for activity in (box, ideas):
        assert ask(staff, "agenda:background", {"activity_id": activity["id"], "on": True})["ok"]
    idea = post(awa, "Un tableau des dépenses", activity_id=ideas["id"])["contribution"]
    # The idea box takes no votes.
    error = refused(ben, {"activity_id": ideas["id"], "item_id": idea["id"]})
    assert error == {"code": "background_no_votes", "field": "activity_id",
                     "message": "The activity in the field activity_id takes no votes all day: "
                                "only a question box's ▲ upvotes do."}
    assert ask(ben, "sync", {"since": 0})["snapshot"]["background"]["activities"][1]["voting"] == "none"
    # An item of another activity (the talks', the idea box's), unknown, not an id.
    error = refused(ben, {"activity_id": box["id"], "item_id": in_talks["id"]})
    assert error == {"code": "not_in_activity", "field": "item_id",
                     "message": "The field item_id names an item of another activity."}
    assert refused(ben, {"activity_id": box["id"], "item_id": idea["id"]})["code"] == "not_in_activity"
    for item_id in (99999, "1", None, True):
        error = refused(ben, {"activity_id": box["id"], "item_id": item_id})
        assert (error["code"], error["field"]) == ("not_found", "item_id"), item_id
    mine = post(awa, "Qui paie ?", kind="question", anonymous=True, activity_id=box["id"])["contribution"]
    # A hidden question is no longer voted on; nobody upvotes their own; a value is 1/0/true/false/null.
    assert refused(awa, {"activity_id": box["id"], "item_id": mine["id"]})["code"] == "own_item"
    assert refused(ben, {"activity_id": box["id"], "item_id": mine["id"], "value": 2})["code"] == "bad_value"
    assert ask(staff, "contribution:moderate", {"id": mine["id"], "hidden": True})["ok"]
    error = refused(ben, {"activity_id": box["id"], "item_id": mine["id"]})
    assert (error["code"], error["field"], error["message"]) == ("not_found", "item_id", "Item not found.")
    # Nothing was stored by any refusal; without activity_id the current step's rules hold.
    assert room.store.votes(box["id"], "upvotes") == []
    assert refused(ben, {"item_id": mine["id"]}) == {"code": "not_found", "message": "Item not found."}
    # Once the facilitator reveals the box's results, its ballot is closed, as a current step's.
    other = post(awa, "Et après le projet ?", kind="question", activity_id=box["id"])["contribution"]
    assert ask(ben, "vote:cast", {"activity_id": box["id"], "item_id": other["id"], "value": 1})["ok"]
    assert ask(staff, "votes:reveal", {"activity_id": box["id"], "step_id": "questions"})["ok"]
    assert refused(ben, {"activity_id": box["id"], "item_id": other["id"], "value": 0})["code"] == "votes_closed"
    assert len(room.store.votes(box["id"], "upvotes")) == 1
    assert ask(staff, "agenda:background", {"activity_id": box["id"], "on": False})["ok"]
    assert refused(ben, {"activity_id": box["id"], "item_id": mine["id"]})["code"] == "not_background"


def test_a_box_nobody_upvoted_yet_adds_no_tally_to_the_snapshots(room):
    staff, awa = room.facilitator(), room.phone("Awa")
    box, _talks = box_and_talks(room, staff)
    for screen in (awa, room.projector(), staff):
        snap = ask(screen, "sync", {"since": 0})["snapshot"]["background"]
        assert snap["activities"][0]["voting"] == "upvote" and "tallies" not in snap
