"""Theme clustering: quality on the labelled notes and speed for 300 notes.

    .venv/bin/python -m bench.themes [--sweep-weights]

Prints: notes, labels and themes found; the adjusted Rand index (ARI) against the labels at the
default threshold; the themes with their majority label; a threshold sweep; a two-fold check
(threshold picked on one half of the notes, ARI measured on the other half, so the default is not
a number fitted to specific lines); and the median of 5 timings of clustering 300 notes (the
labelled set plus perturbed copies: accents dropped, letters swapped, words dropped, as phones do).
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import time
import unicodedata
from collections import Counter

from facilitator.room import themes

DATA = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "themes_labelled.tsv")


def load(path: str = DATA) -> list[tuple[int, str, str, str]]:
    """(note id, label, lang, text) per line; the id is the line number."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.strip():
                label, lang, text = line.split("\t")
                rows.append((n, label, lang, text))
    return rows


def _pairs(k: int) -> int:
    return k * (k - 1) // 2


def adjusted_rand(truth: list, found: list) -> float:
    """Hubert & Arabie's adjusted Rand index of two labellings of the same items: 1 is the same
    partition, about 0 is what chance (or a trivial partition) scores."""
    if len(truth) != len(found):
        raise ValueError("labellings of different lengths")
    n = len(truth)
    both = sum(_pairs(c) for c in Counter(zip(truth, found)).values())
    a = sum(_pairs(c) for c in Counter(truth).values())
    b = sum(_pairs(c) for c in Counter(found).values())
    expected = a * b / _pairs(n) if n > 1 else 0.0
    top = (a + b) / 2
    if top == expected:          # both partitions trivial in the same way
        return 1.0
    return (both - expected) / (top - expected)


def ari_of(rows, threshold: float) -> tuple[float, list]:
    found = themes.cluster([(nid, text) for nid, _l, _g, text in rows], threshold=threshold)
    theme_of = {nid: t.id for t in found for nid in t.note_ids}
    return adjusted_rand([l for _n, l, _g, _t in rows], [theme_of[n] for n, *_ in rows]), found


def perturbed(rows, total: int = 300, seed: int = 7) -> list[tuple[int, str]]:
    """The labelled notes, then perturbed copies of them until ``total`` notes."""
    rng = random.Random(seed)
    notes = [(nid, text) for nid, _l, _g, text in rows]
    k = 0
    while len(notes) < total:
        text = rows[k % len(rows)][3]
        k += 1
        words = text.split()
        if len(words) > 4 and rng.random() < 0.5:
            del words[rng.randrange(len(words))]
        w = rng.randrange(len(words))
        if len(words[w]) > 3:
            p = rng.randrange(len(words[w]) - 1)
            words[w] = words[w][:p] + words[w][p + 1] + words[w][p] + words[w][p + 2:]
        text = " ".join(words)
        if rng.random() < 0.5:
            text = "".join(c for c in unicodedata.normalize("NFKD", text)
                           if not unicodedata.combining(c)).lower()
        notes.append((10_000 + k, text))
    return notes


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sweep-weights", action="store_true",
                    help="also sweep TERM_WEIGHT (words/concepts vs character n-grams)")
    args = ap.parse_args(argv)
    rows = load()
    labels = Counter(l for _n, l, _g, _t in rows)
    langs = Counter(g for _n, _l, g, _t in rows)
    t0 = themes.DEFAULT_THRESHOLD
    ari, found = ari_of(rows, t0)
    multi = [t for t in found if t.size > 1]
    print(f"notes: {len(rows)} ({', '.join(f'{g} {c}' for g, c in sorted(langs.items()))}), "
          f"labels: {len(labels)}")
    print(f"threshold {t0}, term weight {themes.TERM_WEIGHT}: themes found {len(found)} "
          f"({len(multi)} of 2+ notes, {len(found) - len(multi)} singletons)")
    print(f"ARI: {ari:.3f}")
    label_of = {n: l for n, l, _g, _t in rows}
    print("themes of 2+ notes (size, majority label and its share, name):")
    for t in multi:
        lab, c = Counter(label_of[n] for n in t.note_ids).most_common(1)[0]
        print(f"  {t.size:3d}  {lab:<14} {c / t.size:4.0%}  {t.name}")
    covered = {Counter(label_of[n] for n in t.note_ids).most_common(1)[0][0]
               for t in multi if t.size >= 5}
    print(f"labels that are the majority of a theme of 5+ notes: {len(covered)}/{len(labels)}")

    sweep = [round(0.70 + 0.02 * k, 2) for k in range(15)]
    print("threshold sweep (threshold: ARI, themes, singletons):")
    scores = {}
    for th in sweep:
        a, f = ari_of(rows, th)
        scores[th] = a
        singles = sum(t.size == 1 for t in f)
        print(f"  {th:.2f}: {a:.3f}  {len(f):3d}  {singles:3d}{'  <- default' if th == t0 else ''}")
    best = max(scores, key=scores.get)
    print(f"best threshold in the sweep: {best:.2f} (ARI {scores[best]:.3f})")

    # Two-fold: pick the threshold on one half, score it on the other.
    halves = [rows[0::2], rows[1::2]]
    for k, (tune, test) in enumerate([(halves[0], halves[1]), (halves[1], halves[0])]):
        pick = max(sweep, key=lambda th: ari_of(tune, th)[0])
        print(f"two-fold {k + 1}: threshold picked on {len(tune)} notes {pick:.2f} -> ARI on the "
              f"other {len(test)}: {ari_of(test, pick)[0]:.3f} (default there: "
              f"{ari_of(test, t0)[0]:.3f})")

    if args.sweep_weights:
        keep = themes.TERM_WEIGHT
        print("term weight sweep (weight: best threshold, ARI):")
        for w in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0):
            themes.TERM_WEIGHT = w
            res = {th: ari_of(rows, th)[0] for th in sweep}
            bt = max(res, key=res.get)
            print(f"  {w:.1f}: {bt:.2f} {res[bt]:.3f}")
        themes.TERM_WEIGHT = keep

    notes = perturbed(rows)
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        out = themes.cluster(notes)
        timings.append(time.perf_counter() - start)
    print(f"cluster {len(notes)} notes: median {statistics.median(timings) * 1000:.0f} ms "
          f"(min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f}; {len(out)} themes; "
          f"target < 1000 ms)")


if __name__ == "__main__":
    main()
