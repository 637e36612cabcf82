"""A three-way merge of short texts on words, for two people editing one text at once.

Used by the restitution sheet (sheet.py): a phone sends the text it started from, its new text,
and the server merges it with what is stored. No word either side wrote is ever dropped.
"""
from __future__ import annotations

import difflib
import re

# Between the two versions of a conflicting stretch: on its own line, plain ASCII, so every phone font
# shows it and nobody takes it for part of a sentence.
CONFLICT_SEPARATOR = "\n-----\n"

# Words, runs of whitespace, single punctuation marks: a comma added after a word is not a
# change to the word, and the space between two words keeps their edits apart.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def _hunks(base: list[str], other: list[str], side: int) -> list[tuple]:
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return [(i1, i2, side, other[j1:j2])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _overlaps(hunk: tuple, lo: int, hi: int) -> bool:
    start, end = hunk[0], hunk[1]
    if start < hi:  # starts inside the group's span of base words
        return True
    # Two insertions at the same point: nothing says whose words come first.
    return start == end == lo == hi


def _reading(base: list[str], lo: int, hi: int, hunks: list[tuple]) -> list[str]:
    """One side's version of base[lo:hi], from its hunks inside that span."""
    out, pos = [], lo
    for start, end, _side, tokens in hunks:
        out += base[pos:start] + tokens
        pos = end
    return out + base[pos:hi]


def merge_text(base: str, mine: str, theirs: str) -> tuple[str, bool]:
    """Three-way merge on words: (merged text, whether a conflict kept two versions).

    Changes to different words (even neighbours: the space between them is a token) both
    apply; the same change made on both sides applies once. Where changes overlap, or both
    sides inserted at the same point, both versions of that stretch are kept, theirs, then
    CONFLICT_SEPARATOR, then mine; the rest of the text is not repeated, so a text two
    people keep typing at the same end grows by what they type, not by doubling. No word
    either side inserted is ever dropped.
    """
    if mine == theirs or theirs == base:
        return mine, False
    if mine == base:
        return theirs, False
    words = _TOKEN.findall(base)
    hunks = sorted(_hunks(words, _TOKEN.findall(theirs), 0) + _hunks(words, _TOKEN.findall(mine), 1),
                   key=lambda h: (h[0], h[1], h[2]))
    out: list[str] = []
    conflicted = False
    pos = i = 0
    while i < len(hunks):
        lo, hi = hunks[i][0], hunks[i][1]
        group = [hunks[i]]
        i += 1
        while i < len(hunks) and _overlaps(hunks[i], lo, hi):
            group.append(hunks[i])
            hi = max(hi, hunks[i][1])
            i += 1
        out += words[pos:lo]
        pos = hi
        ours = [h for h in group if h[2] == 1]
        other = [h for h in group if h[2] == 0]
        theirs_part = "".join(_reading(words, lo, hi, other)) if other else None
        mine_part = "".join(_reading(words, lo, hi, ours)) if ours else None
        if theirs_part is None or mine_part is None or theirs_part == mine_part:
            out.append(mine_part if theirs_part is None else theirs_part)
            continue
        conflicted = True
        if not theirs_part.strip() or not mine_part.strip():
            # One side deleted the stretch the other changed: the change stays.
            out.append(theirs_part if theirs_part.strip() else mine_part)
            continue
        lead = theirs_part[:len(theirs_part) - len(theirs_part.lstrip())]
        trail = mine_part[len(mine_part.rstrip()):]
        out.append(lead + theirs_part.strip() + CONFLICT_SEPARATOR + mine_part.strip() + trail)
    out += words[pos:]
    return "".join(out).strip(), conflicted

