"""The bucketed phrase scanner (a speed-up of agency matching) finds exactly the matches
of the single alternation it replaces, on the normalised and the OCR-folded view of every
corpus text, for a province with districts, one without and none; also when the phrases
are split between a shared part and a province's own part."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_kg.loaders.agencies import patterns as P
from cchc_kg.loaders.agencies.matching import _scanner, phrase_pattern, phrase_table
from cchc_kg.loaders.agencies.text import normalise


@pytest.mark.parametrize("ocr", [False, True])
@pytest.mark.parametrize("slug", ["kon-tum", "quang-nam", None])
def test_same_matches_as_alternation(corpus_files: list[Path], slug: str | None, ocr: bool) -> None:
    phrases = phrase_table(slug, ocr)
    pattern = phrase_pattern(slug, ocr)
    scanner = _scanner(slug, ocr)
    assert isinstance(scanner, P.PhraseScanner)
    # The shared part (+ the province's own, for the letters its phrases begin with).
    assert max(map(len, scanner.buckets.values())) == (1 if slug is None else 2)
    total = 0
    for path in corpus_files:
        text = normalise(path.read_text(encoding="utf-8"), ocr=ocr).text
        want = [(*m.span(), int(str(m.lastgroup)[1:])) for m in pattern.finditer(text)]
        got = list(scanner.spans(text))
        assert got == want, path.name
        total += len(want)
    print(f"{slug} ocr={ocr}: {len(phrases)} phrases, {total} matches, identical")
    assert total > 0


def test_parts_take_the_branch_order() -> None:
    """Split over two parts, the longest phrase wins, then the first of the list."""
    phrases = ["ubnd", "ủy ban", "ủy ban nhân dân tỉnh", "ủy ban nhân dân", "ubnd tỉnh x", "sở y tế", "sở y"]
    own = (2, 4, 6)
    shared = tuple(i for i in range(len(phrases)) if i not in own)
    parts = []
    for idx in (shared, own):
        part = P.first_char_alternation([phrases[i] for i in idx], folded=False)
        assert part is not None
        parts.append((part, idx))
    scanner = P.phrase_scanner(phrases, parts, folded=False)
    text = "ủy ban nhân dân tỉnh, ubnd tỉnh x, ubnd tỉnh, ủy ban nhân dân huyện; sở y tế, sở y, sởy"
    want = [
        (*m.span(), int(str(m.lastgroup)[1:])) for m in P.alternation(phrases, folded=False).finditer(text)
    ]
    assert list(scanner.spans(text)) == want
    assert [w[2] for w in want] == [2, 4, 0, 3, 5, 6]


def test_hand_made_phrases() -> None:
    """Longest phrase first, word boundaries and a phrase that begins with punctuation."""
    phrases = ["sở nội vụ", "sở nội vụ tỉnh", "ubnd", ".net"]
    scan = P.first_char_alternation(phrases, folded=False)
    assert scan is not None
    text = "sở nội vụ tỉnh và ubnd, ubnds, xubnd và .net"
    got = [m.group(0) for m in scan.finditer(text)]
    assert got == ["sở nội vụ tỉnh", "ubnd", ".net"]
    assert got == [m.group(0) for m in P.alternation(phrases, folded=False).finditer(text)]


def test_literal_part_as_alternation() -> None:
    """A province's own phrases matched without re (LiteralBucket) give the matches of
    the alternation, with odd whitespace around separators, word ends and "&"."""
    phrases = [
        "sở y",
        "sở y tế",
        "ubnd tỉnh kon tum",
        "ubnd tỉnh",
        "ủy ban nhân dân huyện đăk hà",
        "a & b",
        "a - b, c",
        "ủy ban nhân dân huyện đăk",
        "ủy ban nhân dân",
    ]
    own = (1, 2, 4, 5, 6, 7, 8)
    shared = tuple(i for i in range(len(phrases)) if i not in own)
    shared_part = P.first_char_alternation([phrases[i] for i in shared], folded=False)
    own_part = P.literal_alternation([phrases[i] for i in own], folded=False)
    assert shared_part is not None and shared_part.by_word and own_part is not None
    scanner = P.phrase_scanner(phrases, [(shared_part, shared), (own_part, own)], folded=False)
    texts = [
        "sở y tế, sở y tếx, sở y  tế; ubnd tỉnh kon tum và ubnd tỉnh kon tumx, ubnd  tỉnh\tkon tum",
        "ủy ban nhân dân huyện đăk hà; ủy ban nhân dân huyện đăk hà&x; a&b, a &  b, a & bc, a&",
        "a-b,c; a -  b , c; a - b,cd; a - b, c&; x a - b, c",
        "ủy ban nhân dân huyện đăk tô, ủy ban nhân dân huyện đăk hà, ủy ban nhân dân tỉnh, ủy ban nhân dân huyện",
    ]
    alternation = P.alternation(phrases, folded=False)
    for text in texts:
        want = [(*m.span(), int(str(m.lastgroup)[1:])) for m in alternation.finditer(text)]
        assert list(scanner.spans(text)) == want, text
        assert {w[2] for w in want} & set(own)
    assert P.literal_alternation(["a -"], folded=False) is None  # ends on a separator
