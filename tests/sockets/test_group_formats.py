"""The groups machinery in the other formats (issue 10 item 8), through the in-process client:
1-2-4-All's real pairs and fours and its one voice per four, World Café's tables (hosts stay,
travellers move, few repeat meetings, a harvest), Knowledge Café's fours and closing circle."""
import threading

from facilitator.room.group_rounds import repeat_pairs

from room_client import ask, post, updates

ORGS = ["ASV", "FEMCAM", "RJD", "CDL"]


def start(room, format_id, count, **form):
    """Staff, phones (synced), the activity started and its groups formed."""
    staff = room.facilitator()
    ask(staff, "sync", {"since": 0})
    phones = [room.phone(name=f"P{i}", organisation=ORGS[i % 4]) for i in range(count)]
    for ph in phones:
        ask(ph, "sync", {"since": 0})
    added = ask(staff, "agenda:add", {"format_id": format_id})
    activity = added["agenda"]["activities"][-1]["id"]
    assert ask(staff, "agenda:start", {"activity_id": activity})["ok"]
    formed = ask(staff, "groups:form", {"activity_id": activity, "seed": 3, **form})
    assert formed["ok"], formed
    return staff, phones, activity, formed["formation"]


def step(staff) -> dict:
    ack = ask(staff, "agenda:control", {"action": "next"})
    assert ack["ok"], ack
    return ack["state"]["fr"]


def layer_members(staff) -> dict:
    """{(layer, round): {group id: set of participant ids}} from the dashboard's snapshot."""
    part = ask(staff, "sync", {"since": 0})["snapshot"]["groups"]
    out: dict = {}
    for g in part["groups"]:
        key = (g["group"]["layer"], g["group"]["round"])
        out.setdefault(key, {})[g["group"]["id"]] = {m["id"] for m in g["members"]}
    return out, part


def own(phone) -> dict:
    return ask(phone, "sync", {"since": 0})["snapshot"]["groups"]


def drain(*clients):
    for c in clients:
        c.get_received()


# --- 1-2-4-All ---------------------------------------------------------------------------------

def test_one_two_four_all_pairs_fours_and_one_voice_per_four(room):
    staff, phones, activity, formation = start(room, "one-two-four-all", 12)
    assert formation["layers"] == ["pairs", "fours"]
    assert ask(staff, "groups:form", {"activity_id": activity, "strategy": "balanced"})[
        "error"]["code"] == "unknown_strategy"  # pairs and fours are dealt, not balanced
    by_layer, _part = layer_members(staff)
    pairs, fours = by_layer[("pairs", 0)], by_layer[("fours", 0)]
    everyone = {ph.participant["id"] for ph in phones}
    # every participant in exactly one pair and one four; each four is two whole pairs
    for groups in (pairs, fours):
        seen = [pid for members in groups.values() for pid in members]
        assert sorted(seen) == sorted(everyone)
    assert sorted(len(m) for m in pairs.values()) == [2] * 6
    assert sorted(len(m) for m in fours.values()) == [4] * 3
    for four in fours.values():
        inside = [p for p in pairs.values() if p <= four]
        assert len(inside) == 2 and set().union(*inside) == four

    assert step(staff)["step_id"] == "pairs"
    mine = {ph: own(ph)["group"] for ph in phones}
    assert all(g["layer"] == "pairs" and g["size"] == 2 and g["progress"] is None
               for g in mine.values())
    drain(staff, *phones)
    first, mate = phones[0], next(ph for ph in phones[1:] if mine[ph]["id"] == mine[phones[0]]["id"])
    assert post(first, "à deux", kind="note")["contribution"]["group_id"] == mine[first]["id"]
    for ph in phones:
        got = [u["data"]["text"] for u in updates(ph, "contribution.created")]
        assert got == (["à deux"] if ph in (first, mate) else [])
    assert ask(first, "groups:take_role", {"activity_id": activity, "role": "rapporteur"})[
        "error"]["code"] == "not_in_group"  # no roles in pairs and fours

    assert step(staff)["step_id"] == "fours"
    four_of = {ph: own(ph)["group"]["id"] for ph in phones}
    assert {four_of[ph] for ph in phones} == set(fours)
    assert four_of[first] == four_of[mate]  # the pair carries on together
    drain(*phones)
    assert post(first, "à quatre", kind="note")["ok"]
    for ph in phones:
        got = [u["data"]["text"] for u in updates(ph, "contribution.created")]
        assert got == (["à quatre"] if four_of[ph] == four_of[first] else [])

    state = step(staff)
    assert state["step_id"] == "all" and state["groups"] is None
    wall = room.projector()
    ask(wall, "sync", {"since": 0})
    drain(staff, wall, *phones)
    insight = post(first, "Une idée marquante")
    assert insight["ok"] and insight["contribution"]["group_id"] == four_of[first]
    for screen in (wall, staff, *phones):  # one voice for the four, heard by the whole room
        assert [u["data"]["text"] for u in updates(screen, "contribution.created")] == \
            ["Une idée marquante"]
    second = post(mate, "Une autre")
    assert second["ok"] is False and second["error"]["code"] == "group_already_posted"
    assert "une seule voix" in second["error"]["message"]
    others = sorted({four_of[ph] for ph in phones} - {four_of[first]})
    for gid in others:
        voice = next(ph for ph in phones if four_of[ph] == gid)
        assert post(voice, f"idée du quatuor {gid}")["contribution"]["group_id"] == gid
    # every four has said its one thing: nobody may add another
    assert all(post(ph, "encore")["error"]["code"] == "group_already_posted" for ph in phones[:4])


