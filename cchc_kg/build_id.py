"""The build id of a store: one hash that says which inputs, read by which code, the
served graph was built from (reliability.md D4).

It is the SHA-256 of the sorted lines ``graph sha256 loader-version``, one per named
graph the store serves, taken from that graph's latest load run. Load order, load time
and the machine do not enter it, so two deployments built from the same source files by
the same code report the same id, and any changed file, added or removed graph, or other
code version (whose reference graphs carry a hash of the code itself) changes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cchc_kg.named_queries import run_named
from cchc_kg.store import Store


@dataclass(frozen=True)
class BuildInfo:
    build_id: str
    graphs: int  # served graphs with a load run
    unrecorded: int  # served graphs without one (written by hand or by another tool)
    loaders: tuple[str, ...]  # the loader versions that wrote the served graphs


def build_info(store: Store, base_iri: str) -> BuildInfo:
    """The build id of what ``store`` serves now (the load-run log itself and quarantined
    graphs, under ``{base}graph/quarantine/``, are not served data)."""
    hidden = base_iri + "graph/quarantine/"
    served = {str(g) for g in store.graphs() if not str(g).startswith(hidden)} - {str(store.meta_graph)}
    latest: dict[str, tuple[str, str]] = {}
    for row in run_named(store, "load_runs", {}):  # newest first: the first row of a graph wins
        graph = str(row["graph"])
        if graph in served and graph not in latest:
            latest[graph] = (str(row["sha256"]), str(row["loader"]))
    lines = sorted(f"{g} {sha} {loader}" for g, (sha, loader) in latest.items())
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    return BuildInfo(
        build_id=digest,
        graphs=len(latest),
        unrecorded=len(served - latest.keys()),
        loaders=tuple(sorted({loader for _, loader in latest.values()})),
    )
