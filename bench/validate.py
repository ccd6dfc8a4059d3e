"""Benchmark: SHACL validation time (and peak memory) with each engine.

Run from the repository root:

  .venv/bin/python bench/validate.py corpus [--repeat 3]
      per-document validation of each ../shared/corpus graph (the load gate: the graph plus
      the reference data it links to; extraction outside the timing), then the whole
      corpus store (`cchc validate`), with pySHACL, rudof and sparql.
  .venv/bin/python bench/validate.py synthetic --nq /tmp/cchc-synth-1m.nq [--triples 1000000]
      a synthetic store (bench/synthetic.py, generated when the file is missing), bulk
      loaded into an on-disk store, validated whole with each engine (--engines sparql to
      skip the slow ones: pySHACL takes ~30 min, rudof ~6 min and 12 GB at 1M).

Every whole-store run is a fresh subprocess, so its peak RSS is its own. Prints Markdown
rows for bench/README.md and the load average, which on the shared 2-core box matters.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
BASE = "https://data.cchc-kg.vn/"
ENGINES: tuple[str, ...] = ("pyshacl", "rudof", "sparql")


def _one_store(store: str, engine: str) -> int:
    """Child process: validate a whole store once, print JSON (seconds, peak MB, counts)."""
    from cchc_kg.store import open_store
    from cchc_kg.validation import validate_store

    st = open_store(store, base_iri=BASE)
    t = time.perf_counter()
    r = validate_store(st, base_iri=BASE, use=engine)
    total = time.perf_counter() - t
    c = r.counts()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss / 1024
    print(
        json.dumps(
            {
                "engine": engine,
                "triples": r.triples,
                "validate_s": round(r.seconds, 2),
                "total_s": round(total, 2),
                "peak_mb": round(peak),
                "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
                "violations": c["Violation"],
                "warnings": c["Warning"],
                "info": c["Info"],
                "results": sorted({(f.shape or "", f.focus) for f in r.findings}).__len__(),
            }
        )
    )
    return 0


def _store_runs(store: str, label: str) -> list[dict[str, object]]:
    rows = []
    for engine in ENGINES:
        out = subprocess.run(
            [sys.executable, __file__, "_one", "--store", store, "--engine", engine],
            check=True,
            capture_output=True,
            text=True,
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"| {label}, {engine} | {row['triples']:,} triples: {row['validate_s']} s to validate "
            f"({row['total_s']} s with locating, {row['cpu_s']} s CPU), peak {row['peak_mb']} MB; "
            f"{row['violations']} V / {row['warnings']} W / {row['info']} I |"
        )
    return rows


def corpus(repeat: int) -> int:
    from cchc_kg.loaders.extract import extract_file
    from cchc_kg.loaders.ingest import discover, graph_for, load_paths, reference_graphs
    from cchc_kg.store import open_store
    from cchc_kg.validation import validate_graph

    files = discover([CORPUS])
    graphs = [(f, *graph_for(extract_file(f), BASE)) for f in files]
    from cchc_kg.validation import engines

    validate_graph(graphs[0][2], base_iri=BASE)  # the reference graph is built once per process
    print(
        "| document | triples | "
        + " | ".join(f"{e} median s wall / CPU" for e in ENGINES)
        + " | same results |"
    )
    print("|---|---|" + "---|" * len(ENGINES) + "---|")
    gate = {e: engines.engine(e) for e in ENGINES}  # one engine per load, as `cchc load` does
    for f, _, g in graphs:
        times: dict[str, tuple[float, float]] = {}
        seen: dict[str, set[tuple[str, str, str]]] = {}
        for e in ENGINES:
            wall, cpu = [], []
            for _ in range(repeat):
                t, c = time.perf_counter(), time.process_time()
                r = validate_graph(g, base_iri=BASE, use=gate[e])
                wall.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
            times[e] = (statistics.median(wall), statistics.median(cpu))
            seen[e] = {(f.shape or "", f.focus, f.severity.value) for f in r.findings}
        same = len({frozenset(v) for v in seen.values()}) == 1
        cells = " | ".join(f"{times[e][0]:.2f} / {times[e][1]:.2f}" for e in ENGINES)
        print(f"| {f.name} | {len(g):,} | {cells} | {same} |")
    with tempfile.TemporaryDirectory() as tmp:
        st = open_store(tmp, base_iri=BASE)
        for iri, g in reference_graphs(BASE):
            st.replace_graph(iri, g)
        load_paths(files, st, base_iri=BASE)  # no gate: the store is what is measured
        st.close()
        _store_runs(tmp, "corpus store (5 documents + reference data)")
    print(f"load average: {os.getloadavg()}")
    return 0


def synthetic(nq: Path, triples: int) -> int:
    import pyoxigraph as ox

    if not nq.exists():
        subprocess.run(
            [
                sys.executable,
                str(REPO / "bench" / "synthetic.py"),
                "--triples",
                str(triples),
                "--out",
                str(nq),
                "--defects",
                "0.001",
            ],
            check=True,
        )
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        s = ox.Store(tmp)
        s.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        s.flush()
        s.optimize()
        n = len(s)
        del s
        print(f"bulk load of {n:,} quads: {time.perf_counter() - t:.1f} s")
        _store_runs(tmp, f"synthetic store ({nq.name})")
    print(f"load average: {os.getloadavg()}")
    return 0


def main() -> int:
    global ENGINES
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("--repeat", type=int, default=3)
    s = sub.add_parser("synthetic")
    s.add_argument("--nq", type=Path, required=True)
    s.add_argument("--triples", type=int, default=1_000_000)
    o = sub.add_parser("_one")
    o.add_argument("--store", required=True)
    o.add_argument("--engine", required=True)
    for p in (c, s):
        p.add_argument(
            "--engines", default=",".join(ENGINES), help="comma-separated, of " + ", ".join(ENGINES)
        )
    a = ap.parse_args()
    if a.cmd in ("corpus", "synthetic"):
        ENGINES = tuple(e for e in a.engines.split(",") if e)
    if a.cmd == "corpus":
        return corpus(a.repeat)
    if a.cmd == "synthetic":
        return synthetic(a.nq, a.triples)
    return _one_store(a.store, a.engine)


if __name__ == "__main__":
    sys.exit(main())
