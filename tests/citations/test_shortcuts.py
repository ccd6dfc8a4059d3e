"""The citation finder's shortcuts against the plain computations they replace, on the real
texts (corpus when present, bundled examples, and an OCR copy without diacritics): the
number and law-head scans tried only at possible starts, the issuer / province / kind-word
alternations split by first character, the collapsed window, the end of a matched name,
the lazy block heads, the own clause and the title's last words."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from cchc_kg.loaders.citations import find as F
from cchc_kg.loaders.citations import regexes as X
from cchc_kg.loaders.citations import relations as R
from cchc_kg.loaders.citations.codes import fold_code, province_slug, tables
from cchc_kg.loaders.citations.numbers import _fold_token
from cchc_kg.loaders.formats import read_data
from cchc_kg.loaders.model import Block
from cchc_kg.loaders.segment import segment
from cchc_kg.loaders.textfold import fold_printed, fold_words, strip_diacritics

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT / "examples"


@cache
def _texts() -> tuple[tuple[str, str], ...]:
    files = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    files += sorted(EXAMPLES.glob("*.txt"))
    out = [(f.name, read_data(f.name, f.read_bytes()).text) for f in files]
    out.append(("ocr-copy", strip_diacritics(out[-1][1])))
    return tuple(out)


def _folded() -> list[tuple[str, str]]:
    return [(name, fold_printed(text)) for name, text in _texts()]


def _spans(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]


TRICKY = [
    "Nghị định số 107/2020/NĐ-CP, 12a /QĐ-UB và 18 - NQ/TW",
    "x12/NQ-CP 1234567/NQ-CP ٣12/NQ-CP 12   /KH 19-NQITW 25/6/2021 /12/a",
    "bộ  \n luật, hiến pháp lệnh, Hiến pháp, thực hiện pháp luật, bo\tluat, luatx",
    "của ,Ủy ban nhân dân tỉnh, Kon Tum , , của Chính phủ; tinh  Quảng Nam",
]


@pytest.mark.parametrize("i", range(len(TRICKY)))
def test_scans_on_every_slice_of_tricky_strings(i: int) -> None:
    folded = fold_printed(TRICKY[i])
    for lo in range(len(folded) + 1):
        for hi in range(lo, len(folded) + 1, 3):
            assert _spans(F.number_matches(folded, lo, hi)) == _spans(list(X.NUMBER.finditer(folded, lo, hi)))
            assert _spans(F.named_heads(folded, lo, hi)) == _spans(
                list(X.NAMED_HEAD.finditer(folded, lo, hi))
            )


def test_number_and_head_scans_equal_finditer() -> None:
    for name, folded in _folded():
        n = len(folded)
        for lo, hi in [(0, n), (100, n - 50), (n // 3, n // 2)]:
            assert _spans(F.number_matches(folded, lo, hi)) == _spans(
                list(X.NUMBER.finditer(folded, lo, hi))
            ), name
            assert _spans(F.named_heads(folded, lo, hi)) == _spans(
                list(X.NAMED_HEAD.finditer(folded, lo, hi))
            ), name


def _plain_issuer_and_province() -> tuple[re.Pattern[str], re.Pattern[str]]:
    t = tables()
    phrases = sorted(
        ((fold_words(p), i) for i in {id(x): x for x in t.issuers.values()}.values() for p in i.phrases),
        key=lambda pi: len(pi[0]),
        reverse=True,
    )
    provinces = sorted(t.province_by_folded.items(), key=lambda kv: -len(kv[0]))
    return X.first_issuer_after([p for p, _ in phrases]), X.first_phrase_at([f for f, _ in provinces])


def _as_triple(m: re.Match[str] | None) -> tuple[int, int, int] | None:
    if m is None:
        return None
    k = X.phrase_index(m)
    return (k, m.start(f"p{k}"), m.end())


def test_issuer_and_province_alternations_equal_the_plain_ones() -> None:
    """At every position: the same phrase, start and end as the one-pattern alternation."""
    issuer, province = _plain_issuer_and_province()
    p = F._patterns()
    texts = _folded() + [(s, fold_printed(s)) for s in TRICKY]
    for name, folded in texts:
        for pos in range(len(folded)):
            got = p.issuer.first(folded, X.issuer_starts(folded, pos, pos + 160), pos + 160)
            assert (tuple(got) if got else None) == _as_triple(issuer.match(folded, pos, pos + 160)), (
                name,
                pos,
            )
            got = F._province_at(folded, pos)
            assert (tuple(got) if got else None) == _as_triple(province.match(folded, pos, pos + 40)), (
                name,
                pos,
            )


def test_kind_before_equals_the_plain_search() -> None:
    words = sorted(tables().doc_type_by_kind, key=len, reverse=True)
    alts = [(f"k{i}", w) for i, w in enumerate(words)]
    plain, fast = X.kind_before(alts), X.KindBefore(alts)
    for name, folded in _folded():
        for end in range(len(folded) + 1):
            a = plain.search(folded, max(0, end - 45), end)
            b = fast.search(folded, max(0, end - 45), end)
            group = next(g for g, _ in alts if a.group(g)) if a else None
            assert (a and (a.span(), group)) == (b and (b.span(), b.lastgroup)), (name, end)


def _plain_collapsed_prefix(folded: str, pos: int, n: int) -> tuple[str, list[int]]:
    """The collapsed window with the source offset after each character (the former
    word-by-word computation)."""
    limit = min(len(folded), pos + 3 * n)
    parts: list[str] = []
    ends: list[int] = []
    last = -1
    for m in re.compile(r"\S+").finditer(folded, pos, limit):
        if len(ends) >= n:
            break
        a, b = m.span()
        if last >= 0:
            parts.append(" ")
            ends.append(a)
        parts.append(m.group())
        ends.extend(range(a + 1, b + 1))
        last = b
    if 0 <= last < limit and len(ends) < n:
        parts.append(" ")
        ends.append(limit)
    return "".join(parts)[:n], ends[:n]


def _plain_end_for(window: str, ends: list[int], target: str) -> int:
    need = sum(1 for c in target if c.isalnum())
    seen = 0
    for i, c in enumerate(window):
        if c.isalnum():
            seen += 1
            if seen == need:
                return ends[i]
    return ends[-1] if ends else 0


def test_collapsed_window_and_name_end() -> None:
    for name, folded in _folded():
        for pos in range(0, len(folded), 7):
            for n in (10, 31, 60):
                window, ends = _plain_collapsed_prefix(folded, pos, n)
                assert F._collapsed_window(folded, pos, n) == window, (name, pos, n)
                flat = re.sub(r"[^a-z0-9 ]", "", window)
                for k in (5, len(flat)):
                    target = flat[:k]
                    if any(c.isalnum() for c in target):
                        assert F._after_letters(folded, pos, target) == _plain_end_for(window, ends, target)


def test_registry_names_match_as_before_on_every_head() -> None:
    """The initial pre-filter keeps every name that matched exactly or closely."""
    for name, folded in _folded():
        for m in X.NAMED_HEAD.finditer(folded):
            for head in ("luat", "hien phap", "phap lenh", "bo luat"):
                got = F._registry_name_at(folded, m.start(), head)
                assert got == _plain_registry_name_at(folded, m.start(), head), (name, m.start(), head)


def _plain_registry_name_at(folded: str, pos: int, head: str) -> object:
    from rapidfuzz import fuzz

    k = len(head.split())
    best = None
    for entry_name in F._names(head):
        en = entry_name.folded
        window, ends = _plain_collapsed_prefix(folded, pos, len(en) + 4)
        flat = re.sub(r"[^a-z0-9 ]", "", window)
        if flat.startswith(en) and (len(flat) == len(en) or not flat[len(en)].isalnum()):
            return entry_name.entry, _plain_end_for(window, ends, en), F._spelling(entry_name, window)
        n_words, p_words = en.split(), flat.split()
        if not (len(n_words) > k and len(p_words) > k and n_words[k][:1] == p_words[k][:1]):
            continue
        score = fuzz.ratio(en, flat[: len(en)])
        if score >= 85 and (best is None or score > best[0]):
            end = _plain_end_for(window, ends, flat[: len(en)])
            while end < len(folded) and folded[end].isalnum():
                end += 1
            best = (score, entry_name.entry, end, F._spelling(entry_name, window))
    return None if best is None else (best[1], best[2], best[3])


def test_block_heads_own_clause_and_title_words() -> None:
    for name, text in _texts():
        seg = segment(read_data(name, text.encode("utf-8")))
        folded = fold_printed(seg.source.text)
        heads = R._Heads(seg.blocks, folded)
        for i, b in enumerate(seg.blocks):
            assert heads[i] == " ".join(folded[b.span.start : b.span.end].split())[:40], (name, i)
            words, raw = R._last_words(b.text, 3)
            assert words == fold_words(b.text).split()[-3:] and raw == b.text.split()[-3:], (name, i)
            assert b.text.rsplit(None, 3)[-3:] == b.text.split()[-3:]
            for cut in range(b.span.start, b.span.end, 37):
                clause = folded[b.span.start : cut]
                ends = [m.end() for m in X.CLAUSE_BOUNDARY.finditer(clause)]
                assert R._own_clause(clause) == (clause[ends[-1] :] if ends else clause), (name, cut)


def _plain_item_starts(blocks: tuple[Block, ...], heads: list[str]) -> list[int]:
    out: list[int] = []
    for i, b in enumerate(blocks):
        j = i
        if b.kind == "paragraph" and i > 0:
            head = heads[i]
            prev = blocks[i - 1]
            opens = X.ITEM_OPENER.match(head) or X.PREAMBLE_BASIS.match(head) or X.PROPOSAL.match(head)
            if not opens and prev.kind == "paragraph" and not prev.text.endswith((".", ";", ":")):
                j = out[i - 1] if i - out[i - 1] < 12 else i
        out.append(j)
    return out


def test_item_starts_with_lazy_heads() -> None:
    for name, text in _texts():
        seg = segment(read_data(name, text.encode("utf-8")))
        folded = fold_printed(seg.source.text)
        eager = [" ".join(folded[b.span.start : b.span.end].split())[:40] for b in seg.blocks]
        plain = _plain_item_starts(seg.blocks, eager)
        forward = R._ItemStarts(seg.blocks, R._Heads(seg.blocks, folded))
        assert [forward[i] for i in range(len(plain))] == plain, name
        backward = R._ItemStarts(seg.blocks, R._Heads(seg.blocks, folded))
        assert [backward[i] for i in reversed(range(len(plain)))] == plain[::-1], name
        sparse = R._ItemStarts(seg.blocks, R._Heads(seg.blocks, folded))
        assert [sparse[i] for i in range(len(plain) - 1, -1, -7)] == plain[::-1][::7], name


def test_province_slugs() -> None:
    for province in [*tables().provinces, "Đắk Nông", "Thành phố Hồ Chí Minh", "x"]:
        assert province_slug(province) == "-".join(fold_words(province).split())


def test_code_folds() -> None:
    for token in ["NĐ", "QĐ", "CP", "UBND", "TTg", "QH13", "BCĐCCHC", "Ð", "ubnd", "A1", "x y", ""]:
        assert fold_code(token) == fold_words(token)
        if token.isalnum():
            assert _fold_token(token) == fold_printed(token)
