"""The agency reference graph and the province data it is built from (domain.md §6)."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from importlib.resources import files

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SKOS, XSD

from cchc_kg import iri as I
from cchc_kg.loaders.agencies import resolve_agency
from cchc_kg.loaders.agencies.reference import agency_reference_graph

from .conftest import BASE

CCHC_PROVINCE = URIRef(I.ONTOLOGY_NS + "Province")
CCHC_AGENCY = URIRef(I.ONTOLOGY_NS + "Agency")


@cache
def _graph() -> Graph:
    return agency_reference_graph(BASE)


def _data(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads(files("cchc_kg.loaders.data").joinpath(name).read_text(encoding="utf-8"))


def test_province_data_63_before_34_after() -> None:
    p = _data("provinces.json")
    before = {x["slug"] for x in p["before_2025"]}
    after = {x["slug"] for x in p["after_2025"]}
    sources = [s for m in p["mergers"] for s in m["sources"]]
    assert len(before) == 63 and len(after) == 34
    assert len(p["mergers"]) == 23 and len(sources) == len(set(sources)) == 52
    unchanged = before & after
    assert len(unchanged) == 11  # domain.md §6: Cao Bằng, Điện Biên, ..., Hà Nội, Huế
    assert set(sources) | unchanged == before, "every old province is merged or unchanged"
    assert {m["result"] for m in p["mergers"]} | unchanged == after
    # The citation resolver's list of pre-2025 provinces names the same 63.
    names = {x["name"] for x in p["before_2025"]}
    pre = {n.removeprefix("Thành phố ") for n in _data("provinces_pre2025.json")["provinces"]}
    assert names == pre


def test_reference_graph_has_no_blank_nodes_and_resolver_iris() -> None:
    g = _graph()
    assert not any(isinstance(t, BNode) for triple in g for t in triple)
    agencies = set(g.subjects(RDF.type, CCHC_AGENCY))
    # The resolver's identity of names printed in plans is an agency of this graph.
    for name, province in [
        ("Sở Thông tin và Truyền thông", "Kon Tum"),
        ("UBND tỉnh", "Kon Tum"),
        ("Văn phòng UBND tỉnh", "Vĩnh Phúc"),
        ("Sở KH&ĐT", "Quảng Nam"),
        ("Tỉnh ủy", "Đắk Nông"),
        ("UBND huyện Đăk Hà", "Kon Tum"),
        ("Bộ Nội vụ", "Kon Tum"),
    ]:
        assert URIRef(I.agency_iri(BASE, resolve_agency(name, province).key)) in agencies, name
    provinces = set(g.subjects(RDF.type, CCHC_PROVINCE))
    assert len(provinces) == 63 + 34 - 11


def test_hierarchy_department_under_provincial_committee() -> None:
    g = _graph()
    so = URIRef(I.agency_iri(BASE, "kon-tum/so-noi-vu"))
    ubnd = URIRef(I.agency_iri(BASE, "kon-tum/ubnd-tinh"))
    assert (so, ORG.subOrganizationOf, ubnd) in g
    assert (ubnd, URIRef(I.ONTOLOGY_NS + "province"), URIRef(I.province_iri(BASE, "kon-tum"))) in g
    huyen = URIRef(I.agency_iri(BASE, "kon-tum/ubnd-huyen/dak-ha"))
    assert (huyen, ORG.subOrganizationOf, ubnd) in g
    assert (so, ORG.classification, URIRef(BASE + "agency-type/so-noi-vu")) in g
    concept = URIRef(BASE + "agency-type/so-noi-vu")
    assert (concept, SKOS.inScheme, URIRef(BASE + "agency-type")) in g
    assert (concept, SKOS.broader, URIRef(BASE + "agency-type/ubnd-tinh")) in g
    assert Literal("Department of Home Affairs", lang="en") in set(g.objects(concept, SKOS.prefLabel))


def test_change_events_are_dated_and_paired() -> None:
    g = _graph()
    events = set(g.subjects(RDF.type, ORG.ChangeEvent))
    dates = Counter(str(next(g.objects(e, DCTERMS.date))) for e in events)
    print("  change events by date:", dict(dates))
    for e in events:
        (d,) = g.objects(e, DCTERMS.date)
        assert isinstance(d, Literal) and d.datatype == XSD.date
        assert set(g.objects(e, ORG.originalOrganization)), e
    # Departments: 5 mergers in each of the 63 provinces, plus the 5 ministry mergers.
    assert dates["2025-03-01"] == 63 * 5 + 5
    # Provinces: one event per carried body type and merged province; districts end.
    ended = [e for e in events if not set(g.objects(e, ORG.resultingOrganization))]
    assert ended and all(str(next(g.objects(e, DCTERMS.date))) == "2025-07-01" for e in ended)
    assert {str(o) for e in ended for o in g.objects(e, ORG.originalOrganization)} >= {
        I.agency_iri(BASE, "kon-tum/ubnd-huyen/dak-ha"),
        I.agency_iri(BASE, "kon-tum/ubnd-thanh-pho/kon-tum"),
    }


def _successors(g: Graph, agency: URIRef) -> set[str]:
    rows = g.query(
        "PREFIX org: <http://www.w3.org/ns/org#> SELECT ?s WHERE {"
        " ?a (org:changedBy/org:resultingOrganization)* ?s ."
        " FILTER NOT EXISTS { ?s org:changedBy ?e . FILTER NOT EXISTS { ?e org:resultingOrganization ?s } } }",
        initBindings={"a": agency},
    )
    return {str(r[0]) for r in rows}  # type: ignore[index]


def test_succession_chains_to_the_2025_bodies() -> None:
    g = _graph()
    cases = {
        "kon-tum/so-thong-tin-va-truyen-thong": "quang-ngai-2025/so-khoa-hoc-va-cong-nghe",
        "kon-tum/so-ke-hoach-va-dau-tu": "quang-ngai-2025/so-tai-chinh",
        "vinh-phuc/so-lao-dong-thuong-binh-va-xa-hoi": "phu-tho-2025/so-noi-vu",
        "quang-nam/so-giao-thong-van-tai": "da-nang-2025/so-xay-dung",
        "dak-nong/so-tai-nguyen-va-moi-truong": "lam-dong-2025/so-nong-nghiep-va-moi-truong",
        "dak-nong/so-nong-nghiep-va-phat-trien-nong-thon": "lam-dong-2025/so-nong-nghiep-va-moi-truong",
        "kon-tum/ubnd-tinh": "quang-ngai-2025/ubnd-tinh",
        "ha-noi/so-thong-tin-va-truyen-thong": "ha-noi/so-khoa-hoc-va-cong-nghe",  # unchanged city
        "ha-noi/so-noi-vu": "ha-noi/so-noi-vu",
        "vn/bo-ke-hoach-va-dau-tu": "vn/bo-tai-chinh",
    }
    for old, new in cases.items():
        assert _successors(g, URIRef(I.agency_iri(BASE, old))) == {I.agency_iri(BASE, new)}, old
    assert _successors(g, URIRef(I.agency_iri(BASE, "kon-tum/ubnd-huyen/dak-ha"))) == set()
    # Provinces as places: the old one is replaced by the new one, dated by the new one.
    kon_tum, quang_ngai = (
        URIRef(I.province_iri(BASE, "kon-tum")),
        URIRef(I.province_iri(BASE, "quang-ngai-2025")),
    )
    assert (kon_tum, DCTERMS.isReplacedBy, quang_ngai) in g
    assert (quang_ngai, DCTERMS.created, Literal("2025-07-01", datatype=XSD.date)) in g
    assert Literal("Sở Khoa học và Công nghệ tỉnh Quảng Ngãi", lang="vi") in set(
        g.objects(URIRef(I.agency_iri(BASE, "quang-ngai-2025/so-khoa-hoc-va-cong-nghe")), SKOS.prefLabel)
    )


def test_every_group_kind_has_its_member_type_in_the_scheme() -> None:
    # A collective reference says which kind of member it covers (issue 5 §3): the
    # resolver's member_type is a concept of the agency-type scheme.
    g = _graph()
    for name, member in [
        ("Các sở, ban, ngành", "so"),
        ("Ủy ban nhân dân các huyện, thành phố", "ubnd-huyen"),
        ("UBND cấp xã", "ubnd-xa"),
        ("Các cơ quan, đơn vị liên quan", "co-quan"),
        ("Các tổ chức chính trị - xã hội", "to-chuc-chinh-tri-xa-hoi"),
    ]:
        ref = resolve_agency(name, "Kon Tum")
        assert ref.is_group and ref.member_type == member and ref.province == "kon-tum", (name, ref)
        concept = URIRef(BASE + f"agency-type/{member}")
        assert (concept, SKOS.inScheme, URIRef(BASE + "agency-type")) in g, member
    assert (URIRef(BASE + "agency-type/so"), SKOS.broader, URIRef(BASE + "agency-type/ubnd-tinh")) in g
