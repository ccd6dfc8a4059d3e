"""Canonical names of agency mentions (gold README §9): orthographic, abbreviations
expanded, groups starting with "Các", qualifiers kept; OCR text without diacritics is
restored against the gazetteer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from . import patterns as P
from .gazetteer import AgencyType, District, gazetteer
from .groups import canonical_group
from .matching import label_for
from .text import TONE_FIX, fold, looks_like_ocr_repeated, orthographic

# Abbreviations expanded in every name (gold README §9 table), as whole words.
_ABBREVIATIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bUBND\b"), "Ủy ban nhân dân"),
    (re.compile(r"\bHĐND\b"), "Hội đồng nhân dân"),
    (re.compile(r"\bMTTQ\b"), "Mặt trận Tổ quốc"),
    (re.compile(r"\bVP\b"), "Văn phòng"),
    (re.compile(r"\bTP\.?\s*(?=[A-ZĐ])"), "thành phố "),
    (re.compile(r"\bCCHC\b"), "cải cách hành chính"),
    (re.compile(r"\bCĐS\b"), "chuyển đổi số"),
)


@dataclass(frozen=True)
class Canonical:
    """What a printed name resolves to in the gazetteer (or not)."""

    label: str  # canonical name
    type: AgencyType | None = None
    district: District | None = None
    group_kind: str | None = None
    province_name: str | None = None  # a province printed in the name ("... tỉnh Kon Tum")


def clean(name: str) -> str:
    """Printed name → tidy string: whitespace, list markers, trailing punctuation, "Uỷ",
    the new tone placement and "(b/c)"-style notes."""
    # (Each step that needs a character the name lacks is skipped: names are cleaned
    # for every role cell.)
    s = P.PARENTHETICAL.sub(" ", name) if "(" in name else name
    s = P.WS.sub(" ", s).strip()
    s = P.LIST_MARKER.sub("", s)
    s = P.LEADING_PUNCT.sub("", _strip_trailing_punct(s))
    s = s.replace("Ð", "Đ").replace("ð", "đ").replace("–", "-").replace("—", "-")
    if _OLD_TONE.search(s):
        for old, new in TONE_FIX.items():
            s = s.replace(old, new).replace(old[0].upper() + old[1:], new[0].upper() + new[1:])
    s = s.replace("UỶ", "ỦY")
    if "," in s:
        s = P.SPACE_BEFORE_COMMA.sub(",", s)
        s = P.COMMA_NO_SPACE.sub(", ", s)
    return s


# The old tone placements of TONE_FIX, lower case or capitalised (none of the new ones
# makes an old one, so a name without any is left as it is).
_OLD_TONE = re.compile("|".join(k for old in TONE_FIX for k in (old, old[0].upper() + old[1:])))
_TRAILING = frozenset(".;,:|")


def _strip_trailing_punct(s: str) -> str:
    """``P.TRAILING_PUNCT`` removed (whitespace and ``.;,:|`` at the end), without a
    regex tried at every position."""
    end = len(s)
    while end and (s[end - 1] in _TRAILING or s[end - 1].isspace()):
        end -= 1
    return s[:end]


def expand(s: str) -> str:
    for pat, rep in _ABBREVIATIONS:
        s = pat.sub(rep, s)
    return P.WS.sub(" ", s).strip()


@cache
def _lookup() -> dict[str, tuple[AgencyType, District | None]]:
    """Normalised printed variant → type (non-template types, any province)."""
    g = gazetteer()
    out: dict[str, tuple[AgencyType, District | None]] = {}
    for t in g.types.values():
        for printed in (t.label, *t.aliases):
            if "{province}" in printed:
                continue
            if "{district}" in printed:
                for ds in g.districts.values():
                    kind = {
                        "ubnd-huyen": "huyện",
                        "ubnd-thanh-pho": "thành phố",
                        "ubnd-thi-xa": "thị xã",
                    }.get(t.id)
                    for d in ds:
                        if d.kind == kind:
                            out.setdefault(orthographic(printed.replace("{district}", d.name)), (t, d))
                continue
            if "{" in printed:
                continue
            out.setdefault(orthographic(printed), (t, None))
    return out


@cache
def _folded_lookup() -> dict[str, str]:
    return {fold(k): k for k in _lookup()}


_PROVINCE_SUFFIX = re.compile(
    r"^(?P<body>.+?)\s+(?:(?P<kind>tỉnh|thành phố)\s+)?(?P<name>[A-ZĐ][\w']*(?:\s+[A-ZĐ][\w']*){0,3})$"
)


# The same printed names come back for every task, role and heading that cites them
# (about 1,400 calls per corpus); the result is a frozen value of the name alone (the
# gazetteer is fixed for the process), so it is memoised, bounded.
@lru_cache(maxsize=8192)
def resolve_name(name: str) -> Canonical:
    """The canonical form of a printed agency name and what it denotes."""
    s = expand(clean(name))
    if not s:
        return Canonical("")
    ocr = looks_like_ocr_repeated(s, 40) and not any(not c.isascii() for c in s if c.isalpha())
    group = canonical_group(orthographic(s) if not ocr else fold(s), ocr)
    if group is not None:
        return Canonical(group.label, group_kind=group.kind)
    hit = _lookup().get(orthographic(s))
    if hit is not None:
        return Canonical(label_for(hit[0], None, hit[1]), hit[0], hit[1])
    # "Sở Nội vụ tỉnh Kon Tum", "Báo Kon Tum", "Tỉnh ủy Quảng Nam": a province in the name.
    g = gazetteer()
    m = _PROVINCE_SUFFIX.match(s)
    if m is not None:
        prov = g.province_by_name(m.group("name"))
        if prov is not None:
            body = m.group("body")
            if orthographic(body) == "báo":
                t = g.types["bao-tinh"]
                return Canonical(f"Báo {prov.name}", t, None, province_name=prov.name)
            inner = _lookup().get(orthographic(body)) or _lookup().get(orthographic(body + " tỉnh"))
            if inner is not None:
                label = label_for(inner[0], prov.name, inner[1])
                base = label.removesuffix(" tỉnh")
                kind = m.group("kind") or "tỉnh"
                return Canonical(f"{base} {kind} {prov.name}", inner[0], inner[1], province_name=prov.name)
    if ocr or not any(not c.isascii() for c in s):
        best = process.extractOne(fold(s), list(_folded_lookup()), scorer=fuzz.ratio, score_cutoff=85)
        if best is not None:
            t, d = _lookup()[_folded_lookup()[best[0]]]
            return Canonical(label_for(t, None, d), t, d)
    return Canonical(_capitalise(s))


def _capitalise(s: str) -> str:
    return s[:1].upper() + s[1:]


def canonical_name(name: str) -> str:
    """Gold-README §9 canonical label of an agency mention.

    Orthographic ("Uỷ"→"Ủy", "UBND"→"Ủy ban nhân dân", new tone placement), gazetteer
    variants to their label ("Đài PT-TH tỉnh"→"Đài Phát thanh và Truyền hình tỉnh"),
    groups to their "Các ..." form with qualifiers kept; OCR names without diacritics are
    restored by fuzzy matching ("S& Noi vu"→"Sở Nội vụ"). Unknown names are kept as printed,
    cleaned (see :func:`cchc_kg.loaders.agencies.resolve_agency` for the matched flag).
    """
    return resolve_name(name).label
