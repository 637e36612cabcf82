"""Document → PDF, made by Palabre itself with fpdf2 (pure Python). ``render(doc) -> bytes``.

No browser and no system library: the two DejaVu Sans faces shipped in ``fonts/`` (Bitstream
Vera licence, see ``fonts/LICENSE``) cover French (é, œ, ’, « ») and most Latin, Greek and
Cyrillic text. A character the font lacks (most emoji, CJK…) is drawn as □ and a line at the
end of the report says so, rather than failing or silently dropping it.

A4 portrait, a title block and a table of contents (with page numbers and links) on page 1,
the PDF outline (bookmarks) mirroring the sections, page numbers in the footer, tables whose
cells wrap and whose header repeats on each page, bar charts drawn as rectangles. Output is
reproducible: the creation date comes from the Document's ``generated_at``, never the clock.
"""
from __future__ import annotations

import unicodedata
from datetime import datetime, timezone
from pathlib import Path

from . import labels
from .document import (BarChart, Bullets, Document, Facts, Note, Paragraph,
                       Section, Table, clean, display)

FONT_DIR = Path(__file__).with_name("fonts")
FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
PLACEHOLDER = "□"

ACCENT = (10, 61, 128)          # Palabre's blue
INK = (26, 26, 26)
GREY = (85, 85, 85)
RULE = (201, 211, 227)
HEAD_FILL = (228, 235, 245)
ROW_FILL = (248, 250, 253)
TRACK = (233, 238, 246)
NOTE_FILL = (255, 246, 232)
NOTE_INK = (61, 42, 0)

BODY_PT, SMALL_PT, TABLE_PT = 10, 8, 9
LINE = 5.0                      # mm, body line height
TABLE_LINE = 4.2                # mm, table line height
BASELINE = 3.1                  # mm from a table line's top to its text's baseline (9 pt)
CELL_PAD = 1.2                  # mm
TOC_LINE = 6.5                  # mm, one TOC entry
MARGIN = 18                     # mm
TALL_ROW = 170                  # mm: a row taller than this is printed as a stacked record

# Zero-width companions of emoji: when their base is missing they are simply dropped, so
# "👍🏽" or a flag gives one □, not three.
_DROP = ({0x200D, 0xFE0E, 0xFE0F, 0x20E3} | set(range(0x1F3FB, 0x1F400))
         | set(range(0xE0020, 0xE0080)))
_REGIONAL = range(0x1F1E6, 0x1F200)


def _creation_date(value) -> datetime:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    try:
        dt = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return datetime(2000, 1, 1, tzinfo=timezone.utc)
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _make_pdf_class():
    from fpdf import FPDF

    from .pdf_lines import Lines

    class ReportPDF(Lines, FPDF):
        def __init__(self, doc: Document):
            super().__init__(orientation="P", unit="mm", format="A4")
            self.doc_lang = doc.lang
            for style, name in FONT_FILES.items():
                self.add_font(FONT, style, str(FONT_DIR / name))
            cmaps = [set(self.fonts[FONT.lower() + style].cmap) for style in FONT_FILES]
            self.glyphs = set.intersection(*cmaps)
            self.replaced = False
            self.measured: dict = {}
            self.running_title = ""
            self.set_margins(MARGIN, MARGIN, MARGIN)
            self.set_auto_page_break(True, margin=MARGIN)
            self.alias_nb_pages()

        def safe(self, text) -> str:
            """User text with every character the font lacks shown as □."""
            out, last_regional = [], False
            for ch in display(text):
                cp = ord(ch)
                if cp in self.glyphs or ch == "\n":
                    out.append(ch)
                    last_regional = False
                elif cp in _DROP or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
                    continue
                elif cp in _REGIONAL and last_regional:      # second half of a flag
                    last_regional = False
                else:
                    out.append(PLACEHOLDER)
                    self.replaced = True
                    last_regional = cp in _REGIONAL
            return "".join(out)

        def header(self):
            if self.page_no() > 1 and self.running_title:
                self.set_font(FONT, "", SMALL_PT)
                self.set_text_color(*GREY)
                self.set_y(8)
                self.cell(0, 5, self.fit(self.running_title, self.epw), align="L")
                self.set_draw_color(*RULE)
                self.line(self.l_margin, 13.5, self.w - self.r_margin, 13.5)
                self.set_y(self.t_margin)
            self.set_text_color(*INK)

        def footer(self):
            self.set_y(-12)
            self.set_font(FONT, "", SMALL_PT)
            self.set_text_color(*GREY)
            self.cell(0, 5, labels.label(self.doc_lang, "page", n=self.page_no(), total="{nb}"),
                      align="C")
            self.set_text_color(*INK)

        def room_for(self, height: float):
            if self.y + height > self.page_break_trigger:
                self.add_page()

    return ReportPDF


