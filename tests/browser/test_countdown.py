"""The countdown a phone shows is the server's, after a reload too (issue 3)."""
from playwright.sync_api import expect

from live_server import dashboard
from phone_steps import join_anonymously


def server_remaining(dash, ends_at):
    now = dash.call("test:clock", {"advance": 0})["server_time"]
    return ends_at - now


def phone_remaining(page):
    countdown = page.locator("#countdown")
    expect(countdown).not_to_have_attribute("data-remaining", "")
    return int(countdown.get_attribute("data-remaining"))


def test_phone_countdown_matches_the_server_after_reload(server, event, phone_page):
    dash = dashboard(server, event)
    ack = dash.call("agenda:add", {"format_id": "one-two-four-all"})
    activity = ack["agenda"]["activities"][-1]
    started = dash.call("agenda:start", {"activity_id": activity["id"], "slot_index": 2})
    state = started["state"]["fr"]
    assert state["step_id"] == "fours" and state["duration_s"] == 240

    join_anonymously(phone_page, server, event["code"])
    expect(phone_page.locator("#agenda")).to_be_visible()
    expect(phone_page.locator("#agenda-step")).to_have_text(f"Étape 3/4 — {state['step_label']}")
    assert abs(phone_remaining(phone_page) - server_remaining(dash, state["ends_at"])) <= 2

    # The server's clock moves on 100 s (a long pause in the room); the reloaded phone follows.
    dash.call("test:clock", {"advance": 100})
    phone_page.reload()
    expect(phone_page.locator("#agenda")).to_be_visible()
    expected = server_remaining(dash, state["ends_at"])
    assert 135 <= expected <= 141
    assert abs(phone_remaining(phone_page) - expected) <= 2

    # Paused: the phone shows the frozen time, the same after a reload.
    paused = dash.call("agenda:control", {"action": "pause"})["state"]["fr"]
    phone_page.reload()
    expect(phone_page.locator("#countdown")).to_have_attribute("data-phase", "paused")
    assert abs(phone_remaining(phone_page) - paused["remaining_s"]) <= 1

    # Extended by a minute and resumed: live, without a reload.
    dash.call("agenda:control", {"action": "extend", "value": 60})
    resumed = dash.call("agenda:control", {"action": "resume"})["state"]["fr"]
    expect(phone_page.locator("#countdown")).to_have_attribute("data-phase", "running")
    assert abs(phone_remaining(phone_page) - server_remaining(dash, resumed["ends_at"])) <= 2
    dash.disconnect()
