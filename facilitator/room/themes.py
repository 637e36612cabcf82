"""Group similar notes into themes, French and English, offline. Pure functions, stdlib only.

``cluster(notes)`` takes ``[(note_id, text), ...]`` and returns themes, largest first. How:
1. Each note becomes words: lower-cased, accents folded ("bénévoles" -> "benevoles"), split on
   anything that is not a letter (so "l'eau" gives "eau"), stop words (FR, EN) dropped, a plural
   "s" (or the "x" of "-aux"/"-eux") stripped.
2. Two views of those words, each TF-IDF weighted and L2-normalised:
   - terms: the word itself, or its glossary concept when it has one (themes_words.GLOSSARY),
     which is how "bénévoles" and "volunteers" become the same feature;
   - grams: character 3-5-grams of each word with its boundaries ("<bene", "oles>"), which
     absorbs phone typos and inflections ("transparance", "financer"/"financement").
   The note's vector joins both, so cosine = TERM_WEIGHT * cos_terms + (1 - TERM_WEIGHT) * cos_grams.
3. Second-order similarity: each note is described by its NEIGHBOURS most similar notes (with
   those similarities, itself at 1), and two notes are as close as the cosine of those profiles.
   Workshop notes are 5-15 words, so two notes of one theme often share no word at all
   ("Les forages tombent en panne" / "Chlorer l'eau des puits") yet share neighbours; on the
   labelled set this lifts the best ARI from about 0.31-0.38 to 0.42 and, as much, flattens the
   threshold curve, so the default is not a knife edge.
4. Agglomerative clustering, average linkage, stopping when the closest two clusters are further
   apart than ``threshold`` (distance = 1 - average similarity). Average linkage rather than
   single (chains unrelated notes through one bridging note) or complete (splits a theme because
   of one odd pair).

Singletons: a note that joins nothing stays its own one-note theme, named by its own words. We
chose this over a separate "unclustered" list because then every note is in exactly one theme,
the edits (merge, move, split) need no special case, and the export has one shape; a lone note is
also often the original idea, which a bin called "Other" would hide. They sort last.

Determinism: notes are processed in the order of their sorted ids, every tie is broken by that
order, and a theme's id is a hash of its sorted member ids, so the same notes give the same themes
whatever the input order, and a theme with the same members has the same id after any edit.
"""
from __future__ import annotations

import hashlib
import heapq
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Hashable, Iterable

from .errors import RoomError
from .themes_words import GENERIC, GLOSSARY, STOP_EN, STOP_FR

# Tuned on tests/data/themes_labelled.tsv with `python -m bench.themes` (it prints the sweep):
# one step below the best (0.96), because at 0.98 everything collapses into a few themes.
DEFAULT_THRESHOLD = 0.94
TERM_WEIGHT = 0.8          # share of the word/concept view in the similarity; the rest is grams
GRAM_SIZES = (3, 4, 5)
NEIGHBOURS = 15            # profile size for the second-order similarity
NAME_SEPARATOR = " · "

_WORD = re.compile(r"[^\W\d_]+")   # runs of letters: splits on apostrophes, hyphens, digits


def fold(text: str) -> str:
    """Lower-case and drop accents: "Élus" -> "elus". Phones often type without accents."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe")


def _stem(folded: str) -> str:
    # Only the plural: anything stronger (Snowball) is language-specific and the char n-grams
    # already bring "financer" and "financement" close.
    if len(folded) > 3 and (folded[-1] == "s" and folded[-2] != "s" or folded.endswith("ux")):
        return folded[:-1]
    return folded


STOP = frozenset(_stem(fold(w)) for w in (STOP_FR + " " + STOP_EN + " " + GENERIC).split())
# stem -> concept. Words of a multi-word entry ("rendre compte") are mapped one by one.
CONCEPT = {}
for _concept, _words in GLOSSARY.items():
    for _w in _WORD.findall(fold(_words)):
        if _stem(_w) not in STOP:
            CONCEPT.setdefault(_stem(_w), _concept)


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    note_ids: tuple   # sorted by id

    @property
    def size(self) -> int:
        return len(self.note_ids)


def _id_key(note_id):
    # ints before strings, each in natural order; any other hashable by its text.
    if isinstance(note_id, int) and not isinstance(note_id, bool):
        return (0, note_id, "")
    return (1, 0, str(note_id))


def theme_id(note_ids: Iterable[Hashable]) -> str:
    """A theme's id: a hash of its sorted members (sha1, so stable across processes)."""
    canon = "\x1f".join(f"{type(n).__name__}:{n}" for n in sorted(note_ids, key=_id_key))
    return "t" + hashlib.sha1(canon.encode("utf-8")).hexdigest()[:10]


def _make(note_ids, name: str) -> Theme:
    ids = tuple(sorted(note_ids, key=_id_key))
    return Theme(theme_id(ids), name, ids)


def _ordered(themes: Iterable[Theme]) -> list[Theme]:
    return sorted(themes, key=lambda t: (-t.size, _id_key(t.note_ids[0])))


# ---------------------------------------------------------------- features

