"""Breakout groups through the in-process Socket.IO client: acks, refusals, isolation."""
import threading

from room_client import ask, post, updates


def breakout(room, phones=8, **form):
    """A facilitator, phones, a breakout activity started and formed; (staff, phones, activity)."""
    staff = room.facilitator()
    ask(staff, "sync", {"since": 0})
    orgs = ["ASV", "FEMCAM", "RJD", "CDL"]
    people = [room.phone(name=f"P{i}", organisation=orgs[i % 4]) for i in range(phones)]
    for ph in people:
        ask(ph, "sync", {"since": 0})
    added = ask(staff, "agenda:add", {"format_id": "breakout"})
    activity = added["agenda"]["activities"][-1]["id"]
    assert ask(staff, "agenda:start", {"activity_id": activity})["ok"]
    formed = ask(staff, "groups:form", {"activity_id": activity, "seed": 1,
                                        **({"count": 2} | form)})
    assert formed["ok"], formed
    return staff, people, activity, formed["formation"]


def group_of(room, activity, phone):
    snap = ask(phone, "sync", {"since": 0})["snapshot"]["groups"]
    return snap["group"]["id"] if snap and snap["group"] else None


def test_forming_balanced_groups_and_the_snapshots(room):
    staff, phones, activity, formation = breakout(room, strategy="balanced", themes=["Eau", "Genre"])
    assert [g["size"] for g in formation["groups"]] == [4, 4]
    assert [g["theme"] for g in formation["groups"]] == ["Eau", "Genre"]
    snap = ask(phones[0], "sync", {"since": 0})["snapshot"]["groups"]
    assert snap["layer"] == "breakout" and snap["group"]["rapporteur_status"] == "ask"
    assert len(snap["members"]) == 4 and snap["sheet"]["status"] == "draft"
    # balanced: each organisation (2 people each) is split over the two groups
    orgs = [m["organisation"] for m in snap["members"]]
    assert sorted(orgs) == ["ASV", "CDL", "FEMCAM", "RJD"]
    staff_snap = ask(staff, "sync", {"since": 0})["snapshot"]["groups"]
    assert len(staff_snap["groups"]) == 2 and staff_snap["balance"]["org_spread"] == 0


def test_unknown_fields_are_refused_by_name(room):
    staff, _phones, activity, _f = breakout(room)
    refused = ask(staff, "groups:form", {"activity_id": activity, "count": 2, "colour": "red"})
    assert refused["error"]["code"] == "unknown_field" and refused["error"]["field"] == "colour"
    joined = room.app.test_client().post(f"/api/events/{room.code}/join",
                                         json={"name": "Zoé", "gender": "f"})
    assert joined.status_code == 400 and joined.get_json()["error"]["field"] == "gender"
    ok = room.app.test_client().post(f"/api/events/{room.code}/join",
                                     json={"name": "Zoé", "attribute": "femme"})
    assert ok.status_code == 201


def test_capacity_moves_roles_and_rapporteur(room):
    staff, phones, activity, formation = breakout(room, phones=6, strategy="self", capacity=3)
    g1, g2 = [g["id"] for g in formation["groups"]]
    for ph in phones[:3]:
        assert ask(ph, "groups:choose", {"activity_id": activity, "group_id": g1})["ok"]
    full = ask(phones[3], "groups:choose", {"activity_id": activity, "group_id": g1})
    assert full["error"]["code"] == "group_full"
    assert ask(phones[3], "groups:choose", {"activity_id": activity, "theme": "x"})["error"]["code"] \
        == "unknown_theme"
    moved = ask(staff, "groups:move", {"activity_id": activity, "group_id": g1,
                                       "participant_id": phones[3].participant["id"]})
    assert moved["ok"] and moved["group"]["size"] == 4  # the facilitator may overfill
    took = ask(phones[0], "groups:take_role", {"activity_id": activity, "role": "rapporteur"})
    assert took["ok"] and took["group"]["rapporteur_status"] == "ok"
    taken = ask(phones[1], "groups:take_role", {"activity_id": activity, "role": "rapporteur"})
    assert taken["error"]["code"] == "role_taken"
    second = ask(phones[0], "groups:take_role", {"activity_id": activity, "role": "scribe"})
    assert second["error"]["code"] == "has_role"
    outsider = ask(staff, "groups:role", {"activity_id": activity, "group_id": g2,
                                          "role": "scribe", "participant_id": phones[0].participant["id"]})
    assert outsider["error"]["code"] == "not_member"
    assert ask(phones[4], "groups:take_role", {"activity_id": activity, "role": "scribe"})["error"][
        "code"] == "not_in_group"


