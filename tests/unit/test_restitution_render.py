"""The restitution's renderers on one hand-built Document (French, accents, « », œ, emoji,
a very long cell, a 40-row table, a chart): golden Markdown and HTML, PDF and DOCX read back,
CSV and ZIP reopened.

To refresh a golden file after a deliberate change: PALABRE_UPDATE_GOLDEN=1, then read the
new file by eye before committing it.
"""
from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import time
import zipfile
from pathlib import Path

import pytest

from facilitator.restitution import csvfile, labels
from facilitator.restitution import docx as docx_renderer
from facilitator.restitution import html as html_renderer
from facilitator.restitution import markdown as md_renderer
from facilitator.restitution import pdf as pdf_renderer
from facilitator.restitution.document import (BarChart, Bullets, Document, Facts, Note, Paragraph,
                                              Section, Table)
from facilitator.restitution.renderers import RENDERERS, render, zip_all

GOLDEN = Path(__file__).with_name("golden")
LONG_CELL = ("Mettre en place un comité de suivi réunissant les associations de quartier, la "
             "mairie d’arrondissement et les parlementaires, qui se réunit chaque trimestre "
             "pour faire le point sur l’accès à l’eau potable, les bornes-fontaines en panne "
             "et les cœurs d’îlots sans assainissement. " * 4).strip()


def sample_document() -> Document:
    actions = [[f"Action n° {i}", f"Organisation {chr(65 + i % 26)}", f"{1 + i % 28:02d}/06/2024",
                "En cours" if i % 3 else "À lancer"] for i in range(1, 41)]
    return Document(
        title="Atelier d’échange — Douala 2024",
        subtitle="Restitution des travaux en carrefour « Eau & assainissement »",
        lang="fr",
        generated_at="2024-05-14T16:30:00+01:00",
        sections=[
            Section("synthese", "Synthèse", [
                Facts([("Participants", "42"), ("Groupes", "5"), ("Durée", "90 min")]),
                Paragraph("L’œuvre commune : « partager ce qui marche » 🙂 — et le dire."),
                Paragraph("Trois idées fortes se dégagent.", emphasis=True),
                Bullets(["Renforcer le dialogue avec la mairie.",
                         "Former les relais communautaires à l’entretien des forages.",
                         "Partager les outils * et _ entre organisations."]),
                Note("Les contributions masquées sont incluses, marquées ⊥."),
            ], sections=[
                Section("votes", "Votes gommettes", [
                    BarChart("Priorités retenues (gommettes)", [
                        ("Accès à l’eau", 18), ("Assainissement", 11), ("Hygiène à l’école", 7.5),
                        ("Gestion des déchets", 0)]),
                ]),
            ]),
            Section("groupe-1", "Groupe 1 : l’eau <potable>", [
                Table(["Point clé", "Détail"], [
                    ["Constat", LONG_CELL],
                    ["Code", "<script>alert('x')</script>"],
                    ["Barre | verticale", "a|b et 1. pas une liste"],
                    ["Lien", "https://exemple.org/ne-doit-pas-sortir"],
                ], caption="Points clés du rapporteur"),
            ]),
            Section("plan", "Plan d’action", [
                Table(["Action", "Responsable", "Échéance", "Statut"], actions),
            ]),
        ],
    )


def _golden(name: str, data: bytes):
    path = GOLDEN / name
    if os.environ.get("PALABRE_UPDATE_GOLDEN"):
        path.write_bytes(data)
    # (a checkout that turned LF into CRLF must not fail the comparison)
    assert data.decode("utf-8") == path.read_bytes().decode("utf-8").replace("\r\n", "\n")


# --- the model -----------------------------------------------------------------------------

def test_document_round_trips_through_json():
    doc = sample_document()
    data = json.loads(json.dumps(doc.to_dict(), ensure_ascii=False))
    assert data["sections"][0]["blocks"][0] == {
        "type": "facts", "pairs": [["Participants", "42"], ["Groupes", "5"], ["Durée", "90 min"]]}
    assert Document.from_dict(data).to_dict() == doc.to_dict()


