"""Relation typing (issue 4 item 4, gold README §4) on a small hand-written plan: title
implements, preamble legal basis (also across hard-wrapped lines), proposal, body
implements, replaces, amends, plain mentions and instruments cited inside another one's
description."""

from __future__ import annotations

import pytest

from cchc_kg.loaders.citations import citations_in_text

PLAN = """ỦY BAN NHÂN DÂN TỈNH KON TUM
KẾ HOẠCH
Triển khai thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ
Căn cứ Luật Tổ chức chính quyền địa phương ngày
19 tháng 6 năm 2015; Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
Căn cứ các Nghị quyết của Chính phủ: số 35/NQ-CP ngày 16/5/2016; số 17/NQ-CP ngày 07/3/2019;
Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 12/TTr-SNV ngày 01/3/2022.
I. MỤC ĐÍCH, YÊU CẦU
1. Tiếp tục triển khai thực hiện có hiệu quả Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ.
2. Sở Nội vụ tham mưu ban hành Quyết định thay thế Quyết định số 474/QĐ-UBND ngày 10/7/2020 của UBND tỉnh.
3. Ban hành Quyết định sửa đổi, bổ sung Quyết định số 31/QĐ-UBND ngày 10/01/2019 của UBND tỉnh.
4. Đạt các chỉ tiêu theo Nghị quyết số 01/NQ-CP ngày 10/01/2022 của Chính phủ.
5. Thực hiện Kế hoạch số 87/KH-UBND ngày 09/4/2021 của UBND tỉnh về thực hiện Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ.
6. Triển khai thyc hién tốt Chỉ thị số 25/CT-TTg của Thủ tướng Chính phủ.
7. Tiếp tục thực hiện các nhiệm vụ đã được giao tại Kế hoạch số 1102/KH-UBND ngày 10/5/2019 của UBND tỉnh.
8. Tuân thủ Luật Ngân sách nhà nước ngày 25/6/2015 khi thực hiện.
"""

EXPECTED = {
    "76/NQ-CP": "implements",  # the title "Triển khai thực hiện ..."
    "Luật Tổ chức chính quyền địa phương": "legal_basis",  # Căn cứ, date on the wrapped line
    "Luật Tổ chức Chính phủ": "legal_basis",  # coordinated after ";" in the same Căn cứ item
    "35/NQ-CP": "legal_basis",
    "17/NQ-CP": "legal_basis",
    "12/TTr-SNV": "mentions",  # "Theo đề nghị ... tại Tờ trình": a proposal, not a basis
    "23/CT-TTg": "implements",  # "tiếp tục triển khai thực hiện có hiệu quả"
    "474/QĐ-UBND": "replaces",  # a planned replacement
    "31/QĐ-UBND": "amends",
    "01/NQ-CP": "mentions",  # a bare "theo" is not enough
    "87/KH-UBND": "implements",
    "45/2020/NĐ-CP": "mentions",  # only inside the description of 87/KH-UBND
    "25/CT-TTg": "implements",  # OCR "thyc hién"
    "1102/KH-UBND": "mentions",  # "nhiệm vụ đã được giao tại": the plan only describes the object
    "Luật Ngân sách nhà nước": "mentions",  # a plan enforces laws, it does not implement them
}


@pytest.fixture(scope="module")
def relations() -> dict[str, str]:
    return {str(c.number or c.name): c.relation for c in citations_in_text(PLAN, "Kon Tum")}


def test_every_instrument_is_found(relations: dict[str, str]) -> None:
    assert set(relations) == set(EXPECTED)


@pytest.mark.parametrize(("instrument", "relation"), EXPECTED.items())
def test_relation(relations: dict[str, str], instrument: str, relation: str) -> None:
    assert relations[instrument] == relation


TITLED = """ỦY BAN NHÂN DÂN TỈNH KON TUM
Số: 12/KH-UBND
KẾ HOẠCH
Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030
Căn cứ Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ;
Thực hiện Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ;
Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
I. MỤC ĐÍCH
1. Bảo đảm tiến độ.
"""


def test_a_title_beginning_with_thuc_hien_is_the_title_not_a_preamble_item() -> None:
    got = {c.number: c.relation for c in citations_in_text(TITLED, "Kon Tum")}
    # the title implements 76/NQ-CP; "Thực hiện ..." after "Căn cứ" is a preamble basis
    assert got == {"76/NQ-CP": "implements", "107/2020/NĐ-CP": "legal_basis", "23/CT-TTg": "legal_basis"}


DECISION = """ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH
Số: 1234/QĐ-UBND
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Quyết định số 2345/QĐ-UBND ngày 05/12/2020 của UBND tỉnh;
Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 99/TTr-SNV ngày 01/3/2022.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Nghị quyết số 76/NQ-CP.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 2345/QĐ-UBND ngày 05/12/2020 của UBND tỉnh.
"""


def test_a_decision_without_metadata_finds_its_province_and_its_relations() -> None:
    got = {c.number or c.name: c for c in citations_in_text(DECISION)}
    assert set(got) == {"76/NQ-CP", "Luật Tổ chức chính quyền địa phương", "2345/QĐ-UBND", "99/TTr-SNV"}
    assert got["76/NQ-CP"].relation == "implements"  # the title; the mention in Điều 1 joins it
    assert len(got["76/NQ-CP"].mentions) == 2
    assert got["2345/QĐ-UBND"].relation == "replaces"  # replaces outranks the preamble basis
    assert got["2345/QĐ-UBND"].relations == ["legal_basis", "replaces"]
    assert got["2345/QĐ-UBND"].issuer == "Ủy ban nhân dân tỉnh Bình Định"  # province from the letterhead
    assert got["99/TTr-SNV"].issuer == "Sở Nội vụ tỉnh Bình Định"
    assert got["99/TTr-SNV"].relation == "mentions"


LISTED = """ỦY BAN NHÂN DÂN TỈNH KON TUM
KẾ HOẠCH
Cải cách hành chính năm 2022
I. NHIỆM VỤ
1. Sở Nội vụ tham mưu ban hành Quyết định thay thế các Quyết định: số 12/QĐ-UBND ngày 05/01/2020, số 13/QĐ-UBND ngày 06/01/2020 của UBND tỉnh.
"""


def test_a_listed_replacement_replaces_every_listed_instrument() -> None:
    got = [(c.number, c.relation) for c in citations_in_text(LISTED)]
    assert got == [("12/QĐ-UBND", "replaces"), ("13/QĐ-UBND", "replaces")]
