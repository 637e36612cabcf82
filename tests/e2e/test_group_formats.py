"""1-2-4-All's real pairs and fours against a real server (eventlet, websockets): each phone
hears its own pair and four only, and in "all" each four's one insight reaches the whole room
and the projector while a second voice of the same four is refused (tests/sockets has the rest
of the formats' rules)."""
from live_server import Screen, dashboard, next_step, phone, start_activity


def test_one_two_four_all_on_the_wire(server, event):
    dash = dashboard(server, event)
    wall = Screen(server, "projector", event["code"]).connect()
    phones = [phone(server, event["code"], name=f"P{i}", organisation="ASV") for i in range(12)]
    activity, state = start_activity(dash, "one-two-four-all")
    assert state["step_id"] == "alone"
    formed = dash.call("groups:form", {"activity_id": activity["id"], "seed": 5})
    assert formed["ok"], formed
    layer_of = {g["id"]: g["layer"] for g in formed["formation"]["groups"]}

    # Each phone hears the forming of exactly its pair and its four.
    mine = {}
    for ph in phones:
        ph.wait_for(lambda u: u["type"] == "groups.changed" and
                    len({x["data"]["group"]["id"] for x in ph.updates
                         if x["type"] == "groups.changed"}) >= 2)
        heard = {u["data"]["group"]["id"] for u in ph.updates if u["type"] == "groups.changed"}
        assert sorted(layer_of[g] for g in heard) == ["fours", "pairs"]
        mine[ph] = {layer_of[g]: g for g in heard}

    assert next_step(dash)["step_id"] == "pairs"
    assert next_step(dash)["step_id"] == "fours"
    speaker = phones[0]
    four = mine[speaker]["fours"]
    assert speaker.post("dans le quatuor", kind="note")["ok"]
    dash.wait_for(lambda u: u["type"] == "contribution.created" and u["data"]["text"] == "dans le quatuor")
    for ph in phones:
        if mine[ph]["fours"] == four:
            ph.wait_for(lambda u: u["type"] == "contribution.created")
        else:
            assert "dans le quatuor" not in ph.texts()
    assert "dans le quatuor" not in wall.texts()

    assert next_step(dash)["step_id"] == "all"
    insight = speaker.post("Notre idée marquante")
    assert insight["ok"] and insight["contribution"]["group_id"] == four
    for screen in (wall, *phones):
        screen.wait_for(lambda u: u["type"] == "contribution.created"
                        and u["data"]["text"] == "Notre idée marquante")
    mate = next(ph for ph in phones[1:] if mine[ph]["fours"] == four)
    refused = mate.post("Une deuxième voix")
    assert refused["ok"] is False and refused["error"]["code"] == "group_already_posted"
    other = next(ph for ph in phones if mine[ph]["fours"] != four)
    assert other.post("L'idée d'un autre quatuor")["contribution"]["group_id"] == mine[other]["fours"]
