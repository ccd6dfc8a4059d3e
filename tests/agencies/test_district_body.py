"""The district-body pattern that starts on literal letters (a speed-up) finds what the
plain word-start form finds, on every corpus text and on edge cases."""

from __future__ import annotations

import re
from pathlib import Path

from cchc_kg.loaders.agencies import patterns as P

PLAIN = re.compile(
    r"(?<!\w)(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+(huyện|thị xã|thành phố|quận)\s+"
    r"((?:[^\W\d_][\w']*)(?:[ \-][^\W\d_][\w']*){0,3})"
)
CASES = [
    "UBND huyện Đăk Hà",
    "xUBND huyện Đăk Hà, (UBND thị xã Buôn Hồ) và Uỷ ban nhân dân thành phố Kon Tum",
    "TTr-UBND huyện A; 3UBND quận B\nỦy ban nhân dân quận Ba Đình",
]


def test_same_matches(corpus_files: list[Path]) -> None:
    texts = [p.read_text(encoding="utf-8") for p in corpus_files] + CASES
    for text in texts:
        want = [(m.span(), m.groups()) for m in PLAIN.finditer(text)]
        assert [(m.span(), m.groups()) for m in P.DISTRICT_BODY.finditer(text)] == want
    assert sum(1 for c in CASES for _ in P.DISTRICT_BODY.finditer(c)) == 5


def test_matches_from_the_starts_are_the_pattern_matches(corpus_files: list[Path]) -> None:
    """document.district_body_matches (tried only at DISTRICT_BODY_STARTS) is finditer,
    on short texts (the alternation searched) and long ones (one scan per letter)."""
    from cchc_kg.loaders.agencies.document import district_body_matches

    texts = [p.read_text(encoding="utf-8") for p in corpus_files] + CASES
    texts += [" ".join(CASES) * 20, "\x00".join(CASES * 30), "UBND huyện UBND huyện A B C D E" * 30]
    for text in texts:
        want = [(m.span(), m.groups()) for m in P.DISTRICT_BODY.finditer(text)]
        assert [(m.span(), m.groups()) for m in district_body_matches(text)] == want
