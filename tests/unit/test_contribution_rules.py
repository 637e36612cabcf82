"""What a phone may post, checked before anything touches the store (room/contributions.py)."""
from __future__ import annotations

import uuid

import pytest

from facilitator.room.contributions import (
    KINDS, NewContribution, clean_name, clean_text, parse_new_contribution,
)
from facilitator.room.errors import RoomError

MAX = 20
CID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def payload(**overrides):
    return {"client_id": CID, "kind": "idea", "text": "Une idée", "anonymous": False,
            **overrides}


def refused(raw, max_text=MAX) -> RoomError:
    with pytest.raises(RoomError) as caught:
        parse_new_contribution(raw, max_text)
    return caught.value


# --- the happy path ---------------------------------------------------------------------------

def test_a_good_payload_is_parsed():
    assert parse_new_contribution(payload(), MAX) == NewContribution(
        client_id=CID, kind="idea", text="Une idée", anonymous=False)


def test_defaults_are_idea_and_named():
    new = parse_new_contribution({"client_id": CID, "text": "x"}, MAX)
    assert (new.kind, new.anonymous) == ("idea", False)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_accepted(kind):
    assert parse_new_contribution(payload(kind=kind), MAX).kind == kind


def test_anonymous_true_is_kept():
    assert parse_new_contribution(payload(anonymous=True), MAX).anonymous is True


@pytest.mark.parametrize("written", [CID.upper(), "{" + CID + "}", CID.replace("-", ""),
                                     "urn:uuid:" + CID])
def test_client_id_spellings_of_one_uuid_are_normalised(written):
    assert parse_new_contribution(payload(client_id=written), MAX).client_id == CID


def test_client_id_of_a_uuid_object_is_accepted():
    cid = uuid.uuid4()
    assert parse_new_contribution(payload(client_id=cid), MAX).client_id == str(cid)


# --- bad shapes -------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", [None, "text", 42, ["idea"], ("x",), True])
def test_a_payload_that_is_not_an_object_is_bad(raw):
    err = refused(raw)
    assert err.code == "bad_payload"
    assert err.params == {}


@pytest.mark.parametrize("client_id", [None, "", "not-a-uuid", 12, "0f8fad5b-d9cb-469f-a165",
                                       CID + "0", "g" * 32, ["x"], {"id": CID}, True])
def test_a_bad_client_id_is_refused(client_id):
    assert refused(payload(client_id=client_id)).code == "bad_client_id"


def test_a_missing_client_id_is_refused():
    raw = payload()
    del raw["client_id"]
    assert refused(raw).code == "bad_client_id"


@pytest.mark.parametrize("kind", ["Idea", "poll", "", None, 3, ["idea"]])
def test_an_unknown_kind_is_refused_with_its_name(kind):
    err = refused(payload(kind=kind))
    assert err.code == "bad_kind"
    assert err.params == {"kind": str(kind)}


def test_an_unknown_kind_is_cut_in_the_message():
    err = refused(payload(kind="k" * 500))
    assert err.code == "bad_kind"
    assert err.params["kind"] == "k" * 20


@pytest.mark.parametrize("text", [None, 12, ["a"], {"t": "a"}, b"bytes", True])
def test_text_that_is_not_a_string_is_bad(text):
    assert refused(payload(text=text)).code == "bad_payload"


def test_missing_text_is_bad():
    raw = payload()
    del raw["text"]
    assert refused(raw).code == "bad_payload"


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t ", "\x00\x01\x7f", " \x1b \x00 "])
def test_text_empty_after_trim_is_refused(text):
    assert refused(payload(text=text)).code == "text_empty"


@pytest.mark.parametrize("anonymous", [1, 0, "true", "false", None, [], "yes"])
def test_anonymous_must_be_a_bool(anonymous):
    assert refused(payload(anonymous=anonymous)).code == "bad_payload"


# --- cleaning and counting --------------------------------------------------------------------

def test_control_characters_are_stripped_but_newlines_and_tabs_kept():
    new = parse_new_contribution(payload(text="  un\x00e\x07 id\x1bée\nsur\tdeux\r\nlignes\x7f  "),
                                 MAX * 5)
    assert new.text == "une idée\nsur\tdeux\r\nlignes"


