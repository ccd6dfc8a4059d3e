"""Segment stage alone: golden tables of text → blocks."""

from __future__ import annotations

import pytest

from cchc_kg.loaders.model import SourceText
from cchc_kg.loaders.segment import segment

# fmt: off
CASES = [
    # hard wrap inside a sentence joins with one space
    ("a) Tiếp tục đẩy mạnh cải cách\nhành chính.\n", [("paragraph", "a) Tiếp tục đẩy mạnh cải cách hành chính.")]),
    # a marker line opens a new paragraph
    ("- Một\n- Hai\n", [("paragraph", "- Một"), ("paragraph", "- Hai")]),
    # a '|' line closes a table cell; the cell spans two wrapped lines
    ("Sở Tư\npháp\n|\n31/12/2020\n|\n", [("cell", "Sở Tư pháp"), ("cell", "31/12/2020")]),
    # roman heading then arabic subsection
    ("II. NHIỆM VỤ\n1. Cải cách thể chế\n", [("paragraph", "II. NHIỆM VỤ"), ("paragraph", "1. Cải cách thể chế")]),
    # a blank line ends a paragraph even without a marker
    ("Một dòng\n\nDòng khác\n", [("paragraph", "Một dòng"), ("paragraph", "Dòng khác")]),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_blocks(text: str, expected: list[tuple[str, str]]) -> None:
    seg = segment(SourceText("t.txt", text, "0"))
    assert [(b.kind, b.text) for b in seg.blocks] == expected


def test_spans_point_back_into_the_text() -> None:
    text = "Căn cứ Luật\nTổ chức.\n- Hai\n"
    seg = segment(SourceText("t.txt", text, "0"))
    first, second = seg.blocks
    assert text[first.span.start : first.span.end] == "Căn cứ Luật\nTổ chức."
    assert second.span.line == 3
    assert seg.line_at(second.span.start) == 3
