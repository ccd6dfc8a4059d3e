"""The shortcuts of the agency stage (speed-ups) give what the plain computations they
replace give, on the blocks of every corpus document and bundled example: the views of a
document's blocks made in one pass, the tone fix in one pass, the word-start patterns
written as a tree, the pieces of a sentence told from district names without cleaning,
the group names memoised by matched text, the phrase table made from shared phrases, one
scan of a document's joined views instead of one per block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cchc_kg.loaders.agencies import patterns as P
from cchc_kg.loaders.agencies.gazetteer import gazetteer
from cchc_kg.loaders.agencies.groups import (
    Shapes,
    acting_group_labels,
    acting_groups_in,
    find_groups,
    is_acting,
)
from cchc_kg.loaders.agencies.matching import (
    _PIECE,
    DistrictNames,
    _expand,
    _fuzzy_all_cased,
    _fuzzy_phrases,
    _known_prefixes,
    _near_ends,
    _Phrase,
    _signature,
    _window_branches,
    _windows,
    bigrams,
    find_fuzzy_mentions,
    find_fuzzy_mentions_in,
    find_mentions,
    find_mentions_in,
    phrase_table,
    vocabulary,
)
from cchc_kg.loaders.agencies.text import (
    _SPECIAL,
    TONE_FIX,
    _tone_fixed,
    fold,
    normalise,
    normalise_blocks,
    orthographic,
    repair_blocks,
    repair_tokens,
)
from cchc_kg.loaders.formats import read_data
from cchc_kg.loaders.segment import segment
from cchc_kg.loaders.textfold import strip_diacritics

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def block_texts(corpus_files: list[Path]) -> list[list[str]]:
    """The text of every block of every corpus document and bundled example."""
    paths = [*corpus_files, *sorted(EXAMPLES.glob("*.txt")), *sorted(EXAMPLES.glob("*.docx"))]
    out = []
    for path in paths:
        out.append([b.text for b in segment(read_data(path.name, path.read_bytes())).blocks])
    return out


def _view(nt: object) -> tuple[str, list[int]]:
    return nt.text, list(nt.origin)  # type: ignore[attr-defined]


@pytest.mark.parametrize("ocr", [False, True])
def test_normalise_blocks_is_normalise_of_each(block_texts: list[list[str]], ocr: bool) -> None:
    for texts in block_texts:
        assert [_view(nt) for nt in normalise_blocks(texts, ocr=ocr)] == [
            _view(normalise(t, ocr=ocr)) for t in texts
        ]


@pytest.mark.parametrize("ocr", [False, True])
@pytest.mark.parametrize(
    "odd",
    [" lề trái", "hai  dấu cách", "cuối ", "dòng\nmới", "ΣΑΣ", "Hoa\u0300 (NFD)", "tab\there", ""],
)
def test_normalise_blocks_falls_back(odd: str, ocr: bool) -> None:
    """A text normalise changes more than character for character: each on its own."""
    texts = ["Ủy ban nhân dân tỉnh", odd, "Sở Nội vụ – Uỷ ban, hoá đơn"]
    assert [_view(nt) for nt in normalise_blocks(texts, ocr=ocr)] == [
        _view(normalise(t, ocr=ocr)) for t in texts
    ]


def test_tone_fix_in_one_pass(corpus_files: list[Path]) -> None:
    samples = ["uỷ ban hoá hoà oáoà uỳuý", "".join(TONE_FIX) + "".join(TONE_FIX.values())]
    for text in [*samples, *(p.read_text(encoding="utf-8").lower() for p in corpus_files)]:
        want = text
        for old, new in TONE_FIX.items():
            want = want.replace(old, new)
        assert _tone_fixed(text) == want


def test_specials_replaced_in_place(corpus_files: list[Path]) -> None:
    from cchc_kg.loaders.agencies.text import _mapped

    for path in corpus_files:
        low = path.read_text(encoding="utf-8").lower()
        assert _mapped(low, False) == low.translate(_SPECIAL)


def _positions(pattern: re.Pattern[str], text: str) -> list[int]:
    out, pos = [], 0
    while (m := pattern.search(text, pos)) is not None:
        out.append(m.start())
        pos = m.start() + 1
    return out


@pytest.mark.parametrize("ocr", [False, True])
def test_prefix_tree_finds_the_starts_of_the_flat_pattern(corpus_files: list[Path], ocr: bool) -> None:
    known = _known_prefixes(ocr)
    tree = P.prefix_starts(known, folded=ocr)
    flat = P._flat_prefix_starts(known, folded=ocr)
    assert tree is not None and tree.pattern != flat.pattern
    for path in corpus_files:
        text = normalise(path.read_text(encoding="utf-8"), ocr=ocr).text
        assert _positions(tree, text) == _positions(flat, text)


def test_word_tree_keeps_whole_words() -> None:
    """With whole words, a word that begins another still matches (and only whole)."""
    words = frozenset({"sở", "số", "sởi", "ủy", "ub", "ubnd", "b"})
    pattern = P._compile_starts(words, True, False)
    text = "sở sởi số sởx ub ubnd ubn b bb ủy"
    assert [m.group() for m in pattern.finditer(text)] == ["sở", "sởi", "số", "ub", "ubnd", "b", "ủy"]


@pytest.mark.parametrize("ocr", [False, True])
@pytest.mark.parametrize("slug", ["kon-tum", "dak-nong"])
def test_surely_none_pieces_have_no_district(block_texts: list[list[str]], slug: str, ocr: bool) -> None:
    names = DistrictNames(slug, ocr)
    told = 0
    for texts in block_texts:
        for nt in normalise_blocks(texts, ocr=ocr):
            for piece in _PIECE.findall(nt.text):
                if names.surely_none(piece):
                    told += 1
                    assert names.best(piece) is None, piece
    assert told > 100
    for piece in (" TP. Kon Tum và các huyện", " và huyện Đăk Hà nữa thôi", "thành phố Kon Tum  "):
        assert not names.surely_none(piece)


@pytest.mark.parametrize("ocr", [False, True])
def test_acting_group_labels(block_texts: list[list[str]], ocr: bool) -> None:
    """As find_groups then is_acting on each not followed by a list; one memo per document."""
    found = 0
    for texts in block_texts:
        shapes: Shapes = {}
        for nt in normalise_blocks(texts, ocr=ocr):
            want = [
                g.label
                for g in find_groups(nt.text, ocr)
                if not g.followed_by_list and is_acting(nt.text, g, ocr)
            ]
            assert acting_group_labels(nt.text, ocr, shapes) == want
            found += len(want)
    assert found > 50


def _plain_phrase_table(slug: str | None, ocr: bool) -> tuple[_Phrase, ...]:
    g = gazetteer()
    prov = g.province(slug) if slug else None
    districts = g.districts.get(slug or "", ())
    seen: set[str] = set()
    phrases: list[_Phrase] = []
    for t in g.types.values():
        for printed in (t.label, *t.aliases):
            for filled, d in _expand(t, printed, prov.name if prov else None, districts):
                norm = fold(filled) if ocr else orthographic(filled)
                if norm in seen:
                    continue
                seen.add(norm)
                phrases.append(_Phrase(norm, t, d, filled[:1].isupper(), filled.isupper(), "{" in printed))
    return tuple(phrases)


@pytest.mark.parametrize("ocr", [False, True])
def test_phrase_table_from_shared_phrases(ocr: bool) -> None:
    g = gazetteer()
    for slug in [None, *sorted({*g.provinces_before, *g.provinces_after})]:
        assert phrase_table(slug, ocr) == _plain_phrase_table(slug, ocr), slug


@pytest.mark.parametrize("ocr", [False, True])
@pytest.mark.parametrize("slug", ["kon-tum", "dak-nong", None])
def test_one_scan_of_the_document(block_texts: list[list[str]], slug: str | None, ocr: bool) -> None:
    """Phrases and acting groups found by one scan of the joined views: those found view
    by view, in the same order (and without a join when a view holds a NUL)."""
    found = 0
    for texts in block_texts:
        views = normalise_blocks(texts, ocr=ocr)
        want = [find_mentions(nt, src, slug, ocr) for nt, src in zip(views, texts, strict=True)]
        assert find_mentions_in(views, texts, slug, ocr) == want
        found += sum(map(len, want))
        shapes: Shapes = {}
        plain = [label for nt in views for label in acting_group_labels(nt.text, ocr, shapes)]
        assert acting_groups_in([nt.text for nt in views], ocr) == plain
    assert found > 100
    texts = ["Sở Nội vụ\x00 và Ủy ban nhân dân tỉnh", "các sở, ban, ngành chủ trì"]
    views = normalise_blocks(texts, ocr=ocr)
    want = [find_mentions(nt, src, slug, ocr) for nt, src in zip(views, texts, strict=True)]
    assert find_mentions_in(views, texts, slug, ocr) == want
    assert acting_groups_in([nt.text for nt in views], ocr) == acting_group_labels(views[1].text, ocr, {})


@pytest.mark.parametrize("slug", ["kon-tum", "dak-nong"])
def test_repair_blocks_is_repair_of_each(block_texts: list[list[str]], slug: str) -> None:
    """OCR repairs made over the joined views: those made view by view (a neighbour never
    across a view's edge)."""
    vocab, pairs = vocabulary(slug), bigrams(slug)
    changed = 0
    for texts in [*block_texts, *([strip_diacritics(t) for t in texts] for texts in block_texts)]:
        views = normalise_blocks(texts, ocr=True)
        want = [_view(repair_tokens(nt, vocab, pairs)) for nt in views]
        assert [_view(nt) for nt in repair_blocks(views, vocab, pairs)] == want
        changed += sum(a != _view(b) for a, b in zip(want, views, strict=True))
    assert changed > 20
    # Views whose edges would pair their words: "thanh | phe" repaired alone, not together.
    views = normalise_blocks(["thanh", "phe Kon Tum", "tinh c4c"], ocr=True)
    want = [_view(repair_tokens(nt, vocab, pairs)) for nt in views]
    assert [_view(nt) for nt in repair_blocks(views, vocab, pairs)] == want


@pytest.mark.parametrize("slug", ["kon-tum", "dak-nong"])
def test_fuzzy_mentions_by_one_pass(block_texts: list[list[str]], slug: str) -> None:
    """OCR-tolerant mentions found over the words of the joined views: those found view
    by view (no window across a view's edge), with the spans of the exact mentions."""
    vocab, pairs = vocabulary(slug), bigrams(slug)
    found = 0
    for texts in [*([strip_diacritics(t) for t in texts] for texts in block_texts), *block_texts]:
        views = repair_blocks(normalise_blocks(texts, ocr=True), vocab, pairs)
        taken = [[(m.start, m.end) for m in ms] for ms in find_mentions_in(views, texts, slug, True)]
        want = [
            find_fuzzy_mentions(nt, src, slug, tk) for nt, src, tk in zip(views, texts, taken, strict=True)
        ]
        assert find_fuzzy_mentions_in(views, texts, slug, taken) == want
        found += sum(map(len, want))
    assert found > 5


def _one_pattern_windows(words: list[str], slug: str, live: list[bool] | None) -> list[int]:
    """_windows with one pattern per width over all the province's names (the plain way)."""
    both = not _fuzzy_all_cased(slug)
    if live is not None and both:
        live = None
    sig = _signature(words, live)
    found = []
    for k in range(2, 9):
        branches = _window_branches(_fuzzy_phrases(slug), k, both)
        if branches:
            pattern = re.compile("|".join(branches), re.DOTALL)
            found += [8 * m.start() + k for m in pattern.finditer(sig)]
    ends = _near_ends(slug)
    for j in [j for j, w in enumerate(words) if w in ends]:
        for k, letters in ends[words[j]]:
            i = j - k + 1
            if i >= 0 and words[i][0] in letters and (live is None or live[i]):
                found.append(16 * i + k)
    return sorted(set(found))


@pytest.mark.parametrize("slug", ["kon-tum", "dak-nong", "ha-giang"])
def test_window_patterns_in_two_parts(block_texts: list[list[str]], slug: str) -> None:
    """The windows found by the shared and the province's own patterns: those of one
    pattern over all the province's names."""
    for texts in [*([strip_diacritics(t) for t in texts] for texts in block_texts), *block_texts]:
        text = " ".join(nt.text for nt in normalise_blocks(texts, ocr=True))
        words = re.findall(r"[a-z0-9']+", text)
        live = [w[0] in "bcdhkmpqstuv" for w in words]  # some words live, some not
        for flags in (None, live):
            assert _windows(words, slug, flags) == _one_pattern_windows(words, slug, flags)


def test_live_words_line_up_with_the_sources(block_texts: list[list[str]]) -> None:
    """A word's capital read from the joined sources (views that are their sources'
    characters one for one): what the views' maps to their sources say."""
    from bisect import bisect_left
    from itertools import accumulate

    from cchc_kg.loaders.agencies.matching import _WORD_SPLIT, _live_words
    from cchc_kg.loaders.agencies.text import NormText, joined_views

    for texts in block_texts:
        views = normalise_blocks(texts, ocr=True)
        joined = joined_views([nt.text for nt in views])
        assert joined is not None
        text, bases = joined
        parts = _WORD_SPLIT.split(text)
        starts = list(accumulate(map(len, parts)))[0::2][: len(parts) // 2]
        firsts = [bisect_left(starts, base) for base in bases] + [len(starts)]
        mapped = [NormText(nt.text, tuple(nt.origin)) for nt in views]  # forces the map
        fast = _live_words(starts, firsts, bases, views, texts)
        assert fast == _live_words(starts, firsts, bases, mapped, texts)
        assert any(fast) and not all(fast)


def test_district_bodies_by_one_scan(block_texts: list[list[str]]) -> None:
    """District bodies named in the sources joined: those of each source alone."""
    from cchc_kg.loaders.agencies.document import _body_labels, _district_bodies

    found = 0
    extra = ["UBND huyện Đắk Mil", "Ủy ban nhân dân thị xã Gia Nghĩa, UBND huyện Krông Nô", "xUBND huyện A"]
    for texts in [*block_texts, extra]:
        want = [_body_labels(P.DISTRICT_BODY.finditer(t)) for t in texts]
        assert _district_bodies(texts) == want
        found += sum(map(len, want))
    assert found >= 3
    assert _district_bodies(["UBND huyện\x00 Đắk Mil"]) == [[]]


def test_context_words_as_the_patterns(corpus_files: list[Path]) -> None:
    """The whole-word tests of the context checks: what the patterns they replace say,
    for every context word of every type, at every word of the corpus (both views)."""
    from cchc_kg.loaders.agencies.matching import _begins_with_word, _context_words, _ends_with_word

    types = list(gazetteer().types.values())
    checked = 0
    for ocr in (False, True):
        words = {"", "x_", "ban"}
        for t in types:
            not_before, not_after = _context_words(t, ocr)
            words |= {w for w, _ in not_before} | set(not_after)
        for path in corpus_files[:2]:
            text = normalise(path.read_text(encoding="utf-8"), ocr=ocr).text
            cuts = [m.start() for m in re.finditer(r"\b", text)][::7]
            for word in words:
                begins = re.compile(re.escape(word) + r"(?!\w)")
                ends = re.compile(r"(?<!\w)" + re.escape(word) + "$")
                for c in cuts:
                    after, before = text[c : c + 40].lstrip(" ,"), text[max(0, c - 40) : c].rstrip()
                    assert _begins_with_word(after, word) == bool(begins.match(after))
                    assert _ends_with_word(before, word) == bool(ends.search(before))
                    checked += 1
    assert checked > 10000
