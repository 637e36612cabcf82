"""The restitution of a fixed workshop built through the store (tests/restitution_event.py), in
every format: golden Markdown, HTML, JSON and CSV; the PDF's text read back; the .docx reopened
with python-docx and converted by LibreOffice; anonymity and moderation in every file.

To refresh a golden file after a deliberate change: PALABRE_UPDATE_GOLDEN=1, then read the new
file by eye before committing it.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from facilitator.activities import Activities
from facilitator.features import FEATURES, Feature
from facilitator.restitution import service
from facilitator.restitution.build import SCHEMA, Scope, build, deadline_key
from facilitator.restitution.document import Paragraph, Section
from facilitator.room.errors import RoomError
from facilitator.store import Store
from restitution_event import HIDDEN_TEXT, SECRET_NAME, T0, TZ, build_event, formats, secrets

GOLDEN = Path(__file__).with_name("golden")
NOW = T0 + 13000


@pytest.fixture(scope="module")
def douala_time():
    before = os.environ.get("TZ")
    os.environ["TZ"] = TZ
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture(scope="module")
def room(tmp_path_factory, douala_time):
    store = Store(str(tmp_path_factory.mktemp("restitution") / "palabre.db"), readers=2)
    acts = Activities(store, formats())
    event = build_event(store, acts)
    yield store, acts, event
    store.close()


def export(room, ext, scope=Scope(), sep=","):
    store, acts, event = room
    return service.export_now(store, acts, event, scope, ext, NOW, sep)


@pytest.fixture(scope="module")
def files(room):
    return {ext: export(room, ext)[0] for ext in service.FORMATS}


def _golden(name: str, data: bytes, code: str):
    """The join code is drawn at random: the golden files say CODE00 instead."""
    path = GOLDEN / name
    data = data.replace(code.encode(), b"CODE00")
    if os.environ.get("PALABRE_UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert data == path.read_bytes()


def plain(text: str) -> str:
    """French typography's non-breaking spaces read as spaces, for the assertions."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    return plain(re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)))


def docx_text(data: bytes) -> str:
    import docx
    d = docx.Document(io.BytesIO(data))
    cells = [c.text for table in d.tables for row in table.rows for c in row.cells]
    return plain("\n".join([p.text for p in d.paragraphs] + cells))


# --- golden files -----------------------------------------------------------------------------------

@pytest.mark.parametrize("ext, name", [("md", "restitution_event.md"), ("html", "restitution_event.html"),
                                       ("json", "restitution_event.json"),
                                       ("csv", "restitution_event.csv"),
                                       ("actions.csv", "restitution_event_actions.csv")])
def test_each_text_format_matches_its_golden_file(room, files, ext, name):
    _golden(name, files[ext], room[2]["code"])


def test_markdown_holds_every_section_in_order(files):
    md = plain(files["md"].decode())
    heads = re.findall(r"^## (.+)$", md, re.M)
    assert heads == ["Sommaire", "Synthèse de l'animation", "Knowledge Jam : ressources locales",
                     "Contributions les plus soutenues", "Résultats des votes",
                     "Questions restées sans réponse", "Plan d'action", "Thèmes des idées",
                     "Évaluation", "Participation", "Déroulé de la journée"]
    assert "### Notes validées : Convaincre les commerçants" in md
    assert "Idée encore discutée." not in md            # not validated
    assert "1 note n'est pas encore validée." in md
    assert "Qui paie l’entretien des forages ?" not in md.split("## Questions restées")[1].split("##")[0]
    assert "| Afficher les comptes au marché | CDL |  | 15/06/2024 |  |  | À faire |" in md
    assert "| 9 h 00 | Début : Questions ouvertes |" in md
    assert "4,67 sur 5" in md
    assert "Généré le 14 mai 2024 à 11 h 36" in md


def test_json_is_versioned_and_complete(files):
    data = json.loads(files["json"])
    assert data["schema"] == SCHEMA == "palabre.restitution/1"
    for key in ("generated_at", "lang", "event", "scope", "activities", "synthesis", "jam", "top",
                "votes", "questions", "actions", "themes", "evaluation", "participation",
                "timeline", "contributions"):
        assert key in data, key
    assert len(data["contributions"]) == 17               # the hidden one left out
    row = data["actions"]["rows"][0]
    assert set(row) >= {"what", "owner", "partners", "deadline", "resources", "indicator", "status"}
    anonymous = [c for c in data["contributions"] if c["anonymous"]]
    assert anonymous and all(c["author"] is None for c in anonymous)
    assert all("owner_key" not in c and "client_id" not in c and "author_id" not in c
               for c in data["contributions"])


def test_csv_opens_in_a_french_excel(room):
    body, mimetype, name = export(room, "csv", sep=";")
    assert body.startswith(b"\xef\xbb\xbf") and mimetype.startswith("text/csv")
    assert name == f"contributions-{room[2]['code']}.csv"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["N°", "Type", "Texte"]
    assert len(rows) == 1 + 17
    actions = export(room, "actions.csv", sep=";")
    assert actions[2] == f"plan-d-action-{room[2]['code']}.csv"
    head = list(csv.reader(io.StringIO(actions[0].decode("utf-8-sig"), newline=""), delimiter=";"))[0]
    assert head[:7] == ["Action", "Responsable", "Partenaires", "Échéance", "Moyens",
                        "Indicateur de réussite", "Statut"]


