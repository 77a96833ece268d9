"""Throughput of :func:`trienkhai.lib.citations.extract`.

    python -m trienkhai.lib.bench_citations [--mb 20] [--runs 5] [--dense]

Builds about 20 MB of text from the test corpus as news pages: each page mixes
four corpus texts (dense with citations) with four paragraphs that cite nothing
(the corpus negatives, and the seed article's plain paragraphs when
``/work/shared/seed`` is present) — about one citation per 400 bytes, denser than
the seed article itself.  ``--dense`` uses corpus texts only (one citation per
~200 bytes), a worst case.  Prints the median of the runs in MB/s of UTF-8 input.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import random
import re
import statistics
import time

from trienkhai.lib.citations import extract

_CORPUS = pathlib.Path(__file__).parent / "tests" / "corpus"
_SEED = pathlib.Path("/work/shared/seed")
_SYMBOL_HINT = re.compile(r"\d\s*[-/]\s*[A-ZĐ]")


def build_text(target_bytes: int, dense: bool = False, seed: int = 7) -> str:
    texts, plain = [], []
    for path in sorted(_CORPUS.glob("*.json")):
        for item in json.loads(path.read_text("utf-8")):
            (texts if item["expected"] else plain).append(item["text"])
    if _SEED.is_dir():
        for path in sorted(_SEED.glob("*.txt")):
            plain.extend(
                p
                for p in path.read_text("utf-8").split("\n\n")
                if p.strip() and not _SYMBOL_HINT.search(p)
            )
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < target_bytes:
        page = rng.sample(texts, 4) + ([] if dense else rng.sample(plain, 4))
        rng.shuffle(page)
        chunk = "\n\n".join(page) + "\n\n"
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
    return "".join(parts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dense", action="store_true", help="corpus texts only")
    args = parser.parse_args(argv)
    text = build_text(int(args.mb * 1_000_000), dense=args.dense)
    mb = len(text.encode("utf-8")) / 1_000_000
    times, count = [], 0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        count = len(extract(text))
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    kind = "dense" if args.dense else "news mix"
    print(
        f"{kind}: input {mb:.1f} MB, {count} citations, median of {args.runs} runs "
        f"{median:.2f} s -> {mb / median:.1f} MB/s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
