"""Segment stage: source text → lines and blocks (paragraphs and table cells).

Pure: no I/O. The corpus text is hard-wrapped inside sentences, so a paragraph is a run of
lines that continues until the next structural marker (``I.``, ``1.``, ``1.1.``, ``a)``,
``-``, ``+``, ``Điều 1.``, ``Căn cứ``...), a blank line, or a table-cell terminator (a line
holding only ``|``). A run of lines closed by ``|`` is one table ``cell`` block.
"""

from __future__ import annotations

import re

from .model import Block, Line, Segmented, SourceText, Span
from .textfold import fold_same_length

# A line that starts a new paragraph. Order does not matter; keep each alternative named
# by what it is so a reader can check it against domain.md §1.
_PARAGRAPH_START = re.compile(
    r"""^(?:
        [IVXLC]+\.\s                       # roman section: "II. NHIỆM VỤ"
      | \d+(?:\.\d+)*\.?\s                 # "1. ", "1.1. ", "2.3 "
      | [a-zđ]\)\s?                        # lettered item: "a) ", "đ)"
      | [-–—+•*]\s*                        # dash, plus or bullet
      | Điều\s+\d+                         # article of a decision
      | (?:Căn\ cứ|Theo\ đề\ nghị|Xét\ đề\ nghị|Thực\ hiện|Nơi\ nhận|TM\.|KT\.|Q\.|TL\.|TUQ\.)
    )""",
    re.VERBOSE,
)
_CELL_END = "|"


def split_lines(text: str) -> tuple[Line, ...]:
    """Split ``text`` into 1-based :class:`Line` records with their offsets."""
    lines: list[Line] = []
    pos = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        end = pos + len(raw)
        content = raw[:-1] if raw.endswith("\r") else raw
        lines.append(Line(number, pos, pos + len(content), content))
        pos = end + 1
    return tuple(lines)


def join_text(parts: list[str]) -> str:
    """Join wrapped lines with one space and collapse whitespace (gold README §2)."""
    # str.split() splits on exactly what \s matches and drops the ends, as strip() did
    # after re.sub(r"\s+", " ", ...), at a fraction of the cost
    return " ".join(" ".join(parts).split())


def starts_paragraph(line: str) -> bool:
    return bool(_PARAGRAPH_START.match(line.strip()))


def segment(source: SourceText) -> Segmented:
    """Split ``source`` into lines and blocks. A wrapped line joins its paragraph; a table
    cell is every line since the previous block up to the line holding only ``|`` (a cell
    may wrap, and its lines may look like paragraph starts).

    >>> s = segment(SourceText("x.txt", "a) Một câu\\nbị ngắt.\\nb) Hai\\nÔ\\n|\\n", "0"))
    >>> [(b.kind, b.text) for b in s.blocks]
    [('paragraph', 'a) Một câu bị ngắt.'), ('cell', 'b) Hai Ô')]
    """
    lines = split_lines(source.text)
    blocks: list[Block] = []
    run: list[Line] = []

    def close(kind: str) -> None:
        if not run:
            return
        start, end = run[0].start, run[-1].end
        text = join_text([ln.text for ln in run])
        blocks.append(
            Block(
                "cell" if kind == "cell" else "paragraph",
                text,
                Span(start, end, run[0].number),
                run[0].number,
                run[-1].number,
            )
        )
        run.clear()

    for line in lines:
        stripped = line.text.strip()
        if stripped == _CELL_END:
            close("cell")
            continue
        if not stripped:
            close("paragraph")
            continue
        if run and (_PARAGRAPH_START.match(stripped) or _ends_heading(run[-1].text, stripped)):
            close("paragraph")
        run.append(line)
    close("paragraph")
    return Segmented(
        source, lines, tuple(blocks), fold_same_length(source.text), tuple(ln.start for ln in lines)
    )


def _ends_heading(previous: str, current: str) -> bool:
    """A line ending with ':' followed by a capitalised line closes a paragraph."""
    return previous.rstrip().endswith(":") and current[:1].isupper()
