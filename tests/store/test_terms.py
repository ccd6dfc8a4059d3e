"""store/terms.py: the batch converter gives the same quads as converting term by term."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from cchc_kg.loaders.extract import extract_file
from cchc_kg.loaders.ingest import graph_for
from cchc_kg.store.terms import TermConverter, to_ox
from tests.conftest import corpus_path

BASE = "https://data.cchc-kg.vn/"


def test_converter_equals_term_by_term_on_a_real_document_graph() -> None:
    _, g = graph_for(extract_file(corpus_path("002")), BASE)
    target = ox.NamedNode(BASE + "graph/test")
    plain = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), target) for s, p, o in g]  # type: ignore[arg-type]
    batch = TermConverter().quads(g, target)
    assert len(g) > 1000
    assert batch == plain
    kinds = {type(q.object) for q in batch}
    assert {ox.NamedNode, ox.Literal} <= kinds


def test_converter_keeps_language_datatype_and_blank_nodes() -> None:
    c = TermConverter()
    cases = [
        Literal("Sở Nội vụ", lang="vi"),
        Literal("2021-01-31", datatype=XSD.date),
        Literal("plain"),
        Literal(3, datatype=XSD.integer),
        BNode("b1"),
        URIRef(BASE + "agency/x"),
    ]
    for term in cases:
        assert c.term(term) == to_ox(term), term
    # one NamedNode per IRI, however often it is met
    assert c.iri(str(XSD.date)) is c.iri(str(XSD.date))
