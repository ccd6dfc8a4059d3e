"""The start scans (one scan per branch of a start pattern, see patterns.StartScan) find
exactly the positions of the start patterns they stand for, and the phrase and group
matches made from them are those of the search loops they replace, on the normalised
corpus and example texts (diacritics kept, and stripped for the OCR view)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from cchc_kg.loaders.agencies import groups as G
from cchc_kg.loaders.agencies import patterns as P
from cchc_kg.loaders.agencies.matching import _known_prefixes, _scanner
from cchc_kg.loaders.agencies.text import normalise
from cchc_kg.loaders.formats import read_data
from cchc_kg.loaders.textfold import strip_diacritics

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _views(corpus_files: list[Path], ocr: bool) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in corpus_files]
    texts += [
        read_data(p.name, p.read_bytes()).text
        for p in sorted(EXAMPLES.iterdir())
        if p.suffix in (".txt", ".docx")
    ]
    texts += [strip_diacritics(t) for t in texts[-2:]]
    views = [normalise(t, ocr=ocr).text for t in texts]
    # Short texts too (searched with the alternation, see StartScan.positions).
    views += [normalise(line, ocr=ocr).text for text in texts[:2] for line in text.split("\n")]
    # Starts at the very beginning and after "&" (the look-behind's other character).
    return [*views, "sở nội vụ", "các sở, ngành", "&sở nội vụ, ủy ban nhân dân", ""]


def _positions(pattern: re.Pattern[str], text: str) -> list[int]:
    """Every position where ``pattern`` matches, by the search loop."""
    out, pos = [], 0
    while (m := pattern.search(text, pos)) is not None:
        out.append(m.start())
        pos = m.start() + 1
    return out


@pytest.mark.parametrize("ocr", [False, True])
def test_group_scan_is_the_group_starts(corpus_files: list[Path], ocr: bool) -> None:
    scan, starts = P.group_start_scan(folded=ocr), P.group_starts(folded=ocr)
    for text in _views(corpus_files, ocr):
        assert scan.positions(text) == _positions(starts, text)


@pytest.mark.parametrize("ocr", [False, True])
def test_prefix_scan_is_the_prefix_starts(corpus_files: list[Path], ocr: bool) -> None:
    known = _known_prefixes(ocr)
    scan, starts = P.prefix_start_scan(known, folded=ocr), P.prefix_starts(known, folded=ocr)
    assert scan is not None and starts is not None
    for text in _views(corpus_files, ocr):
        assert scan.positions(text) == _positions(starts, text)


def _searched_group_matches(text: str, ocr: bool) -> Iterator[re.Match[str]]:
    """groups._group_matches as it was: the starts searched one after the other."""
    gpat, _ = G._patterns(ocr)
    starts, pos = P.group_starts(folded=ocr), 0
    while (s := starts.search(text, pos)) is not None:
        m = gpat.match(text, s.start())
        if m is None:
            pos = s.start() + 1
            continue
        yield m
        pos = m.end()


@pytest.mark.parametrize("ocr", [False, True])
def test_group_matches_are_the_searched_ones(corpus_files: list[Path], ocr: bool) -> None:
    for text in _views(corpus_files, ocr):
        got = [(m.span(), m.lastindex) for m in G._group_matches(text, ocr)]
        assert got == [(m.span(), m.lastindex) for m in _searched_group_matches(text, ocr)]


@pytest.mark.parametrize("ocr", [False, True])
@pytest.mark.parametrize("province", [None, "kon-tum", "vinh-phuc", "quang-nam", "dak-nong", "ninh-thuan"])
def test_phrase_spans_are_the_searched_ones(
    corpus_files: list[Path], ocr: bool, province: str | None
) -> None:
    scanner = _scanner(province, ocr)
    if not isinstance(scanner, P.PhraseScanner):
        pytest.skip("no phrase scanner for this province")
    assert scanner.scan is not None
    searched = replace(scanner, scan=None)
    for text in _views(corpus_files, ocr):
        assert list(scanner.spans(text)) == list(searched.spans(text))


def test_between_test_is_the_regex(corpus_files: list[Path]) -> None:
    """groups._acts tells "giữa ..." before a group by rstrip/endswith: _BETWEEN.search."""
    windows = [
        "",
        "giữa",
        "giua",
        "giữa ",
        "giữa\n",
        "giữa \n",
        "giữa\u00a0",
        "giua\t \n",
        "giữa x",
        "xgiữa",
        "giữa\n\n",
    ]
    for text in [*_views(corpus_files, False), *_views(corpus_files, True)]:
        for k in range(0, len(text), 7):
            windows.append(text[max(0, k - 30) : k])
        for m in re.finditer(r"gi(?:ữ|u)a", text):
            windows += [text[max(0, m.end() - 30) : m.end() + n] for n in range(3)]
    for w in windows:
        assert w.rstrip().endswith(G._BETWEEN_WORDS) == bool(G._BETWEEN.search(w)), repr(w)
