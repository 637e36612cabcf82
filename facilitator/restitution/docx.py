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
STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Caption", "List Bullet", "Table Grid")


def _text(value) -> str:
    return display(value).strip()


def _one_line(value) -> str:
    return re.sub(r"\s*\n\s*", " ", _text(value))


def _set_lang(style, tag: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    r_pr = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    r_pr.append(lang)


def _paragraph(out, styles: dict, text: str = "", style: str | None = None):
    """``out.add_paragraph(text, style)`` with the style's id looked up once per document:
    python-docx looks it up among all the styles, default style included, for every
    paragraph (2.5 ms each, a second for a big restitution's bullets)."""
    para = out.add_paragraph(text)
    if style is not None:
        para._p.style = styles[style]
    return para


# A table is written as WordprocessingML text and parsed once: python-docx costs ~0.5 ms per
# cell (each element is found or inserted by a search among its siblings), and a 5000-row
# restitution has tens of thousands of cells. The XML is the same python-docx would write.
_HEADER_TR = '<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>'
_SHADE = f'<w:shd w:val="clear" w:color="auto" w:fill="{HEAD_FILL}"/>'
_BOLD = "<w:b/>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell_xml(text: str, width: int, shade: str = "", r_pr: str = "", p_pr: str = "") -> str:
    """One ``w:tc``: a paragraph per line of ``text``, one run each; ``p_pr`` goes on the
    first paragraph only, ``r_pr`` on every run."""
    parts = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{shade}</w:tcPr>']
    r_open = f"<w:r><w:rPr>{r_pr}</w:rPr>" if r_pr else "<w:r>"
    for i, line in enumerate(text.split("\n") if text else [""]):
        parts.append(f"<w:p><w:pPr>{p_pr}</w:pPr>" if p_pr and not i else "<w:p>")
        if not line:
            parts.append(r_open + "</w:r></w:p>" if r_pr else "<w:r/></w:p>")
            continue
        # (the attribute python-docx adds when a line starts or ends with a space)
        space = ' xml:space="preserve"' if len(line.strip()) < len(line) else ""
        parts.append(f"{r_open}<w:t{space}>{_escape(line)}</w:t></w:r></w:p>")
    parts.append("</w:tc>")
    return "".join(parts)


def _table(out, styles: dict, columns, rows, *, header: bool, bold_first: bool = False,
           widths=None, r_pr=(), p_pr=()):
    """A "Table Grid" table, its header row (bold, shaded) repeated on each page. ``widths``
    (Length) override the columns' even share; ``r_pr`` / ``p_pr`` give, per column, run and
    paragraph properties (WordprocessingML) for the body rows."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    n = len(columns)
    table = out.add_table(rows=0, cols=n)
    table._tbl.tblPr.style = styles["Table Grid"]
    grid = [col.w for col in table._tbl.tblGrid.gridCol_lst]
    widths = list(widths or [])
    twips = [(widths[i] if i < len(widths) else grid[i]).twips for i in range(n)]
    r_pr = list(r_pr) + [""] * (n - len(r_pr))
    p_pr = list(p_pr) + [""] * (n - len(p_pr))
    xml = [f"<w:tbl {nsdecls('w')}>"]
    if header:
        xml.append(_HEADER_TR)
        xml.extend(_cell_xml(_text(c), w, _SHADE, _BOLD) for c, w in zip(columns, twips))
        xml.append("</w:tr>")
    for values in rows:
        xml.append("<w:tr>")
        for i, (text, w) in enumerate(zip(values, twips)):
            xml.append(_cell_xml(_text(text), w, "", _BOLD if bold_first and i == 0 else r_pr[i],
                                 p_pr[i]))
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    table._tbl.extend(list(parse_xml("".join(xml))))
    return table


def _lines(out, styles: dict, text: str, **kw):
    """User text: a paragraph per blank-line-separated chunk, line breaks kept inside it."""
    from docx.enum.text import WD_BREAK
    chunks = [c for c in text.replace("\r", "").split("\n\n") if c.strip()] or [""]
    for chunk in chunks:
        para = _paragraph(out, styles, style=kw.get("style"))
        for i, line in enumerate(chunk.strip().split("\n")):
            if i:
                para.runs[-1].add_break(WD_BREAK.LINE)
            run = para.add_run(line)
            run.bold = kw.get("bold") or None
            run.italic = kw.get("italic") or None
            if kw.get("color") is not None:
                from docx.shared import RGBColor
                run.font.color.rgb = RGBColor(*kw["color"])


def _block(out, styles: dict, block, lang: str):
    from docx.shared import Cm
    if isinstance(block, Paragraph):
        _lines(out, styles, _text(block.text), bold=block.emphasis)
    elif isinstance(block, Bullets):
        for item in block.items:
            _lines(out, styles, _text(item), style="List Bullet")
    elif isinstance(block, Table):
        if _text(block.caption):
            _paragraph(out, styles, _text(block.caption), "Caption")
        _table(out, styles, block.columns, block.rows, header=True)
        out.add_paragraph()
    elif isinstance(block, Facts):
        _table(out, styles, ["", ""], block.pairs, header=False, bold_first=True,
               widths=[Cm(5.5), Cm(10.5)])
        out.add_paragraph()
    elif isinstance(block, BarChart):
        if _text(block.title):
            _paragraph(out, styles, _text(block.title), "Caption")
        top = max((v for _, v in block.bars), default=0)
        rows = [[label, labels.format_number(v, lang), bar_text(v, top)] for label, v in block.bars]
        bar = "".join("%02X" % c for c in ACCENT)          # the bar in Palabre's blue, 9 pt
        _table(out, styles, [labels.label(lang, "item"), labels.label(lang, "value"), ""], rows,
               header=True, widths=[Cm(6.5), Cm(2.5), Cm(7)],
               p_pr=["", '<w:jc w:val="right"/>'],
               r_pr=["", "", f'<w:color w:val="{bar}"/><w:sz w:val="18"/>'])
        out.add_paragraph()
    elif isinstance(block, Note):
        _lines(out, styles, _text(block.text), italic=True, color=(0x5A, 0x40, 0x00))
    else:
        raise TypeError(f"unknown block {block!r}")


def _heading(out, styles: dict, text: str, level: int):
    """``out.add_heading`` with the style looked up once (see :func:`_paragraph`)."""
    return _paragraph(out, styles, text, "Title" if level == 0 else f"Heading {level}")


def _section(out, styles: dict, section: Section, lang: str, level: int):
    _heading(out, styles, _one_line(section.title), level)
    for block in section.blocks:
        _block(out, styles, block, lang)
    for sub in section.sections:
        _section(out, styles, sub, lang, level + 1)


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

    styles = {name: out.styles[name].style_id for name in STYLES}
    _heading(out, styles, _one_line(doc.title), 0)
    if _text(doc.subtitle):
        _paragraph(out, styles, _text(doc.subtitle), "Subtitle")
    generated = labels.label(lang, "generated", date=labels.format_date(doc.generated_at, lang))
    _lines(out, styles, generated, italic=True, color=(0x55, 0x55, 0x55))
    for section in doc.sections:
        _section(out, styles, section, lang, 1)

    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()
