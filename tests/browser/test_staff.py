"""What the facilitator writes to the room, the team's links and the phones' language, in real
browsers (staff: realtime/staff.py, staff_panel.js, phone_staff.js, projector_staff.js)."""
from playwright.sync_api import expect

from live_server import dashboard
from phone_steps import join_anonymously


def test_the_announcement_appears_on_a_phone_until_dismissed_or_replaced(server, event, phone_page,
                                                                         laptop_page, browser):
    laptop_page.goto(event["facilitator"])
    expect(laptop_page.locator("#conn")).to_have_attribute("data-state", "online")
    join_anonymously(phone_page, server, event["code"])
    projector = browser.new_page()
    projector.goto(f"{server.base}/projector/{event['code']}")

    laptop_page.fill("#announce-text", "Pause : retour en salle à 10 h 45.")
    laptop_page.click("#announce-send")
    box = phone_page.locator("#announce")
    expect(box).to_be_visible()
    expect(box).to_contain_text("Pause : retour en salle à 10 h 45.")
    expect(projector.locator("#pj-announce")).to_contain_text("retour en salle à 10 h 45")
    expect(laptop_page.locator("#announce-current")).to_contain_text("10 h 45")

    # Dismissed: it stays closed after a reload; a new announcement shows again.
    box.get_by_role("button").click()
    expect(box).to_be_hidden()
    phone_page.reload()
    expect(phone_page.locator("#conn")).to_have_attribute("data-state", "online")
    expect(phone_page.locator("main")).not_to_contain_text("10 h 45")
    laptop_page.fill("#announce-text", "Le déjeuner est servi.")
    laptop_page.click("#announce-send")
    expect(phone_page.locator("#announce")).to_contain_text("Le déjeuner est servi.")
    # Removed from the dashboard: gone everywhere.
    laptop_page.click("#announce-clear")
    expect(phone_page.locator("#announce")).to_be_hidden()
    expect(projector.locator("#pj-announce")).to_be_hidden()
    projector.close()


def test_the_brief_shows_on_phone_and_projector_while_its_activity_runs(server, event, phone_page,
                                                                       laptop_page, browser):
    staff = dashboard(server, event)
    jam = staff.call("agenda:add", {"format_id": "knowledge-jam",
                                    "title": "Mobiliser des ressources locales"})["agenda"]["activities"][-1]
    laptop_page.goto(event["facilitator"])
    expect(laptop_page.locator("#brief-activity")).to_have_value(str(jam["id"]))
    expect(laptop_page.locator("#brief-form")).to_be_visible()
    brief = "Pourquoi : les financements extérieurs baissent. Attendu : trois pistes concrètes."
    laptop_page.fill("#brief-text", brief)
    laptop_page.click("#brief-save")
    expect(laptop_page.locator("#brief-saved")).to_be_visible()

    join_anonymously(phone_page, server, event["code"])
    projector = browser.new_page()
    projector.goto(f"{server.base}/projector/{event['code']}")
    expect(phone_page.locator("#brief")).to_be_hidden()  # nothing runs yet
    laptop_page.click(f'[data-agenda-start="{jam["id"]}"]')
    expect(phone_page.locator("#brief")).to_contain_text("trois pistes concrètes")
    expect(projector.locator("#pj-brief")).to_contain_text("trois pistes concrètes")
    projector.close()


def test_the_dashboard_lists_who_is_signed_in_and_revokes_a_link(server, event, laptop_page, browser):
    laptop_page.goto(event["facilitator"])
    expect(laptop_page.locator("#conn")).to_have_attribute("data-state", "online")
    main = laptop_page.locator("#team-list [data-link=main]")
    expect(main).to_contain_text("1 navigateur connecté")
    laptop_page.fill("#team-name", "Tablette de Mireille")
    laptop_page.click("#team-create")
    expect(laptop_page.locator("#team-new")).to_be_visible()
    link_url = laptop_page.locator("#team-new input").input_value()
    assert link_url.startswith(f"{server.base}/f/")
    row = laptop_page.locator("#team-list li", has_text="Tablette de Mireille")
    expect(row).to_contain_text("aucun navigateur connecté")

    tablet = browser.new_context(locale="fr-FR")
    page = tablet.new_page()
    page.goto(link_url + f"?next=/facilitator/events/{event['code']}")
    expect(page.locator("#conn")).to_have_attribute("data-state", "online")
    expect(row).to_contain_text("1 navigateur connecté")
    expect(page.locator("#team-form")).to_be_hidden()  # a co-facilitator does not manage links

    laptop_page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button").click()
    expect(laptop_page.locator("#team-list li", has_text="Tablette de Mireille")).to_have_count(0)
    expect(page.locator("#conn")).to_have_attribute("data-state", "offline")
    page.reload()
    expect(page.locator("body")).to_contain_text("lien d'animation")
    tablet.close()


def test_a_phone_in_english_follows_its_browser_when_the_event_allows_it(server, event, browser,
                                                                        laptop_page):
    english = browser.new_context(locale="en-GB", is_mobile=True, viewport={"width": 390, "height": 844})
    phone = english.new_page()
    phone.goto(f"{server.base}/j/{event['code']}")
    expect(phone.locator("#join-submit")).to_have_text("Rejoindre")  # the event's French
    laptop_page.goto(event["facilitator"])
    laptop_page.click(".settings summary")
    laptop_page.check("#set-follow-browser")
    laptop_page.click("#settings-form button[type=submit]")
    expect(laptop_page.locator("#set-follow-browser")).to_be_checked()
    phone.reload()
    expect(phone.locator("#join-submit")).to_have_text("Join")
    phone.click("#lang-switch")  # a person can still switch
    expect(phone.locator("#join-submit")).to_have_text("Rejoindre")
    english.close()


def test_the_dashboard_edits_the_workshops_organisations(server, event, laptop_page):
    laptop_page.goto(event["facilitator"])
    expect(laptop_page.locator("#conn")).to_have_attribute("data-state", "online")
    laptop_page.click(".settings summary")
    laptop_page.fill("#orgs-text", "ASV; Association Solidarité Villageoise; association\n\n"
                                   "FEMCAM\tFemmes Entrepreneures du Cameroun\tONG\nasv; Doublon")
    laptop_page.click("#orgs-save")
    expect(laptop_page.locator("#orgs-error")).to_contain_text("ligne 3")  # as the box now shows it
    expect(laptop_page.locator("#orgs-text")).to_have_value(
        "ASV; Association Solidarité Villageoise; association\nFEMCAM\tFemmes Entrepreneures du Cameroun\tONG\nasv; Doublon")
    laptop_page.fill("#orgs-text", "ASV; Association Solidarité Villageoise; association\n\n"
                                   "FEMCAM\tFemmes Entrepreneures du Cameroun\tONG")
    laptop_page.click("#orgs-save")
    expect(laptop_page.locator("#orgs-saved")).to_be_visible()
    expect(laptop_page.locator("#orgs-count")).to_have_text("(2 organisations inscrites)")
    staff = dashboard(server, event)
    assert staff.call("sync", {"since": 0})["snapshot"]["organisations"] == [
        {"code": "ASV", "name": "Association Solidarité Villageoise", "kind": "association"},
        {"code": "FEMCAM", "name": "Femmes Entrepreneures du Cameroun", "kind": "ONG"}]
    laptop_page.reload()
    laptop_page.click(".settings summary")
    expect(laptop_page.locator("#orgs-text")).to_have_value(
        "ASV; Association Solidarité Villageoise; association\nFEMCAM; Femmes Entrepreneures du Cameroun; ONG")
