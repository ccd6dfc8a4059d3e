"""The faster forms of role, span and deadline helpers answer as the plain ones they replace.

Each helper was rewritten for speed (no regex compiled per item, no per-character loop,
memoised values); these checks compare it with the straightforward reading on random and
real inputs, and that memoised values handed out are copies.
"""

from __future__ import annotations

import random
import re

from cchc_kg.loaders.deadlines import parse_deadline
from cchc_kg.loaders.roles import _VN_MARKS, agencies_in, fold_roles, is_ocr_text
from cchc_kg.loaders.targets import find_words
from cchc_kg.loaders.textfold import fold_same_length


def _regex_find_words(text: str, words: list[str], pos: int, endpos: int) -> tuple[int, int] | None:
    found = re.compile(r"\s+".join(map(re.escape, words))).search(text, pos, endpos)
    return (found.start(), found.end()) if found else None


def test_find_words_finds_what_the_regex_finds() -> None:
    rng = random.Random(3)
    alphabet = ["a", "b", "ab", " ", "\n", "\u00a0", "\t", "x", "\u2003"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 15)))
        words = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))).split()[:6]
        pos, endpos = rng.randint(0, 17), rng.randint(0, 18)
        assert find_words(text, words, pos, endpos) == _regex_find_words(text, words, pos, endpos)


def test_find_words_across_line_breaks() -> None:
    text = "1. Sở Nội vụ chủ trì,\n   phối hợp với các sở"
    assert find_words(text, ["chủ", "trì,", "phối", "hợp"], 0, len(text)) == (13, 33)
    assert find_words(text, ["chủ", "trì,", "phối", "hợp"], 14, len(text)) is None


def _plain_is_ocr_text(text: str) -> bool:
    letters = [c for c in text.lower() if c.isalpha()]
    if len(letters) < 200:
        return False
    return sum(c in _VN_MARKS for c in letters) / len(letters) < 0.03


def test_is_ocr_text_counts_as_the_plain_loop() -> None:
    rng = random.Random(5)
    alphabet = "aăâđÂĐ AZ1,.\nİẞǅ½Ⅷ一ạ"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        if rng.random() < 0.5:  # around the 200-letter floor and the 3 % threshold
            text = "a" * rng.randint(190, 400) + text[: rng.randint(0, 12)]
        assert is_ocr_text(text) == _plain_is_ocr_text(text)
    assert is_ocr_text("Tang cuong cong tac tuyen truyen " * 10)
    assert not is_ocr_text("Tăng cường công tác tuyên truyền " * 10)


def test_fold_roles_reads_ocr_glyphs_as_vowels() -> None:
    assert fold_roles("S& Noi vu, T6 kiém tra, B4o, 26 bo") == "so noi vu, to kiem tra, bao, 26 bo"
    assert len(fold_roles("c6 trach nhiém")) == len("c6 trach nhiém")
    rng = random.Random(7)
    old_o = re.compile(r"(?<=[a-z])[6&¢§](?![0-9])|[&¢§](?=[a-z])")
    old_a = re.compile(r"(?<=[a-z])4(?=[a-z])")
    for _ in range(20000):
        text = "".join(rng.choice("ab6&¢§4 09z\n") for _ in range(rng.randint(0, 12)))
        expected = old_a.sub("a", old_o.sub("o", fold_same_length(text)))
        assert fold_roles(text) == expected


def test_memoised_values_are_handed_out_as_copies() -> None:
    first = agencies_in("Sở Tài chính và Sở Nội vụ", ocr=False)
    first.names.append("changed")
    assert "changed" not in agencies_in("Sở Tài chính và Sở Nội vụ", ocr=False).names
    cell = "- Dự thảo: trước 30/3/2021; - Ban hành: trước 30/6/2021"
    parts = parse_deadline(cell).parts
    assert parts is not None
    parts[0]["label"] = "changed"
    again = parse_deadline(cell).parts
    assert again is not None and again[0]["label"] != "changed"


def test_find_words_finds_what_the_regex_finds_in_the_corpus() -> None:
    """The first six words of every paragraph of the corpus and the text example, searched
    from a little before the paragraph (single spaces, line breaks and runs of whitespace
    between the words as the sources print them)."""
    from cchc_kg.loaders.formats import read_data
    from cchc_kg.loaders.segment import segment
    from tests.conftest import CORPUS, EXAMPLES

    found = 0
    for path in sorted(CORPUS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt")):
        seg = segment(read_data(path.name, path.read_bytes()))
        text = seg.source.text
        for block in seg.blocks:
            words = block.text.split(maxsplit=6)[:6]
            lo, hi = max(0, block.span.start - 50), block.span.end + 1
            got = find_words(text, words, lo, hi)
            assert got == _regex_find_words(text, words, lo, hi), words
            found += got is not None
    assert found > 0


def test_is_ocr_text_bounds_hold_over_unicode() -> None:
    """What _surely_marked's bounds rest on: only "İ" lower-cases to more than one
    character (two), and each capital of a common mark lower-cases to the mark."""
    from cchc_kg.loaders.roles import _COMMON_MARKS, _LONG_LOWER

    longer = {chr(i): len(chr(i).lower()) for i in range(0x110000) if len(chr(i).lower()) > 1}
    assert longer == {_LONG_LOWER: 2}
    for mark, capital in _COMMON_MARKS:
        assert capital != mark and capital.lower() == mark and mark in _VN_MARKS


def test_is_ocr_text_counts_as_the_plain_loop_on_documents() -> None:
    """The corpus and the examples as printed, upper-cased, stripped of diacritics, and
    pieces of them (near the 3 % threshold and the 200-letter floor)."""
    from cchc_kg.loaders.formats import read_data
    from cchc_kg.loaders.textfold import strip_diacritics
    from tests.conftest import CORPUS, EXAMPLES

    rng = random.Random(7)
    for path in sorted(CORPUS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt")):
        text = read_data(path.name, path.read_bytes()).text
        plain = strip_diacritics(text)
        samples = [text, text.upper(), plain, plain + text[:2000], text[:300]]
        for _ in range(30):
            a = rng.randrange(len(text))
            samples.append(plain[a : a + 3000] + text[a : a + rng.randrange(0, 200)])
        for sample in samples:
            assert is_ocr_text(sample) == _plain_is_ocr_text(sample)


def test_fold_roles_equals_both_substitutions_on_documents() -> None:
    from cchc_kg.loaders.formats import read_data
    from cchc_kg.loaders.roles import fold_roles_plain
    from tests.conftest import CORPUS, EXAMPLES

    samples = ["S& Noi vu, T6 kiém tra, B4o, 26 bo", "4", "a4b", "§x", "¢6&"]
    for path in sorted(CORPUS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt")):
        text = read_data(path.name, path.read_bytes()).text
        samples += text.splitlines() + [text]
    for sample in samples:
        assert fold_roles.__wrapped__(sample) == fold_roles_plain(sample), sample
