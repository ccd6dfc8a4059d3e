"""The role-word patterns of loaders/roles.py open with their first letter and look behind
it for the word boundary (a fast scan); each must find exactly what its plain form
"\\b..." finds, on the folded text of every corpus document and example."""

from __future__ import annotations

import re

import pytest

from cchc_kg.loaders import roles
from cchc_kg.loaders.formats import read_data
from cchc_kg.loaders.roles import fold_roles
from cchc_kg.loaders.textfold import strip_diacritics
from tests.conftest import CORPUS, EXAMPLES

PLAIN = {
    "chu tri": (roles.CHU_TRI, r"\bch[a-z]{0,2} tr[i1]\b"),
    "phoi hop": (roles.PHOI_HOP, r"\bph[odbe60][i1] h[a-z0-9]p\b"),
    "phoi hop voi": (roles._ROLE_WORDS[1][0], r"\bph[odbe60][i1] h[a-z0-9]p\b(?: v[a-z0-9&]{1,2}(?=\s))?"),
    "theo doi": (roles._ROLE_WORDS[2][0], r"\btheo d[a-z0-9]{0,2}i\b"),
    "don doc": (roles._ROLE_WORDS[3][0], r"\bd[o0-9]n d[a-z0-9]{1,2}c\b"),
    "huong dan": (roles._ROLE_WORDS[4][0], r"\bh[a-z0-9]{2,3}ng d[a-z0-9]{1,2}n\b"),
}


def _folded_texts() -> list[str]:
    paths = sorted(CORPUS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))
    texts = [read_data(p.name, p.read_bytes()).text for p in paths]
    # as printed and without diacritics (OCR form), folded as the role readers fold
    return [fold_roles(t) for t in texts] + [fold_roles(strip_diacritics(t)) for t in texts]


@pytest.mark.parametrize("word", list(PLAIN))
def test_fast_role_pattern_finds_what_the_plain_one_finds(word: str) -> None:
    fast, plain_pattern = PLAIN[word]
    plain = re.compile(plain_pattern)
    found = 0
    for text in _folded_texts():
        spans = [m.span() for m in fast.finditer(text)]
        assert spans == [m.span() for m in plain.finditer(text)]
        found += len(spans)
        # a search from inside the text sees the same boundary before its start
        for pos in range(0, len(text), 997):
            a, b = fast.search(text, pos), plain.search(text, pos)
            assert (a.span() if a else None) == (b.span() if b else None)
    assert found, f"no {word} in the corpus: the comparison proves nothing"