def test_one_two_four_all_one_voice_even_when_two_post_at_once(room):
    staff, phones, activity, _f = start(room, "one-two-four-all", 8)
    for _ in range(3):
        step(staff)
    four = own(phones[0])["group"]
    assert four is None  # the "all" step is no group step: the phone shows the plenary
    fours, _part = layer_members(staff)
    members = next(m for m in fours[("fours", 0)].values() if phones[0].participant["id"] in m)
    voices = [ph for ph in phones if ph.participant["id"] in members]
    acks = []
    threads = [threading.Thread(target=lambda ph=ph: acks.append(post(ph, "en même temps")))
               for ph in voices]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a["ok"] for a in acks) == [False] * (len(voices) - 1) + [True]
    assert {a["error"]["code"] for a in acks if not a["ok"]} == {"group_already_posted"}


def test_one_two_four_all_odd_counts(room):
    staff, phones, _activity, _f = start(room, "one-two-four-all", 11)
    by_layer, _part = layer_members(staff)
    assert sorted(len(m) for m in by_layer[("pairs", 0)].values()) == [2, 2, 2, 2, 3]
    # five pairs, the last a trio: one six (three pairs) and the trio's five
    assert sorted(len(m) for m in by_layer[("fours", 0)].values()) == [5, 6]


# --- World Café --------------------------------------------------------------------------------

