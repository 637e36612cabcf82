"""The restitution's handlers and routes in one process: the synthesis, themes and their edits,
publishing, the facilitator's exports and the published pages, and their refusals."""
from __future__ import annotations

import html
import io
import zipfile

from room_client import ask, post, updates


def signed_in(room):
    http = room.app.test_client()
    assert http.get(f"/f/{room.store.facilitator_token()}").status_code == 302
    return http


def test_exports_need_the_facilitator_and_refuse_what_they_do_not_know(room):
    url = f"/facilitator/events/{room.code}/restitution"
    anonymous = room.app.test_client().get(f"{url}.md")
    assert anonymous.status_code == 403
    assert "Connexion de l'équipe d'animation" in html.unescape(anonymous.get_data(as_text=True))
    assert "Facilitator sign-in" in room.app.test_client().get(f"{url}.md?lang=en").get_data(as_text=True)
    http = signed_in(room)
    odt = http.get(f"{url}.odt")
    assert odt.status_code == 404 and odt.get_json()["error"]["code"] == "unknown_export"
    for query, option in [("?group_by=colour", "group_by"), ("?sep=|", "sep"), ("?colour=1", "colour"),
                          ("?activity=x", "activity"), ("?hidden=maybe", "hidden")]:
        answer = http.get(f"{url}.md{query}")
        assert answer.status_code == 400, query
        assert answer.get_json()["error"] == {"code": "bad_option", "option": option,
                                              "message": f"Option d'export invalide : {option}."}
    assert http.get(f"{url}.md?activity=99").get_json()["error"]["code"] == "not_found"
    groups = http.get(f"{url}.md?group=G1&lang=en")
    assert groups.status_code == 404
    assert groups.get_json()["error"]["message"] == "No group has this name: G1."


def test_every_format_downloads_with_a_name_in_the_event_language(room):
    phone = room.phone("Awa", "ASV")
    post(phone, "Une idée de la salle")
    http = signed_in(room)
    names = {"md": "restitution", "html": "restitution", "pdf": "restitution", "docx": "restitution",
             "json": "restitution", "csv": "contributions", "actions.csv": "plan-d-action",
             "zip": "restitution"}
    for ext, stem in names.items():
        answer = http.get(f"/facilitator/events/{room.code}/restitution.{ext}?sep=;")
        assert answer.status_code == 200, (ext, answer.get_data()[:200])
        suffix = "csv" if ext == "actions.csv" else ext
        assert answer.headers["Content-Disposition"] == \
            f'attachment; filename="{stem}-{room.code}.{suffix}"'
        assert answer.headers["Cache-Control"] == "no-store"
        assert answer.headers["Content-Type"].count("charset") <= 1, answer.headers["Content-Type"]
    with zipfile.ZipFile(io.BytesIO(http.get(f"/facilitator/events/{room.code}/restitution.zip").data)) as z:
        assert sorted(z.namelist()) == sorted(
            [f"restitution-{room.code}.{x}" for x in ("md", "html", "pdf", "docx", "json")]
            + [f"contributions-{room.code}.csv", f"plan-d-action-{room.code}.csv"])
    assert "Une idée de la salle" in http.get(f"/facilitator/events/{room.code}/restitution.md").get_data(as_text=True)


def test_synthesis_is_stored_logged_and_opens_the_restitution(room):
    boss = room.facilitator()
    phone = room.phone()
    for screen in (boss, phone):
        ask(screen, "sync", {"since": 0})
    assert ask(phone, "restitution:synthesis", {"text": "x"})["error"]["code"] == "forbidden"
    assert ask(boss, "restitution:synthesis", {"text": 3})["error"]["code"] == "bad_payload"
    assert ask(boss, "restitution:synthesis", {"text": "é" * 20_001})["error"]["code"] == "synthesis_too_long"
    boss.get_received()
    ack = ask(boss, "restitution:synthesis", {"text": "  La salle veut un suivi.\x07 "})
    assert ack == {"ok": True, "text": "La salle veut un suivi."}
    assert [u["data"]["text"] for u in updates(boss, "restitution.synthesis")] == ["La salle veut un suivi."]
    assert not updates(phone, "restitution.synthesis")       # staff only
    md = signed_in(room).get(f"/facilitator/events/{room.code}/restitution.md").get_data(as_text=True)
    assert "## Synthèse de l'animation\n\nLa salle veut un suivi." in md
    snap = ask(boss, "sync", {"since": 0})["snapshot"]
    assert snap["restitution"]["synthesis"] == "La salle veut un suivi."


