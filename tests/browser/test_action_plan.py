"""The Jam's next steps in a real browser: a broker (who is also the note-taker) fills in a whole
action row, every phone sees the action plan, and the author edits and withdraws their own
items from the phone (phone_actions.js, loaded on demand)."""
from playwright.sync_api import expect

from live_server import dashboard, phone


def test_a_broker_posts_a_whole_action_row_and_edits_their_own_items(server, event, phone_page):
    dash = dashboard(server, event)
    other = phone(server, event["code"], name="Ben", organisation="CDL")
    jam = dash.call("agenda:add", {"format_id": "knowledge-jam", "title": "Ressources locales",
                                   "overrides": {"skip": ["select", "plan"]}})["agenda"]["activities"][-1]

    phone_page.goto(f"{server.base}/j/{event['code']}")
    phone_page.fill("#join-name", "Awa Ndiaye")
    phone_page.fill("#join-org", "ASV")
    phone_page.click("#join-submit")
    expect(phone_page.locator("#conn")).to_have_attribute("data-state", "online")
    awa = next(p["id"] for p in dashboard(server, event).snapshot["people"] if p["name"] == "Awa Ndiaye")
    assert dash.call("roles:assign", {"activity_id": jam["id"], "participant_id": awa,
                                      "roles": ["broker", "note_taker"]})["ok"]
    assert dash.call("agenda:start", {"activity_id": jam["id"]})["ok"]
    # Select and Plan were prepared before the day: the phone is straight at step 3.
    expect(phone_page.locator("#agenda-step")).to_contain_text("3")
    expect(phone_page.locator("#my-role")).to_contain_text("Personne relais")
    expect(phone_page.locator("#my-role")).to_contain_text("Prise de notes")

    # A note in the round, corrected by its author while the step is open.
    assert dash.call("agenda:control", {"action": "next"})["ok"]
    phone_page.check("#post-kind input[value=note]")
    phone_page.fill("#post-text", "Les commercants cotisent")
    phone_page.click("#post-send")
    mine = phone_page.locator("#mine li").first
    expect(mine).to_have_attribute("data-state", "sent")
    mine.get_by_role("button", name="Modifier").click()
    mine.locator("form textarea").fill("Les commerçants cotisent quand ils voient les dépenses")
    mine.get_by_role("button", name="Enregistrer").click()
    expect(phone_page.locator("#mine li .txt").first).to_have_text(
        "Les commerçants cotisent quand ils voient les dépenses")
    other.wait_for(lambda u: u["type"] == "contribution.updated"
                   and u["data"]["text"] == "Les commerçants cotisent quand ils voient les dépenses")

    # A comment withdrawn: it leaves my list and every screen.
    phone_page.check("#post-kind input[value=comment]")
    phone_page.fill("#post-text", "Doublon, à retirer")
    phone_page.click("#post-send")
    slip = phone_page.locator("#mine li", has_text="Doublon, à retirer")
    expect(slip).to_have_attribute("data-state", "sent")
    slip.get_by_role("button", name="Retirer").click()
    expect(slip).to_have_count(0)
    other.wait_for(lambda u: u["type"] == "contribution.updated" and u["data"]["withdrawn"])

    # Next steps: the broker writes a whole action row.
    slots = dash.call("sync", {"since": 0})["snapshot"]["agenda"]["activities"][-1]["slots"]
    next_steps = next(s["index"] for s in slots if s["part_id"] == "next_steps")
    assert dash.call("agenda:control", {"action": "goto", "value": next_steps})["ok"]
    phone_page.check("#post-kind input[value=action]")
    phone_page.fill("#post-text", "Afficher les dépenses au marché")
    phone_page.fill("#post-who", "ASV")
    phone_page.fill("#post-partners", "Mairie de Bonabéri")
    phone_page.fill("#post-when", "fin juin")
    phone_page.fill("#post-resources", "un tableau")
    phone_page.fill("#post-indicator", "un relevé par mois")
    phone_page.click("#post-send")
    row = phone_page.locator("#a-rows li").first
    expect(row).to_contain_text("Afficher les dépenses au marché")
    expect(row).to_contain_text("Partenaires : Mairie de Bonabéri")
    expect(row).to_contain_text("Indicateur de réussite : un relevé par mois")
    expect(row).to_contain_text("À faire")
    created = other.wait_for(lambda u: u["type"] == "contribution.created" and u["data"]["kind"] == "action")
    assert created["data"]["meta"]["resources"] == "un tableau"

    # The author moves it on from the plan; the facilitator's change shows too.
    row.get_by_role("button", name="Modifier").click()
    row.locator("select").select_option("doing")
    row.get_by_role("button", name="Enregistrer").click()
    expect(phone_page.locator("#a-rows li").first).to_contain_text("En cours")
    assert dash.call("contribution:moderate", {"id": created["data"]["id"], "status": "blocked"})["ok"]
    expect(phone_page.locator("#a-rows li").first).to_contain_text("Bloqué")

    # Ben, who is no broker, sees the plan after a reload (the snapshot carries it).
    ben = phone_page.context.browser.new_context(locale="fr-FR").new_page()
    ben.goto(f"{server.base}/j/{event['code']}")
    ben.click("#join-anonymous")
    expect(ben.locator("#a-rows li").first).to_contain_text("Afficher les dépenses au marché")
    expect(ben.locator("#a-rows li").first.get_by_role("button", name="Modifier")).to_have_count(0)
    expect(ben.locator("#post-kind input[value=action]")).to_be_hidden()
    ben.context.close()
    for screen in (dash, other):
        screen.disconnect()
