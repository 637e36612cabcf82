"""The idea fair's pages: a kiosk's QR, its presenter view, the posters, the QR image, the words
of the phone script (docs/protocol.md §11.6)."""
from room_client import ask


def setup_kiosk(room):
    staff = room.facilitator()
    ask(staff, "sync", {"since": 0})
    activity = ask(staff, "agenda:add", {"format_id": "idea-fair"})["agenda"]["activities"][-1]["id"]
    ack = ask(staff, "fair:kiosk_save", {"activity_id": activity, "title": "Bornes <b>fontaines</b>",
                                         "organisation": "ASV"})
    return staff, activity, ack


def test_the_kiosk_qr_opens_the_phone_on_that_kiosk(room):
    _staff, _activity, ack = setup_kiosk(room)
    code = ack["kiosk"]["code"]
    http = room.app.test_client()
    answer = http.get(f"/k/{room.code.lower()}/{code.lower()}")
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/j/{room.code}?kiosk={code}")
    assert http.get(f"/k/{room.code}/ZZZZ").status_code == 404
    assert http.get(f"/k/AAAAAA/{code}").status_code == 404
    svg = http.get(f"/qr/{room.code}/kiosk/{code}.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert http.get(f"/qr/{room.code}/kiosk/ZZZZ.svg").status_code == 404


def test_the_staff_link_opens_the_presenter_view(room):
    _staff, _activity, ack = setup_kiosk(room)
    http = room.app.test_client()
    page = http.get("/kiosk/" + ack["presenter_url"].rsplit("/", 1)[1])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'data-kiosk="{ack["kiosk"]["id"]}"' in html and "<b>fontaines" not in html
    assert http.get("/kiosk/not-a-token").status_code == 404


def test_posters_print_every_kiosk_behind_the_session(room):
    _staff, activity, ack = setup_kiosk(room)
    assert room.app.test_client().get(f"/facilitator/events/{room.code}/posters").status_code == 403
    http = room.app.test_client()
    http.get(f"/f/{room.store.facilitator_token()}")
    page = http.get(f"/facilitator/events/{room.code}/posters")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html.count("<svg") == 1 and ack["kiosk"]["code"] in html
    assert "&lt;b&gt;fontaines" in html  # user text escaped, the QR markup not
    other = http.get(f"/facilitator/events/{room.code}/posters?activity={activity + 1}")
    assert other.get_data(as_text=True).count("<svg") == 0
    assert http.get("/facilitator/events/AAAAAA/posters").status_code == 404


def test_the_phone_script_fetches_its_words(room):
    http = room.app.test_client()
    fr = http.get("/p/text/fair.json?lang=fr")
    assert fr.status_code == 200
    words = fr.get_json()
    assert words and all(k.startswith(("fair.", "fp.", "fk.")) for k in words)
    assert http.get("/p/text/fair.json?lang=en").get_json() != words
    assert http.get("/p/text/nothing.json").status_code == 404
