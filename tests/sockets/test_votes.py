"""Votes that mean what they say: ballots close at the reveal; nobody upvotes their own question."""
from room_client import ask, post, updates


def start(room, staff, format_id, **extra):
    ack = ask(staff, "agenda:add", {"format_id": format_id, **extra})
    assert ack["ok"], ack
    activity = ack["agenda"]["activities"][-1]
    assert ask(staff, "agenda:start", {"activity_id": activity["id"]})["ok"]
    return activity


def test_a_revealed_dot_vote_takes_no_more_dots(room):
    staff, awa, ben = room.facilitator(), room.phone("Awa"), room.phone("Ben", "CDL")
    activity = start(room, staff, "dot-voting", overrides={"voting": {"vote": {"dots": 5}}})
    option = post(awa, "Un tableau des dépenses au marché")["contribution"]
    assert ask(staff, "agenda:control", {"action": "next"})["ok"]  # to the vote
    cast = ask(ben, "vote:cast", {"item_id": option["id"], "value": 4})
    assert cast["ok"] and cast["tally"]["dots_left"] == 1  # the override's five dots, not three
    assert ask(staff, "votes:reveal", {"activity_id": activity["id"], "step_id": "vote"})["ok"]
    late = ask(ben, "vote:cast", {"item_id": option["id"], "value": 5})
    assert late["error"]["code"] == "votes_closed"
    assert late["error"]["message"] == "Le vote est clos : les résultats ont été dévoilés."
    counts = ask(staff, "sync", {"since": 0})["snapshot"]["tallies"]
    vote = next(t for t in counts if t["step_id"] == "vote")
    assert vote["counts"] == {str(option["id"]): 4}


def test_nobody_upvotes_their_own_question_named_or_anonymous(room):
    staff, awa, ben = room.facilitator(), room.phone("Awa"), room.phone("Ben", "CDL", lang="en")
    start(room, staff, "qna")
    named = post(awa, "Comment garder les bénévoles ?", kind="question")["contribution"]
    hidden_author = post(ben, "How do we keep volunteers?", kind="question",
                         anonymous=True)["contribution"]
    assert ask(awa, "vote:cast", {"item_id": named["id"], "value": 1})["error"]["code"] == "own_item"
    own = ask(ben, "vote:cast", {"item_id": hidden_author["id"], "value": 1})
    assert own["error"] == {"code": "own_item", "message": "You cannot upvote your own question."}
    assert ask(ben, "vote:cast", {"item_id": named["id"], "value": 1})["ok"]
    assert ask(awa, "vote:cast", {"item_id": hidden_author["id"], "value": 1})["ok"]


def test_an_override_the_format_does_not_take_is_refused_with_its_name(room):
    staff = room.facilitator()
    refused = ask(staff, "agenda:add", {"format_id": "dot-voting", "overrides": {"dots": 5}})
    assert refused["ok"] is False
    assert refused["error"] == {"code": "unknown_field", "field": "overrides.dots",
                                "message": "Champ inconnu : overrides.dots."}


# --- options taken from the room's contributions, the "x of y" counter, the pin, J / W --------

def test_starred_or_chosen_contributions_become_a_dot_votes_options(room):
    staff, awa, ben = room.facilitator(), room.phone("Awa"), room.phone("Ben", "CDL")
    signed = post(awa, "Un tableau des dépenses au marché")["contribution"]
    secret = post(ben, "Un groupe WhatsApp par thème", anonymous=True)["contribution"]
    left_out = post(ben, "Une idée que personne n'a étoilée")["contribution"]
    for item in (signed, secret):
        assert ask(staff, "contribution:moderate", {"id": item["id"], "starred": True})["ok"]
    dots = ask(staff, "agenda:add", {"format_id": "dot-voting"})["agenda"]["activities"][-1]
    first = ask(staff, "agenda:options_from", {"activity_id": dots["id"], "starred": True})
    assert first == {"ok": True, "added": 2}
    again = ask(staff, "agenda:options_from", {"activity_id": dots["id"], "starred": True})
    assert again == {"ok": True, "added": 0}  # a retry copies nothing twice
    chosen = ask(staff, "agenda:options_from", {"activity_id": dots["id"],
                                                "contribution_ids": [left_out["id"]]})
    assert chosen == {"ok": True, "added": 1}
    options = room.store.contributions(room.event["id"], include_hidden=False,
                                       activity_id=dots["id"])
    by_text = {c["text"]: c for c in options}
    assert set(by_text) == {signed["text"], secret["text"], left_out["text"]}
    assert by_text[signed["text"]]["author_id"] == awa.participant["id"]  # still Awa's
    assert by_text[secret["text"]]["author_id"] is None  # still nobody's
    assert {c["step_id"] for c in options} == {"propose"} and {c["kind"] for c in options} == {"idea"}
    # The copies are the vote's options: a phone spends its dots on them.
    assert ask(staff, "agenda:start", {"activity_id": dots["id"]})["ok"]
    assert ask(staff, "agenda:control", {"action": "next"})["ok"]
    assert ask(awa, "vote:cast", {"item_id": by_text[secret["text"]]["id"], "value": 2})["ok"]


