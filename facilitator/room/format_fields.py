"""Reading a format file's fields: each reader checks one value and, when it is wrong, records
an error naming the file, the step (or part, or question) and the field, then returns a default
so checking goes on and every error of a file is listed at once (docs/formats.md).

Used by formats.py, which holds the shapes of a format and how a file becomes one.
"""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass

LANGS = ("fr", "en")
ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
_ID_RE = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class Text:
    """A string a person reads, in every language Palabre speaks."""
    fr: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


MISSING = object()


class Checker:
    """Collects every error of one file, each prefixed with where it is."""

    def __init__(self, source: str):
        self.source = source
        self.errors: list[str] = []

    def error(self, where: list[str], field_name: str, message: str) -> None:
        place = ", ".join([*where, f'field "{field_name}"'] if field_name else where)
        self.errors.append(f"{self.source}: {place}: {message}" if place
                           else f"{self.source}: {message}")


def is_number(value) -> bool:
    # TOML booleans are Python ints, and TOML allows nan/inf: neither is a duration.
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def unknown_keys(ck: Checker, where: list[str], table: dict, allowed, prefix: str = "") -> None:
    for key in table:
        if key not in allowed:
            hint = difflib.get_close_matches(key, allowed, n=1)
            if hint:
                ck.error(where, prefix + key, f'unknown field; did you mean "{hint[0]}"?')
            else:
                ck.error(where, prefix + key, f"unknown field (allowed: {', '.join(allowed)})")


def table(ck, where, data: dict, key: str, prefix: str = "") -> dict | None:
    """The sub-table ``key`` (None when absent or wrong)."""
    value = data.get(key, MISSING)
    if value is MISSING:
        return None
    if not isinstance(value, dict):
        ck.error(where, prefix + key, "must be a table")
        return None
    return value


def text(ck, where, data: dict, key: str, *, required: bool = True,
          prefix: str = "") -> Text | None:
    """A bilingual text: a table with exactly ``fr`` and ``en``, both non-empty."""
    name = prefix + key
    value = data.get(key, MISSING)
    if value is MISSING:
        if required:
            ck.error(where, name, "missing (a table with fr and en)")
        return None
    if not isinstance(value, dict):
        ck.error(where, name, "must be a table with fr and en")
        return None
    unknown_keys(ck, where, value, LANGS, prefix=name + ".")
    texts = {}
    for lang in LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            ck.error(where, f"{name}.{lang}", "must be a non-empty string")
        else:
            texts[lang] = text.strip()
    if len(texts) != len(LANGS):
        return None
    return Text(**texts)


def number(ck, where, data: dict, key: str, default: float, prefix: str = "") -> float:
    value = data.get(key, MISSING)
    if value is MISSING:
        return default
    if not is_number(value) or value < 0:
        ck.error(where, prefix + key, "must be a number >= 0")
        return default
    return float(value)


def integer(ck, where, data: dict, key: str, default: int, minimum: int, prefix: str = "") -> int:
    value = data.get(key, MISSING)
    if value is MISSING:
        return default
    if not is_int(value) or value < minimum:
        ck.error(where, prefix + key, f"must be a whole number >= {minimum}")
        return default
    return value


def choice(ck, where, data: dict, key: str, allowed, default: str, prefix: str = "") -> str:
    value = data.get(key, MISSING)
    if value is MISSING:
        return default
    if value not in allowed:
        shown = ", ".join(f'"{a}"' for a in allowed)
        ck.error(where, prefix + key, f"{show(value)} is not one of {shown}")
        return default
    return value


def boolean(ck, where, data: dict, key: str, default: bool) -> bool:
    value = data.get(key, MISSING)
    if value is MISSING:
        return default
    if not isinstance(value, bool):
        ck.error(where, key, "must be true or false")
        return default
    return value


def ident(ck, where, data: dict, key: str, *, required: bool, default: str = "",
           prefix: str = "") -> str:
    """An id (``^[a-z][a-z0-9_-]*$``), or ``default`` when absent and not required."""
    value = data.get(key, MISSING)
    if value is MISSING or (value == "" and not required):
        if required:
            ck.error(where, prefix + key, "missing")
        return default
    if not isinstance(value, str) or not _ID_RE.match(value):
        ck.error(where, prefix + key, f"{show(value)} must match {ID_PATTERN} "
                 "(lowercase letters, digits, - and _, starting with a letter)")
        return default
    return value


def ident_list(ck, where, data: dict, key: str, default: tuple) -> tuple[str, ...]:
    value = data.get(key, MISSING)
    if value is MISSING:
        return default
    if not isinstance(value, list):
        ck.error(where, key, "must be a list of ids")
        return default
    result = []
    for item in value:
        if not isinstance(item, str) or not _ID_RE.match(item):
            ck.error(where, key, f"{show(item)} must match {ID_PATTERN}")
        elif item in result:
            ck.error(where, key, f'"{item}" is listed twice')
        else:
            result.append(item)
    return tuple(result)


def show(value) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def list_of_tables(ck, where, data: dict, key: str) -> list:
    value = data.get(key, MISSING)
    if value is MISSING:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        ck.error(where, key, f"must be an array of tables ([[...{key}]])")
        return []
    return value


def name(kind: str, table: dict, index: int) -> str:
    """How an error names a step, part or question: by id when it has one, else by number."""
    ident = table.get("id")
    if isinstance(ident, str) and ident:
        return f'{kind} "{ident}"'
    return f"{kind} #{index}"
