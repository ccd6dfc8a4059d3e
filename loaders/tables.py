"""Appendix task tables (gold README §6): flattened cells → rows → :class:`TaskRecord`.

The web and DOCX renderings flatten a table into a run of cells, each closed by a line that
holds only ``|``; there is no row separator. Rows are recovered from

* the header, found by its column names (TT/STT, Mục tiêu, Nội dung công việc/Nhiệm vụ,
  Sản phẩm/Kết quả, Cơ quan chủ trì, Cơ quan phối hợp, Thời hạn/Thời gian), which gives the
  number of columns;
* the row-number cell ("1", "1.") that opens each row, expected to continue the numbering
  (or restart at 1 after a section row);
* section rows: a roman-numeral cell followed by the section heading cell.

A row with one cell fewer than the header sits inside a merged (rowspan) Mục tiêu cell and
inherits the objective of the row that printed it. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .agencies import split_agency_list
from .context import Context
from .deadlines import parse_deadline
from .model import Line, Span, TaskRecord
from .textfold import fold

# Column roles, each recognised by the folded header text (first match wins, so the
# specific names come before the generic ones: "Kết quả/ Sản phẩm" is a product).
_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("no", re.compile(r"^ (?:stt|tt|so tt|so thu tu) $")),
    ("objective", re.compile(r" muc tieu ")),
    ("lead", re.compile(r" chu tri ")),
    ("cooperating", re.compile(r" phoi hop ")),
    ("deadline", re.compile(r" thoi han | thoi gian | tien do | thoi diem ")),
    ("product", re.compile(r" san pham | ket qua ")),
    ("task", re.compile(r" noi dung | nhiem vu | cong viec | giai phap | hoat dong ")),
)
_NO_COLUMN = _COLUMNS[0][1]
_CELL_END = "|"
_ROW_NO = re.compile(r"^(\d{1,3})\.?$")
_ROMAN = re.compile(r"^([IVXL]+)\.?$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
_MIN_COLUMNS = 4


class Cell:
    """One flattened cell: the lines before its closing ``|`` line, ``source[start:end]``.

    Its text (the lines joined, whitespace collapsed) is made when first read: the cell
    that runs from the previous table (or the document start) to a table's first header
    cell can hold most of the document (28,000 characters of 000), and only its last line
    is ever read (:func:`header_at`); joining every cell up front was half of this stage.
    Its row number and roman numeral are read once too (:func:`_read_rows` asks about a
    cell both when it may close a row and when it opens the next). Slots and plain
    properties: a document has hundreds of cells, and ``cached_property`` (a lock on
    every first read in Python 3.11) cost more than it saved.
    """

    __slots__ = ("_numbers", "_source", "_text", "end", "last_line_text", "line", "start")

    def __init__(self, source: str, start: int, end: int, line: int, last_line_text: str) -> None:
        self._source = source
        self._text: str | None = None
        self._numbers: tuple[int | None, int | None] | None = None
        self.start = start
        self.end = end
        self.line = line
        self.last_line_text = last_line_text

    @property
    def text(self) -> str:
        if self._text is None:
            # join_text of the cell's lines, taken in one slice of the source: the blank
            # lines and line ends between them are whitespace that the join collapses anyway
            self._text = " ".join(self._source[self.start : self.end].split())
        return self._text

    @property
    def numbers(self) -> tuple[int | None, int | None]:
        """The row number and the roman numeral the cell holds, if any."""
        if self._numbers is None:
            text = self.text
            self._numbers = (_row_no(text), _roman(text))
        return self._numbers


def extract_tasks(ctx: Context) -> list[TaskRecord]:
    """Every task row of every task table inside the document proper."""
    lines = ctx.seg.lines_inside(ctx.regions.doc_start, ctx.regions.doc_end)
    cells = flattened_cells(lines, ctx.text)
    tasks: list[TaskRecord] = []
    i = 0
    while i < len(cells):
        columns = header_at(cells, i)
        if columns is None:
            i += 1
            continue
        rows, i = _read_rows(cells, i + len(columns), columns, ctx.reform_area)
        tasks.extend(rows)
    return tasks


def flattened_cells(lines: list[Line], text: str) -> list[Cell]:
    """Cells closed by a ``|`` line; an empty cell is a ``|`` right after another.
    ``lines`` are consecutive lines of ``text``."""
    cells: list[Cell] = []
    first = 0  # index of the first line of the open cell
    for i, line in enumerate(lines):
        # the "in" test first: most lines hold no "|" and need no stripped copy
        if _CELL_END in line.text and line.text.strip() == _CELL_END:
            cells.append(_cell(lines, first, i, text))
            first = i + 1
    return cells


def _cell(lines: list[Line], first: int, stop: int, text: str) -> Cell:
    """The cell of ``lines[first:stop]``, closed by ``lines[stop]``: from its first to its
    last line with text."""
    lo, hi = first, stop - 1
    while lo <= hi and not lines[lo].text.strip():
        lo += 1
    if lo > hi:
        closing = lines[stop]
        return Cell(text, closing.start, closing.start, closing.number, "")
    while not lines[hi].text.strip():
        hi -= 1
    a, b = lines[lo], lines[hi]
    return Cell(text, a.start, b.end, a.number, b.text.strip())


def column_role(header_text: str) -> str | None:
    """The role of a header cell ("Cơ quan chủ trì" → "lead"), or None."""
    folded = fold(header_text)
    for role, pattern in _COLUMNS:
        if pattern.search(folded):
            return role
    return None


def header_at(cells: list[Cell], i: int) -> list[str] | None:
    """The column roles of a header starting at ``cells[i]``, or None.

    The first header cell may carry the text before the table (its cell runs from the
    previous ``|``), so only its last line is read.
    """
    # column_role tries "no" first: the header starts here exactly when that pattern
    # matches (this runs on every cell of the document; the other six are not needed)
    if not _NO_COLUMN.search(fold(cells[i].last_line_text)):
        return None
    roles = ["no"]
    j = i + 1
    while j < len(cells):
        role = column_role(cells[j].text)
        if role is None or role in roles or role == "no":
            break
        roles.append(role)
        j += 1
    if len(roles) < _MIN_COLUMNS or "task" not in roles:
        return None
    return roles


def _roman(text: str) -> int | None:
    m = _ROMAN.match(text)
    if not m:
        return None
    values = [_ROMAN_VALUES[c] for c in m.group(1)]
    total = sum(-v if k + 1 < len(values) and v < values[k + 1] else v for k, v in enumerate(values))
    return total


def _row_no(text: str) -> int | None:
    m = _ROW_NO.match(text)
    return int(m.group(1)) if m else None


def _read_rows(
    cells: list[Cell], i: int, columns: list[str], area_of: Callable[[str], str | None]
) -> tuple[list[TaskRecord], int]:
    """Rows from ``cells[i]`` until a cell that cannot open a row; returns (rows, next i)."""
    n_after_no = len(columns) - 1
    has_objective = "objective" in columns
    section: str | None = None
    section_no = 0
    last_no = 0
    objective: str | None = None
    objective_row: str | None = None
    tasks: list[TaskRecord] = []

    def opens_row(k: int) -> bool:
        if k >= len(cells):
            return False
        no, roman = cells[k].numbers
        if no is not None and (no == last_no + 1 or no == 1):
            return True
        return roman == section_no + 1

    while i < len(cells):
        cell = cells[i]
        no, roman = cell.numbers
        if roman == section_no + 1 and i + 1 < len(cells):
            section_no = roman
            section = f"{cell.text.rstrip('.')}. {cells[i + 1].text}"
            objective = objective_row = None
            i += 2
            continue
        if no is None or not (no == last_no + 1 or no == 1):
            break
        last_no = no
        row: list[Cell] = []
        k = i + 1
        while k < len(cells) and len(row) < n_after_no and not (row and opens_row(k)):
            row.append(cells[k])
            k += 1
        roles = columns[1:]
        if has_objective and len(row) == n_after_no - 1:
            roles = [r for r in roles if r != "objective"]
        values = {role: c.text for role, c in zip(roles, row, strict=False)}
        if has_objective and "objective" in values:
            objective = _undouble(values["objective"]) or None
            objective_row = str(no)
        lead_raw = values.get("lead") or None
        coop_raw = values.get("cooperating") or None
        deadline_raw = values.get("deadline") or None
        tasks.append(
            TaskRecord(
                section=section,
                no=str(no),
                objective=objective if has_objective else None,
                objective_row=objective_row if has_objective else None,
                text=values.get("task", ""),
                product=values.get("product") or None,
                lead_raw=lead_raw,
                lead=split_agency_list(lead_raw) if lead_raw else [],
                cooperating_raw=coop_raw,
                cooperating=split_agency_list(coop_raw) if coop_raw else [],
                deadline_raw=deadline_raw,
                deadline=parse_deadline(deadline_raw) if deadline_raw else None,
                span=Span(cell.start, row[-1].end if row else cell.end, cell.line),
                # rows under one section row share its area (``area_of`` is memoised)
                reform_area=area_of(section) if section else None,
            )
        )
        i = k
    return tasks, i


def _undouble(text: str) -> str:
    """A cell whose text is printed twice in a row keeps one copy (001 row 3)."""
    half = len(text) // 2
    first, second = text[:half].strip(), text[half:].strip()
    return first if first and first == second else text
