"""Deadline cells → gold README §6 vocabulary. Rows from 000/001 cells (expected values from
the gold) and from forms other plans print (expected values from reading the text)."""

from __future__ import annotations

from typing import Any

import pytest

from cchc_kg.loaders.deadlines import parse_deadline


def _p(label: str | None, date: str | None, kind: str, value: str | None) -> dict[str, Any]:
    return {"label": label, "date": date, "kind": kind, "value": value}


# fmt: off
CASES: list[tuple[str, str | None, str | None, list[dict[str, Any]] | None]] = [
    # 000: plain d/m/y with zero padding
    ("31/12/2020", "date", "2020-12-31", None),
    # 000: d/m/y without padding
    ("25/6/2021", "date", "2021-06-25", None),
    # 001: four-digit year alone
    ("2021", "year", "2021", None),
    # 001: "Năm 2021"
    ("Năm 2021", "year", "2021", None),
    # 001: year range
    ("2021-2025", "range", "2021-2025", None),
    # range with spaces around the dash
    ("2021 - 2025", "range", "2021-2025", None),
    # 001: short range
    ("2021-2022", "range", "2021-2022", None),
    # 001: "Hàng năm"
    ("Hàng năm", "recurring", "annual", None),
    # the other spelling "Hằng năm"
    ("Hằng năm", "recurring", "annual", None),
    # 000: monthly
    ("Thực hiện hằng tháng", "recurring", "monthly", None),
    # 000: one issue every four weeks
    ("04 tuần 01 số", "recurring", "4-weekly", None),
    # quarterly reporting
    ("Định kỳ hằng quý", "recurring", "quarterly", None),
    # continuous work
    ("Thường xuyên", "recurring", "continuous", None),
    # 000: conditional on the law
    ("Theo quy định pháp luật", "conditional", "Theo quy định pháp luật", None),
    # 000: conditional on central guidance
    ("Khi có hướng dẫn của bộ, ngành Trung ương", "conditional", "Khi có hướng dẫn của bộ, ngành Trung ương", None),
    # "trước <date>" is that date
    ("Trước 31/12/2021", "date", "2021-12-31", None),
    # dotted date
    ("30.6.2021", "date", "2021-06-30", None),
    # end of a quarter
    ("Quý 4/2023", "date", "2023-12-31", None),
    # end of a month
    ("Tháng 6/2021", "date", "2021-06-30", None),
    # 000: two dash milestones separated by periods
    ("- Ban hành Kế hoạch trước 31/01/2021. - Báo cáo trước 30/11/2021.", "multi", None,
     [_p("Ban hành Kế hoạch", "2021-01-31", "date", "2021-01-31"), _p("Báo cáo", "2021-11-30", "date", "2021-11-30")]),
    # 000: two milestones on one line, "trước:" with a colon, no separator but the date
    ("Ban hành Kế hoạch trước: 30/03/2021 Hoàn thành Kế hoạch trước 31/12/2021", "multi", None,
     [_p("Ban hành Kế hoạch", "2021-03-30", "date", "2021-03-30"),
      _p("Hoàn thành Kế hoạch", "2021-12-31", "date", "2021-12-31")]),
    # 000: semicolon separator
    ("Ban hành kế hoạch trước 28/02/2021; Báo cáo kết quả trước 30/11/2021", "multi", None,
     [_p("Ban hành kế hoạch", "2021-02-28", "date", "2021-02-28"),
      _p("Báo cáo kết quả", "2021-11-30", "date", "2021-11-30")]),
    # 000: dash bullets without periods
    ("- Ban hành kế hoạch trước 31/3/2021 - Hoàn thành trước 31/12/2021", "multi", None,
     [_p("Ban hành kế hoạch", "2021-03-31", "date", "2021-03-31"), _p("Hoàn thành", "2021-12-31", "date", "2021-12-31")]),
    # 000: a part without a date is a recurring part
    ("- Ban hành Kế hoạch trước 31/01/2021. - Thực hiện thường xuyên trong năm 2021.", "multi", None,
     [_p("Ban hành Kế hoạch", "2021-01-31", "date", "2021-01-31"),
      _p("Thực hiện thường xuyên trong năm 2021", None, "recurring", "continuous")]),
    # 000: semicolon plus dash bullets
    ("- Ban hành Kế hoạch trước 31/5/2021; - Ban hành văn bản xử lý sau kiểm tra trước 31/8/2021", "multi", None,
     [_p("Ban hành Kế hoạch", "2021-05-31", "date", "2021-05-31"),
      _p("Ban hành văn bản xử lý sau kiểm tra", "2021-08-31", "date", "2021-08-31")]),
    # hard-wrapped cell: line breaks are whitespace
    ("31/12/\n2021", "date", "2021-12-31", None),
    # a date that does not exist is not a date
    ("31/02/2021", None, "31/02/2021", None),
    # empty cell
    ("", None, None, None),
]
# fmt: on


@pytest.mark.parametrize(("raw", "kind", "value", "parts"), CASES)
def test_parse_deadline(
    raw: str, kind: str | None, value: str | None, parts: list[dict[str, Any]] | None
) -> None:
    d = parse_deadline(raw)
    assert (d.kind, d.value) == (kind, value)
    assert d.parts == parts
