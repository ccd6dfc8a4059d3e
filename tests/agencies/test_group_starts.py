"""Collective references are scanned only where one may begin (a speed-up): the same
matches as the group pattern's own scan, on the normalised and the OCR-folded view of
every corpus text and on hand-made edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_kg.loaders.agencies.groups import _group_matches, _patterns
from cchc_kg.loaders.agencies.text import normalise

CASES = [
    "các sở, ban, ngành",
    "xcác sở, ban, ngành; sởban ngành, các cơ quan, đơn vị liên quan",
    "ubnd các huyện, thành phố: ủy ban nhân dân cấp xã",
    "cổng thông tin điện tử của các sở, ban ngành, ubnd các huyện, thành phố",
    "&các đơn vị trực thuộc; -các đơn vị được giao nhiệm vụ",
]


def _same(text: str, ocr: bool) -> int:
    gpat, _ = _patterns(ocr)
    want = [(m.span(), m.group(0)) for m in gpat.finditer(text)]
    assert [(m.span(), m.group(0)) for m in _group_matches(text, ocr)] == want
    return len(want)


@pytest.mark.parametrize("ocr", [False, True])
def test_corpus(corpus_files: list[Path], ocr: bool) -> None:
    total = sum(_same(normalise(p.read_text(encoding="utf-8"), ocr=ocr).text, ocr) for p in corpus_files)
    assert total > 0


@pytest.mark.parametrize("ocr", [False, True])
def test_hand_made(ocr: bool) -> None:
    assert sum(_same(normalise(c, ocr=ocr).text, ocr) for c in CASES) >= len(CASES)
