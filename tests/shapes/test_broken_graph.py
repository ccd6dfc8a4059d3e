"""A broken graph is caught and located (issue #6): a task without plan, a deadline date of
the wrong type and a citation to nothing, made in a real corpus graph, are each reported
with the source document and the line the entity came from, and `cchc validate` exits 1
on a store holding that graph (0 on a conforming store, 2 when it cannot run)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH
from typer.testing import CliRunner

from cchc_kg.cli import app
from cchc_kg.store import open_store
from cchc_kg.validation import Finding, validate_graph
from tests.conftest import corpus_path
from tests.shapes.conftest import BASE_IRI, DocGraph
from tests.shapes.manifest import base_graph

CCHC = Namespace("https://data.cchc-kg.vn/ontology#")
TIME = Namespace("http://www.w3.org/2006/time#")
SHP = "https://data.cchc-kg.vn/shapes#"


def _first(g: Graph, s: object, p: URIRef) -> URIRef:
    for o in g.objects(s, p):  # type: ignore[arg-type]
        assert isinstance(o, URIRef)
        return o
    raise AssertionError(f"{s} has no {p}")


def _break(d: DocGraph) -> tuple[Graph, dict[str, URIRef]]:
    """Three defects in a copy of a corpus graph; returns it and the entity of each."""
    g = Graph()
    g += d.graph
    task = sorted(t for t in g.subjects(RDF.type, CCHC.TableTask) if (t, CCHC.deadline, None) in g)[0]
    g.remove((task, CCHC.inPlan, None))
    dated = sorted(n for n in g.subjects(TIME.inXSDDate, None) if (n, RDF.type, CCHC.Deadline) in g)[0]
    day = g.value(dated, TIME.inXSDDate)
    g.remove((dated, TIME.inXSDDate, None))
    y, m, dd = str(day).split("-")
    g.add((dated, TIME.inXSDDate, Literal(f"{int(dd)}/{int(m)}/{y}")))  # as printed, not xsd:date
    citation = sorted(c for c in g.subjects(CCHC.citedInstrument, None))[0]
    g.remove((citation, CCHC.citedInstrument, None))
    g.add((citation, CCHC.citedInstrument, URIRef(BASE_IRI + "eli/vn/cp/2099/nd/9999")))
    return g, {"task": task, "deadline": dated, "citation": citation}


def _source_line_holds(path: Path, line: int, exact: str) -> bool:
    """The 1-based ``line`` of the source file starts the quoted text (first words)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    head = " ".join(exact.split()[:3])
    window = " ".join(" ".join(lines[line - 1 : line + 2]).split())
    return bool(head) and head in window


@pytest.fixture(scope="module")
def broken(corpus_graphs: list[DocGraph]) -> tuple[DocGraph, Graph, dict[str, URIRef]]:
    d = next(x for x in corpus_graphs if x.path.name.startswith("000"))
    g, where = _break(d)
    return d, g, where


def _one(found: list[Finding], shape: str, focus: URIRef) -> Finding:
    hits = [f for f in found if f.shape == SHP + shape and f.focus == str(focus)]
    assert hits, f"no {shape} on {focus}"
    return hits[0]


@pytest.mark.corpus
def test_each_defect_is_reported_with_document_and_line(
    broken: tuple[DocGraph, Graph, dict[str, URIRef]],
) -> None:
    d, g, where = broken
    report = validate_graph(g, base_iri=BASE_IRI, subject=d.path.name, graph=str(d.graph_iri))
    assert not report.conforms
    checks = {
        "task": ("PlanItem-inPlan", where["task"]),
        "deadline": ("Deadline-inXSDDate", where["deadline"]),
        "citation": ("Citation-citedInstrument", where["citation"]),
    }
    owner_task = next(g.subjects(CCHC.deadline, where["deadline"]), None) or next(
        g.subjects(CCHC.deadline, next(g.subjects(CCHC.deadlinePart, where["deadline"])))
    )
    for what, (shape, focus) in checks.items():
        f = _one(report.violations, shape, focus)
        assert f.location.source == d.path.name, what
        assert f.location.line is not None, what
        # the line is where the entity's text starts in the source file
        entity = owner_task if what == "deadline" else focus
        exact = str(g.value(_first(g, entity, CCHC.span), URIRef("http://www.w3.org/ns/oa#exact")))
        assert _source_line_holds(d.path, f.location.line, exact), (what, f.location.line, exact[:60])
        assert f.message_vi and f.message_en and f.message_vi != f.message_en
        print(f"{what}: {f}")


def _store_with(tmp_path: Path, graph_iri: URIRef, g: Graph) -> Path:
    where = tmp_path / "store"
    st = open_store(str(where), base_iri=BASE_IRI)
    st.replace_graph(graph_iri, g)
    st.close()
    return where


@pytest.mark.corpus
def test_cchc_validate_exits_1_and_locates_the_defects(
    broken: tuple[DocGraph, Graph, dict[str, URIRef]], tmp_path: Path
) -> None:
    d, g, where = broken
    store = _store_with(tmp_path, d.graph_iri, g)
    runner = CliRunner()
    for mode in ([], ["--per-document"]):  # the union graph, and one document at a time
        res = runner.invoke(app, ["validate", "--store", str(store), "--engine", "rudof", *mode])
        assert res.exit_code == 1, res.output
        for shape, focus in (
            ("PlanItem-inPlan", where["task"]),
            ("Deadline-inXSDDate", where["deadline"]),
            ("Citation-citedInstrument", where["citation"]),
        ):
            line = next(ln for ln in res.output.splitlines() if f"shp:{shape} <{focus}>" in ln)
            assert line.startswith(f"{d.path.name}:"), line
            assert line.split(":", 2)[1].strip().isdigit(), line
        assert "vi: " in res.output and "en: " in res.output
    ttl = runner.invoke(app, ["validate", "--store", str(store), "--engine", "rudof", "--format", "ttl"])
    assert ttl.exit_code == 1
    report = Graph().parse(data=ttl.output, format="turtle")
    node = next(report.subjects(RDF.type, SH.ValidationReport))
    assert report.value(node, SH.conforms) == Literal(False)
    shapes = {str(o) for o in report.objects(None, SH.sourceShape)}
    assert {SHP + "PlanItem-inPlan", SHP + "Deadline-inXSDDate", SHP + "Citation-citedInstrument"} <= shapes


def test_cchc_validate_exits_0_on_a_conforming_store(tmp_path: Path) -> None:
    store = _store_with(tmp_path, URIRef(BASE_IRI + "graph/eli/kon-tum/ubnd/2021/qd/100"), base_graph())
    res = CliRunner().invoke(app, ["validate", "--store", str(store)])
    assert res.exit_code == 0, res.output
    assert "conforms" in res.output.splitlines()[0]


def test_cchc_validate_exits_2_when_it_cannot_run(tmp_path: Path) -> None:
    not_a_store = tmp_path / "file"
    not_a_store.write_text("x")
    runner = CliRunner()
    assert runner.invoke(app, ["validate", "--store", str(not_a_store)]).exit_code == 2
    store = _store_with(tmp_path, URIRef(BASE_IRI + "graph/x"), base_graph())
    assert runner.invoke(app, ["validate", "--store", str(store), "--engine", "nope"]).exit_code == 2


def test_validate_files_reads_a_source_document_without_a_store() -> None:
    res = CliRunner().invoke(app, ["validate", str(corpus_path("004"))])
    assert res.exit_code in (0, 1), res.output
    assert res.output.startswith("004_"), res.output[:200]
