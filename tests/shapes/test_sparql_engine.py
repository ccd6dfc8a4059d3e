"""The sparql engine (the shapes compiled into SPARQL on pyoxigraph) gives the same findings
as pySHACL and rudof — shape, focus node, path, severity, constraint component and value —
on every manifest case, every corpus document, the whole corpus store, and a small
synthetic store with planted defects; and it refuses shapes it cannot compile instead of
skipping them. This agreement is why it may be the whole-store default (bench/README.md)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from cchc_kg.store import Store, open_store
from cchc_kg.validation import ENGINES, Finding, validate_graph, validate_store
from cchc_kg.validation.engines import ValidationUnavailable
from cchc_kg.validation.locate import StoreLocator
from cchc_kg.validation.sparql import Dataset, _Compiler, check_all_known
from tests.shapes.conftest import BASE_IRI, DocGraph
from tests.shapes.manifest import build, entries
from tests.store.test_stores import oxigraph_server  # noqa: F401, F811  (a fixture)

REPO = Path(__file__).resolve().parents[2]
CCHC = Namespace("https://data.cchc-kg.vn/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")
ENTRIES = entries()
NAMES = ("pyshacl", "rudof", "sparql")
_ENGINE = {name: ENGINES[name]() for name in NAMES}  # rudof keeps its parsed shapes

Key = tuple[str, str, str, str, str, str | None]


def _full(found: Iterable[Finding]) -> set[Key]:
    return {
        (f.shape or "", f.focus, f.path or "", f.severity.value, f.component or "", f.value) for f in found
    }


def _all_agree(results: dict[str, set[Key]], what: str) -> None:
    for name in NAMES[:-1]:
        only_other, only_sparql = results[name] - results["sparql"], results["sparql"] - results[name]
        assert not only_other and not only_sparql, (
            f"{what}: {name} only {only_other}; sparql only {only_sparql}"
        )


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_same_findings_as_pyshacl_and_rudof_on_the_manifest(entry: object) -> None:
    e = entry
    for label, remove, add in (
        ("violating", e.remove, e.add),  # type: ignore[attr-defined]
        ("conforming", e.conforming_remove, e.conforming_add),  # type: ignore[attr-defined]
    ):
        g = build(remove, add)
        _all_agree({n: _full(_ENGINE[n].validate_graph(g)) for n in NAMES}, f"{e.name} {label}")  # type: ignore[attr-defined]


@pytest.mark.corpus
def test_same_findings_on_every_corpus_document(corpus_graphs: list[DocGraph]) -> None:
    for d in corpus_graphs:
        reports = {n: validate_graph(d.graph, base_iri=BASE_IRI, use=_ENGINE[n]) for n in NAMES}
        _all_agree({n: _full(r.findings) for n, r in reports.items()}, d.path.name)
        print(f"{d.path.name}: {len(reports['sparql'].findings)} results, same on the three engines")


def _store_results(store: Store) -> dict[str, set[Key]]:
    return {n: _full(validate_store(store, base_iri=BASE_IRI, use=n).findings) for n in NAMES}


@pytest.mark.corpus
def test_same_findings_on_the_corpus_store(corpus_graphs: list[DocGraph]) -> None:
    """The store as `cchc load` leaves it: ontology, reference data, five documents and
    the load-run log; the sparql engine must leave out the ontology and the log too."""
    from cchc_kg.loaders.ingest import reference_graphs
    from cchc_kg.store import LoadRun

    st = open_store(None, base_iri=BASE_IRI)
    for iri, g in reference_graphs(BASE_IRI):
        st.replace_graph(iri, g)
    for d in corpus_graphs:
        run = LoadRun(d.path.name, "0" * 64, "test", "2026-01-01T00:00:00Z", str(d.graph_iri), 0)
        st.replace_graph(d.graph_iri, d.graph, run)
    results = _store_results(st)
    _all_agree(results, "corpus store")
    assert results["sparql"], "the corpus has Warnings and Info at least"
    _same_locations(st, {k[1] for k in results["sparql"]})


def _same_locations(store: Store, foci: set[str]) -> None:
    """A few results are located one by one, many in bulk: the same places either way."""
    skip = [BASE_IRI + "graph/ontology", BASE_IRI + "graph/meta"]
    bulk, each = StoreLocator(store, skip=skip, bulk=True), StoreLocator(store, skip=skip, bulk=False)
    for f in sorted(foci):
        assert bulk.locate(f) == each.locate(f), f
    assert any(bulk.locate(f).line for f in foci)


def test_left_out_graphs_stay_out() -> None:
    """What the ontology, the load-run log or the quarantine holds is not validated, yet a
    predicate they share with the documents is still read from the documents."""
    from tests.shapes.manifest import base_graph

    st = open_store(None, base_iri=BASE_IRI)
    st.replace_graph(URIRef(BASE_IRI + "graph/eli/kon-tum/ubnd/2021/qd/100"), base_graph())
    junk = Graph()
    bad = URIRef(BASE_IRI + "not-an-agency")
    junk.add((bad, RDF.type, CCHC.Agency))  # would break shp:Actor, shp:Agency ...
    junk.add((bad, CCHC.sourceFile, bad))  # shp:LoadRun: not a string
    for g in ("graph/meta", "graph/ontology", "graph/quarantine/eli/x"):
        st.replace_graph(URIRef(BASE_IRI + g), junk)
    results = _store_results(st)
    _all_agree(results, "store with junk in the left-out graphs")
    assert results["sparql"] == set()
    # the same junk in a document graph is found, by all three
    st.replace_graph(URIRef(BASE_IRI + "graph/eli/x"), junk)
    results = _store_results(st)
    _all_agree(results, "store with junk in a document graph")
    assert any(k[1] == str(bad) for k in results["sparql"])


def test_same_findings_on_a_remote_store(oxigraph_server: str) -> None:  # noqa: F811
    """Through a SPARQL endpoint (an Oxigraph server, union default graph) the queries go
    through ``Store.select``, and the left-out graphs are filtered the same way: the same
    findings as rudof and sparql on an embedded store with the same graphs; rudof and
    pySHACL, which read the union as an N-Triples CONSTRUCT answer, find them through the
    endpoint too."""
    junk, left_out = Graph(), Graph()
    bad, hidden = URIRef(BASE_IRI + "not-an-agency"), URIRef(BASE_IRI + "hidden")
    junk.add((bad, RDF.type, CCHC.Agency))
    left_out.add((hidden, RDF.type, CCHC.Agency))
    entry = next(e for e in ENTRIES if e.name == "PlanItem-inPlan")
    graphs = {
        "graph/meta": left_out,
        "graph/eli/kon-tum/ubnd/2021/qd/100": build(entry.remove, entry.add),
        "graph/eli/x": junk,  # the same junk in a document graph is validated
    }
    remote, embedded = open_store(oxigraph_server, base_iri=BASE_IRI), open_store(None, base_iri=BASE_IRI)
    for g in remote.graphs():
        remote.remove_graph(g)
    for st in (remote, embedded):
        for iri, g in graphs.items():
            st.replace_graph(URIRef(BASE_IRI + iri), g)
    found = _full(validate_store(remote, base_iri=BASE_IRI, use="sparql").findings)
    assert found == _full(validate_store(embedded, base_iri=BASE_IRI, use="sparql").findings)
    assert found == _full(validate_store(embedded, base_iri=BASE_IRI, use="rudof").findings)
    assert found == _full(validate_store(remote, base_iri=BASE_IRI, use="rudof").findings)
    assert found == _full(validate_store(remote, base_iri=BASE_IRI, use="pyshacl").findings)
    assert any(k[0].endswith("#PlanItem-inPlan") for k in found)
    assert any(k[1] == str(bad) for k in found)
    assert not any(k[1] == str(hidden) for k in found)


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """~25k quads from bench/synthetic.py with 5 % of the tasks broken."""
    where = tmp_path_factory.mktemp("synthetic")
    nq = where / "synthetic.nq"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "synthetic.py"), "--triples", "25000", "--out", str(nq)]
        + ["--defects", "0.05"],
        check=True,
        capture_output=True,
    )
    raw = ox.Store(str(where / "store"))
    raw.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    del raw
    return open_store(str(where / "store"), base_iri=BASE_IRI)


def test_same_findings_on_a_synthetic_store_with_planted_defects(synthetic_store: Store) -> None:
    results = _store_results(synthetic_store)
    _all_agree(results, "synthetic store")
    assert any(k[3] == "Violation" for k in results["sparql"]), "the planted defects are found"
    _same_locations(synthetic_store, {k[1] for k in results["sparql"]})


# -- what the compiler refuses ------------------------------------------------------------

_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P .
ex:P a sh:PropertyShape ; {body} .
"""


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("sh:path ex:p ; sh:equals ex:q", "sh:equals"),
        ("sh:path ex:p ; sh:sparql [ sh:select 'SELECT $this WHERE {}' ]", "sh:s(parql|elect)"),
        ("sh:path ex:p ; sh:maxExclusive 3", "sh:maxExclusive"),
    ],
)
def test_an_unknown_feature_is_refused_by_name(body: str, named: str) -> None:
    g = Graph().parse(data=_SHAPE.format(body=body), format="turtle")
    with pytest.raises(ValidationUnavailable, match=named.replace("sh:", "")):
        check_all_known(g)


