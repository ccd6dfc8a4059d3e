"""The fast paths of textfold (tabled lists, straight-to-words fold) give what the
per-character definition gives, for every code point they may meet."""

from __future__ import annotations

import re

import pytest

from cchc_kg.loaders.textfold import _FOLD, _SHORT, fold, fold_same_length, words_of_folded

# Every BMP code point but surrogates, in chunks long enough for the tabled paths.
_CODES = [c for c in range(0x10000) if not 0xD800 <= c < 0xE000]
_CHUNKS = ["".join(chr(c) for c in _CODES[i : i + 40]) for i in range(0, len(_CODES), 40)]


def _reference_same_length(text: str) -> str:
    return "".join(_FOLD[ord(c)] for c in text)


def _reference_fold(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", _reference_same_length(text))) + " "


@pytest.mark.parametrize("prefix", ["", "Việt Nam ", "Việt Nam " * 4])
def test_tabled_paths_match_the_per_character_fold(prefix: str) -> None:
    for chunk in _CHUNKS:
        text = prefix + chunk
        assert fold_same_length(text) == _reference_same_length(text), hex(ord(chunk[0]))
        assert fold(text) == _reference_fold(text), hex(ord(chunk[0]))
        spaced = " a-b ".join(chunk)  # words cut by every character
        assert fold(spaced) == _reference_fold(spaced), hex(ord(chunk[0]))


@pytest.mark.parametrize("text", ["", " ", "-" * 40, "x" * 40, "ĐẠI HỘI " * 6, "\u3000" * 40, "Số: 4514 /KH"])
def test_fold_edges(text: str) -> None:
    assert fold(text) == words_of_folded(fold_same_length(text)) == _reference_fold(text)
    assert len(text) < _SHORT or fold(text).startswith(" ")
