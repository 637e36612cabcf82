"""Document → one self-contained HTML file. ``render(doc) -> bytes``.

The file has everything inline (CSS, the bar charts as small SVGs) and refers to nothing
outside itself, so it opens the same from a USB key, a phone's downloads or an e-mail; it
reads on a phone (fluid width, wide tables scroll sideways) and prints as an A4 report
(``@page`` with page numbers). Every piece of user text goes through ``html.escape``.
"""
from __future__ import annotations

import html
import re

from . import labels
from .document import (BarChart, Bullets, Document, Facts, Note, Paragraph,
                       Section, Table, anchor, clean, display)

ACCENT = "#0a3d80"      # Palabre's blue (the projector's and dashboard's)

CSS = """
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff;color:#1a1a1a;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
main{max-width:50rem;margin:0 auto;padding:1.25rem 1rem 3rem}
header{border-bottom:3px solid ACCENT;margin-bottom:1.5rem;padding-bottom:.75rem}
h1{margin:0 0 .25rem;font-size:1.9rem;line-height:1.2;color:ACCENT}
h2{margin:2rem 0 .75rem;font-size:1.4rem;line-height:1.25;color:ACCENT;border-bottom:1px solid #c9d3e3;padding-bottom:.2rem}
h3{margin:1.5rem 0 .5rem;font-size:1.15rem;line-height:1.3}
h1,h2,h3,p,li,td,th,dt,dd,caption{overflow-wrap:anywhere}
.subtitle{margin:0;font-size:1.1rem;color:#333}
.generated{margin:.35rem 0 0;font-size:.9rem;color:#555}
p{margin:.5rem 0}
.emphasis{font-weight:700}
ul{margin:.5rem 0;padding-left:1.4rem}
li{margin:.2rem 0}
nav.toc{background:#f4f7fc;border-radius:.4rem;padding:.5rem 1rem .75rem}
nav.toc h2{margin:.25rem 0 .5rem;border:0;font-size:1.1rem}
nav.toc ol{margin:0;padding-left:1.3rem}
nav.toc ol ol{list-style:disc}
nav.toc a{color:ACCENT}
.scroll{overflow-x:auto;margin:.75rem 0;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.92rem}
caption{caption-side:top;text-align:left;font-weight:700;padding:0 0 .35rem}
th,td{border:1px solid #c9d3e3;padding:.35rem .5rem;text-align:left;vertical-align:top;min-width:6rem}
thead th{background:#e4ebf5;color:#0d2a55}
tbody tr:nth-child(even) td{background:#f8fafd}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.75rem 0}
dl.facts div{display:contents}
dt{font-weight:700}
dd{margin:0}
figure.chart{margin:1rem 0}
figure.chart figcaption{font-weight:700;margin-bottom:.35rem}
table.chart,table.chart tbody tr td{border:0;background:none}
table.chart td{padding:.15rem .35rem;vertical-align:middle;min-width:0}
table.chart td.label{width:40%}
table.chart td.bar{width:45%}
table.chart td.value{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.chart svg{display:block;width:100%;height:.9rem}
.note{margin:1rem 0;padding:.5rem .75rem;border-left:4px solid #a35a00;background:#fff6e8;font-size:.92rem;color:#3d2a00}
@media (max-width:30rem){
 body{font-size:15px}
 main{padding:1rem .75rem 2rem}
 h1{font-size:1.5rem}
 dl.facts{grid-template-columns:minmax(0,45%) 1fr}
 table.chart td.label{width:50%}
}
@page{size:A4;margin:18mm 16mm 20mm;@bottom-center{content:PAGE;font:9pt system-ui,sans-serif;color:#555}}
@media print{
 body{font-size:10.5pt;line-height:1.4}
 main{max-width:none;padding:0}
 h2,h3{break-after:avoid;page-break-after:avoid}
 tr,figure,dl.facts div,.note{break-inside:avoid;page-break-inside:avoid}
 .scroll{overflow:visible}
 nav.toc a{color:inherit;text-decoration:none}
 thead{display:table-header-group}
 thead th,tbody tr:nth-child(even) td,.note,nav.toc{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _page_content(lang: str) -> str:
    """ "Page {n} sur {total}" as a CSS ``content`` value: "Page " counter(page) " sur " counter(pages)."""
    parts = []
    for piece in re.split(r"(\{n\}|\{total\})", labels.label(lang, "page")):
        if piece == "{n}":
            parts.append("counter(page)")
        elif piece == "{total}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts)


def esc(text) -> str:
    return html.escape(display(text), quote=True)


def esc_multiline(text) -> str:
    return "<br>\n".join(esc(line) for line in display(text).strip().split("\n"))


def _paragraphs(text, cls: str = "") -> list[str]:
    attr = f' class="{cls}"' if cls else ""
    chunks = [c for c in re.split(r"\n\s*\n", display(text).strip())] or [""]
    return [f"<p{attr}>{esc_multiline(c)}</p>" for c in chunks]


def _bar_svg(value, top) -> str:
    share = 0.0 if top <= 0 or value <= 0 else min(1.0, value / top)
    width = f"{share * 100:.1f}%"
    return ('<svg aria-hidden="true" focusable="false" preserveAspectRatio="none">'
            f'<rect x="0" y="0" width="{width}" height="100%" rx="2" fill="{ACCENT}"/></svg>')


def _block(block, lang: str) -> list[str]:
    if isinstance(block, Paragraph):
        return _paragraphs(block.text, "emphasis" if block.emphasis else "")
    if isinstance(block, Bullets):
        return ["<ul>"] + [f"<li>{esc_multiline(item)}</li>" for item in block.items] + ["</ul>"]
    if isinstance(block, Table):
        out = ['<div class="scroll"><table>']
        if clean(block.caption).strip():
            out.append(f"<caption>{esc(block.caption)}</caption>")
        out.append("<thead><tr>" + "".join(f'<th scope="col">{esc_multiline(c)}</th>'
                                           for c in block.columns) + "</tr></thead>")
        out.append("<tbody>")
        out += ["<tr>" + "".join(f"<td>{esc_multiline(c)}</td>" for c in row) + "</tr>"
                for row in block.rows]
        out.append("</tbody></table></div>")
        return out
    if isinstance(block, Facts):
        return (['<dl class="facts">']
                + [f"<div><dt>{esc(k)}</dt><dd>{esc_multiline(v)}</dd></div>" for k, v in block.pairs]
                + ["</dl>"])
    if isinstance(block, BarChart):
        top = max((v for _, v in block.bars), default=0)
        title = clean(block.title).strip()
        name = esc(title or labels.label(lang, "chart"))
        out = [f'<figure class="chart" role="group" aria-label="{name}">']
        if title:
            out.append(f"<figcaption>{esc(title)}</figcaption>")
        out.append('<table class="chart"><tbody>')
        out += [f'<tr><td class="label">{esc(label)}</td><td class="bar">{_bar_svg(v, top)}</td>'
                f'<td class="value">{esc(labels.format_number(v, lang))}</td></tr>'
                for label, v in block.bars]
        out.append("</tbody></table></figure>")
        return out
    if isinstance(block, Note):
        return _paragraphs(block.text, "note")
    raise TypeError(f"unknown block {block!r}")


def render(doc: Document) -> bytes:
    lang = doc.lang
    ids: dict[str, str] = {}
    for s in doc.walk():                      # distinct HTML ids even if two ids clean alike
        a, n = anchor(s.id), 2
        while a in ids.values():
            a, n = f"{anchor(s.id)}-{n}", n + 1
        ids[s.id] = a

    css = CSS.replace("ACCENT", ACCENT).replace("PAGE", _page_content(lang)).strip()
    out = ["<!DOCTYPE html>", f'<html lang="{esc(lang)}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           '<meta name="generator" content="Palabre">',
           f"<title>{esc(doc.title)}</title>", "<style>", css, "</style>", "</head>", "<body>",
           "<main>", "<header>", f"<h1>{esc(doc.title)}</h1>"]
    if clean(doc.subtitle).strip():
        out.append(f'<p class="subtitle">{esc(doc.subtitle)}</p>')
    generated = labels.label(lang, "generated", date=labels.format_date(doc.generated_at, lang))
    out += [f'<p class="generated">{esc(generated)}</p>', "</header>"]

    if len(doc.sections) >= 2:
        out += ['<nav class="toc" aria-labelledby="toc-title">',
                f'<h2 id="toc-title">{esc(labels.label(lang, "contents"))}</h2>', "<ol>"]
        for s in doc.sections:
            link = f'<a href="#{ids[s.id]}">{esc(s.title)}</a>'
            if s.sections:
                subs = "".join(f'<li><a href="#{ids[x.id]}">{esc(x.title)}</a></li>' for x in s.sections)
                out.append(f"<li>{link}<ol>{subs}</ol></li>")
            else:
                out.append(f"<li>{link}</li>")
        out += ["</ol>", "</nav>"]

    def section(s: Section, level: int):
        out.append(f'<section id="{ids[s.id]}">')
        out.append(f"<h{level}>{esc(s.title)}</h{level}>")
        for block in s.blocks:
            out.extend(_block(block, lang))
        for sub in s.sections:
            section(sub, level + 1)
        out.append("</section>")

    for s in doc.sections:
        section(s, 2)
    out += ["</main>", "</body>", "</html>"]
    return ("\n".join(out) + "\n").encode("utf-8")