def _col_weights(columns, rows) -> list[float]:
    weights = []
    for i, col in enumerate(columns):
        lengths = [len(clean(col))] + [len(clean(r[i])) for r in rows]
        longest = min(max(lengths), 60)
        mean = sum(lengths) / len(lengths)
        weights.append(max(5.0, float(longest) if longest <= 14 else min(max(mean, 14.0), 60.0)))
    return weights


def _table(pdf, columns, rows, *, header: bool, weights, bold_first: bool = False,
           borders: str = "ALL", zebra: bool = True):
    """A table with wrapping cells, drawn cell by cell; the header repeats on each page; a row
    too tall for one page becomes a stacked record."""
    pdf.set_font(FONT, "", TABLE_PT)
    total = sum(weights)
    text_widths = [pdf.epw * w / total - 2 * CELL_PAD for w in weights]
    safe_cols = [pdf.safe(c) for c in columns]
    safe_rows = [[pdf.safe(c) for c in row] for row in rows]

    def wrap_row(row, header_row=False):
        return [pdf.wrap(c, w, "B" if header_row or (bold_first and i == 0) else "", TABLE_PT,
                         like_multi_cell=False)
                for i, (w, c) in enumerate(zip(text_widths, row))]

    runs, current = [], []
    for row in safe_rows:
        wrapped = wrap_row(row)
        if max(len(x) for x in wrapped) * TABLE_LINE + 2 * CELL_PAD > TALL_ROW:
            if current:
                runs.append(("table", current))
                current = []
            runs.append(("stacked", row))
        else:
            current.append(wrapped)
    if current or not runs:
        runs.append(("table", current))

    col_w = [pdf.epw * w / total for w in weights]
    head = wrap_row(safe_cols, header_row=True)

    def draw_row(cells, fill, style):
        h = max(len(x) for x in cells) * TABLE_LINE + 2 * CELL_PAD
        y, x = pdf.y, pdf.l_margin
        pdf.set_font(FONT, style, TABLE_PT)
        for i, (w, lines_) in enumerate(zip(col_w, cells)):
            if fill:
                pdf.set_fill_color(*fill)
            box = ("DF" if fill else "D") if borders != "NONE" else ("F" if fill else None)
            if box:
                pdf.rect(x, y, w, h, style=box)
            if bold_first and i == 0 and style == "":
                pdf.set_font(FONT, "B", TABLE_PT)
            for n, text in enumerate(lines_):
                if text:     # text() is four times cheaper than cell(): the line is wrapped already
                    pdf.text(x + CELL_PAD, y + CELL_PAD + n * TABLE_LINE + BASELINE, text)
            if bold_first and i == 0 and style == "":
                pdf.set_font(FONT, style, TABLE_PT)
            x += w
        pdf.set_xy(pdf.l_margin, y + h)

    def header_row():
        pdf.set_text_color(13, 42, 85)
        draw_row(head, HEAD_FILL, "B")
        pdf.set_text_color(*INK)

    for kind, content in runs:
        pdf.set_font(FONT, "", TABLE_PT)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.2)
        if kind == "table":
            if not header and not content:
                continue
            auto = pdf.auto_page_break
            pdf.set_auto_page_break(False, margin=MARGIN)   # rows are placed by hand, below
            first_h = (max(len(x) for x in content[0]) * TABLE_LINE + 2 * CELL_PAD) if content else 0
            head_h = max(len(x) for x in head) * TABLE_LINE + 2 * CELL_PAD if header else 0
            if pdf.y + head_h + first_h > pdf.page_break_trigger:
                pdf.add_page()
            if header:
                header_row()
            for n, cells in enumerate(content):
                h = max(len(x) for x in cells) * TABLE_LINE + 2 * CELL_PAD
                if pdf.y + h > pdf.page_break_trigger:
                    pdf.add_page()
                    pdf.set_draw_color(*RULE)
                    if header:
                        header_row()         # the header repeats on each page
                draw_row(cells, ROW_FILL if zebra and n % 2 else None, "")
            pdf.set_auto_page_break(auto, margin=MARGIN)
        else:
            pdf.ln(1)
            for name, value in zip(safe_cols, content):
                pdf.set_font(FONT, "B", TABLE_PT)
                pdf.lines(0, TABLE_LINE, name or "—")
                pdf.set_font(FONT, "", TABLE_PT)
                pdf.lines(0, TABLE_LINE, value)
                pdf.ln(1)
            pdf.set_draw_color(*RULE)
            pdf.line(pdf.l_margin, pdf.y, pdf.w - pdf.r_margin, pdf.y)
            pdf.ln(1)
    pdf.ln(3)