def test_themes_compute_and_edits(room):
    boss = room.facilitator()
    phone = room.phone()
    for screen in (boss, phone):
        ask(screen, "sync", {"since": 0})
    for text in ("Former les trésoriers", "Formation des trésoriers des associations",
                 "Réparer les forages", "Les forages tombent en panne", "Une radio locale"):
        post(phone, text)
    assert ask(boss, "themes:rename", {"theme_id": "t1", "name": "x"})["error"]["code"] == "no_theme"
    ack = ask(boss, "themes:compute", {})
    assert ack["ok"] and ack["scope"] == "all"
    themes = ack["themes"]
    assert sorted(n for t in themes for n in t["note_ids"]) == [1, 2, 3, 4, 5]
    first, second = themes[0], themes[1]
    assert ask(boss, "themes:rename", {"theme_id": first["id"], "name": ""})["error"]["code"] == "bad_name"
    assert ask(boss, "themes:rename", {"theme_id": "nope", "name": "A"})["error"]["code"] == "no_theme"
    assert ask(boss, "themes:merge", {"theme_id": first["id"], "into": first["id"]})["error"]["code"] == "same_theme"
    assert ask(boss, "themes:split", {"theme_id": first["id"], "note_ids": list(first["note_ids"])})["error"]["code"] == "bad_split"
    assert ask(boss, "themes:move", {"note_id": 99, "theme_id": first["id"]})["error"]["code"] == "no_note"
    assert ask(boss, "themes:compute", {"activity_id": 7})["error"]["code"] == "not_found"
    assert ask(phone, "themes:compute", {})["error"]["code"] == "forbidden"
    renamed = ask(boss, "themes:rename", {"theme_id": first["id"], "name": "Les trésoriers"})
    assert any(t["name"] == "Les trésoriers" for t in renamed["themes"])
    merged = ask(boss, "themes:merge", {"theme_id": second["id"], "into": first["id"]})
    big = next(t for t in merged["themes"] if t["name"] == "Les trésoriers")
    assert set(first["note_ids"]) | set(second["note_ids"]) == set(big["note_ids"])
    split = ask(boss, "themes:split", {"theme_id": big["id"], "note_ids": [big["note_ids"][0]],
                                       "name": "À part"})
    apart = next(t for t in split["themes"] if t["name"] == "À part")
    moved = ask(boss, "themes:move", {"note_id": apart["note_ids"][0],
                                      "theme_id": next(t["id"] for t in split["themes"] if t["name"] == "Les trésoriers")})
    assert not any(t["name"] == "À part" for t in moved["themes"])
    ops = [u["data"]["op"]["op"] for u in updates(boss, "themes.updated")]
    assert ops == ["compute", "rename", "merge", "split", "move"]
    assert not updates(phone, "themes.updated")
    md = signed_in(room).get(f"/facilitator/events/{room.code}/restitution.md").get_data(as_text=True)
    assert "Les trésoriers —" in md


def test_publish_then_the_join_link_shows_it_and_publishing_again_updates(room):
    boss = room.facilitator()
    phone = room.phone("Awa", "ASV")
    for screen in (boss, phone):
        ask(screen, "sync", {"since": 0})
    post(phone, "Première idée")
    public = room.app.test_client()
    before = public.get(f"/r/{room.code}")
    assert before.status_code == 404 and "pas encore publié" in before.get_data(as_text=True)
    assert public.get(f"/r/{room.code}/restitution.pdf").status_code == 404
    assert public.get("/r/ZZZZZZ").status_code == 404
    assert ask(phone, "restitution:publish", {})["error"]["code"] == "forbidden"
    phone.get_received()
    ack = ask(boss, "restitution:publish", {})
    assert ack["ok"] and ack["published"]["version"] == 1 and ack["published"]["url"] == f"/r/{room.code}"
    assert [u["data"]["version"] for u in updates(phone, "restitution.published")] == [1]
    page = public.get(f"/r/{room.code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Première idée" in html
    assert f'href="/r/{room.code}/restitution.pdf?v=1"' in html and 'id="dl-docx"' in html
    pdf = public.get(f"/r/{room.code}/restitution.pdf")
    assert pdf.data.startswith(b"%PDF") and pdf.headers["Content-Disposition"].startswith("inline")
    assert public.get(f"/r/{room.code}/restitution.docx").data.startswith(b"PK")
    assert public.get(f"/r/{room.code}/restitution.md").status_code == 404
    assert public.get(f"/r/{room.code}/qr.svg").mimetype == "image/svg+xml"
    # A draft is never what the link shows: a new idea appears only after publishing again.
    post(phone, "Idée arrivée après")
    assert "Idée arrivée après" not in public.get(f"/r/{room.code}").get_data(as_text=True)
    assert ask(boss, "restitution:publish", {})["published"]["version"] == 2
    assert "Idée arrivée après" in public.get(f"/r/{room.code}").get_data(as_text=True)
    assert ask(phone, "sync", {"since": 0})["snapshot"]["restitution"]["published"]["version"] == 2
