"""``/sparql``: the SPARQL 1.1 Protocol query operation over kg.trig, every method and
result format, checked against rdflib's own SPARQL engine over the same file (an
independent oracle) and against the values written by hand in kg.trig."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from .conftest import BASE, KG, KT_PLAN, MAX_ROWS, ND107, VP_DECISION

CITING_107 = f"""PREFIX cchc: <https://data.cchc-kg.vn/ontology#>
SELECT ?task ?text WHERE {{
  ?c cchc:citedInstrument <{ND107}> ; cchc:citingEntity ?task .
  ?task cchc:text ?text
}}"""
# Written by hand from kg.trig: the two tasks that cite Nghị định 107/2020/NĐ-CP.
TASKS_107 = {KT_PLAN + "/task/II-3-b", VP_DECISION + "/plan/task/28"}
SPARQL_NS = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def oracle() -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(KG, format="trig")
    return ds


def _json_tasks(text: str) -> set[str]:
    return {b["task"]["value"] for b in json.loads(text)["results"]["bindings"]}


def test_oracle_agrees_with_the_hand_written_answer(oracle: Dataset) -> None:
    assert {str(r[0]) for r in oracle.query(CITING_107)} == TASKS_107  # type: ignore[index]


def test_get_json_is_the_default(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": CITING_107})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/sparql-results+json"
    doc = r.json()
    assert doc["head"]["vars"] == ["task", "text"]
    assert _json_tasks(r.text) == TASKS_107
    assert "truncated" not in doc and r.headers["x-kg-truncated"] == "false"
    texts = {b["text"]["value"] for b in doc["results"]["bindings"]}
    assert "Triển khai thực hiện Nghị định số 107/2020/NĐ-CP của Chính phủ" in texts
    assert all(b["text"]["xml:lang"] == "vi" for b in doc["results"]["bindings"])


def _parse_results(media: str, body: str) -> set[str]:
    if media == "application/sparql-results+json":
        return _json_tasks(body)
    if media == "application/sparql-results+xml":
        root = ET.fromstring(body)
        return {
            b.findtext(f"{SPARQL_NS}uri") or ""
            for b in root.iter(f"{SPARQL_NS}binding")
            if b.get("name") == "task"
        }
    if media == "text/csv":
        rows = list(csv.DictReader(io.StringIO(body)))
        return {row["task"] for row in rows}
    assert media == "text/tab-separated-values"
    lines = body.strip("\n").split("\n")
    assert lines[0] == "?task\t?text"
    return {line.split("\t")[0].strip("<>") for line in lines[1:]}


@pytest.mark.parametrize(
    ("accept", "fmt", "media"),
    [
        ("application/sparql-results+json", None, "application/sparql-results+json"),
        ("application/json", None, "application/sparql-results+json"),
        ("application/sparql-results+xml", None, "application/sparql-results+xml"),
        ("text/csv", None, "text/csv"),
        ("text/tab-separated-values", None, "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml", None, "application/sparql-results+xml"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", None, "application/sparql-results+json"),
        (None, "csv", "text/csv"),
        (None, "tsv", "text/tab-separated-values"),
        (None, "xml", "application/sparql-results+xml"),
        ("text/csv", "json", "application/sparql-results+json"),  # format overrides Accept
    ],
)
def test_select_in_every_results_format(
    client: TestClient, accept: str | None, fmt: str | None, media: str
) -> None:
    params = {"query": CITING_107} | ({"format": fmt} if fmt else {})
    headers = {"Accept": accept} if accept else {}
    r = client.get("/sparql", params=params, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert _parse_results(media, r.text) == TASKS_107
    assert r.headers["cache-control"] == "public, max-age=60"
    assert "accept" in r.headers["vary"].lower()


def test_post_query_body_and_form_give_the_get_answer(client: TestClient) -> None:
    direct = client.post("/sparql", content=CITING_107, headers={"Content-Type": "application/sparql-query"})
    form = client.post("/sparql", data={"query": CITING_107})
    form_csv = client.post("/sparql", data={"query": CITING_107, "format": "csv"})
    assert direct.status_code == form.status_code == form_csv.status_code == 200
    assert _json_tasks(direct.text) == _json_tasks(form.text) == TASKS_107
    assert _parse_results("text/csv", form_csv.text) == TASKS_107


def test_post_sparql_query_with_charset_parameter(client: TestClient) -> None:
    r = client.post(
        "/sparql",
        content=CITING_107.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-8"},
    )
    assert r.status_code == 200 and _json_tasks(r.text) == TASKS_107


CONSTRUCT = f"""PREFIX cchc: <https://data.cchc-kg.vn/ontology#>
CONSTRUCT {{ ?task cchc:cites <{ND107}> }} WHERE {{
  ?c cchc:citedInstrument <{ND107}> ; cchc:citingEntity ?task }}"""


@pytest.mark.parametrize(
    ("accept", "fmt", "media", "rdflib_format"),
    [
        (None, None, "text/turtle", "turtle"),
        ("text/turtle", None, "text/turtle", "turtle"),
        ("application/n-triples", None, "application/n-triples", "nt"),
        ("application/rdf+xml", None, "application/rdf+xml", "xml"),
        (None, "nt", "application/n-triples", "nt"),
        (None, "turtle", "text/turtle", "turtle"),
    ],
)
def test_construct_as_rdf(
    client: TestClient, oracle: Dataset, accept: str | None, fmt: str | None, media: str, rdflib_format: str
) -> None:
    params = {"query": CONSTRUCT} | ({"format": fmt} if fmt else {})
    r = client.get("/sparql", params=params, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    got = Graph().parse(data=r.text, format=rdflib_format)
    expected = oracle.query(CONSTRUCT).graph
    assert expected is not None and len(got) == 2
    assert isomorphic(got, expected)
    assert {str(s) for s in got.subjects()} == TASKS_107


def test_describe_gives_the_resource_triples(client: TestClient, oracle: Dataset) -> None:
    province = URIRef(BASE + "province/kon-tum")  # two triples: under the row cap
    r = client.get("/sparql", params={"query": f"DESCRIBE <{province}>"}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200, r.text
    assert r.headers["x-kg-truncated"] == "false"
    g = Graph().parse(data=r.text, format="turtle")
    assert set(g) == set(oracle.triples((province, None, None)))
    assert len(g) == 2


def test_describe_over_the_cap_is_truncated(client: TestClient, oracle: Dataset) -> None:
    r = client.get("/sparql", params={"query": f"DESCRIBE <{ND107}>"}, headers={"Accept": "text/turtle"})
    assert r.headers["x-kg-truncated"] == "true"
    g = Graph().parse(data=r.text, format="turtle")
    assert len(g) == MAX_ROWS and set(g) < set(oracle.triples((URIRef(ND107), None, None)))


@pytest.mark.parametrize(
    ("query", "answer"), [(f"ASK {{ <{ND107}> ?p ?o }}", True), ("ASK { <urn:x> ?p ?o }", False)]
)
def test_ask_json_and_xml(client: TestClient, query: str, answer: bool) -> None:
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 200 and r.json()["boolean"] is answer
    x = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+xml"})
    assert x.headers["content-type"].startswith("application/sparql-results+xml")
    assert ET.fromstring(x.text).findtext(f"{SPARQL_NS}boolean") == str(answer).lower()


def test_select_over_the_row_cap_is_truncated_and_says_so(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 200
    doc = r.json()
    assert len(doc["results"]["bindings"]) == MAX_ROWS
    assert doc["truncated"] is True and r.headers["x-kg-truncated"] == "true"
    c = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "format": "csv"})
    assert len(list(csv.reader(io.StringIO(c.text)))) == MAX_ROWS + 1  # the header row
    assert c.headers["x-kg-truncated"] == "true"


def test_select_at_the_cap_is_not_truncated(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}"})
    assert len(r.json()["results"]["bindings"]) == MAX_ROWS
    assert "truncated" not in r.json() and r.headers["x-kg-truncated"] == "false"


def test_construct_over_the_cap_is_truncated(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
    assert r.status_code == 200
    assert len(Graph().parse(data=r.text, format="nt")) == MAX_ROWS
    assert r.headers["x-kg-truncated"] == "true"


def test_from_a_graph_of_the_store_restricts_the_dataset(client: TestClient) -> None:
    graph = BASE + "graph/eli/kon-tum/ubnd/2020/kh/4514"
    q = f"SELECT DISTINCT ?s FROM <{graph}> WHERE {{ ?s a <https://data.cchc-kg.vn/ontology#Plan> }}"
    r = client.get("/sparql", params={"query": q})
    assert r.status_code == 200, r.text
    assert {b["s"]["value"] for b in r.json()["results"]["bindings"]} == {KT_PLAN}


def test_service_description_without_query(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    services = set(
        g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(sd + "Service"))
    )
    assert len(services) == 1
    assert (next(iter(services)), URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in g


def test_unicode_literal_round_trips_in_a_filter(client: TestClient) -> None:
    q = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        'SELECT ?p WHERE { ?p rdfs:label "Vĩnh Phúc"@vi }'
    )
    r = client.post("/sparql", data={"query": q})
    assert [b["p"]["value"] for b in r.json()["results"]["bindings"]] == [BASE + "province/vinh-phuc"]
