"""Capability restrictions of the public endpoint (reliability.md B: S1-S3) and injection
into the named queries (C: I1, I2).

A canary HTTP server on 127.0.0.1 records every request: each refused query must leave
it untouched (a pyoxigraph 0.5 store DOES fetch SERVICE IRIs when asked to evaluate them).
"""

from __future__ import annotations

import ast
import contextlib
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cchc_kg.errors import BadRequest
from cchc_kg.named_queries import Param, ParamType, to_term
from cchc_kg.store import Store

from .conftest import BASE, ND107
from .problems import assert_problem

REPO = Path(__file__).resolve().parents[2]


class Canary:
    def __init__(self) -> None:
        self.hits: list[str] = []
        canary = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                canary.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                self.wfile.write(b'{"head":{"vars":["s"]},"results":{"bindings":[]}}')

            do_POST = do_GET

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    c = Canary()
    thread = threading.Thread(target=c.server.serve_forever, daemon=True)
    thread.start()
    yield c
    c.server.shutdown()
    thread.join(timeout=5)


def _fingerprint(store: Store) -> tuple[int, list[str]]:
    return store.quads_count(), [str(g) for g in store.graphs()]


UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR ALL",
    "CLEAR DEFAULT",
    "CREATE GRAPH <urn:g>",
    "LOAD <{canary}/data.ttl>",
    "LOAD SILENT <{canary}/data.ttl> INTO GRAPH <urn:g>",
    "ADD DEFAULT TO <urn:g>",
    "COPY DEFAULT TO <urn:g>",
    "MOVE DEFAULT TO <urn:g>",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "PREFIX x: <urn:x#> insert data { x:a x:b x:c }",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    # \u0049NSERT is INSERT once SPARQL expands escapes (§19.2)
    "\\u0049NSERT DATA { <urn:a> <urn:b> <urn:c> }",
]


@pytest.mark.parametrize("update", UPDATES)
@pytest.mark.parametrize(
    "how", ["get-query", "get-update", "post-query", "post-update", "form-query", "form-update"]
)
def test_updates_are_refused_and_change_nothing(
    client: TestClient, store: Store, canary: Canary, update: str, how: str
) -> None:
    text = update.replace("{canary}", canary.url)
    before = _fingerprint(store)
    if how == "get-query":
        r = client.get("/sparql", params={"query": text})
    elif how == "get-update":
        r = client.get("/sparql", params={"update": text})
    elif how == "post-query":
        r = client.post("/sparql", content=text, headers={"Content-Type": "application/sparql-query"})
    elif how == "post-update":
        r = client.post("/sparql", content=text, headers={"Content-Type": "application/sparql-update"})
    elif how == "form-query":
        r = client.post("/sparql", data={"query": text})
    else:
        r = client.post("/sparql", data={"update": text})
    assert_problem(r, 403, "query-forbidden")
    assert _fingerprint(store) == before
    assert canary.hits == []


SERVICES = [
    "SELECT * WHERE {{ SERVICE <{canary}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{canary}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ VALUES ?x {{ <{canary}/sparql> }} SERVICE ?x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{canary}/sparql> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{canary}/sparql> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{canary}/sparql> {{ ?s ?p ?o }} }} }}",
    "ASK {{ SERVICE <{canary}/sparql> {{ ?s ?p ?o }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ service <{canary}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{canary}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE\n# a comment\n<{canary}/sparql> {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("query", SERVICES)
def test_service_is_refused_before_evaluation(client: TestClient, canary: Canary, query: str) -> None:
    text = query.format(canary=canary.url)
    for r in (
        client.get("/sparql", params={"query": text}),
        client.post("/sparql", data={"query": text}),
    ):
        assert_problem(r, 403, "query-forbidden")
    assert canary.hits == []


def test_the_canary_would_see_an_unguarded_service_call(canary: Canary) -> None:
    """The guard is what stands between clients and the network: the engine itself does
    fetch SERVICE IRIs (so the canary tests above can fail)."""
    import pyoxigraph as ox

    before = len(canary.hits)
    with contextlib.suppress(Exception):  # whatever the engine makes of the answer
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{canary.url}/sparql> {{ ?s ?p ?o }} }}"))
    assert len(canary.hits) > before
    del canary.hits[before:]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <{canary}/x.ttl> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "PREFIX c: <{canary}/> SELECT * FROM c:x WHERE {{ ?s ?p ?o }}",
    ],
)
def test_from_a_remote_or_file_iri_is_refused(client: TestClient, canary: Canary, query: str) -> None:
    r = client.get("/sparql", params={"query": query.format(canary=canary.url)})
    assert_problem(r, 403, "query-forbidden")
    assert canary.hits == []


