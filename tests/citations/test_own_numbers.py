"""The document's own number is never its citation (gold README §4), but a number is reused
every year: the same number of another year is a citation."""

from __future__ import annotations

import hashlib

from cchc_kg.loaders.citations import cite
from cchc_kg.loaders.model import SourceText
from cchc_kg.loaders.segment import segment

TEXT = """ỦY BAN NHÂN DÂN TỈNH KON TUM
Số: 12/KH-UBND
KẾ HOẠCH
Cải cách hành chính năm 2022
I. NHIỆM VỤ
1. Tổng kết Kế hoạch số 12/KH-UBND ngày 05/01/2021 của UBND tỉnh.
2. Các sở triển khai Kế hoạch số 12/KH-UBND.
"""


def _numbers(own: list[str | tuple[str, int | None]]) -> list[tuple[str | None, str | None]]:
    seg = segment(SourceText("own.txt", TEXT, hashlib.sha256(TEXT.encode()).hexdigest()))
    return [(c.number, c.date) for c in cite(seg, 0, len(TEXT), province="Kon Tum", own_numbers=own)]


def test_same_number_of_another_year_is_a_citation() -> None:
    # the plan of 2022 is 12/KH-UBND; the plan of 2021 with the same number is cited,
    # the undated mention is the document itself
    assert _numbers([("12/KH-UBND", 2022)]) == [("12/KH-UBND", "2021-01-05")]


def test_own_number_of_unknown_year_drops_every_mention() -> None:
    assert _numbers(["12/KH-UBND"]) == []


def test_the_so_label_alone_marks_the_own_number() -> None:
    assert _numbers([]) == []
