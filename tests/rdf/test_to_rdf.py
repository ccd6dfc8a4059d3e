"""The emitter on hand-made extractions (tests/rdf/factories.py) whose every expected triple
is written here from the documents themselves, and the named task queries run on them.

* Vĩnh Phúc 2866 (a decision issuing a plan without its own number): IRIs, the attached
  plan, legal-basis and implementing citations at document level, the table task citing
  Nghị định 107/2020/NĐ-CP with its multi-part deadline, the unresolved Tờ trình, the law
  cited by name, identity-key literals, agency labels;
* Kon Tum 4514 (real text of corpus 000): the section item II.3.b is a section task, and
  ``tasks_citing`` finds it for 107/2020/NĐ-CP with its source line;
* a loaded document and a citation of it in another document meet on one IRI.
"""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef

from cchc_kg.iri import ONTOLOGY_NS, instrument_iri
from cchc_kg.loaders.extract import extract_source
from cchc_kg.loaders.model import DocumentRecord, Extraction, SectionRecord, SourceText, Span
from cchc_kg.loaders.to_rdf import document_graph_iri, document_iris, document_key, extraction_to_graph
from cchc_kg.named_queries import load_named_queries
from cchc_kg.store import open_store
from tests.rdf.factories import ND_107, NQ_76, VINH_PHUC_TEXT, kon_tum_4514, vinh_phuc_2866

B = "https://data.cchc-kg.vn/"
CCHC = Namespace(ONTOLOGY_NS)
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
TIME = Namespace("http://www.w3.org/2006/time#")

DECISION = URIRef(B + "eli/vinh-phuc/ubnd/2021/qd/2866")
PLAN = URIRef(B + "eli/vinh-phuc/ubnd/2021/qd/2866/plan")
ND107 = URIRef(B + "eli/vn/cp/2020/nd/107")
NQ76 = URIRef(B + "eli/vn/cp/2021/nq/76")
LAW = URIRef(B + "eli/vn/qh/2015/luat/name/luat-to-chuc-chinh-quyen-dia-phuong")


@pytest.fixture(scope="module")
def vp() -> Graph:
    return extraction_to_graph(vinh_phuc_2866(), B)


def test_decision_and_attached_plan_iris(vp: Graph) -> None:
    assert list(document_iris(vinh_phuc_2866(), B)) == [DECISION, PLAN]
    assert (PLAN, CCHC.attachedTo, DECISION) in vp
    assert (DECISION, RDF.type, CCHC.Decision) in vp and (PLAN, RDF.type, CCHC.Plan) in vp
    assert (PLAN, RDFS.label, Literal("Kế hoạch ban hành kèm theo Quyết định 2866/QĐ-UBND", lang="vi")) in vp
    assert (DECISION, ELI.date_document, Literal("2021-10-14", datatype=XSD.date)) in vp
    assert str(document_graph_iri(vinh_phuc_2866(), B)) == B + "graph/eli/vinh-phuc/ubnd/2021/qd/2866"


def test_identity_key_literals(vp: Graph) -> None:
    # the decision itself: administrative number, the year from its date
    assert (DECISION, CCHC.keyDocType, Literal("qd")) in vp
    assert (DECISION, CCHC.keyNumber, Literal("2866")) in vp
    assert (DECISION, CCHC.keyYear, Literal("2021", datatype=XSD.gYear)) in vp
    # the attached plan has no number of its own: no key
    assert vp.value(PLAN, CCHC.keyNumber) is None
    # cited instruments
    assert (ND107, CCHC.keyDocType, Literal("nd")) in vp
    assert (ND107, CCHC.keyNumber, Literal("107")) in vp
    assert (ND107, CCHC.keyYear, Literal("2020", datatype=XSD.gYear)) in vp
    assert (LAW, CCHC.keyDocType, Literal("luat")) in vp
    assert (LAW, CCHC.keyName, Literal("luật tổ chức chính quyền địa phương")) in vp  # name_key: lower case
    assert vp.value(LAW, CCHC.keyNumber) is None


