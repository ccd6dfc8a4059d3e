"""The lazy cells of loaders/tables.py against the plain computation they replace, on the
corpus: each cell's text is made when first read, and its row number and roman numeral
once; both must equal joining the cell's lines (join_text) and parsing that text."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_kg.loaders.formats import read_data
from cchc_kg.loaders.model import Line
from cchc_kg.loaders.regions import find_regions
from cchc_kg.loaders.segment import join_text, segment
from cchc_kg.loaders.tables import _roman, _row_no, flattened_cells
from tests.conftest import corpus_path


def _plain_cells(lines: list[Line]) -> list[tuple[str, int, int, int, str]]:
    """Cells as the stage built them before: every cell joined up front."""
    out: list[tuple[str, int, int, int, str]] = []
    run: list[Line] = []
    for line in lines:
        if line.text.strip() != "|":
            run.append(line)
            continue
        filled = [ln for ln in run if ln.text.strip()]
        if filled:
            a, b = filled[0], filled[-1]
            out.append((join_text([ln.text for ln in run]), a.start, b.end, a.number, b.text.strip()))
        else:
            out.append(("", line.start, line.start, line.number, ""))
        run = []
    return out


@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004"])
def test_lazy_cells_equal_plain_cells(stem: str) -> None:
    path: Path = corpus_path(stem)
    source = read_data(path.name, path.read_bytes())
    seg = segment(source)
    regions = find_regions(seg)
    lines = seg.lines_inside(regions.doc_start, regions.doc_end)
    cells = flattened_cells(lines, source.text)
    plain = _plain_cells(lines)
    assert [(c.text, c.start, c.end, c.line, c.last_line_text) for c in cells] == plain
    assert [c.numbers for c in cells] == [(_row_no(t), _roman(t)) for t, *_ in plain]
