"""Votes that mean what they say: ballots close at the reveal; nobody upvotes their own question."""
from room_client import ask, post


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
