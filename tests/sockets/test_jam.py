"""The Knowledge Jam's rules at the sockets: corrections, withdrawals, whole action rows, two
roles, and steps prepared before the day (docs/protocol.md "Correcting and withdrawing")."""
from room_client import ask, post, updates

# The Jam's slots once Select and Plan are prepared before the day (no topics yet).
OPENING, ROUND, READBACK, NEXT_STEPS, BROKER, REUSE = range(6)


def jam(room, staff, skip=("select", "plan"), **roles):
    """A Jam whose room starts at Discover; ``roles``: participant id -> a role or a list.
    Every phone has synced, so it gets the room's updates."""
    for client in room.clients:
        ask(client, "sync", {"since": 0})
    ack = ask(staff, "agenda:add", {"format_id": "knowledge-jam", "title": "Ressources locales",
                                    "overrides": {"skip": list(skip)}})
    assert ack["ok"], ack
    activity = ack["agenda"]["activities"][-1]
    for pid, held in roles.items():
        payload = {"activity_id": activity["id"], "participant_id": int(pid[1:])}
        payload.update({"roles": held} if isinstance(held, list) else {"role": held})
        assert ask(staff, "roles:assign", payload)["ok"]
    started = ask(staff, "agenda:start", {"activity_id": activity["id"]})
    assert started["ok"], started
    return activity, started["state"]["fr"]


def goto(staff, index):
    ack = ask(staff, "agenda:control", {"action": "goto", "value": index})
    assert ack["ok"], ack
    return ack["state"]["fr"]


def test_steps_prepared_before_the_day_are_never_run_in_the_room(room):
    staff = room.facilitator()
    activity, state = jam(room, staff)
    assert (state["step_id"], state["part_id"], state["step_index"]) == ("discover", "opening", 2)
    listed = ask(staff, "sync", {"since": 0})["snapshot"]["agenda"]["activities"][-1]
    assert {s["step_id"] for s in listed["slots"]} == {"discover", "broker", "reuse"}
    refused = ask(staff, "agenda:edit", {"activity_id": activity["id"],
                                         "overrides": {"skip": ["select", "prepare"]}})
    assert refused["error"]["code"] == "unknown_field"
    assert refused["error"]["field"] == "overrides.skip.prepare"
    every = ["select", "plan", "discover", "broker", "reuse"]
    assert ask(staff, "agenda:edit", {"activity_id": activity["id"],
                                      "overrides": {"skip": every}})["error"]["code"] == "bad_field"


def test_the_author_edits_and_withdraws_while_the_step_is_open_and_not_after(room):
    staff, awa, ben = room.facilitator(), room.phone("Awa"), room.phone("Ben", "CDL")
    jam(room, staff)
    goto(staff, ROUND)
    mine = post(awa, "Comment convaincre les commerçans ?", kind="question")["contribution"]
    fixed = ask(awa, "contribution:edit", {"id": mine["id"], "text": "Comment convaincre les commerçants ?"})
    assert fixed["ok"], fixed
    assert fixed["contribution"]["text"] == "Comment convaincre les commerçants ?"
    assert fixed["contribution"]["edited_at"] is not None
    seen = updates(ben, "contribution.updated")[-1]["data"]
    assert seen["text"] == "Comment convaincre les commerçants ?"

    refused = ask(ben, "contribution:edit", {"id": mine["id"], "text": "autre chose"})
    assert refused["error"]["code"] == "not_yours" and refused["error"]["message"]
    assert ask(ben, "contribution:withdraw", {"id": mine["id"]})["error"]["code"] == "not_yours"
    unknown = ask(awa, "contribution:edit", {"id": mine["id"], "text": "x", "kind": "idea"})
    assert unknown["error"]["code"] == "unknown_field" and unknown["error"]["field"] == "kind"

    other = post(awa, "Et la commune ?", kind="comment")["contribution"]
    gone = ask(awa, "contribution:withdraw", {"id": other["id"]})
    assert gone["ok"] and gone["contribution"]["withdrawn"]
    seen = updates(ben, "contribution.updated")[-1]["data"]
    assert seen["id"] == other["id"] and seen["withdrawn"] and seen["text"] is None
    assert ask(awa, "contribution:edit", {"id": other["id"], "text": "y"})["error"]["code"] == "not_found"
    assert other["id"] not in [c["id"] for c in ask(staff, "sync", {"since": 0})["snapshot"]["contributions"]]

    goto(staff, READBACK)  # the step is still Discover: a later part of it
    assert ask(awa, "contribution:edit", {"id": mine["id"], "text": "Encore ?"})["ok"]
    goto(staff, BROKER)  # Discover is over
    late = ask(awa, "contribution:edit", {"id": mine["id"], "text": "Trop tard"})
    assert late["error"]["code"] == "step_over"
    assert ask(awa, "contribution:withdraw", {"id": mine["id"]})["error"]["code"] == "step_over"
    # The facilitator still corrects it.
    assert ask(staff, "contribution:edit", {"id": mine["id"], "text": "Corrigé"})["ok"]


