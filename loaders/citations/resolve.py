"""Resolve found mentions to cited instruments: canonical number, kind, issuer (expanded,
with the province for local bodies), date, and the canonical :class:`InstrumentKey` under
the numbering regime's identity rules (domain.md §3). Pure."""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from ..model import InstrumentKey
from .codes import Issuer, fold_code, province_slug, tables
from .find import Found
from .numbers import ParsedNumber, parse_number
from .registry import Entry, registry

_NAMED_ISSUER = {"Luật": "QH", "Bộ luật": "QH", "Hiến pháp": "QH", "Pháp lệnh": "UBTVQH"}
_NAMED_TYPE = {"Luật": "luat", "Bộ luật": "luat", "Hiến pháp": "hp", "Pháp lệnh": "pl"}
# Old and new tone placement (gold README §2): keys compare in the new style.
_TONES = {
    "oá": "óa",
    "oà": "òa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oé": "óe",
    "oè": "òe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uý": "úy",
    "uỳ": "ùy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}


def name_key(name: str) -> str:
    """A short title as an identity: NFC, lower case, one space, new-style tones.

    >>> name_key("Luật Tổ chức  chính quyền địa phương")
    'luật tổ chức chính quyền địa phương'
    """
    s = unicodedata.normalize("NFC", name).casefold()
    for old, new in _TONES.items():
        s = s.replace(old, new)
    return " ".join(s.split())  # runs of whitespace as one space, none at the ends


def issuer_of_mention(f: Found, province: str | None) -> tuple[str | None, bool, str | None]:
    """(issuer name, inferred?, the issuer's province) of one mention."""
    if f.issuer is not None:
        prov = f.issuer.province or province
        return f.issuer.issuer.expand(prov), False, prov if f.issuer.issuer.is_local else None
    issuer: Issuer | None = None
    if f.number is not None:
        issuer = f.number.issuer
    elif f.named_kind is not None:
        issuer = tables().issuers.get(_NAMED_ISSUER[f.named_kind].lower())
    if issuer is None:
        return None, True, None
    return issuer.expand(province), True, province if issuer.is_local else None


def intended_number(f: Found) -> ParsedNumber | None:
    """A ký hiệu whose issuer code contradicts the printed central issuer ("99/NQ-TU ... của
    Chính phủ"): the number with the printed issuer's code; None when they agree."""
    n, printed = f.number, f.issuer
    if n is None or printed is None or n.issuer is None or n.regime == "party":
        return None
    central = printed.issuer.level == "central"
    if central and n.issuer.level != "central" and printed.issuer.code.isalpha():
        return n.with_issuer(printed.issuer)
    return None


class Resolution(NamedTuple):  # one per record: a tuple, cheaper than a dataclass
    key: InstrumentKey | None
    reason: str | None
    entry: Entry | None


def resolve_numbered(
    number: ParsedNumber, year: int | None, issuer_local: bool, issuer_province: str | None
) -> Resolution:
    """The key of a numbered instrument; ``year`` is the printed date's year (the year of
    normative numbers is in the number itself)."""
    reg = registry()
    province = issuer_province if issuer_local else None
    candidates = reg.find_number(number.canonical, province)
    entry = candidates[0] if len(candidates) == 1 else None
    if number.regime == "normative":
        year = number.year
    elif year is None:
        years = {e.year for e in candidates if e.year is not None}
        if len(years) == 1:
            year = years.pop()
        elif len(years) > 1:
            return Resolution(
                None,
                f"{number.canonical} is printed without a date and the registry "
                f"knows it in several years ({sorted(years)})",
                None,
            )
        else:
            return Resolution(
                None,
                f"{number.canonical} is printed without a date and the registry does not know it; "
                + (
                    "party numbers restart with each committee term"
                    if number.regime == "party"
                    else "administrative numbers restart every 1 January"
                )
                + ", so which instrument it is stays open",
                None,
            )
    if issuer_local and not issuer_province:
        return Resolution(None, f"{number.canonical} has a local issuer but the province is unknown", entry)
    key = InstrumentKey(
        regime=number.regime,
        jurisdiction=province_slug(issuer_province) if issuer_local and issuer_province else "vn",
        issuer_code=number.issuer_key,
        doc_type=number.doc_type,
        year=year,
        number=number.key_number,
    )
    return Resolution(key, None, entry)


def key_of_number(number: str, year: int | None, province: str | None) -> InstrumentKey | None:
    """The key of an instrument from its printed number, the year of its date and the
    issuer's province — a loaded document's own number gets the very key its citations get
    (one IRI per instrument). None when the number does not parse or cannot be resolved.

    >>> key_of_number("Số: 05/KH-UBND", 2021, "Kon Tum")
    InstrumentKey(regime='administrative', jurisdiction='kon-tum', issuer_code='ubnd', doc_type='kh', year=2021, number='5', name=None)
    """
    parsed = parse_number(number)
    if parsed is None:
        return None
    local = parsed.issuer is not None and parsed.issuer.is_local
    return resolve_numbered(parsed, year, local, province).key


def resolve_named(kind: str, name: str, entry: Entry | None, year: int | None) -> Resolution:
    if entry is None:
        entry = registry().find_name(kind, name)
    canonical = entry.names[0] if entry and entry.names else name
    if year is None and entry is not None:
        year = entry.year
    if year is None and kind != "Hiến pháp":
        # laws keep their names across versions (Luật Đất đai 2003, 2013, 2024)
        return Resolution(
            None,
            f"{name} is cited without a date and the registry does not know it: "
            "the year of the law is unknown",
            None,
        )
    key = InstrumentKey(
        regime="named",
        jurisdiction="vn",
        issuer_code=_NAMED_ISSUER[kind].lower(),
        doc_type=_NAMED_TYPE[kind],
        year=year,
        number=None,
        name=name_key(canonical),
    )
    return Resolution(key, None, entry)


def kind_of(f: Found) -> str:
    if f.named_kind is not None:
        return f.named_kind
    if f.kind is not None:
        return f.kind.kind
    assert f.number is not None
    t = tables()
    if f.number.type_code is not None:
        dt = t.doc_types.get(fold_code(f.number.type_code))
        if dt is not None:
            return dt.kind
    # a law's number carries no type code (77/2015/QH13): its doc_type says it
    by_key = next((dt for dt in t.doc_types.values() if dt.key == f.number.doc_type), None)
    return by_key.kind if by_key is not None and by_key.key != "cv" else "Công văn"


def is_local(f: Found) -> bool:
    """Does the instrument belong to a province (its number is unique only there)? The
    ký hiệu decides (its issuer code), unless it contradicts the printed issuer."""
    intended = intended_number(f)
    if intended is not None:
        return bool(intended.issuer and intended.issuer.is_local)
    if f.number is not None and f.number.issuer is not None:
        return f.number.issuer.is_local
    if f.issuer is not None:
        return f.issuer.issuer.is_local
    return False
