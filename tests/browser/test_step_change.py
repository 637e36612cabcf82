"""A phone follows step changes from the broadcast alone (docs/protocol.md §3.8): the vote step
shows its dots, the next activity its questionnaire (phone_questions.js, loaded then), and the
phone never asks for a snapshot again; a phone that lacks its part of a resumed step asks agenda:step, not sync."""
from playwright.sync_api import expect

from live_server import dashboard, phone
from phone_steps import join_anonymously


def test_a_phone_follows_a_step_change_without_a_resync(server, event, phone_page):
    sent = []  # what the phone sends: over polling before the upgrade, then the websocket
    phone_page.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(str(f))))
    phone_page.on("request", lambda r: sent.append(r.post_data or "") if r.method == "POST" else None)
    scripts = []  # the phone's on-demand scripts, as it asks for them
    phone_page.on("request", lambda r: scripts.append(r.url) if "/p/static/phone_" in r.url else None)
    dash = dashboard(server, event)
    voting = dash.call("agenda:add", {"format_id": "dot-voting"})["agenda"]["activities"][-1]
    survey = dash.call("agenda:add", {"format_id": "evaluation"})["agenda"]["activities"][-1]
    dash.call("agenda:start", {"activity_id": voting["id"]})
    join_anonymously(phone_page, server, event["code"])
    other = phone(server, event["code"], name="Binta")
    idea = other.post("Radio communautaire")["contribution"]
    expect(phone_page.locator(f"#shared li[data-id='{idea['id']}']")).to_be_visible()

    dash.call("agenda:control", {"action": "next"})  # the silent dot vote
    item = phone_page.locator(f"#shared li[data-id='{idea['id']}']")
    expect(phone_page.locator("#dots-left")).to_have_text("Gommettes restantes : 3")
    item.locator("[data-vote='+1']").click()
    expect(phone_page.locator("#dots-left")).to_have_text("Gommettes restantes : 2")

    assert not [u for u in scripts if "phone_questions.js" in u]  # no questionnaire yet
    dash.call("agenda:start", {"activity_id": survey["id"]})  # another activity
    expect(phone_page.locator("#questionnaire fieldset[data-q]").first).to_be_visible()
    assert len([u for u in scripts if "phone_questions.js" in u]) == 1  # loaded when needed
    syncs = [f for f in sent if '"sync"' in f]
    assert len(syncs) == 1, syncs  # the first connect's, and no other
    assert not [f for f in sent if '"agenda:step"' in f]  # a fresh activity holds nothing

    dash.call("agenda:start", {"activity_id": voting["id"]})  # back to the vote: mine kept
    expect(phone_page.locator("#dots-left")).to_have_text("Gommettes restantes : 2")
    assert len([f for f in sent if '"sync"' in f]) == 1

    # A reloaded phone has forgotten its dots: on the vote's return it asks for its own part.
    dash.call("agenda:start", {"activity_id": survey["id"]})
    phone_page.reload()
    expect(phone_page.locator("#questionnaire fieldset[data-q]").first).to_be_visible()
    dash.call("agenda:start", {"activity_id": voting["id"]})
    expect(phone_page.locator("#dots-left")).to_have_text("Gommettes restantes : 2")
    assert [f for f in sent if '"agenda:step"' in f]
    dash.disconnect()
