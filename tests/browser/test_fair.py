"""The idea fair in a real browser (issue 12): a kiosk's QR on a phone, the presenter's view,
the posters printed to PDF, and the fair's phone script loaded only when it is needed."""
import re

import pytest
from playwright.sync_api import expect

from live_server import dashboard, phone

SHOTS = None  # set to a folder path to keep screenshots while working on the screens


@pytest.fixture
def small_phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True,
                                  has_touch=True, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def make_fair(dash, people=()):
    """An idea-fair activity with three kiosks; returns (activity, kiosks, presenter urls)."""
    activity = dash.call("agenda:add", {"format_id": "idea-fair"})["agenda"]["activities"][-1]
    kiosks, urls = [], []
    for title, org in [("Kiosques à eau gérés par des femmes", "ASV"),
                       ("Radio communautaire", "FEMCAM"), ("Tontines numériques", "Mairie")]:
        ack = dash.call("fair:kiosk_save", {"activity_id": activity["id"], "title": title,
                                            "organisation": org,
                                            "description": "Une pratique locale qui marche."})
        assert ack["ok"], ack
        kiosks.append(ack["kiosk"])
        urls.append(ack["presenter_url"])
    return activity, kiosks, urls


def fair_script_requested(page):
    return page.evaluate("() => !!document.querySelector('script[src*=\"phone_fair.js\"]')")


def test_a_question_left_by_a_kiosk_qr_reaches_the_presenter_view(server, event, small_phone, laptop_page):
    dash = dashboard(server, event)
    activity, kiosks, urls = make_fair(dash)
    assert dash.call("agenda:start", {"activity_id": activity["id"]})["ok"]
    kiosk = kiosks[1]
    presenter = laptop_page
    presenter.goto(urls[1])
    expect(presenter.locator("#conn")).to_have_attribute("data-state", "online")
    expect(presenter.locator("#kiosk h2")).to_have_text("Radio communautaire")
    expect(presenter.locator("#k-questions")).to_contain_text("0 sans réponse")

    # The phone scans the poster's QR (the kiosk's visit URL), joins, and lands on that stand.
    small_phone.goto(kiosk["visit_url"])
    assert "kiosk=" in small_phone.url
    small_phone.fill("#join-name", "Chloé")
    small_phone.fill("#join-org", "Mairie")
    small_phone.click("#join-submit")
    view = small_phone.locator(".f-kiosk-view")
    expect(view).to_have_attribute("data-kiosk-id", str(kiosk["id"]))
    expect(view.locator("h2")).to_have_text("Radio communautaire")
    assert "kiosk=" not in small_phone.url  # a reload does not visit again
    shot(small_phone, "phone_kiosk")

    question = "Comment financez-vous l'antenne pendant la saison des pluies ?"
    view.locator("form[data-kind=question] textarea").fill(question)
    view.locator("form[data-kind=question] button[type=submit]").click()
    mine = view.locator(".f-mine li", has_text=question)
    expect(mine).to_have_attribute("data-state", "sent")

    # The adoption note says plainly who will read it.
    view.locator(".f-adopt summary").click()
    expect(view.locator(".f-adopt .note")).to_contain_text("Seules la personne qui présente et l'équipe d'animation")
    view.locator("form[data-kind=adopt] textarea").first.fill("chloe@mairie.example")
    view.locator("form[data-kind=adopt] button[type=submit]").click()

    item = presenter.locator("#k-questions li", has_text=question)
    expect(item).to_contain_text("Chloé · Mairie")
    expect(presenter.locator("#k-questions h3")).to_contain_text("1 sans réponse")
    expect(presenter.locator("#k-adopts")).to_contain_text("chloe@mairie.example")
    item.locator("[data-answer]").click()
    expect(item.locator("[data-answer]")).to_have_attribute("aria-pressed", "true")
    expect(presenter.locator("#k-questions h3")).to_contain_text("0 sans réponse")
    shot(presenter, "presenter")
    # A reload finds the visitor at the same stand, their question marked answered, nothing twice.
    small_phone.reload()
    expect(view).to_have_attribute("data-kiosk-id", str(kiosk["id"]))
    expect(view.locator(".f-mine li")).to_have_count(2)
    expect(view.locator(".f-mine li", has_text=question)).to_contain_text("Répondue")
    dash.disconnect()


def test_the_fair_script_loads_only_when_the_room_enters_the_fair(server, event, small_phone):
    dash = dashboard(server, event)
    dash.call("agenda:add", {"format_id": "brainstorm"})
    activity, kiosks, _urls = make_fair(dash)
    small_phone.goto(f"{server.base}/j/{event['code']}")
    small_phone.click("#join-anonymous")
    expect(small_phone.locator("#conn")).to_have_attribute("data-state", "online")
    expect(small_phone.locator("#post")).to_be_visible()
    assert not fair_script_requested(small_phone)

    assert dash.call("agenda:start", {"activity_id": activity["id"]})["ok"]
    assert dash.call("fair:groups", {"activity_id": activity["id"]})["ok"]
    started = dash.call("fair:start", {"activity_id": activity["id"], "mode": "rotation"})
    assert started["ok"], started
    expect(small_phone.locator("#fair")).to_be_visible(timeout=15000)
    assert fair_script_requested(small_phone)
    expect(small_phone.locator("#post")).to_be_hidden()
    expect(small_phone.locator(".f-where")).to_contain_text("Votre groupe de visite : Groupe")
    expect(small_phone.locator("#f-cd")).not_to_have_text("")
    expect(small_phone.locator("#f-kiosks li")).to_have_count(3)
    shot(small_phone, "phone_fair")
    dash.disconnect()


def test_the_posters_print_one_a4_page_per_kiosk(server, event, laptop_page):
    dash = dashboard(server, event)
    activity, kiosks, _urls = make_fair(dash)
    laptop_page.goto(event["facilitator"])  # signs the browser in
    laptop_page.goto(f"{server.base}/facilitator/events/{event['code']}/posters?activity={activity['id']}")
    posters = laptop_page.locator(".poster")
    expect(posters).to_have_count(3)
    expect(posters.nth(1)).to_contain_text(kiosks[1]["code"])
    expect(posters.nth(1).locator("svg")).to_have_count(1)
    shot(laptop_page, "posters")
    pdf = laptop_page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == len(kiosks), pages
    dash.disconnect()