def test_document_level_relations(vp: Graph) -> None:
    # "Căn cứ Nghị quyết số 76/NQ-CP" in the decision's preamble; the plan's body task
    # "tham mưu thực hiện Nghị quyết số 76/NQ-CP" implements it.
    assert (DECISION, ELI.based_on, NQ76) in vp and (DECISION, ELI.cites, NQ76) in vp
    assert (PLAN, CCHC.implements, NQ76) in vp and (PLAN, ELI.cites, NQ76) in vp
    assert (DECISION, ELI.based_on, LAW) in vp
    assert (PLAN, ELI.cites, ND107) in vp
    assert (PLAN, ELI.based_on, NQ76) not in vp


def test_table_task_citing_107(vp: Graph) -> None:
    task = URIRef(str(PLAN) + "/task/_/28")
    assert (task, RDF.type, CCHC.TableTask) in vp and (task, RDF.type, CCHC.Task) in vp
    assert (task, CCHC.cites, ND107) in vp  # one triple pattern away
    citations = list(vp.subjects(CCHC.citingEntity, task))
    assert len(citations) == 1
    c = citations[0]
    assert (c, CCHC.citedInstrument, ND107) in vp and (c, CCHC.citingDocument, PLAN) in vp
    assert (c, CCHC.relation, CCHC.rel_mentions) in vp
    span = vp.value(c, CCHC.span)
    start = VINH_PHUC_TEXT.index("Nghị định số 107/2020/NĐ-CP")
    assert (span, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)) in vp
    assert (span, OA.exact, Literal("Nghị định số 107/2020/NĐ-CP")) in vp
    assert (
        span,
        CCHC.line,
        Literal(VINH_PHUC_TEXT.count("\n", 0, start) + 1, datatype=XSD.positiveInteger),
    ) in vp
    # lead agency resolved by province: Sở Nội vụ of Vĩnh Phúc
    lead = URIRef(B + "agency/vinh-phuc/so-noi-vu")
    assert (task, CCHC.leadAgency, lead) in vp
    assert (lead, SKOS.prefLabel, Literal("Sở Nội vụ tỉnh Vĩnh Phúc", lang="vi")) in vp
    assert (lead, CCHC.localLabel, Literal("Sở Nội vụ", lang="vi")) in vp
    assert len(list(vp.objects(lead, SKOS.prefLabel))) == 1
    # the cooperating group: which kind of member, in which province
    group = URIRef(B + "agency/vinh-phuc/group/cac-so-nganh")
    assert (task, CCHC.cooperatingAgency, group) in vp and (group, RDF.type, CCHC.AgencyGroup) in vp
    assert (group, CCHC.memberType, URIRef(B + "agency-type/so")) in vp
    assert (group, CCHC.province, URIRef(B + "province/vinh-phuc")) in vp


def test_multi_part_deadline(vp: Graph) -> None:
    deadline = URIRef(str(PLAN) + "/task/_/28/deadline")
    assert (deadline, CCHC.deadlineKind, CCHC.deadline_multi) in vp
    parts = sorted(vp.objects(deadline, CCHC.deadlinePart), key=str)
    assert len(parts) == 2
    assert (parts[0], CCHC.milestone, Literal("Ban hành Kế hoạch", lang="vi")) in vp
    assert (parts[0], TIME.inXSDDate, Literal("2022-01-31", datatype=XSD.date)) in vp
    assert (parts[1], TIME.inXSDDate, Literal("2022-11-30", datatype=XSD.date)) in vp


def test_unresolved_citation_is_kept_with_its_reason(vp: Graph) -> None:
    start = VINH_PHUC_TEXT.index("Tờ trình số 180/TTr-SNV")
    end = start + len("Tờ trình số 180/TTr-SNV")
    c = URIRef(f"{DECISION}/citation/{start}-{end}")
    assert (c, RDF.type, CCHC.Citation) in vp
    assert vp.value(c, CCHC.citedInstrument) is None
    assert (c, CCHC.unresolvedReason, Literal("no date: the year is unknown")) in vp
    assert (c, CCHC.citedNumber, Literal("180/TTr-SNV")) in vp


def test_target_quantity(vp: Graph) -> None:
    targets = list(vp.subjects(RDF.type, CCHC.Target))
    assert len(targets) == 1
    q = vp.value(targets[0], CCHC.quantity)
    assert (q, CCHC.numericValue, Literal("80", datatype=XSD.decimal)) in vp
    assert (q, CCHC.comparator, Literal(">=")) in vp  # as the record gives it


