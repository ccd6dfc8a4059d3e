"""The fast paths of textfold (tabled lists, straight-to-words fold) give what the
per-character definition gives, for every code point they may meet."""

from __future__ import annotations

import re

import pytest

from cchc_kg.loaders.textfold import _FOLD, fold, fold_same_length, words_of_folded

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
    assert fold(text).startswith(" ")


# The fold codec (textfold._fold_codec): whole documents, and texts that reach its error
# handler (an unslotted character with a slotted fold) or give up on it (a fold no byte has).
def _documents() -> list[str]:
    from tests.conftest import CORPUS, EXAMPLES

    files = sorted(CORPUS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def test_codec_folds_documents_as_the_table() -> None:
    from cchc_kg.loaders.textfold import fold_by_table, fold_by_words_table

    texts = _documents()
    assert texts
    for text in texts:
        assert fold_same_length(text) == fold_by_table(text) == _reference_same_length(text)
        assert fold(text) == fold_by_words_table(text) == _reference_fold(text)
        for line in text.splitlines():
            assert fold(line) == fold_by_words_table(line)


@pytest.mark.parametrize("odd", ["Ẵ", "Ỹ", "\x01", "√", "Ω", "\U0001f600", "\ufffe", "ﬁ", "\u0301"])
def test_codec_handler_and_fallback(odd: str) -> None:
    text = f"Nhiệm vụ cải cách hành chính {odd}Ẳ{odd}{odd} năm 2025"
    assert fold_same_length(text) == _reference_same_length(text)
    assert fold(text) == _reference_fold(text)


def test_codec_is_the_fast_map() -> None:
    from cchc_kg.loaders.textfold import _slots

    chars, encoding_map = _slots()
    assert not isinstance(encoding_map, dict)  # a dict is charmap_encode's per-character Python path
    assert len(chars) == len(set(chars)) == 256


def test_codec_folds_short_texts() -> None:
    # short texts take the codec too (no length threshold): every code point alone and
    # inside a short Vietnamese word
    for code in _CODES:
        for text in (chr(code), f"Số{chr(code)}đ"):
            assert fold_same_length(text) == _reference_same_length(text), hex(code)
            assert fold(text) == _reference_fold(text), hex(code)


def test_words_of_folded_is_the_words_regex() -> None:
    texts = [fold_same_length(t) for t in _documents()] + _CHUNKS + ["", "  ", "a", "-x-"]
    for text in texts:
        assert words_of_folded(text) == " " + " ".join(re.findall(r"[a-z0-9]+", text)) + " "


def test_translate_all_is_each_codec() -> None:
    from cchc_kg.loaders.model import SourceText
    from cchc_kg.loaders.segment import _space_codec, segment
    from cchc_kg.loaders.textfold import fold_codec, translate_all

    texts = _documents() + _CHUNKS[:50] + ["", "Việt Nam Ẵ ΟΔΟΣ \u2003"]
    for text in texts:
        codecs = (fold_codec(), _space_codec())
        assert translate_all(text, codecs) == [codec(text) for codec in codecs]
        assert segment(SourceText("x.txt", text, "0")).folded == fold_same_length(text)
