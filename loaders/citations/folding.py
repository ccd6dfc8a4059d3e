"""Same-length folding of citation text: one output character per input character, so a
regex match on the folded text gives offsets into the original text (spans stay exact).

On top of :func:`cchc_kg.loaders.textfold.fold_same_length` (lower case, no diacritics) it
maps the confusables real documents print inside numbers: U+00D0 "Ð" for "Đ", no-break and
other odd spaces, en/em dashes and minus signs, full-width digits and slashes (domain.md §3).
Pure.
"""

from __future__ import annotations

import re
import unicodedata

from ..textfold import fold_same_length

_CONFUSABLES: dict[int, str] = {
    ord("ð"): "d",
    ord("Ð"): "d",
    ord("\u00a0"): " ",  # no-break space
    ord("\u2007"): " ",
    ord("\u202f"): " ",
    ord("\u2009"): " ",
    ord("\t"): " ",
    ord("\u2010"): "-",
    ord("\u2011"): "-",
    ord("\u2012"): "-",
    ord("\u2013"): "-",  # en dash
    ord("\u2014"): "-",  # em dash
    ord("\u2212"): "-",  # minus sign
    ord("\uff0f"): "/",  # full-width solidus
    ord("\u2044"): "/",  # fraction slash
    ord("\uff0d"): "-",
}
_CONFUSABLES.update({0xFF10 + i: str(i) for i in range(10)})  # full-width digits


def fold_text(text: str) -> str:
    """``text`` folded for matching, character for character.

    >>> fold_text("Nghị định số 107/2020/NÐ\u2013CP")
    'nghi dinh so 107/2020/nd-cp'
    """
    folded = fold_same_length(text).translate(_CONFUSABLES)
    assert len(folded) == len(text)
    return folded


def fold_words(text: str) -> str:
    """Folded, punctuation dropped, single spaces: for comparing names.

    >>> fold_words("Luật Phòng, chống  tham nhũng")
    'luat phong chong tham nhung'
    """
    return " ".join(re.findall(r"[a-z0-9]+", fold_text(unicodedata.normalize("NFC", text))))
