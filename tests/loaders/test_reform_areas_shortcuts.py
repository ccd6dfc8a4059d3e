"""The shortcut of classify_reform_area (a search on the unjoined word codec) against the
plain computation (the label search on fold()), on the corpus and the bundled examples."""

from __future__ import annotations

import random

import pytest

from cchc_kg.loaders.formats import read_data
from cchc_kg.loaders.reform_areas import _label_search, classify_reform_area, classify_reform_area_plain
from cchc_kg.loaders.segment import segment
from cchc_kg.loaders.textfold import strip_diacritics
from tests.conftest import CORPUS, EXAMPLES


def _texts() -> list[tuple[str, str]]:
    """(file name, text) of every corpus document and text example."""
    paths = sorted(CORPUS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))
    return [(p.name, read_data(p.name, p.read_bytes()).text) for p in paths]


@pytest.mark.parametrize(("name", "text"), _texts())
def test_classify_equals_the_plain_search(name: str, text: str) -> None:
    seg = segment(read_data(name, text.encode("utf-8")))
    samples = [line.text for line in seg.lines] + [b.text for b in seg.blocks]
    # pairs of blocks (several labels compete) and the raw text of runs of lines (line
    # ends, double spaces and punctuation between the words of a label)
    samples += [a.text + "  ,\n" + b.text for a, b in zip(seg.blocks, seg.blocks[1:], strict=False)]
    rnd = random.Random(name)
    for _ in range(300):
        a = rnd.randrange(len(text))
        samples.append(text[a : a + rnd.randrange(1, 400)])
    samples += [strip_diacritics(s) for s in samples[:200]]
    found = 0
    for s in samples:
        got = classify_reform_area(s)
        assert got == classify_reform_area_plain(s), s
        found += got is not None
    assert found > 0


def test_classify_equals_the_plain_search_on_label_words() -> None:
    """Word sequences of the labels with random separators (spaces, line ends, tabs,
    punctuation) and capitals and diacritics in any position."""
    _, ids = _label_search()
    words = sorted({w for label in ids for w in label.split()}) + ["x", "Cải", "CÁCH", "và", "đ"]
    seps = [" ", "  ", "\n", " \t", ", ", " - ", ".", "  \n  "]
    rnd = random.Random(0)
    for _ in range(5000):
        parts = [rnd.choice(words) for _ in range(rnd.randrange(1, 12))]
        text = rnd.choice(["", " ", "- "]) + "".join(p + rnd.choice(seps) for p in parts)
        text = text.upper() if rnd.random() < 0.2 else text
        assert classify_reform_area(text) == classify_reform_area_plain(text), text
