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


def test_the_dashboard_gives_a_second_role_corrects_a_note_and_edits_an_action_row(server, event, laptop_page):
    staff = dashboard(server, event)
    awa = phone(server, event["code"], name="Awa", organisation="ASV")
    pid = awa.snapshot["participant"]["id"]
    jam = staff.call("agenda:add", {"format_id": "knowledge-jam", "title": "Ressources locales"})["agenda"]["activities"][-1]
    laptop_page.goto(event["facilitator"])
    laptop_page.select_option("#roles-activity", str(jam["id"]))
    laptop_page.select_option(f'select[data-role-select="{pid}"]', "sponsor")
    staff.wait_for(lambda u: u["type"] == "roles.updated" and u["data"]["roles"])
    laptop_page.select_option(f'select[data-role2-select="{pid}"]', "broker")
    held = staff.wait_for(lambda u: u["type"] == "roles.updated" and len(u["data"]["roles"]) == 2)
    assert sorted(r["role"] for r in held["data"]["roles"]) == ["broker", "sponsor"]

    # Select and Plan prepared before the day: ticked in the activity's edit form.
    laptop_page.click(f'#agenda-list li[data-activity-id="{jam["id"]}"] [data-act=edit]')
    laptop_page.check('[data-skip="select"]')
    laptop_page.check('[data-skip="plan"]')
    laptop_page.click("#edit-save")
    staff.wait_for(lambda u: u["type"] == "agenda.changed" and u["data"]["activities"][-1]["overrides"].get("skip"))
    assert staff.call("agenda:start", {"activity_id": jam["id"]})["state"]["fr"]["part_id"] == "opening"

    staff.call("roles:assign", {"activity_id": jam["id"], "participant_id": pid, "roles": ["broker", "note_taker"]})
    staff.call("agenda:control", {"action": "next"})
    note = awa.post("Les comercants cotisent", "note")["contribution"]
    item = laptop_page.locator(f'#contrib-list [data-id="{note["id"]}"]')
    item.locator("[data-action=correct]").click()
    item.locator("form.correct textarea").fill("Les commerçants cotisent")
    item.locator("form.correct button[type=submit]").click()
    expect(laptop_page.locator(f'#contrib-list [data-id="{note["id"]}"] .txt')).to_have_text("Les commerçants cotisent")
    awa.wait_for(lambda u: u["type"] == "contribution.updated" and u["data"]["text"] == "Les commerçants cotisent")

    staff.call("agenda:control", {"action": "next"})
    staff.call("agenda:control", {"action": "next"})  # next steps
    action = awa.post("Afficher les dépenses", "action", meta={"who": "ASV"})["contribution"]
    row = laptop_page.locator(f'#contrib-list [data-id="{action["id"]}"]')
    row.locator("[data-action=correct]").click()
    row.locator('form.correct [data-cell="partners"]').fill("Mairie")
    row.locator("form.correct button[type=submit]").click()
    changed = awa.wait_for(lambda u: u["type"] == "contribution.updated" and u["data"]["id"] == action["id"])
    assert changed["data"]["meta"]["partners"] == "Mairie" and changed["data"]["meta"]["who"] == "ASV"
    laptop_page.locator(f'#contrib-list [data-id="{action["id"]}"] [data-action-status]').select_option("blocked")
    awa.wait_for(lambda u: u["type"] == "contribution.updated" and (u["data"]["meta"] or {}).get("status") == "blocked")
    staff.disconnect()
    awa.disconnect()