def test_model_refuses_what_renderers_could_not_show():
    with pytest.raises(ValueError):
        Section("a", "A", sections=[Section("b", "B", sections=[Section("c", "C")])])
    with pytest.raises(ValueError):
        Document("T", "", "de", "2024-05-14", [])
    with pytest.raises(ValueError):
        Document("T", "", "fr", "2024-05-14", [Section("x", "X"), Section("x", "Y")])
    with pytest.raises(TypeError):
        BarChart("t", [("a", "12")])
    with pytest.raises(ValueError):
        Table(["a"], [["1", "2"]])
    assert Table(["a", "b"], [["1"]]).rows == [["1", ""]]


def test_labels_speak_french_and_english():
    assert labels.format_date("2024-05-14T16:30:00+01:00", "fr") == "14 mai 2024 à 16 h 30"
    assert labels.format_date("2024-05-01T09:05:00", "en") == "1 May 2024, 09:05"
    assert labels.format_date("2024-08-01", "fr") == "1er août 2024"
    assert labels.format_number(7.5, "fr") == "7,5" and labels.format_number(7.5, "en") == "7.5"
    assert labels.format_number(12500, "fr") == "12\u202f500"
    assert labels.label("en", "page", n=2, total=9) == "Page 2 of 9"


# --- Markdown and HTML: golden files ----------------------------------------------------------

def test_markdown_matches_golden_file():
    out = md_renderer.render(sample_document())
    _golden("restitution_sample.md", out)
    text = out.decode()
    assert "| Barre \\| verticale | a\\|b et 1. pas une liste |" in text
    assert "\\<script\\>" in text and "<script>" not in text


def test_html_matches_golden_file_escapes_and_is_self_contained():
    out = html_renderer.render(sample_document())
    _golden("restitution_sample.html", out)
    text = out.decode()
    assert "<script" not in text and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert "l’eau &lt;potable&gt;" in text
    # Nothing outside the file: no link, image, font, stylesheet or script from anywhere. The
    # one http(s):// in it is a participant's text, shown as text (not a link).
    assert text.count("https://exemple.org/ne-doit-pas-sortir") == 1
    assert not re.search(r"https?://", text.replace("https://exemple.org/ne-doit-pas-sortir", ""))
    assert ">https://exemple.org/ne-doit-pas-sortir</td>" in text
    assert not re.search(r"\b(src|href|xmlns|action)=\"(?!#)", text)
    assert not re.search(r"url\(|@import|<link|<script|<img|<iframe|//", text.replace("https://exemple", ""))
    assert "@page" in text and "size:A4" in text
    assert '"Page " counter(page) " sur " counter(pages)' in text
    assert text.count("<svg") == 4                   # one small bar per chart row
    assert text.count("<tr>") == (1 + 4) + (1 + 40) + 4   # header + rows, twice; chart rows


# --- PDF ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rendered():
    """Every format of the sample, rendered once for the module, with its time in seconds."""
    doc, out = sample_document(), {}
    for ext, (fn, mimetype) in RENDERERS.items():
        start = time.perf_counter()
        data = fn(doc)
        out[ext] = (data, mimetype, time.perf_counter() - start)
    return out


@pytest.fixture(scope="module")
def pdf_bytes(rendered):
    return rendered["pdf"][0]


def _pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_pdf_has_headings_cells_accents_and_page_numbers(pdf_bytes):
    assert pdf_bytes.startswith(b"%PDF-")
    pages = _pdf_pages(pdf_bytes)
    n = len(pages)
    assert n >= 3
    whole = _squash(" ".join(pages))
    for heading in ("Atelier d’échange — Douala 2024", "Sommaire", "Synthèse", "Votes gommettes",
                    "Groupe 1 : l’eau <potable>", "Plan d’action"):
        assert heading in whole, heading
    assert "« Eau & assainissement »" in whole
    assert "L’œuvre commune" in whole
    assert "Généré le 14 mai 2024 à 16 h 30" in whole
    assert "<script>alert('x')</script>" in whole          # shown as text, not lost
    assert "Action n° 40" in whole and "Organisation O" in whole
    assert "cœurs d’îlots" in whole                          # the long cell, wrapped
    assert "Priorités retenues (gommettes)" in whole and "7,5" in whole
    for i, page in enumerate(pages, start=1):
        assert f"Page {i} sur {n}" in page
    # 🙂 is not in DejaVu Sans: a visible placeholder, and the closing note says so.
    assert "□" in whole and "🙂" not in whole
    assert "remplacés par □" in whole


