"""The load gate (issue #6, reliability.md V4): a document whose graph has Violations is
refused and nothing of it is written (an earlier good version stays as it was), or goes to
its quarantine graph with --quarantine; Warnings and Info are counted in the summary.

The graphs come from base.ttl (clean) and base.ttl with a task that lost its plan (the
loader bug the gate exists for); ``graph_for`` is replaced so that real source files go
through the real ingest path. The agencies are moved to a fictional province so that the
reference data does not join in (the gate validates a graph with what it links to)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from typer.testing import CliRunner

from cchc_kg.cli import app
from cchc_kg.loaders import ingest
from cchc_kg.loaders.model import Extraction
from cchc_kg.store.oxigraph import OxigraphStore
from cchc_kg.validation import gate, quarantine_graph_iri
from tests.conftest import EXAMPLES
from tests.shapes.conftest import BASE_IRI
from tests.shapes.manifest import build

GOOD = URIRef(BASE_IRI + "graph/eli/tinh-thu/ubnd/2021/qd/100")
BAD = URIRef(BASE_IRI + "graph/eli/tinh-thu/ubnd/2021/qd/200")


def _fictional(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(
            tuple(  # type: ignore[arg-type]
                URIRef(str(x).replace("/kon-tum", "/tinh-thu")) if isinstance(x, URIRef) else x for x in t
            )
        )
    return out


# clean apart from one Warning (a task row without lead agency) and one Info (no signer)
CLEAN = _fictional(
    build(
        '<100/plan/task/I/2> cchc:leadAgency ag:so-noi-vu . <100/plan> cchc:signer "Nguyễn Văn An" .',
        "",
    )
)
BROKEN = _fictional(build("<100/plan/task/I/2> cchc:inPlan <100/plan> .", ""))
FILES = [EXAMPLES / "ninh-thuan-2024-kh-215.txt", EXAMPLES / "ha-giang-2023-qd-88.docx"]


@pytest.fixture
def fake_graphs(monkeypatch: pytest.MonkeyPatch) -> None:
    def graph_for(x: Extraction, base_iri: str) -> tuple[URIRef, Graph]:
        return (GOOD, CLEAN) if x.source.name == FILES[0].name else (BAD, BROKEN)

    monkeypatch.setattr(ingest, "graph_for", graph_for)


def _graph(st: OxigraphStore, iri: URIRef) -> Graph:
    return st.dump_graph(iri)


def test_violations_refuse_the_document_and_write_nothing(fake_graphs: None) -> None:
    st = OxigraphStore(None)
    summary = ingest.load_paths(FILES, st, base_iri=BASE_IRI, validate=gate(BASE_IRI))
    good, bad = summary.files
    assert good.error is None and good.violations == 0
    assert good.warnings >= 1 and good.info == 1
    assert bad.violations >= 1 and bad.error is not None
    assert "refused" in bad.error and "shp:PlanItem-inPlan" in bad.error
    assert "qd-100.txt:25" in bad.error  # the source and the line of the task row
    assert len(_graph(st, GOOD)) == len(CLEAN)
    assert BAD not in st.graphs() and quarantine_graph_iri(BASE_IRI, str(BAD)) not in st.graphs()


def test_a_refused_version_leaves_the_published_one(
    fake_graphs: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    st = OxigraphStore(None)
    st.replace_graph(BAD, CLEAN)  # an earlier, good version of the second document
    before = len(st.dump_graph(BAD))
    summary = ingest.load_paths(FILES[1:], st, base_iri=BASE_IRI, validate=gate(BASE_IRI))
    assert summary.files[0].error is not None
    assert len(st.dump_graph(BAD)) == before


def test_quarantine_keeps_the_graph_apart(fake_graphs: None) -> None:
    st = OxigraphStore(None)
    summary = ingest.load_paths(FILES, st, base_iri=BASE_IRI, validate=gate(BASE_IRI), quarantine=True)
    bad = summary.files[1]
    q = quarantine_graph_iri(BASE_IRI, str(BAD))
    assert bad.error is None and bad.quarantined == str(q) and bad.violations >= 1
    assert BAD not in st.graphs()
    assert len(st.dump_graph(q)) == len(BROKEN)
    # the fixed document, loaded again, is published and its quarantine graph dropped
    fixed = ingest.load_paths(FILES[1:], st, base_iri=BASE_IRI, validate=lambda x, g: [], quarantine=True)
    assert fixed.files[0].quarantined is None
    assert q not in st.graphs() and BAD in st.graphs()


def test_cchc_load_refuses_with_exit_1_and_quarantines_on_request(fake_graphs: None, tmp_path: Path) -> None:
    runner = CliRunner()
    store = str(tmp_path / "store")
    res = runner.invoke(app, ["load", *map(str, FILES), "--store", store, "--format", "json"])
    assert res.exit_code == 1, res.output
    assert '"status": "error: ' in res.output and "refused" in res.output
    res = runner.invoke(app, ["load", *map(str, FILES), "--store", store, "--format", "json", "--quarantine"])
    assert res.exit_code == 1, res.output
    assert "quarantined: " in res.output