def test_options_from_refuses_what_it_cannot_copy(room):
    staff, awa = room.facilitator(), room.phone("Awa")
    hidden = post(awa, "Un texte masqué")["contribution"]
    assert ask(staff, "contribution:moderate", {"id": hidden["id"], "hidden": True})["ok"]
    dots = ask(staff, "agenda:add", {"format_id": "dot-voting"})["agenda"]["activities"][-1]
    talk = ask(staff, "agenda:add", {"format_id": "brainstorm"})["agenda"]["activities"][-1]
    code = lambda payload: ask(staff, "agenda:options_from", payload)["error"]["code"]
    assert code({"activity_id": dots["id"], "contribution_ids": [hidden["id"]]}) == "not_found"
    assert code({"activity_id": dots["id"]}) == "bad_payload"  # neither way chosen
    assert code({"activity_id": dots["id"], "starred": True, "contribution_ids": [1]}) == "bad_payload"
    assert code({"activity_id": dots["id"], "contribution_ids": []}) == "bad_payload"
    refused = ask(staff, "agenda:options_from", {"activity_id": talk["id"], "starred": True})
    assert refused["error"] == {"code": "no_options",
                                "message": "Cette activité ne fait pas voter sur des options écrites."}
    assert ask(awa, "agenda:options_from", {"activity_id": dots["id"], "starred": True})[
        "error"]["code"] == "forbidden"


def test_a_silent_vote_tells_how_many_have_voted_but_not_for_what(room):
    staff, awa, ben = room.facilitator(), room.phone("Awa"), room.phone("Ben", "CDL")
    start(room, staff, "dot-voting")
    option = post(awa, "Un tableau des dépenses au marché")["contribution"]
    assert ask(staff, "agenda:control", {"action": "next"})["ok"]
    assert ask(staff, "sync", {"since": 0})["ok"]  # in the staff room from now on
    updates(staff)
    assert ask(awa, "vote:cast", {"item_id": option["id"], "value": 1})["ok"]
    assert ask(ben, "vote:cast", {"item_id": option["id"], "value": 2})["ok"]
    assert ask(ben, "vote:cast", {"item_id": option["id"], "value": 3})["ok"]
    assert updates(staff, "votes.updated")[-1]["data"]["voters"] == 2  # two people, not three ballots
    mine = ask(ben, "sync", {"since": 0})["snapshot"]["tally"]
    assert mine["voters"] == 2 and mine["counts"] is None  # the count of people, not the choices


def test_answers_tell_how_many_have_answered(room):
    staff, awa = room.facilitator(), room.phone("Awa")
    start(room, staff, "evaluation")
    assert ask(awa, "answer:submit", {"answers": {"useful": 4}})["ok"]
    assert ask(awa, "answer:submit", {"answers": {"useful": 5}})["ok"]  # changed, still one person
    assert ask(staff, "sync", {"since": 0})["snapshot"]["answers"]["answered"] == 1


def test_a_pin_of_another_activity_is_cleared_when_the_activity_changes(room):
    staff, awa = room.facilitator(), room.phone("Awa")
    start(room, staff, "brainstorm")
    item = post(awa, "Une idée épinglée")["contribution"]
    assert ask(staff, "contribution:pin", {"id": item["id"]})["ok"]
    wall = room.projector()
    assert ask(wall, "sync", {"since": 0})["snapshot"]["pinned"]["id"] == item["id"]
    start(room, staff, "qna")
    assert [u["data"]["id"] for u in updates(wall, "wall.pinned")] == [None]
    assert ask(wall, "sync", {"since": 0})["snapshot"].get("pinned") is None
    # Pinned during this activity, it stays; closing the activity lets it go.
    question = post(awa, "Une question épinglée", kind="question")["contribution"]
    assert ask(staff, "contribution:pin", {"id": question["id"]})["ok"]
    assert ask(staff, "agenda:close", {})["ok"]
    assert ask(wall, "sync", {"since": 0})["snapshot"].get("pinned") is None


