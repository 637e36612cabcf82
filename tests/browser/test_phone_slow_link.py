"""A phone on a weak hotspot (issue 9): it connects over a WebSocket with no upgrade, falls
back to long-polling where WebSockets are blocked, sends its waiting posts together when the
network is back, joins before its scripts have loaded, says so when a script did not load, and
holds at 320 px."""
import re

from playwright.sync_api import expect

from phone_steps import go_offline, join_anonymously

# What a proxy that blocks WebSockets does to the page: every attempt fails (error, then close).
BLOCKED_WEBSOCKET = """
window.WebSocket = function () {
  var ws = this;
  ws.readyState = 0;
  setTimeout(function () {
    ws.readyState = 3;
    if (ws.onerror) ws.onerror(new Event('error'));
    if (ws.onclose) ws.onclose({code: 1006, reason: '', wasClean: false});
  }, 0);
};
window.WebSocket.prototype.send = function () {};
window.WebSocket.prototype.close = function () {};
"""


def send(page, text: str) -> None:
    page.fill("#post-text", text)
    page.click("#post-send")


def watch_socket_io(page) -> dict:
    """Every Socket.IO frame the page sends and receives over WebSockets, in order, and its
    long-polling requests."""
    seen = {"frames": [], "polling": []}

    def on_websocket(ws):
        ws.on("framesent", lambda f: seen["frames"].append(("out", f)))
        ws.on("framereceived", lambda f: seen["frames"].append(("in", f)))
    page.on("websocket", on_websocket)
    page.on("request", lambda r: "transport=polling" in r.url and seen["polling"].append(r.url))
    return seen


def test_back_online_the_waiting_posts_leave_together_each_acked(
        server, event, phone_page, laptop_page):
    seen = watch_socket_io(phone_page)
    laptop_page.goto(event["facilitator"])
    join_anonymously(phone_page, server, event["code"])
    # Connected over a WebSocket from the start: no long-polling, no upgrade for sync to wait for.
    assert seen["polling"] == []
    go_offline(phone_page)
    for text in ("Un", "Deux", "Trois"):
        send(phone_page, text)
    expect(phone_page.locator("#mine li[data-state=waiting]")).to_have_count(3)
    expect(phone_page.locator("#conn")).to_have_text("Hors ligne · 3 envois en attente")
    del seen["frames"][:]
    phone_page.context.set_offline(False)
    for text in ("Un", "Deux", "Trois"):
        expect(phone_page.locator("#mine li", has_text=text)).to_have_attribute("data-state", "sent")
        expect(laptop_page.locator("#contrib-list [data-id]", has_text=text)).to_have_count(1)
    expect(phone_page.locator("#conn")).to_have_text("Connecté")
    # Pipelined: the three posts left before the answer to the first came back, each with its
    # own ack id, and each got its ack.
    frames = seen["frames"]
    creates = [(i, m.group(1)) for i, (way, f) in enumerate(frames) if way == "out"
               for m in [re.match(r'42(\d+)\["contribution:create"', f)] if m]
    assert len(creates) == 3, frames
    acked = {m.group(1): i for i, (way, f) in enumerate(frames) if way == "in"
             for m in [re.match(r"43(\d+)\[", f)] if m}
    ids = [ack_id for _, ack_id in creates]
    assert len(set(ids)) == 3 and all(ack_id in acked for ack_id in ids), frames
    assert creates[-1][0] < acked[ids[0]], frames


def test_where_websockets_are_blocked_the_phone_works_over_long_polling(
        server, event, browser, laptop_page):
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True,
                                  has_touch=True, locale="fr-FR")
    context.add_init_script(BLOCKED_WEBSOCKET)
    page = context.new_page()
    seen = watch_socket_io(page)
    try:
        laptop_page.goto(event["facilitator"])
        join_anonymously(page, server, event["code"])
        send(page, "Par long-polling")
        expect(page.locator("#mine li", has_text="Par long-polling")).to_have_attribute(
            "data-state", "sent")
        expect(laptop_page.locator("#contrib-list [data-id]", has_text="Par long-polling")
               ).to_have_count(1)
        # A live update reaches the phone too: the facilitator hides the post.
        laptop_page.locator("#contrib-list [data-id]", has_text="Par long-polling").locator(
            "button", has_text="Masquer").click()
        expect(page.locator("#mine li", has_text="Par long-polling")).to_have_attribute(
            "data-state", "hidden")
        assert seen["polling"] and seen["frames"] == []
    finally:
        context.close()


