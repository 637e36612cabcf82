"""Handler acks and refusals through the in-process Socket.IO client."""
from room_client import ask, post, updates


def test_sync_gives_a_phone_its_snapshot_from_every_feature(room):
    phone = room.phone()
    answer = ask(phone, "sync", {"since": 0})
    assert answer["ok"] and answer["role"] == "participant"
    snap = answer["snapshot"]
    # events, contributions and agenda each add their part
    assert snap["event"]["code"] == room.code and snap["participant"]["name"] == "Awa"
    assert snap["mine"] == [] and "state" in snap
    assert "agenda" not in snap  # the agenda list is the dashboard's alone (protocol.md §2.2)


def test_a_post_is_acked_and_reaches_the_dashboard(room):
    staff, phone = room.facilitator(), room.phone()
    ask(staff, "sync", {"since": 0})
    ask(phone, "sync", {"since": 0})
    ack = post(phone, "Publier les dépenses au marché")
    assert ack["ok"] and ack["contribution"]["text"] == "Publier les dépenses au marché"
    created = updates(staff, "contribution.created")
    assert [u["data"]["text"] for u in created] == ["Publier les dépenses au marché"]


def test_refusals_are_error_codes_in_the_phones_language(room):
    phone = room.phone(lang="en")
    ask(phone, "sync", {"since": 0})
    refused = ask(phone, "agenda:start", {"activity_id": 1})
    assert refused == {"ok": False, "error": {"code": "forbidden",
                                              "message": "Only the facilitator can do this."}}
    empty = post(phone, "   ")
    assert empty["error"]["code"] == "text_empty" and empty["error"]["message"] == "The text is empty."
    unknown = ask(phone, "no:such:event", {})
    assert unknown["error"]["code"] == "unknown_event"


def test_the_projector_cannot_post(room):
    projector = room.projector()
    ask(projector, "sync", {"since": 0})
    assert post(projector, "hello")["error"]["code"] == "forbidden"
