"""The shortcuts of loaders/targets.py against the plain computations they replace, on the
corpus and the bundled examples."""

from __future__ import annotations

import re

import pytest
from rapidfuzz import fuzz

from cchc_kg.loaders.formats import read_data
from cchc_kg.loaders.quantities import NUMBER
from cchc_kg.loaders.reform_areas import _labels as area_labels
from cchc_kg.loaders.segment import segment
from cchc_kg.loaders.targets import FUZZY_AREA, _area_words, _fuzzy_area, area_of_words
from cchc_kg.loaders.textfold import fold, strip_diacritics
from tests.conftest import CORPUS, EXAMPLES


def _texts() -> list[tuple[str, str]]:
    """(file name, text) of every corpus document and text example."""
    paths = sorted(CORPUS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))
    return [(p.name, read_data(p.name, p.read_bytes()).text) for p in paths]


def _plain_area(folded: str) -> str | None:
    """What targets._reform_area did before: a str.find per area word, the earliest word,
    the longest at one position, the first listed of equal ones."""
    best: tuple[int, int, str] | None = None
    for word, area in _area_words():
        pos = folded.find(f" {word} ")
        if pos >= 0 and (best is None or (pos, -len(word)) < best[:2]):
            best = (pos, -len(word), area)
    return best[2] if best else None


@pytest.mark.parametrize(("name", "text"), _texts())
def test_area_of_words_equals_a_find_per_word(name: str, text: str) -> None:
    blocks = [fold(b.text) for b in segment(read_data(name, text.encode("utf-8"))).blocks]
    # the blocks, and pairs of blocks: texts where several area words compete
    samples = blocks + [a[:-1] + b for a, b in zip(blocks, blocks[1:], strict=False)]
    found = [area_of_words(s) for s in samples]
    assert found == [_plain_area(s) for s in samples]
    assert any(found), "no area word in the document: the comparison proves nothing"


def test_area_words_are_padded_whole_words() -> None:
    assert area_of_words(fold("x")) is None
    word, area = _area_words()[0]
    assert area_of_words(f" {word} ") == area
    assert area_of_words(f" {word}x ") == _plain_area(f" {word}x ")


def _plain_fuzzy_area(heading: str) -> str | None:
    """What targets._fuzzy_area did before: every label scored in full."""
    folded = fold(heading).strip()
    best: tuple[float, str] | None = None
    for label, area in area_labels():
        score = fuzz.partial_ratio(label.strip(), folded) if len(folded) >= len(label.strip()) - 4 else 0.0
        if score >= FUZZY_AREA and (best is None or score > best[0]):
            best = (score, area)
    return best[1] if best else None


@pytest.mark.parametrize(("name", "text"), _texts())
def test_fuzzy_area_with_score_cutoffs_equals_full_scores(name: str, text: str) -> None:
    # every line, as printed and without its diacritics (the OCR form the match is for)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    samples = lines + [strip_diacritics(ln) for ln in lines]
    found = [_fuzzy_area(s) for s in samples]
    assert found == [_plain_fuzzy_area(s) for s in samples]
    assert any(found)


@pytest.mark.parametrize(("name", "text"), _texts())
def test_number_pattern_finds_what_the_plain_one_finds(name: str, text: str) -> None:
    plain = re.compile(r"(?<![\w/.,])\d+(?:[.,]\d+)*(?:/\d+(?:[.,]\d+)*)*(?:\s?%)?")
    spans = [m.span() for m in NUMBER.finditer(text)]
    assert spans == [m.span() for m in plain.finditer(text)]
    assert spans
    # from positions inside the text (the look-behind reads what precedes the start)
    for pos in range(1, len(text), 499):
        a, b = NUMBER.search(text, pos), plain.search(text, pos)
        assert (a.span() if a else None) == (b.span() if b else None)
