"""Issue 2 in a real browser: a phone joins by the join URL, posts, the dashboard shows it."""
from playwright.sync_api import expect

from phone_steps import go_offline, join_anonymously


def test_join_post_and_see_it_on_the_dashboard(server, event, phone_page, laptop_page):
    laptop_page.goto(event["facilitator"])
    expect(laptop_page.locator("#phones")).to_have_text("0")

    phone_page.goto(f"{server.base}/j/{event['code']}")
    phone_page.fill("#join-name", "Aminatou Bello")
    phone_page.fill("#join-org", "FEMCAM")
    phone_page.click("#join-submit")
    expect(phone_page.locator("#conn")).to_have_attribute("data-state", "online")
    expect(laptop_page.locator("#phones")).to_have_text("1")

    phone_page.check("#post-kind input[value=question]")
    phone_page.fill("#post-text", "Comment éviter que les bénéficiaires attendent tout du projet ?")
    phone_page.click("#post-send")
    mine = phone_page.locator("#mine li").first
    expect(mine).to_have_attribute("data-state", "sent")

    item = laptop_page.locator("#contrib-list [data-id]").first
    expect(item).to_contain_text("Comment éviter que les bénéficiaires attendent tout du projet ?")
    expect(item).to_contain_text("Aminatou Bello")

    # A reload finds the same person and their history; nothing is posted twice.
    phone_page.reload()
    expect(phone_page.locator("#conn")).to_have_attribute("data-state", "online")
    expect(phone_page.locator("#mine li")).to_have_count(1)
    expect(phone_page.locator("#mine li").first).to_have_attribute("data-state", "sent")
    expect(laptop_page.locator("#contrib-list [data-id]")).to_have_count(1)


def test_a_post_written_offline_leaves_when_the_network_is_back(server, event, phone_page, laptop_page):
    laptop_page.goto(event["facilitator"])
    join_anonymously(phone_page, server, event["code"])
    go_offline(phone_page)
    phone_page.fill("#post-text", "Écrit sans réseau")
    phone_page.click("#post-send")
    expect(phone_page.locator("#mine li").first).to_have_attribute("data-state", "waiting")
    phone_page.context.set_offline(False)
    expect(phone_page.locator("#mine li").first).to_have_attribute("data-state", "sent", timeout=30000)
    item = laptop_page.locator("#contrib-list [data-id]").first
    expect(item).to_contain_text("Écrit sans réseau")


def test_unknown_code_page_in_both_languages(server, phone_page):
    response = phone_page.goto(f"{server.base}/j/QQQQQQ")
    assert response.status == 404
    expect(phone_page.locator("h1")).to_have_text("Code inconnu")
    phone_page.goto(f"{server.base}/j/QQQQQQ?lang=en")
    expect(phone_page.locator("h1")).to_have_text("Unknown code")


def test_a_post_left_in_a_closed_tab_is_sent_by_the_other(server, event, phone_page, laptop_page):
    laptop_page.goto(event["facilitator"])
    join_anonymously(phone_page, server, event["code"])
    go_offline(phone_page)
    phone_page.fill("#post-text", "Depuis le premier onglet")
    phone_page.click("#post-send")
    # A second tab, opened while the network was there, writes while it is gone, then dies.
    other = phone_page.context.new_page()
    phone_page.context.set_offline(False)
    other.goto(f"{server.base}/j/{event['code']}")
    expect(other.locator("#conn")).to_have_attribute("data-state", "online")
    go_offline(other)
    other.fill("#post-text", "Depuis le second onglet")
    other.click("#post-send")
    other.close()  # a cheap phone kills a background tab
    phone_page.context.set_offline(False)
    items = laptop_page.locator("#contrib-list [data-id]")
    expect(items).to_have_count(2, timeout=30000)
    expect(laptop_page.locator("#contrib-list")).to_contain_text("Depuis le second onglet")
