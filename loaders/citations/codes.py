"""The code tables of citations, read from data files: document types
(``loaders/data/doc_types.json``), issuing bodies (``issuer_codes.json``) and the provinces
local issuers belong to (``provinces_pre2025.json``). Loaded once; pure look-ups."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from ..textfold import fold_words


def _load(name: str) -> Any:
    return json.loads(files("cchc_kg.loaders.data").joinpath(name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class DocType:
    code: str  # canonical spelling inside a number: "NĐ"
    key: str  # InstrumentKey.doc_type: "nd"
    kind: str  # gold kind: "Nghị định"
    words: tuple[str, ...]
    issuer: str | None = None  # the only issuer code of the type ("NĐ" → "CP"), if one


@dataclass(frozen=True)
class Issuer:
    code: str  # "TTg", "UBND", "BTVTU" ...
    key: str  # InstrumentKey.issuer_code: "ttg", "ubnd", "tu" ...
    name: str  # "Thủ tướng Chính phủ", "Ủy ban nhân dân tỉnh {province}"
    level: str  # central | party-central | local | party-local
    phrases: tuple[str, ...]

    @property
    def is_local(self) -> bool:
        return self.level in ("local", "party-local")

    def expand(self, province: str | None) -> str:
        """The gold's issuer name; a local body without a known province keeps the bare
        form ("Ủy ban nhân dân tỉnh"); a centrally-run city's bodies are "thành phố" ones
        ("Ủy ban nhân dân thành phố Hà Nội", "Thành ủy Hà Nội")."""
        if "{province}" not in self.name:
            return self.name
        name = self.name
        if province in tables().cities:
            city = "" if province.startswith("Thành phố") else "thành phố "
            name = name.replace("tỉnh {province}", city + "{province}").replace("Tỉnh ủy", "Thành ủy")
        return name.replace("{province}", province or "").strip()


@dataclass(frozen=True)
class Tables:
    doc_types: dict[str, DocType]  # by folded code ("nd")
    doc_type_by_kind: dict[str, DocType]  # by folded kind word ("nghi dinh", "ke hoach hanh dong")
    issuers: dict[str, Issuer]  # by folded code ("ttg", "ubnd", "btvtu")
    units: frozenset[str]  # folded unit suffixes of công văn ("cchc")
    provinces: tuple[str, ...]
    province_by_folded: dict[str, str]
    cities: frozenset[str]  # centrally-run cities among the provinces


@cache
def tables() -> Tables:
    types = [
        DocType(t["code"], t["key"], t["kind"], tuple(t["words"]), t.get("issuer"))
        for t in _load("doc_types.json")["types"]
    ]
    raw = _load("issuer_codes.json")
    issuers = [
        Issuer(i["code"], i["key"], i["name"], i["level"], tuple(i["phrases"])) for i in raw["issuers"]
    ]
    provinces = tuple(_load("provinces_pre2025.json")["provinces"])
    return Tables(
        doc_types={fold_words(t.code): t for t in types},
        doc_type_by_kind={fold_words(w): t for t in types for w in t.words},
        issuers={fold_words(i.code): i for i in issuers},
        units=frozenset(fold_words(u) for u in raw["units"]),
        provinces=provinces,
        province_by_folded={fold_words(p): p for p in provinces},
        cities=frozenset(raw["centrally_run_cities"]),
    )


def province_slug(province: str) -> str:
    """ "Đắk Nông" → "dak-nong" (the jurisdiction of a local instrument)."""
    slug = _province_slugs().get(province)
    return slug if slug is not None else _slug(province)


def _slug(province: str) -> str:
    return "-".join(fold_words(province).split())


@cache
def _province_slugs() -> dict[str, str]:
    """The slug of every province of the table, made once (every local citation asks)."""
    return {p: _slug(p) for p in tables().provinces}


def fold_code(token: str) -> str:
    """``fold_words(token)`` of a ký hiệu token or code: one made of ASCII letters and
    digits only is just lower-cased (NFC, the fold and the word split leave it as is),
    without the Unicode normalisation and regex split of :func:`fold_words`."""
    return token.lower() if token.isascii() and token.isalnum() else fold_words(token)


def canonical_code(token: str) -> str:
    """The canonical spelling of one ký hiệu token: Đ restored from a code table ("ND" →
    "NĐ", "BCDCCHC" → "BCĐCCHC", "QD" → "QĐ"); unknown tokens keep their printed form with
    "Ð" (U+00D0) read as "Đ"."""
    t = tables()
    folded = fold_code(token)
    if folded in t.doc_types:
        return t.doc_types[folded].code
    issuer = t.issuers.get(folded)
    if issuer is not None and issuer.code != "BTVTU":
        return issuer.code
    return token.replace("Ð", "Đ").upper() if token.isupper() or not token.isalpha() else token
