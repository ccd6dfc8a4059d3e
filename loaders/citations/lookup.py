"""Tolerant look-up of what a person types for an instrument ("107/2020/NĐ-CP",
"107/2020/ND-CP", "nđ 107/2020", "Nghị định 107", "76/NQ-CP 2021", "18-NQ/TW", "Luật Tổ
chức chính quyền địa phương", ASCII-only and lower-case forms): the candidate
:class:`~cchc_kg.loaders.model.InstrumentKey` values it can mean, for ``cchc cites`` and
``/api/cites``.

It reuses the extractor's own pieces — the number regex and parser, the kind words and
codes of ``doc_types.json``, the law-name finder and the registry — so a typed citation
gets the very key parts the extractor gives the same citation in a document. Pure.

Candidates may be partial: ``year`` is None when neither the input nor the registry gives
it ("Nghị định 107" for a decree the registry does not know; "76/NQ-CP" unknown to the
registry), and ``jurisdiction`` is ``""`` for a local number whose province is unknown.
They are meant for matching by key parts (``cchc:keyDocType``/``keyNumber``/``keyYear``/
``keyName``), not for minting IRIs. When the registry knows one number in several years
(76/NQ-CP of 2013 and of 2021) every year is a candidate: the caller shows them all.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from ..model import InstrumentKey
from ..textfold import fold_printed, fold_words
from .codes import DocType, province_slug, tables
from .find import find_named
from .numbers import ParsedNumber, number_key, parse_match
from .regexes import NAMED_TYPES, NUMBER, SO
from .registry import Entry, registry
from .resolve import resolve_named

__all__ = ["Lookup", "lookup_instrument"]

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_BARE_NUMBER = re.compile(r"(?<![0-9a-z])(?P<num>\d{1,5}[a-z]?)\s*/\s*(?P<year>(?:19|20)\d{2})(?![0-9a-z/])")
# Instruments the extractor keys by name (gold README §4: laws, ordinances, constitution).
# A single-letter code ("L") would match stray letters of a typed sentence.
_MIN_CODE_LEN = 2
_WORD_GAP = r"[\s.]+"


@dataclass(frozen=True)
class Lookup:
    """What a typed citation can mean: candidate keys (possibly partial), the registry
    entries behind them when known (labels), and a message saying what was understood or
    why nothing was."""

    candidates: list[InstrumentKey]
    message: str
    entries: list[Entry] = field(default_factory=list)


@cache
def _kind_number() -> tuple[re.Pattern[str], dict[str, DocType]]:
    """ "Nghị định số 107", "nđ 107/2020", "QĐ 468", "Kế hoạch hành động 1102" on folded
    text: a kind word or type code, optional "số", a number, optional "/year"."""
    t = tables()
    spellings: dict[str, DocType] = dict(t.doc_type_by_kind)
    spellings.update({code: dt for code, dt in t.doc_types.items() if len(code) >= _MIN_CODE_LEN})
    groups: dict[str, DocType] = {}
    alts = []
    for i, (word, dt) in enumerate(sorted(spellings.items(), key=lambda kv: len(kv[0]), reverse=True)):
        groups[f"k{i}"] = dt
        alts.append(f"(?P<k{i}>{_WORD_GAP.join(map(re.escape, word.split()))})")
    pattern = re.compile(
        rf"(?<![a-z])(?:{'|'.join(alts)})[\s.:]*(?:{SO}[\s.:]*)?"
        rf"(?P<num>\d{{1,5}}[a-z]?)(?:\s*/\s*(?P<year>(?:19|20)\d{{2}}))?(?![0-9a-z])"
    )
    return pattern, groups


def _upper_codes(text: str) -> str:
    """``text`` with letters in upper case, length kept: a person types "nd-cp" for the
    ký hiệu "NĐ-CP", which the parser only takes in upper case (in documents a lower-case
    "symbol" is running text)."""
    return "".join(u if len(u := c.upper()) == 1 else c for c in text)


def _province(province: str | None) -> str | None:
    if not province:
        return None
    return tables().province_by_folded.get(
        fold_words(province.removeprefix("tỉnh").strip()), province.strip()
    )


def _year_outside(folded: str, start: int, end: int) -> int | None:
    """A year typed next to the number ("76/NQ-CP 2021", "... ngày 15/7/2021")."""
    rest = folded[:start] + " " * (end - start) + folded[end:]
    years = _YEAR.findall(rest)
    return int(years[-1]) if years else None


def _named_key(entry: Entry, year: int | None) -> InstrumentKey:
    res = resolve_named(entry.kind, entry.names[0], entry, year)
    assert res.key is not None
    return res.key


def _key(number: ParsedNumber, year: int | None, province: str | None, entry: Entry | None) -> InstrumentKey:
    local = number.issuer is not None and number.issuer.is_local
    where = (entry.province if entry is not None else None) or province
    return InstrumentKey(
        regime=number.regime,
        jurisdiction=(province_slug(where) if where else "") if local else "vn",
        issuer_code=number.issuer_key,
        doc_type=number.doc_type,
        year=number.year if number.regime == "normative" else year,
        number=number.key_number,
    )


def _entries_for(canonical: str, province: str | None) -> list[Entry]:
    """Registry entries printed with ``canonical``; local ones of another province out."""
    found = registry().by_number.get(fold_words(canonical), ())
    return [e for e in found if province is None or e.province is None or e.province == province]


def _dedup(keys: list[InstrumentKey], entries: list[Entry]) -> tuple[list[InstrumentKey], list[Entry]]:
    out: list[InstrumentKey] = []
    for k in keys:
        if k not in out:
            out.append(k)
    return out, list({id(e): e for e in entries}.values())


def _from_number(number: ParsedNumber, year: int | None, province: str | None, shown: str) -> Lookup:
    entries = _entries_for(number.canonical, province)
    if year is not None and number.regime != "normative":
        entries = [e for e in entries if e.year in (None, year)]
    named = [e for e in entries if e.names and number.doc_type in NAMED_TYPES]
    if named:  # a law typed by its number: the extractor keys laws by their name
        return Lookup([_named_key(e, e.year) for e in named], f"{shown}: {named[0].names[0]}", named)
    if number.regime == "normative" or year is not None:
        keys = [_key(number, year, province, e) for e in entries] or [_key(number, year, province, None)]
        keys, entries = _dedup(keys, entries)
        return Lookup(
            keys, f"{number.canonical}" + (f" of {year}" if number.regime != "normative" else ""), entries
        )
    dated = [e for e in entries if e.year is not None]
    if not dated:
        return Lookup(
            [_key(number, None, province, entries[0] if entries else None)],
            f"{number.canonical} without a year: numbering restarts every year, any year matches",
            entries,
        )
    keys, entries = _dedup([_key(number, e.year, province, e) for e in dated], dated)
    years = sorted({k.year for k in keys if k.year is not None})
    message = (
        f"{number.canonical} of {years[0]} (year from the registry)"
        if len(years) == 1
        else (f"{number.canonical} is ambiguous without a year: the registry knows it in {years}")
    )
    return Lookup(keys, message, entries)


def _from_kind_number(dt: DocType, num: str, year: int | None, province: str | None) -> Lookup:
    shown = f"{dt.kind} {num}" + (f"/{year}" if year else "")
    entries = [
        e
        for e in registry().by_type_number.get((dt.key, number_key(num)), ())
        if (year is None or e.year == year) and (province is None or e.province in (None, province))
    ]
    if entries:
        keys: list[InstrumentKey] = []
        for e in entries:
            assert e.parsed is not None
            if e.names and dt.key in NAMED_TYPES:
                keys.append(_named_key(e, e.year))
            else:
                keys.append(_key(e.parsed, e.year, province, e))
        keys, entries = _dedup(keys, entries)
        labels = ", ".join(e.number or e.kind for e in entries)
        return Lookup(keys, f"{shown}: {labels}" + (" (ambiguous)" if len(keys) > 1 else ""), entries)
    issuer = tables().issuers.get(fold_words(dt.issuer)) if dt.issuer else None
    key = InstrumentKey(
        regime="normative" if year is not None and dt.issuer else "administrative",
        jurisdiction="vn" if issuer is not None and not issuer.is_local else "",
        issuer_code=issuer.key if issuer is not None else "",
        doc_type=dt.key,
        year=year,
        number=number_key(num),
    )
    return Lookup([key], f"{shown}: not in the registry; matching by kind and number")


def _from_name(text: str, folded: str, province: str | None) -> Lookup | None:
    typed = text[:1].upper() + text[1:]
    for f in find_named(typed, fold_printed(typed), 0, len(typed)):
        assert f.named_kind is not None and f.name is not None
        year = int(f.date.iso[:4]) if f.date else _year_outside(folded, f.start, f.end)
        res = resolve_named(f.named_kind, f.name, f.entry, year)
        assert res.key is not None
        entry = f.entry or registry().find_name(f.named_kind, f.name)
        note = "" if entry is not None else " (not in the registry: the name must match as printed)"
        shown = entry.names[0] if entry is not None and entry.names else f.name
        return Lookup([res.key], f"{shown}{note}", [entry] if entry else [])
    return None


def _from_bare(folded: str, province: str | None) -> Lookup | None:
    """ "107/2020" with no kind: every registry instrument with that number and year."""
    m = _BARE_NUMBER.search(folded)
    if not m:
        return None
    num, year = number_key(m["num"]), int(m["year"])
    entries = [
        e
        for e in registry().entries
        if e.parsed is not None
        and e.parsed.key_number == num
        and e.year == year
        and (province is None or e.province in (None, province))
    ]
    if not entries:
        return Lookup(
            [], f"{m[0]}: no kind given (e.g. 'Nghị định {m[0]}') and no registry instrument has that number"
        )
    keys: list[InstrumentKey] = []
    for e in entries:
        assert e.parsed is not None
        keys.append(
            _named_key(e, e.year)
            if e.names and e.parsed.doc_type in NAMED_TYPES
            else _key(e.parsed, e.year, province, e)
        )
    keys, entries = _dedup(keys, entries)
    return Lookup(keys, f"{m[0]}: " + ", ".join(e.number or e.kind for e in entries), entries)


def lookup_instrument(text: str, province: str | None = None) -> Lookup:
    """The instruments ``text`` can mean.

    ``province`` (the asker's province, e.g. "Kon Tum") binds local numbers such as
    "4514/KH-UBND" and filters local registry entries of other provinces.

    >>> lookup_instrument("nđ 107/2020").candidates[0].number
    '107'
    >>> lookup_instrument("xyz").candidates
    []
    """
    # Compatibility forms are the same citation to a person: full-width "１０７/２０２０".
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    if not text:
        return Lookup([], "nothing typed")
    prov = _province(province)
    upper = _upper_codes(text)
    folded = fold_printed(upper)
    for m in NUMBER.finditer(folded):
        parsed = parse_match(m, upper, folded)
        if parsed is not None:
            year = None if parsed.regime == "normative" else _year_outside(folded, m.start(), m.end())
            return _from_number(parsed, year, prov, parsed.canonical)
    pattern, groups = _kind_number()
    km = pattern.search(folded)
    if km is not None:
        dt = next(groups[g] for g in groups if km.group(g))
        year = int(km["year"]) if km["year"] else _year_outside(folded, km.start(), km.end())
        # "Hiến pháp 2013", "Luật Đất đai 2013": a year, not a number, unless the registry
        # knows a law by that number
        by_name = dt.key in NAMED_TYPES and not registry().by_type_number.get((dt.key, number_key(km["num"])))
        if not by_name:
            return _from_kind_number(dt, km["num"], year, prov)
    named = _from_name(text, fold_printed(text), prov)
    if named is not None:
        return named
    bare = _from_bare(folded, prov)
    if bare is not None:
        return bare
    return Lookup(
        [],
        f"no instrument recognised in {text!r}: type a number with its ký hiệu (107/2020/NĐ-CP, "
        "76/NQ-CP 2021, 18-NQ/TW), a kind and number (Nghị định 107/2020) or a law's name "
        "(Luật Tổ chức chính quyền địa phương)",
    )
