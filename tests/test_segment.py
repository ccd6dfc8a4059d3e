"""Segment stage alone: golden tables of text → blocks."""

from __future__ import annotations

from typing import Any

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


def _documents() -> list[str]:
    from tests.conftest import CORPUS, EXAMPLES

    files = sorted(CORPUS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t,
        lambda t: t.replace("\n", "\r\n"),  # CRLF: every block takes the split path
        lambda t: t.replace(" ", "  ", 50).replace("\n", " \n", 50).replace("\n", "\n\t", 50),
        lambda t: t.replace(" ", "\u00a0", 80).replace(" ", "\u2003", 80),
    ],
)
def test_block_text_is_join_text_of_its_lines(edit: Any) -> None:
    """A block's text (a line-end replace when the slice's whitespace allows it, see
    segment._block) is join_text of its lines, on the corpus and the examples, as read
    and with irregular whitespace put in."""
    from cchc_kg.loaders.segment import join_text

    for text in _documents():
        seg = segment(SourceText("x.txt", edit(text), "0"))
        assert seg.blocks
        for b in seg.blocks:
            assert b.text == join_text([ln.text for ln in seg.lines[b.first_line - 1 : b.last_line]])


def _reference_blocks(text: str) -> list[tuple[str, int, int]]:
    """The segmenter's loop as first written (a line at a time, the regex on every line)."""
    from cchc_kg.loaders.segment import _PARAGRAPH_START, split_lines

    out: list[tuple[str, int, int]] = []
    first = last = None
    for line in split_lines(text):
        stripped = line.text.strip()
        closes_cell = stripped == "|"
        if (
            first is not None
            and last is not None
            and (
                closes_cell
                or not stripped
                or _PARAGRAPH_START.match(stripped)
                or (stripped[:1].isupper() and last.text.rstrip().endswith(":"))
            )
        ):
            out.append(("cell" if closes_cell else "paragraph", first.number, last.number))
            first = None
        if closes_cell or not stripped:
            continue
        if first is None:
            first = line
        last = line
    if first is not None and last is not None:
        out.append(("paragraph", first.number, last.number))
    return out


def test_block_cuts_match_the_reference_loop() -> None:
    import random

    rnd = random.Random(2)
    pieces = [
        "a) x",
        "b)y",
        "Điều 1",
        "1. Một",
        "I. HAI",
        "- gạch",
        "+ cộng",
        "|",
        " | ",
        "",
        "  ",
        "Nội dung:",
    ]
    pieces += ["Hoa", "thường", "đ) e", "Căn cứ", "2.Cải", "x:", "X: y", "\t", "ấ", "Ở:", "z)"]
    texts = _documents() + [
        "\n".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 30))) for _ in range(2000)
    ]
    texts += [t.replace("\n", "\r\n") for t in _documents()]
    for text in texts:
        seg = segment(SourceText("x.txt", text, "0"))
        assert [(b.kind, b.first_line, b.last_line) for b in seg.blocks] == _reference_blocks(text)


def test_line_starts_are_the_lines_starts() -> None:
    for text in [*_documents(), "", "a", "\n", "a\r\nb\n\rc"]:
        seg = segment(SourceText("x.txt", text, "0"))
        assert seg.line_starts == tuple(ln.start for ln in seg.lines)
