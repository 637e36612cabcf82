"""The few words the renderers print themselves, in French and English.

Everything else in a restitution (titles, column names, chart titles) comes from the Document,
which the builder writes in the workshop's language.
"""
from __future__ import annotations

import re
import time
from datetime import datetime

NBSP = "\u00a0"     # French puts a non-breaking space before : ; ! ? and inside « »
NNBSP = "\u202f"    # thin non-breaking space: the French thousands separator

LABELS = {
    "fr": {
        "generated": "Généré le {date}",
        "page": "Page {n} sur {total}",
        "contents": "Sommaire",
        "item": "Élément",
        "value": "Valeur",
        "chart": "Graphique",
        "colon": NBSP + ": ",
        "missing_glyphs": ("Certains caractères (émojis, écritures non latines…) ne peuvent pas "
                           "être affichés dans ce PDF : ils sont remplacés par □. Les versions "
                           "HTML et Word les conservent."),
        "at": " à ",
    },
    "en": {
        "generated": "Generated on {date}",
        "page": "Page {n} of {total}",
        "contents": "Contents",
        "item": "Item",
        "value": "Value",
        "chart": "Chart",
        "colon": ": ",
        "missing_glyphs": ("Some characters (emoji, some non-Latin scripts…) cannot be shown in "
                           "this PDF: they are replaced by □. The HTML and Word versions keep them."),
        "at": ", ",
    },
}

MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


def label(lang: str, key: str, **values) -> str:
    text = LABELS.get(lang, LABELS["fr"])[key]
    return text.format(**values) if values else text


def format_number(value, lang: str) -> str:
    """12 → "12"; 3.5 → "3,5" (fr) / "3.5" (en); 12500 → "12 500" (fr) / "12,500" (en)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        s = f"{value:,}"
    else:
        s = f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang == "fr":
        s = s.replace(",", NNBSP).replace(".", ",")
    return s


def format_date(value, lang: str) -> str:
    """The Document's ``generated_at`` for people: "14 mai 2024 à 16 h 30" / "14 May 2024, 16:30".

    A float is seconds since the epoch, shown in the laptop's local time (the room's time);
    an ISO 8601 string is shown as written, whatever its offset. Anything else is shown as is.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        dt = datetime(*time.localtime(value)[:6])
    else:
        text = str(value or "").strip()
        try:
            dt = datetime.fromisoformat(re.sub(r"Z$", "+00:00", text))
        except ValueError:
            return text
        if len(text) <= 10:            # a date alone: no time to print
            return _day(dt, lang)
    if lang == "fr":
        clock = f"{dt.hour} h {dt.minute:02d}"
    else:
        clock = f"{dt.hour:02d}:{dt.minute:02d}"
    return _day(dt, lang) + label(lang, "at") + clock


def _day(dt: datetime, lang: str) -> str:
    months = MONTHS.get(lang, MONTHS["fr"])
    day = "1er" if (lang == "fr" and dt.day == 1) else str(dt.day)
    return f"{day} {months[dt.month - 1]} {dt.year}"