# --- PDF and Word ----------------------------------------------------------------------------------

def test_pdf_text_reads_back(files):
    text = pdf_text(files["pdf"])
    for needle in ("Atelier d’échanges — Douala", "Synthèse de l'animation", "Fiche du sujet",
                   "Notes validées : Convaincre les commerçants", "Plan d'action",
                   "Indicateur de réussite", "Afficher les comptes au marché",
                   "Déroulé de la journée", "Participation", "4,67 sur 5", "Page 1 sur"):
        assert needle in text, needle


def test_docx_has_the_sections_and_tables(files):
    import docx
    d = docx.Document(io.BytesIO(files["docx"]))
    heads = [p.text.replace("\u00a0", " ") for p in d.paragraphs if p.style.name == "Heading 1"]
    assert heads == ["Synthèse de l'animation", "Knowledge Jam : ressources locales",
                     "Contributions les plus soutenues", "Résultats des votes",
                     "Questions restées sans réponse", "Plan d'action", "Thèmes des idées",
                     "Évaluation", "Participation", "Déroulé de la journée"]
    plans = [t for t in d.tables if t.rows[0].cells[0].text == "Action"]
    assert len(plans) == 3                                 # CDL, GREEN, no owner
    assert [c.text for c in plans[0].rows[0].cells] == ["Action", "Responsable", "Partenaires",
                                                         "Échéance", "Moyens",
                                                         "Indicateur de réussite", "Statut"]
    assert [c.text for c in plans[0].rows[1].cells][:4] == ["Afficher les comptes au marché", "CDL",
                                                             "", "15/06/2024"]
    timeline = [t for t in d.tables if t.rows[0].cells[0].text == "Heure"][0]
    assert plain(timeline.rows[1].cells[1].text) == "Début : Questions ouvertes"


def test_docx_converts_with_libreoffice_to_the_right_text(files, tmp_path):
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.fail("soffice is missing: `make test` installs Debian's libreoffice-writer-nogui")
    source = tmp_path / "restitution.docx"
    source.write_bytes(files["docx"])
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    text = pdf_text((tmp_path / "restitution.pdf").read_bytes())
    # (Word's narrow table columns wrap inside words in LibreOffice: one-word needles there.)
    for needle in ("Atelier d’échanges — Douala", "Plan d'action", "Sans responsable", "Statut",
                   "Synthèse de l'animation", "Notes validées", "Déroulé de la journée",
                   "Trois idées fortes : la transparence, la formation, la tontine."):
        assert needle in text, needle
    assert SECRET_NAME not in text


# --- anonymity and moderation -------------------------------------------------------------------------

def every_text(files) -> dict[str, str]:
    out = {}
    for ext, body in files.items():
        if ext == "pdf":
            out[ext] = pdf_text(body)
        elif ext == "docx":
            out[ext] = docx_text(body) + "\n".join(
                zipfile.ZipFile(io.BytesIO(body)).read(n).decode("utf-8", "replace")
                for n in zipfile.ZipFile(io.BytesIO(body)).namelist() if n.endswith(".xml"))
        elif ext == "zip":
            with zipfile.ZipFile(io.BytesIO(body)) as z:
                out[ext] = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        else:
            out[ext] = body.decode("utf-8-sig")
    return {ext: plain(text) for ext, text in out.items()}


def test_anonymous_contributions_carry_no_name_and_no_owner_key_in_any_format(room, files):
    store, _acts, event = room
    hidden = {ext: export(room, ext, Scope(include_hidden=True))[0] for ext in service.FORMATS}
    for batch in (files, hidden):
        for ext, text in every_text(batch).items():
            for secret in secrets(store, event):
                assert secret not in text, (ext, secret[:12])
    # …while her ideas are there, anonymous.
    assert "Publier les dépenses au marché chaque trimestre." in files["md"].decode()


def test_hidden_items_are_left_out_unless_asked_then_marked(room, files):
    for ext, text in every_text(files).items():
        assert HIDDEN_TEXT not in text, ext
    shown = {ext: export(room, ext, Scope(include_hidden=True))[0] for ext in ("md", "pdf", "docx", "csv")}
    texts = every_text(shown)
    assert f"{HIDDEN_TEXT} \\[masquée\\]" in texts["md"]          # Markdown escapes the brackets
    assert f"{HIDDEN_TEXT} [masquée]" in texts["pdf"] and f"{HIDDEN_TEXT} [masquée]" in texts["docx"]
    assert "Les contributions masquées par l'animation sont incluses" in texts["md"]
    assert HIDDEN_TEXT in texts["pdf"] and HIDDEN_TEXT in texts["docx"]
    rows = list(csv.reader(io.StringIO(texts["csv"], newline="")))
    hidden_col = rows[0].index("Masquée")
    assert [r[hidden_col] for r in rows[1:] if r[2] == HIDDEN_TEXT] == ["1"]


