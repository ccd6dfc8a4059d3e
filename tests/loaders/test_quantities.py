"""Golden table: quantity phrases of targets → (value, unit, comparator[, of]).

Hand-written from the meaning of the Vietnamese phrase, not from the code's output. Each
row is a short target text, the printed number whose quantity is checked, and what that
number means. OCR rows are written as the scan of 003 prints them (no diacritics, glyphs).
"""

from __future__ import annotations

from typing import Any

import pytest

from cchc_kg.loaders.quantities import quantity, target_values

Row = tuple[str, str, float, str, str, float | None, bool]
# (text, printed number, value, unit, comparator, maximum ("of") or None, ocr)
ROWS: list[Row] = [
    # the four forms named in the issue
    ("Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 80%.", "80%", 80, "%", "min", None, False),
    ("Số hóa hồ sơ đạt từ 65% trở lên.", "65%", 65, "%", "min", None, False),
    ("100% văn bản được ký số.", "100%", 100, "%", "eq", None, False),
    ("Chỉ số PAR INDEX đạt 8,5/9 điểm.", "8,5/9", 8.5, "điểm", "eq", 9, False),
    # "tối thiểu ... trở lên" around a score with its maximum: a floor
    ("Đạt tối thiểu từ 8,5/9 điểm tối đa trở lên của nội dung này.", "8,5/9", 8.5, "điểm", "min", 9, False),
    # "trở lên" after the unit word still makes a floor
    ("Mức độ hài lòng trong lĩnh vực đất đai đạt 85% trở lên.", "85%", 85, "%", "min", None, False),
    # a plain "đạt" is an equality target
    ("Mức độ hài lòng của người dân đạt 90%.", "90%", 90, "%", "eq", None, False),
    # "ít nhất" is a floor on a count
    ("Tổ chức ít nhất 03 cuộc kiểm tra cải cách hành chính.", "03", 3, "count", "min", None, False),
    # "không quá" is a ceiling
    ("Tỷ lệ hồ sơ trễ hạn không quá 5%.", "5%", 5, "%", "max", None, False),
    # "dưới" is a ceiling
    ("Giảm tỷ lệ hồ sơ phải bổ sung xuống dưới 10%.", "10%", 10, "%", "max", None, False),
    # "tối đa" before the number is a ceiling
    ("Thời gian giải quyết tối đa 05 ngày làm việc.", "05", 5, "count", "max", None, False),
    # "trên" before the number: more than
    ("Tỷ lệ người dân hài lòng đạt trên 95%.", "95%", 95, "%", "min", None, False),
    # "thuộc nhóm N tỉnh ... đứng đầu": a top-N rank
    ("Chỉ số DTI thuộc nhóm 20 tỉnh, thành phố đứng đầu cả nước.", "20", 20, "rank", "top", None, False),
    # "tốp N": a top-N rank
    ("Chỉ số PCI nằm trong tốp 15 cả nước.", "15", 15, "rank", "top", None, False),
    # a rank out of the 63 provinces
    (
        "Phấn đấu tối thiểu phải giữ nguyên vị trí xếp hạng 05/63 tỉnh, thành.",
        "05/63",
        5,
        "rank",
        "eq",
        63,
        False,
    ),
    # a rank "từ N trở lên" is rank N or better: the number is at most N
    (
        "Đến năm 2025, phấn đấu Chỉ số CCHC của tỉnh đạt thứ hạng từ 40 trở lên.",
        "40",
        40,
        "rank",
        "max",
        None,
        False,
    ),
    # "xếp N" without a maximum is a rank too
    ("Chỉ số cải cách hành chính (PAR INDEX năm 2021 xếp 33).", "33", 33, "rank", "eq", None, False),
    # a baseline score in parentheses: still a score, equality
    ("Nâng cao kết quả (năm 2018 đạt 5,94 điểm, xếp hạng 05/63).", "5,94", 5.94, "điểm", "eq", None, False),
    # a criterion's weight: "01 điểm"
    ("Mức độ hoàn thành Kế hoạch CCHC: 01 điểm.", "01", 1, "điểm", "eq", None, False),
    # the baseline "0,97/01 điểm": a score out of 1
    (
        "Mức độ hoàn thành Kế hoạch CCHC: 01 điểm (năm 2018 đạt 0,97/01 điểm).",
        "0,97/01",
        0.97,
        "điểm",
        "eq",
        1,
        False,
    ),
    # a decimal point instead of a comma
    ("(năm 2018 chỉ đạt 9.8/13,5 điểm tối đa).", "9.8/13,5", 9.8, "điểm", "eq", 13.5, False),
    # "tăng thêm" a percentage: the amount, no bound
    (
        "Tỉ lệ dịch vụ công tích hợp tăng thêm 20% theo chỉ tiêu Chính phủ giao.",
        "20%",
        20,
        "%",
        "eq",
        None,
        False,
    ),
    # a space before "%"
    ("Tối thiểu 30 % giao dịch thanh toán trực tuyến.", "30%", 30, "%", "min", None, False),
    # OCR: "tối thiểu từ ... điểm tối đa trở lên" printed without diacritics
    ("Dat tdi thiéu tir 11/13 diém tbi da tré 1én cua tiéu chi nay.", "11/13", 11, "điểm", "min", 13, True),
    # OCR: a rank "xép hang 31/63"
    ("va phan dau xép hang 30/63 tinh/thanh nam 2019.", "30/63", 30, "rank", "eq", 63, True),
    # OCR: "(dat 90%)" inside a criterion
    ("Thuc hién giai ngan ké hoach (dat 90%): 01 diém", "90%", 90, "%", "eq", None, True),
    # OCR: the "/" of a score read as "1": "8,4110" is 8,4/10
    ("(ndm 2018 dat 8,4110 diém).", "8,4/10", 8.4, "điểm", "eq", 10, True),
    # OCR: "tăng tối thiểu 02 bậc": a floor on a count of ranking steps
    ("dua tinh Kon Tum tang t6i thiéu 02 bac trén Bang xép hang", "02", 2, "count", "min", None, True),
]