@pytest.mark.parametrize(
    ("number", "date", "province", "expected"),
    [
        ("4514/KH-UBND", "2020-12-31", "Kon Tum", "eli/kon-tum/ubnd/2020/kh/4514"),  # corpus 000
        ("2866/QĐ-UBND", "2021-10-14", "Vĩnh Phúc", "eli/vinh-phuc/ubnd/2021/qd/2866"),  # Đ folded
        ("05/KH-UBND", "2021-01-08", "Kon Tum", "eli/kon-tum/ubnd/2021/kh/5"),  # as its citations: no zero
        ("44/2005/QĐ-UBND", "2006-03-01", "Kon Tum", "eli/kon-tum/ubnd/2005/qd/44"),  # the number's year wins
        (
            "2457/UBND-VX",
            "2021-06-01",
            "Vĩnh Phúc",
            "eli/vinh-phuc/ubnd/2021/cv/2457",
        ),  # công văn: unit dropped
    ],
)
def test_document_keys_follow_the_citation_resolver(
    number: str, date: str, province: str, expected: str
) -> None:
    d = DocumentRecord("Kế hoạch", number, None, province, date, None, None, None, False, None, None)
    key = document_key(d)
    assert key is not None and instrument_iri(B, key) == B + expected


CITING_TEXT = """ỦY BAN NHÂN DÂN
TỈNH KON TUM
Số: 12/BC-UBND
Kon Tum, ngày 15 tháng 01 năm 2021
BÁO CÁO
Kết quả triển khai kế hoạch cải cách hành chính
Thực hiện Kế hoạch số 4514/KH-UBND ngày 31 tháng 12 năm 2020 của Ủy ban nhân dân tỉnh
về cải cách hành chính nhà nước năm 2021, Ủy ban nhân dân tỉnh báo cáo như sau:
I. KẾT QUẢ
Đã ban hành các văn bản theo Kế hoạch số 4514/KH-UBND.
"""


def test_a_loaded_document_and_its_citation_share_one_iri(gold: dict[str, Any]) -> None:
    loaded = kon_tum_4514(gold)
    plan = document_iris(loaded, B)[0]
    citing = extract_source(SourceText("bao_cao.txt", CITING_TEXT, "ab" * 32))
    cited = [c for c in citing.citations if c.number == "4514/KH-UBND"]
    assert len(cited) == 1 and cited[0].key is not None, citing.citations
    g = extraction_to_graph(citing, B)
    instruments = set(g.objects(None, CCHC.citedInstrument))
    assert plan in instruments, (plan, instruments)
    own = extraction_to_graph(loaded, B)
    for p in (CCHC.keyDocType, CCHC.keyNumber, CCHC.keyYear):
        assert set(own.objects(plan, p)) == set(g.objects(plan, p)) != set(), p


def test_tasks_citing_on_hand_made_plans(gold: dict[str, Any]) -> None:
    st = open_store(None, base_iri=B)
    for x in (kon_tum_4514(gold), vinh_phuc_2866()):
        st.replace_graph(document_graph_iri(x, B), extraction_to_graph(x, B))
    q = load_named_queries()["tasks_citing"]
    rows = st.select(q.text, {"instrument": ND107})
    by_province = {str(r["provinceLabel"]): r for r in rows}
    assert sorted(by_province) == ["Kon Tum", "Vĩnh Phúc"], rows
    kt, vpr = by_province["Kon Tum"], by_province["Vĩnh Phúc"]
    # Kon Tum: the section item II.3.b of "Nhiệm vụ, giải pháp" is the task
    assert str(kt["task"]).endswith("/kh/4514/section/II.3.b")
    assert str(kt["taskText"]).startswith("Triển khai thực hiện Nghị định số 107/2020/NĐ-CP")
    assert str(kt["planLabel"]) == "Kế hoạch 4514/KH-UBND"
    assert (
        int(str(kt["line"])) == 242
    )  # the factory's mention is the number alone: "định số 107/2020/NĐ-CP ..."
    assert str(kt["source"]) == "000_2f89b9782ba8dd9e.txt"
    # Vĩnh Phúc: the table row, its lead and its deadline as printed (several milestones)
    assert str(vpr["leadLabel"]) == "Sở Nội vụ"
    assert str(vpr["deadline"]) == "- Ban hành Kế hoạch trước 31/01/2022. - Báo cáo trước 30/11/2022."
    assert str(vpr["quote"]) == "Nghị định số 107/2020/NĐ-CP"
    # 76/NQ-CP: only the body task cites it among the tasks (the preamble is the decision's)
    rows76 = st.select(q.text, {"instrument": NQ76})
    assert [str(r["task"]) for r in rows76] == [str(PLAN) + "/body-task/IV.1-1"]
    # the other task queries
    of_plan = st.select(load_named_queries()["tasks_of_plan"].text, {"plan": PLAN})
    assert {str(r["kind"]) for r in of_plan} == {"table", "body"}
    by_agency = st.select(
        load_named_queries()["tasks_by_agency"].text, {"agency": URIRef(B + "agency/vinh-phuc/so-noi-vu")}
    )
    assert {(str(r["role"]), str(r["task"])) for r in by_agency} == {
        ("lead", f"{PLAN}/task/_/28"),
        ("lead", f"{PLAN}/body-task/IV.1-1"),
    }
    st.close()