def test_a_projector_in_the_facilitators_browser_switches_the_mode_others_cannot(room):
    from facilitator.extensions import socketio
    staff = room.facilitator()
    http = room.app.test_client()
    assert http.get(f"/f/{room.store.facilitator_token()}").status_code == 302
    own = socketio.test_client(room.app, auth={"role": "projector", "event": room.code},
                               flask_test_client=http)
    room.clients.append(own)
    assert ask(own, "projector:mode", {"mode": "wall"}) == {"ok": True, "mode": "wall"}
    assert ask(staff, "sync", {"since": 0})["snapshot"]["projector_mode"] == "wall"
    anyone = room.projector()
    refused = ask(anyone, "projector:mode", {"mode": "join"})
    assert refused["ok"] is False and refused["error"]["code"] == "not_signed_in"
    assert ask(staff, "sync", {"since": 0})["snapshot"]["projector_mode"] == "wall"


def test_the_wall_counts_a_silent_votes_voters_when_the_facilitator_shows_the_counter(room):
    staff, awa, ben = room.facilitator(), room.phone("Awa"), room.phone("Ben", "CDL")
    wall = room.projector()
    snap = ask(wall, "sync", {"since": 0})["snapshot"]
    assert snap["counter_on_wall"] is False and snap["phones"] == 2
    assert ask(awa, "agenda:options_from", {"starred": True})["error"]["code"] == "forbidden"
    assert ask(staff, "projector:counter", {"on": "yes"})["error"]["code"] == "bad_payload"
    assert ask(staff, "projector:counter", {"on": True}) == {"ok": True, "on": True}
    assert [u["data"] for u in updates(wall, "projector.counter")] == [{"on": True}]
    start(room, staff, "dot-voting")
    option = post(awa, "Un tableau des dépenses au marché")["contribution"]
    assert ask(staff, "agenda:control", {"action": "next"})["ok"]
    updates(wall)
    assert ask(ben, "vote:cast", {"item_id": option["id"], "value": 2})["ok"]
    seen = updates(wall, "votes.updated")
    assert [(u["data"]["voters"], u["data"]["counts"], u["data"]["hidden"]) for u in seen] == [(1, None, True)]
    again = ask(wall, "sync", {"since": 0})["snapshot"]
    assert again["counter_on_wall"] is True and again["tally"]["voters"] == 1
    assert again["tally"]["counts"] is None  # how many, never for what


# --- vote settings changed from the dashboard's edit form (branch overrides) --------------------

def test_dots_set_in_the_edit_form_are_the_phones_budget_and_a_bad_value_is_refused_by_name(room):
    staff, awa, ben = room.facilitator(), room.phone("Awa"), room.phone("Ben", "CDL", lang="en")
    activity = ask(staff, "agenda:add", {"format_id": "dot-voting"})["agenda"]["activities"][-1]
    bad = ask(staff, "agenda:edit", {"activity_id": activity["id"],
                                     "overrides": {"voting": {"vote": {"dots": 0}}}})
    assert bad["error"] == {"code": "bad_field", "field": "overrides.voting.vote.dots",
                            "message": "Valeur invalide pour le champ overrides.voting.vote.dots."}
    edited = ask(staff, "agenda:edit", {"activity_id": activity["id"],
                                        "overrides": {"voting": {"vote": {"dots": 5, "max_per_item": 0}}}})
    assert edited["ok"], edited
    assert ask(staff, "agenda:start", {"activity_id": activity["id"]})["ok"]
    option = post(awa, "Un tableau des dépenses au marché")["contribution"]
    assert ask(staff, "agenda:control", {"action": "next"})["ok"]  # to the vote
    cast = ask(ben, "vote:cast", {"item_id": option["id"], "value": 1})
    assert cast["ok"] and cast["tally"]["dots_left"] == 4  # five dots, not the format's three