def _words(text: str) -> list[tuple[str, str, bool]]:
    """(stem, surface as written, was first word) for each content word of the text."""
    out = []
    for i, m in enumerate(_WORD.finditer(text)):
        surface = m.group()
        stem = _stem(fold(surface))
        if stem in STOP or (len(stem) < 3 and stem not in CONCEPT):
            continue
        out.append((stem, surface, i == 0))
    return out


def _features(words) -> tuple[Counter, Counter]:
    terms, grams = Counter(), Counter()
    for stem, _surface, _first in words:
        terms[_term(stem)] += 1
        padded = f"<{stem}>"
        for n in GRAM_SIZES:
            for k in range(len(padded) - n + 1):
                grams[padded[k:k + n]] += 1
    return terms, grams


def _term(stem: str) -> str:
    concept = CONCEPT.get(stem)
    return "=" + concept if concept else stem


def _tfidf(counts: list[Counter]) -> tuple[list[dict], dict]:
    """Sublinear tf * smoothed idf, L2-normalised; also returns the idf table."""
    n = len(counts)
    df = Counter(f for c in counts for f in c)
    idf = {f: math.log((1 + n) / (1 + d)) + 1.0 for f, d in df.items()}
    vectors = []
    for c in counts:
        v = {f: (1.0 + math.log(tf)) * idf[f] for f, tf in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({f: x / norm for f, x in v.items()})
    return vectors, idf


def _similarities(vectors: list[dict]) -> list[list[float]]:
    """Full cosine matrix through an inverted index: only features shared by two notes cost
    anything, and features held by one note only (most of them) never enter the loops."""
    n = len(vectors)
    postings = defaultdict(list)
    for i, v in enumerate(vectors):
        for f, x in v.items():
            postings[f].append((i, x))
    sim = [[0.0] * n for _ in range(n)]
    for plist in postings.values():
        if len(plist) < 2:
            continue
        for a, (i, x) in enumerate(plist):
            row = sim[i]
            for j, y in plist[a + 1:]:
                row[j] += x * y
    for i in range(n):            # mirror the upper triangle
        row = sim[i]
        for j in range(i + 1, n):
            sim[j][i] = row[j]
    return sim


def _profiles(sim: list[list[float]], k: int) -> list[dict]:
    """Each note as {itself: 1, its k nearest notes: their similarity}, L2-normalised. Ties go to
    the lower index, so the profile does not depend on anything but the sorted notes."""
    out = []
    for i, row in enumerate(sim):
        near = heapq.nsmallest(k, (j for j in range(len(row)) if j != i and row[j] > 0),
                               key=lambda j: (-row[j], j))
        v = {i: 1.0, **{j: row[j] for j in near}}
        norm = math.sqrt(sum(x * x for x in v.values()))
        out.append({j: x / norm for j, x in v.items()})
    return out


# ---------------------------------------------------------------- clustering

def _average_linkage(sim: list[list[float]], min_sim: float) -> list[list[int]]:
    """Merge the two closest clusters while their average similarity >= min_sim.

    Lance-Williams update for average linkage: sim(k, i+j) = (ni*sim(k,i) + nj*sim(k,j))/(ni+nj),
    in place in ``sim``. Each cluster caches its best neighbour so a merge costs O(n) instead of
    a full O(n^2) scan; only rows whose best neighbour was merged away are rescanned.
    """
    n = len(sim)
    members = {i: [i] for i in range(n)}
    active = list(range(n))

    def best_of(i):
        best, at = -1.0, -1
        row = sim[i]
        for k in active:
            if k != i and row[k] > best:     # strict ">": the lowest index wins a tie
                best, at = row[k], k
        return best, at

    best = {i: best_of(i) for i in active}
    while len(active) > 1:
        i = max(active, key=lambda k: (best[k][0], -k))
        s, j = best[i]
        if s < min_sim:
            break
        i, j = min(i, j), max(i, j)          # the lower index survives
        ni, nj = len(members[i]), len(members[j])
        active.remove(j)
        members[i] += members.pop(j)
        del best[j]
        row_i, row_j = sim[i], sim[j]
        for k in active:
            if k != i:
                v = (ni * row_i[k] + nj * row_j[k]) / (ni + nj)
                row_i[k] = v
                sim[k][i] = v
        best[i] = best_of(i)
        for k in active:
            if k == i:
                continue
            bs, bk = best[k]
            if bk in (i, j):
                best[k] = best_of(k)
            elif sim[k][i] > bs or (sim[k][i] == bs and i < bk):
                best[k] = (sim[k][i], i)
    return [sorted(m) for m in members.values()]


# ---------------------------------------------------------------- names

def _name(indices, words_of, idf, text_of) -> str:
    """The cluster's top 2-3 terms, each shown as the word people wrote most often for it."""
    docs_with = Counter()
    surfaces = defaultdict(Counter)     # term -> lower-cased surface forms
    cased = defaultdict(Counter)        # lower-cased form -> forms as typed, mid-sentence
    for i in indices:
        for term in {_term(stem) for stem, _s, _f in words_of[i]}:
            docs_with[term] += 1
        for stem, surface, first in words_of[i]:
            low = surface.lower()
            surfaces[_term(stem)][low] += 1
            if not first:
                cased[low][surface] += 1
    # A term counts by how many notes use it, times how rare it is overall; in a theme of 3+
    # notes it must be used by a fifth of them, or a rare word of two notes names the theme.
    floor = max(2, len(indices) // 5) if len(indices) > 2 else 1
    common = [t for t in docs_with if docs_with[t] >= floor] or list(docs_with)
    ranked = sorted(common, key=lambda t: (-docs_with[t] * idf[t], t))
    wanted = 3 if len(indices) == 1 else 2 + (len(ranked) > 2 and docs_with[ranked[2]] > 1)
    shown = []
    for term in ranked[:wanted]:
        # Most frequent form; on a tie the accented one (the correct spelling), then a-z.
        low = min(surfaces[term].items(),
                  key=lambda kv: (-kv[1], -sum(ord(c) > 127 for c in kv[0]), kv[0]))[0]
        typed = cased[low].most_common(1)
        shown.append(typed[0][0] if typed and typed[0][0] != low else low)  # "WhatsApp"
    if shown:
        return NAME_SEPARATOR.join(shown)
    text = " ".join(text_of(indices[0]).split())     # a note of stop words only
    return text[:40] or "…"


# ---------------------------------------------------------------- public

def cluster(notes, threshold: float = DEFAULT_THRESHOLD) -> list[Theme]:
    """Themes for ``[(note_id, text), ...]``, largest first; every note in exactly one theme.

    ``threshold`` is the largest average cosine distance (0..1) at which two groups still merge:
    lower gives more, tighter themes; 1.0 puts everything that shares anything together.
    """
    notes = sorted(((nid, str(text or "")) for nid, text in notes), key=lambda n: _id_key(n[0]))
    ids = [nid for nid, _ in notes]
    if len(set(ids)) != len(ids):
        raise RoomError("duplicate_note")
    if not notes:
        return []
    words_of = [_words(text) for _, text in notes]
    feats = [_features(w) for w in words_of]
    term_vecs, idf = _tfidf([t for t, _ in feats])
    gram_vecs, _ = _tfidf([g for _, g in feats])
    a, b = math.sqrt(TERM_WEIGHT), math.sqrt(1.0 - TERM_WEIGHT)
    joined = []
    for tv, gv in zip(term_vecs, gram_vecs):
        v = {("t", f): a * x for f, x in tv.items()}
        v.update({("g", f): b * x for f, x in gv.items()})
        joined.append(v)
    second = _similarities(_profiles(_similarities(joined), NEIGHBOURS))
    groups = _average_linkage(second, 1.0 - threshold)
    themes = [_make([ids[i] for i in g], _name(g, words_of, idf, lambda i: notes[i][1]))
              for g in groups]
    return _ordered(themes)


def _find(themes, theme_id_) -> Theme:
    for t in themes:
        if t.id == theme_id_:
            return t
    raise RoomError("no_theme", theme=theme_id_)


def rename(themes: list[Theme], theme_id_: str, name: str) -> list[Theme]:
    """The theme gets the facilitator's name; its id (its members) does not change."""
    name = " ".join(str(name or "").split())
    if not name:
        raise RoomError("bad_name")
    target = _find(themes, theme_id_)
    return _ordered(Theme(t.id, name, t.note_ids) if t is target else t for t in themes)


def merge(themes: list[Theme], a: str, b: str) -> list[Theme]:
    """Theme ``b`` joins theme ``a``; the merged theme keeps ``a``'s name."""
    ta, tb = _find(themes, a), _find(themes, b)
    if ta is tb:
        raise RoomError("same_theme")
    rest = [t for t in themes if t is not ta and t is not tb]
    return _ordered(rest + [_make(ta.note_ids + tb.note_ids, ta.name)])


def split(themes: list[Theme], theme_id_: str, note_ids, name: str | None = None) -> list[Theme]:
    """The given notes of a theme leave it and become a new theme (named ``name``, or after the
    old one with " (2)"). They must be some, not all, of the theme's notes."""
    source = _find(themes, theme_id_)
    leaving = set(note_ids)
    if not leaving or not leaving < set(source.note_ids):
        raise RoomError("bad_split")
    name = " ".join(str(name or "").split()) or f"{source.name} (2)"
    staying = [n for n in source.note_ids if n not in leaving]
    rest = [t for t in themes if t is not source]
    return _ordered(rest + [_make(staying, source.name), _make(leaving, name)])


def move(themes: list[Theme], note_id, theme_id_: str) -> list[Theme]:
    """The note leaves its theme for ``theme_id_``; a theme left empty disappears."""
    target = _find(themes, theme_id_)
    source = next((t for t in themes if note_id in t.note_ids), None)
    if source is None:
        raise RoomError("no_note", note=note_id)
    if source is target:
        return list(themes)
    out = [t for t in themes if t is not source and t is not target]
    out.append(_make(target.note_ids + (note_id,), target.name))
    if source.size > 1:
        out.append(_make([n for n in source.note_ids if n != note_id], source.name))
    return _ordered(out)
