"""Fixture builders: the same corpus document saved as HTML, DOCX and PDF, made at test time
from the flattened text of ../shared (never committed copies of it).

The flattened text is parsed back into paragraphs and tables: a cell is the run of lines
closed by a line holding only ``|``; consecutive cells form a table region. A region with a
task-table header (a first cell "TT"/"STT") is cut into rows of N cells (N from the header);
a roman-numbered section row is 2 cells (number, title spanning the rest); a row of N - 1
cells sits under a rowspan of the previous full row's second column (001's "Mục tiêu"),
so that cell gets a rowspan. Other regions (letterheads, signature blocks, site boilerplate)
are one cell per row. Rendering any of these forms must give back the same cells.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.shared import Pt
from fpdf import FPDF

CELL_END = "|"
_HEADER_FIRST = re.compile(r"^S?TT$")
_ROMAN = re.compile(r"^[IVXL]+\.?$")
_ROWNUM = re.compile(r"^(?:\d{1,3}\.?|[IVXL]+\.?)$")  # not a year
_LONGEST_CELL = 15
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass
class Cell:
    lines: list[str]
    rowspan: int = 1
    colspan: int = 1

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Table:
    columns: int
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class Para:
    line: str


Item = Para | Table


def parse_flat(text: str) -> list[Item]:
    """The flattened corpus text as paragraphs and tables."""
    items: list[Item] = []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    # Split into blocks: the lines closed by a "|" line, and the trailing lines.
    blocks: list[tuple[str, list[str]]] = []  # ("cell", lines) or ("text", lines)
    pending: list[str] = []
    for line in lines:
        if line.strip() == CELL_END:
            blocks.append(("cell", pending))
            pending = []
        else:
            pending.append(line)
    if pending:
        blocks.append(("text", pending))
    # Right after a cell, a block is one cell; after paragraphs, only its last line is.
    run: list[Cell] = []
    prev_cell = False
    for kind, block in blocks:
        if kind == "text":
            if run:
                items.extend(_table_items(run))
                run = []
            items.extend(Para(x) for x in block)
            prev_cell = False
            continue
        # A long "cell" is body text that ran up to the next cell (the flattened form does
        # not show where that cell began): its last line is the cell, the rest paragraphs.
        if (not prev_cell or len(block) > _LONGEST_CELL) and len(block) > 1 and (items or run):
            if run:
                items.extend(_table_items(run))
                run = []
            items.extend(Para(x) for x in block[:-1])
            block = block[-1:]
        run.append(Cell(block))
        prev_cell = True
    if run:
        items.extend(_table_items(run))
    return items


def _table_items(cells: list[Cell]) -> list[Item]:
    """Cut a run of cells into tables: a task table from its "TT"/"STT" header on, and
    one-column tables for anything before it."""
    start = next((i for i, c in enumerate(cells) if _HEADER_FIRST.match(c.text.strip())), None)
    if start is None:
        return [Table(1, [[c] for c in cells])]
    items: list[Item] = []
    if start:
        items.append(Table(1, [[c] for c in cells[:start]]))
    body_start = next(
        (i for i in range(start + 1, len(cells)) if _ROWNUM.match(cells[i].text.strip())), len(cells)
    )
    n = body_start - start
    table = Table(n, [cells[start:body_start]])
    row: list[Cell] = []
    last_full: list[Cell] | None = None

    def close() -> None:
        nonlocal last_full
        if not row:
            return
        if len(row) == 2 and _ROMAN.match(row[0].text.strip()):
            row[1].colspan = n - 1
        elif len(row) == n:
            last_full = list(row)
        elif len(row) == n - 1 and last_full is not None:
            last_full[1].rowspan += 1
        table.rows.append(list(row))
        row.clear()

    rest: list[Cell] = []
    for i, cell in enumerate(cells[body_start:], start=body_start):
        text = cell.text.strip()
        section_done = len(row) == 2 and bool(_ROMAN.match(row[0].text.strip()))
        # A section row (number, title) is complete at two cells; another row starts at a
        # row number once the current row is full (N cells, or N - 1 under a rowspan).
        if section_done or (_ROWNUM.match(text) and (not row or len(row) >= n - 1)):
            close()
        elif len(row) == n:
            rest = cells[i:]  # cells after the table (the site's boilerplate)
            break
        row.append(cell)
    close()
    items.append(table)
    if rest:
        items.append(Table(1, [[c] for c in rest]))
    return items


# ---------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------


def to_html(items: list[Item]) -> str:
    out = [
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>Văn bản</title>',
        "<style>td{border:1px solid}</style><script>var x = '<p>không phải văn bản</p>';</script>",
        '</head><body>\n<div class="content1">',
    ]
    for item in items:
        if isinstance(item, Para):
            out.append(f"<p>{html.escape(item.line)}</p>")
            continue
        out.append('<table border="1" cellspacing="0">')
        for i, row in enumerate(item.rows):
            out.append("<tbody>" if i == 0 else "")
            out.append("<tr>")
            for cell in row:
                attrs = ""
                if cell.rowspan > 1:
                    attrs += f' rowspan="{cell.rowspan}"'
                if cell.colspan > 1:
                    attrs += f' colspan="{cell.colspan}"'
                body = "<br>\n".join(html.escape(x) for x in cell.lines)
                out.append(f"<td{attrs}><p>{body}</p></td>")
            out.append("</tr>")
        out.append("</tbody></table>")
    out.append("</div></body></html>")
    return "\n".join(out)


def to_docx(items: list[Item], path: Path) -> None:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(9)
    for item in items:
        if isinstance(item, Para):
            doc.add_paragraph(item.line)
            continue
        table = doc.add_table(rows=len(item.rows), cols=item.columns)
        grid: dict[tuple[int, int], bool] = {}  # grid positions covered by a rowspan
        for r, row in enumerate(item.rows):
            c = 0
            for cell in row:
                while grid.get((r, c)):
                    c += 1
                target = table.cell(r, c)
                end_r, end_c = r + cell.rowspan - 1, c + cell.colspan - 1
                if (end_r, end_c) != (r, c):
                    target = target.merge(table.cell(end_r, end_c))
                for rr in range(r, end_r + 1):
                    for cc in range(c, end_c + 1):
                        grid[(rr, cc)] = True
                target.text = ""
                first = target.paragraphs[0]
                first.text = cell.lines[0] if cell.lines else ""
                for extra in cell.lines[1:]:
                    target.add_paragraph(extra)
                c = end_c + 1
    doc.save(str(path))


def to_pdf(items: list[Item], path: Path) -> None:
    # Landscape: 001 has "Mục tiêu" cells spanning nine rows, which must fit on one page.
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(True, margin=10)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSansCondensed.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSansCondensed-Bold.ttf"))
    pdf.set_font("DejaVu", size=8)
    pdf.add_page()
    width = pdf.epw
    for item in items:
        if isinstance(item, Para):
            pdf.multi_cell(w=0, h=4, text=item.line, new_x="LMARGIN", new_y="NEXT")
            continue
        widths = _column_widths(item.columns, width)
        pdf.set_font("DejaVu", size=7 if item.columns > 1 else 8)
        with pdf.table(
            col_widths=widths,
            first_row_as_headings=False,
            repeat_headings=0,
            line_height=3.2,
            text_align="LEFT",
            width=width,
        ) as table:
            for row in item.rows:
                pdf_row = table.row()
                for cell in row:
                    pdf_row.cell(cell.text, rowspan=cell.rowspan, colspan=cell.colspan)
        pdf.set_font("DejaVu", size=8)
        pdf.ln(2)
    pdf.output(str(path))


def _column_widths(n: int, width: float) -> tuple[float, ...]:
    if n == 1:
        return (width,)
    # A narrow number column, the text columns wider.
    first = 10.0
    rest = (width - first) / (n - 1)
    return (first, *([rest] * (n - 1)))


def build_all(text: str, folder: Path, stem: str) -> dict[str, Path]:
    """Write ``stem``.html/.docx/.pdf into ``folder`` from the flattened ``text``."""
    items = parse_flat(text)
    paths = {"html": folder / f"{stem}.html", "docx": folder / f"{stem}.docx", "pdf": folder / f"{stem}.pdf"}
    paths["html"].write_text(to_html(items), encoding="utf-8")
    to_docx(items, paths["docx"])
    to_pdf(items, paths["pdf"])
    return paths
