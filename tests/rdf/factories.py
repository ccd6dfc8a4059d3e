"""Hand-made extractions for the emitter tests.

* :func:`kon_tum_4514` — the real text of corpus 000 (Kế hoạch 4514/KH-UBND, Kon Tum) with
  records taken from ``../shared/gold/000`` and their spans located in the text (so every
  ``oa:exact`` is checked against real text), plus the section item II.3.b that cites
  Nghị định 107/2020/NĐ-CP;
* :func:`vinh_phuc_2866` — a short text written after corpus 001: Quyết định
  2866/QĐ-UBND issuing a plan that has no number of its own, with a preamble citing
  Nghị quyết 76/NQ-CP, a table task citing Nghị định 107/2020/NĐ-CP (as 001's task 28
  does), a multi-part deadline, a target, a body task, a law cited by name and an
  unresolved mention.

Identity keys are written here by hand (domain.md §3), as the citation resolver would give
them; the emitter only mints IRIs from them.
"""

from __future__ import annotations

import re
from typing import Any

from cchc_kg.loaders.model import (
    BodyTaskRecord,
    CitationMention,
    CitationRecord,
    Deadline,
    DocumentRecord,
    Extraction,
    InstrumentKey,
    Relation,
    SectionRecord,
    SourceText,
    Span,
    TargetRecord,
    TaskRecord,
)
from cchc_kg.loaders.read import read_file
from tests.conftest import corpus_path

ND_107 = InstrumentKey("normative", "vn", "cp", "nd", 2020, "107")
NQ_76 = InstrumentKey("administrative", "vn", "cp", "nq", 2021, "76")


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def locate(text: str, phrase: str, start: int = 0) -> Span:
    """The span of ``phrase`` in ``text``, across the source's hard line breaks."""
    words = phrase.split()
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.compile(pattern).search(text, start)
    assert m, f"not in the text: {phrase[:60]!r}"
    return Span(m.start(), m.end(), line_of(text, m.start()))


def _number_pattern(number: str) -> str:
    # Printed numbers break lines and add spaces around "/" and "-" (domain.md §3).
    return r"\s*".join(re.escape(c) for c in number.replace(" ", ""))


def mentions_of(text: str, number: str, relation: Relation) -> list[CitationMention]:
    out = []
    for m in re.finditer(_number_pattern(number), text):
        out.append(CitationMention(Span(m.start(), m.end(), line_of(text, m.start())), m[0], relation))
    return out


def _gold_key(c: dict[str, Any], province_slug: str) -> InstrumentKey | None:
    number = c["number"]
    year = int(c["date"][:4]) if c["date"] else None
    local = "tỉnh" in (c["issuer"] or "") or "Tỉnh ủy" in (c["issuer"] or "")
    jurisdiction = province_slug if local else "vn"
    types = {"Nghị quyết": "nq", "Nghị định": "nd", "Quyết định": "qd", "Kế hoạch": "kh", "Chỉ thị": "ct"}
    if number is None:
        return None
    if "-" in number.split("/")[0]:  # party: 19-NQ/TW
        no, rest = number.split("-", 1)
        kind, issuer = rest.split("/")
        return InstrumentKey("party", jurisdiction, issuer.lower(), kind.lower(), year, no)
    parts = number.split("/")
    if len(parts) == 3:
        return InstrumentKey(
            "normative",
            jurisdiction,
            parts[2].split("-")[1].lower(),
            types[c["kind"]],
            int(parts[1]),
            parts[0],
        )
    return InstrumentKey(
        "administrative", jurisdiction, parts[1].split("-")[1].lower(), types[c["kind"]], year, parts[0]
    )