def test_the_note_taker_corrects_notes_at_the_read_back_only(room):
    staff, esther, awa = room.facilitator(), room.phone("Esther"), room.phone("Awa")
    jam(room, staff, **{f"p{esther.participant['id']}": "note_taker"})
    goto(staff, ROUND)
    note = post(esther, "Les commercants cotisent si ils voient les dépenses.", kind="note")
    assert note["ok"], note
    by_author = post(awa, "Un tableau au marché", kind="comment")["contribution"]
    note = note["contribution"]
    goto(staff, READBACK)
    corrected = ask(esther, "contribution:edit",
                    {"id": note["id"], "text": "Les commerçants cotisent s'ils voient les dépenses."})
    assert corrected["ok"], corrected
    # At read-back the note-taker corrects notes, not what others wrote.
    assert ask(esther, "contribution:edit", {"id": by_author["id"], "text": "x"})["error"]["code"] == "not_yours"
    shown = updates(awa, "contribution.updated")[-1]["data"]
    assert shown["text"] == "Les commerçants cotisent s'ils voient les dépenses."


def test_action_rows_are_whole_and_editable_by_their_author_and_the_facilitator(room):
    staff, awa, ben = room.facilitator(), room.phone("Awa"), room.phone("Ben", "CDL")
    jam(room, staff, **{f"p{awa.participant['id']}": "broker"})
    goto(staff, NEXT_STEPS)  # brokers post their first actions while the room hears them
    row = {"who": "ASV", "partners": "Mairie de Bonabéri", "when": "fin juin",
           "resources": "un tableau, 20 000 FCFA", "indicator": "dépenses affichées chaque mois"}
    created = post(awa, "Afficher les dépenses au marché", kind="action", meta=row)
    assert created["ok"], created
    assert created["contribution"]["meta"] == {**row, "status": "todo"}
    assert post(ben, "Moi aussi", kind="action", meta={})["error"]["code"] == "role_not_allowed"
    assert post(ben, "Une remarque", kind="comment")["ok"]

    unknown = post(awa, "Former les trésoriers", kind="action", meta={"owner": "ASV"})
    assert unknown["error"]["code"] == "unknown_field"
    assert unknown["error"]["field"] == "meta.owner" and "meta.owner" in unknown["error"]["message"]

    cid = created["contribution"]["id"]
    goto(staff, REUSE)  # long after its step, the row is still its author's to follow up
    doing = ask(awa, "contribution:edit", {"id": cid, "meta": {"status": "blocked", "when": "fin juillet"}})
    assert doing["ok"], doing
    assert doing["contribution"]["meta"] == {**row, "when": "fin juillet", "status": "blocked"}
    bad = ask(awa, "contribution:edit", {"id": cid, "meta": {"deadline": "demain"}})
    assert bad["error"] == {"code": "unknown_field", "field": "meta.deadline",
                            "message": "Champ inconnu : meta.deadline."}
    assert ask(awa, "contribution:edit", {"id": cid, "meta": {"status": "stuck"}})["error"]["code"] == "bad_field"
    assert ask(ben, "contribution:edit", {"id": cid, "meta": {"status": "done"}})["error"]["code"] == "not_yours"
    done = ask(staff, "contribution:edit", {"id": cid, "meta": {"status": "done"}, "text": "Afficher les dépenses"})
    assert done["ok"] and done["contribution"]["meta"]["status"] == "done"
    assert ask(staff, "contribution:moderate", {"id": cid, "status": "blocked"})["ok"]
    comment = post(ben, "Bravo", kind="comment")["contribution"]
    cells = ask(ben, "contribution:edit", {"id": comment["id"], "meta": {"who": "moi"}})
    assert cells["error"] == {"code": "unknown_field", "field": "meta",
                              "message": "Champ inconnu : meta."}