def test_a_complex_path_is_refused() -> None:
    g = Graph().parse(
        data=_SHAPE.format(body="sh:path [ sh:inversePath ex:p ] ; sh:minCount 1"), format="turtle"
    )
    comp = _Compiler(g, Dataset(), {})
    with pytest.raises(ValidationUnavailable, match="predicate paths only"):
        comp.checks(URIRef("http://example.org/P"), [(SH.targetClass, URIRef("http://example.org/C"))])


def test_packaged_shapes_compile() -> None:
    ENGINES["sparql"]()  # compiles every shape, or raises naming what it cannot


# -- the compiler on shapes the packaged ones do not combine this way --------------------

_MORE_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ;
    sh:hasValue ex:a ;
    sh:not [ sh:class ex:D ] ;
    sh:xone ( [ sh:path ex:p ; sh:minCount 1 ] [ sh:path ex:q ; sh:minCount 1 ] ) ;
    sh:property ex:P2 , ex:Pv , ex:Pl .
ex:P2 a sh:PropertyShape ; sh:path ex:p ; sh:minCount 2 ; sh:maxCount 3 ; sh:severity sh:Warning .
ex:Pv a sh:PropertyShape ; sh:path ex:q ; sh:hasValue "x" ; sh:minInclusive 2 ; sh:in ( 3 4 "x" ) .
ex:Pl a sh:PropertyShape ; sh:path ex:l ; sh:uniqueLang true ; sh:lessThanOrEquals ex:m ;
    sh:pattern "^A" ; sh:flags "i" ; sh:nodeKind sh:Literal .
