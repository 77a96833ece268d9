"""Near-duplicate texts (copy-paste reports), standard library only.

Texts are compared as sets of word 3-grams ("shingles") of their search form (no
diacritics, case or punctuation differences), by Jaccard similarity: |A ∩ B| / |A ∪ B|.
Two reports that differ by a unit's name or a date stay above 0.8; two reports
written separately about the same programme rarely pass 0.3.

To find near-duplicate pairs among many texts without comparing every pair, each
text keeps its few smallest shingle hashes (a MinHash sketch); only texts sharing one
of them are compared exactly.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
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


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")


def near_duplicates(
    texts: Iterable[tuple[object, str]], threshold: float = THRESHOLD
) -> list[tuple[object, object, float]]:
    """Pairs (key, key, similarity) of texts at or above `threshold`, each pair once."""
    sets = {key: shingles(text) for key, text in texts}
    buckets: dict[int, list] = defaultdict(list)
    for key, shingle_set in sets.items():
        for h in sorted(_hash(s) for s in shingle_set)[:SKETCH]:
            buckets[h].append(key)
    seen, pairs = set(), []
    for keys in buckets.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                pair = (a, b) if str(a) <= str(b) else (b, a)
                if pair in seen:
                    continue
                seen.add(pair)
                score = jaccard(sets[a], sets[b])
                if score >= threshold:
                    pairs.append((pair[0], pair[1], round(score, 3)))
    return pairs
