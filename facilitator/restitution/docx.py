"""Document → Word (.docx) with python-docx. ``render(doc) -> bytes``.

For the secretary who edits the restitution before sending it: real Word headings (so Word's
navigation pane and its own table of contents work), real tables with a shaded header row that
repeats on each page, real bullet lists, the document language set for spell-checking. The
bar chart is a table of values with a bar drawn in characters, which stays editable.
"""
from __future__ import annotations

import io
import re
from datetime import datetime, timezone

from . import labels
from .document import (BarChart, Bullets, Document, Facts, Note, Paragraph,
                       Section, Table, clean, display)
from .markdown import bar_text

LANG_TAGS = {"fr": "fr-FR", "en": "en-GB"}
HEAD_FILL = "E4EBF5"
ACCENT = (0x0A, 0x3D, 0x80)


def _text(value) -> str:
    return display(value).strip()


def _one_line(value) -> str:
    return re.sub(r"\s*\n\s*", " ", _text(value))


def _shade(cell, fill: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _repeat_header(row):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _set_lang(style, tag: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    r_pr = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    r_pr.append(lang)


def _cell_text(cell, text: str, bold: bool = False):
    """Fill a cell: one paragraph per line of ``text``."""
    lines = text.split("\n") if text else [""]
    para = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            para = cell.add_paragraph()
        run = para.add_run(line)
        if bold:                    # (setting None would still add an empty w:rPr to each run)
            run.bold = True


def _cells(table, row):
    """A new row's cells from its own XML: python-docx's ``row.cells`` walks the whole table
    each time, which made a 5000-row table take over a minute."""
    from docx.table import _Cell
    return [_Cell(tc, table) for tc in row._tr.tc_lst]


def _add_row(table, grid: list):
    """``table.add_row()`` without what makes it quadratic in the rows (it looks up where a row
    goes and the table's grid again for each one): a row is appended last, on the grid
    ``grid`` (the columns' widths, read once)."""
    from docx.table import _Row
    tr = table._tbl._new_tr()
    table._tbl.append(tr)
    for width in grid:
        tc = tr.add_tc()
        if width is not None:
            tc.width = width
    return _Row(tr, table)


def _table(out, columns, rows, *, header: bool, bold_first: bool = False, widths=None):
    n = len(columns)
    table = out.add_table(rows=0, cols=n)
    table.style = "Table Grid"
    grid = [col.w for col in table._tbl.tblGrid.gridCol_lst]
    if header:
        row = _add_row(table, grid)
        _repeat_header(row)
        for cell, text in zip(_cells(table, row), columns):
            _cell_text(cell, _text(text), bold=True)
            _shade(cell, HEAD_FILL)
    for values in rows:
        row = _add_row(table, grid)
        for i, (cell, text) in enumerate(zip(_cells(table, row), values)):
            _cell_text(cell, _text(text), bold=bold_first and i == 0)
    if widths:
        for row in table.rows:
            for cell, w in zip(_cells(table, row), widths):
                cell.width = w
    return table


def _lines(out, text: str, **kw):
    """User text: a paragraph per blank-line-separated chunk, line breaks kept inside it."""
    from docx.enum.text import WD_BREAK
    chunks = [c for c in text.replace("\r", "").split("\n\n") if c.strip()] or [""]
    for chunk in chunks:
        para = out.add_paragraph(style=kw.get("style"))
        for i, line in enumerate(chunk.strip().split("\n")):
            if i:
                para.runs[-1].add_break(WD_BREAK.LINE)
            run = para.add_run(line)
            run.bold = kw.get("bold") or None
            run.italic = kw.get("italic") or None
            if kw.get("color") is not None:
                from docx.shared import RGBColor
                run.font.color.rgb = RGBColor(*kw["color"])


def _block(out, block, lang: str):
    from docx.shared import Cm, Pt
    if isinstance(block, Paragraph):
        _lines(out, _text(block.text), bold=block.emphasis)
    elif isinstance(block, Bullets):
        for item in block.items:
            _lines(out, _text(item), style="List Bullet")
    elif isinstance(block, Table):
        if _text(block.caption):
            out.add_paragraph(_text(block.caption), style="Caption")
        _table(out, block.columns, block.rows, header=True)
        out.add_paragraph()
    elif isinstance(block, Facts):
        _table(out, ["", ""], block.pairs, header=False, bold_first=True,
               widths=[Cm(5.5), Cm(10.5)])
        out.add_paragraph()
    elif isinstance(block, BarChart):
        if _text(block.title):
            out.add_paragraph(_text(block.title), style="Caption")
        top = max((v for _, v in block.bars), default=0)
        rows = [[label, labels.format_number(v, lang), bar_text(v, top)] for label, v in block.bars]
        table = _table(out, [labels.label(lang, "item"), labels.label(lang, "value"), ""], rows,
                       header=True, widths=[Cm(6.5), Cm(2.5), Cm(7)])
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import RGBColor
        for row in table.rows[1:]:
            row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for run in row.cells[2].paragraphs[0].runs:
                run.font.color.rgb = RGBColor(*ACCENT)
                run.font.size = Pt(9)
        out.add_paragraph()
    elif isinstance(block, Note):
        _lines(out, _text(block.text), italic=True, color=(0x5A, 0x40, 0x00))
    else:
        raise TypeError(f"unknown block {block!r}")


def _section(out, section: Section, lang: str, level: int):
    out.add_heading(_one_line(section.title), level=level)
    for block in section.blocks:
        _block(out, block, lang)
    for sub in section.sections:
        _section(out, sub, lang, level + 1)


def _fixed_date(value) -> datetime:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=timezone.utc).replace(tzinfo=None)
    try:
        dt = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return datetime(2000, 1, 1)
    if dt.tzinfo:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt


def render(doc: Document) -> bytes:
    import docx
    from docx.shared import Pt

    lang = doc.lang
    out = docx.Document()
    tag = LANG_TAGS.get(lang, lang)
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Caption"):
        try:
            _set_lang(out.styles[name], tag)
        except KeyError:
            pass
    out.styles["Normal"].font.size = Pt(10.5)

    props = out.core_properties
    props.title = _text(doc.title)
    props.subject = _text(doc.subtitle)
    props.language = tag
    props.author = "Palabre"
    props.last_modified_by = "Palabre"
    props.comments = ""
    props.revision = 1
    when = _fixed_date(doc.generated_at)
    props.created = when
    props.modified = when

    out.add_heading(_one_line(doc.title), level=0)
    if _text(doc.subtitle):
        out.add_paragraph(_text(doc.subtitle), style="Subtitle")
    generated = labels.label(lang, "generated", date=labels.format_date(doc.generated_at, lang))
    _lines(out, generated, italic=True, color=(0x55, 0x55, 0x55))
    for section in doc.sections:
        _section(out, section, lang, 1)

    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()
