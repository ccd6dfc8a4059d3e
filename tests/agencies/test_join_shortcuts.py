"""Round-4 shortcuts of the normalised views, each checked against the plain computation
it replaces, on the corpus and example texts: the special-character test of ``_mapped``
(skip the regex when no special character is in the text) and the per-text end test of
``_plain_join`` (instead of searching the join for spaces next to newlines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_kg.loaders.agencies.text import (
    _SPECIAL,
    _SPECIALS,
    _mapped,
    _plain_join,
    normalise,
    normalise_blocks,
)
from cchc_kg.loaders.formats import read_data

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _texts(corpus_files: list[Path]) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in corpus_files]
    texts += [
        read_data(p.name, p.read_bytes()).text
        for p in sorted(EXAMPLES.iterdir())
        if p.suffix in (".txt", ".docx")
    ]
    return texts


def _plain_mapped(s: str, ocr: bool) -> str:
    """_mapped without the special-character test."""
    if not ocr and "Σ" not in s:
        low = s.lower()
        if len(low) == len(s):
            return _SPECIALS.sub(lambda m: _SPECIAL[ord(m.group())], low)
    from cchc_kg.loaders.agencies.text import _TABLES

    return s.translate(_TABLES[ocr])


def _plain_join_reference(joined: str, count: int) -> bool:
    """_plain_join as it was: the join searched for spaces at its ends and next to newlines."""
    import unicodedata

    return (
        joined.count("\n") == count - 1
        and joined.replace("\n", "").isprintable()
        and "  " not in joined
        and not joined.startswith(" ")
        and not joined.endswith(" ")
        and "\n " not in joined
        and " \n" not in joined
        and "Σ" not in joined
        and unicodedata.is_normalized("NFC", joined)
    )


@pytest.mark.parametrize("ocr", [False, True])
def test_mapped_is_plain(corpus_files: list[Path], ocr: bool) -> None:
    specials = "".join(map(chr, _SPECIAL))
    for text in _texts(corpus_files):
        for s in [text, *text.split("\n"), text[:500] + specials, "a" + specials[2] + "b", ""]:
            assert _mapped(s, ocr) == _plain_mapped(s, ocr)


def test_plain_join_is_plain(corpus_files: list[Path]) -> None:
    cases: list[list[str]] = [[], [""], ["", " a"], ["a ", ""], [" a"], ["a", "b "], ["a", "", "b"], ["a\nb"]]
    for text in _texts(corpus_files):
        lines = text.split("\n")
        cases += [lines, [t.strip() for t in lines], [t.strip() for t in lines if t.strip()]]
        stripped = [t.strip() for t in lines if t.strip()]
        for k in (0, len(stripped) // 2, len(stripped) - 1):
            if stripped:
                for edit in (" " + stripped[k], stripped[k] + " ", ""):
                    cases.append([*stripped[:k], edit, *stripped[k + 1 :]])
    for texts in cases:
        joined = "\n".join(texts)
        assert _plain_join(joined, texts) == _plain_join_reference(joined, len(texts)), texts[:3]


def test_blocks_are_normalised_one_by_one(corpus_files: list[Path]) -> None:
    for text in _texts(corpus_files):
        texts = [t.strip() for t in text.split("\n") if t.strip()]
        for ocr in (False, True):
            views = normalise_blocks(texts, ocr=ocr)
            assert [(v.text, tuple(v.origin)) for v in views] == [
                (n.text, tuple(n.origin)) for n in (normalise(t, ocr=ocr) for t in texts)
            ]


def test_tone_fixed_short_and_long(corpus_files: list[Path]) -> None:
    """_tone_fixed (one alternation on a short text, one pattern per first letter on a
    long one) is the chain of replacements, on lines, whole texts and texts full of pairs."""
    from cchc_kg.loaders.agencies.text import TONE_FIX, _tone_fixed

    pairs = " ".join(TONE_FIX) + " " + "".join(TONE_FIX.values()) + " uỷ ban hoá oáoà uỳuý"
    samples = [pairs, pairs * 30]
    for text in _texts(corpus_files):
        low = text.lower()
        samples += [low, *low.split("\n"), low[:399], low[:400], low[:1000] + pairs]
    for text in samples:
        want = text
        for old, new in TONE_FIX.items():
            want = want.replace(old, new)
        assert _tone_fixed(text) == want
