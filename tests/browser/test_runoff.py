"""Dot voting's run-off in a real browser: the phone offers only the tied options, and the
projector keeps the first round's tie on screen until the run-off is revealed."""
from playwright.sync_api import expect

from live_server import dashboard, phone
from phone_steps import join_anonymously


def test_a_tie_goes_to_a_run_off_on_the_phone_and_the_projector(server, event, phone_page, laptop_page):
    dash = dashboard(server, event)
    dash.call("projector:mode", {"mode": "wall"})
    activity = dash.call("agenda:add", {"format_id": "dot-voting"})["agenda"]["activities"][-1]
    dash.call("agenda:start", {"activity_id": activity["id"]})
    people = [phone(server, event["code"], name=f"P{i}") for i in range(3)]
    ids = {}
    for person, text in zip(people, ["Radio communautaire", "Affiches", "Porte-à-porte"]):
        ids[text] = person.post(text)["contribution"]["id"]
    dash.call("agenda:control", {"action": "next"})
    for person, text, dots in [(people[0], "Radio communautaire", 3), (people[1], "Affiches", 3),
                               (people[2], "Porte-à-porte", 2)]:
        assert person.call("vote:cast", {"item_id": ids[text], "value": dots})["ok"]
    dash.call("agenda:control", {"action": "next"})  # results
    dash.call("votes:reveal", {"activity_id": activity["id"], "step_id": "vote"})
    laptop_page.goto(f"{server.base}/projector/{event['code']}")
    bars = laptop_page.locator("#bars li")
    expect(bars).to_have_count(3)
    dash.call("agenda:control", {"action": "next"})  # run-off
    expect(laptop_page.locator("#agenda-step")).to_contain_text("Second tour")
    # Updates are applied in order and drawn together: once a later one is drawn (a pinned
    # item), the run-off's state has been drawn too.
    assert dash.call("contribution:pin", {"id": ids["Affiches"]})["ok"]
    expect(laptop_page.locator("#pinned")).to_have_attribute("data-pinned-id", str(ids["Affiches"]))
    expect(bars).to_have_count(3)  # the first round, tie included, stays up during the run-off

    join_anonymously(phone_page, server, event["code"])
    behind = phone_page.locator(f"#shared li[data-id='{ids['Porte-à-porte']}']")
    tied = phone_page.locator(f"#shared li[data-id='{ids['Radio communautaire']}']")
    expect(behind).to_have_class("out")
    expect(behind.locator("[data-vote='+1']")).to_be_disabled()
    expect(tied.locator("[data-vote='+1']")).to_be_enabled()
    tied.locator("[data-vote='+1']").click()
    expect(phone_page.locator("#dots-left")).to_have_text("Gommettes restantes : 0")

    assert people[0].call("vote:cast", {"item_id": ids["Affiches"], "value": 1})["ok"]
    assert people[1].call("vote:cast", {"item_id": ids["Radio communautaire"], "value": 1})["ok"]
    dash.call("votes:reveal", {"activity_id": activity["id"], "step_id": "runoff"})
    expect(bars).to_have_count(2)
    expect(bars.first).to_have_attribute("data-id", str(ids["Radio communautaire"]))
    expect(bars.first.locator(".n")).to_have_text("2")
    dash.disconnect()