ex:Sub a sh:NodeShape ; sh:targetSubjectsOf ex:r ; sh:node ex:N ; sh:deactivated false .
ex:N a sh:NodeShape ; sh:property [ sh:path ex:r ; sh:datatype xsd:date ; sh:maxCount 1 ] .
ex:Off a sh:NodeShape ; sh:targetClass ex:C ; sh:deactivated true ; sh:class ex:Nothing .
"""
_MORE_DATA = """
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
ex:E rdfs:subClassOf ex:C .
ex:a a ex:C ; ex:p 1 , 2 ; ex:q "x" , 3 , 5 ; ex:l "a"@en , "b"@EN , "Ab"@vi ; ex:m 1 .
ex:b a ex:E , ex:D ; ex:p 1 , 2 , 3 , 4 ; ex:l ex:iri .
ex:c a ex:C ; ex:q 4 ; ex:r "2020-01-01"^^xsd:date .
ex:d ex:r "2020-13-01"^^xsd:date , "2020-01-01"^^xsd:date .
"""


def test_the_compiler_agrees_with_pyshacl_on_other_combinations() -> None:
    """Targets through rdfs:subClassOf, sh:hasValue on node and property shapes,
    sh:not/sh:xone/sh:node at the top, minCount 2, maxCount 3, sh:in with numbers,
    lessThanOrEquals across types, pattern flags, deactivated shapes."""
    from pyshacl import validate

    from cchc_kg.validation.engines import _lexical, _named
    from cchc_kg.validation.sparql import _edges, _ox_select, reporting_shapes, run_checks

    shapes = Graph().parse(data=_MORE_SHAPES, format="turtle")
    data = Graph().parse(data=_MORE_DATA, format="turtle")
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert isinstance(report, Graph)
    expected = {
        (
            _named(report.value(r, SH.sourceShape)) or "",
            str(report.value(r, SH.focusNode)),
            _named(report.value(r, SH.resultPath)) or "",
            str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
            _named(report.value(r, SH.sourceConstraintComponent)) or "",
            _lexical(report.value(r, SH.value)),
        )
        for r in report.objects(None, SH.result)
    }
    store = ox.Store()
    store.load(data.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    select = _ox_select(store)
    edges = _edges(select, Dataset())
    from cchc_kg.validation.sparql import _classes, _closure

    comp = _Compiler(shapes, Dataset(), _closure(edges, _classes(shapes)))
    checks = [c for s, targets in reporting_shapes(shapes) for c in comp.checks(s, targets)]
    found = {
        (f.shape or "", f.focus, f.path or "", f.severity.value, f.component or "", f.value)
        for f in run_checks(checks, select)
    }
    assert found == expected, (found - expected, expected - found)
    assert len(expected) > 10
