"""Fixtures of the API tests: an in-memory store filled with the hand-written graph
``kg.trig`` (project ontology terms), and TestClients over it with small limits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, URIRef

from cchc_kg.api import create_app
from cchc_kg.config import Settings
from cchc_kg.store import Store, open_store

KG = Path(__file__).with_name("kg.trig")
BASE = "https://data.cchc-kg.vn/"
KT_PLAN = BASE + "eli/kon-tum/ubnd/2020/kh/4514"
VP_DECISION = BASE + "eli/vinh-phuc/ubnd/2021/qd/2866"
ND107 = BASE + "eli/vn/cp/2020/nd/107"
# Small limits, so the tests can reach them (Datasette's test fixture habit).
MAX_ROWS = 5
MAX_QUERY_BYTES = 4096


def fill(store: Store) -> int:
    """Load kg.trig, one named graph per graph of the file; returns the quad count."""
    ds = Dataset()
    ds.parse(KG, format="trig")
    for g in ds.graphs():
        if len(g) and isinstance(g.identifier, URIRef):
            triples = Graph()
            for t in g:
                triples.add(t)
            store.replace_graph(g.identifier, triples)
    return store.quads_count()


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    st = open_store(None, base_iri=BASE)
    fill(st)
    yield st
    st.close()


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(base_iri=BASE, max_result_rows=MAX_ROWS, max_query_bytes=MAX_QUERY_BYTES)


@pytest.fixture(scope="module")
def client(store: Store, settings: Settings) -> Iterator[TestClient]:
    # raise_server_exceptions=False: a 500 must reach the test as the response a client sees.
    with TestClient(create_app(store, settings), raise_server_exceptions=False) as c:
        yield c