def test_pdf_is_reproducible_and_has_an_outline(pdf_bytes):
    from pypdf import PdfReader
    assert pdf_renderer.render(sample_document()) == pdf_bytes
    reader = PdfReader(io.BytesIO(pdf_bytes))
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles == ["Synthèse", "Groupe 1 : l’eau <potable>", "Plan d’action"]
    assert reader.metadata.title == "Atelier d’échange — Douala 2024"


def test_pdf_survives_a_cell_taller_than_a_page_and_unknown_scripts():
    huge = "très long " * 1500
    doc = Document("Test", "", "en", 1715700600.0, [
        Section("a", "Odd text 🤝🇨🇲 中文 \x00\x07 ok", [
            Table(["Who", "What"], [["A", huge], ["B", "short"]]),
            Facts([("Label", huge[:3000])]),
            Bullets(["👍🏽 thumbs"]),
        ])])
    pages = _pdf_pages(pdf_renderer.render(doc))
    whole = _squash(" ".join(pages))
    assert "Odd text □□ □□ ok" in whole        # one □ per emoji or flag, per CJK character
    assert "short" in whole and "Page 1 of" in pages[0]
    assert "□ thumbs" in whole
    assert "replaced by □" in whole


# --- DOCX --------------------------------------------------------------------------------------

def test_docx_has_headings_tables_and_bullets(rendered):
    import docx
    d = docx.Document(io.BytesIO(rendered["docx"][0]))
    plain = [(p.style.name, p.text.replace("\u00a0", " ")) for p in d.paragraphs]  # « » : keep NBSPs
    heads = [(style, text) for style, text in plain if style.startswith(("Heading", "Title"))]
    assert heads == [("Title", "Atelier d’échange — Douala 2024"), ("Heading 1", "Synthèse"),
                     ("Heading 2", "Votes gommettes"), ("Heading 1", "Groupe 1 : l’eau <potable>"),
                     ("Heading 1", "Plan d’action")]
    bullets = [text for style, text in plain if style == "List Bullet"]
    assert bullets[1] == "Former les relais communautaires à l’entretien des forages."
    assert ("Normal", "L’œuvre commune : « partager ce qui marche » 🙂 — et le dire.") in plain
    assert "Groupe 1\u00a0: l’eau <potable>" in [p.text for p in d.paragraphs]
    facts, chart, key_points, plan = d.tables
    assert [c.text for c in facts.rows[0].cells] == ["Participants", "42"]
    assert [c.text for c in chart.rows[0].cells] == ["Élément", "Valeur", ""]
    assert [c.text for c in chart.rows[3].cells][:2] == ["Hygiène à l’école", "7,5"]
    assert chart.rows[1].cells[2].text == "█" * 20
    assert [c.text for c in key_points.rows[0].cells] == ["Point clé", "Détail"]
    assert key_points.rows[1].cells[1].text == LONG_CELL
    assert len(key_points.rows) == 5
    assert [c.text for c in plan.rows[0].cells] == ["Action", "Responsable", "Échéance", "Statut"]
    assert len(plan.rows) == 41
    assert plan.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert d.core_properties.language == "fr-FR"


# --- CSV and ZIP -------------------------------------------------------------------------------