def test_world_cafe_hosts_stay_travellers_move_and_the_harvest(room):
    staff, phones, activity, formation = start(room, "world-cafe", 20)
    assert formation["layers"] == ["tables"] and formation["rounds"] == {"tables": 3}
    by_layer, part = layer_members(staff)
    rounds = [by_layer[("tables", r)] for r in range(3)]
    assert all(sorted(len(m) for m in tables.values()) == [4] * 5 for tables in rounds)
    groups = {g["group"]["id"]: g for g in part["groups"]}
    # the host of table t is the same person in every round, at that table, named "host"
    for number in range(1, 6):
        same = [g for g in groups.values() if g["group"]["number"] == number]
        hosts = {g["group"]["host"] for g in same}
        assert len(same) == 3 and len(hosts) == 1 and None not in hosts
        host = hosts.pop()
        for g in same:
            assert host in {m["id"] for m in g["members"]}
            assert next(m["role"] for m in g["members"] if m["id"] == host) == "host"
    # travellers never sit at the same table two rounds running; nobody meets anyone twice
    hosts = {g["group"]["host"] for g in groups.values()}
    table_of = [{pid: groups[gid]["group"]["number"] for gid, ms in tables.items() for pid in ms}
                for tables in rounds]
    for pid in {ph.participant["id"] for ph in phones} - hosts:
        assert table_of[0][pid] != table_of[1][pid] != table_of[2][pid]
    assert repeat_pairs([list(tables.values()) for tables in rounds]) == {}

    state = ask(staff, "sync", {"since": 0})["snapshot"]["state"]["fr"]  # the café opens at a table
    assert (state["step_id"], state["groups"], state["group_round"]) == ("rounds", "tables", 0)
    at = {ph: own(ph)["group"] for ph in phones}
    assert all(at[ph]["round"] == 0 and at[ph]["progress"] is None for ph in phones)
    assert ask(phones[0], "sheet:edit", {"activity_id": activity, "group_id": at[phones[0]]["id"],
                                         "edit": {"op": "submit"}})["error"]["code"] == "no_sheet"

    state = step(staff)
    assert (state["step_id"], state["group_round"]) == ("rounds", 1)
    second = {ph: own(ph)["group"] for ph in phones}
    assert all(second[ph]["round"] == 1 for ph in phones)
    traveller = next(ph for ph in phones if ph.participant["id"] not in hosts)
    assert second[traveller]["number"] != at[traveller]["number"]
    drain(*phones)
    posted = post(traveller, "au deuxième tour")
    assert posted["contribution"]["group_id"] == second[traveller]["id"]
    for ph in phones:  # the round-2 table hears it; the round-1 table mates who moved do not
        got = [u["data"]["text"] for u in updates(ph, "contribution.created")]
        assert got == (["au deuxième tour"] if second[ph]["id"] == second[traveller]["id"] else [])

    step(staff)
    state = step(staff)
    assert (state["step_id"], state["groups"]) == ("harvest", None)
    wall = room.projector()
    ask(wall, "sync", {"since": 0})
    drain(wall, *phones)
    harvest = post(phones[0], "Ce que notre table retient")
    assert harvest["ok"] and harvest["contribution"]["group_id"] is None
    for screen in (wall, *phones):
        assert "Ce que notre table retient" in [u["data"]["text"]
                                                for u in updates(screen, "contribution.created")]
    assert post(phones[1], "Et une autre")["ok"]  # the harvest is everyone's, not one voice


def test_world_cafe_tables_of_four_to_five(room):
    staff, _phones, _a, formation = start(room, "world-cafe", 23)
    sizes = [g["size"] for g in formation["groups"] if g["round"] == 0]
    assert len(sizes) in (5, 6) and sum(sizes) == 23 and all(4 <= s <= 5 for s in sizes)
    assert ask(staff, "groups:form", {"activity_id": formation["activity_id"],
                                      "tables": 1})["error"]["code"] == "bad_group_count"


# --- Knowledge Café ----------------------------------------------------------------------------

def test_knowledge_cafe_fours_new_people_each_round_a_circle_and_no_report_outs(room):
    staff, phones, activity, formation = start(room, "knowledge-cafe", 20)
    assert formation["layers"] == ["tables"] and formation["rounds"] == {"tables": 3}
    by_layer, part = layer_members(staff)
    rounds = [by_layer[("tables", r)] for r in range(3)]
    assert all(sorted(len(m) for m in tables.values()) == [4] * 5 for tables in rounds)
    assert repeat_pairs([list(tables.values()) for tables in rounds]) == {}
    assert all(g["group"]["host"] is None and g["sheet"] is None and g["group"]["progress"] is None
               for g in part["groups"])
    assert part["balance"] is None

    assert own(phones[0])["group"] is None  # the talk: nobody at a table yet
    assert step(staff)["step_id"] == "rounds"
    first = own(phones[0])["group"]
    assert first["layer"] == "tables" and first["round"] == 0 and first["size"] == 4
    drain(*phones)
    assert post(phones[0], "note du tour", kind="note")["contribution"]["group_id"] == first["id"]
    heard = [ph for ph in phones if updates(ph, "contribution.created")]
    assert len(heard) == 4
    # no report-outs: no roles, no sheet, nothing to put in a report order
    assert ask(phones[0], "groups:take_role", {"activity_id": activity, "role": "rapporteur"})[
        "error"]["code"] == "not_in_group"
    assert ask(staff, "report:order", {"activity_id": activity, "order": [first["id"]]})[
        "error"]["code"] == "bad_report_order"

    step(staff)
    step(staff)
    state = step(staff)
    assert (state["step_id"], state["groups"]) == ("circle", "circle")
    circle = own(phones[0])
    assert circle["layer"] == "circle" and circle["group"] is None and circle["stream"] == []
    refused = post(phones[0], "en cercle", kind="note")
    assert refused["ok"] is False and refused["error"]["code"] != "server_error"