def test_group_posts_reach_their_group_only(room):
    staff, phones, activity, formation = breakout(room)
    ask(staff, "agenda:control", {"action": "next"})  # into "work"
    by_group = {}
    for ph in phones:
        by_group.setdefault(group_of(room, activity, ph), []).append(ph)
    (ga, a), (gb, b) = by_group.items()
    for ph in phones:
        ph.get_received()
    ask(staff, "sync", {"since": 0})
    staff.get_received()
    assert post(a[0], "Idée du groupe A")["contribution"]["group_id"] == ga
    assert post(b[0], "Idée du groupe B")["ok"]
    for ph in a:
        assert [u["data"]["text"] for u in updates(ph, "contribution.created")] == ["Idée du groupe A"]
    for ph in b:
        assert [u["data"]["text"] for u in updates(ph, "contribution.created")] == ["Idée du groupe B"]
    assert len(updates(staff, "contribution.created")) == 2
    # A reconnecting phone replays its group's entries and nothing of the other group's.
    replay = ask(a[1], "sync", {"since": 1})
    texts = [e["data"]["text"] for e in replay["entries"] if e["type"] == "contribution.created"]
    assert texts == ["Idée du groupe A"]
    assert all(e["data"].get("group", {}).get("id", ga) == ga
               for e in replay["entries"] if e["type"] == "groups.changed")
    snap = ask(b[1], "sync", {"since": 0})["snapshot"]
    assert [c["text"] for c in snap["groups"]["stream"]] == ["Idée du groupe B"]
    # shared: the facilitator shows group A's stream to everyone
    assert ask(staff, "groups:share", {"activity_id": activity, "group_id": ga, "shared": True})["ok"]
    b[0].get_received()
    post(a[0], "Partagé")
    assert "Partagé" in [u["data"]["text"] for u in updates(b[0], "contribution.created")]
    # a phone's snapshot reads its own group and the shared ones only, and keeps them apart
    snap = ask(b[1], "sync", {"since": 0})["snapshot"]["groups"]
    assert snap["group"]["id"] == gb and {m["id"] for m in snap["members"]} == \
        {ph.participant["id"] for ph in b}
    assert [x["group"]["id"] for x in snap["shared"]] == [ga]
    assert [c["text"] for c in snap["shared"][0]["stream"]] == ["Partagé", "Idée du groupe A"]


def edit(client, activity, group, **patch):
    return ask(client, "sheet:edit", {"activity_id": activity, "group_id": group, "edit": patch})


