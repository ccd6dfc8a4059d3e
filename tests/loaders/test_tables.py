"""Flattened task tables: header detection by column names, rows without row separators,
rowspan Mục tiêu, section rows; checked on made-up tables of other layouts and on the gold
rows of 000 and 001."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cchc_kg.loaders.extract import extract_file, extract_source
from cchc_kg.loaders.model import SourceText, TaskRecord
from cchc_kg.loaders.tables import column_role

# fmt: off
HEADERS = [
    # 000 header cells
    ("TT", "no"), ("Nội dung công việc", "task"), ("Sản phẩm", "product"),
    ("Cơ quan chủ trì", "lead"), ("Cơ quan phối hợp", "cooperating"),
    # 000 prints the unit of the deadline column under its name
    ("Thời hạn (Ngày/tháng/năm)", "deadline"),
    # 001 header cells
    ("STT", "no"), ("Mục tiêu", "objective"), ("Nhiệm vụ", "task"),
    # "Kết quả/ Sản phẩm" is the product, not the task
    ("Kết quả/ Sản phẩm", "product"), ("Thời gian", "deadline"),
    # other plans' wording
    ("Đơn vị chủ trì", "lead"), ("Đơn vị phối hợp", "cooperating"), ("Tiến độ", "deadline"),
    # OCR header without diacritics
    ("CO QUAN CHU TRI", "lead"),
    # a body cell is not a header
    ("Sở Nội vụ", None),
]
# fmt: on


@pytest.mark.parametrize(("text", "role"), HEADERS)
def test_column_role(text: str, role: str | None) -> None:
    assert column_role(text) == role


def _cells(*cells: str) -> str:
    return "".join(f"{c}\n|\n" for c in cells)


def _tasks(text: str) -> list[TaskRecord]:
    return extract_source(SourceText("t.txt", text, "0")).tasks


def test_five_column_table_without_product() -> None:
    # a 2024-style plan of another province: STT | Nhiệm vụ | Chủ trì | Phối hợp | Thời gian
    text = (
        "PHỤ LỤC\n"
        + _cells(
            "STT",
            "Nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian",
            "I",
            "CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
            "1",
            "Rà soát thủ tục\nhành chính",
            "Văn phòng UBND tỉnh",
            "",
            "Quý 2/2024",
            "2",
            "Số hóa hồ sơ",
            "Sở Thông tin và Truyền thông",
            "Các sở, ngành",
            "2024",
            "II",
            "CẢI CÁCH TÀI CHÍNH CÔNG",
            "3",
            "Giải ngân vốn",
            "Sở Tài chính",
            "Sở Kế hoạch và Đầu tư",
            "Hằng quý",
        )
        + "Trang chủ\n1.234\n|\n"
    )
    tasks = _tasks(text)
    assert [(t.section, t.no, t.text) for t in tasks] == [
        ("I. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "1", "Rà soát thủ tục hành chính"),
        ("I. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "2", "Số hóa hồ sơ"),
        ("II. CẢI CÁCH TÀI CHÍNH CÔNG", "3", "Giải ngân vốn"),
    ]
    first = tasks[0]
    assert first.product is None and first.cooperating_raw is None and first.cooperating == []
    assert first.deadline is not None and (first.deadline.kind, first.deadline.value) == (
        "date",
        "2024-06-30",
    )
    assert [t.reform_area for t in tasks] == ["thu-tuc-hanh-chinh", "thu-tuc-hanh-chinh", "tai-chinh-cong"]
    assert tasks[2].deadline is not None and tasks[2].deadline.value == "quarterly"
    assert first.span is not None
    assert text[first.span.start : first.span.end].startswith("1\n|\nRà soát")


def test_rowspan_objective_and_doubled_cell() -> None:
    text = _cells(
        "STT",
        "Mục tiêu",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Thời gian",
        "1",
        "Mục tiêu A. Mục tiêu A.",
        "Việc một",
        "Sở Tư pháp",
        "2025",
        "2",
        "Việc hai",
        "Sở Nội vụ",
        "2025",
        "3",
        "Mục tiêu B",
        "Việc ba",
        "Sở Y tế",
        "2025",
    )
    tasks = _tasks(text)
    assert [(t.no, t.objective, t.objective_row, t.text) for t in tasks] == [
        ("1", "Mục tiêu A.", "1", "Việc một"),
        ("2", "Mục tiêu A.", "1", "Việc hai"),
        ("3", "Mục tiêu B", "3", "Việc ba"),
    ]


def test_numbering_restarts_per_section_and_layout_cells_are_not_tables() -> None:
    text = _cells(
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        "TT",
        "Nội dung công việc",
        "Cơ quan chủ trì",
        "Thời hạn",
        "I",
        "CẢI CÁCH THỂ CHẾ",
        "1.",
        "Việc",
        "Sở Tư pháp",
        "31/12/2021",
        "II",
        "HIỆN ĐẠI HÓA HÀNH CHÍNH",
        "1.",
        "Việc khác",
        "Sở Nội vụ",
        "Hàng năm",
    )
    tasks = _tasks(text)
    assert [(t.section, t.no) for t in tasks] == [
        ("I. CẢI CÁCH THỂ CHẾ", "1"),
        ("II. HIỆN ĐẠI HÓA HÀNH CHÍNH", "1"),
    ]


FIELDS = (
    "section",
    "no",
    "objective",
    "objective_row",
    "text",
    "product",
    "lead_raw",
    "cooperating_raw",
    "deadline_raw",
)


@pytest.mark.parametrize("stem", ["000", "001"])
def test_rows_match_gold(stem: str, gold: dict[str, dict[str, Any]], corpus_files: list[Path]) -> None:
    path = next(p for p in corpus_files if p.name.startswith(stem))
    expected = gold[path.stem]["tasks"]
    got = extract_file(path).tasks
    wrong = 0
    for g, t in zip(expected, got, strict=False):
        for f in FIELDS:
            if f == "objective_row" and f not in g:
                continue
            if getattr(t, f) != g.get(f):
                wrong += 1
                print(f"{stem} row {g['no']} {f}: {getattr(t, f)!r} != {g.get(f)!r}")
    print(f"{stem}: {len(got)} rows (gold {len(expected)}), {wrong} wrong cell values")
    assert len(got) == len(expected)
    assert wrong == 0