def _chart(pdf, block: BarChart, lang: str):
    pdf.set_font(FONT, "B", BODY_PT)
    title = pdf.safe(block.title).strip()
    row_h, label_w, value_w = 6.0, 58.0, 20.0
    pdf.room_for(LINE + row_h * min(len(block.bars), 3))
    if title:
        pdf.multi_cell(0, LINE, title, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    top = max((v for _, v in block.bars), default=0)
    track_w = pdf.epw - label_w - value_w - 4
    pdf.set_font(FONT, "", TABLE_PT)
    for label, value in block.bars:
        pdf.room_for(row_h)
        y = pdf.y
        pdf.set_x(pdf.l_margin)
        pdf.cell(label_w, row_h, pdf.fit(pdf.safe(label), label_w - 1), align="L")
        x = pdf.l_margin + label_w + 2
        pdf.set_fill_color(*TRACK)
        pdf.rect(x, y + 1.2, track_w, row_h - 2.4, style="F")
        share = 0.0 if top <= 0 or value <= 0 else min(1.0, value / top)
        if share > 0:
            pdf.set_fill_color(*ACCENT)
            pdf.rect(x, y + 1.2, max(0.6, track_w * share), row_h - 2.4, style="F")
        pdf.set_xy(x + track_w + 2, y)
        pdf.cell(value_w, row_h, labels.format_number(value, lang), align="R")
        pdf.set_y(y + row_h)
    pdf.ln(3)


def _note(pdf, text: str):
    pdf.set_font(FONT, "", SMALL_PT + 1)
    pdf.set_text_color(*NOTE_INK)
    pdf.set_fill_color(*NOTE_FILL)
    pdf.multi_cell(0, 4.5, text, align="L", fill=True, padding=(2, 3, 2, 3),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(3)


def _block(pdf, block, lang: str):
    if isinstance(block, Paragraph):
        pdf.set_font(FONT, "B" if block.emphasis else "", BODY_PT)
        pdf.lines(0, LINE, pdf.safe(block.text).strip())
        pdf.ln(2)
    elif isinstance(block, Bullets):
        pdf.set_font(FONT, "", BODY_PT)
        for item in block.items:
            pdf.room_for(LINE)
            pdf.set_x(pdf.l_margin + 2)
            pdf.set_text_color(*ACCENT)
            pdf.cell(5, LINE, "•")
            pdf.set_text_color(*INK)
            pdf.lines(pdf.epw - 7, LINE, pdf.safe(item).strip())
            pdf.ln(0.8)
        pdf.ln(1.5)
    elif isinstance(block, Table):
        caption = pdf.safe(block.caption).strip()
        pdf.room_for(LINE + 3 * TABLE_LINE + 6)
        if caption:
            pdf.set_font(FONT, "B", TABLE_PT)
            pdf.multi_cell(0, LINE, caption, align="L", new_x="LMARGIN", new_y="NEXT")
        _table(pdf, block.columns, block.rows, header=True,
               weights=_col_weights(block.columns, block.rows))
    elif isinstance(block, Facts):
        pdf.set_font(FONT, "", BODY_PT)
        _table(pdf, ["", ""], [[k, v] for k, v in block.pairs], header=False,
               weights=[1, 2], bold_first=True, borders="NONE", zebra=False)
    elif isinstance(block, BarChart):
        _chart(pdf, block, lang)
    elif isinstance(block, Note):
        _note(pdf, pdf.safe(block.text).strip())
    else:
        raise TypeError(f"unknown block {block!r}")


def _heading(pdf, section: Section, level: int):
    size = 14 if level == 0 else 11.5
    pdf.room_for(30)                      # no heading alone at the bottom of a page
    pdf.ln(4 if level == 0 else 2)
    title = pdf.safe(section.title).strip()
    pdf.start_section(" ".join(title.split()) or "—", level=level)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*(ACCENT if level == 0 else INK))
    pdf.multi_cell(0, size * 0.5, title, align="L", new_x="LMARGIN", new_y="NEXT")
    if level == 0:
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, pdf.y + 1, pdf.w - pdf.r_margin, pdf.y + 1)
        pdf.ln(3)
    else:
        pdf.ln(1.5)
    pdf.set_text_color(*INK)