def test_the_join_form_works_before_any_script_then_the_scripts_take_over(
        server, event, phone_page, laptop_page):
    page = phone_page
    page.route(re.compile(r".*\.js(\?.*)?$"), lambda route: route.abort())
    page.goto(f"{server.base}/j/{event['code']}")
    # In the page itself: usable on first paint, no script needed.
    expect(page.locator("#join")).to_be_visible()
    page.click("#join-submit")  # no name: the server says so, in the page's language
    expect(page.locator("#join-error")).to_have_text("Le texte est vide.")
    page.fill("#join-name", "Aminatou Bello")
    page.fill("#join-org", "FEMCAM")
    page.click("#join-submit")
    expect(page.locator("#app")).to_be_visible()
    expect(page.locator("#join")).to_be_hidden()
    expect(page).to_have_url(f"{server.base}/j/{event['code']}")  # a reload does not join again
    page.unroute(re.compile(r".*\.js(\?.*)?$"))
    page.reload()
    expect(page.locator("#conn")).to_have_attribute("data-state", "online")
    expect(page.locator("#me")).to_contain_text("Aminatou Bello (FEMCAM)")
    expect(page.locator("#boot-fail")).to_be_hidden()
    laptop_page.goto(event["facilitator"])
    expect(laptop_page.locator("#participants")).to_have_text("1")


def test_a_script_that_did_not_load_is_said_with_a_reload(server, event, phone_page):
    page = phone_page
    join_anonymously(page, server, event["code"])
    for blocked in ("socket.io.min.js", "phone.js"):
        pattern = re.compile(r".*/" + re.escape(blocked) + r"(\?.*)?$")
        page.route(pattern, lambda route: route.abort())
        page.reload()
        expect(page.locator("#boot-fail")).to_be_visible()
        expect(page.locator("#boot-fail")).to_contain_text("La page n'a pas fini de se charger")
        page.unroute(pattern)
        page.locator("#boot-fail a", has_text="Recharger").click()
        expect(page.locator("#conn")).to_have_attribute("data-state", "online")
        expect(page.locator("#boot-fail")).to_be_hidden()


def box(page, selector: str) -> dict:
    return page.evaluate("""s => { var r = document.querySelector(s).getBoundingClientRect();
                                   return {top: r.top, bottom: r.bottom, h: innerHeight}; }""",
                         selector)


def test_at_320_px_send_and_the_post_just_written_show_together(server, event, browser):
    context = browser.new_context(viewport={"width": 320, "height": 568}, is_mobile=True,
                                  has_touch=True, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(f"{server.base}/j/{event['code']}")
        page.fill("#join-name", "Aminatou Bello")
        page.fill("#join-org", "Femmes du Cameroun")
        page.click("#join-submit")
        expect(page.locator("#conn")).to_have_attribute("data-state", "online")
        send(page, "Une idée assez longue pour voir comment elle passe à la ligne sur un "
                   "petit écran de téléphone")
        expect(page.locator("#mine li").first).to_have_attribute("data-state", "sent")
        # Where a phone puts the field being typed in (just under the status bar): the text,
        # Send and the post just written (its state and its words; its Edit / Withdraw buttons,
        # phone_actions.js, may sit below) are all on the screen.
        page.evaluate("""() => { var c = document.getElementById('conn').offsetHeight;
          scrollTo(0, document.querySelector('label[for=post-text]').getBoundingClientRect().top
                      + scrollY - c); }""")
        for selector in ("#post-text", "#post-send", "#mine li .meta", "#mine li .txt"):
            b = box(page, selector)
            assert 0 <= b["top"] and b["bottom"] <= b["h"], (selector, b)
        # The status bar stays in view, and nothing is wider than the screen.
        assert box(page, "#conn")["top"] == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()
