"""What the load-run log tells the API: ``/version`` and the build id (reliability.md D4:
two deployments built from the same inputs by the same code report the same id; any other
input gives another) and ``/readyz`` (H8: not ready while a loaded document skipped the
SHACL gate)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from cchc_kg import __version__
from cchc_kg.api import create_app
from cchc_kg.config import Settings
from cchc_kg.load_log import build_info
from cchc_kg.loaders.ingest import load_paths, write_reference_graphs
from cchc_kg.store import Store, open_store
from cchc_kg.validation import gate
from tests.conftest import REPO

from .conftest import BASE
from .problems import assert_problem

EXAMPLES = [REPO / "examples" / "ninh-thuan-2024-kh-215.txt", REPO / "examples" / "ha-giang-2023-qd-88.docx"]


def _built(files: list[Path]) -> Store:
    st = open_store(None, base_iri=BASE)
    write_reference_graphs(st, BASE)
    summary = load_paths(files, st, base_iri=BASE)
    assert not summary.failed
    return st


def test_same_inputs_in_any_order_give_one_build_id_and_others_another(tmp_path: Path) -> None:
    a, b = _built(EXAMPLES), _built(EXAMPLES[::-1])
    b_again = load_paths(EXAMPLES[:1], b, base_iri=BASE)  # a repeated load changes nothing
    assert not b_again.failed
    ia, ib = build_info(a, BASE), build_info(b, BASE)
    assert ia == ib
    assert ia.graphs == len(a.graphs()) - 1 >= 4  # every served graph but the run log itself
    assert ia.unrecorded == 0 and len(ia.build_id) == 64

    # One changed character in one source file: another build.
    text = EXAMPLES[0].read_text(encoding="utf-8")
    changed = tmp_path / EXAMPLES[0].name
    changed.write_text(text.replace("2024", "2025", 1), encoding="utf-8")
    assert not load_paths([changed], b, base_iri=BASE).failed
    assert build_info(b, BASE).build_id != ia.build_id

    # The endpoint says what build_info says.
    with TestClient(create_app(a, Settings(base_iri=BASE), budget=None)) as client:
        body = client.get("/version").json()
    assert body["build_id"] == ia.build_id and body["version"] == __version__
    assert body["graphs"] == ia.graphs and body["loaders"] == list(ia.loaders)
    a.close()
    b.close()


def test_graphs_written_without_a_load_run_are_counted_not_hidden(client: TestClient, store: Store) -> None:
    # The API fixture writes kg.trig graph by graph, with no load runs.
    body = client.get("/version").json()
    assert body["graphs"] == 0
    assert body["unrecorded_graphs"] == len(store.graphs()) > 0
    assert client.get("/").json()["version"].endswith("/version")


def test_readyz_waits_for_every_loaded_document_to_pass_the_shacl_gate() -> None:
    st = open_store(None, base_iri=BASE)
    write_reference_graphs(st, BASE)
    with TestClient(create_app(st, Settings(base_iri=BASE), budget=None)) as client:
        assert load_paths(EXAMPLES[:1], st, base_iri=BASE, validate=gate(BASE)).failed == []
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["documents_checked"] == 1

        # A document loaded with --no-validate: not ready, and the problem names it.
        assert load_paths(EXAMPLES[1:], st, base_iri=BASE).failed == []
        r = client.get("/readyz")
        assert_problem(r, 503, "not-ready")
        assert "--no-validate" in r.json()["detail"] and "ha-giang" in r.json()["detail"]

        # Loaded again through the gate: ready, both counted.
        assert load_paths(EXAMPLES[1:], st, base_iri=BASE, validate=gate(BASE)).failed == []
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["documents_checked"] == 2
    st.close()