def test_two_editors_of_one_sheet_never_lose_text(room):
    staff, phones, activity, formation = breakout(room, phones=6)
    gid = group_of(room, activity, phones[0])
    mates = [ph for ph in phones if group_of(room, activity, ph) == gid]
    rapporteur, member = mates[0], mates[1]
    assert ask(rapporteur, "groups:take_role", {"activity_id": activity, "role": "rapporteur"})["ok"]
    first = edit(rapporteur, activity, gid, op="set", field="plenary_question", base_version=0,
                 value="Comment financer ?")
    assert first["ok"] and first["result"]["version"] == 1
    acks = {}

    def write(who, client, text):
        acks[who] = edit(client, activity, gid, op="set", field="plenary_question",
                         base_version=1, base_text="Comment financer ?", value=text)

    threads = [threading.Thread(target=write, args=("r", rapporteur, "Comment financer localement ?")),
               threading.Thread(target=write, args=("m", member, "Comment bien financer ?"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert acks["r"]["ok"] and acks["m"]["ok"]
    final = ask(staff, "sync", {"since": 0})["snapshot"]["groups"]
    sheet = next(g["sheet"] for g in final["groups"] if g["group"]["id"] == gid)
    value = sheet["plenary_question"]["value"]
    assert "localement" in value and "bien" in value
    # a member may not submit; the rapporteur may; the facilitator reopens
    assert edit(member, activity, gid, op="submit")["error"]["code"] == "not_rapporteur"
    outsider = next(ph for ph in phones if ph not in mates)
    assert edit(outsider, activity, gid, op="propose", item="p1", value="x")["error"]["code"] == "not_member"
    staff.get_received()
    outsider.get_received()
    assert edit(rapporteur, activity, gid, op="submit")["result"]["status"] == "submitted"
    submitted = updates(outsider, "sheet.submitted")
    assert submitted and submitted[0]["data"]["sheet"]["plenary_question"]["value"] == value
    assert updates(staff, "sheet.submitted")
    assert edit(member, activity, gid, op="propose", item="p2", value="y")["error"]["code"] == "sheet_submitted"
    reopened = ask(staff, "sheet:reopen", {"activity_id": activity, "group_id": gid})
    assert reopened == {"ok": True, "rev": reopened["rev"], "status": "draft"}
    assert ask(member, "sheet:reopen", {"activity_id": activity, "group_id": gid})["error"]["code"] == "forbidden"


def test_drafts_stay_in_the_group(room):
    staff, phones, activity, _f = breakout(room, phones=6)
    gid = group_of(room, activity, phones[0])
    outsider = next(ph for ph in phones if group_of(room, activity, ph) != gid)
    outsider.get_received()
    proposed = edit(phones[0], activity, gid, op="propose", item="p1", value="Brouillon")
    assert proposed["result"]["proposal"]["text"] == "Brouillon"
    assert not updates(outsider, "sheet.updated")
    assert ask(outsider, "sync", {"since": 0})["snapshot"]["groups"]["sheet"]["proposals"] == []


def test_late_arrival_is_placed_by_the_rule_and_report_back(room):
    staff, phones, activity, formation = breakout(room, phones=7, strategy="balanced")
    late = room.phone(name="Tard", organisation="asv ")  # matched to ASV, case and spaces aside
    snap = ask(late, "sync", {"since": 0})["snapshot"]["groups"]
    assert snap["group"] is not None
    # balanced: the group with fewest ASV people (ASV: P0, P4 one in each; so the smaller group)
    assert snap["group"]["size"] == 4
    order = [g["id"] for g in formation["groups"]][::-1]
    assert ask(staff, "report:order", {"activity_id": activity, "order": order})["report"]["order"] == order
    assert ask(staff, "report:order", {"activity_id": activity, "order": [999]})["error"]["code"] == "bad_report_order"
    went = ask(staff, "report:go", {"activity_id": activity, "index": 0})["report"]
    assert went["group_id"] == order[0] and went["ends_at"] - went["started_at"] == 180
    assert ask(staff, "report:reaction", {"activity_id": activity, "group_id": order[0],
                                          "text": "Bravo"})["reactions"][0]["text"] == "Bravo"
    assert ask(staff, "report:synthesis", {"activity_id": activity, "text": "Trois fils"})["ok"]
    assert ask(staff, "groups:time", {"activity_id": activity, "group_id": None, "minutes": 99})[
        "error"]["code"] == "bad_minutes"
    assert ask(staff, "groups:message", {"activity_id": activity, "group_id": None,
                                         "text": "Encore 5 min"})["ok"]
    calls = ask(phones[0], "groups:call", {"activity_id": activity})
    assert calls["ok"] and calls["group"]["call"] is not None


def test_the_projector_follows_the_drafts_progress_without_their_text(room):
    staff, phones, activity, _f = breakout(room, phones=6)
    ask(staff, "agenda:control", {"action": "next"})  # into "work"
    wall = room.projector()
    ask(wall, "sync", {"since": 0})
    gid = group_of(room, activity, phones[0])
    outsider = next(ph for ph in phones if group_of(room, activity, ph) != gid)
    for screen in (wall, staff, outsider, phones[0]):
        screen.get_received()
    ask(phones[0], "groups:take_role", {"activity_id": activity, "role": "rapporteur"})
    first = edit(phones[0], activity, gid, op="set", field="plenary_question", base_version=0,
                 value="Qui paie la pompe ?")
    assert first["progress"]["filled"] == 1  # no theme given: the plenary question alone
    got = updates(wall, "groups.progress")
    assert [u["data"] for u in got] == [{"activity_id": activity, "group_id": gid, "status": "draft",
                                         "progress": first["progress"]}]
    assert not updates(wall, "sheet.updated")  # the draft itself stays in the group
    assert "pompe" not in repr(got)
    assert updates(staff, "groups.progress") and not updates(outsider, "groups.progress")
    # typing on inside a filled field moves nothing on the wall
    assert edit(phones[0], activity, gid, op="set", field="plenary_question", base_version=1,
                base_text="Qui paie la pompe ?", value="Qui paie la pompe du village ?")["ok"]
    assert updates(phones[0], "sheet.updated") and not updates(wall, "groups.progress")
    # emptying it again does
    assert edit(phones[0], activity, gid, op="set", field="plenary_question", base_version=2,
                value="")["progress"]["filled"] == 0
    assert updates(wall, "groups.progress")[0]["data"]["progress"]["filled"] == 0
    # the projector's snapshot agrees with what it followed
    snap = ask(wall, "sync", {"since": 0})["snapshot"]["groups"]
    assert next(g for g in snap["groups"] if g["id"] == gid)["progress"]["filled"] == 0
