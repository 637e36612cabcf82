"""A phone's outbox never blocks behind one post (issue 7, item 2): a post the server keeps
failing is retried with backoff behind the others; a post it refuses is shown refused with the
reason in the phone's language, to edit and resend, or to discard."""
import json
import sqlite3

from playwright.sync_api import expect

from phone_steps import join_anonymously


def fail_inserts_of(db, text: str) -> None:
    """A write that fails on the server for one text (a real fault: the insert raises)."""
    with sqlite3.connect(db) as conn:
        conn.execute(f"CREATE TRIGGER boom BEFORE INSERT ON contributions WHEN NEW.text = '{text}'"
                     " BEGIN SELECT RAISE(ABORT, 'disk says no'); END")


def send(page, text: str) -> None:
    page.fill("#post-text", text)
    page.click("#post-send")


def test_a_failing_post_then_three_good_ones_the_three_arrive(server, event, phone_page, laptop_page):
    fail_inserts_of(server.db, "Panne")
    laptop_page.goto(event["facilitator"])
    join_anonymously(phone_page, server, event["code"])
    send(phone_page, "Panne")
    failing = phone_page.locator("#mine li", has_text="Panne")
    expect(failing.locator(".msg")).to_contain_text("Erreur du serveur")
    for text in ("Un", "Deux", "Trois"):
        send(phone_page, text)
    for text in ("Un", "Deux", "Trois"):
        expect(phone_page.locator("#mine li", has_text=text)).to_have_attribute("data-state", "sent")
        expect(laptop_page.locator("#contrib-list [data-id]", has_text=text)).to_have_count(1)
    expect(failing).to_have_attribute("data-state", "waiting")  # still kept, retried later
    assert any(i["text"] == "Panne" for i in json.loads(phone_page.evaluate(
        "localStorage.getItem('palabre:%s:outbox')" % event["code"])))


def test_a_refused_post_is_shown_with_its_reason_and_can_be_edited_or_discarded(
        server, event, phone_page, laptop_page):
    laptop_page.goto(event["facilitator"])
    join_anonymously(phone_page, server, event["code"])
    code = event["code"]
    # Two posts the server will refuse for good (an unknown kind), written by an older page.
    phone_page.evaluate("""code => {
      var k = 'palabre:' + code + ':outbox';
      var box = JSON.parse(localStorage.getItem(k) || '[]');
      ['Poème un', 'Poème deux'].forEach(function (t, i) {
        box.push({client_id: '00000000-0000-4000-8000-00000000000' + i, kind: 'poem', text: t,
                  anonymous: false, at: Date.now() / 1000});
      });
      localStorage.setItem(k, JSON.stringify(box));
    }""", code)
    phone_page.reload()
    expect(phone_page.locator("#conn")).to_have_attribute("data-state", "online")
    first = phone_page.locator("#mine li", has_text="Poème un")
    expect(first).to_have_attribute("data-state", "refused")
    expect(first.locator(".msg")).to_have_text("Type de contribution inconnu : poem.")
    for text in ("Un", "Deux", "Trois"):
        send(phone_page, text)
    for text in ("Un", "Deux", "Trois"):
        expect(laptop_page.locator("#contrib-list [data-id]", has_text=text)).to_have_count(1)

    first.locator("button.edit").click()
    expect(phone_page.locator("#post-text")).to_have_value("Poème un")
    expect(phone_page.locator("#mine li", has_text="Poème un")).to_have_count(0)
    phone_page.click("#post-send")  # resent as an idea, the kind the form shows
    expect(phone_page.locator("#mine li", has_text="Poème un")).to_have_attribute("data-state", "sent")
    expect(laptop_page.locator("#contrib-list [data-id]", has_text="Poème un")).to_have_count(1)

    phone_page.locator("#mine li", has_text="Poème deux").locator("button.discard").click()
    expect(phone_page.locator("#mine li", has_text="Poème deux")).to_have_count(0)
    phone_page.reload()
    expect(phone_page.locator("#conn")).to_have_attribute("data-state", "online")
    expect(phone_page.locator("#mine li", has_text="Poème deux")).to_have_count(0)
