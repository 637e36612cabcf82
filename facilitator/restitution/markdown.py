"""Document → Markdown (GitHub-flavoured: tables are GFM tables). ``render(doc) -> bytes``.

User text is escaped so that it reads as typed: a contribution "**urgent** <b>" shows its
asterisks and angle brackets rather than turning bold or into HTML.
"""
from __future__ import annotations

import re

from . import labels
from .document import (BarChart, Bullets, Document, Facts, Note, Paragraph,
                       Section, Table, clean, display)

BAR_WIDTH = 20          # characters of the longest bar in a chart
BAR = "█"

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^()([#+\-=]|\d+(?=[.)](\s|$)))")


def _line(text: str, block: bool = True) -> str:
    text = _INLINE.sub(r"\\\1", text.strip())
    text = _ENTITY.sub(r"\\&", text)
    if not block:
        return text
    # What would start a heading, a list, a setext underline or an ordered list at the start
    # of a line: "# ", "- ", "+ ", "===", "1. " (the dot is escaped for the last one).
    m = _LINE_START.match(text)
    if m:
        if m.group(2)[0].isdigit():
            end = m.end()
            text = text[:end] + "\\" + text[end:]
        else:
            text = "\\" + text
    return text


def esc(text) -> str:
    """One line of user text (headings, labels): newlines become spaces."""
    return _line(" ".join(display(text).split("\n")))


def esc_lines(text, indent: str = "", wrap: str = "") -> list[str]:
    """Multi-line user text: each line escaped (and wrapped in ``wrap``, e.g. "**"), a blank
    line between paragraphs, a hard line break ("\\" at the end) between lines of one paragraph;
    every line but the first prefixed with ``indent`` (to continue a list item)."""
    paragraphs = re.split(r"\n\s*\n", display(text).strip())
    out: list[str] = []
    for p in paragraphs:
        lines = [wrap + _line(x) + wrap for x in p.split("\n") if x.strip()]
        if not lines:
            continue
        if out:
            out.append("")
        out.extend(l + "\\" for l in lines[:-1])
        out.append(lines[-1])
    return [(indent + l if (i and l) else l) for i, l in enumerate(out)] or [""]


def esc_cell(text) -> str:
    lines = [_line(x, block=False) for x in display(text).split("\n") if x.strip()]
    return "<br>".join(lines)


def _table(columns, rows, aligns=None) -> list[str]:
    aligns = aligns or ["---"] * len(columns)
    out = ["| " + " | ".join(esc_cell(c) for c in columns) + " |",
           "| " + " | ".join(aligns) + " |"]
    out += ["| " + " | ".join(esc_cell(c) for c in row) + " |" for row in rows]
    return out


def bar_text(value, top) -> str:
    if top <= 0 or value <= 0:
        return ""
    return BAR * max(1, round(value / top * BAR_WIDTH))


def _block(block, lang: str) -> list[str]:
    if isinstance(block, Paragraph):
        return esc_lines(block.text, wrap="**" if block.emphasis else "")
    if isinstance(block, Bullets):
        out = []
        for item in block.items:
            first, *rest = esc_lines(item, indent="  ")
            out.append("- " + first)
            out.extend(rest)
        return out
    if isinstance(block, Table):
        out = [f"*{esc(block.caption)}*", ""] if clean(block.caption).strip() else []
        return out + _table(block.columns, block.rows)
    if isinstance(block, Facts):
        colon = labels.label(lang, "colon").rstrip()
        return [f"- **{esc(k)}{colon}** {esc(v)}" for k, v in block.pairs]
    if isinstance(block, BarChart):
        top = max((v for _, v in block.bars), default=0)
        rows = [[label, labels.format_number(v, lang), bar_text(v, top)] for label, v in block.bars]
        head = [labels.label(lang, "item"), labels.label(lang, "value"), ""]
        title = [f"**{esc(block.title)}**", ""] if clean(block.title).strip() else []
        return title + _table(head, rows, aligns=["---", "---:", "---"])
    if isinstance(block, Note):
        return ["> " + l if l else ">" for l in esc_lines(block.text)]
    raise TypeError(f"unknown block {block!r}")


def _section(section: Section, lang: str, level: int) -> list[str]:
    out = ["#" * level + " " + esc(section.title), ""]
    for block in section.blocks:
        out += _block(block, lang) + [""]
    for sub in section.sections:
        out += _section(sub, lang, level + 1)
    return out


def render(doc: Document) -> bytes:
    lang = doc.lang
    out = ["# " + esc(doc.title), ""]
    if clean(doc.subtitle).strip():
        out += [f"*{esc(doc.subtitle)}*", ""]
    out += [esc(labels.label(lang, "generated", date=labels.format_date(doc.generated_at, lang))), ""]
    if len(doc.sections) >= 2:
        out += ["## " + esc(labels.label(lang, "contents")), ""]
        for s in doc.sections:
            out.append("- " + esc(s.title))
            out += ["  - " + esc(sub.title) for sub in s.sections]
        out.append("")
    for section in doc.sections:
        out += _section(section, lang, 2)
    while out and out[-1] == "":
        out.pop()
    return ("\n".join(out) + "\n").encode("utf-8")