def test_from_a_quarantined_graph_is_refused() -> None:
    from rdflib import Graph, Literal, URIRef

    from cchc_kg.api import create_app
    from cchc_kg.config import Settings
    from cchc_kg.store import open_store

    st = open_store(None, base_iri=BASE)
    quarantined = BASE + "graph/quarantine/eli/x"
    g = Graph()
    g.add((URIRef("urn:a"), URIRef("urn:p"), Literal("violating")))
    st.replace_graph(URIRef(quarantined), g)
    with TestClient(create_app(st, Settings(base_iri=BASE)), raise_server_exceptions=False) as c:
        r = c.get("/sparql", params={"query": f"SELECT * FROM <{quarantined}> WHERE {{ ?s ?p ?o }}"})
        assert_problem(r, 403, "query-forbidden")
        assert_problem(c.get("/readyz"), 503, "not-ready")  # nothing public yet


def test_rdflib_never_loads_from_graphs_in_the_api_process(client: TestClient) -> None:
    import rdflib.plugins.sparql

    assert rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS is False


def test_default_graph_uri_parameter_to_a_remote_iri_is_refused(client: TestClient, canary: Canary) -> None:
    r = client.get(
        "/sparql",
        params={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": canary.url + "/x.ttl"},
    )
    assert_problem(r, 403, "query-forbidden")
    assert canary.hits == []


def test_words_inside_strings_iris_and_variables_are_not_keywords(client: TestClient) -> None:
    q = (
        "PREFIX ex: <urn:drop:service#>\n"
        'SELECT ?service ?load WHERE { BIND("SERVICE <x> DROP ALL" AS ?service) '
        "BIND(ex:insert AS ?load) } # LOAD <http://x/>"
    )
    r = client.get("/sparql", params={"query": q})
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"][0]["service"]["value"] == "SERVICE <x> DROP ALL"


# -- named queries: injection (I1) and typing (I2) ------------------------------------------

INJECTIONS = [
    'x" } ; DROP ALL ; #',
    'Kon Tum" } UNION { ?document ?p ?o } #',
    "x> } UNION { ?s ?p ?o } #",
    "\\u0022) } UNION { ?s ?p ?o } #",
    '"',
    "Kon Tum\n}",
    "Kon Tum'; DROP ALL; --",
    "x" * 60_000,  # httpx caps URLs at 64 KiB; a raw 100 kB one is in test_limits.py
]


def test_named_query_legitimate_value(client: TestClient) -> None:
    r = client.get("/api/queries/documents", params={"province": "Kon Tum"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [row["document"] for row in body["rows"]] == [BASE + "eli/kon-tum/ubnd/2020/kh/4514"]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_into_a_string_parameter(client: TestClient, store: Store, payload: str) -> None:
    legit = client.get("/api/queries/documents", params={"province": "Kon Tum"}).json()
    before = _fingerprint(store)
    r = client.get("/api/queries/documents", params={"province": payload})
    if r.status_code == 200:
        body = r.json()
        assert body["variables"] == legit["variables"]  # no extra variables
        legit_rows = [tuple(sorted(row.items())) for row in legit["rows"]]
        assert all(tuple(sorted(row.items())) in legit_rows for row in body["rows"]) or body["rows"] == []
        assert body["rows"] == []  # no province has such a name
    elif r.status_code == 414:  # longer than the URL cap: refused before parsing
        assert_problem(r, 414, "query-too-long")
    else:
        assert_problem(r, 400, "bad-request")
    assert _fingerprint(store) == before


def test_a_value_over_the_parameter_cap_is_refused(client: TestClient) -> None:
    from cchc_kg.named_queries import MAX_VALUE_CHARS

    r = client.get("/api/queries/documents", params={"province": "x" * (MAX_VALUE_CHARS + 1)})
    assert_problem(r, 400, "bad-request")


@pytest.mark.parametrize("payload", ["x> } UNION { ?s ?p ?o } #", "not an iri", "<" + ND107 + ">", "urn:a b"])
def test_iri_parameter_must_be_an_iri(payload: str) -> None:
    # The shipped named queries have no IRI parameter yet (tasks_citing will); the typed
    # binding every route uses refuses anything that is not an IRI (I2).
    with pytest.raises(BadRequest):
        to_term(Param("instrument", ParamType.iri), payload)


def test_duplicate_parameter_is_refused(client: TestClient) -> None:
    r = client.get("/api/queries/documents?province=Kon%20Tum&province=x")
    assert_problem(r, 400, "bad-request")


SPARQL_WORDS = (
    "SELECT",
    "WHERE",
    "CONSTRUCT",
    "ASK ",
    "DESCRIBE",
    "PREFIX",
    "FILTER",
    "VALUES",
    "INSERT",
    "BIND(",
)


def _formatted_sparql(path: Path) -> list[int]:
    """Lines where an f-string, ``%`` or ``.format`` builds text with SPARQL in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines: list[int] = []

    def has_sparql(node: ast.AST) -> bool:
        return any(
            isinstance(c, ast.Constant)
            and isinstance(c.value, str)
            and any(w in c.value for w in SPARQL_WORDS)
            for c in ast.walk(node)
        )

    for node in ast.walk(tree):
        formatted = (
            (isinstance(node, ast.JoinedStr) and has_sparql(node))
            or (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and has_sparql(node.left))
            or (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "format"
                and has_sparql(node.func.value)
            )
        )
        if formatted:
            lines.append(node.lineno)
    return lines


def test_no_sparql_is_built_by_string_formatting_in_the_api() -> None:
    files = sorted((REPO / "api").rglob("*.py")) + sorted((REPO / "queries").rglob("*.py"))
    assert len(files) >= 10
    offenders = {str(p.relative_to(REPO)): lines for p in files if (lines := _formatted_sparql(p))}
    assert offenders == {}


def test_the_static_check_catches_a_formatted_query(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        'def q(x):\n    return f"SELECT * WHERE {{ ?s ?p \\"{x}\\" }}"\n'
        'def r(x):\n    return "PREFIX a: <%s>" % x\n'
        'def s(x):\n    return "SELECT {}".format(x)\n'
    )
    assert _formatted_sparql(bad) == [2, 4, 6]


def test_the_audit_hook_sees_a_connection_beyond_loopback() -> None:
    """S5's hook (tests/api/conftest.py) is armed: a connection attempt to a non-loopback
    address is recorded (a non-routable one, given up after 1 ms)."""
    from .conftest import _audit

    with socket.socket() as s, contextlib.suppress(OSError):
        s.settimeout(0.001)
        s.connect(("10.255.255.1", 9))
    assert _audit["violations"] == ["socket.connect ('10.255.255.1', 9)"]
    _audit["violations"].clear()


@pytest.mark.parametrize("function", ["{canary}/fn", "file:///etc/passwd", "http://example.org/fn"])
def test_unknown_extension_functions_are_refused(client: TestClient, canary: Canary, function: str) -> None:
    """S4: no custom function is registered on the public endpoint; pyoxigraph refuses an
    unknown function IRI (400) instead of evaluating it to unbound, and never fetches it."""
    iri = function.format(canary=canary.url)
    r = client.get("/sparql", params={"query": f"SELECT ?x WHERE {{ BIND(<{iri}>(1) AS ?x) }}"})
    assert_problem(r, 400, "bad-request")
    assert canary.hits == []


def test_xsd_casts_still_work(client: TestClient) -> None:
    q = "SELECT ?x WHERE { BIND(<http://www.w3.org/2001/XMLSchema#integer>('12') AS ?x) }"
    assert client.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["x"]["value"] == "12"
