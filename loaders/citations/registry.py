"""The registry of well-known instruments (``loaders/data/instruments.json``): the CCHC
framework and every instrument the corpus cites, as facts (number, kind, issuer, date,
title, status). Labels, year resolution of undated mentions and the tolerant look-up use
it; an instrument missing from it still gets a key from its own text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ..textfold import fold_words
from .codes import province_slug
from .numbers import ParsedNumber, parse_number


@dataclass(frozen=True)
class Entry:
    number: str | None
    kind: str
    issuer: str
    province: str | None
    date: str | None
    year: int | None
    title: str | None
    status: str | None
    names: tuple[str, ...]
    parsed: ParsedNumber | None

    @property
    def jurisdiction(self) -> str:
        return province_slug(self.province) if self.province else "vn"


@dataclass(frozen=True)
class Registry:
    entries: tuple[Entry, ...]
    by_number: dict[str, tuple[Entry, ...]]  # folded canonical number → entries
    by_type_number: dict[tuple[str, str], tuple[Entry, ...]]  # (doc_type, number key)
    named: tuple[tuple[str, str, Entry], ...]  # (folded kind, folded name, entry), longest first

    def find_number(self, number: str, province: str | None = None) -> tuple[Entry, ...]:
        """Entries printed with ``number``; local ones only for their own province."""
        found = self.by_number.get(fold_words(number), ())
        return tuple(e for e in found if e.province is None or e.province == province)

    def find_name(self, kind: str, name: str) -> Entry | None:
        k, n = fold_words(kind), fold_words(name)
        for ek, en, e in self.named:
            if ek == k and en == n:
                return e
        return None


def _entry(raw: dict[str, object]) -> Entry:
    number = raw.get("number")
    date = raw.get("date")
    year = raw.get("year")
    parsed = parse_number(str(number)) if isinstance(number, str) else None
    if year is None and isinstance(date, str):
        year = int(date[:4])
    names = raw.get("names") or ()
    return Entry(
        number=str(number) if isinstance(number, str) else None,
        kind=str(raw["kind"]),
        issuer=str(raw["issuer"]),
        province=str(raw["province"]) if raw.get("province") else None,
        date=str(date) if isinstance(date, str) else None,
        year=int(str(year)) if year is not None else None,
        title=str(raw["title"]) if raw.get("title") else None,
        status=str(raw["status"]) if raw.get("status") else None,
        names=tuple(str(n) for n in names) if isinstance(names, list) else (),
        parsed=parsed,
    )


@cache
def registry() -> Registry:
    text = files("cchc_kg.loaders.data").joinpath("instruments.json").read_text(encoding="utf-8")
    entries = tuple(_entry(r) for r in json.loads(text)["instruments"])
    by_number: dict[str, list[Entry]] = {}
    by_type_number: dict[tuple[str, str], list[Entry]] = {}
    named: list[tuple[str, str, Entry]] = []
    for e in entries:
        if e.number:
            by_number.setdefault(fold_words(e.number), []).append(e)
        if e.parsed is not None:
            by_type_number.setdefault((e.parsed.doc_type, e.parsed.key_number), []).append(e)
        for n in e.names:
            named.append((fold_words(e.kind), fold_words(n), e))
    named.sort(key=lambda t: len(t[1]), reverse=True)
    return Registry(
        entries=entries,
        by_number={k: tuple(v) for k, v in by_number.items()},
        by_type_number={k: tuple(v) for k, v in by_type_number.items()},
        named=tuple(named),
    )
