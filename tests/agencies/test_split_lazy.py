"""split._pieces looks for the collective references of a cell only when it has a
separator they may protect (a shortcut): the same pieces as finding them first, on every
line and sentence of the corpus and example texts and on hand-made cells."""

from __future__ import annotations

from pathlib import Path

from cchc_kg.loaders.agencies import patterns as P
from cchc_kg.loaders.agencies.split import _group_spans, _pieces
from cchc_kg.loaders.formats import read_data

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CELLS = [
    "Sở Nội vụ",
    "Sở Nội vụ; Sở Tài chính",
    "Các sở, ban, ngành; UBND các huyện, thành phố",
    "Các sở, ngành có liên quan, Sở Y tế và Sở Giáo dục và Đào tạo",
    "UBND các huyện, thành phố: Đăk Hà, Đăk Tô, TP. Kon Tum",
    "Sở Tư pháp\n- Sở Nội vụ\n+ Các cơ quan, đơn vị",
    "",
]


def _eager_pieces(cell: str) -> list[str]:
    """_pieces as it was: the group spans found first."""
    protected = _group_spans(cell)
    pieces: list[str] = []
    last = 0
    for m in P.CELL_SPLIT.finditer(cell):
        if ";" not in m.group(0) and any(s < m.start() and m.end() < e for s, e in protected):
            continue
        pieces.append(cell[last : m.start()])
        last = m.end()
    pieces.append(cell[last:])
    return pieces


def test_lazy_pieces_are_the_eager_ones(corpus_files: list[Path]) -> None:
    texts = [p.read_text(encoding="utf-8") for p in corpus_files]
    texts += [
        read_data(p.name, p.read_bytes()).text
        for p in sorted(EXAMPLES.iterdir())
        if p.suffix in (".txt", ".docx")
    ]
    cells = list(CELLS)
    for text in texts:
        for line in text.split("\n"):
            cells += [line, *line.split(". ")]
    for cell in dict.fromkeys(cells):
        assert _pieces(cell) == _eager_pieces(cell), cell