def kon_tum_4514(gold: dict[str, dict[str, Any]]) -> Extraction:
    source = read_file(corpus_path("000"))
    text = source.text
    g = next(v for k, v in gold.items() if k.startswith("000"))
    gd = g["documents"][0]
    doc = DocumentRecord(
        kind=gd["kind"],
        number=gd["number"],
        issuer=gd["issuer"],
        province=gd["province"],
        date=gd["date"],
        signer=gd["signer"],
        signer_capacity=gd["signer_capacity"],
        title=gd["title"],
        is_draft=gd["is_draft"],
        period=gd["period"],
        attached_to=gd["attached_to"],
        span=Span(0, len(text), 1),
        extra={"number_as_printed": gd["number_as_printed"]},
    )
    x = Extraction(source=source, documents=[doc])

    # The section item that cites 107/2020/NĐ-CP (the end-to-end test's Kon Tum row).
    item = locate(text, "b) Triển khai thực hiện Nghị định số 107/2020/NĐ-CP ngày 14 tháng 9 năm 2020")
    end = text.index("\n", text.index("Nghị định số 108/2020/NĐ-CP", item.start))
    end = text.index(".\n", end) + 1
    x.sections = [
        SectionRecord("II", "roman", "NHIỆM VỤ TRỌNG TÂM", "", locate(text, "II. NHIỆM VỤ"), None, None),
        SectionRecord(
            "II.3.b",
            "letter",
            "",
            " ".join(text[item.start + 3 : end].split()),  # joined as the segmenter does
            Span(item.start, end, item.line),
            "II.3",
            "to-chuc-bo-may",
        ),
    ]

    for c in g["citations"]:
        key = _gold_key(c, "kon-tum")
        mentions = mentions_of(text, c["number"], c["relation"]) if c["number"] else []
        x.citations.append(
            CitationRecord(
                number=c["number"], kind=c["kind"], date=c["date"], issuer=c["issuer"], name=c["name"],
                relation=c["relation"], relations=c["relations"], mentions=mentions, key=key,
            )
        )  # fmt: skip

    pos = 0
    for t in g["tasks"]:
        span = locate(text, t["text"], pos)
        pos = span.end
        d = t["deadline"]
        x.tasks.append(
            TaskRecord(
                section=t["section"], no=t["no"], objective=t["objective"], objective_row=None, text=t["text"],
                product=t["product"], lead_raw=t["lead_raw"], lead=t["lead"], cooperating_raw=t["cooperating_raw"],
                cooperating=t["cooperating"], deadline_raw=t["deadline_raw"],
                deadline=Deadline(d["kind"], d["value"], d.get("parts")) if d else None, span=span,
            )
        )  # fmt: skip

    for n, t in enumerate(g["targets"][:6], start=1):
        span = locate(text, t["text"])
        x.targets.append(
            TargetRecord(
                section_path=t["section_path"], no=n, text=t["text"], values=t["values"], lead=t["lead"],
                cooperating=t["cooperating"], implementing=t["implementing"], monitoring=t["monitoring"],
                span=span, reform_area="to-chuc-bo-may", index=None,
                quantities=[{"value": v.rstrip("%"), "unit": "percent", "comparator": ">="} for v in t["values"]],
            )
        )  # fmt: skip

    for b in g["body_tasks"][:5]:
        span = locate(text, b["text"])
        x.body_tasks.append(
            BodyTaskRecord(b["section_path"], b["text"], b["lead"], b["cooperating"], b["chu_tri"], span=span)
        )
    x.agencies = list(g["agencies"])
    x.agency_groups = list(g["agency_groups"])
    return x


VINH_PHUC_TEXT = """ỦY BAN NHÂN DÂN
TỈNH VĨNH PHÚC
Số: 2866/QĐ-UBND
Vĩnh Phúc, ngày 14 tháng 10 năm 2021
QUYẾT ĐỊNH
BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC TỈNH VĨNH PHÚC GIAI ĐOẠN 2021- 2025
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030;
Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 180/TTr-SNV.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính nhà nước tỉnh Vĩnh Phúc giai đoạn 2021-2025.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Vũ Chí Giang
KẾ HOẠCH
CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC TỈNH VĨNH PHÚC GIAI ĐOẠN 2021-2025
I. MỤC TIÊU
1. Chỉ tiêu
- Tối thiểu 80% hồ sơ giải quyết thủ tục hành chính được luân chuyển bằng phương thức điện tử.
IV. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ
- Chủ trì, phối hợp với Sở Tư pháp tham mưu thực hiện Nghị quyết số 76/NQ-CP của Chính phủ.
PHỤ LỤC
28
|
Ban hành mới việc quy định vị trí, chức năng, nhiệm vụ, quyền hạn của các cơ quan chuyên môn theo Nghị định số 107/2020/NĐ-CP
|
Quyết định
|
Sở Nội vụ
|
Các sở, ngành
|
- Ban hành Kế hoạch trước 31/01/2022. - Báo cáo trước 30/11/2022.
|
"""


