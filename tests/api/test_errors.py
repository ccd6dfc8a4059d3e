"""One error shape for every error (reliability.md H6), content negotiation failures
(H5), security headers (H7) and CORS (H4)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import cast

import httpx
import pytest
from fastapi.testclient import TestClient

from cchc_kg.api import create_app
from cchc_kg.config import Settings
from cchc_kg.errors import StoreError
from cchc_kg.store import Store, open_store

from .conftest import BASE, MAX_QUERY_BYTES
from .problems import assert_problem
from .stores import BlockingStore, FailingStore

SELECT = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
CONSTRUCT = "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"


# -- H5: negotiation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "accept", "fmt"),
    [
        (SELECT, "garbage", None),
        (SELECT, "image/png", None),
        (SELECT, "text/turtle", None),  # a graph format for a SELECT
        (SELECT, "application/json;q=0", None),  # refused explicitly
        (CONSTRUCT, "application/sparql-results+json", None),
        (CONSTRUCT, "text/csv", None),
        (SELECT, None, "pdf"),
        (CONSTRUCT, None, "csv"),
        (SELECT, "a/b;q=x, ;;;, */ *", None),
        (SELECT, ",".join(["x/y"] * 1000), None),
    ],
)
def test_what_cannot_be_given_is_406(
    client: TestClient, query: str, accept: str | None, fmt: str | None
) -> None:
    params = {"query": query} | ({"format": fmt} if fmt else {})
    r = client.get("/sparql", params=params, headers={"Accept": accept} if accept else {})
    assert_problem(r, 406, "not-acceptable")


def test_service_description_garbage_accept_is_406(client: TestClient) -> None:
    assert_problem(client.get("/sparql", headers={"Accept": "image/png"}), 406, "not-acceptable")


# -- H6: every error class in one shape -------------------------------------------------------


def _faulty_client(error: Exception) -> TestClient:
    inner = open_store(None, base_iri=BASE)
    app = create_app(cast(Store, FailingStore(inner, error)), Settings(base_iri=BASE))
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def timeout_client(store: Store) -> Iterator[TestClient]:
    blocking = BlockingStore(store)
    settings = Settings(base_iri=BASE, query_timeout_s=0.2)
    with TestClient(
        create_app(cast(Store, blocking), settings, query_slots=1), raise_server_exceptions=False
    ) as c:
        yield c
        blocking.release()


Request = Callable[[TestClient], httpx.Response]

CASES: list[tuple[str, Request, int, str]] = [
    ("400 syntax", lambda c: c.get("/sparql", params={"query": "SELEC * {"}), 400, "query-syntax"),
    (
        "400 syntax (engine)",
        lambda c: c.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?p ?o } GROUP BY ?y"}),
        400,
        "query-syntax",
    ),
    ("400 bad param", lambda c: c.get("/api/queries/documents", params={"nope": "1"}), 400, "bad-request"),
    ("400 no query in form", lambda c: c.post("/sparql", data={"format": "json"}), 400, "bad-request"),
    (
        "400 query twice",
        lambda c: c.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D"),
        400,
        "bad-request",
    ),
    (
        "400 not UTF-8",
        lambda c: c.post(
            "/sparql", content=b"ASK {\xff}", headers={"Content-Type": "application/sparql-query"}
        ),
        400,
        "bad-request",
    ),
    (
        "403 update",
        lambda c: c.get("/sparql", params={"query": "DROP ALL"}),
        403,
        "query-forbidden",
    ),
    (
        "403 service",
        lambda c: c.get(
            "/sparql", params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}
        ),
        403,
        "query-forbidden",
    ),
    ("404 path", lambda c: c.get("/no/such/path"), 404, "not-found"),
    ("404 named query", lambda c: c.get("/api/queries/no_such_query"), 404, "not-found"),
    ("405", lambda c: c.put("/sparql", content=b"x"), 405, "method-not-allowed"),
    ("405 named", lambda c: c.post("/api/queries/stats"), 405, "method-not-allowed"),
    (
        "406",
        lambda c: c.get("/sparql", params={"query": SELECT}, headers={"Accept": "image/png"}),
        406,
        "not-acceptable",
    ),
    (
        "413",
        lambda c: c.post(
            "/sparql",
            content=b"#" * (3 * MAX_QUERY_BYTES + 4097),
            headers={"Content-Type": "application/sparql-query"},
        ),
        413,
        "payload-too-large",
    ),
    ("414", lambda c: c.get("/sparql", params={"query": "#" * (MAX_QUERY_BYTES + 1)}), 414, "query-too-long"),
    (
        "415",
        lambda c: c.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"}),
        415,
        "unsupported-media-type",
    ),
    ("422 missing instrument", lambda c: c.get("/api/cites"), 422, "invalid-parameters"),
    (
        "422 instrument too long",
        lambda c: c.get("/api/cites", params={"instrument": "x" * 500}),
        422,
        "invalid-parameters",
    ),
]


@pytest.mark.parametrize(("label", "request_", "status", "code"), CASES, ids=[c[0] for c in CASES])
def test_error_shape(client: TestClient, label: str, request_: Request, status: int, code: str) -> None:
    assert_problem(request_(client), status, code)


def test_validation_error_does_not_echo_the_input(client: TestClient) -> None:
    secret = "<script>alert(1)</script>" * 30
    r = client.get("/api/cites", params={"instrument": secret})
    body = assert_problem(r, 422, "invalid-parameters")
    assert "script" not in r.text
    assert body["errors"][0]["where"] == "query parameter 'instrument'"


def test_503_timeout_shape(timeout_client: TestClient) -> None:
    r = timeout_client.get("/sparql", params={"query": SELECT})
    assert_problem(r, 503, "query-timeout")
    assert int(r.headers["retry-after"]) > 0


def test_503_busy_shape(timeout_client: TestClient) -> None:
    timeout_client.get("/sparql", params={"query": SELECT})  # holds the only slot
    r = timeout_client.get("/sparql", params={"query": SELECT})
    assert_problem(r, 503, "busy")
    assert int(r.headers["retry-after"]) > 0


def test_500_injected_fault_reveals_nothing() -> None:
    fault = RuntimeError('File "/work/main/cchc_kg/store/oxigraph.py", line 3: rdflib.term.URIRef boom')
    with _faulty_client(fault) as c:
        for r in (
            c.get("/sparql", params={"query": SELECT}),
            c.get("/api/queries/stats"),
            c.get("/readyz"),
        ):
            body = assert_problem(r, 500, "internal-error")
            assert "boom" not in r.text
            assert body["detail"] == "An internal error occurred; it has been logged."


def test_503_store_error_hides_its_message() -> None:
    with _faulty_client(StoreError("cannot open the store at /var/lib/cchc: lock held")) as c:
        r = c.get("/sparql", params={"query": SELECT})
        assert_problem(r, 503, "store-unavailable")
        assert "/var/lib" not in r.text


def test_readyz_is_503_on_an_empty_store() -> None:
    empty = open_store(None, base_iri=BASE)
    with TestClient(create_app(empty, Settings(base_iri=BASE)), raise_server_exceptions=False) as c:
        assert_problem(c.get("/readyz"), 503, "not-ready")
        assert c.get("/healthz").json() == {"status": "ok"}


# -- H7: security headers on every route --------------------------------------------------------

ROUTES: list[tuple[str, Request]] = [
    ("sparql select", lambda c: c.get("/sparql", params={"query": SELECT})),
    ("sparql post", lambda c: c.post("/sparql", data={"query": SELECT})),
    ("sparql construct", lambda c: c.get("/sparql", params={"query": CONSTRUCT})),
    ("service description", lambda c: c.get("/sparql")),
    ("queries", lambda c: c.get("/api/queries")),
    ("named query", lambda c: c.get("/api/queries/stats")),
    ("cites 422", lambda c: c.get("/api/cites")),
    ("healthz", lambda c: c.get("/healthz")),
    ("index", lambda c: c.get("/")),
    ("readyz", lambda c: c.get("/readyz")),
    ("openapi", lambda c: c.get("/openapi.json")),
    ("docs", lambda c: c.get("/docs")),
    ("404", lambda c: c.get("/nowhere")),
    (
        "413",
        lambda c: c.post(
            "/sparql", content=b"#" * 100_000, headers={"Content-Type": "application/sparql-query"}
        ),
    ),
]


@pytest.mark.parametrize(("label", "request_"), ROUTES, ids=[r[0] for r in ROUTES])
def test_security_headers(client: TestClient, label: str, request_: Request) -> None:
    r = request_(client)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    expected = "public, max-age=60" if label.startswith(("sparql", "service")) else "no-store"
    assert r.headers["cache-control"] == expected


def test_html_pages_have_a_content_security_policy(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "content-security-policy" not in client.get("/healthz").headers


# -- H4: CORS ------------------------------------------------------------------------------------


def test_cors_preflight_allows_any_origin_without_credentials(client: TestClient) -> None:
    r = client.options(
        "/sparql",
        headers={
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in r.headers
    assert r.headers["x-content-type-options"] == "nosniff"


def test_cors_simple_request_exposes_the_truncation_header(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": SELECT}, headers={"Origin": "https://a.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "x-kg-truncated" in r.headers["access-control-expose-headers"].lower()
