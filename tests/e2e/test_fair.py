"""The idea fair against a real server: a timed rotation on an accelerated clock that every
group completes, phones told where to go at every slot's end, and a presenter view that gets
feedback live and replays what it missed after a reconnect."""
import uuid

from live_server import Screen, dashboard, phone

KIOSK_ORGS = ("ASV", "Mairie", "ONG Eau")


def fair_room(server, event):
    dash = dashboard(server, event)
    activity = dash.call("agenda:add", {"format_id": "idea-fair"})["agenda"]["activities"][-1]["id"]
    assert dash.call("agenda:start", {"activity_id": activity})["ok"]
    presenters = [phone(server, event["code"], name=f"Présentation {i}", organisation=org)
                  for i, org in enumerate(KIOSK_ORGS)]
    kiosks = []
    for i, (who, org) in enumerate(zip(presenters, KIOSK_ORGS)):
        ack = dash.call("fair:kiosk_save", {"activity_id": activity, "title": f"Stand {i + 1}",
                                            "organisation": org,
                                            "presenters": [who.snapshot["participant"]["id"]]})
        assert ack["ok"], ack
        kiosks.append(ack)
    return dash, activity, presenters, kiosks


def test_every_group_completes_the_rotation_and_every_phone_is_told_where_next(server, event):
    dash, activity, _presenters, kiosks = fair_room(server, event)
    visitors = [phone(server, event["code"], name=f"V{i}", organisation=f"Org {i % 2}")
                for i in range(6)]
    groups = dash.call("fair:groups", {"activity_id": activity})
    assert groups["ok"] and len(groups["groups"]) == 3
    group_of = {pid: g["index"] for g in groups["groups"] for pid in g["members"]}
    started = dash.call("fair:start", {"activity_id": activity, "mode": "rotation"})
    assert started["ok"], started
    slot_count = started["slot"]["slot_count"]
    assert slot_count == 3  # no visitor's organisation holds a kiosk: a 3 x 3 carousel

    def my(screen, phase, index):
        """The fair.slot this phone got for one moment, and its own group's line in it."""
        entry = screen.wait_for(lambda u: u["type"] == "fair.slot" and u["data"]["phase"] == phase
                                and u["data"]["index"] == index, timeout=10)
        group = group_of[screen.snapshot["participant"]["id"]]
        return entry["data"]["groups"][group]

    visited = {v.snapshot["participant"]["id"]: [] for v in visitors}
    for index in range(slot_count):
        for v in visitors:
            visited[v.snapshot["participant"]["id"]].append(my(v, "visit", index)["kiosk"])
        dash.call("test:clock", {"advance": 5 * 60})  # into the last two minutes: the warning
        for v in visitors:
            line = my(v, "warning", index)
            if index + 1 < slot_count:
                assert line["next"]["slot"] == index + 1 and line["next"]["kiosk"] is not None
            else:
                assert line["next"] is None
        dash.call("test:clock", {"advance": 2 * 60})  # the slot ends: the next begins
        if index + 1 < slot_count:
            for v in visitors:
                assert my(v, "visit", index + 1)["kiosk"] == my(v, "warning", index)["next"]["kiosk"]
    ids = {k["kiosk"]["id"] for k in kiosks}
    for pid, route in visited.items():
        assert sorted(route) == sorted(ids), (pid, route)
    for v in visitors:
        v.wait_for(lambda u: u["type"] == "fair.slot" and u["data"]["phase"] == "finished")
    done = dash.wait_for(lambda u: u["type"] == "fair.slot" and u["data"]["status"] == "finished")
    assert done["data"]["index"] is None


def test_the_presenter_sees_feedback_live_and_replays_what_it_missed(server, event):
    dash, activity, presenters, kiosks = fair_room(server, event)
    token = kiosks[0]["presenter_url"].rsplit("/", 1)[1]
    stand = Screen(server, "kiosk", event["code"], token=token).connect()
    assert stand.snapshot["fair"]["kiosk_id"] == kiosks[0]["kiosk"]["id"]
    visitor = phone(server, event["code"], name="Chloé", organisation="Visiteurs")
    other = phone(server, event["code"], name="Dieu", organisation="Visiteurs")
    kiosk_id = kiosks[0]["kiosk"]["id"]

    def send(kind, **fields):
        ack = visitor.call("fair:feedback", {"kiosk_id": kiosk_id, "kind": kind,
                                             "client_id": str(uuid.uuid4()), **fields})
        assert ack["ok"], ack
        return ack["feedback"]

    question = send("question", text="Combien coûte une borne ?")
    live = stand.wait_for(lambda u: u["type"] == "fair.feedback")
    assert live["data"]["feedback"]["text"] == "Combien coûte une borne ?"
    answered = stand.call("fair:answered", {"feedback_id": question["id"], "answered": True})
    assert answered["ok"] and answered["feedback"]["answered"]

    stand.disconnect()
    send("comment", text="Très clair")
    send("adopt", text="Pour Bonabéri", contact="chloe@example.org")
    replay = stand.connect(sync=False).sync()  # since its last seq
    assert "snapshot" not in replay and len(replay["entries"]) >= 2
    texts = [u["data"]["feedback"]["text"] for u in stand.updates if u["type"] == "fair.feedback"]
    assert texts[-2:] == ["Très clair", "Pour Bonabéri"]
    assert stand.updates[-1]["data"]["feedback"]["contact"] == "chloe@example.org"
    # The other presenters and visitors never heard any of it; the dashboard did.
    for screen in (presenters[1], other, visitor):
        assert not [u for u in screen.updates if u["type"] == "fair.feedback"]
    assert presenters[0].wait_for(lambda u: u["type"] == "fair.feedback"
                                  and u["data"]["feedback"]["contact"] == "chloe@example.org")
    assert dash.wait_for(lambda u: u["type"] == "fair.feedback"
                         and u["data"]["feedback"]["contact"] == "chloe@example.org")