def test_csv_has_bom_crlf_quoting_and_reopens():
    rows = [["c1", "Une idée; deux idées\net une ligne", 3.5, None],
            ["c2", "=HYPERLINK(\"x\")", -2, True]]
    out = csvfile.rows_to_csv(["id", "texte", "note", "vide"], rows, delimiter=";")
    assert out.startswith(b"\xef\xbb\xbf")
    assert out.endswith(b"\r\n") and out.count(b"\r\n") == 3
    assert b'"Une id\xc3\xa9e; deux id\xc3\xa9es\net une ligne"' in out
    back = list(csv.reader(io.StringIO(out.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert back == [["id", "texte", "note", "vide"],
                    ["c1", "Une idée; deux idées\net une ligne", "3,5", ""],
                    ["c2", "'=HYPERLINK(\"x\")", "-2", "1"]]
    comma = csvfile.rows_to_csv(["a", "b"], [["x, y", 2.25]])
    assert list(csv.reader(io.StringIO(comma.decode("utf-8-sig"), newline=""))) == [
        ["a", "b"], ["x, y", "2.25"]]


def test_registry_and_zip_hold_every_file(rendered):
    files = {}
    for ext, (data, mimetype, _) in rendered.items():
        assert data and mimetype == RENDERERS[ext][1]
        files[f"restitution.{ext}"] = data
    assert render(sample_document(), "md") == (rendered["md"][0], "text/markdown; charset=utf-8")
    files["contributions.csv"] = csvfile.rows_to_csv(["a"], [["b"]])
    archive = zip_all(files)
    assert zip_all(files) == archive
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        assert z.namelist() == list(files)
        for name, data in files.items():
            assert z.read(name) == data
    for bad in ("../evil.txt", "/etc/x", "C:\\x.txt", "a/../../b"):
        with pytest.raises(ValueError):
            zip_all({bad: b""})
    with pytest.raises(ValueError):
        render(sample_document(), "odt")


def test_rendering_is_quick(rendered):
    for ext, (_, _, seconds) in rendered.items():
        assert seconds < (5 if ext == "pdf" else 2), (ext, seconds)   # includes first import


def test_docx_tables_written_as_xml_keep_text_styles_and_widths():
    """The tables' XML is written by hand (python-docx cost ~0.5 ms a cell): python-docx must
    read back what it would have written itself."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor
    doc = Document("T", "", "en", 1715700600.0, [Section("a", "A", [
        Table(["A & <b>", ""], [["x\n  indented  \n\nlast", ""]]),
        Facts([("Key", "Value")]),
        BarChart("Chart", [("one", 4), ("none", 0)])])])
    d = docx.Document(io.BytesIO(docx_renderer.render(doc)))
    table, facts, chart = d.tables
    assert table.style.name == "Table Grid"
    head, row = table.rows
    assert [c.text for c in head.cells] == ["A & <b>", ""]
    assert all(r.bold for c in head.cells for p in c.paragraphs for r in p.runs)
    assert [p.text for p in row.cells[0].paragraphs] == ["x", "  indented  ", "", "last"]
    assert not any(r.bold for p in row.cells[0].paragraphs for r in p.runs)
    assert head._tr.trPr.xpath("w:tblHeader")                     # repeats on each page
    assert facts.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert not facts.rows[0].cells[1].paragraphs[0].runs[0].bold
    assert facts.rows[0].cells[0].width == Cm(5.5).twips * 635
    bar = chart.rows[1].cells[2].paragraphs[0].runs[0]
    assert bar.font.color.rgb == RGBColor(0x0A, 0x3D, 0x80) and bar.font.size == Pt(9)
    assert chart.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    named = [(p.style.name, p.text) for p in d.paragraphs if p.text]
    assert ("Title", "T") in named and ("Heading 1", "A") in named and ("Caption", "Chart") in named


def test_pdf_wraps_lines_where_fpdf2_multi_cell_would():
    """Paragraphs and bullets are wrapped by Palabre (fpdf2's multi_cell is quadratic in a
    line's length) and must break exactly where multi_cell breaks."""
    pdf = pdf_renderer._make_pdf_class()(sample_document())
    pdf.add_page()
    texts = [LONG_CELL, "x" * 300 + " fin", "  deux  espaces\n ligne\u00a0: suite " * 12,
             "« Groupe\u00a01\u00a0» et " * 30, "", "court"]
    rng = random.Random(3)
    pieces = ["eau", "l’œuvre", "assainissement", "  ", " ", "\n", "\u00a0:", "x" * 45, "é" * 7]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))) for _ in range(60)]
    for style, size, width in (("", 10, 0), ("B", 9, 60), ("", 10, 30)):
        pdf.set_font(pdf_renderer.FONT, style, size)
        for text in texts:
            expected = pdf.multi_cell(width, 5, text, align="L", dry_run=True, output="LINES")
            w = (width or pdf.epw) - 2 * pdf.c_margin
            assert [line.replace("\u00a0", " ") for line in pdf.wrap(text, w, style, size)] == \
                expected, (style, width, text[:20])
