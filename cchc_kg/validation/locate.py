"""Where a result comes from: the named graph, the source file and the line of the
offending entity in it.

A focus node with a span has its line (``cchc:span/cchc:line``); a span is its own line;
a deadline, a deadline part or a quantity takes the line of the task or target it belongs
to; an agency takes the first line where an item names it. Two implementations of the
same walk: over an rdflib graph (one document, at load) and over a store (SPARQL with the
focus node bound, never pasted).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from cchc_kg.iri import ONTOLOGY_NS
from cchc_kg.store import Store

from .report import Location

CCHC = Namespace(ONTOLOGY_NS)
# Links from an entity with a span down to the nodes that have none.
_OWNED = (CCHC.deadline, CCHC.deadlinePart, CCHC.quantity)
# Links from an item to the agencies it names (an agency has no span of its own).
_NAMES = (
    CCHC.issuer,
    CCHC.leadAgency,
    CCHC.cooperatingAgency,
    CCHC.implementingAgency,
    CCHC.monitoringAgency,
    CCHC.responsibleAgency,
)


def _int(term: object) -> int | None:
    try:
        return int(str(term)) if isinstance(term, Literal) else None
    except ValueError:
        return None


class GraphLocator:
    """Locate results in one document's graph (``graph`` names it in the report)."""

    def __init__(self, g: Graph, *, graph: str | None = None) -> None:
        self.g = g
        self.graph = graph
        names = [str(o) for s in g.subjects(RDF.type, CCHC.SourceVersion) for o in g.objects(s, RDFS.label)]
        self.source = names[0] if len(names) == 1 else None

    def _span_line(self, node: URIRef) -> int | None:
        line = _int(self.g.value(node, CCHC.line))
        if line is not None:
            return line
        lines = [_int(self.g.value(s, CCHC.line)) for s in self.g.objects(node, CCHC.span)]
        found = [x for x in lines if x is not None]
        return min(found) if found else None

    def line(self, node: URIRef, depth: int = 0) -> int | None:
        direct = self._span_line(node)
        if direct is not None or depth > 2:
            return direct
        for p in _OWNED:
            for owner in self.g.subjects(p, node):
                if isinstance(owner, URIRef) and (line := self.line(owner, depth + 1)) is not None:
                    return line
        lines = [
            self._span_line(x) for p in _NAMES for x in self.g.subjects(p, node) if isinstance(x, URIRef)
        ]
        found = [x for x in lines if x is not None]
        return min(found) if found else None

    def locate(self, focus: str) -> Location:
        return Location(self.graph, self.source, self.line(URIRef(focus)))


_OWNED_PATH = "|".join(f"<{p}>" for p in (*_OWNED, *_NAMES))
_LINES = f"""
PREFIX cchc: <{ONTOLOGY_NS}>
SELECT ?g ?node ?line WHERE {{
  GRAPH ?g {{ {{ ?node cchc:line ?line }} UNION {{ ?node cchc:span ?span . ?span cchc:line ?line }} }}
}}
"""
_OWNERS = f"""
SELECT ?g ?node ?owner WHERE {{ GRAPH ?g {{ ?owner {_OWNED_PATH} ?node }} }}
"""
_SOURCES = f"""
PREFIX cchc: <{ONTOLOGY_NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?g ?name WHERE {{ GRAPH ?g {{ ?s a cchc:SourceVersion ; rdfs:label ?name }} }}
"""
_HOLDER = """SELECT ?focus ?g WHERE { GRAPH ?g { ?focus ?p ?o } } LIMIT 1"""


_NODE_LINES = f"""
PREFIX cchc: <{ONTOLOGY_NS}>
SELECT ?node ?g ?line WHERE {{
  GRAPH ?g {{ {{ ?node cchc:line ?line }} UNION {{ ?node cchc:span ?span . ?span cchc:line ?line }} }}
}}
"""
_NODE_OWNERS = f"""SELECT DISTINCT ?node ?owner WHERE {{ GRAPH ?g {{ ?owner {_OWNED_PATH} ?node }} }}"""
_GRAPH_SOURCE = f"""
PREFIX cchc: <{ONTOLOGY_NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?g ?name WHERE {{ GRAPH ?g {{ ?s a cchc:SourceVersion ; rdfs:label ?name }} }} LIMIT 1
"""


class StoreLocator:
    """Locate results in a store. With ``bulk`` (many results), three bulk queries (every
    line, every owner link, every source name, by graph) are run once, when the first
    result is located, so the cost does not grow with the number of results; without it
    (a few results, e.g. the 17 of a 1M-quad store, where the bulk queries cost ~5 s CPU, or the 204 of a 10M-quad one),
    each node's lines, owners and graph's source name are asked for with the node bound.
    A node with no line at all (a cited instrument, a province) is placed in the first
    graph describing it (one query each, its IRI bound, never pasted)."""

    def __init__(self, store: Store, *, skip: Iterable[str] = (), bulk: bool = True) -> None:
        self.store = store
        self.skip = frozenset(skip)
        self.bulk = bulk
        self._lines: dict[str, list[tuple[int, str]]] | None = None
        self._owners: dict[str, list[str]] = {}
        self._sources: dict[str, str] = {}
        self._node_lines: dict[str, list[tuple[int, str]]] = {}

    def _load(self) -> dict[str, list[tuple[int, str]]]:
        if self._lines is None:
            lines: dict[str, list[tuple[int, str]]] = {}
            for r in self.store.select(_LINES):
                n = _int(r.get("line"))
                if n is not None:
                    lines.setdefault(str(r["node"]), []).append((n, str(r["g"])))
            for r in self.store.select(_OWNERS):
                self._owners.setdefault(str(r["node"]), []).append(str(r["owner"]))
            self._sources = {str(r["g"]): str(r["name"]) for r in self.store.select(_SOURCES)}
            self._lines = lines
        return self._lines

    def _lines_of(self, node: str) -> list[tuple[int, str]]:
        if self.bulk:
            return self._load().get(node, [])
        if node not in self._node_lines:
            rows = self.store.select(_NODE_LINES, {"node": URIRef(node)})
            self._node_lines[node] = [
                (n, str(r["g"])) for r in rows if (n := _int(r.get("line"))) is not None
            ]
        return self._node_lines[node]

    def _owners_of(self, node: str) -> list[str]:
        if self.bulk:
            self._load()
            return self._owners.get(node, [])
        if node not in self._owners:
            rows = self.store.select(_NODE_OWNERS, {"node": URIRef(node)})
            self._owners[node] = [str(r["owner"]) for r in rows]
        return self._owners[node]

    def _source(self, graph: str) -> str | None:
        if self.bulk:
            self._load()
        elif graph not in self._sources:
            rows = self.store.select(_GRAPH_SOURCE, {"g": URIRef(graph)})
            self._sources[graph] = str(rows[0]["name"]) if rows else ""
        return self._sources.get(graph) or None

    def _candidates(self, node: str, depth: int = 0) -> list[tuple[int, str]]:
        found = [c for c in self._lines_of(node) if c[1] not in self.skip]
        if found or depth > 2:
            return found
        return [c for owner in self._owners_of(node) for c in self._candidates(owner, depth + 1)]

    def locate(self, focus: str) -> Location:
        found = self._candidates(focus)
        if found:
            line, graph = min(found)
            return Location(graph, self._source(graph), line)
        for r in self.store.select(_HOLDER, {"focus": URIRef(focus)}):
            graph = str(r["g"])
            return Location(graph, self._source(graph), None)
        return Location()
