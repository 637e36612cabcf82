"""What the facilitator writes to the room (announcement, brief), staff links and who is signed
in, and a revoked link's sessions refused at once (realtime/staff.py, store/sessions.py)."""
from room_client import ask, updates


def _sync(client, since=0):
    return ask(client, "sync", {"since": since})


def test_announcement_reaches_every_screen_and_a_reconnecting_phone(room):
    staff, phone, wall = room.facilitator(), room.phone(), room.projector()
    for c in (staff, phone, wall):
        _sync(c)
        c.get_received()
    seq = _sync(phone)["seq"]
    ack = ask(staff, "announcement:set", {"text": "  Pause : retour à 10 h 45.  "})
    assert ack["ok"] and ack["announcement"]["text"] == "Pause : retour à 10 h 45."
    first = ack["announcement"]["id"]
    for c in (phone, wall):
        [u] = updates(c, "staff.announcement")
        assert u["data"]["announcement"]["text"] == "Pause : retour à 10 h 45."
    # A phone that reconnects from its last sequence number replays it; a new one has it.
    assert [e["data"]["announcement"]["id"] for e in _sync(phone, seq)["entries"]
            if e["type"] == "staff.announcement"] == [first]
    assert room.phone("Binta").emit("sync", {"since": 0}, callback=True)[
        "snapshot"]["staff"]["announcement"]["id"] == first
    # Replaced: a new id, so a phone that dismissed the first shows this one.
    assert ask(staff, "announcement:set", {"text": "Salle B"})["announcement"]["id"] == first + 1
    # Cleared: gone from the snapshot; the next one is newer still.
    assert ask(staff, "announcement:set", {"text": ""})["announcement"] is None
    assert "staff" not in _sync(phone)["snapshot"]
    assert ask(staff, "announcement:set", {"text": "Retour"})["announcement"]["id"] == first + 2


def test_announcement_and_brief_refusals(room):
    staff, phone = room.facilitator(), room.phone()
    _sync(phone)
    assert ask(phone, "announcement:set", {"text": "x"})["error"]["code"] == "forbidden"
    assert ask(room.projector(), "announcement:set", {"text": "x"})["error"]["code"] == "forbidden"
    too_long = ask(staff, "announcement:set", {"text": "a" * 281})["error"]
    assert too_long["code"] == "text_too_long" and "280" in too_long["message"]
    assert ask(staff, "announcement:set", {"text": 3})["error"]["code"] == "bad_payload"
    assert ask(phone, "brief:set", {"activity_id": 1, "text": "x"})["error"]["code"] == "forbidden"
    assert ask(staff, "brief:set", {"activity_id": "1", "text": "x"})["error"]["code"] == "bad_payload"
    assert ask(staff, "brief:set", {"activity_id": 999, "text": "x"})["error"]["code"] == "not_found"
    assert room.store.announcement(room.event["id"]) is None


def test_brief_is_the_facilitators_text_shown_to_the_room(room):
    staff, phone, wall = room.facilitator(), room.phone(), room.projector()
    jam = ask(staff, "agenda:add", {"format_id": "knowledge-jam",
                                    "title": "Mobiliser des ressources locales"})
    activity = jam["agenda"]["activities"][-1]["id"]
    _sync(phone), _sync(wall)
    phone.get_received(), wall.get_received()
    text = "Pourquoi ce sujet : les financements extérieurs baissent.\nAttendu : trois pistes."
    ack = ask(staff, "brief:set", {"activity_id": activity, "text": text})
    assert ack["ok"] and ack["text"] == text
    for c in (phone, wall):
        [u] = updates(c, "staff.brief")
        assert u["data"] == {"activity_id": activity, "text": text}
        assert _sync(c)["snapshot"]["staff"]["briefs"] == {str(activity): text}
    assert ask(staff, "brief:set", {"activity_id": activity, "text": ""})["ok"]
    assert "staff" not in _sync(phone)["snapshot"]


def _signed_in(room, token):
    http = room.app.test_client()
    assert http.get(f"/f/{token}").status_code == 302
    return http


