"""Breakout groups in a real browser (issue 10): the group screen loads only in a group step, a
member sees their own group's stream and no other, a rapporteur fills in and submits the sheet
on a small phone, and the dashboard shows it submitted."""
import pytest
from playwright.sync_api import expect

from live_server import dashboard, next_step, phone, start_activity


@pytest.fixture
def small_phone(browser):
    """A 360×640 phone, the small end of what people bring."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True,
                                  has_touch=True, locale="fr-FR")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()


def join_in_browser(page, server, code, name, organisation):
    page.goto(f"{server.base}/j/{code}")
    page.fill("#join-name", name)
    page.fill("#join-org", organisation)
    page.click("#join-submit")
    expect(page.locator("#conn")).to_have_attribute("data-state", "online")


def participant_id(staff, name):
    joined = staff.wait_for(lambda u: u["type"] == "participant.joined" and u["data"]["name"] == name)
    return joined["data"]["id"]


def group_script_loaded(page) -> bool:
    return page.evaluate("""() => !!(window.Live.features.groups) ||
        performance.getEntriesByType('resource').some(e => e.name.includes('phone_groups.js'))""")


def test_the_group_script_loads_only_when_the_room_enters_a_group_step(server, event, small_phone):
    staff = dashboard(server, event)
    join_in_browser(small_phone, server, event["code"], "Awa", "ASV")
    small_phone.fill("#post-text", "Sur le mur ouvert")
    small_phone.click("#post-send")
    expect(small_phone.locator("#mine li").first).to_have_attribute("data-state", "sent")
    start_activity(staff, "qna")
    expect(small_phone.locator("#agenda")).to_be_visible()
    assert not group_script_loaded(small_phone)

    staff.call("agenda:close", {})
    start_activity(staff, "breakout")
    small_phone.wait_for_function("() => !!window.Live.features.groups")
    expect(small_phone.locator("#g-top")).to_be_visible()
    assert small_phone.locator('script[src*="phone_groups.js"]').count() == 1


def test_a_member_sees_the_stream_of_their_group_and_not_another(server, event, small_phone, laptop_page):
    staff = dashboard(server, event)
    join_in_browser(small_phone, server, event["code"], "Awa", "ASV")
    awa = participant_id(staff, "Awa")
    mates = {name: phone(server, event["code"], name=name, organisation=org)
             for name, org in (("Boris", "RJD"), ("Chantal", "CDL"), ("Dieudonné", "MICRO"))}
    activity, _ = start_activity(staff, "breakout")
    formed = staff.call("groups:form", {"activity_id": activity["id"], "strategy": "random", "count": 2,
                                        "themes": ["Genre et inclusion", "Plaidoyer auprès des élus locaux"]})
    assert formed["ok"], formed
    one, two = sorted(formed["formation"]["groups"], key=lambda g: g["number"])
    for pid, gid in ((awa, one["id"]), (mates["Boris"].snapshot["participant"]["id"], one["id"]),
                     (mates["Chantal"].snapshot["participant"]["id"], two["id"]),
                     (mates["Dieudonné"].snapshot["participant"]["id"], two["id"])):
        assert staff.call("groups:move", {"activity_id": activity["id"], "participant_id": pid,
                                          "group_id": gid})["ok"]
    expect(small_phone.locator("#g-head")).to_contain_text("Genre et inclusion")
    for screen in mates.values():
        screen.sync()  # a fresh snapshot: the phone's sockets are in its group's room
    assert mates["Boris"].post("Chez nous, la radio a doublé la participation.")["ok"]
    assert mates["Chantal"].post("Un secret du groupe 2")["ok"]

    stream = small_phone.locator("#g-stream")
    expect(stream).to_contain_text("Chez nous, la radio a doublé la participation.")
    # The other group's post reached its own members and the dashboard, never this phone.
    mates["Dieudonné"].wait_for(lambda u: u["type"] == "contribution.created"
                                and u["data"]["text"] == "Un secret du groupe 2")
    staff.wait_for(lambda u: u["type"] == "contribution.created" and u["data"]["text"] == "Un secret du groupe 2")
    small_phone.fill("#post-text", "Et chez nous, les comités de quartier.")
    small_phone.click("#post-send")
    expect(stream).to_contain_text("Et chez nous, les comités de quartier.")
    expect(stream).not_to_contain_text("Un secret du groupe 2")
    assert "Un secret du groupe 2" not in small_phone.locator("main").inner_text()


def test_a_rapporteur_fills_in_and_submits_the_sheet_and_the_dashboard_sees_it(
        server, event, small_phone, laptop_page):
    staff = dashboard(server, event)
    join_in_browser(small_phone, server, event["code"], "Awa", "ASV")
    others = [phone(server, event["code"], name=n, organisation=o) for n, o in (("Boris", "RJD"), ("Chantal", "CDL"))]
    activity, _ = start_activity(staff, "breakout")
    laptop_page.goto(event["facilitator"])
    formed = staff.call("groups:form", {"activity_id": activity["id"], "strategy": "random", "count": 1,
                                        "themes": ["Mobilisation des ressources locales"]})
    assert formed["ok"], formed
    group = formed["formation"]["groups"][0]
    card = laptop_page.locator(f'.group-card[data-group-id="{group["id"]}"]')
    expect(card.locator("[data-rapporteur]")).to_have_attribute("data-rapporteur", "missing")

    # The phone asks the group to appoint its rapporteur before the work starts.
    ask = small_phone.locator("#g-ask")
    expect(ask).to_be_visible()
    ask.get_by_role("button").click()
    expect(ask).to_be_hidden()
    expect(small_phone.locator('#g-members [data-role="rapporteur"]')).to_contain_text("Awa")
    expect(card.locator("[data-rapporteur]")).to_have_attribute("data-rapporteur", "named")
    next_step(staff)  # the work: 60 minutes
    expect(small_phone.locator("#g-clock")).to_have_attribute("data-phase", "running")

    sheet = small_phone.locator("#g-sheet")
    def saved(cell):
        expect(cell.locator("xpath=following-sibling::p[1]")).to_have_text("Enregistré")

    theme = sheet.locator('[data-k="theme"]')
    theme.fill("Mobiliser les cotisations des membres")
    point = sheet.locator('textarea[data-k^="key_points/"]').first
    point.fill("Les tontines financent de petits projets.")
    saved(theme)
    saved(point)
    question = sheet.locator('[data-k="plenary_question"]')
    question.fill("Comment garder les bénévoles après le projet ?")
    saved(question)
    sheet.get_by_role("button", name="Ajouter une action").click()
    what = sheet.locator('[data-row] textarea[aria-label="Quoi"]').last
    what.fill("Partager le modèle de budget participatif")
    saved(what)
    who = sheet.locator('[data-row] textarea[aria-label="Qui"]').last
    who.fill("CDL")
    saved(who)
    # A member's post becomes a proposal in one tap; the rapporteur accepts it.
    assert others[0].post("Afficher les dépenses au marché chaque trimestre.")["ok"]
    item = small_phone.locator("#g-stream li", has_text="Afficher les dépenses")
    item.get_by_role("button").click()
    proposal = small_phone.locator("#g-proposals li", has_text="Afficher les dépenses")
    proposal.locator("select").select_option("recommendations")
    proposal.get_by_role("button", name="Accepter").click()
    expect(small_phone.locator("#g-proposals")).to_have_count(0)
    expect(sheet.locator('textarea[data-k^="recommendations/"]').first).to_have_value(
        "Afficher les dépenses au marché chaque trimestre.")
    small_phone.screenshot(path=str(server.db.parent / "phone-sheet.png"), full_page=True)

    small_phone.click("#g-submit")
    expect(small_phone.locator("#g-status")).to_contain_text("La fiche est remise")
    expect(sheet.locator("textarea")).to_have_count(0)  # read-only until the facilitator reopens it
    submitted = staff.wait_for(lambda u: u["type"] == "sheet.submitted")
    data = submitted["data"]["sheet"]
    assert data["theme"]["value"] == "Mobiliser les cotisations des membres"
    assert [i["value"] for i in data["key_points"] if not i["removed"]] == ["Les tontines financent de petits projets."]
    assert data["actions"][0]["cells"]["who"]["value"] == "CDL"
    expect(card).to_have_attribute("data-status", "submitted")
    expect(card.locator("[data-reopen]")).to_be_visible()

    card.locator("[data-reopen]").click()
    # Reopened: the cells are inputs again (a read-only sheet shows them as text).
    expect(small_phone.locator('#g-sheet textarea[data-k="theme"]')).to_have_value("Mobiliser les cotisations des membres")
    for screen in others:
        screen.disconnect()
