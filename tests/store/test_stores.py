"""The store interface, run against every implementation: the embedded pyoxigraph store
and a real Oxigraph server reached over SPARQL 1.1 (the remote store)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from cchc_kg.errors import BadRequest, QuerySyntaxError, StoreError
from cchc_kg.store import LoadRun, ResultFormat, Store, open_store
from cchc_kg.store.oxigraph import OxigraphStore

BASE = "https://data.cchc-kg.vn/"
G1 = URIRef(BASE + "graph/doc-1")
G2 = URIRef(BASE + "graph/doc-2")


def _graph(*labels: str) -> Graph:
    g = Graph()
    for i, label in enumerate(labels):
        g.add((URIRef(f"{BASE}thing/{i}"), RDFS.label, Literal(label, lang="vi")))
    return g


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = shutil.which("oxigraph") or str(Path(__file__).resolve().parents[2] / ".venv/bin/oxigraph")
    assert Path(exe).exists(), "the oxigraph server (PyPI package `oxigraph`) is a dev dependency"
    port = _free_port()
    loc = tmp_path_factory.mktemp("oxi")
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(loc), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("oxigraph server did not start within 20 s")
    yield f"http://127.0.0.1:{port}/query"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(params=["embedded", "remote"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "embedded":
        st = open_store(tmp_path / "store", base_iri=BASE)
    else:
        url = request.getfixturevalue("oxigraph_server")
        st = open_store(url, base_iri=BASE)
        for g in st.graphs():
            st.remove_graph(g)
    yield st
    st.close()


def test_replace_graph_swaps_content_and_records_the_run(store: Store) -> None:
    run = LoadRun("a.txt", "ab" * 32, "cchc-kg/test", "2026-11-22T09:00:00Z", str(G1))
    store.replace_graph(G1, _graph("Sở Nội vụ", "Sở Tư pháp"), run)
    store.replace_graph(G2, _graph("Bộ Nội vụ"))
    store.replace_graph(G1, _graph("Sở Y tế"))
    assert {str(o) for _, _, o in store.dump_graph(G1)} == {"Sở Y tế"}
    assert {str(o) for _, _, o in store.dump_graph(G2)} == {"Bộ Nội vụ"}
    assert URIRef(BASE + "graph/meta") in store.graphs()
    rows = store.select(
        "PREFIX cchc: <https://data.cchc-kg.vn/ontology#> SELECT ?run ?sha WHERE { ?run cchc:sha256 ?sha }"
    )
    assert [str(r["sha"]) for r in rows] == ["ab" * 32]


def test_bound_values_are_terms_not_text(store: Store) -> None:
    store.replace_graph(G1, _graph("Sở Nội vụ"))
    q = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?label WHERE { ?s rdfs:label ?label }"
    assert len(store.select(q, {"label": Literal("Sở Nội vụ", lang="vi")})) == 1
    # An injection attempt is just a literal that matches nothing.
    assert store.select(q, {"label": Literal('x" } UNION { ?s ?p ?o } #')}) == []


def test_serialized_results_cap_rows(store: Store) -> None:
    store.replace_graph(G1, _graph(*[f"n{i}" for i in range(5)]))
    res = store.serialized("SELECT ?s WHERE { ?s ?p ?o }", ResultFormat.json, max_rows=3)
    assert res.kind == "select" and res.rows == 3 and res.truncated
    assert b'"truncated": true' in res.body
    csv = store.serialized("SELECT ?s WHERE { ?s ?p ?o }", ResultFormat.csv, max_rows=10)
    assert csv.body.decode().splitlines()[0] == "s" and not csv.truncated
    assert store.ask("ASK { ?s ?p ?o }")


def test_serialized_graph_answers_cap_triples(store: Store) -> None:
    """A CONSTRUCT or DESCRIBE answer comes back in a graph format, cut at ``max_rows``
    triples, from either store (the remote one read it as JSON results before)."""
    store.replace_graph(G1, _graph(*[f"n{i}" for i in range(5)]))
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    res = store.serialized(q, ResultFormat.ntriples, max_rows=3)
    assert res.kind == "graph" and res.rows == 3 and res.truncated
    assert res.media_type == ResultFormat.ntriples.value
    assert len(Graph().parse(data=res.body.decode(), format="nt")) == 3
    whole = store.serialized(q, ResultFormat.json)  # no graph form asked for: Turtle
    assert whole.media_type == ResultFormat.turtle.value and not whole.truncated
    assert {str(o) for o in Graph().parse(data=whole.body.decode(), format="turtle").objects()} == {
        f"n{i}" for i in range(5)
    }
    described = store.serialized(f"DESCRIBE <{BASE}thing/0>", ResultFormat.turtle)
    assert described.kind == "graph" and described.rows >= 1
    with pytest.raises(BadRequest):
        store.serialized("SELECT ?s WHERE { ?s ?p ?o }", ResultFormat.turtle)
    ask = store.serialized("ASK { ?s ?p ?o }", ResultFormat.turtle)
    assert ask.kind == "ask" and b"true" in ask.body


def test_syntax_error_is_a_typed_error(store: Store) -> None:
    with pytest.raises((QuerySyntaxError, StoreError)):
        store.select("SELECT WHERE {")


def test_failed_write_leaves_the_previous_graph(tmp_path: Path) -> None:
    """reliability.md L12: an exception in the middle of a replacement writes nothing."""
    st = OxigraphStore(tmp_path / "s")
    st.replace_graph(G1, _graph("old"))
    before = st.dump_graph(G1)

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full (injected)")

    # pyoxigraph's Store is a native type whose methods cannot be patched: wrap it.
    real = st._store

    class Failing:
        def __getattr__(self, name: str) -> object:
            return boom if name == "update" else getattr(real, name)

    st._store = Failing()  # type: ignore[assignment]
    with pytest.raises(StoreError):
        st.replace_graph(G1, _graph("new", "newer"))
    st._store = real
    assert set(st.dump_graph(G1)) == set(before)
    assert all("staging" not in str(g) for g in st.graphs())


def test_second_opener_gets_a_clear_error(tmp_path: Path) -> None:
    first = open_store(tmp_path / "s", base_iri=BASE)
    with pytest.raises(StoreError, match="in use by another process"):
        open_store(tmp_path / "s", base_iri=BASE)
    first.close()


def test_quarantined_graphs_stay_out_of_queries_across_reopen(tmp_path: Path) -> None:
    """A graph loaded with --quarantine is kept for inspection but no query sees it, also
    after the store is closed and opened again; removing it changes nothing else."""
    base = "https://data.cchc-kg.vn/"
    public, quarantined = URIRef(base + "graph/doc/a"), URIRef(base + "graph/quarantine/doc/b")
    s = OxigraphStore(tmp_path / "db", meta_graph=base + "graph/meta")
    s.replace_graph(public, _graph("public"))
    s.replace_graph(quarantined, _graph("bad"))
    q = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    q_named = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert sorted(str(r["l"]) for r in s.select(q)) == ["public"]
    assert {str(r["g"]) for r in s.select(q_named)} == {str(public)}
    s.close()
    s = OxigraphStore(tmp_path / "db", meta_graph=base + "graph/meta")
    assert sorted(str(r["l"]) for r in s.select(q)) == ["public"]
    assert quarantined in s.graphs()  # still there for `cchc validate` and inspection
    s.remove_graph(quarantined)
    assert sorted(str(r["l"]) for r in s.select(q)) == ["public"]
    s.close()


def test_a_query_naming_its_dataset_keeps_it_beside_a_quarantine(tmp_path: Path) -> None:
    base = "https://data.cchc-kg.vn/"
    a, b = URIRef(base + "graph/doc/a"), URIRef(base + "graph/doc/b")
    s = OxigraphStore(tmp_path / "db", meta_graph=base + "graph/meta")
    s.replace_graph(a, _graph("a"))
    s.replace_graph(b, _graph("b"))
    s.replace_graph(URIRef(base + "graph/quarantine/doc/c"), _graph("c"))
    q = f"SELECT ?l FROM <{a}> WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
    assert [str(r["l"]) for r in s.select(q)] == ["a"]
    s.close()


def test_reference_graphs_are_written_once_per_version(store: Store) -> None:
    """`cchc load` brings the ontology and reference graphs in step with the code, and skips
    them (seconds of building and writing) when the store already holds this version."""
    from cchc_kg.loaders.ingest import reference_fingerprint, reference_graphs, write_reference_graphs

    ref_iri = URIRef(BASE + "graph/reference")
    built = dict(reference_graphs(BASE))
    assert write_reference_graphs(store, BASE) == 2
    assert len(store.dump_graph(ref_iri)) == len(built[ref_iri]) > 10_000
    assert write_reference_graphs(store, BASE) == 0
    # A later load by another version of the code replaced the reference graph: it is
    # rewritten, the ontology (still this version's) is not.
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    older = LoadRun("reference data", "00" * 32, "cchc-kg/old", now, str(ref_iri))
    store.replace_graph(ref_iri, _graph("stale"), older)
    assert write_reference_graphs(store, BASE) == 1
    assert len(store.dump_graph(ref_iri)) == len(built[ref_iri])
    shas = {
        str(r["sha"])
        for r in store.select(
            "PREFIX cchc: <https://data.cchc-kg.vn/ontology#> SELECT ?sha WHERE { ?run cchc:sha256 ?sha }"
        )
    }
    assert reference_fingerprint() in shas
    assert write_reference_graphs(store, BASE) == 0
