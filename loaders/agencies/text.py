"""Text normalisation for agency matching: orthography, case, OCR folding.

Matching runs on a *normalised view* of the text that keeps a map back to the source
offsets, so a match can always be quoted from the source. Every transformation here
keeps one normalised character per kept source character (tone re-placement swaps two
characters, case folding is done per character), so the map is a plain list.

Two views:

* ``orthographic``: NFC, ``Ð``→``Đ``, ``Uỷ``→``Ủy`` and the new tone placement
  (gold README §2), dashes unified, lower case, whitespace collapsed;
* ``folded`` (OCR text without diacritics, document 003): the orthographic view with
  the diacritics stripped and the OCR look-alikes of ``ơ`` (``&``, ``¢``, ``§``) read as
  ``o``. Tokens that are not words of the agency vocabulary are then repaired against
  it (see :func:`repair_tokens`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from ..textfold import fold_same_length
from . import patterns as P
from .patterns import TONE_FIX

__all__ = ["TONE_FIX", "NormText", "fold", "normalise", "orthographic", "repair_tokens"]

# Characters OCR engines print for a broken "ơ"/"ở" ("S& Noi vu", "S¢ Tai chinh").
OCR_O_LOOKALIKES = "&¢§©®"
DASHES = "–—‒−"


@dataclass(frozen=True)
class NormText:
    """A normalised view of a source text; ``origin[i]`` is the source offset of ``text[i]``
    (a ``range`` when the view keeps every offset)."""

    text: str
    origin: Sequence[int]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        if start >= end:
            o = (
                self.origin[start]
                if start < len(self.origin)
                else (self.origin[-1] + 1 if self.origin else 0)
            )
            return o, o
        return self.origin[start], self.origin[end - 1] + 1


# fold/orthographic are asked about the same few hundred names and phrases tens of
# thousands of times per corpus (about 43,000 calls, 500 distinct strings): memoised, with
# a bound so a long-running server does not grow without limit.
@lru_cache(maxsize=16384)
def fold(s: str) -> str:
    """The orthographic form with its diacritics stripped (for comparing OCR text with the
    gazetteer); the folding itself is :func:`cchc_kg.loaders.textfold.fold_same_length`."""
    return fold_same_length(orthographic(s))


@lru_cache(maxsize=16384)
def orthographic(s: str) -> str:
    """The orthographic normal form of a string (lower case), see :func:`normalise`."""
    return normalise(s).text


def _char(ch: str, ocr: bool) -> str:
    """The one character that stands for the non-space ``ch`` in the normalised view."""
    c = ch.lower()
    if len(c) != 1:  # a character whose lower case is two (İ): keep it
        c = ch
    if c == "ð":
        c = "đ"
    elif c in DASHES:
        c = "-"
    elif c in "’‘`´":
        c = "'"
    if ocr:
        c = "o" if c in OCR_O_LOOKALIKES else fold_same_length(c)
    return c


class _CharTable(dict[int, str]):
    """The :meth:`str.translate` table of :func:`_char`, filled on first use of each
    character (whitespace is kept as it is: the runs are collapsed afterwards)."""

    def __init__(self, ocr: bool) -> None:
        super().__init__()
        self.ocr = ocr

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = ch if ch.isspace() else _char(ch, self.ocr)
        self[code] = out
        return out


_TABLES = {False: _CharTable(False), True: _CharTable(True)}

# The whitespace runs that are not one plain space between two words: a leading run, a
# longer run, any other whitespace character (``\s`` is exactly ``str.isspace``).
_ODD_SPACE = re.compile(r"^\s+|\s{2,}|[^\S ]")
# What _char changes in a lower-case character of the orthographic view.
_SPECIAL = {ord("ð"): "đ"} | {ord(c): "-" for c in DASHES} | {ord(c): "'" for c in "’‘`´"}
_SPECIALS = re.compile("[" + "".join(chr(c) for c in _SPECIAL) + "]")
_SPECIAL_CHARS = tuple(chr(c) for c in _SPECIAL)
# The old placements of TONE_FIX, as one pattern per first letter ("o[áà...]"): the same
# matches as the alternation of the 15 pairs, without trying 15 branches at every "o" and
# "u" of a block. One pattern per letter, not one alternation of the two: a pattern that
# begins with a literal is searched for by that character alone (re's literal-prefix
# scan), ~3x faster over a document than the alternation's character-set scan.
_TONE_OLD = tuple(
    re.compile(re.escape(first) + "[" + "".join(old[1] for old in TONE_FIX if old[0] == first) + "]")
    for first in dict.fromkeys(old[0] for old in TONE_FIX)
)
# The alternation of those, for short texts (names), where one call costs less than two.
_TONE_OLD_ANY = re.compile("|".join(p.pattern for p in _TONE_OLD))
# From this length on a text is scanned as a document is (see _mapped, _tone_fixed).
_LONG_TEXT = 400


def _special(m: re.Match[str]) -> str:
    return _SPECIAL[ord(m.group())]


def _mapped(s: str, ocr: bool) -> str:
    """``s`` with every non-space character replaced by its :func:`_char`. The orthographic
    view is the lower case of the whole string (C) with a few characters replaced, unless
    a character lowers to two (İ), or a capital sigma lowers by its context (Σ)."""
    if not ocr and "Σ" not in s:
        low = s.lower()
        if len(low) == len(s):
            # The few special characters replaced where they are (translate would look up
            # every character of the text). Most texts have none: on a long text a
            # substring test per special character (C fast search) tells that ~20x faster
            # than the regex scan (a short one is scanned faster than the tests are made).
            if len(low) >= _LONG_TEXT and not any(c in low for c in _SPECIAL_CHARS):
                return low
            return _SPECIALS.sub(_special, low)
    return s.translate(_TABLES[ocr])


def normalise(s: str, *, ocr: bool = False) -> NormText:
    """NFC, one normalised character per kept source character (see :func:`_char`), each
    run of whitespace one space (none at the start or the end), new tone placement.

    One translation of the whole text, then only the whitespace runs that change (a
    newline, a double space, leading space) are visited: it runs on every block of every
    document, and most blocks have none or a few."""
    s = unicodedata.normalize("NFC", s)
    mapped = _mapped(s, ocr)
    # Printable text has no whitespace but plain spaces (str.isprintable): then only a
    # leading space or two spaces in a row change, both rare; no scan.
    if s.isprintable() and "  " not in s and not s.startswith(" "):
        odd = []
    else:
        odd = [m.span() for m in _ODD_SPACE.finditer(s)]
    text: str
    origin: Sequence[int]
    if not odd:
        text, origin = mapped, range(len(s))
    else:
        out: list[str] = []
        offsets: list[int] = []
        last = 0
        for start, end in odd:
            out.append(mapped[last:start])
            offsets.extend(range(last, start))
            if start > 0:  # leading whitespace is dropped, any other run is one space
                out.append(" ")
                offsets.append(start)
            last = end
        out.append(mapped[last:])
        offsets.extend(range(last, len(s)))
        text, origin = "".join(out), offsets
    if not ocr:
        text = _tone_fixed(text)
    text = text.rstrip(" ")
    return NormText(text, origin[: len(text)] if isinstance(origin, range) else tuple(origin[: len(text)]))


def _tone_fixed(text: str) -> str:
    """``text`` with every old tone placement of TONE_FIX swapped in place (same length,
    the map stays valid), in one pass: the same as replacing the pairs one after another,
    since no two old pairs overlap (a pair's second letter is a toned vowel, never the
    "o"/"u" a pair begins with) and a new pair never forms an old one with its neighbours
    (its first letter is never an old second one, its second, "a"/"e"/"y", never an old
    first one). One pass per first letter: the same, as a pair of one letter never makes
    or breaks a pair of the other (see above)."""
    if len(text) < _LONG_TEXT:
        return _TONE_OLD_ANY.sub(_new_tone, text)
    for pattern in _TONE_OLD:
        text = pattern.sub(_new_tone, text)
    return text


def _new_tone(m: re.Match[str]) -> str:
    return TONE_FIX[m.group()]


def normalise_blocks(texts: Sequence[str], *, ocr: bool = False) -> list[NormText]:
    """``[normalise(t, ocr=ocr) for t in texts]``, made by one pass over the texts joined
    by newlines when every text is one that :func:`normalise` only maps character for
    character (NFC already, printable, single spaces, no space at either end; the usual
    block of a document): each step is then a map of characters or of pairs of letters
    that never meets a newline, so the view of the join is the join of the views, and
    each text's view is its slice of it with the identity map. Otherwise, text by text.

    Why: the agency stage normalised each of a document's blocks (hundreds) on its own,
    and the fixed cost of a call (NFC, case, tone look-up, checks) was most of it."""
    joined = "\n".join(texts)
    if not _plain_join(joined, texts):
        return [normalise(t, ocr=ocr) for t in texts]
    text = _mapped(joined, ocr)
    if not ocr:
        text = _tone_fixed(text)
    out: list[NormText] = []
    start = 0
    for t in texts:
        end = start + len(t)
        out.append(NormText(text[start:end], range(len(t))))
        start = end + 1
    return out


# What joins the views of a document's blocks for one scan (see :func:`joined_views`).
NUL = "\x00"


def joined_views(texts: Sequence[str]) -> tuple[str, list[int]] | None:
    """``texts`` (normalised views) joined by NUL, with the offset of each text in the
    join; None if a text holds a NUL itself.

    Why NUL: the agency patterns (phrases, group heads, their start patterns) consume
    only literal characters and whitespace, and look around only for word characters
    or "&", so a match never runs over a NUL, and a NUL before or after a text looks to
    them as the start or the end of the text does. A scan of the join then finds, in each
    text, exactly the matches of a scan of that text alone, without a call per block."""
    if any(NUL in t for t in texts):
        return None
    bases: list[int] = []
    start = 0
    for t in texts:
        bases.append(start)
        start += len(t) + 1
    return NUL.join(texts), bases


def _plain_join(joined: str, texts: Sequence[str]) -> bool:
    """Whether every text of ``joined`` (``texts`` joined by newlines) is what
    :func:`normalise` keeps character for character (see :func:`normalise_blocks`).

    No text holds a newline (the count), so a space at either end of a text is one at
    either end of the join or next to a newline in it: told by the texts' first and last
    characters (one look per text, ~3x faster than searching the join for "\\n " and
    " \\n", two-character searches of a common character)."""
    return (
        joined.count("\n") == len(texts) - 1
        and joined.replace("\n", "").isprintable()
        and "  " not in joined
        and not any(t[:1] == " " or t[-1:] == " " for t in texts)
        and "Σ" not in joined  # lower case by context (see _mapped)
        and unicodedata.is_normalized("NFC", joined)
    )


def looks_like_ocr_without_diacritics(text: str) -> bool:
    """True for Vietnamese text that lost its diacritics (an OCR of a scan).

    Vietnamese prose has roughly a third of its letters outside ASCII; an OCR without a
    Vietnamese model keeps only a few stray accents.
    """
    return _few_accents(*_letters(text[:20000]))


def looks_like_ocr_repeated(s: str, times: int) -> bool:
    """:func:`looks_like_ocr_without_diacritics` of ``s * times``, counted on ``s`` (a
    short name is judged as if it were a text: its letters repeated)."""
    if not s:
        return False
    full, rest = divmod(min(len(s) * times, 20000), len(s))  # (s * times)[:20000]
    (letters, accented), (more, more_accented) = _letters(s), _letters(s[:rest])
    return _few_accents(full * letters + more, full * accented + more_accented)


def _letters(text: str) -> tuple[int, int]:
    """Letters of ``text`` and how many of them are not ASCII (``str.isalpha``), counted
    without a Python step per character: the ASCII letters by deleting the other bytes,
    the other letters as every non-ASCII character but the non-letters, which hide among
    the few characters outside the Latin letter blocks (quotes, dashes, ...), tested one
    by one. (~4x faster than joining the letters by filter: it runs on every document.)"""
    ascii_text = text.encode("ascii", "ignore")
    non_ascii = len(text) - len(ascii_text)
    accented = non_ascii - len([c for c in _NOT_LATIN_LETTER.findall(text) if not c.isalpha()])
    return len(ascii_text.translate(None, _ASCII_NOT_LETTERS)) + accented, accented


_ASCII_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
# A non-ASCII character that is not one of the letters of Latin-1, Latin Extended-A/B and
# Latin Extended Additional (every Vietnamese letter): the only ones that may not be letters.
_LATIN_LETTERS = "".join(
    c for a, b in ((0xC0, 0x250), (0x1E00, 0x1F00)) for c in map(chr, range(a, b)) if c.isalpha()
)
_NOT_LATIN_LETTER = re.compile("[^\x00-\x7f" + _LATIN_LETTERS + "]")


def _few_accents(letters: int, accented: int) -> bool:
    return letters >= 200 and accented / letters < 0.12


def repair_tokens(
    nt: NormText, vocabulary: frozenset[str], bigrams: frozenset[tuple[str, str]] = frozenset()
) -> NormText:
    """Repair OCR tokens against the agency vocabulary, keeping every length.

    A token that is not a vocabulary word is replaced by the one vocabulary word of the
    same length that differs from it in one character (two for long words), where the
    differing characters are digits, symbols or vowels (what OCR confuses: ``c4c``→``cac``,
    ``tdc``→``toc``, ``phé``→``pho``). A leading ``p``/``b`` may stand for ``đ``, which OCR
    prints as ``P``/``B`` (``Pai``→``dai``, ``bak Ha``→``dak ha``). When several words fit,
    the one that forms a word pair of the vocabulary (``bigrams``) with its neighbour wins
    ("thanh phe" → "thanh pho", not "thanh phu").
    """
    parts: list[str] = _OCR_TOKEN_SPLIT.split(nt.text)
    if not _repair_parts(parts, vocabulary, bigrams, edge=None):
        return nt
    return NormText("".join(parts), nt.origin)


def _repair_parts(
    parts: list[str], vocabulary: frozenset[str], bigrams: frozenset[tuple[str, str]], edge: str | None
) -> bool:
    """Repair the words of ``parts`` in place; False when no word has a repair.

    ``parts`` is [separator, word, separator, word, ..., separator]: the words at odd
    indices, and joining the list gives the text back (no match object per word: most are
    kept). A separator holding ``edge`` ends a view: a word has no neighbour across it."""
    words = parts[1::2]
    # Most words of a document are not agency words and have no repair: only the
    # distinct words that have one are visited token by token.
    fixable = {
        w: found
        for w in set(words) - vocabulary
        if len(w) >= 2 and not w.isdigit() and (found := _repairs(w, vocabulary))
    }
    if not fixable:
        return False
    # A word with one repair is replaced wherever it is (same length: the offset map
    # stays valid), in one pass. A word with several is decided by its neighbours, in
    # order: the word before as repaired (every one-repair word already is, and the
    # others before it were decided), the word after as printed.
    single = {w: found[0] for w, found in fixable.items() if len(found) == 1}
    if single:
        parts[1::2] = [single.get(w, w) for w in words]
    several = {w: found for w, found in fixable.items() if len(found) > 1} if bigrams else {}
    for i in [i for i, w in enumerate(words) if w in several] if several else ():
        # The separators around word i are parts 2i and 2i + 2.
        before = i > 0 and (edge is None or edge not in parts[2 * i])
        after = i + 1 < len(words) and (edge is None or edge not in parts[2 * i + 2])
        prev = parts[2 * i - 1] if before else ""
        nxt = words[i + 1] if after else ""
        found = tuple(w for w in several[words[i]] if (prev, w) in bigrams or (w, nxt) in bigrams)
        if len(found) == 1:
            parts[2 * i + 1] = found[0]
    return True


def repair_blocks(
    views: Sequence[NormText], vocabulary: frozenset[str], bigrams: frozenset[tuple[str, str]] = frozenset()
) -> list[NormText]:
    """``[repair_tokens(nt, vocabulary, bigrams) for nt in views]``, by one pass over the
    views joined by newlines (a separator of tokens, never in a view): the words to repair
    looked up once per document, replaced in one list, joined once, and cut back into
    views (every repair keeps its length). A word decided by its neighbours has none
    across a view's edge, as in its view alone. Views holding a newline: view by view."""
    if any("\n" in nt.text for nt in views):
        return [repair_tokens(nt, vocabulary, bigrams) for nt in views]
    parts: list[str] = _OCR_TOKEN_SPLIT.split("\n".join(nt.text for nt in views))
    if not _repair_parts(parts, vocabulary, bigrams, edge="\n"):
        return list(views)
    repaired = "".join(parts)
    out: list[NormText] = []
    start = 0
    for nt in views:
        end = start + len(nt.text)
        text = repaired[start:end]
        out.append(nt if text == nt.text else NormText(text, nt.origin))
        start = end + 1
    return out


