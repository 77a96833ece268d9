"""Near-duplicate texts (copy-paste reports), standard library only.

Texts are compared as sets of word 3-grams ("shingles") of their search form (no
diacritics, case or punctuation differences), by Jaccard similarity: |A ∩ B| / |A ∪ B|.
Two reports that differ by a unit's name or a date stay above 0.8; two reports
written separately about the same programme rarely pass 0.3.

To find near-duplicate pairs among many texts without comparing every pair, prefix
filtering: with each set's shingles ordered rarest first (among the texts compared), two
sets at least t alike share one of the first |A| − ⌈t·|A|⌉ + 1 shingles of each; only
texts sharing one are compared exactly. It finds every pair above the threshold, and
phrases common to many reports ("Cấp ủy đã lãnh đạo, chỉ đạo…") sort last, so they do not
make every report a candidate of every other (a MinHash sketch did: 125,623 comparisons
for 556 reports against 340).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable

from trienkhai.lib.vntext import search_key

SHINGLE = 3
SKETCH = 6
THRESHOLD = 0.8
MIN_WORDS = 8  # shorter texts ("Không có.") are too short to call copies


def shingles(text: str) -> frozenset[str]:
    words = search_key(text or "").split()
    if len(words) < MIN_WORDS:
        return frozenset()
    return frozenset(" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def similarity(first: str, second: str) -> float:
    return jaccard(shingles(first), shingles(second))


def alike_pairs(sets: dict, threshold: float = THRESHOLD) -> set[tuple]:
    """Pairs of keys (each pair once, in no set order) whose shingle sets are at least
    `threshold` alike by `jaccard`, by prefix filtering (module docstring)."""
    frequency = Counter(s for words in sets.values() for s in words)
    index, pairs = defaultdict(list), set()
    for key, words in sets.items():
        if not words:
            continue
        ordered = sorted(words, key=lambda s: (frequency[s], s))
        prefix = ordered[: len(words) - math.ceil(threshold * len(words) - 1e-9) + 1]
        for other in {o for s in prefix for o in index[s]}:
            if jaccard(words, sets[other]) >= threshold:
                pairs.add((other, key))
        for s in prefix:
            index[s].append(key)
    return pairs


def near_duplicates(
    texts: Iterable[tuple[object, str]], threshold: float = THRESHOLD
) -> list[tuple[object, object, float]]:
    """Pairs (key, key, similarity) of texts at or above `threshold`, each pair once, the
    keys of a pair and the pairs in order."""
    sets = {key: shingles(text) for key, text in texts}
    ordered = [(a, b) if str(a) <= str(b) else (b, a) for a, b in alike_pairs(sets, threshold)]
    return [(a, b, round(jaccard(sets[a], sets[b]), 3)) for a, b in sorted(ordered, key=str)]