def _staff_socket(room, http):
    from facilitator.extensions import socketio
    client = socketio.test_client(room.app, auth={"role": "facilitator", "event": room.code},
                                  flask_test_client=http)
    room.clients.append(client)
    return client


def test_staff_links_sign_in_list_and_revoke(room):
    staff = room.facilitator()
    _sync(staff)
    staff.get_received()
    ack = ask(staff, "staff:link_create", {"name": "Tablette de Mireille"})
    assert ack["ok"] and ack["link"]["name"] == "Tablette de Mireille"
    token = ack["url"].rsplit("/f/", 1)[1]
    assert token not in str(room.store.staff_links(0)) and len(token) >= 32
    told = [m["args"][0] for m in staff.get_received() if m["name"] == "staff"]
    assert told and told[-1]["links"][1]["name"] == "Tablette de Mireille"

    tablet_http = _signed_in(room, token)
    tablet = _staff_socket(room, tablet_http)
    assert tablet.is_connected() and _sync(tablet)["ok"]
    rows = {r["id"]: r for r in ask(staff, "staff:links")["links"]}
    assert rows[None]["signed_in"] == 1 and rows[ack["link"]["id"]]["signed_in"] == 1
    assert _sync(tablet)["snapshot"]["staff"]["me"] == ack["link"]["id"]
    # A co-facilitator runs the room but does not manage links.
    assert ask(tablet, "announcement:set", {"text": "Bonjour"})["ok"]
    assert ask(tablet, "staff:link_create", {"name": "x"})["error"]["code"] == "facilitator_link_only"
    assert ask(tablet, "staff:link_revoke", {"id": ack["link"]["id"]})["error"]["code"] == \
        "facilitator_link_only"

    assert ask(staff, "staff:link_revoke", {"id": ack["link"]["id"]})["ok"]
    # Its sessions end at once: the open socket is closed, or refused by its next event.
    assert not tablet.is_connected() or \
        ask(tablet, "announcement:set", {"text": "x"})["error"]["code"] == "not_signed_in"
    assert tablet_http.get(f"/facilitator/events/{room.code}").status_code == 403
    assert room.app.test_client().get(f"/f/{token}").status_code == 403
    again = _staff_socket(room, tablet_http)
    assert not again.is_connected()
    # The facilitator is untouched, and the list no longer has the link.
    assert [r["id"] for r in ask(staff, "staff:links")["links"]] == [None]
    assert ask(staff, "staff:link_revoke", {"id": ack["link"]["id"]})["error"]["code"] == "not_found"


def test_link_name_is_checked(room):
    staff = room.facilitator()
    assert ask(staff, "staff:link_create", {"name": "  "})["error"]["code"] == "bad_link_name"
    assert ask(staff, "staff:link_create", {"name": "x" * 61})["error"]["code"] == "name_too_long"
    assert ask(staff, "staff:link_create", {"name": ["x"]})["error"]["code"] == "bad_payload"
    assert ask(staff, "staff:link_revoke", {"id": "1"})["error"]["code"] == "bad_payload"
    assert ask(room.phone(), "staff:links")["error"]["code"] == "forbidden"


def test_phones_follow_the_browser_when_the_event_allows_it(room):
    http = room.app.test_client()
    english = {"Accept-Language": "en-GB,en;q=0.9"}
    page = http.get(f"/j/{room.code}", headers=english).get_data(as_text=True)
    assert 'data-lang="fr"' in page  # the event's language by default
    staff = room.facilitator()
    ack = ask(staff, "event:update", {"follow_browser": True})
    assert ack["ok"] and ack["event"]["follow_browser"] is True
    assert ask(staff, "event:update", {"follow_browser": "yes"})["error"]["code"] == "bad_payload"
    page = http.get(f"/j/{room.code}", headers=english).get_data(as_text=True)
    assert 'data-lang="en"' in page
    # A browser in neither language gets the event's; ?lang= still wins.
    assert 'data-lang="fr"' in http.get(f"/j/{room.code}", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert 'data-lang="fr"' in http.get(f"/j/{room.code}?lang=fr", headers=english).get_data(as_text=True)
