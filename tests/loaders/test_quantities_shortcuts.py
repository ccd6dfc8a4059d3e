"""The shortcuts of quantities.py against the plain computations they replace, on the
folded text of the corpus and the bundled examples and on made-up contexts."""

from __future__ import annotations

import random
import re

import pytest

from cchc_kg.loaders.formats import read_data
from cchc_kg.loaders.quantities import (
    _EXCLUDED_BEFORE,
    _INDEXES_PLAIN,
    INDEXES,
    NUMBER,
    _may_name_index,
    _may_name_index_plain,
    excluded_before,
)
from cchc_kg.loaders.textfold import fold_same_length
from tests.conftest import CORPUS, EXAMPLES


def _texts() -> list[tuple[str, str]]:
    """(file name, text) of every corpus document and text example."""
    paths = sorted(CORPUS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))
    return [(p.name, read_data(p.name, p.read_bytes()).text) for p in paths]


@pytest.mark.parametrize(("name", "text"), _texts())
def test_excluded_before_equals_the_search(name: str, text: str) -> None:
    folded = fold_same_length(text)
    # the 24 characters before every number, and before every position of a sample
    contexts = [folded[max(0, m.start() - 24) : m.start()] for m in NUMBER.finditer(text)]
    rnd = random.Random(name)
    contexts += [
        folded[max(0, a - rnd.randrange(1, 40)) : a]
        for a in (rnd.randrange(len(folded)) for _ in range(3000))
    ]
    hits = 0
    for before in contexts:
        expected = _EXCLUDED_BEFORE.search(before) is not None
        assert excluded_before(before) == expected, repr(before)
        hits += expected
    assert hits > 0


def test_excluded_before_equals_the_search_on_made_up_contexts() -> None:
    pieces = [
        "iso",
        "iso 9001",
        "iso 9001:",
        "tcvn",
        "so",
        "ngay",
        "thang",
        "quy",
        "dieu",
        "khoan",
        "nghi dinh",
        "thong tu",
        "muc do",
        "muc d0",
        "mc do",
        "mac d12",
        "muc do 3,",
        "muc do 3 va",
        "muc do 3  va",
        "x",
        "a",
        "1",
        " ",
        "  ",
        "\n",
        ",",
        "va",
        "bso",
        "xiso",
        "9",
        "do",
        "c d",
    ]
    rnd = random.Random(0)
    for _ in range(20000):
        before = "".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 6)))
        assert excluded_before(before) == (_EXCLUDED_BEFORE.search(before) is not None), repr(before)


@pytest.mark.parametrize(("name", "text"), _texts())
def test_may_name_index_equals_a_find_per_word(name: str, text: str) -> None:
    folded = fold_same_length(text)
    rnd = random.Random(name)
    found = 0
    for _ in range(3000):
        a = rnd.randrange(len(folded))
        b = a + rnd.randrange(0, 300)
        got = _may_name_index(folded, a, b)
        assert got == _may_name_index_plain(folded, a, b)
        found += got
    assert _may_name_index(folded) == _may_name_index_plain(folded)
    assert found > 0


@pytest.mark.parametrize(("name", "text"), _texts())
def test_index_patterns_find_what_the_plain_patterns_find(name: str, text: str) -> None:
    """The same matches, over the folded document and its words, from and to any place
    (a look-behind and "\\b" see the characters before ``pos``; both stop at ``endpos``)."""
    folded = fold_same_length(text)
    words = " ".join(re.findall(r"[a-z0-9]+", folded))
    extra = (
        " par index 2021, parindex, xpar index, chi so cchc, chi s0 cai cach hanh chinh; sipas, papi pci dti"
    )
    rnd = random.Random(name)
    found = 0
    for subject in (folded, words, extra, extra.replace(" ", "")):
        ranges = [(0, len(subject))] + [
            (a, a + rnd.randrange(0, 400)) for a in (rnd.randrange(len(subject)) for _ in range(300))
        ]
        for (label, plain), (label2, fast) in zip(_INDEXES_PLAIN, INDEXES, strict=True):
            assert label == label2
            for a, b in ranges:
                got = [m.span() for m in fast.finditer(subject, a, b)]
                assert got == [m.span() for m in plain.finditer(subject, a, b)], (label, a, b)
                found += len(got)
    assert found > 0
