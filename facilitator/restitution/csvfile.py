"""Flat tables as CSV that a French Excel opens right: UTF-8 with a BOM, CRLF line ends.

The builder calls ``rows_to_csv`` for "one row per contribution" and "one row per action".
Use ``delimiter=";"`` for a French-locale Excel, which expects semicolons.
"""
from __future__ import annotations

import csv
import io

from .document import clean

# A cell that a spreadsheet would take for a formula: "=HYPERLINK(…)", "+33…", "-1", "@SUM".
# Text typed on a participant's phone must never run as a formula on the facilitator's
# laptop, so such text cells get a leading apostrophe (numbers are left as they are).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value, guard: bool, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return repr(value).replace(".", decimal) if isinstance(value, float) else str(value)
    text = clean(value)
    if guard and text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def rows_to_csv(columns, rows, delimiter: str = ",", *, guard_formulas: bool = True) -> bytes:
    """CSV bytes: header row ``columns`` then ``rows``; None → empty, True/False → 1/0.

    With ``delimiter=";"`` (the French-locale Excel convention) decimals are written with a
    comma (3,5) so that Excel reads them as numbers. Line breaks inside a cell are kept (the
    cell is quoted); record ends are CRLF.
    """
    if delimiter not in (",", ";"):
        raise ValueError("delimiter must be ',' or ';'")
    decimal = "," if delimiter == ";" else "."
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, quotechar='"', quoting=csv.QUOTE_MINIMAL,
                        lineterminator="\r\n")
    writer.writerow([_cell(c, guard_formulas, decimal) for c in columns])
    for row in rows:
        writer.writerow([_cell(c, guard_formulas, decimal) for c in row])
    return buf.getvalue().encode("utf-8-sig")
