"""Reading tests/shapes/manifest.ttl: each entry's graphs (base.ttl plus its changes) and
its expected result."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

HERE = Path(__file__).parent
T = Namespace("https://data.cchc-kg.vn/shapes/test#")
BASE = HERE / "base.ttl"


@dataclass(frozen=True)
class Entry:
    name: str
    shape: str
    focus: str
    path: str | None
    severity: str  # "Violation" | "Warning" | "Info"
    conforms: bool
    remove: str
    add: str
    conforming_remove: str
    conforming_add: str


@cache
def _header() -> str:
    """base.ttl's @base and @prefix lines, which the snippets use."""
    lines = BASE.read_text(encoding="utf-8").splitlines()
    return "\n".join(ln for ln in lines if ln.startswith(("@base", "@prefix"))) + "\n"


@cache
def base_graph() -> Graph:
    return Graph().parse(BASE, format="turtle")


def _snippet(text: str) -> Graph:
    return Graph().parse(data=_header() + text, format="turtle")


def build(remove: str, add: str) -> Graph:
    """base.ttl minus the ``remove`` triples plus the ``add`` triples. Every removed
    triple must be in base.ttl (a typo would otherwise make a test pass vacuously)."""
    g = Graph()
    g += base_graph()
    gone = _snippet(remove)
    for t in gone:
        assert t in g, f"removing a triple base.ttl does not hold: {t}"
        g.remove(t)
    g += _snippet(add)
    return g


def _text(g: Graph, s: URIRef, p: URIRef) -> str:
    v = g.value(s, p)
    return str(v) if isinstance(v, Literal) else ""


def entries() -> list[Entry]:
    g = Graph().parse(HERE / "manifest.ttl", format="turtle")
    out: list[Entry] = []
    for e in sorted(g.subjects(RDF.type, T.ShapeTest), key=str):
        assert isinstance(e, URIRef)
        path = g.value(e, T.path)
        out.append(
            Entry(
                name=str(e).rsplit("#", 1)[-1],
                shape=str(g.value(e, T.shape)),
                focus=str(g.value(e, T.focus)),
                path=str(path) if path is not None else None,
                severity=str(g.value(e, T.severity)).rsplit("#", 1)[-1],
                conforms=bool(g.value(e, T.conforms).toPython()),  # type: ignore[union-attr]
                remove=_text(g, e, T.remove),
                add=_text(g, e, T.add),
                conforming_remove=_text(g, e, T.conformingRemove),
                conforming_add=_text(g, e, T.conformingAdd),
            )
        )
    return out
