"""Lines of text for the PDF renderer: widths, word wrap, drawing, cutting with an ellipsis.

fpdf2's own line breaking (multi_cell, and so table()) measures a line again for each
character it adds, so its cost grows with the square of a line's length: a 5000-contribution
restitution spent seconds in it, and table() took 40 s for 1000 rows. This wraps words in
linear time with their widths taken from the font once, and draws each line with text().
:class:`Lines` is mixed into the renderer's FPDF subclass (``pdf.py``); ``self`` is the FPDF.
"""
from __future__ import annotations

import re

from fpdf.line_break import BREAKING_SPACE_SYMBOLS_STR, SOFT_HYPHEN
from fpdf.util import FloatTolerance

_TOLERANCE = FloatTolerance.TOLERANCE          # for the same line breaks as fpdf2's
# Text multi_cell breaks in its own ways (soft hyphens, other spaces) is left to it.
_SPECIAL = re.compile("[" + re.escape(BREAKING_SPACE_SYMBOLS_STR.replace(" ", "") + SOFT_HYPHEN) + "]")


class Lines:
    """Needs ``self.measured = {}`` set by the FPDF subclass's __init__."""

    def measure(self, text: str, style: str, size: float) -> float:
        """``text``'s width in mm, computed as fpdf2 does it, from the font's glyph
        widths, and remembered: fpdf2's get_string_width costs ten times more, and the
        word wrap below measures every word."""
        key = (style, size, text)
        w = self.measured.get(key)
        if w is None:
            cw = self.fonts[self.font_family + style].cw    # (the family in use)
            w = self.measured[key] = sum(cw[ord(c)] for c in text) * size * 0.001 / self.k
        return w

    def wrap(self, text: str, width: float, style: str, size: float,
             like_multi_cell: bool = True) -> list[str]:
        """Greedy word wrap in ``width`` mm, in linear time, breaking where fpdf2's
        multi_cell breaks (at a space; a word wider than the line after the last
        character that fits). Tables keep their own earlier rules (``like_multi_cell=False``: runs
        of spaces shown as one, a word wider than the cell cut by quarters), so that
        they print as they did."""
        def fits(x):
            return x - width <= _TOLERANCE
        space = self.measure(" ", style, size)
        out = []
        for para in text.split("\n"):
            line, x, broke = [], 0.0, False
            for word in para.split(" "):
                w = self.measure(word, style, size)
                if not fits(w) and line:          # a word wider than the line: its own
                    out.append(" ".join(line))
                    line, x = [], 0.0
                while not fits(w) and len(word) > 1:
                    out.append(word[:self._cut(word, width, style, size, like_multi_cell)])
                    word = word[len(out[-1]):]
                    w = self.measure(word, style, size)
                broke = line and not fits(x + space + w)
                if broke:
                    out.append(" ".join(line))
                    line, x = [], 0.0
                if word or not line or like_multi_cell:
                    x += (space if line else 0.0) + w
                    line.append(word)
            out.append(" ".join(line))
        if like_multi_cell and len(out) > 1 and broke and out[-1] == "":
            out.pop()            # the text ended with the space the last line broke at
        return out

    def _cut(self, word: str, width: float, style: str, size: float, exact: bool) -> int:
        """How many of ``word``'s first characters go on a line of ``width`` mm (at
        least one, never all: the word is wider than the line)."""
        if not exact:
            cut = len(word)
            while cut > 1 and self.measure(word[:cut], style, size) > width:
                cut = max(1, cut * 3 // 4) if cut > 8 else cut - 1
            return cut
        cut, x = 1, self.measure(word[0], style, size)
        while cut < len(word) - 1:
            x += self.measure(word[cut], style, size)
            if x - width > _TOLERANCE:
                break
            cut += 1
        return cut

    def lines(self, w: float, h: float, text: str):
        """``multi_cell(w, h, text, align="L", new_x="LMARGIN", new_y="NEXT")``, the
        same lines at the same places, drawn with text() (four times cheaper than a
        cell); text with a soft hyphen or an unusual space is left to fpdf2."""
        if _SPECIAL.search(text):
            self.multi_cell(w, h, text, align="L", new_x="LMARGIN", new_y="NEXT")
            return
        if w == 0:
            w = self.w - self.r_margin - self.x
        x = self.x
        dy = 0.5 * h + 0.3 * self.font_size          # a cell's baseline
        for line in self.wrap(text, w - 2 * self.c_margin, self.font_style, self.font_size_pt):
            if self.y + h > self.page_break_trigger:
                self.add_page()
            if line:       # (multi_cell writes a no-break space as a space, so do we)
                self.text(x + self.c_margin, self.y + dy, line.replace("\u00a0", " "))
            self.y += h
        self.x = self.l_margin

    def fit(self, text: str, width: float) -> str:
        """``text`` (already safe) cut with … to fit ``width`` mm in the current font."""
        text = " ".join(text.split())
        style, size = self.font_style, self.font_size_pt
        if self.measure(text, style, size) <= width:
            return text
        low, high = 0, len(text)                # the longest prefix that fits with …
        while low < high:
            mid = (low + high + 1) // 2
            if self.measure(text[:mid] + "…", style, size) <= width:
                low = mid
            else:
                high = mid - 1
        return text[:low].rstrip() + "…"
