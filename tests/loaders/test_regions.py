"""The searched forms of regions (needs patterns, bisection) find what the plain per-line
scans they replace find, on the corpus and the examples."""

from __future__ import annotations

import pytest

from cchc_kg.loaders import regions as R
from cchc_kg.loaders.model import Line, SourceText
from cchc_kg.loaders.segment import segment
from tests.conftest import CORPUS, EXAMPLES


def _texts() -> list[str]:
    files = sorted(CORPUS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert texts
    # the same with the appendix heading in lower case, and a table header in the body
    return (
        texts
        + [t.replace("PHỤ LỤC", "phụ lục") for t in texts]
        + [t.replace("\n\n", "\n STT \n|\n", 3) for t in texts]
    )


def _plain_appendix(
    lines: tuple[Line, ...], folded: list[str], after: int, last: int, doc_end: int
) -> tuple[int, int] | None:
    for k in range(after, last + 1):
        if R._APPENDIX.match(folded[k]) and lines[k].text.strip()[:1].isupper():
            return lines[k].start, doc_end
    for k in range(after, last):
        if R._TABLE_HEAD.match(folded[k]) and lines[k + 1].text.strip() == "|":
            return lines[k].start, doc_end
    return None


def _plain_line_index_at(lines: tuple[Line, ...], offset: int) -> int:
    for k, ln in enumerate(lines):
        if ln.start <= offset <= ln.end:
            return k
    return len(lines) - 1


@pytest.mark.parametrize("crlf", [False, True])
def test_searches_match_the_per_line_scans(crlf: bool) -> None:
    for text in _texts():
        seg = segment(SourceText("x.txt", text.replace("\n", "\r\n") if crlf else text, "0"))
        lines = seg.lines
        flines = [seg.folded[ln.start : ln.end] for ln in lines]
        folded = R._Folded(seg.folded, lines, seg.line_starts)
        last = len(lines) - 1
        for after in range(0, len(lines), 151):
            assert R._appendix(lines, folded, after, last, 99) == _plain_appendix(
                lines, flines, after, last, 99
            )
        for offset in [
            *range(0, len(seg.source.text) + 2, 97),
            *(ln.end for ln in lines),
            *(ln.end + 1 for ln in lines),
        ]:
            assert R._line_index_at(lines, offset) == _plain_line_index_at(lines, offset)
        for k, f in enumerate(flines):  # each needs pattern matches inside every line its pattern matches
            for pattern, needs in (
                (R._SIGNATURE_START, R._SIGNATURE_NEEDS),
                (R._APPENDIX, R._APPENDIX_NEEDS),
                (R._TABLE_HEAD, R._TABLE_HEAD_NEEDS),
            ):
                if pattern.search(f):
                    hit = needs.search(seg.folded, lines[k].start)
                    assert hit is not None and hit.start() <= lines[k].end, (pattern.pattern, f)


def test_signature_needs_finds_the_abbreviations() -> None:
    for printed in ("tm. uy ban", "kt. chu tich", "q. chu tich", "tl. giam doc", "tuq. chanh van phong"):
        assert R._SIGNATURE_START.search(printed)
        assert R._SIGNATURE_NEEDS.search(printed)
    assert not R._SIGNATURE_NEEDS.search("tm , tl; q:")
