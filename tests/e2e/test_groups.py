"""Breakout groups against a real server: 40 phones in 6 groups, isolation on the wire,
a submitted sheet reaching the dashboard and the projector, replay after a reconnect, a late
arrival placed by the rule."""
from live_server import Screen, dashboard, join, next_step, phone, start_activity

ORGS = ["ASV", "FEMCAM", "RJD", "CDL", "APEE", "GIC-AGRO", "SANTE+", "EAU-VIE"]


def own_group(screen: Screen) -> int:
    screen.last_seq = 0
    screen.sync()
    return screen.snapshot["groups"]["group"]["id"]


def test_forty_phones_in_six_groups(server, event):
    dash = dashboard(server, event)
    wall = Screen(server, "projector", event["code"]).connect()
    phones = [phone(server, event["code"], name=f"P{i}", organisation=ORGS[i % len(ORGS)])
              for i in range(40)]
    activity, _state = start_activity(dash, "breakout")
    formed = dash.call("groups:form", {"activity_id": activity["id"], "count": 6,
                                       "strategy": "balanced", "seed": 7})
    assert formed["ok"], formed
    assert sorted(g["size"] for g in formed["formation"]["groups"]) == [6, 6, 7, 7, 7, 7]
    assert next_step(dash)["step_id"] == "work"

    # Each phone hears the forming of its own group, and its snapshot holds only that group.
    mine = {}
    for ph in phones:
        changed = ph.wait_for(lambda u: u["type"] == "groups.changed")
        gid = own_group(ph)
        mine[ph] = gid
        assert changed["data"]["group"]["id"] == gid
        assert {u["data"]["group"]["id"] for u in ph.updates if u["type"] == "groups.changed"} == {gid}
        assert ph.token and ph.snapshot["groups"]["layer"] == "breakout"
    assert len(set(mine.values())) == 6

    # Every phone posts once: each receives its group's posts only; the dashboard all 40.
    for i, ph in enumerate(phones):
        assert ph.post(f"idée {i}")["ok"]
    dash.wait_for(lambda u: u["type"] == "contribution.created" and u["data"]["text"] == "idée 39")
    for ph in phones:
        size = sum(1 for other in phones if mine[other] == mine[ph])
        ph.wait_for(lambda u, n=size, ph=ph: len([x for x in ph.updates
                                                  if x["type"] == "contribution.created"]) >= n)
        got = [u["data"] for u in ph.updates if u["type"] == "contribution.created"]
        assert {c["group_id"] for c in got} == {mine[ph]} and len(got) == size
        assert not any(u["type"] == "contribution.created" for u in wall.updates)
    ph0 = phones[0]
    ph0.last_seq = 0
    ph0.sync()
    assert {c["group_id"] for c in ph0.snapshot["groups"]["stream"]} == {mine[ph0]}

    # A phone away misses posts of its group and of others; its replay holds its group's only.
    away = phones[1]
    away.disconnect()
    mates = [ph for ph in phones if mine[ph] == mine[away] and ph is not away]
    stranger = next(ph for ph in phones if mine[ph] != mine[away])
    assert mates[0].post("pendant l'absence")["ok"] and stranger.post("ailleurs")["ok"]
    dash.wait_for(lambda u: u["type"] == "contribution.created" and u["data"]["text"] == "ailleurs")
    back = Screen(server, "participant", event["code"], token=away.token)
    back.last_seq = away.last_seq
    answer = back.connect(sync=False).sync()
    assert "entries" in answer
    texts = [e["data"]["text"] for e in answer["entries"] if e["type"] == "contribution.created"]
    assert texts == ["pendant l'absence"]

    # The rapporteur of one group fills in and submits its sheet: dashboard and projector get it.
    rapporteur = mates[0]
    gid = mine[rapporteur]
    assert rapporteur.call("groups:take_role", {"activity_id": activity["id"], "role": "rapporteur"})["ok"]
    set_q = rapporteur.call("sheet:edit", {"activity_id": activity["id"], "group_id": gid, "edit": {
        "op": "set", "field": "plenary_question", "base_version": 0, "value": "Qui finance ?"}})
    assert set_q["ok"], set_q
    assert not any(u["type"] == "sheet.updated" for u in stranger.updates)
    submitted = rapporteur.call("sheet:edit", {"activity_id": activity["id"], "group_id": gid,
                                               "edit": {"op": "submit"}})
    assert submitted["ok"] and submitted["status"] == "submitted"
    for screen in (dash, wall):
        got = screen.wait_for(lambda u: u["type"] == "sheet.submitted")
        assert got["data"]["sheet"]["plenary_question"]["value"] == "Qui finance ?"

    # A late arrival is placed at once by the rule: balanced, a new organisation → the smallest.
    sizes = {g["group"]["id"]: g["group"]["size"] for g in
             dashboard(server, event).snapshot["groups"]["groups"]}
    late = phone(server, event["code"], name="Tardif", organisation="Nouvelle ONG")
    placed = late.snapshot["groups"]["group"]
    assert placed is not None and sizes[placed["id"]] == min(sizes.values())
    dash.wait_for(lambda u: u["type"] == "groups.changed" and
                  any(m["name"] == "Tardif" for m in u["data"]["members"]))
    assert join(server, event["code"], name="X")["ok"]
