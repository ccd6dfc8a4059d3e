"""The normalised view (a speed-up: one translation, only the changing whitespace runs
visited) is the simple definition: each source character mapped on its own, each run of
whitespace one space (none at the start or the end), the new tone placement, and every
character's source offset."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from cchc_kg.loaders.agencies.text import TONE_FIX, _char, normalise


def reference(s: str, ocr: bool) -> tuple[str, tuple[int, ...]]:
    s = unicodedata.normalize("NFC", s)
    out: list[str] = []
    origin: list[int] = []
    for m in re.finditer(r"\s+|\S+", s):
        if m.group(0)[0].isspace():
            if m.start() > 0:
                out.append(" ")
                origin.append(m.start())
        else:
            for i in range(m.start(), m.end()):
                out.append(_char(s[i], ocr))
                origin.append(i)
    text = "".join(out)
    if not ocr:
        for old, new in TONE_FIX.items():
            text = text.replace(old, new)
    text = text.rstrip(" ")
    return text, tuple(origin[: len(text)])


CASES = [
    "",
    "   ",
    "Sở Nội vụ",
    "  Uỷ ban nhân dân\ttỉnh  Kon Tum \n",
    "a\u00a0b\u2003 c",
    "Hoá, thuý – Ðà\n\n- S& Noi vu; S¢ Tai chinh",
    "x ",
    "\nx",
    "ΑΣ ΣΑ Σ İstanbul ÐÀ ð – — ‒ − ’‘`´ Uỷ ban",
    "\u00adsoft hyphen, TỔNG Σ\u00a0x",
]


@pytest.mark.parametrize("ocr", [False, True])
def test_hand_made(ocr: bool) -> None:
    for s in CASES:
        nt = normalise(s, ocr=ocr)
        assert (nt.text, tuple(nt.origin)) == reference(s, ocr), repr(s)


@pytest.mark.parametrize("ocr", [False, True])
def test_corpus_paragraphs(corpus_files: list[Path], ocr: bool) -> None:
    for path in corpus_files:
        text = path.read_text(encoding="utf-8")
        for block in [*text.split("\n\n"), text[:5000]]:
            nt = normalise(block, ocr=ocr)
            assert (nt.text, tuple(nt.origin)) == reference(block, ocr), path.name
