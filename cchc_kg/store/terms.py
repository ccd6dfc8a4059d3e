"""Conversions between rdflib terms (the store interface's currency) and pyoxigraph's."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_ox(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot convert {type(term).__name__} to a store term")


def from_ox(term: object) -> URIRef | Literal | BNode:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == XSD_STRING else URIRef(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unexpected store term {type(term).__name__}")


class TermConverter:
    """:func:`to_ox` for a batch of triples, with each IRI converted once. A document graph
    repeats a few hundred predicates, classes and datatypes across tens of thousands of
    triples, and building a validated ``NamedNode`` is most of a conversion's cost."""

    def __init__(self) -> None:
        self._iris: dict[str, ox.NamedNode] = {}

    def iri(self, value: str) -> ox.NamedNode:
        node = self._iris.get(value)
        if node is None:
            node = self._iris[value] = ox.NamedNode(value)
        return node

    def term(self, term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
        if isinstance(term, URIRef):
            return self.iri(str(term))
        if isinstance(term, Literal) and term.datatype is not None and not term.language:
            return ox.Literal(str(term), datatype=self.iri(str(term.datatype)))
        return to_ox(term)

    def quads(self, triples: Iterable[tuple[Node, Node, Node]], graph: ox.NamedNode) -> list[ox.Quad]:
        t = self.term
        return [ox.Quad(t(s), t(p), t(o), graph) for s, p, o in triples]  # type: ignore[arg-type]
