"""What the store's load-run log (``{base}graph/meta``) says about the graphs it serves:
the latest load of each, the build id of the whole (reliability.md D4) and whether every
loaded document passed the SHACL gate (H8).

The build id is the SHA-256 of the sorted lines ``graph sha256 loader-version``, one per
served graph, from that graph's latest load run. Load order, load time and the machine do
not enter it, so two deployments built from the same source files by the same code report
the same id, and any changed file, added or removed graph, or other code version (whose
reference graphs carry a hash of the code itself) changes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cchc_kg.named_queries import run_named
from cchc_kg.store import Store

# Graphs every store carries besides the documents (not documents, so never gated).
_NOT_DOCUMENTS = ("graph/ontology", "graph/reference", "graph/meta")


@dataclass(frozen=True)
class LatestRun:
    graph: str
    sha256: str
    loader: str
    gate_violations: int | None  # None: loaded without the SHACL gate (or not a document)


@dataclass(frozen=True)
class BuildInfo:
    build_id: str
    graphs: int  # served graphs with a load run
    unrecorded: int  # served graphs without one (written by hand or by another tool)
    loaders: tuple[str, ...]  # the loader versions that wrote the served graphs


@dataclass(frozen=True)
class GateState:
    graphs: int  # served graphs (documents, ontology, reference data)
    documents: int  # served document graphs with a load run
    passed: int  # ... whose latest load passed the SHACL gate
    unchecked: tuple[str, ...]  # ... loaded with --no-validate (or by an older loader)


def served_graphs(store: Store, base_iri: str) -> set[str]:
    """The named graphs the store serves: all but the run log itself and the quarantine
    (``{base}graph/quarantine/``, graphs loaded with Violations)."""
    hidden = base_iri + "graph/quarantine/"
    return {str(g) for g in store.graphs() if not str(g).startswith(hidden)} - {str(store.meta_graph)}


def latest_runs(store: Store, served: set[str]) -> dict[str, LatestRun]:
    """The latest load run of every graph in ``served`` (:func:`served_graphs`) that has one."""
    latest: dict[str, LatestRun] = {}
    for row in run_named(store, "load_runs", {}):  # newest first: a graph's first row wins
        graph = str(row["graph"])
        if graph in served and graph not in latest:
            v = row.get("gate_violations")
            latest[graph] = LatestRun(
                graph, str(row["sha256"]), str(row["loader"]), None if v is None else int(v)
            )
    return latest


def build_info(store: Store, base_iri: str) -> BuildInfo:
    """The build id of what ``store`` serves now."""
    served = served_graphs(store, base_iri)
    latest = latest_runs(store, served)
    lines = sorted(f"{r.graph} {r.sha256} {r.loader}" for r in latest.values())
    return BuildInfo(
        build_id=hashlib.sha256("\n".join(lines).encode()).hexdigest(),
        graphs=len(latest),
        unrecorded=len(served - latest.keys()),
        loaders=tuple(sorted({r.loader for r in latest.values()})),
    )


def gate_state(store: Store, base_iri: str) -> GateState:
    """How the served document graphs that ``cchc load`` wrote fared at the SHACL gate.
    Graphs without a load run (written by another tool) are not judged here."""
    served = served_graphs(store, base_iri)
    docs = [
        r
        for r in latest_runs(store, served).values()
        if not r.graph.removeprefix(base_iri).startswith(_NOT_DOCUMENTS)
    ]
    return GateState(
        graphs=len(served),
        documents=len(docs),
        passed=sum(1 for r in docs if r.gate_violations == 0),
        unchecked=tuple(sorted(r.graph for r in docs if r.gate_violations is None)),
    )
