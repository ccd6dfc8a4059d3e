"""The public face of the diacritic restorer: text in, :class:`Restored` out.

Holds :func:`restore_diacritics` and its result :class:`Restored`, and the text handling
around the search: cutting the text into tokens (:func:`_tokens`) and into runs that share
context (:func:`_runs`), the key a run is decoded by (:func:`_run_key`), and rendering the
readings back into the text with the printed case (:func:`_render`, :func:`_case_like`).
The decoding of a run is :mod:`.decoder`'s.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from .decoder import _decode, _is_acronym, _RunKey

# A token: letters, digits and the glyphs the OCR prints for marked vowels.
_TOKEN_RUN = re.compile(r"(?:[^\W_]|[&¢€@])+")


@dataclass
class Restored:
    """A restored string and the tokens kept as printed because nothing explained them."""

    text: str
    unknown: list[str] = field(default_factory=list)
    # (start, end) in the input of digit tokens read as letters ("Ty 18 hd" = Tỷ lệ hồ)
    digits_as_letters: list[tuple[int, int]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.unknown


class _Tok(NamedTuple):  # a tuple: ~7,600 made on the OCR document, cheaper than a dataclass
    start: int
    end: int
    printed: str


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN_RUN.finditer(text)]


@lru_cache(maxsize=16384)
def _case_like(printed: str, word: str) -> str:
    letters = [c for c in printed if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if printed[:1].isupper() or printed[:1] in "P@" and word.startswith("đ"):
        return word[:1].upper() + word[1:]
    return word


def _run_key(toks: list[_Tok], text: str) -> _RunKey:
    return tuple(
        (tok.printed, i > 0 and tok.printed.isdigit() and text[toks[i - 1].end : tok.start] == " ")
        for i, tok in enumerate(toks)
    )


def _decode_run(toks: list[_Tok], text: str) -> list[str]:
    """Viterbi over one run of word tokens (numbers and acronyms break the context)."""
    return list(_decode(_run_key(toks, text)))


_LIGHT_GAP = re.compile(r"[\s,]*")  # what separates the tokens of one run


def _runs(text: str) -> list[list[_Tok]]:
    """Runs of tokens separated by spaces or light punctuation: they share context."""
    toks = _tokens(text)
    if not toks:
        return []
    runs: list[list[_Tok]] = [[toks[0]]]
    for a, b in zip(toks, toks[1:], strict=False):
        if _LIGHT_GAP.fullmatch(text, a.end, b.start):
            runs[-1].append(b)
        else:
            runs.append([b])
    return runs


def _render(text: str, runs: list[list[_Tok]], paths: list[list[str]]) -> Restored:
    out: list[str] = []
    unknown: list[str] = []
    digits: list[tuple[int, int]] = []
    pos = 0
    for run, path in zip(runs, paths, strict=True):
        for tok, word in zip(run, path, strict=True):
            out.append(text[pos : tok.start])
            if word:
                out.append(_case_like(tok.printed, word))
                if tok.printed.isdigit():
                    digits.append((tok.start, tok.end))
            else:
                out.append(tok.printed)
                if not tok.printed.isdigit() and not _is_acronym(tok.printed):
                    unknown.append(tok.printed)
            pos = tok.end
    out.append(text[pos:])
    return Restored(unicodedata.normalize("NFC", "".join(out)), unknown, digits)


def restore_diacritics(text: str) -> Restored:
    """``text`` (OCR without diacritics) with its Vietnamese diacritics restored."""
    runs = _runs(text)
    return _render(text, runs, [_decode_run(run, text) for run in runs])
