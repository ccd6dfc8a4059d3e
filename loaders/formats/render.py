"""The one text convention every reader renders into (the corpus's flattened web form).

* a paragraph is one or more lines (a line break inside it stays a line break);
* a table is its cells in row order; each cell's lines are followed by a line holding only
  ``|``; an empty cell is just that line;
* a cell covered by a rowspan or a colspan is not repeated: a row below a rowspan simply
  has fewer cells, exactly as the flattened corpus shows it.

Because HTML, DOCX and PDF all come out in this shape, one segmenter and one table parser
serve every format. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

CELL_END = "|"

# HTML collapses only ASCII whitespace; a no-break space is content (it sits inside
# citation numbers such as "61/2018/NĐ-CP" and must survive to the citation stage).
_ASCII_SPACE = re.compile(r"[ \t\f\v]+")


def clean_line(line: str) -> str:
    return _ASCII_SPACE.sub(" ", line).strip(" \t\f\v")


def split_clean(text: str) -> list[str]:
    """The non-empty lines of ``text``, each with its whitespace runs collapsed."""
    out: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = clean_line(raw)
        # A content line of only "|" would read as a cell terminator: it carries no text.
        if line and line != CELL_END:
            out.append(line)
    return out


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    """Rows of cell texts, each cell listed once (merged cells are not repeated)."""

    rows: list[list[str]] = field(default_factory=list)


Item = Paragraph | Table


def render(items: Iterable[Item]) -> str:
    """Render paragraphs and tables into the flattened text, one trailing newline."""
    lines: list[str] = []
    for item in items:
        if isinstance(item, Paragraph):
            lines.extend(split_clean(item.text))
        else:
            lines.extend(render_table(item.rows))
    return "\n".join(lines) + "\n" if lines else ""


def render_table(rows: Sequence[Sequence[str]]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        for cell in row:
            lines.extend(split_clean(cell))
            lines.append(CELL_END)
    return lines
