"""Diacritic folding of Vietnamese text, for matching OCR output that lost its diacritics.

Two forms:

* :func:`fold` — lower-case, diacritics stripped (đ → d), punctuation reduced to single
  spaces and padded with spaces, for whole-word ``in`` tests of labels;
* :func:`fold_same_length` — lower-case, diacritics stripped, one output character per input
  character, so a regex match on the folded text gives offsets into the original text.

Pure.
"""

from __future__ import annotations

import re
import unicodedata


def _base_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    decomposed = unicodedata.normalize("NFD", c)
    base = decomposed[0] if decomposed else c
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


def fold_same_length(text: str) -> str:
    """``text`` lower-cased without diacritics, character for character.

    >>> fold_same_length("Số: 4514 /KH-UBND")
    'so: 4514 /kh-ubnd'
    """
    return "".join(_base_char(c) for c in text)


def fold(text: str) -> str:
    """Lower-case, strip diacritics and reduce punctuation to spaces, so "Chỉ đạo, điều
    hành" and OCR "chi dao dieu hanh" compare equal. Padded with one space each side so
    that ``" cong vu " in fold(x)`` tests whole words.

    >>> fold("Chỉ đạo, điều hành")
    ' chi dao dieu hanh '
    """
    return " " + " ".join(re.findall(r"[a-z0-9]+", fold_same_length(text))) + " "
