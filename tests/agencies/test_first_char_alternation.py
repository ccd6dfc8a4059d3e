"""The bucketed phrase scanner (a speed-up of agency matching) finds exactly the matches
of the single alternation it replaces, on the normalised and the OCR-folded view of every
corpus text, for a province with districts and for none."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_kg.loaders.agencies import patterns as P
from cchc_kg.loaders.agencies.matching import _scanner, phrase_table
from cchc_kg.loaders.agencies.text import normalise


@pytest.mark.parametrize("ocr", [False, True])
@pytest.mark.parametrize("slug", ["kon-tum", None])
def test_same_matches_as_alternation(corpus_files: list[Path], slug: str | None, ocr: bool) -> None:
    phrases, pattern = phrase_table(slug, ocr)
    scanner = _scanner(slug, ocr)
    assert isinstance(scanner, P.FirstCharAlternation)
    total = 0
    for path in corpus_files:
        text = normalise(path.read_text(encoding="utf-8"), ocr=ocr).text
        want = [(m.span(), m.lastgroup) for m in pattern.finditer(text)]
        got = [(m.span(), m.lastgroup) for m in scanner.finditer(text)]
        assert got == want, path.name
        total += len(want)
    print(f"{slug} ocr={ocr}: {len(phrases)} phrases, {total} matches, identical")
    assert total > 0


def test_hand_made_phrases() -> None:
    """Longest phrase first, word boundaries and a phrase that begins with punctuation."""
    phrases = ["sở nội vụ", "sở nội vụ tỉnh", "ubnd", ".net"]
    scan = P.first_char_alternation(phrases, folded=False)
    assert scan is not None
    text = "sở nội vụ tỉnh và ubnd, ubnds, xubnd và .net"
    got = [m.group(0) for m in scan.finditer(text)]
    assert got == ["sở nội vụ tỉnh", "ubnd", ".net"]
    assert got == [m.group(0) for m in P.alternation(phrases, folded=False).finditer(text)]
