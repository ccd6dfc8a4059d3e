"""The shapes against their manifest (reliability.md V1): for every shape, a conforming
graph gives no result from it and a violating graph gives the expected result (shape,
focus node, path, severity) and the expected conformance — with every engine (pySHACL,
rudof, sparql); test_sparql_engine.py compares their findings one by one."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from cchc_kg.validation import ENGINES, Finding
from cchc_kg.validation.shapes import shape_index, shapes_graph
from tests.shapes.manifest import Entry, base_graph, build, entries

ENTRIES = entries()
ENGINE_NAMES = sorted(ENGINES)


# One engine object per engine for the whole module: rudof keeps its parsed shapes in its
# session, as the load gate does.
_ENGINE = {name: ENGINES[name]() for name in ENGINE_NAMES}


def _run(engine: str, g: Graph) -> list[Finding]:
    return _ENGINE[engine].validate_graph(g)


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_base_graph_has_no_result_at_all(engine: str) -> None:
    found = _run(engine, base_graph())
    assert found == [], "\n".join(str(f) for f in found)


@pytest.mark.parametrize("engine", ENGINE_NAMES)
@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_conforming_graph(engine: str, entry: Entry) -> None:
    found = _run(engine, build(entry.conforming_remove, entry.conforming_add))
    assert [f for f in found if f.shape == entry.shape] == []
    assert [f for f in found if f.severity == "Violation"] == []


@pytest.mark.parametrize("engine", ENGINE_NAMES)
@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_violating_graph(engine: str, entry: Entry) -> None:
    found = _run(engine, build(entry.remove, entry.add))
    mine = [f for f in found if f.shape == entry.shape]
    assert mine, f"no result from {entry.shape}; got:\n" + "\n".join(str(f) for f in found)
    assert any(
        f.focus == entry.focus
        and f.severity.value == entry.severity
        and (entry.path is None or f.path == entry.path)
        for f in mine
    ), "\n".join(str(f) for f in mine)
    conforms = not any(f.severity == "Violation" for f in found)
    assert conforms is entry.conforms


def test_every_shape_with_a_severity_has_a_manifest_entry() -> None:
    g = shapes_graph()
    severe = {str(s) for s in g.subjects(SH.severity, None) if str(s) in shape_index()}
    tested = {e.shape for e in ENTRIES}
    assert severe - tested == set(), "shapes without a manifest entry"
    assert tested - severe == set(), "manifest entries naming no shape"


def test_each_entry_expects_its_shape_severity() -> None:
    ix = shape_index()
    wrong = [
        (e.name, e.severity, ix[e.shape].severity) for e in ENTRIES if ix[e.shape].severity != e.severity
    ]
    assert wrong == []
