"""The channel model of the diacritic restorer: how an OCR token relates to a syllable.

Holds the OCR glyph confusions and the readings of a token as letters (:func:`_variants`,
:func:`_has_mark`), the costs of editing one character into another (:func:`_sub`,
:func:`_indel`, by a syllable's shape: :func:`_shape_char`), the cost of the marks alone
(:func:`_mark_cost`) and the weighted edit distance from one reading to many syllables
(:class:`_Aligner`). Kept apart from the search that uses them (:mod:`.candidates`) so the
costs can be read and tested on their own.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from .model import _fold

# Glyphs the OCR substitutes for letters (after lower-casing): what each usually stands for.
# A glyph standing for a marked vowel becomes that vowel with a hat (a mark the channel
# model treats as "some mark was here"); "¢" is read both ways.
_GLYPH = {"1": "l", "|": "l", "!": "l", "6": "ô", "0": "ô", "@": "đ", "8": "ê", "&": "ê", "€": "ê", "4": "ã"}
_GLYPH_ALT = {"¢": ("ô", "ê")}
_GLYPH_VOWELS = {"ô", "ê"}  # vowels only ever produced from glyphs by the maps above
GLYPH_HAT = 0.4  # the glyph's hat differs from the syllable's (ô read, ơ or o meant)
# Multi-letter OCR renderings of ư / ơ / ộ ("tir" = từ, "ctia" = của, "dudng" = dưỡng).
_MULTI = (("ir", "u"), ("it", "u"), ("tt", "u"), ("ii", "u"), ("ti", "u"), ("w", "u"), ("tr", "u"))

EDIT_COST = 2.4  # log-probability cost of one edit between OCR token and syllable
MARK_LOST = 0.25  # the OCR printed no mark where the syllable has one (very common)
MARK_INVENTED = 1.6  # the OCR printed a mark where the syllable has none (rare)


def _variants(token: str) -> set[str]:
    """Readings of an OCR token as letters (glyph confusions undone, marks the OCR printed
    kept so the channel model can see them)."""
    low = unicodedata.normalize("NFKC", token).lower()  # OCR ligatures: "dﬁy" is "dfiy"
    out = {""}
    for c in low:
        options = _GLYPH_ALT.get(c, (_GLYPH.get(c, c),))
        out = {v + o for v in out for o in options}
    for v in list(out):
        if v.startswith("p") and not v.startswith("ph"):
            out.add("đ" + v[1:])  # "Pat" = Đạt: the OCR reads Đ as P
        if v.startswith("i") and len(v) > 1 and _fold(v[1]) not in "aeiou":
            out.add("l" + v[1:])  # "Iy" = lý
    for old, new in _MULTI:
        for v in list(out):
            if old in v[1:]:
                out.add(v[0] + v[1:].replace(old, new))
    return {v for v in out if v.isalpha()}


def _has_mark(token: str) -> bool:
    """Whether the OCR token shows any trace of a diacritic (a marked letter or a glyph)."""
    letters = [c for c in token.lower() if c != "đ"]
    return any(c in _GLYPH and c not in "1|!" for c in letters[1:]) or any(
        c.isalpha() and not c.isascii() for c in letters
    )


_PLAIN_VOWELS = set("aeiouy")
# Plain vowels the OCR prints for a vowel with a hat or horn: "ning" = nâng, "nim" = năm,
# "véi" = với, "tré" = trở, "giit" = giữ.
_CONFUSED = {("i", "â"), ("i", "ă"), ("e", "ơ"), ("i", "ư"), ("e", "ô"), ("a", "â"), ("o", "ơ"), ("u", "ư")}


def _base_vowel(c: str) -> str:
    """The vowel with its hat or horn but without its tone: "ấ" → "â", "ự" → "ư"."""
    d = unicodedata.normalize("NFD", c)
    keep = "".join(ch for ch in d if ch not in "\u0300\u0301\u0303\u0309\u0323")
    return unicodedata.normalize("NFC", keep)


def _garbled(c: str) -> bool:
    """A vowel with a hat, horn or tone mark: what the OCR most often misreads."""
    return c != _fold(c) and c != "đ"


@cache
def _indel(c: str) -> float:
    return 0.8 if _garbled(c) else 1.5 if _fold(c) in _PLAIN_VOWELS else 2.0


@cache
def _sub(x: str, y: str) -> float:
    fx, fy = _fold(x), _fold(y)
    if fx == fy:
        # a glyph tells the hat: "6" is ô, not ơ ("t6i" = tối rather than tới)
        return GLYPH_HAT if x in _GLYPH_VOWELS and _base_vowel(y) != x else 0.0
    if fy not in _PLAIN_VOWELS:
        return 2.0
    if x != fx or fx not in _PLAIN_VOWELS:
        # the OCR printed a mark or a glyph here: some marked vowel, base unreliable
        return 0.5 if _garbled(y) else 1.5
    return 0.5 if (fx, _base_vowel(y)) in _CONFUSED else 1.5


class _SubRow(dict[str, float]):
    """``_sub(x, y)`` for one printed character ``x``, by ``y``: filled on first use. The
    edit distance asks for it ~2 million times on the OCR document; a dict look-up is
    cheaper than the two-argument cache."""

    __slots__ = ("x",)

    def __init__(self, x: str) -> None:
        super().__init__()
        self.x = x

    def __missing__(self, y: str) -> float:
        cost = self[y] = _sub(self.x, y)
        return cost


class _IndelTable(dict[str, float]):
    """``_indel(c)`` by ``c``, filled on first use (same reason as :class:`_SubRow`)."""

    def __missing__(self, c: str) -> float:
        cost = self[c] = _indel(c)
        return cost


_INDEL = _IndelTable()


@cache
def _sub_row(x: str) -> _SubRow:
    return _SubRow(x)


def _shape_char(c: str) -> str:
    """A character the edit costs cannot tell from ``c``: they see a vowel's letter, its hat
    or horn and whether it carries any mark, never which tone. "ấ", "ầ" and "â" cost the
    same against every OCR character, and so do "á", "à" and "ạ"."""
    base = _base_vowel(c)
    if base != _fold(c):
        return base  # a hat or horn: the tone adds nothing the costs see
    if _garbled(c):
        return unicodedata.normalize("NFC", base + "\u0301")  # a tone on a plain vowel
    return c


def _mark_cost(token_marked: bool, syllable_marked: bool) -> float:
    """Channel cost of the marks alone (0 where the OCR token and the syllable agree)."""
    if token_marked and not syllable_marked:
        return MARK_INVENTED
    if syllable_marked and not token_marked:
        return MARK_LOST
    return 0.0


class _Aligner:
    """Weighted edit distances from one plain OCR reading to many syllables.

    The distance is the dynamic programme of the classic edit distance, run column by
    column (one column per syllable character), so syllables sharing a prefix share its
    columns; and as the costs see only a syllable's shape (:func:`_shape_char`), all the
    tones of one shape share everything. The OCR garbles the marked vowels and keeps the
    consonants and plain vowels, so editing a marked vowel is cheap (0.5 to replace, 0.8 to
    drop or add), a plain vowel dear (1.5) and a consonant dearer (2).
    """

    __slots__ = ("_rows", "_columns")

    def __init__(self, ocr: str) -> None:
        self._rows = [_sub_row(x) for x in ocr]  # per OCR character: its cost of replacement
        first = [0.0]
        for _ in ocr:
            first.append(first[-1] + 2.0)  # dropping OCR characters before the syllable
        self._columns: dict[str, list[float]] = {"": first}

    def distance(self, shape: str) -> float:
        """Edit distance from the OCR reading to a syllable of this shape."""
        columns = self._columns
        col = columns.get(shape)
        if col is None:
            before = columns.get(shape[:-1])  # usually there: shapes share all but the last
            if before is None:
                before = self._column(shape[:-1])
            col = columns[shape] = self._extend(before, shape[-1])
        return col[-1]

    def _column(self, prefix: str) -> list[float]:
        col = self._columns.get(prefix)
        if col is None:
            col = self._columns[prefix] = self._extend(self._column(prefix[:-1]), prefix[-1])
        return col

    def _extend(self, col: list[float], y: str) -> list[float]:
        """The next column: ``col`` is the cost of each OCR prefix against the syllable
        prefix, ``y`` the syllable character added. The three moves are those of the
        row-by-row programme, so every cell is the same minimum of the same sums."""
        add = _INDEL[y]  # adding y
        above = col[0] + add
        out = [above]
        for diag, left, row in zip(col, col[1:], self._rows, strict=False):
            best = diag + row[y]  # replace (or keep) the OCR character by y
            up = above + 2.0  # drop the OCR character
            if up < best:
                best = up
            left = left + add  # add y
            if left < best:
                best = left
            above = best
            out.append(best)
        return out
