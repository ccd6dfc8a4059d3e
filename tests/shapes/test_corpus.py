"""The graphs of every ../shared/corpus document conform to the shapes (issue #6): no
Violation; the Warnings and Info are listed in the output (`pytest -s`)."""

from __future__ import annotations

import pytest

from cchc_kg.validation import validate_graph
from tests.shapes.conftest import BASE_IRI, DocGraph


@pytest.mark.corpus
def test_every_corpus_graph_conforms(
    corpus_graphs: list[DocGraph], capsys: pytest.CaptureFixture[str]
) -> None:
    failing: list[str] = []
    with capsys.disabled():
        for d in corpus_graphs:
            report = validate_graph(d.graph, base_iri=BASE_IRI, subject=d.path.name, graph=str(d.graph_iri))
            print("\n" + report.human(), end="")
            if not report.conforms:
                failing.append(
                    f"{d.path.name}: {len(report.violations)} violation(s), first: {report.violations[0]}"
                )
    assert failing == [], "\n".join(failing)
