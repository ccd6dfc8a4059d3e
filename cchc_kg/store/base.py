"""The store interface. Loaders and the API talk only to this protocol, so a remote SPARQL
engine can replace the embedded store without touching them.

Terms crossing the interface are rdflib terms (``URIRef``, ``Literal``); each
implementation converts to its engine's terms. Queries see the union of all named graphs
as their default graph (what a researcher expects when asking "which tasks cite X").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from rdflib import Graph, Literal, URIRef

Term = URIRef | Literal
Row = dict[str, Term]


class ResultFormat(StrEnum):
    """SPARQL results and graph serialisations the store can produce."""

    json = "application/sparql-results+json"
    xml = "application/sparql-results+xml"
    csv = "text/csv"
    tsv = "text/tab-separated-values"
    turtle = "text/turtle"
    ntriples = "application/n-triples"
    rdfxml = "application/rdf+xml"


@dataclass(frozen=True)
class LoadRun:
    """One load of one source file, recorded in the metadata graph."""

    source_name: str
    sha256: str
    loader_version: str
    started: str  # ISO 8601 UTC
    graph: str  # the document graph it wrote
    # Violations found by the SHACL gate before writing (0: passed); None: not checked.
    gate_violations: int | None = None


@dataclass(frozen=True)
class SerializedResult:
    body: bytes
    media_type: str
    kind: str  # "select" | "ask" | "graph"
    rows: int | None = None
    truncated: bool = False


class Store(Protocol):
    """A quad store holding one named graph per source document."""

    meta_graph: URIRef  # where load runs are recorded

    def replace_graph(self, graph: URIRef, triples: Graph, run: LoadRun | None = None) -> None:
        """Replace ``graph`` by ``triples`` and record ``run``, atomically: either the whole
        graph is swapped and the run recorded, or nothing changes."""
        ...

    def remove_graph(self, graph: URIRef) -> None: ...

    def graphs(self) -> list[URIRef]: ...

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[Row]:
        """Run a SELECT with variables bound to terms (never pasted into the text)."""
        ...

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool: ...

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> Graph: ...

    def serialized(
        self, query: str, media_type: ResultFormat, *, max_rows: int | None = None
    ) -> SerializedResult:
        """Run any read query and serialise its result in ``media_type``."""
        ...

    def quads_count(self) -> int: ...

    def dump_graph(self, graph: URIRef) -> Graph: ...

    def optimize(self) -> None:
        """Compact after bulk writes (engines.md: scans are 20-60x slower before)."""
        ...

    def close(self) -> None: ...