def _toc_renderer(lang: str):
    def render_toc(pdf, outline):
        pdf.set_x(pdf.l_margin)
        pdf.set_font(FONT, "B", 13)
        pdf.set_text_color(*ACCENT)
        pdf.cell(0, 9, labels.label(lang, "contents"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        for entry in outline:
            indent = 6 * entry.level
            pdf.set_font(FONT, "B" if entry.level == 0 else "", BODY_PT)
            pdf.set_text_color(*INK)
            link = pdf.add_link(page=entry.page_number)
            number = str(entry.page_number)
            num_w = 12
            pdf.set_x(pdf.l_margin + indent)
            avail = pdf.epw - indent - num_w
            pdf.cell(avail, TOC_LINE, pdf.fit(entry.name, avail - 2), link=link)
            pdf.cell(num_w, TOC_LINE, number, align="R", link=link,
                     new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
    return render_toc


def render(doc: Document) -> bytes:
    pdf = _make_pdf_class()(doc)
    lang = doc.lang
    pdf.set_creation_date(_creation_date(doc.generated_at))
    pdf.set_lang(lang)
    pdf.set_title(clean(doc.title))
    if clean(doc.subtitle).strip():
        pdf.set_subject(clean(doc.subtitle))
    pdf.set_creator("Palabre")
    pdf.running_title = pdf.safe(doc.title)

    pdf.add_page()
    pdf.set_font(FONT, "B", 20)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 9, pdf.safe(doc.title).strip(), align="L", new_x="LMARGIN", new_y="NEXT")
    if clean(doc.subtitle).strip():
        pdf.ln(1)
        pdf.set_font(FONT, "", 12)
        pdf.set_text_color(51, 51, 51)
        pdf.multi_cell(0, 6, pdf.safe(doc.subtitle).strip(), align="L",
                       new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*GREY)
    generated = labels.label(lang, "generated", date=labels.format_date(doc.generated_at, lang))
    pdf.cell(0, 5, pdf.safe(generated), new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, pdf.y + 2, pdf.w - pdf.r_margin, pdf.y + 2)
    pdf.set_line_width(0.2)
    pdf.set_text_color(*INK)
    pdf.ln(7)

    if len(doc.sections) >= 2:
        # Entries are one line each, so the pages the contents take are known before they are
        # drawn (fpdf2 draws them last, once every section's page is known).
        entries = sum(1 + len(s.sections) for s in doc.sections)
        first = int((pdf.page_break_trigger - pdf.y - 10) // TOC_LINE)
        per_page = int((pdf.page_break_trigger - pdf.t_margin) // TOC_LINE)
        pages = 1 if entries <= first else 1 + -(-(entries - first) // per_page)
        pdf.insert_toc_placeholder(_toc_renderer(lang), pages=pages)

    for section in doc.sections:
        _heading(pdf, section, 0)
        for block in section.blocks:
            _block(pdf, block, lang)
        for sub in section.sections:
            _heading(pdf, sub, 1)
            for block in sub.blocks:
                _block(pdf, block, lang)

    if pdf.replaced:
        pdf.ln(4)
        _note(pdf, labels.label(lang, "missing_glyphs"))
    return bytes(pdf.output())
