"""Benchmark: load throughput over ../shared/corpus and `cites` latency.

Run from the repository root:  .venv/bin/python bench/run.py [--repeat 5]

Loads the five corpus documents into a fresh on-disk store ``--repeat`` times (a new
store each time, the SHACL gate on as in `cchc load`, the reference graphs written before
the clock starts), reports documents/s and MB/s (median), then times
``find_citing_tasks(store, "107/2020/NĐ-CP")`` ``--queries`` times (median and p95).
Prints a Markdown table row for bench/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from cchc_kg.cites import find_citing_tasks
from cchc_kg.config import Settings
from cchc_kg.loaders.ingest import discover, load_paths, write_reference_graphs
from cchc_kg.store import open_store
from cchc_kg.validation import gate

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument(
        "--no-gate", action="store_true", help="load without SHACL validation (`cchc load --no-validate`)"
    )
    a = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"FATAL: {CORPUS} missing", file=sys.stderr)
        return 2
    base = Settings().base_iri
    files = discover([CORPUS])
    mb = sum(f.stat().st_size for f in files) / 1e6
    load_s: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = Path(tmp) / "store"
        for i in range(a.repeat):
            st = open_store(store_dir / str(i), base_iri=base)
            write_reference_graphs(st, base)
            t0 = time.perf_counter()
            # as `cchc load` does by default: every document graph through the SHACL gate
            summary = load_paths(files, st, base_iri=base, validate=None if a.no_gate else gate(base))
            load_s.append(time.perf_counter() - t0)
            if summary.failed:
                print(f"load failed: {[f.error for f in summary.failed]}", file=sys.stderr)
                return 1
            if i < a.repeat - 1:
                st.close()
        quads = st.quads_count()
        lat: list[float] = []
        rows = 0
        for _ in range(a.queries):
            t0 = time.perf_counter()
            res = find_citing_tasks(st, "107/2020/NĐ-CP")
            lat.append(time.perf_counter() - t0)
            rows = len(res.rows)
        st.close()
    med = statistics.median(load_s)
    lat.sort()
    p50, p95 = statistics.median(lat) * 1000, lat[int(0.95 * (len(lat) - 1))] * 1000
    print(f"documents: {len(files)}  bytes: {mb:.3f} MB  quads after load: {quads}")
    print(
        f"load (median of {a.repeat}): {med:.3f} s = {len(files) / med:.1f} documents/s, {mb / med:.3f} MB/s"
    )
    print(f"cites 107/2020/NĐ-CP ({rows} rows, {a.queries} runs): p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    print(
        f"| {len(files)} docs, {mb:.2f} MB | {len(files) / med:.1f} docs/s | {mb / med:.3f} MB/s "
        f"| {quads} | {p50:.2f} ms | {p95:.2f} ms |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
