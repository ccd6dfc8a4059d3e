"""Fixtures of the API tests: an in-memory store filled with the hand-written graph
``kg.trig`` (project ontology terms), and TestClients over it with small limits.

Every API test also runs under an audit hook (reliability.md S5): a connection to a
non-loopback address, a ``urllib`` request to one, or a file opened for writing outside
the temporary directory fails the test.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
    # budget=None: these tests send hundreds of refused requests from one client on
    # purpose; the per-client budget has its own tests (test_budget.py).
    with TestClient(create_app(store, settings, budget=None), raise_server_exceptions=False) as c:
        yield c


# -- S5: no network beyond loopback, no writes outside tmp --------------------------------------

LOOPBACK = {"127.0.0.1", "::1", "localhost", "testserver"}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_audit: dict[str, Any] = {"armed": False, "violations": []}


def _is_write(mode: object, flags: object) -> bool:
    if isinstance(mode, str) and any(c in mode for c in "wax+"):
        return True
    return isinstance(flags, int) and bool(flags & _WRITE_FLAGS)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _audit["armed"]:
        return
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and address and address[0] not in LOOPBACK:
            _audit["violations"].append(f"socket.connect {address!r}")
    elif event == "socket.getaddrinfo":
        if args[0] not in LOOPBACK and args[0] is not None:
            _audit["violations"].append(f"getaddrinfo {args[0]!r}")
    elif event == "urllib.Request":
        host = urlsplit(str(args[0])).hostname
        if host not in LOOPBACK:
            _audit["violations"].append(f"urllib.Request {args[0]!r}")
    elif event == "open" and len(args) >= 3 and _is_write(args[1], args[2]):
        path = os.path.realpath(str(args[0])) if isinstance(args[0], (str, bytes, os.PathLike)) else ""
        allowed = (os.path.realpath(tempfile.gettempdir()), "/dev/null")
        if isinstance(args[0], int) or path.startswith(allowed):
            return
        _audit["violations"].append(f"open for writing {args[0]!r}")


sys.addaudithook(_hook)  # hooks cannot be removed; it is inert unless armed below


@pytest.fixture(autouse=True)
def no_network_no_writes() -> Iterator[None]:
    _audit["violations"].clear()
    _audit["armed"] = True
    try:
        yield
    finally:
        _audit["armed"] = False
    assert _audit["violations"] == [], f"audit hook: {_audit['violations'][:5]}"
