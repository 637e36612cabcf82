"""The facilitator drives the day from the dashboard page (issue 3)."""
from playwright.sync_api import expect

from live_server import dashboard, phone


def test_run_a_jam_from_the_dashboard(server, event, laptop_page):
    staff = dashboard(server, event)  # a second facilitator screen, to watch what the page does
    awa = phone(server, event["code"], name="Awa", organisation="ASV")
    jam = staff.call("agenda:add", {"format_id": "knowledge-jam", "title": "Ressources locales",
                                    "topics": ["Cotisations", "Transparence"]})["agenda"]["activities"][-1]
    # Roles given before the page was opened are there after it loads.
    assert staff.call("roles:assign", {"activity_id": jam["id"], "participant_id": awa.snapshot["participant"]["id"],
                                       "role": "broker"})["ok"]

    laptop_page.goto(event["facilitator"])
    row = laptop_page.locator(f'#agenda-list li[data-activity-id="{jam["id"]}"]')
    expect(row).to_contain_text("Ressources locales")
    laptop_page.select_option("#roles-activity", str(jam["id"]))
    role = laptop_page.locator(f'select[data-role-select="{awa.snapshot["participant"]["id"]}"]')
    expect(role).to_have_value("broker")

    laptop_page.click(f'[data-agenda-start="{jam["id"]}"]')
    expect(laptop_page.locator("#countdown")).to_have_attribute("data-phase", "untimed")
    awa.wait_for(lambda u: u["type"] == "agenda.state" and u["data"]["fr"]["step_id"] == "select")
    for _ in range(2):
        laptop_page.click("[data-agenda=next]")
    state = awa.wait_for(lambda u: u["type"] == "agenda.state" and u["data"]["fr"]["part_id"] == "opening")
    assert state["data"]["fr"]["duration_s"] == 600
    expect(laptop_page.locator("#countdown")).to_have_attribute("data-phase", "running")
    laptop_page.click("[data-agenda=extend300]")
    extended = awa.wait_for(lambda u: u["type"] == "agenda.state"
                            and (u["data"]["fr"]["remaining_s"] or 0) > 600)
    assert extended["data"]["fr"]["remaining_s"] > 880
    # The slot list jumps: the second round, on "Transparence".
    laptop_page.locator("#slot-list li[data-slot-index]", has_text="Transparence").click()
    jumped = awa.wait_for(lambda u: u["type"] == "agenda.state" and u["data"]["fr"]["topic"] == "Transparence")
    assert jumped["data"]["fr"]["duration_s"] == 30 * 60
    staff.disconnect()
    awa.disconnect()