def _quantity(text: str, printed: str, ocr: bool) -> dict[str, Any]:
    values = target_values(text, ocr=ocr)
    found = [v for v in values if v.printed == printed]
    assert found, f"{printed!r} not read from {text!r}: {[v.printed for v in values]}"
    return quantity(found[0], text, ocr=ocr)


@pytest.mark.parametrize(("text", "printed", "value", "unit", "comparator", "of", "ocr"), ROWS)
def test_quantity(
    text: str, printed: str, value: float, unit: str, comparator: str, of: float | None, ocr: bool
) -> None:
    q = _quantity(text, printed, ocr)
    assert q["value"] == pytest.approx(value)
    assert q["unit"] == unit
    assert q["comparator"] == comparator
    assert q.get("of") == (pytest.approx(of) if of is not None else None)


def test_index_and_year_of_each_figure() -> None:
    # several indices in one target: each rank belongs to the index named just before it
    text = (
        "Phấn đấu chỉ số cải cách hành chính (PAR INDEX năm 2021 xếp 33), Chỉ số hài lòng của "
        "người dân (SIPAS năm 2021 xếp 57), Chỉ số chuyển đổi số (DTI) thuộc nhóm 20 tỉnh, "
        "thành phố đứng đầu cả nước; Chỉ số năng lực cạnh tranh (PCI năm 2021 xếp 19)."
    )
    got = {
        q["printed"]: (q.get("index"), q.get("year"))
        for q in (quantity(v, text) for v in target_values(text))
    }
    assert got == {"33": ("PAR INDEX", 2021), "57": ("SIPAS", 2021), "20": ("DTI", None), "19": ("PCI", 2021)}
    # a baseline's year, across the comma but not across a parenthesis
    text = "Nâng cao kết quả (năm 2018 đạt 5,94 điểm, xếp hạng 05/63) và phấn đấu xếp hạng 30/63 năm 2019."
    years = [quantity(v, text).get("year") for v in target_values(text)]
    assert years == [2018, 2018, None]


def test_table_is_large_enough() -> None:
    assert len(ROWS) >= 25


@pytest.mark.parametrize(
    ("text", "excluded"),
    [
        # years, dates, service levels, ISO numbers and document numbers are not values
        (
            "Năm 2019 đạt 100% theo Quyết định số 703/QĐ-UBND ngày 14/4/2019.",
            ["2019", "703", "14/4/2019", "14/4"],
        ),
        ("Tỷ lệ TTHC cung cấp trực tuyến mức độ 3, 4 đạt 60%.", ["3", "4"]),
        ("Công bố ISO 9001 theo quy định (đạt 60%).", ["9001"]),
    ],
)
def test_not_values(text: str, excluded: list[str]) -> None:
    printed = [v.printed for v in target_values(text)]
    assert not set(printed) & set(excluded), printed
    assert printed, "the real value is still read"


def test_ocr_letters_read_as_digits_are_not_values() -> None:
    # "tré 1én" is "trở lên", "Xt 1y" is "Xử lý": the digits are misread letters
    text = "Xt 1y cac van dé: 01 diém tdi da tré 1én (ndm 2018 chi dat 0/01 diém)."
    assert [v.printed for v in target_values(text, ocr=True)] == ["01", "0/01"]