def test_same_extraction_same_triples() -> None:
    assert set(extraction_to_graph(vinh_phuc_2866(), B)) == set(extraction_to_graph(vinh_phuc_2866(), B))
    assert NQ_76.year == 2021 and ND_107.number == "107"


SECTION_TEXT = """KẾ HOẠCH
II. NHIỆM VỤ, GIẢI PHÁP
1. Cải cách thể chế
Tiếp tục rà soát văn bản quy phạm pháp luật.
a) Rà soát thủ tục hành chính.
a) Công khai thủ tục hành chính.
"""


def _sec(path: str, kind: str, phrase: str, parent: str | None) -> SectionRecord:
    start = SECTION_TEXT.index(phrase)
    span = Span(start, start + len(phrase), SECTION_TEXT.count("\n", 0, start) + 1)
    return SectionRecord(path, kind, phrase, phrase, span, parent)


def test_paragraphs_fold_into_their_heading_and_repeated_paths_keep_their_nodes() -> None:
    doc = DocumentRecord("Kế hoạch", "7/KH-UBND", "Ủy ban nhân dân tỉnh Kon Tum", "Kon Tum", "2021-01-05",
                         None, None, None, False, None, None, span=Span(0, len(SECTION_TEXT), 1))  # fmt: skip
    x = Extraction(SourceText("s.txt", SECTION_TEXT, "cd" * 32), documents=[doc])
    x.sections = [
        _sec("II", "roman", "NHIỆM VỤ, GIẢI PHÁP", None),
        _sec("II.1", "number", "Cải cách thể chế", "II"),
        _sec(
            "II.1", "para", "Tiếp tục rà soát văn bản quy phạm pháp luật.", "II.1"
        ),  # C2: a para shares its path
        _sec("II.1.a", "letter", "Rà soát thủ tục hành chính.", "II.1"),
        _sec("II.1.a", "letter", "Công khai thủ tục hành chính.", "II.1"),  # the letter printed twice
    ]
    g = extraction_to_graph(x, B)
    plan = URIRef(B + "eli/kon-tum/ubnd/2021/kh/7")
    sections = set(g.subjects(RDF.type, CCHC.Section))
    ii1 = URIRef(f"{plan}/section/II.1")
    first = URIRef(f"{plan}/section/II.1.a")
    second = URIRef(f"{plan}/section/II.1.a@{SECTION_TEXT.index('Công khai')}")
    assert sections == {URIRef(f"{plan}/section/II"), ii1, first, second}
    assert list(g.objects(ii1, CCHC.text)) == [
        Literal("Cải cách thể chế Tiếp tục rà soát văn bản quy phạm pháp luật.", lang="vi")
    ]
    exact = g.value(g.value(ii1, CCHC.span), OA.exact)
    assert str(exact) == "Cải cách thể chế\nTiếp tục rà soát văn bản quy phạm pháp luật."
    for item in (first, second):
        assert list(g.objects(item, ELI.is_part_of)) == [ii1]
        assert len(list(g.objects(item, CCHC.text))) == 1
        assert (item, RDF.type, CCHC.SectionTask) in g  # letters of "Nhiệm vụ, giải pháp" are tasks
    assert (ii1, RDF.type, CCHC.SectionTask) not in g  # it has sub-items
