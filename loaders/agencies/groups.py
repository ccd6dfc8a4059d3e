"""Collective references ("Các sở, ban, ngành", "Ủy ban nhân dân cấp huyện"): finding them,
their canonical names (gold README §9) and whether they act in the document."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from . import patterns as P
from .text import fold, joined_views


@dataclass(frozen=True)
class GroupMention:
    kind: str  # group kind id (agencies.json "groups"), e.g. "cac-so-ban-nganh"
    label: str  # canonical name
    start: int
    end: int
    followed_by_list: bool  # "UBND các huyện, thành phố: Đăk Hà, ..." (expanded instead)
    weak: bool = False  # a head that is also an ordinary noun (patterns.WEAK_GROUP_HEADS)
    plural: bool = True  # printed with "các"
    qualified: bool = False  # carries a qualifier ("có liên quan", "trên địa bàn tỉnh")


# The kind of each head (several heads share a kind: qualifiers make the name).
HEAD_KIND: dict[str, str] = {
    "cong-thong-tin-cac-co-quan": "cong-thong-tin-cac-co-quan",
    "cac-so-ban-nganh": "cac-so-ban-nganh",
    "cac-so-nganh": "cac-so-nganh",
    "ubnd-cac-huyen": "ubnd-cac-huyen",
    "ubnd-cap-huyen": "ubnd-cap-huyen",
    "ubnd-cap-xa": "ubnd-cap-xa",
    "ubnd-cac-xa": "ubnd-cac-xa",
    "phong-tai-chinh-ke-hoach-huyen": "phong-tai-chinh-ke-hoach-huyen",
    "cac-to-chuc-chinh-tri-xa-hoi": "cac-to-chuc-chinh-tri-xa-hoi",
    "cac-doan-the-chinh-tri-xa-hoi": "cac-doan-the-chinh-tri-xa-hoi",
    "cac-to-chuc-phi-chinh-phu": "cac-to-chuc-phi-chinh-phu",
    "cac-co-quan-thong-tan": "cac-co-quan",
    "cac-co-quan": "cac-co-quan",
    "cac-don-vi": "cac-don-vi",
    "cac-nganh": "cac-nganh",
}


@cache
def _patterns(ocr: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return P.group_pattern(folded=ocr), P.qualifier_pattern(folded=ocr)


@cache
def _start_scan(ocr: bool) -> P.StartScan:
    return P.group_start_scan(folded=ocr)


def _group_matches(text: str, ocr: bool) -> Iterator[re.Match[str]]:
    """The matches of the group pattern in ``text`` (as its ``finditer``), tried only where
    a group may begin (see :func:`P.group_starts`): at each position of the starts (found
    at once, see :class:`P.StartScan`) past the end of the last match."""
    gpat, _ = _patterns(ocr)
    pos = 0
    for at in _start_scan(ocr).positions(text):
        if at < pos:
            continue
        m = gpat.match(text, at)
        if m is not None:
            yield m
            pos = m.end()


def _head_label(head: str, matched: str) -> str:
    f = fold(matched)
    if head == "cong-thong-tin-cac-co-quan":
        mid = "giao tiếp " if "giao tiep" in f else ""
        return f"Cổng Thông tin {mid}điện tử của các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố"
    if head in ("cac-so-ban-nganh", "cac-so-nganh"):
        base = "Các sở, ban, ngành" if head == "cac-so-ban-nganh" else "Các sở, ngành"
        return base + (", địa phương" if "dia phuong" in f else "")
    if head in ("ubnd-cac-huyen", "ubnd-cac-xa"):
        words = {
            "thi xa": "thị xã",
            "thanh pho": "thành phố",
            "quan": "quận",
            "phuong": "phường",
            "thi tran": "thị trấn",
        }
        parts = [p.strip() for p in re.split(r",", f)[1:]]
        tail = [words[p] for p in parts if p in words]
        first = "Ủy ban nhân dân các huyện" if head == "ubnd-cac-huyen" else "Ủy ban nhân dân các xã"
        return ", ".join([first, *tail])
    if head == "cac-co-quan":
        return "Các cơ quan, đơn vị" if "don vi" in f else "Các cơ quan"
    fixed = {
        "ubnd-cap-huyen": "Ủy ban nhân dân cấp huyện",
        "ubnd-cap-xa": "Ủy ban nhân dân cấp xã",
        "phong-tai-chinh-ke-hoach-huyen": "Phòng Tài chính - Kế hoạch các huyện, thành phố",
        "cac-to-chuc-chinh-tri-xa-hoi": "Các tổ chức chính trị - xã hội",
        "cac-doan-the-chinh-tri-xa-hoi": "Các đoàn thể chính trị - xã hội",
        "cac-to-chuc-phi-chinh-phu": "Các tổ chức phi Chính phủ",
        "cac-co-quan-thong-tan": "Các cơ quan thông tấn, báo chí",
        "cac-don-vi": "Các đơn vị",
        "cac-nganh": "Các ngành",
    }
    return fixed[head]


@cache
def _qualifier_labels() -> tuple[str, ...]:
    """Canonical form of each qualifier, by its group number ``q<i>`` in the pattern."""
    return tuple(P.GROUP_QUALIFIERS[p] for p in P.qualifier_phrases())


@cache
def _head_names(ocr: bool) -> tuple[str, ...]:
    """The head id of each group number of the group pattern (0: none)."""
    gpat, _ = _patterns(ocr)
    names = [""] * (gpat.groups + 1)
    for name, i in gpat.groupindex.items():
        names[i] = name.replace("_", "-")
    return tuple(names)


def _qualifiers(qual_text: str, ocr: bool) -> list[str]:
    _, qpat = _patterns(ocr)
    labels = _qualifier_labels()
    out: list[str] = []
    pos = 0
    while pos < len(qual_text):
        m = qpat.match(qual_text, pos)
        if not m or m.end() == pos:
            break
        # The one group that matched (the qualifiers are alternatives with no groups inside).
        out.append(labels[int(str(m.lastgroup)[1:])])
        pos = m.end()
    return out


class _Shape(NamedTuple):
    """What a group mention says that its matched text alone decides (see
    :func:`_shape`)."""

    kind: str
    label: str
    weak: bool
    plural: bool
    qualified: bool


# A per-document memo of :func:`_shape` by matched text (None: not a group).
Shapes = dict[str, _Shape | None]


def _shape(m: re.Match[str], heads: tuple[str, ...], ocr: bool) -> _Shape | None:
    """The kind, canonical name and flags of the group matched by ``m``, or None for a
    head that needs a qualifier and has none. A function of the matched text: the
    pattern's path through a match (which head, which qualifiers) depends only on the
    characters it consumed and, at its end, on the one after it (not a word character,
    for every path that ends there), so equal matched texts take the same path."""
    found = m.group()
    # The pattern's only groups are its heads (none inside another): the one that matched
    # is the last group closed; the qualifiers follow it to the end.
    i = m.lastindex or 0
    head, head_len = heads[i], m.end(i) - m.start()
    quals = _qualifiers(found[head_len:], ocr) if head_len < len(found) else []
    if head in P.GROUPS_NEEDING_QUALIFIER and not quals:
        return None
    label = _head_label(head, found[:head_len])
    if quals:
        label = label + " " + " ".join(quals)
    plural = fold(found).startswith("cac ") or head not in P.WEAK_GROUP_HEADS
    return _Shape(HEAD_KIND[head], label, head in P.WEAK_GROUP_HEADS and not quals, plural, bool(quals))


def _shaped_matches(text: str, ocr: bool, shapes: Shapes) -> Iterator[tuple[re.Match[str], _Shape]]:
    """The group matches of ``text`` with their :func:`_shape` (memoised in ``shapes``)."""
    heads = _head_names(ocr)
    for m in _group_matches(text, ocr):
        found = m.group()
        if found in shapes:
            shape = shapes[found]
        else:
            shape = shapes[found] = _shape(m, heads, ocr)
        if shape is not None:
            yield m, shape


def _followed_by_list(text: str, end: int) -> bool:
    """ "UBND các huyện, thành phố: Đăk Hà, ...": a colon after the group."""
    return text[end : end + 3].lstrip().startswith(":")


def find_groups(text: str, ocr: bool) -> list[GroupMention]:
    """Every collective reference in a normalised text, with its canonical name."""
    return [
        GroupMention(
            shape.kind,
            shape.label,
            m.start(),
            m.end(),
            _followed_by_list(text, m.end()),
            shape.weak,
            shape.plural,
            shape.qualified,
        )
        for m, shape in _shaped_matches(text, ocr, {})
    ]


def acting_group_labels(text: str, ocr: bool, shapes: Shapes) -> list[str]:
    """The canonical names of the groups of ``text`` that act in it (not followed by a
    list, :func:`is_acting`), in order: what :func:`find_groups` and :func:`is_acting`
    say, without a :class:`GroupMention` per mention, the shapes memoised per document
    (a document repeats its few groups hundreds of times)."""
    out: list[str] = []
    header: bool | None = None
    for m, shape in _shaped_matches(text, ocr, shapes):
        start, end = m.span()
        if _followed_by_list(text, end):
            continue
        if header is None:
            header = _is_column_header(text, ocr)
        if not header and _acts(text, start, end, shape.weak, shape.plural, shape.qualified, ocr):
            out.append(shape.label)
    return out


def acting_groups_in(
    texts: Sequence[str], ocr: bool, joined: tuple[str, list[int]] | None = None
) -> list[str]:
    """:func:`acting_group_labels` of each text, in order, by one scan of the texts joined
    (see :func:`joined_views`; ``joined``: that join, when the caller has it), each match
    judged on its own text."""
    shapes: Shapes = {}
    if joined is None:
        joined = joined_views(texts)
    if joined is None:
        return [label for text in texts for label in acting_group_labels(text, ocr, shapes)]
    text, bases = joined
    out: list[str] = []
    headers: dict[int, bool] = {}
    for m, shape in _shaped_matches(text, ocr, shapes):
        k = bisect_right(bases, m.start()) - 1
        own, base = texts[k], bases[k]
        start, end = m.start() - base, m.end() - base
        if _followed_by_list(own, end):
            continue
        if k not in headers:
            headers[k] = _is_column_header(own, ocr)
        if not headers[k] and _acts(own, start, end, shape.weak, shape.plural, shape.qualified, ocr):
            out.append(shape.label)
    return out


def canonical_group(name: str, ocr: bool) -> GroupMention | None:
    """The group a whole name denotes, or None (the name must be entirely the group)."""
    for g in find_groups(name, ocr):
        if g.start <= 1 and g.end >= len(name.rstrip(" .;,:")):
            return g
    return None


_BETWEEN = re.compile(r"(?:giữa|giua)\s*$")
_BETWEEN_WORDS = ("giữa", "giua")


@cache
def _acting(ocr: bool) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return (
        P.compile_view(P.ACTING_BEFORE, folded=ocr),
        P.compile_view(P.ACTING_AFTER, folded=ocr),
        P.compile_view(P.LIST_BEFORE, folded=ocr),
        P.compile_view(P.COLUMN_HEADER, folded=ocr),
    )


def is_acting(text: str, gm: GroupMention, ocr: bool) -> bool:
    """A collective reference acts when it heads a paragraph, list item or cell, is an
    addressee ("phối hợp với ...", "Thủ trưởng ..."), or is the subject of a role."""
    if _is_column_header(text, ocr):
        return False
    return _acts(text, gm.start, gm.end, gm.weak, gm.plural, gm.qualified, ocr)


def _is_column_header(text: str, ocr: bool) -> bool:
    """The whole text is a column header of a task table ("Cơ quan chủ trì"): no group
    of it acts."""
    return _acting(ocr)[3].match(text.strip(" .:")) is not None


def _acts(text: str, start: int, end: int, weak: bool, plural: bool, qualified: bool, ocr: bool) -> bool:
    """:func:`is_acting` of the group at ``start``-``end`` (with its flags), past the
    column-header test."""
    before_pat, after_pat, list_pat, _ = _acting(ocr)
    before = text[max(0, start - 30) : start]
    # _BETWEEN.search(before) (``\s`` is str.isspace, and ``$`` also before a final
    # newline, which ``\s*`` takes anyway), without a search from every position.
    if before.rstrip().endswith(_BETWEEN_WORDS):
        return False  # "giữa các cơ quan ngành dọc và ...": a relation, not an actor
    at_head = start <= 6 and re.fullmatch(r"[\s\-+•*0-9ivxlcđa-z.)]*", text[:start]) is not None
    after = bool(after_pat.match(text[end : end + 40]))
    if weak:
        if not after:
            return False
        return at_head or (plural and bool(before_pat.search(before)))
    if at_head or after or before_pat.search(before):
        return True
    return qualified and bool(list_pat.search(before))
