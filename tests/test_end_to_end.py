"""End to end on the real corpus (issue #2, "Done when"): load ../shared/corpus with the
CLI, ask which tasks cite Nghị định 107/2020/NĐ-CP (CLI and SPARQLWrapper over HTTP), and
check that loading is idempotent and order-independent.

Expected rows come from reading the corpus: 000 (Kế hoạch 4514/KH-UBND, Kon Tum) cites
107/2020/NĐ-CP in item II.3.b, whose text begins on line 240; 001 (the plan attached to
Quyết định 2866/QĐ-UBND, Vĩnh Phúc) cites it in appendix task 28, printed on lines
975-977, lead Sở Nội vụ, deadline 2021-2022 (gold task 28).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from cchc_kg.cli import app
from cchc_kg.config import Settings
from cchc_kg.loaders.ingest import discover, load_paths, reference_graphs
from cchc_kg.store import Store, open_store
from tests.conftest import CORPUS

runner = CliRunner()
BASE = Settings().base_iri


def _cli(*args: str) -> Any:
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, f"cchc {' '.join(args)} exited {res.exit_code}: {res.output}"
    return res


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory: pytest.TempPathFactory, corpus_files: list[Path]) -> Path:
    store = tmp_path_factory.mktemp("e2e") / "store"
    res = _cli("load", str(CORPUS), "--store", str(store), "--format", "json")
    rows = json.loads(res.stdout)
    assert len(rows) == 5 and all(r["status"] == "loaded" for r in rows), rows
    print("\nload summary:", json.dumps(rows, ensure_ascii=False))
    return store


def _citing_rows(store: Path, instrument: str) -> list[dict[str, Any]]:
    res = _cli("cites", instrument, "--store", str(store), "--format", "json")
    rows: list[dict[str, Any]] = json.loads(res.stdout)
    return rows


def test_cites_107_lists_the_kon_tum_and_vinh_phuc_tasks(loaded_store: Path) -> None:
    rows = _citing_rows(loaded_store, "107/2020/NĐ-CP")
    for r in rows:
        print(f"  {r['province']} | {r['plan_label']} | {r['lead']} | {r['deadline']} | line {r['line']}")
    kon_tum = [r for r in rows if r["province"] == "Kon Tum"]
    vinh_phuc = [r for r in rows if r["province"] == "Vĩnh Phúc"]
    assert len(kon_tum) == 1 and len(vinh_phuc) == 1, rows
    kt, vp = kon_tum[0], vinh_phuc[0]
    assert "4514/KH-UBND" in (kt["plan_label"] or "")
    assert kt["line"] in (240, 241)  # the citation starts on line 240 ("... Nghị") or 241 ("định số 107")
    assert kt["task_text"].startswith("Triển khai thực hiện Nghị định số 107/2020/NĐ-CP")
    assert "2866/QĐ-UBND" in (vp["plan_label"] or "")  # the attached plan is named after its decision
    assert vp["lead"] == "Sở Nội vụ"
    assert vp["deadline"] == "2021-2022"
    assert vp["line"] in (975, 976, 977)
    assert vp["task_text"].startswith("Ban hành mới việc quy định vị trí, chức năng")


@pytest.mark.parametrize("typed", ["107/2020/ND-CP", "nđ 107/2020", "Nghị định 107/2020"])
def test_cites_accepts_what_people_type(loaded_store: Path, typed: str) -> None:
    assert _citing_rows(loaded_store, typed) == _citing_rows(loaded_store, "107/2020/NĐ-CP")


def test_cites_reports_not_found(loaded_store: Path) -> None:
    res = runner.invoke(app, ["cites", "999/2099/NĐ-CP", "--store", str(loaded_store)])
    assert res.exit_code == 4, res.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def http_endpoint(loaded_store: Path) -> Iterator[str]:
    import uvicorn

    from cchc_kg.api import create_app

    st = open_store(loaded_store, base_iri=BASE)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(st), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "server did not start within 15 s"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    st.close()


@pytest.fixture(scope="module")
def cli_rows_107(loaded_store: Path) -> list[dict[str, Any]]:
    # Asked before the server opens the store: the embedded store locks its directory.
    return _citing_rows(loaded_store, "107/2020/NĐ-CP")


def test_sparqlwrapper_gets_the_same_over_http(
    cli_rows_107: list[dict[str, Any]], http_endpoint: str
) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    from cchc_kg.named_queries import load_named_queries

    cli_rows = cli_rows_107
    instrument = cli_rows[0]["instrument"]
    q = load_named_queries()["tasks_citing"]
    # The named query's parameter is bound with a VALUES block of the IRI term, as a
    # SPARQL 1.1 client would do it; the IRI is one our own store returned.
    sw = SPARQLWrapper(http_endpoint + "/sparql")
    sw.setQuery(q.text + f"\nVALUES ?instrument {{ {URIRef(instrument).n3()} }}")
    sw.setReturnFormat(JSON)
    result = sw.query().convert()
    assert isinstance(result, dict)
    http_tasks = {b["task"]["value"] for b in result["results"]["bindings"]}
    assert http_tasks == {r["task"] for r in cli_rows}


def _data_quads(st: Store) -> set[tuple[str, str, str, str]]:
    """Every quad outside the run log (which records each run, by design)."""
    rows = st.select(
        "SELECT ?meta ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != ?meta) }",  # bound: projected
        {"meta": URIRef(BASE + "graph/meta")},
    )
    return {(str(r["g"]), str(r["s"]), str(r["p"]), r["o"].n3()) for r in rows}


def _load(files: list[Path], times: int = 1) -> set[tuple[str, str, str, str]]:
    st = open_store(None, base_iri=BASE)
    for _ in range(times):
        for iri, g in reference_graphs(BASE):
            st.replace_graph(iri, g)
        summary = load_paths(files, st, base_iri=BASE)
        assert not summary.failed, [f.error for f in summary.failed]
    quads = _data_quads(st)
    st.close()
    return quads


def test_loading_twice_or_in_any_order_gives_the_same_triples(corpus_files: list[Path]) -> None:
    files = discover([CORPUS])
    once = _load(files)
    assert len(once) > 1000
    assert _load(files, times=2) == once
    assert _load(list(reversed(files))) == once
    assert _load(files[2:] + files[:2]) == once
    assert not any(o.startswith("_:") or s.startswith("_:") for _, s, _, o in once), "blank nodes"


GOLD_KEYS = {
    "documents": {"kind", "number", "issuer", "province", "date", "signer", "signer_capacity", "title",
                  "is_draft", "period", "attached_to"},
    "citations": {"number", "kind", "date", "issuer", "name", "mentions", "relation", "relations"},
    "targets": {"section_path", "no", "text_prefix", "text", "values", "lead", "cooperating", "implementing",
                "monitoring"},
    "tasks": {"section", "no", "objective", "text", "product", "lead_raw", "lead", "cooperating_raw",
              "cooperating", "deadline_raw", "deadline"},
    "body_tasks": {"section_path", "text_prefix", "text", "lead", "cooperating", "chu_tri"},
    "shortcomings": {"section", "no", "text_prefix", "text", "responsible", "responsible_raw", "recovery"},
}  # fmt: skip


def test_extract_prints_gold_schema_json_for_every_corpus_file(corpus_files: list[Path]) -> None:
    for f in corpus_files:
        data = json.loads(_cli("extract", str(f), "--format", "json").stdout)
        assert set(data) >= {"source", *GOLD_KEYS, "agencies", "agency_groups", "notes"}
        assert data["documents"], f"{f.name}: no document extracted"
        for section, keys in GOLD_KEYS.items():
            for item in data[section]:
                missing = keys - set(item)
                assert not missing, f"{f.name} {section}: missing {missing}"
        assert all(isinstance(a, str) for a in data["agencies"] + data["agency_groups"])
