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
from functools import cache

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


_OWNED_PATH = "|".join(f"<{p}>" for p in _OWNED)
_NAMES_PATH = "|".join(f"<{p}>" for p in _NAMES)
_LOCATE = f"""
PREFIX cchc: <{ONTOLOGY_NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?g (MIN(?l) AS ?line) (SAMPLE(?name) AS ?source) WHERE {{
  GRAPH ?g {{ ?focus ?anyp ?anyo }}
  OPTIONAL {{ GRAPH ?g {{ ?src a cchc:SourceVersion ; rdfs:label ?name }} }}
  OPTIONAL {{
    GRAPH ?g {{
      {{ ?focus cchc:line ?l }}
      UNION {{ ?focus cchc:span/cchc:line ?l }}
      UNION {{ ?owner ({_OWNED_PATH})+ ?focus . ?owner cchc:span/cchc:line ?l }}
      UNION {{ ?item {_NAMES_PATH} ?focus . ?item cchc:span/cchc:line ?l }}
    }}
  }}
}}
GROUP BY ?g
"""


class StoreLocator:
    """Locate results in a store: the document graphs holding the focus node. A node
    described in several graphs (a cited instrument, an agency) is located in the first
    document graph that gives it a line."""

    def __init__(self, store: Store, *, skip: Iterable[str] = ()) -> None:
        self.store = store
        self.skip = frozenset(skip)

    @cache  # noqa: B019 - one locator per validation run; the cache dies with it
    def locate(self, focus: str) -> Location:
        rows = self.store.select(_LOCATE, {"focus": URIRef(focus)})
        found = [
            Location(str(r["g"]), str(r["source"]) if "source" in r else None, _int(r.get("line")))
            for r in rows
            if str(r.get("g")) not in self.skip
        ]
        if not found:
            return Location()
        found.sort(key=lambda loc: (loc.line is None, loc.graph or ""))
        return found[0]
