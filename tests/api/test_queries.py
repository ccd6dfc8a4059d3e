"""``/api/queries``: the named queries listed with their parameters and run with bound
values; ``/healthz`` and ``/readyz``."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cchc_kg.api import create_app
from cchc_kg.config import Settings
from cchc_kg.store import Store

from .conftest import BASE, KT_PLAN, VP_DECISION
from .problems import assert_problem

QUERIES = Path(__file__).resolve().parents[2] / "queries"
KT_SO_NOI_VU = BASE + "agency/kon-tum/so-noi-vu"


def test_list_has_every_query_file_with_its_parameters(client: TestClient) -> None:
    r = client.get("/api/queries")
    assert r.status_code == 200
    listed = {q["name"]: q for q in r.json()["queries"]}
    assert set(listed) == {p.stem for p in QUERIES.glob("*.rq")}
    docs = listed["documents"]
    assert docs["title"] == "Loaded documents"
    assert docs["params"] == [
        {
            "name": "province",
            "type": "string",
            "required": False,
            "help": 'Province name as the graph labels it, e.g. "Kon Tum" (exact match)',
        }
    ]
    assert docs["variables"][0] == "document"
    assert docs["url"] == "http://testserver/api/queries/documents"
    assert [(p["name"], p["type"], p["required"]) for p in listed["agency_successor"]["params"]] == [
        ("plan", "IRI", True),
        ("agency", "IRI", True),
    ]


def test_stats_counts_kg_trig(client: TestClient) -> None:
    r = client.get("/api/queries/stats")
    assert r.status_code == 200
    # Counted by hand in kg.trig.
    assert r.json()["rows"] == [{"documents": 2, "tasks": 3, "targets": 1, "citations": 3, "agencies": 4}]
    assert r.json()["truncated"] is False


def test_documents_without_and_with_the_optional_province(client: TestClient) -> None:
    everything = client.get("/api/queries/documents").json()["rows"]
    assert {row["document"] for row in everything} == {KT_PLAN, VP_DECISION}
    vp = client.get("/api/queries/documents", params={"province": "Vĩnh Phúc"}).json()["rows"]
    assert [row["document"] for row in vp] == [VP_DECISION]
    assert vp[0]["number"] == "2866/QĐ-UBND" and vp[0]["date"] == "2021-10-25"
    # An NFD spelling of the same name is normalised to NFC, as the graph's literals are.
    nfd = client.get("/api/queries/documents", params={"province": unicodedata.normalize("NFD", "Vĩnh Phúc")})
    assert [row["document"] for row in nfd.json()["rows"]] == [VP_DECISION]


def test_iri_parameters_bound(client: TestClient) -> None:
    r = client.get("/api/queries/agency_successor", params={"plan": KT_PLAN, "agency": KT_SO_NOI_VU})
    assert r.status_code == 200, r.text
    rows = r.json()["rows"]
    assert [row["item"] for row in rows] == [KT_PLAN + "/task/II-3-b"]
    assert rows[0]["successor"] == KT_SO_NOI_VU  # no 2025 change event in kg.trig


def test_missing_required_parameter(client: TestClient) -> None:
    body = assert_problem(client.get("/api/queries/agency_successor", params={"plan": KT_PLAN}), 400)
    assert "agency" in body["detail"]


IRI_INJECTIONS = [
    KT_SO_NOI_VU + "> } UNION { ?s ?p ?o } #",
    KT_SO_NOI_VU + '" } ; DROP ALL ; #',
    KT_SO_NOI_VU + "\n}",
    "\\u003e",
    "not an iri",
    "<" + KT_SO_NOI_VU + ">",
]


@pytest.mark.parametrize("payload", IRI_INJECTIONS)
def test_iri_parameter_injection_is_refused_before_running(
    client: TestClient, store: Store, payload: str
) -> None:
    before = store.quads_count()
    r = client.get("/api/queries/agency_successor", params={"plan": KT_PLAN, "agency": payload})
    if r.status_code == 200:  # a syntactically valid IRI that is not in the graph
        assert r.json()["rows"] == []
    else:
        body = assert_problem(r, 400, "bad-request")
        assert "agency" in body["detail"]
    assert store.quads_count() == before


def test_named_query_rows_over_the_cap_are_truncated(store: Store) -> None:
    settings = Settings(base_iri=BASE, max_result_rows=1)
    with TestClient(create_app(store, settings)) as c:
        body = c.get("/api/queries/documents").json()
    assert len(body["rows"]) == 1 and body["truncated"] is True


def test_healthz_and_readyz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    r = client.get("/readyz")
    assert r.status_code == 200
    # reference + the two documents of kg.trig, written without load runs: not judged
    assert r.json() == {"status": "ready", "graphs": 3, "documents_checked": 0}


def test_openapi_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/sparql",
        "/api/cites",
        "/api/queries",
        "/api/queries/{name}",
        "/healthz",
        "/readyz",
        "/version",
    } <= set(paths)
    assert {"get", "post"} <= set(paths["/sparql"])


def test_index_links_every_endpoint(client: TestClient) -> None:
    links = client.get("/").json()
    assert links == {
        "sparql": "http://testserver/sparql",
        "cites": "http://testserver/api/cites",
        "queries": "http://testserver/api/queries",
        "docs": "http://testserver/docs",
        "health": "http://testserver/healthz",
        "version": "http://testserver/version",
    }
    for name, url in links.items():
        expected = 422 if name == "cites" else 200  # cites needs ?instrument=
        assert client.get(url).status_code == expected, url
