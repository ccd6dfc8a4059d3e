"""pySHACL and rudof give the same results, not only the same conformance, on real
graphs: every corpus document (with the reference data it links to), and the same
documents with defects; test_manifest.py runs every manifest entry on every engine as
well. The third engine, sparql (the default), is compared with both, finding by finding,
in test_sparql_engine.py."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from cchc_kg.validation import Report, validate_graph
from tests.shapes.conftest import BASE_IRI, DocGraph

CCHC = Namespace("https://data.cchc-kg.vn/ontology#")


def _results(r: Report) -> set[tuple[str, str, str, str]]:
    return {(f.shape or "", f.focus, f.path or "", f.severity.value) for f in r.findings}


def _damaged(g: Graph) -> Graph:
    """A third of the items lose their plan, a fifth of the spans get a line in words, half
    of the citations point to an instrument that is not there."""
    out = Graph()
    out += g
    for t in list(out.subjects(CCHC.inPlan, None))[::3]:
        out.remove((t, CCHC.inPlan, None))
    for s, o in list(out.subject_objects(CCHC.line))[::5]:
        out.remove((s, CCHC.line, o))
        out.add((s, CCHC.line, Literal(f"dòng {o}")))
    for c in list(out.subjects(CCHC.citedInstrument, None))[::2]:
        out.remove((c, CCHC.citedInstrument, None))
        out.add((c, CCHC.citedInstrument, URIRef(BASE_IRI + "eli/vn/cp/2099/nd/1")))
    return out


@pytest.mark.corpus
@pytest.mark.parametrize("damage", [False, True], ids=["as-loaded", "damaged"])
def test_both_engines_find_the_same_results(corpus_graphs: list[DocGraph], damage: bool) -> None:
    # damaged: the web-text plan (000) and the OCR plan (003) suffice, to keep the suite short
    chosen = [d for d in corpus_graphs if not damage or d.path.name.startswith(("000", "003"))]
    for d in chosen:
        g = _damaged(d.graph) if damage else d.graph
        a = validate_graph(g, base_iri=BASE_IRI, use="pyshacl")
        b = validate_graph(g, base_iri=BASE_IRI, use="rudof")
        assert _results(a) == _results(b), d.path.name
        assert a.conforms == b.conforms
        if damage:
            assert not a.conforms, d.path.name  # the damage is found at all
        print(f"{d.path.name}: {len(a.findings)} results, same on both engines")
