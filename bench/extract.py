"""Benchmark: extraction throughput on ../shared/corpus and peak memory of loading it.

Run from the repository root:
    .venv/bin/python bench/extract.py [--repeat 5] [--no-memory] [--profile]

1. Throughput (issue 3: >= 2 MB/s of text per core for text input). Each corpus file is
   read from disk once; the timed work is what ``cchc extract FILE --format json`` does
   after the read: decode and detect (``read_data``), every extraction stage
   (``extract_source``) and the JSON emission. One process, one thread, so CPU seconds are
   seconds of one core: MB/s per core = MB of text / CPU seconds. Wall time is printed too
   (it also counts the neighbours on a shared machine). Median of ``--repeat`` passes over
   the corpus, each in a fresh process warmed up on the bundled examples (imports, compiled
   regexes, gazetteers, models), never on the corpus, so no result memoised about a corpus
   file is reused; after the warm-up the process settles its reference data out of the
   garbage collector, as `cchc load` does after its first document. A table gives the CPU
   milliseconds of each pipeline stage per file.
2. Peak memory of loading the corpus into the embedded store, as ``cchc load`` does
   (reference graphs, then the five documents, into a fresh on-disk store), in a child
   process: its peak RSS (``ru_maxrss``) and the peak of the Python heap (``tracemalloc``;
   the store's own Rust allocations are not in it, they are in the RSS).

Prints Markdown rows for bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
EXAMPLES = REPO / "examples"
TARGET_MB_S = 2.0

CHILD = """
import json, resource, sys, tempfile, tracemalloc
from pathlib import Path
from cchc_kg.config import Settings
from cchc_kg.loaders.ingest import discover, load_paths, write_reference_graphs
from cchc_kg.store import open_store

corpus = Path(sys.argv[1])
base = Settings().base_iri
files = discover([corpus])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
with tempfile.TemporaryDirectory() as tmp:
    store = open_store(Path(tmp) / "store", base_iri=base)
    write_reference_graphs(store, base)
    summary = load_paths(files, store, base_iri=base)
    quads = store.quads_count()
    store.close()
_, heap = tracemalloc.get_traced_memory()
tracemalloc.stop()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"files": len(files), "failed": len(summary.failed), "quads": quads,
                  "rss_before_kib": before, "rss_peak_kib": peak, "heap_peak_bytes": heap}))
"""


# One timed pass in a fresh process. The process first extracts the bundled fictional
# examples (and a copy of the text example with its diacritics stripped, so the OCR path
# loads its models too): imports, compiled regexes, gazetteers and models are warm, but
# nothing memoised about the corpus itself is, as for a loader that meets a new document.
# Then it settles (loaders/resident.py: the reference data leaves the garbage collector's
# walks), as `cchc load` does after its first document.
# Timing passes in one process over the same files would measure cache hits instead.
PASS = """
import json, sys, time
from pathlib import Path
from cchc_kg.loaders.extract import extract_source
from cchc_kg.loaders.formats import read_data
from cchc_kg.loaders.resident import settle
from cchc_kg.loaders.roles import is_ocr_text
from cchc_kg.loaders.textfold import strip_diacritics
from cchc_kg.loaders.to_json import extraction_json

examples, files = Path(sys.argv[1]), [Path(a) for a in sys.argv[2:]]
warm = [(f.name, f.read_bytes()) for f in sorted(examples.iterdir()) if f.suffix in (".txt", ".docx")]
text = next(examples.glob("*.txt")).read_text(encoding="utf-8")
warm.append(("ocr-copy.txt", strip_diacritics(text).encode("utf-8")))
for name, raw in warm:
    json.dumps(extraction_json(extract_source(read_data(name, raw))), ensure_ascii=False)
settle()  # as `cchc load` does after its first document
out = []
for f in files:
    raw = f.read_bytes()
    stages = {}
    c0, w0 = time.process_time(), time.perf_counter()
    source = read_data(f.name, raw)
    stages["read"] = time.process_time() - c0
    result = extract_source(source, timings=stages)
    c1 = time.process_time()
    json.dumps(extraction_json(result), ensure_ascii=False)
    stages["json"] = time.process_time() - c1
    out.append({"file": f.name, "bytes": len(raw), "cpu": time.process_time() - c0,
                "wall": time.perf_counter() - w0, "stages": stages, "ocr": is_ocr_text(source.text)})
