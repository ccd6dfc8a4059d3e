"""Name cleaning with its steps skipped when a name lacks what they need (a speed-up) is
the plain sequence of steps, on every line of every corpus text and on edge cases; so is
the OCR test of a short name counted without building its repetition."""

from __future__ import annotations

from pathlib import Path

from cchc_kg.loaders.agencies import patterns as P
from cchc_kg.loaders.agencies.names import clean
from cchc_kg.loaders.agencies.text import (
    TONE_FIX,
    looks_like_ocr_repeated,
    looks_like_ocr_without_diacritics,
)


def reference(name: str) -> str:
    s = P.PARENTHETICAL.sub(" ", name)
    s = P.WS.sub(" ", s).strip()
    s = P.LIST_MARKER.sub("", s)
    s = P.LEADING_PUNCT.sub("", P.TRAILING_PUNCT.sub("", s))
    s = s.replace("Ð", "Đ").replace("ð", "đ").replace("–", "-").replace("—", "-")
    for old, new in TONE_FIX.items():
        s = s.replace(old, new).replace(old[0].upper() + old[1:], new[0].upper() + new[1:])
    s = s.replace("UỶ", "ỦY")
    s = P.SPACE_BEFORE_COMMA.sub(",", s)
    return P.COMMA_NO_SPACE.sub(", ", s)


CASES = [
    "",
    " ;, ",
    "- Sở Y tế (b/c);",
    "1. Uỷ ban nhân dân tỉnh , Sở Nội vụ ,Sở Tài chính.\n|",
    "Hoà Bình, Thuỷ lợi; ÐOÀN THANH NIÊN – UỶ BAN …:",
    "Phòng Tài chính - Kế hoạch (để thực hiện)  :  ",
]


def test_same_as_the_plain_steps(corpus_files: list[Path]) -> None:
    names = list(CASES)
    for path in corpus_files:
        for line in path.read_text(encoding="utf-8").splitlines():
            names += [line, *line.split(";"), *line.split(",")]
    for name in names:
        assert clean(name) == reference(name), repr(name)


def test_ocr_of_a_repeated_name() -> None:
    for s in ["", "a", "S& Noi vu", "Sở Nội vụ", "So Noi vu tinh Kon Tum " * 30, "Ủy ban x" * 7, "1234"]:
        for times in (1, 3, 40):
            assert looks_like_ocr_repeated(s, times) == looks_like_ocr_without_diacritics(s * times), (
                s,
                times,
            )


def test_ocr_letters_count(corpus_files: list[Path]) -> None:
    """Letters counted by a regex (with a check for numerals like "²") as by str.isalpha."""
    for text in [*(p.read_text(encoding="utf-8") for p in corpus_files), "x² ½ Ⅻ _9 đ", "²"]:
        letters = [c for c in text[:20000] if c.isalpha()]
        accented = sum(1 for c in letters if not c.isascii())
        want = len(letters) >= 200 and accented / len(letters) < 0.12
        assert looks_like_ocr_without_diacritics(text) == want


def test_letters_as_isalpha(corpus_files: list[Path]) -> None:
    """_letters (ASCII letters by bytes, the rest by the non-letters outside the Latin
    blocks) counts what str.isalpha does, on the corpus and on random mixes of letters,
    numerals, marks, symbols and other scripts."""
    import random

    from cchc_kg.loaders.agencies.text import _letters

    chars = (
        "aăâđêôơưáàảãạắặếệọợúừỷ" + "ĐÁÀẮỆ" + "²½Ⅻ×÷“”–—…\u0301\u00a0 \n\t09.,;_&漢字ßİΣÞþƀǅ\u024f\u0250ḀỿἀⅯ①"
    )
    rng = random.Random(7)
    texts = [p.read_text(encoding="utf-8") for p in corpus_files]
    texts += ["".join(rng.choice(chars) for _ in range(rng.randint(0, 200))) for _ in range(2000)]
    for text in texts:
        letters = [c for c in text if c.isalpha()]
        assert _letters(text) == (len(letters), sum(1 for c in letters if not c.isascii())), repr(text[:80])