def vinh_phuc_2866() -> Extraction:
    text = VINH_PHUC_TEXT
    source = SourceText("vinh_phuc_2866.txt", text, "2cff99c58e3e4635" + "0" * 48)
    plan_start = text.index("KẾ HOẠCH\n")
    decision = DocumentRecord(
        kind="Quyết định", number="2866/QĐ-UBND", issuer="Ủy ban nhân dân tỉnh Vĩnh Phúc", province="Vĩnh Phúc",
        date="2021-10-14", signer="Vũ Chí Giang", signer_capacity="Phó Chủ tịch",
        title="BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC TỈNH VĨNH PHÚC GIAI ĐOẠN 2021- 2025",
        is_draft=False, period="2021-2025", attached_to=None, span=Span(0, plan_start, 1),
    )  # fmt: skip
    plan = DocumentRecord(
        kind="Kế hoạch", number=None, issuer="Ủy ban nhân dân tỉnh Vĩnh Phúc", province="Vĩnh Phúc",
        date="2021-10-14", signer=None, signer_capacity=None,
        title="CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC TỈNH VĨNH PHÚC GIAI ĐOẠN 2021-2025", is_draft=False,
        period="2021-2025", attached_to="2866/QĐ-UBND", span=Span(plan_start, len(text), line_of(text, plan_start)),
    )  # fmt: skip
    x = Extraction(source=source, documents=[decision, plan])

    def sec(path: str, kind: str, first: str, last_line_end: int, parent: str | None) -> SectionRecord:
        s = locate(text, first)
        return SectionRecord(path, kind, first, first, Span(s.start, last_line_end, s.line), parent)

    iv_start = text.index("IV. TỔ CHỨC")
    appendix = text.index("PHỤ LỤC")
    x.sections = [
        sec("I", "roman", "I. MỤC TIÊU", iv_start - 1, None),
        sec("I.1", "number", "1. Chỉ tiêu", iv_start - 1, "I"),
        sec("IV", "roman", "IV. TỔ CHỨC THỰC HIỆN", appendix - 1, None),
        sec("IV.1", "number", "1. Sở Nội vụ", appendix - 1, "IV"),
    ]

    task_text = (
        "Ban hành mới việc quy định vị trí, chức năng, nhiệm vụ, quyền hạn của các cơ quan chuyên môn "
        "theo Nghị định số 107/2020/NĐ-CP"
    )
    row_start = text.index("28\n|")
    row_end = text.index("30/11/2022.\n|") + len("30/11/2022.\n|")
    x.tasks = [
        TaskRecord(
            section=None, no="28", objective=None, objective_row=None, text=task_text, product="Quyết định",
            lead_raw="Sở Nội vụ", lead=["Sở Nội vụ"], cooperating_raw="Các sở, ngành", cooperating=["Các sở, ngành"],
            deadline_raw="- Ban hành Kế hoạch trước 31/01/2022. - Báo cáo trước 30/11/2022.",
            deadline=Deadline("multi", None, [
                {"label": "Ban hành Kế hoạch", "date": "2022-01-31", "kind": "date", "value": "2022-01-31"},
                {"label": "Báo cáo", "date": "2022-11-30", "kind": "date", "value": "2022-11-30"},
            ]),
            span=Span(row_start, row_end, line_of(text, row_start)), reform_area="to-chuc-bo-may",
        )
    ]  # fmt: skip
    target_text = (
        "Tối thiểu 80% hồ sơ giải quyết thủ tục hành chính được luân chuyển bằng phương thức điện tử."
    )
    x.targets = [
        TargetRecord(
            section_path="I.1", no=1, text=target_text, values=["80%"], lead=[], cooperating=[], implementing=[],
            monitoring=[], span=locate(text, target_text), reform_area="chinh-phu-dien-tu",
            quantities=[{"value": "80", "unit": "percent", "comparator": ">="}],
        )
    ]  # fmt: skip
    body_text = "Chủ trì, phối hợp với Sở Tư pháp tham mưu thực hiện Nghị quyết số 76/NQ-CP của Chính phủ."
    x.body_tasks = [
        BodyTaskRecord("IV.1-1", body_text, ["Sở Nội vụ"], ["Sở Tư pháp"], True, span=locate(text, body_text))
    ]

    nq76 = [CitationMention(s, text[s.start : s.end], r) for s, r in (
        (locate(text, "Nghị quyết số 76/NQ-CP ngày 15/7/2021"), "legal_basis"),
        (locate(text, "Nghị quyết số 76/NQ-CP của Chính phủ"), "implements"),
    )]  # fmt: skip
    nd107 = locate(text, "Nghị định số 107/2020/NĐ-CP")
    law = locate(text, "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015")
    ttr = locate(text, "Tờ trình số 180/TTr-SNV")
    x.citations = [
        CitationRecord(
            number="76/NQ-CP", kind="Nghị quyết", date="2021-07-15", issuer="Chính phủ", name=None,
            relation="legal_basis", relations=["legal_basis", "implements"], mentions=nq76, key=NQ_76,
        ),
        CitationRecord(
            number="107/2020/NĐ-CP", kind="Nghị định", date="2020-09-14", issuer="Chính phủ", name=None,
            relation="mentions", relations=["mentions"], key=ND_107,
            mentions=[CitationMention(nd107, text[nd107.start : nd107.end], "mentions")],
        ),
        CitationRecord(
            number=None, kind="Luật", date="2015-06-19", issuer="Quốc hội",
            name="Luật Tổ chức chính quyền địa phương", relation="legal_basis", relations=["legal_basis"],
            mentions=[CitationMention(law, text[law.start : law.end], "legal_basis")],
            key=InstrumentKey("named", "vn", "qh", "luat", 2015, None, "Luật Tổ chức chính quyền địa phương"),
        ),
        CitationRecord(
            number="180/TTr-SNV", kind="Tờ trình", date=None, issuer="Sở Nội vụ tỉnh Vĩnh Phúc", name=None,
            relation="mentions", relations=["mentions"], key=None, unresolved_reason="no date: the year is unknown",
            mentions=[CitationMention(ttr, text[ttr.start : ttr.end], "mentions")],
        ),
    ]  # fmt: skip
    x.agencies = ["Ủy ban nhân dân tỉnh", "Sở Nội vụ", "Sở Tư pháp", "Chính phủ"]
    x.agency_groups = ["Các sở, ngành"]
    return x