def test_a_person_holds_two_roles_in_one_activity(room):
    staff, jp, ben = room.facilitator(), room.phone("Jean-Paul", "CDL"), room.phone("Ben")
    activity, _state = jam(room, staff, skip=(),
                           **{f"p{jp.participant['id']}": ["sponsor", "broker"]})
    roles = ask(staff, "sync", {"since": 0})["snapshot"]["roles"]["roles"]
    assert sorted(r["role"] for r in roles if r["participant_id"] == jp.participant["id"]) == ["broker", "sponsor"]
    assert post(jp, "La fiche du sujet", kind="note")["ok"]  # Select: the sponsor's topic brief
    assert post(ben, "moi aussi", kind="note")["error"]["code"] == "role_not_allowed"
    goto(staff, 2 + NEXT_STEPS)  # Select and Plan run this time
    assert post(jp, "Une action de la personne relais", kind="action")["ok"]  # and a broker
    refused = ask(staff, "roles:assign", {"activity_id": activity["id"],
                                          "participant_id": jp.participant["id"],
                                          "roles": ["sponsor", "king"]})
    assert refused["error"]["code"] == "bad_role"
    one = ask(staff, "roles:assign", {"activity_id": activity["id"],
                                      "participant_id": jp.participant["id"], "role": "broker"})
    assert [r["role"] for r in one["roles"]["roles"]] == ["broker"]  # "role" replaces them all


def test_the_restitution_has_the_corrected_text_the_whole_row_and_no_withdrawn_item(room):
    from test_restitution_handlers import signed_in
    staff, awa = room.facilitator(), room.phone("Awa")
    jam(room, staff, **{f"p{awa.participant['id']}": ["broker", "note_taker"]})
    goto(staff, ROUND)
    note = post(awa, "Les comercants cotisent", kind="note")["contribution"]
    slip = post(awa, "Un doublon à retirer", kind="comment")["contribution"]
    assert ask(awa, "contribution:withdraw", {"id": slip["id"]})["ok"]
    goto(staff, READBACK)
    assert ask(awa, "contribution:edit", {"id": note["id"], "text": "Les commerçants cotisent"})["ok"]
    goto(staff, NEXT_STEPS)
    row = {"who": "ASV", "partners": "Mairie", "when": "juin", "resources": "un tableau",
           "indicator": "un relevé par mois", "status": "blocked"}
    assert post(awa, "Afficher les dépenses", kind="action", meta=row)["ok"]

    http = signed_in(room)
    url = f"/facilitator/events/{room.code}/restitution"
    data = http.get(f"{url}.json?hidden=1").get_json()
    texts = [c["text"] for c in data["contributions"]]
    assert "Les commerçants cotisent" in texts and "Les comercants cotisent" not in texts
    assert "Un doublon à retirer" not in texts  # not even with the hidden items
    action = next(a for a in data["actions"]["rows"] if a["what"] == "Afficher les dépenses")
    assert {k: action[k] for k in ("owner", "partners", "deadline", "resources", "indicator", "status")} == {
        "owner": "ASV", "partners": "Mairie", "deadline": "juin", "resources": "un tableau",
        "indicator": "un relevé par mois", "status": "blocked"}
    csv = http.get(f"{url}.actions.csv").get_data(as_text=True)
    assert "Mairie" in csv and "Bloquée" in csv
