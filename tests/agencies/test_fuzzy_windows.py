"""The windows the OCR fuzzy matcher scores, found by regular expressions over a word
signature (a speed-up), are exactly those a scan of every window would score: a name of
the same width ending on a word of the same first letter, a name one word longer or
shorter ending on the same word, or a name of the same word lengths; beginning only at
the words given as live."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_kg.loaders.agencies.matching import _WORD, _fuzzy_all_cased, _fuzzy_indexes, _windows
from cchc_kg.loaders.agencies.text import normalise


def scan(words: list[str], slug: str, live: list[bool] | None = None) -> list[tuple[int, int]]:
    out = []
    for i, word in enumerate(words):
        index = _fuzzy_indexes(slug).get(word[0])
        if index is None or (live is not None and not live[i]):
            continue
        for k in range(2, min(9, len(words) - i + 1)):
            last, width = words[i + k - 1], index.widths[k]
            if last[0] in width.same or last in width.near or tuple(map(len, words[i : i + k])) in width.soft:
                out.append((i, k))
    return out


@pytest.mark.parametrize("slug", ["kon-tum", "quang-nam"])
def test_same_windows_as_a_scan(corpus_files: list[Path], slug: str) -> None:
    total = 0
    for path in corpus_files:
        words = _WORD.findall(normalise(path.read_text(encoding="utf-8"), ocr=True).text)
        got = [divmod(key, 16) for key in _windows(words, slug)]
        assert got == scan(words, slug), path.name
        total += len(got)
        # Windows beginning only at some words (every name is printed with a capital).
        assert _fuzzy_all_cased(slug)
        live = [i % 3 != 1 and not w.startswith("t") for i, w in enumerate(words)]
        assert [divmod(key, 16) for key in _windows(words, slug, live)] == scan(words, slug, live)
    assert total > 1000