def test_text_is_trimmed():
    assert parse_new_contribution(payload(text="\n  bonjour \t\n"), MAX).text == "bonjour"


def test_text_is_nfc_normalised():
    decomposed = "e\u0301te\u0301"  # "été" typed with combining accents
    new = parse_new_contribution(payload(text=decomposed), MAX)
    assert new.text == "\u00e9t\u00e9"
    assert len(new.text) == 3


def test_exactly_max_text_is_accepted_and_one_more_refused():
    assert parse_new_contribution(payload(text="a" * MAX), MAX).text == "a" * MAX
    err = refused(payload(text="a" * (MAX + 1)))
    assert err.code == "text_too_long"
    assert err.params == {"max": MAX}


def test_combining_accents_count_as_one_character_each():
    # MAX letters "é" as e + combining accent: 2 * MAX code points, MAX characters seen.
    seen_as_max = "e\u0301" * MAX
    assert len(seen_as_max) == 2 * MAX
    new = parse_new_contribution(payload(text=seen_as_max), MAX)
    assert new.text == "\u00e9" * MAX
    assert refused(payload(text="e\u0301" * (MAX + 1))).code == "text_too_long"


def test_surrounding_spaces_and_control_characters_do_not_count():
    text = "   " + "a" * MAX + "\x00\x00   \n"
    assert parse_new_contribution(payload(text=text), MAX).text == "a" * MAX


def test_a_huge_payload_is_refused_before_normalising():
    err = refused(payload(text=" " * (MAX * 4 + 1)))
    assert err.code == "text_too_long"
    assert err.params == {"max": MAX}


def test_markup_is_kept_as_plain_data():
    text = "<script>alert(1)</script> & <b>"
    assert parse_new_contribution(payload(text=text), 100).text == text


def test_c1_control_characters_are_stripped_too():
    assert clean_text("a\u0085b\u009b2Jc\u0080") == "ab2Jc"


# --- names ------------------------------------------------------------------------------------

def test_clean_name_collapses_spaces_and_drops_controls():
    assert clean_name("  Awa \n\t  Bello\x00 ") == "Awa Bello"
    assert clean_name("Jean-Paul  Ekwalla") == "Jean-Paul Ekwalla"


def test_clean_name_of_nothing_is_empty():
    assert clean_name(None) == ""
    assert clean_name("") == ""
    assert clean_name("   \x00 ") == ""


@pytest.mark.parametrize("raw", [42, ["Awa"], {"name": "Awa"}, True, b"Awa"])
def test_clean_name_refuses_non_strings(raw):
    with pytest.raises(RoomError) as caught:
        clean_name(raw)
    assert caught.value.code == "bad_payload"


def test_clean_name_limit_counts_characters_as_seen():
    assert clean_name("a" * 60) == "a" * 60
    assert clean_name("e\u0301" * 60) == "\u00e9" * 60
    assert clean_name("a" * 10, limit=10) == "a" * 10
    with pytest.raises(RoomError) as caught:
        clean_name("a" * 61)
    assert (caught.value.code, caught.value.params) == ("name_too_long", {"max": 60})
    with pytest.raises(RoomError) as caught:
        clean_name("ab cd", limit=4)
    assert caught.value.params == {"max": 4}


def test_clean_name_limit_applies_after_collapsing_spaces():
    assert clean_name("a" + " " * 100 + "b", limit=3) == "a b"


def test_a_post_may_say_which_slot_it_was_written_in():
    base = {"client_id": str(uuid.uuid4()), "kind": "note", "text": "Relu"}
    assert parse_new_contribution(base, 500).written_in is None
    assert parse_new_contribution({**base, "slot": None}, 500).written_in is None
    assert parse_new_contribution({**base, "slot": {"activity": 4, "index": 3}}, 500).written_in == (4, 3)
    for bad in ({"activity": "4", "index": 3}, {"activity": 4}, {"activity": 4, "index": True}, [4, 3]):
        with pytest.raises(RoomError) as err:
            parse_new_contribution({**base, "slot": bad}, 500)
        assert err.value.code == "bad_payload"
