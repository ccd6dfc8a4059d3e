"""The packaged shapes graph (``shapes/*.ttl``) and what the report needs from it: each
named shape's severity and its messages in Vietnamese and English."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

SHAPES_NS = "https://data.cchc-kg.vn/shapes#"


@dataclass(frozen=True)
class ShapeInfo:
    iri: str
    severity: str  # "Violation" | "Warning" | "Info"
    message_vi: str
    message_en: str


def shape_files() -> list[str]:
    """Names of the shape files shipped in the package, sorted."""
    root = files("cchc_kg.shapes")
    return sorted(p.name for p in root.iterdir() if p.name.endswith(".ttl"))


@cache
def shapes_graph() -> Graph:
    """All shape files parsed into one graph (cached; do not mutate)."""
    g = Graph()
    root = files("cchc_kg.shapes")
    for name in shape_files():
        g.parse(data=root.joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return g


@cache
def shapes_turtle() -> str:
    """The shapes as one Turtle document (for engines that read text)."""
    return shapes_graph().serialize(format="turtle")


@cache
def shape_index() -> dict[str, ShapeInfo]:
    """Every named shape (IRI in the shapes namespace) by IRI."""
    g = shapes_graph()
    out: dict[str, ShapeInfo] = {}
    for shape in (
        set(g.subjects(SH.path, None))
        | set(g.subjects(SH.targetClass, None))
        | set(g.subjects(SH.message, None))
    ):
        if not isinstance(shape, URIRef) or not str(shape).startswith(SHAPES_NS):
            continue
        sev = g.value(shape, SH.severity)
        msgs = {m.language: str(m) for m in g.objects(shape, SH.message) if isinstance(m, Literal)}
        out[str(shape)] = ShapeInfo(
            str(shape),
            str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation",
            msgs.get("vi", ""),
            msgs.get("en", ""),
        )
    return out
