"""The restitution's document model: small, explicit, and the same for every output format.

A :class:`Document` has sections; a :class:`Section` has blocks and, one level down, its own
sections. Blocks are :class:`Paragraph`, :class:`Bullets`, :class:`Table`, :class:`Facts`,
:class:`BarChart` and :class:`Note`. Every string is plain user text, never markup: each
renderer escapes it for its format. ``to_dict()`` gives plain JSON-ready data and
``Document.from_dict()`` reads it back.

Nothing here reads a clock: ``generated_at`` is given by the caller (an ISO 8601 string such
as ``"2024-05-14T16:30:00+01:00"``, or seconds since the epoch as a float), so the same
Document always renders to the same bytes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Union

LANGS = ("fr", "en")

# C0 controls but TAB and LF, DEL, C1 controls, lone surrogates and the two non-characters
# U+FFFE/U+FFFF: none of them is printable, XML (docx) refuses most of them and PDF fonts have
# no glyph for them. Pasted text brings them in more often than one would think.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: Any) -> str:
    """User text as renderers want it: a str, LF line ends, tabs as spaces, no control chars."""
    if text is None:
        return ""
    s = text if isinstance(text, str) else str(text)
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _UNPRINTABLE.sub("", s)


_NB_BEFORE = re.compile(r"[ \u00a0]+(?=[:;!?»])")
_NB_AFTER = re.compile(r"(?<=«)[ \u00a0]+")


def display(text: Any) -> str:
    """:func:`clean`, and French typography's spaces made non-breaking, for the renderers:
    "« Eau »" and "Groupe 1 : l’eau" never break a line next to the guillemet or the colon."""
    s = clean(text)
    if "«" in s or "»" in s or " " in s:
        s = _NB_AFTER.sub("\u00a0", _NB_BEFORE.sub("\u00a0", s))
    return s


def _number(value: Any) -> Union[int, float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"a bar's value must be a number, not {value!r}")
    return value


@dataclass
class Paragraph:
    text: str
    emphasis: bool = False
    kind = "paragraph"

    def to_dict(self) -> dict:
        return {"type": self.kind, "text": self.text, "emphasis": bool(self.emphasis)}


@dataclass
class Bullets:
    items: list[str]
    kind = "bullets"

    def __post_init__(self):
        self.items = list(self.items)

    def to_dict(self) -> dict:
        return {"type": self.kind, "items": list(self.items)}


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    caption: str | None = None
    kind = "table"

    def __post_init__(self):
        self.columns = list(self.columns)
        if not self.columns:
            raise ValueError("a table needs at least one column")
        width = len(self.columns)
        rows = []
        for i, row in enumerate(self.rows):
            row = list(row)
            if len(row) > width:
                raise ValueError(f"row {i} has {len(row)} cells for {width} columns")
            rows.append(row + [""] * (width - len(row)))  # short rows are padded, not refused
        self.rows = rows

    def to_dict(self) -> dict:
        return {"type": self.kind, "columns": list(self.columns),
                "rows": [list(r) for r in self.rows], "caption": self.caption}


@dataclass
class Facts:
    """Label/value pairs: « Participants : 42 », « Durée : 90 min »."""
    pairs: list[tuple[str, str]]
    kind = "facts"

    def __post_init__(self):
        self.pairs = [(label, value) for label, value in self.pairs]

    def to_dict(self) -> dict:
        return {"type": self.kind, "pairs": [[label, value] for label, value in self.pairs]}


@dataclass
class BarChart:
    title: str
    bars: list[tuple[str, Union[int, float]]]
    kind = "bar_chart"

    def __post_init__(self):
        self.bars = [(label, _number(value)) for label, value in self.bars]

    def to_dict(self) -> dict:
        return {"type": self.kind, "title": self.title,
                "bars": [[label, value] for label, value in self.bars]}


@dataclass
class Note:
    """A remark about the document itself, e.g. "hidden contributions included, marked ⊥"."""
    text: str
    kind = "note"

    def to_dict(self) -> dict:
        return {"type": self.kind, "text": self.text}


Block = Union[Paragraph, Bullets, Table, Facts, BarChart, Note]
BLOCK_TYPES: dict[str, type] = {cls.kind: cls for cls in (Paragraph, Bullets, Table, Facts, BarChart, Note)}


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    sections: list["Section"] = field(default_factory=list)

    def __post_init__(self):
        self.blocks = list(self.blocks)
        self.sections = list(self.sections)
        for b in self.blocks:
            if not isinstance(b, tuple(BLOCK_TYPES.values())):
                raise TypeError(f"section {self.id!r}: {b!r} is not a block")
        for sub in self.sections:
            if not isinstance(sub, Section):
                raise TypeError(f"section {self.id!r}: {sub!r} is not a Section")
            if sub.sections:
                raise ValueError(f"section {sub.id!r}: sections nest one level only")

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title,
                "blocks": [b.to_dict() for b in self.blocks],
                "sections": [s.to_dict() for s in self.sections]}

    @classmethod
    def from_dict(cls, data: dict) -> "Section":
        return cls(id=data["id"], title=data["title"],
                   blocks=[block_from_dict(b) for b in data.get("blocks", [])],
                   sections=[cls.from_dict(s) for s in data.get("sections", [])])


@dataclass
class Document:
    title: str
    subtitle: str
    lang: str
    generated_at: Union[str, float]
    sections: list[Section] = field(default_factory=list)

    def __post_init__(self):
        if self.lang not in LANGS:
            raise ValueError(f"unknown language {self.lang!r} (one of {', '.join(LANGS)})")
        self.sections = list(self.sections)
        ids = [s.id for s in self.walk()]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"section ids must be unique: {', '.join(dupes)}")

    def walk(self):
        """Every section in reading order, subsections right after their parent."""
        for s in self.sections:
            yield s
            yield from s.sections

    def to_dict(self) -> dict:
        return {"title": self.title, "subtitle": self.subtitle, "lang": self.lang,
                "generated_at": self.generated_at,
                "sections": [s.to_dict() for s in self.sections]}

    @classmethod
    def from_dict(cls, data: dict) -> "Document":
        return cls(title=data["title"], subtitle=data.get("subtitle", ""), lang=data["lang"],
                   generated_at=data["generated_at"],
                   sections=[Section.from_dict(s) for s in data.get("sections", [])])


def block_from_dict(data: dict) -> Block:
    data = dict(data)
    kind = data.pop("type")
    try:
        cls = BLOCK_TYPES[kind]
    except KeyError:
        raise ValueError(f"unknown block type {kind!r}") from None
    return cls(**data)


def anchor(section_id: str) -> str:
    """A section id made safe as an HTML id / URL fragment (letters, digits, - and _)."""
    a = re.sub(r"[^A-Za-z0-9_-]+", "-", clean(section_id)).strip("-")
    return "s-" + (a or "section")
