"""Per-client budgets (reliability.md R8, R9): 429 with Retry-After past the request or
error budget, other clients unaffected, probes exempt. A fake clock plays the minute."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cchc_kg.api import create_app
from cchc_kg.api.budget import WINDOW_S, Budget, ClientBudget
from cchc_kg.config import Settings
from cchc_kg.store import Store

from .asgi import call
from .conftest import BASE
from .problems import assert_problem

SIMPLE = "ASK { ?s ?p ?o }"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def budgeted(store: Store) -> Iterator[tuple[TestClient, Clock]]:
    clock = Clock()
    app = create_app(store, Settings(base_iri=BASE), budget=None)
    app.add_middleware(
        ClientBudget, budget=Budget(requests_per_minute=5, errors_per_minute=2), base_iri=BASE, clock=clock
    )
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c, clock


def test_past_the_request_budget_429_then_the_window_passes(budgeted: tuple[TestClient, Clock]) -> None:
    c, clock = budgeted
    for _ in range(5):
        assert c.get("/sparql", params={"query": SIMPLE}).status_code == 200
    r = c.get("/sparql", params={"query": SIMPLE})
    assert_problem(r, 429, "too-many-requests")
    assert int(r.headers["retry-after"]) == WINDOW_S
    clock.now += 30
    assert int(c.get("/api/queries").headers["retry-after"]) == 30
    clock.now += 30
    assert c.get("/sparql", params={"query": SIMPLE}).status_code == 200


def test_past_the_error_budget_429(budgeted: tuple[TestClient, Clock]) -> None:
    c, _ = budgeted
    for _ in range(2):
        assert c.get("/sparql", params={"query": "SELEC"}).status_code == 400
    assert_problem(c.get("/sparql", params={"query": SIMPLE}), 429, "too-many-requests")


def test_probes_are_exempt(budgeted: tuple[TestClient, Clock]) -> None:
    c, _ = budgeted
    for _ in range(10):
        assert c.get("/healthz").status_code == 200
    assert c.get("/sparql", params={"query": SIMPLE}).status_code == 200


def test_other_clients_are_unaffected(budgeted: tuple[TestClient, Clock]) -> None:
    c, _ = budgeted
    for _ in range(6):
        c.get("/sparql", params={"query": SIMPLE})
    assert c.get("/sparql", params={"query": SIMPLE}).status_code == 429
    other = call(c.app, "GET", "/healthz")  # the raw client is 127.0.0.1, not "testclient"
    assert other.status == 200
    other = call(c.app, "GET", "/sparql", query_string=b"query=ASK%7B%3Fs%3Fp%3Fo%7D")
    assert other.status == 200


def test_the_default_app_has_a_budget(store: Store) -> None:
    app = create_app(store, Settings(base_iri=BASE))
    assert any(m.cls is ClientBudget for m in app.user_middleware)
    with TestClient(app, raise_server_exceptions=False) as c:
        statuses = [
            c.get("/sparql", params={"query": "SELEC"}).status_code
            for _ in range(Budget().errors_per_minute + 1)
        ]
    assert statuses[:-1] == [400] * Budget().errors_per_minute and statuses[-1] == 429