print(json.dumps(out))
"""


def timed_pass(files: list[Path]) -> list[dict[str, Any]]:
    """One pass over ``files`` in a fresh, warmed-up process: per file its bytes, CPU and
    wall seconds and the CPU seconds of each stage."""
    proc = subprocess.run(
        [sys.executable, "-c", PASS, str(EXAMPLES), *map(str, files)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if proc.returncode != 0:
        raise SystemExit(f"extraction pass failed: {proc.stderr[-2000:]}")
    rows: list[dict[str, Any]] = json.loads(proc.stdout.strip().splitlines()[-1])
    return rows


def throughput(files: list[Path], repeat: int) -> tuple[float, float, float, list[list[dict[str, Any]]]]:
    """(MB of text, median CPU seconds, median wall seconds, every pass) over ``files``."""
    passes = [timed_pass(files) for _ in range(repeat)]
    mb = sum(r["bytes"] for r in passes[0]) / 1e6
    cpu = statistics.median(sum(r["cpu"] for r in p) for p in passes)
    wall = statistics.median(sum(r["wall"] for r in p) for p in passes)
    return mb, cpu, wall, passes


def stage_table(passes: list[list[dict[str, Any]]]) -> str:
    """Median CPU milliseconds of each stage per file, with totals (Markdown)."""
    files = [r["file"][:3] for r in passes[0]]
    stages = list(dict.fromkeys(s for r in passes[0] for s in r["stages"]))
    lines = ["| stage | " + " | ".join(files) + " | all |", "|---" * (len(files) + 2) + "|"]
    for s in stages:
        per = [
            statistics.median(p[i]["stages"].get(s, 0.0) for p in passes) * 1000 for i in range(len(files))
        ]
        lines.append(f"| {s} | " + " | ".join(f"{v:.1f}" for v in per) + f" | {sum(per):.1f} |")
    per = [statistics.median(p[i]["cpu"] for p in passes) * 1000 for i in range(len(files))]
    lines.append("| **total ms** | " + " | ".join(f"{v:.1f}" for v in per) + f" | {sum(per):.1f} |")
    return "\n".join(lines)


def profile(files: list[Path]) -> None:
    import cProfile
    import pstats

    from cchc_kg.loaders.extract import extract_source
    from cchc_kg.loaders.formats import read_data

    data = [(f.name, f.read_bytes()) for f in files]
    for name, raw in data:  # warm-up outside the profile
        extract_source(read_data(name, raw))
    prof = cProfile.Profile()
    prof.enable()
    for name, raw in data:
        extract_source(read_data(name, raw))
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(r"cchc_kg|loaders", 30)


def load_memory() -> dict[str, int]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(CORPUS)], cwd=REPO, capture_output=True, text=True, timeout=1800
    )
    if proc.returncode != 0:
        raise SystemExit(f"load failed: {proc.stderr[-2000:]}")
    result: dict[str, int] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="print where extraction spends its time")
    ap.add_argument("--no-memory", action="store_true", help="skip the load-memory measurement")
    a = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"FATAL: {CORPUS} missing", file=sys.stderr)
        return 2
    files = sorted(CORPUS.glob("*.txt"))
    if a.profile:
        profile(files)
        return 0
    mb, cpu, wall, passes = throughput(files, a.repeat)
    for i, r in enumerate(passes[0]):
        fcpu = statistics.median(p[i]["cpu"] for p in passes)
        print(
            f"  {r['file']}: {r['bytes'] / 1e6:.3f} MB, {fcpu:.3f} s CPU = {r['bytes'] / 1e6 / fcpu:.3f} MB/s"
        )
    print(stage_table(passes))
    for ocr, what in ((False, "documents with diacritics"), (True, "OCR text without diacritics")):
        rows = [i for i, r in enumerate(passes[0]) if r["ocr"] is ocr]
        if rows:
            part_mb = sum(passes[0][i]["bytes"] for i in rows) / 1e6
            part_cpu = statistics.median(sum(p[i]["cpu"] for i in rows) for p in passes)
            print(f"{what} ({len(rows)} files, {part_mb:.3f} MB): {part_mb / part_cpu:.3f} MB/s per core")
    if a.no_memory:
        print(f"corpus {mb:.3f} MB: {mb / cpu:.3f} MB/s of text per core (CPU), {mb / wall:.3f} MB/s wall")
        return 0
    mem = load_memory()
    if mem["failed"]:
        print(f"{mem['failed']} corpus files failed to load", file=sys.stderr)
        return 1
    per_core = mb / cpu
    rss_mib = mem["rss_peak_kib"] / 1024
    base_mib = mem["rss_before_kib"] / 1024
    heap_mib = mem["heap_peak_bytes"] / 2**20
    print(f"corpus: {len(files)} text files, {mb:.3f} MB")
    print(f"extraction (median of {a.repeat}): {cpu:.2f} s CPU, {wall:.2f} s wall")
    print(
        f"  = {per_core:.3f} MB/s of text per core (CPU), {mb / wall:.3f} MB/s wall; target >= {TARGET_MB_S}"
    )
    print(
        f"load into the embedded store: {mem['quads']} quads; peak RSS {rss_mib:.0f} MiB "
        f"({base_mib:.0f} MiB after imports), Python heap peak {heap_mib:.0f} MiB"
    )
    print()
    cmd = f"`.venv/bin/python bench/extract.py --repeat {a.repeat}`"
    status = "met" if per_core >= TARGET_MB_S else "NOT met"
    print(
        f"| Extraction throughput, text input (corpus, {len(files)} docs, {mb:.2f} MB; read_data + "
        f"extract_source + JSON, one core) | {per_core:.3f} MB/s per core (CPU), {mb / wall:.3f} MB/s wall "
        f"| >= {TARGET_MB_S} MB/s ({status}) | {cmd} |"
    )
    print(
        f"| Peak memory of loading the corpus into the embedded store (reference graphs + "
        f"{len(files)} docs, {mem['quads']} quads, child process) | peak RSS {rss_mib:.0f} MiB "
        f"({base_mib:.0f} MiB after imports); Python heap peak {heap_mib:.0f} MiB | (none set) | {cmd} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
