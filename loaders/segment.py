"""Segment stage: source text → lines and blocks (paragraphs and table cells).

Pure: no I/O. The corpus text is hard-wrapped inside sentences, so a paragraph is a run of
lines that continues until the next structural marker (``I.``, ``1.``, ``1.1.``, ``a)``,
``-``, ``+``, ``Điều 1.``, ``Căn cứ``...), a blank line, or a table-cell terminator (a line
holding only ``|``). A run of lines closed by ``|`` is one table ``cell`` block.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from itertools import accumulate, count
from operator import add, attrgetter, itemgetter

from .model import Block, BlockKind, Line, Segmented, SourceText, Span
from .textfold import CharCodec, fold_codec, translate_all

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
_START = attrgetter("start")
_TEXT = itemgetter(3)  # Line.text
_LOWER_ITEM = frozenset("abcdefghijklmnopqrstuvwxyzđ")  # what _PARAGRAPH_START's "a)" opens with


def split_lines(text: str) -> tuple[Line, ...]:
    """Split ``text`` into 1-based :class:`Line` records with their offsets."""
    return _lines_and_starts(text)[0]


def _lines_and_starts(text: str) -> tuple[tuple[Line, ...], tuple[int, ...]]:
    """:func:`split_lines` and the start offset of each line (:attr:`Segmented.line_starts`)."""
    if "\r" not in text:  # always so for a read document (normalise ends lines with \n)
        # built by C iterators, no Python step per line: line i starts after the lengths of
        # the lines before it and one newline each
        raws = text.split("\n")
        starts = tuple(map(add, accumulate(map(len, raws), initial=0), range(len(raws))))
        ends = map(add, starts, map(len, raws))
        return tuple(map(_new_line, zip(count(1), starts, ends, raws))), starts
    lines: list[Line] = []
    pos = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        end = pos + len(raw)
        content = raw[:-1] if raw.endswith("\r") else raw
        lines.append(Line(number, pos, pos + len(content), content))
        pos = end + 1
    return tuple(lines), tuple(map(_START, lines))


# Line(*fields), Block(*fields), Span(*fields) without the Python-level __new__ of a
# named tuple
_new_line = partial(tuple.__new__, Line)
_new_block = partial(tuple.__new__, Block)
_new_span = partial(tuple.__new__, Span)


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
    text = source.text
    lines, line_starts = _lines_and_starts(text)
    # the folded text and the space classes from one encoding of the text
    folded, spaces = translate_all(text, (fold_codec(), _space_codec()))
    blocks: list[Block] = []
    # The open run is a stretch of consecutive lines (a blank or "|" line closes it), kept
    # as its first and last line: no list of lines per block.
    first: Line | None = None
    last: Line | None = None
    last_colon = False  # the last line of the open run ends with ":"
    starts = _PARAGRAPH_START.match
    for line, stripped in zip(lines, map(str.strip, map(_TEXT, lines)), strict=True):
        if not stripped or stripped == _CELL_END:
            if first is not None and last is not None:
                blocks.append(_block("paragraph" if not stripped else "cell", text, spaces, first, last))
                first = None
            continue
        if first is None:
            first = line
        elif (
            # a line opening with a lower-case letter starts a paragraph only as a lettered
            # item "a)" (_PARAGRAPH_START), told without the regex
            (stripped[1:2] == ")" if stripped[0] in _LOWER_ITEM else starts(stripped) is not None)
            or (last_colon and stripped[0].isupper())
        ) and last is not None:
            blocks.append(_block("paragraph", text, spaces, first, last))
            first = line
        last = line
        # a line ending with ":" followed by a capitalised line closes a paragraph
        last_colon = stripped[-1] == ":"
    if first is not None and last is not None:
        blocks.append(_block("paragraph", text, spaces, first, last))
    return Segmented(source, lines, tuple(blocks), folded, line_starts)


def _block(kind: BlockKind, text: str, spaces: str, first: Line, last: Line) -> Block:
    """The block of the lines from ``first`` to ``last``. Its text is :func:`join_text` of
    their texts, taken from the source in one slice: what lies between two lines is a
    line end ("\\n", "\\r\\n"), whitespace that the join collapses as it does the space
    it puts there. ``spaces`` is :func:`space_classes` of ``text``."""
    start, end = first.start, last.end
    k = spaces[start:end]
    # (a space and a line end are one class " ": two substring scans find any two
    # whitespace characters in a row, where one scan per pair of classes took five)
    if k[0] == "x" == k[-1] and "\t" not in k and "  " not in k:
        # no whitespace at the ends, and between words single spaces or single line ends:
        # collapsing is replacing the line ends (splitting into words and joining them
        # again was most of the stage)
        joined = text[start:end].replace("\n", " ")
    else:
        joined = " ".join(text[start:end].split())
    number = first.number
    return _new_block((kind, joined, _new_span((start, end, number)), number, last.number))


def space_classes(text: str) -> str:
    """``text`` with each space " " and each "\\n" as " ", every other whitespace character
    (what ``str.split()`` splits on) as "\\t" and everything else as "x": one C pass that
    tells which slices :func:`join_text` would change beyond their line ends."""
    return _space_codec()(text)


@lru_cache(maxsize=1)
def _space_codec() -> CharCodec:
    return CharCodec("space-classes", _space_class)


def _space_class(c: str) -> str:
    if c in (" ", "\n"):
        return " "
    return "\t" if c.isspace() else "x"
