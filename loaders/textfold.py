"""Diacritic folding of Vietnamese text, for matching OCR output that lost its diacritics.

Two forms:

* :func:`fold` — lower-case, diacritics stripped (đ → d), punctuation reduced to single
  spaces and padded with spaces, for whole-word ``in`` tests of labels;
* :func:`fold_same_length` — lower-case, diacritics stripped, one output character per input
  character, so a regex match on the folded text gives offsets into the original text;
* :func:`fold_printed` — the same, with the confusables printed inside numbers mapped too
  (U+00D0 "Ð", no-break spaces, en/em dashes and minus, full-width digits and slashes);
* :func:`fold_words` — :func:`fold_printed` reduced to its words, for comparing names;
* :func:`strip_diacritics` — diacritics stripped, case and everything else kept, one
  character per character (for regex sources, whose escapes are case-bound).

Pure.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _codecs import _EncodingMap


def _base_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    decomposed = unicodedata.normalize("NFD", c)
    base = decomposed[0] if decomposed else c
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


class _FoldTable(dict[int, str]):
    """A :meth:`str.translate` table filled on first use of each character (whole texts are
    folded on every extraction: a per-character Python loop is the slow part)."""

    def __missing__(self, code: int) -> str:
        folded = _base_char(chr(code))
        self[code] = folded
        return folded


_FOLD = _FoldTable()

# Code points whose folding is tabled ahead (Latin with Vietnamese, combining marks,
# punctuation, symbols, ligatures, full-width forms): str.translate looks characters up in
# a plain table faster than in the self-filling one. Text with any other character goes
# through the self-filling table.
_TABLED = (
    (0x00, 0x24F),
    (0x300, 0x36F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x22FF),
    (0x2500, 0x26FF),
    (0x3000, 0x303F),
    (0xFB00, 0xFB4F),
    (0xFF00, 0xFFEF),
)
# Below this length the check for untabled characters costs more than the faster lookups
# save (measured: the crossover is near 24 characters of Vietnamese text).
_SHORT = 32
# The table is a list of code points indexed by code point, up to U+22FF: str.translate
# looks a character up in a list ~20 % faster than in a dict (no hashing, and an int result
# is written without the checks a str result needs). A code point past the end of the list
# is left as it is (translate takes the IndexError for "no mapping"), which is its fold
# for every tabled character above U+22FF but a few (full-width letters, Hebrew
# presentation forms): those, and every untabled character, send the text to _FOLD.
_LIST_END = 0x2300


@lru_cache(maxsize=1)
def _tabled_fold() -> tuple[list[int], re.Pattern[str]]:
    """The folding of every tabled code point below :data:`_LIST_END` as a list of code
    points (made once, ~1 ms), and a pattern of the characters the list does not serve."""
    table = list(range(_LIST_END))  # untabled entries are never read (the pattern sends their text to _FOLD)
    served: list[int] = []
    for a, b in _TABLED:
        for code in range(a, b + 1):
            folded = _FOLD[code]
            if code < _LIST_END:
                table[code] = ord(folded)
                served.append(code)
            elif folded == chr(code):
                served.append(code)
    return table, re.compile(f"[^{code_class(served)}]")


def code_class(codes: Iterable[int]) -> str:
    """The body of a regex class of the code points ``codes``, as ranges of consecutive
    ones (a class of hundreds of single letters compiles and scans slower).

    >>> print(code_class([0x61, 0x62, 0x63, 0x78]))
    \\u0061-\\u0063\\u0078
    """
    codes = sorted(set(codes))
    parts: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        parts.append(f"\\u{codes[i]:04x}" + (f"-\\u{codes[j]:04x}" if j > i else ""))
        i = j + 1
    return "".join(parts)


def fold_same_length(text: str) -> str:
    """``text`` lower-cased without diacritics, character for character.

    >>> fold_same_length("Số: 4514 /KH-UBND")
    'so: 4514 /kh-ubnd'
    """
    if text.isascii():
        return text.lower()  # what the table gives for ASCII, without a lookup per character
    # two C loops of a table lookup per character (see CharCodec): ~8x faster than
    # str.translate, which calls the table's __getitem__ for every character, and faster
    # from the shortest texts on (half the time of translate on 9 characters)
    return _fold_codecs()[0](text)


def fold_by_table(text: str) -> str:
    """:func:`fold_same_length` of a non-ASCII ``text`` by :meth:`str.translate` (the
    plain computation; the codec is checked against it)."""
    if len(text) < _SHORT:
        return text.translate(_FOLD)
    table, off_table = _tabled_fold()
    if off_table.search(text):
        return text.translate(_FOLD)
    return text.translate(table)


# A charmap codec pair maps text character by character in C: an encoding that gives each
# character of a fixed set its own byte (a C lookup table, built by codecs.charmap_build)
# and a decoding that turns each byte into the image of that character. The 256 bytes hold
# printable ASCII with NUL, tab, form feed and line ends, every Vietnamese letter in both
# cases and the punctuation such texts use. Any other character reaches the error handler,
# which writes a byte whose decoding is that character's image when one exists (an
# unslotted capital folds to an ASCII letter) and otherwise gives up: the text is then
# mapped by the plain computation. Either way each character comes out as its image.
_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
_VIETNAMESE = [unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES] + ["đ"]
# (100 ASCII and 134 letters leave 22 bytes: the non-ASCII punctuation of the corpus and
# of the encoding detector's neutral set, ligatures of PDF text, "Ð" printed for "Đ")
_SLOTTED_PUNCTUATION = "\u00a0–—‘’“”…•·°§«»×€¢¥ﬁﬂ−Ð"


class _Unmappable(Exception):
    """A character whose image no byte of the codec decodes to."""


@lru_cache(maxsize=1)
def _slots() -> tuple[str, _EncodingMap]:
    """The 256 characters with a byte of their own, and the encoding map giving it."""
    letters = [c for c in _VIETNAMESE if not c.isascii()]
    # NUL first: charmap_build makes its fast C map only for a table that starts with it
    kept = [chr(c) for c in (0, 9, 10, 12, 13, *range(32, 127))]
    wanted = list(dict.fromkeys(kept + [*letters, *(c.upper() for c in letters), *_SLOTTED_PUNCTUATION]))
    # the rest of the 256 bytes go to the other ASCII controls, as long as there is room
    spare = [chr(c) for c in (*range(1, 9), 11, *range(14, 32), 127)]
    chars = "".join((wanted + spare)[:256])
    assert len(wanted) <= 256 and len(chars) == 256, "the codec has 256 bytes"
    encoding_map = codecs.charmap_build(chars)
    # a dict (charmap_build's answer to a table it cannot map in C) is the per-character path
    assert not isinstance(encoding_map, dict), "the codec's map is a C table"
    return chars, encoding_map


class CharCodec:
    """``"".join(map(image, text))`` for a function ``image`` from a character to one
    character, by the charmap codec pair described above; ``plain`` (by default that join)
    maps a text with a character whose image no byte has."""

    def __init__(
        self, name: str, image: Callable[[str], str], plain: Callable[[str], str] | None = None
    ) -> None:
        chars, self._encoding_map = _slots()
        images = [image(c) for c in chars]
        assert all(len(i) == 1 for i in images), "one character for one character"
        self._decoding_table = "".join(images)
        byte_of: dict[str, int] = {}
        for byte, img in enumerate(images):
            byte_of.setdefault(img, byte)
        self._image = image
        self._plain = plain
        self._errors = f"cchc_kg.textfold.{name}"

        def unslotted(error: UnicodeError) -> tuple[bytes, int]:
            assert isinstance(error, UnicodeEncodeError)
            run = error.object[error.start : error.end]
            try:
                return bytes([byte_of[image(c)] for c in run]), error.end
            except KeyError:
                raise _Unmappable from None

        codecs.register_error(self._errors, unslotted)

    def __call__(self, text: str) -> str:
        try:
            coded = codecs.charmap_encode(text, self._errors, self._encoding_map)[0]
        except _Unmappable:
            return self._plain(text) if self._plain else "".join(map(self._image, text))
        return codecs.charmap_decode(coded, "strict", self._decoding_table)[0]


def translate_all(text: str, char_codecs: tuple[CharCodec, ...]) -> list[str]:
    """``[codec(text) for codec in char_codecs]``, encoding ``text`` once when every one of
    its characters has a byte of its own (the usual case: then no error handler, the only
    part that differs between the codecs, is called)."""
    try:
        coded = codecs.charmap_encode(text, "strict", _slots()[1])[0]
    except UnicodeEncodeError:
        return [codec(text) for codec in char_codecs]
    return [codecs.charmap_decode(coded, "strict", codec._decoding_table)[0] for codec in char_codecs]


def fold_codec() -> CharCodec:
    """The CharCodec of :func:`fold_same_length` (for :func:`translate_all`)."""
    return _fold_codecs()[0]


@lru_cache(maxsize=1)
def _fold_codecs() -> tuple[CharCodec, CharCodec, CharCodec]:
    """The codecs of :func:`fold_same_length`, of :func:`fold` and of
    :func:`words_of_folded` (the last two before the split into words)."""
    return (
        CharCodec("fold", _fold_char, fold_by_table),
        CharCodec("fold-words", lambda c: _word_char(_fold_char(c))),
        CharCodec("words", _word_char),
    )


def _fold_char(c: str) -> str:
    return _FOLD[ord(c)]


def _word_char(folded: str) -> str:
    """What :func:`fold` makes of a folded character: itself in a word, else a space."""
    return folded if folded in _WORD_CHARS else " "


# What real documents print inside numbers and dates (domain.md §3), one character each.
_CONFUSABLES: dict[int, str] = {
    ord("ð"): "d",  # U+00F0 / U+00D0 "Ð" printed for "Đ"
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
    **{0xFF10 + i: str(i) for i in range(10)},  # full-width digits
}


_CONFUSABLE_PAIRS = tuple((chr(code), to) for code, to in _CONFUSABLES.items())


def fold_printed(text: str) -> str:
    """:func:`fold_same_length` with the confusables of printed numbers mapped, still one
    character per character (spans stay exact).

    >>> fold_printed("Nghị định số 107/2020/NÐ\u2013CP")
    'nghi dinh so 107/2020/nd-cp'
    """
    return printed_from_folded(fold_same_length(text))


def printed_from_folded(folded: str) -> str:
    """:func:`fold_printed` of a text whose :func:`fold_same_length` is ``folded`` (a
    document's is made once, :attr:`~cchc_kg.loaders.model.Segmented.folded`).

    One str.replace per confusable present: :meth:`str.translate` with a table that lacks
    most characters costs an exception per character. No replacement is itself a
    confusable, so the order does not matter.
    """
    # one C substring search per confusable: a regex class scans in the slower sre loop
    # (0.2 ms against 0.03 on a 50 kB document)
    if not any(ch in folded for ch, _ in _CONFUSABLE_PAIRS):
        return folded
    for ch, to in _CONFUSABLE_PAIRS:
        folded = folded.replace(ch, to)
    return folded


def fold_words(text: str) -> str:
    """NFC, :func:`fold_printed`, punctuation dropped, single spaces: for comparing names.

    >>> fold_words("Luật Phòng, chống  tham nhũng")
    'luat phong chong tham nhung'
    """
    return " ".join(_WORDS.findall(fold_printed(unicodedata.normalize("NFC", text))))


def fold(text: str) -> str:
    """Lower-case, strip diacritics and reduce punctuation to spaces, so "Chỉ đạo, điều
    hành" and OCR "chi dao dieu hanh" compare equal. Padded with one space each side so
    that ``" cong vu " in fold(x)`` tests whole words.

    >>> fold("Chỉ đạo, điều hành")
    ' chi dao dieu hanh '
    """
    # each character straight to its folded letter or digit, or to a space (a CharCodec):
    # the words are then what str.split finds (a regex findall and a join of every word
    # cost more than the folding, for short texts too)
    return " " + " ".join(fold_chars(text).split()) + " "


def fold_chars(text: str) -> str:
    """:func:`fold` before its split into words: each character becomes its folded letter
    or digit, or a space, so the result has the length of ``text`` (for a search that
    lets a run of spaces stand for one).

    >>> fold_chars("Chỉ đạo, điều hành")
    'chi dao  dieu hanh'
    """
    return _fold_codecs()[1](text)


def fold_by_words_table(text: str) -> str:
    """:func:`fold` by :meth:`str.translate` (the plain computation the codec replaces)."""
    if len(text) >= _SHORT:
        table, off_table = _word_fold()
        if not off_table.search(text):
            return " " + " ".join(text.translate(table).split()) + " "
    return words_of_folded(fold_by_table(text) if not text.isascii() else text.lower())


@lru_cache(maxsize=1)
def _word_fold() -> tuple[list[int], re.Pattern[str]]:
    """For :func:`fold`: the tabled code points below :data:`_LIST_END` mapped to their
    fold when that is a letter or digit of a word (``[a-z0-9]``), else to a space; and a
    pattern of the characters the list does not serve."""
    table, _ = _tabled_fold()
    space = ord(" ")
    words = [code if chr(code) in _WORD_CHARS else space for code in table]
    served = [code for a, b in _TABLED for code in range(a, min(b + 1, _LIST_END))]
    return words, re.compile(f"[^{code_class(served)}]")


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def words_of_folded(folded: str) -> str:
    """:func:`fold` of a text whose :func:`fold_same_length` is ``folded`` (a slice of a
    document's folded text, :attr:`~cchc_kg.loaders.model.Segmented.folded`)."""
    # every character but [a-z0-9] to a space in one C pass (a CharCodec), then the words
    # are what str.split finds: a regex findall made a string per word and was slower
    return " " + " ".join(_fold_codecs()[2](folded).split()) + " "


_WORDS = re.compile(r"[a-z0-9]+")


def _strip_char(c: str) -> str:
    if c in "đĐ":
        return "d" if c == "đ" else "D"
    decomposed = unicodedata.normalize("NFD", c)
    return decomposed[0] if decomposed else c


def strip_diacritics(text: str) -> str:
    """``text`` without diacritics, case kept, character for character.

    >>> strip_diacritics("Sở Nội vụ tỉnh Đắk Nông")
    'So Noi vu tinh Dak Nong'
    """
    return "".join(_strip_char(c) for c in text)