# --- scopes and options ------------------------------------------------------------------------------

def test_action_plan_grouped_by_deadline(room):
    md = plain(export(room, "md", Scope(group_by="deadline"))[0].decode())
    plan = md.split("## Plan d'action")[1].split("\n## ")[0]
    assert re.findall(r"^### (.+)$", plan, re.M) == ["15/06/2024", "30/06/2024", "Sans échéance"]
    assert deadline_key("2024-06-01") < deadline_key("15/06/2024") < deadline_key("juin") < deadline_key("")


def test_one_activity(room):
    store, acts, event = room
    jam = [a for a in store.activities(event["id"]) if a["format_id"] == "knowledge-jam"][0]
    body, _, name = export(room, "md", Scope(activity_id=jam["id"]))
    md = plain(body.decode())
    assert name == f"restitution-{event['code']}-activite-{jam['id']}.md"
    assert "*Restitution : Knowledge Jam : ressources locales*" in md
    assert "Un fonds commun des associations" not in md      # another activity's idea
    assert "| 9 h 30 | Début : Knowledge Jam : ressources locales |" in md
    assert "Questions ouvertes" not in md


def test_refusals(room):
    store, acts, event = room
    with pytest.raises(RoomError) as err:
        export(room, "md", Scope(group="Groupe 1"))
    assert err.value.code == "unknown_group_name"
    with pytest.raises(RoomError) as err:
        export(room, "odt")
    assert err.value.code == "unknown_export"
    with pytest.raises(RoomError) as err:
        export(room, "md", Scope(activity_id=999))
    assert err.value.code == "not_found"
    with pytest.raises(RoomError):
        export(room, "md", Scope(group_by="colour"))


def test_themes_edits_are_kept_and_applied_before_export(room, douala_time):
    store, acts, event = room
    eid = event["id"]
    entries = service.compute_themes(store, eid, {}, NOW)
    themes = entries[0]["data"]["themes"]
    big = next(t for t in themes if len(t["note_ids"]) > 1)
    service.edit_themes(store, eid, "rename", {"theme_id": big["id"], "name": "Former les gens"}, NOW)
    lone = next(t for t in store.themes(eid, "all") if len(t["note_ids"]) == 1)
    service.edit_themes(store, eid, "move", {"note_id": lone["note_ids"][0], "theme_id": big["id"]}, NOW)
    after = store.themes(eid, "all")
    renamed = next(t for t in after if t["name"] == "Former les gens")
    assert lone["note_ids"][0] in renamed["note_ids"]
    md = plain(export(room, "md")[0].decode())
    assert "**Former les gens — 3 idées**" in md
    data = json.loads(export(room, "json")[0])
    assert data["themes"]["edited"] is True
    # Grouping again keeps the name of a theme whose ideas did not change.
    service.edit_themes(store, eid, "split", {"theme_id": renamed["id"],
                                              "note_ids": [lone["note_ids"][0]], "name": "À part"}, NOW)
    again = service.compute_themes(store, eid, {}, NOW)[0]["data"]["themes"]
    assert any(t["name"] == "Former les gens" for t in again) or all(
        sorted(t["note_ids"]) != sorted(big["note_ids"]) for t in again)
    log = store.log_of_types(eid, ("themes.updated",))
    assert [e["data"]["op"]["op"] for e in log] == ["compute", "rename", "move", "split", "compute"]
    store.save_themes(eid, "all", [], {"op": "test-reset"}, NOW)   # leave the fixture as it was
    with store.write() as conn:
        conn.execute("DELETE FROM themes WHERE event_id = ?", (eid,))


def test_each_feature_contributes_its_own_part(room):
    """A feature added to the list (breakout groups, tomorrow) brings its section where ORDER
    puts it, without touching the builder."""
    store, acts, event = room

    def groups_part(ctx):
        ctx.group_found = True
        ctx.add("groups", Section("groups", "Travaux en carrefour", [Paragraph("Groupe 1 : l’eau")]),
                {"groups": [{"name": "Groupe 1"}]})
        ctx.actions.append({"what": "Réparer la borne", "owner": "Groupe 1", "partners": "Mairie",
                            "deadline": "01/07/2024", "resources": "200 000 FCFA",
                            "indicator": "Borne en service", "status": "todo",
                            "source": {"type": "sheet"}, "hidden": False})

    features = FEATURES + (Feature("groups", {}, (), None, None, restitution=groups_part),)
    with store.snapshot_reader():
        doc, data = build(store, acts, event, Scope(group="Groupe 1"), NOW, features)
    assert [s.id for s in doc.sections][:3] == ["synthesis", "groups", f"jam-{store.activities(event['id'])[1]['id']}"]
    assert data["groups"] == {"groups": [{"name": "Groupe 1"}]}
    row = next(r for r in data["actions"]["rows"] if r["what"] == "Réparer la borne")
    assert row["partners"] == "Mairie" and row["indicator"] == "Borne en service"