# OCR_TOKEN as the one group of a split pattern.
_OCR_TOKEN_SPLIT = re.compile(f"({P.OCR_TOKEN.pattern})")
_SOFT = set("aeiouy0123456789") | set("!?|/\\'\"()[]{}$%^*#@~`<>=+_;:")


# Words of the same length that differ in at most ``limit`` positions agree on at least
# one of ``limit + 1`` slices of the word (pigeonhole): a token is compared only with the
# vocabulary words that share one of its slices, not with every word of its length.
@cache
def _slices(length: int) -> tuple[tuple[int, int], ...]:
    parts = 3 if length >= 6 else 2  # limit + 1 (see _candidates)
    cuts = [length * j // parts for j in range(parts + 1)]
    return tuple(zip(cuts, cuts[1:], strict=False))


@lru_cache(maxsize=64)
def _by_slice(vocabulary: frozenset[str]) -> dict[tuple[int, int, str], tuple[str, ...]]:
    """Vocabulary words by (length, slice number, the slice's text)."""
    out: dict[tuple[int, int, str], list[str]] = {}
    for w in vocabulary:
        for j, (a, b) in enumerate(_slices(len(w))):
            out.setdefault((len(w), j, w[a:b]), []).append(w)
    return {k: tuple(v) for k, v in out.items()}


# An OCR document repeats its misread words ("tinh", "Pai", "c4c") hundreds of times:
# memoised per token and vocabulary (the vocabulary is one cached frozenset per province),
# bounded.
@lru_cache(maxsize=65536)
def _repairs(tok: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """The vocabulary words ``tok`` may be an OCR misreading of (see :func:`_candidates`)."""
    if tok[0] in "pb" and "d" + tok[1:] in vocabulary:
        return ("d" + tok[1:],)
    index = _by_slice(vocabulary)
    n = len(tok)
    near = {w for j, (a, b) in enumerate(_slices(n)) for w in index.get((n, j, tok[a:b]), ())}
    return tuple(_candidates(tok, near))


def _candidates(tok: str, candidates: Iterable[str]) -> list[str]:
    """The words of ``candidates`` (of the length of ``tok``) that differ from it in one
    character (two for words of six letters or more), each pair of differing characters
    holding a vowel, digit or symbol; sorted."""
    limit = 2 if len(tok) >= 6 else 1
    best: list[str] = []
    for w in candidates:
        diffs = 0
        for a, b in zip(tok, w, strict=True):
            if a != b:
                diffs += 1
                if diffs > limit or (a not in _SOFT and b not in _SOFT):
                    break
        else:
            best.append(w)
    return sorted(best)


def soft_equal(words: Sequence[str], names: Sequence[str]) -> bool:
    """Two word sequences of the same shape that differ only where OCR confuses
    characters (a vowel, digit or symbol in each differing pair), at most one character
    per word (two in words of six letters or more): "tinh ty" ~ "tinh uy"."""
    if len(words) != len(names):
        return False
    for w, n in zip(words, names, strict=True):
        if w == n:
            continue
        if len(w) != len(n):
            return False
        limit = 2 if len(w) >= 6 else 1
        diffs = 0
        for a, b in zip(w, n, strict=True):
            if a != b:
                diffs += 1
                if diffs > limit or (a not in _SOFT and b not in _SOFT):
                    return False
    return True
