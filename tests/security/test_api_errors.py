"""Every API error is JSON whatever the cause; pages get the error page (issue 7, item 3)."""
import pytest

from facilitator.store import Store


def _join(room, body: str, content_type="application/json"):
    return room.app.test_client().post(f"/api/events/{room.code}/join", data=body,
                                       content_type=content_type)


def _is_json_error(answer, status: int, code: str):
    assert answer.status_code == status, answer.data[:200]
    assert answer.mimetype == "application/json", answer.data[:200]
    body = answer.get_json()
    assert body["ok"] is False and body["error"]["code"] == code and body["error"]["message"]


@pytest.mark.parametrize("body", [
    '{"name": ' + "[" * 100_00 + "]" * 100_00 + "}",  # nested deeper than the parser goes
    '{"name": "A", "x": ' + "[" * 40 + "]" * 40 + "}",  # deeper than any payload of ours
    '{"name": 1' + "0" * 5000 + "}",  # more digits than Python parses
    '{"name": "A"',  # cut short
    "\xff\xfe",  # not even text
])
def test_a_join_body_the_parser_cannot_take_is_a_json_bad_payload(room, body):
    _is_json_error(_join(room, body), 400, "bad_payload")


def test_a_join_body_that_is_not_json_is_a_json_bad_payload(room):
    _is_json_error(_join(room, "name=Awa", "application/x-www-form-urlencoded"), 400, "bad_payload")


def test_a_handler_exception_on_an_api_route_is_json(room, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")
    monkeypatch.setattr(Store, "add_participant", broken)
    answer = _join(room, '{"name": "Awa", "lang": "en"}')
    _is_json_error(answer, 500, "server_error")
    assert "<html" not in answer.get_data(as_text=True)


def test_a_page_exception_gets_the_error_page_in_the_persons_language(room, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")
    monkeypatch.setattr(Store, "event_by_code", broken)
    http = room.app.test_client()
    fr = http.get(f"/j/{room.code}")
    assert fr.status_code == 500 and fr.mimetype == "text/html"
    assert "Erreur du serveur" in fr.get_data(as_text=True)
    en = http.get(f"/j/{room.code}?lang=en")
    assert en.status_code == 500 and "Server error" in en.get_data(as_text=True)
    _is_json_error(http.get(f"/api/events/{room.code}"), 500, "server_error")


def test_unknown_api_routes_and_methods_are_json(room):
    http = room.app.test_client()
    _is_json_error(http.get("/api/nothing/here"), 404, "not_found")
    _is_json_error(http.delete(f"/api/events/{room.code}/join"), 405, "bad_payload")
    _is_json_error(http.post(f"/api/events/{room.code}/join", data="x" * 70_000,
                             content_type="application/json"), 413, "bad_payload")
