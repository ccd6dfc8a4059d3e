"""The 2025 succession on a store loaded with the corpus: the named query agency_successor
follows the ORG change events, and the historical issuer is never rewritten."""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef

from cchc_kg import iri as I
from cchc_kg.named_queries import run_named
from cchc_kg.store import Store
from tests.conftest import corpus_path

from .conftest import BASE

KON_TUM_PLAN_NUMBER = "4514/KH-UBND"  # corpus 000: Kon Tum's CCHC plan for 2021


def _plan(store: Store, number: str) -> URIRef:
    rows = store.select(
        "PREFIX cchc: <https://data.cchc-kg.vn/ontology#> PREFIX eli: <http://data.europa.eu/eli/ontology#>"
        " SELECT ?doc ?number WHERE { ?doc a cchc:LegalDocument ; eli:number ?number }",
        {"number": Literal(number)},
    )
    docs = {r["doc"] for r in rows}
    assert len(docs) == 1, f"expected one loaded document numbered {number}, got {docs}"
    doc = docs.pop()
    assert isinstance(doc, URIRef)
    return doc


def _gold_items_of(gold: dict[str, Any], agency: str) -> list[tuple[str, str]]:
    """(record kind, role) of every gold task, body task and target that names ``agency``."""
    out = []
    for kind in ("tasks", "body_tasks", "targets"):
        for rec in gold[kind]:
            for role in ("lead", "cooperating", "implementing", "monitoring"):
                if agency in (rec.get(role) or []):
                    out.append((kind, role))
    return out


def test_kon_tum_information_department_tasks_pass_to_quang_ngai_science_department(
    corpus_store: Store, gold: dict[str, dict[str, Any]]
) -> None:
    expected = _gold_items_of(gold[corpus_path("000").stem], "Sở Thông tin và Truyền thông")
    plan = _plan(corpus_store, KON_TUM_PLAN_NUMBER)
    tttt = I.agency_iri(BASE, "kon-tum/so-thong-tin-va-truyen-thong")
    rows = run_named(corpus_store, "agency_successor", {"plan": str(plan), "agency": tttt})
    for r in rows:
        print(
            f"  {str(r['role']).rsplit('#')[-1]:18s} {str(r.get('text', ''))[:50]!r} -> {r.get('successorLabel')} since {r.get('since')}"
        )
    assert len(rows) == len(expected), f"gold: {expected}"
    assert {str(r["agencyLabel"]) for r in rows} == {"Sở Thông tin và Truyền thông tỉnh Kon Tum"}
    assert {str(r["successor"]) for r in rows} == {
        I.agency_iri(BASE, "quang-ngai-2025/so-khoa-hoc-va-cong-nghe")
    }
    assert {str(r["successorLabel"]) for r in rows} == {"Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"}
    assert {str(r["since"]) for r in rows} == {"2025-07-01"}
    roles = {str(r["role"]).rsplit("#")[-1] for r in rows}
    assert roles == {f"{role}Agency" for _, role in expected}


def test_home_affairs_successor_is_not_science(corpus_store: Store) -> None:
    # A control on the same plan: Sở Nội vụ absorbs LĐTBXH and keeps its own line.
    plan = _plan(corpus_store, KON_TUM_PLAN_NUMBER)
    rows = run_named(
        corpus_store,
        "agency_successor",
        {"plan": str(plan), "agency": I.agency_iri(BASE, "kon-tum/so-noi-vu")},
    )
    assert rows
    assert {str(r["successor"]) for r in rows} == {I.agency_iri(BASE, "quang-ngai-2025/so-noi-vu")}


def test_2021_kon_tum_plan_keeps_ubnd_kon_tum_as_issuer(corpus_store: Store) -> None:
    plan = _plan(corpus_store, KON_TUM_PLAN_NUMBER)
    rows = corpus_store.select(
        "PREFIX cchc: <https://data.cchc-kg.vn/ontology#> PREFIX org: <http://www.w3.org/ns/org#>"
        " PREFIX skos: <http://www.w3.org/2004/02/skos/core#>"
        " SELECT ?doc ?issuer ?label ?next WHERE { ?doc cchc:issuer ?issuer ."
        "   ?issuer skos:prefLabel ?label FILTER(LANG(?label) = 'vi')"
        "   OPTIONAL { ?issuer org:changedBy/org:resultingOrganization ?next } }",
        {"doc": plan},
    )
    issuers = {str(r["issuer"]) for r in rows}
    print(
        "issuer:",
        issuers,
        {str(r["label"]) for r in rows},
        "succeeded by",
        {str(r.get("next")) for r in rows},
    )
    assert issuers == {I.agency_iri(BASE, "kon-tum/ubnd-tinh")}
    assert "Ủy ban nhân dân tỉnh Kon Tum" in {str(r["label"]) for r in rows}
    # The succession exists, as a separate event: it does not replace the issuer.
    assert {str(r.get("next")) for r in rows} == {I.agency_iri(BASE, "quang-ngai-2025/ubnd-tinh")}
