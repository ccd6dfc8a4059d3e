"""Benchmark: throughput of citation find + resolve (+ relate) alone, in MB/s of UTF-8 text.

Run from the repository root:  .venv/bin/python bench/citations.py [--repeat 20]

The five documents of ../shared/corpus are read and segmented once, outside the timing;
then :func:`cchc_kg.loaders.citations.cite` runs over every whole text (finding numbers,
names, dates and issuers, resolving keys against the registry, typing relations, grouping)
``--repeat`` times after one warm-up pass (code tables and registry load once per process).
Prints the median and best MB/s (wall clock, and CPU time of the process, which a busy
shared machine does not inflate), the citations found per pass, and a Markdown row for
bench/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from cchc_kg.loaders.citations import cite
from cchc_kg.loaders.formats import read_any
from cchc_kg.loaders.model import Segmented
from cchc_kg.loaders.segment import segment

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"


def _pass(docs: list[Segmented]) -> int:
    return sum(len(cite(seg, 0, len(seg.source.text))) for seg in docs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=20, help="timed passes over the corpus (bounded)")
    a = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"FATAL: {CORPUS} missing", file=sys.stderr)
        return 2
    repeat = max(1, min(a.repeat, 1000))
    docs = [segment(read_any(p)) for p in sorted(CORPUS.glob("*.txt"))]
    mb = sum(len(d.source.text.encode("utf-8")) for d in docs) / 1e6
    found = _pass(docs)  # warm-up
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        _pass(docs)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    med, best, cpu_med = statistics.median(wall), min(wall), statistics.median(cpu)
    print(f"corpus: {len(docs)} documents, {mb:.3f} MB UTF-8, {found} citations per pass, {repeat} passes")
    print(
        f"find + resolve: wall median {mb / med:.2f} MB/s ({med * 1000:.1f} ms/pass), best {mb / best:.2f} MB/s"
    )
    print(
        f"find + resolve: CPU median {mb / cpu_med:.2f} MB/s ({cpu_med * 1000:.1f} ms/pass; wall includes waiting for a shared core)"
    )
    print(
        f"| Citations find + resolve (corpus, {len(docs)} docs, {mb:.2f} MB) | {mb / med:.2f} MB/s wall median, "
        f"{mb / cpu_med:.2f} MB/s CPU | >= 1 MB/s | `.venv/bin/python bench/citations.py --repeat {repeat}` |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
