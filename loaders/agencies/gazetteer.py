"""The agency gazetteer and the province list, read from ``loaders/data``.

* ``agencies.json``: agency types (stable id = IRI key, level, parent type, canonical
  label, English label, printed variants) and group kinds;
* ``provinces.json``: provinces before and after 1 July 2025, the merger mapping and the
  district names the corpus needs;
* ``succession.json``: the 2025 department and ministry mergers.

The package ``vietnam-provinces`` carries only the provinces after 1 July 2025, so the list
before, after and the merger mapping are one checked data file (Nghị quyết 202/2025/QH15,
domain.md §6); ``tests/agencies/test_reference.py`` checks it is whole (63 = 52 merged + 11
unchanged → 23 + 11 = 34) and agrees with the citation resolver's ``provinces_pre2025.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.resources import files
from typing import Any, Literal

from .. import data as _data_pkg
from .text import fold, orthographic

Level = Literal["central", "party-central", "party", "province", "district", "commune"]


@dataclass(frozen=True)
class AgencyType:
    id: str
    level: Level
    parent: str | None
    label: str
    label_en: str
    aliases: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    list_context: bool = False

    @property
    def is_template(self) -> bool:
        return "{" in self.label


@dataclass(frozen=True)
class GroupKind:
    id: str
    member_type: str
    level: Level
    label: str
    label_en: str


@dataclass(frozen=True)
class Province:
    slug: str
    name: str
    kind: str  # "tỉnh" | "thành phố"
    era: Literal["before-2025", "after-2025"]
    unchanged: bool = False


@dataclass(frozen=True)
class District:
    slug: str
    name: str
    kind: str  # "huyện" | "thành phố" | "thị xã"
    province: str


@dataclass(frozen=True)
class Gazetteer:
    types: dict[str, AgencyType]
    groups: dict[str, GroupKind]
    provinces_before: dict[str, Province]
    provinces_after: dict[str, Province]
    mergers: tuple[tuple[str, tuple[str, ...]], ...]  # (result slug, source slugs)
    merger_date: str
    districts: dict[str, tuple[District, ...]]
    succession: dict[str, Any] = field(default_factory=dict)
    member_types: tuple[dict[str, Any], ...] = ()  # kinds of group member that are not types

    def province_by_name(self, name: str | None, on: str | None = None) -> Province | None:
        """The province named ``name`` (any orthography, with or without "tỉnh"): the one
        before 1 July 2025, or, for a document dated ``on`` (ISO) from the merger date on,
        the one after ("Quảng Ngãi" in 2026 is the merged province of Quảng Ngãi and Kon Tum)."""
        if not name:
            return None
        key = fold(name).removeprefix("tinh ").removeprefix("thanh pho ").strip()
        before, after = self._province_keys
        eras = (after, before) if on is not None and on >= self.merger_date else (before, after)
        for era in eras:
            if key in era:
                return era[key]
        return None

    # Asked for every agency name resolved (hundreds per document): built once.
    @cached_property
    def _province_keys(self) -> tuple[dict[str, Province], dict[str, Province]]:
        """For each era, its provinces by folded name and by slug; a key that fits several
        provinces gives the first of the era (as a scan of the era would)."""
        eras = []
        for era in (self.provinces_before, self.provinces_after):
            keys: dict[str, Province] = {}
            for p in era.values():
                keys.setdefault(fold(p.name), p)
                keys.setdefault(p.slug, p)
            eras.append(keys)
        return eras[0], eras[1]

    def province(self, slug: str) -> Province | None:
        return self.provinces_before.get(slug) or self.provinces_after.get(slug)

    def successor_province(self, slug: str) -> str | None:
        for result, sources in self.mergers:
            if slug in sources:
                return result
        return None


def _read(name: str) -> Any:
    return json.loads(files(_data_pkg).joinpath(name).read_text(encoding="utf-8"))


@cache
def gazetteer() -> Gazetteer:
    a = _read("agencies.json")
    p = _read("provinces.json")
    s = _read("succession.json")
    types = {
        t["id"]: AgencyType(
            id=t["id"],
            level=t["level"],
            parent=t.get("parent"),
            label=t["label"],
            label_en=t["label_en"],
            aliases=tuple(t.get("aliases", ())),
            not_before=tuple(orthographic(x) for x in t.get("not_before", ())),
            not_after=tuple(orthographic(x) for x in t.get("not_after", ())),
            list_context=bool(t.get("list_context", False)),
        )
        for t in a["types"]
    }
    groups = {
        g["id"]: GroupKind(g["id"], g["member_type"], g["level"], g["label"], g["label_en"])
        for g in a["groups"]
    }
    before = {x["slug"]: Province(x["slug"], x["name"], x["kind"], "before-2025") for x in p["before_2025"]}
    after = {
        x["slug"]: Province(x["slug"], x["name"], x["kind"], "after-2025", bool(x.get("unchanged", False)))
        for x in p["after_2025"]
    }
    mergers = tuple((m["result"], tuple(m["sources"])) for m in p["mergers"])
    districts = {
        prov: tuple(District(d["slug"], d["name"], d["kind"], prov) for d in ds)
        for prov, ds in p["districts"].items()
    }
    return Gazetteer(
        types,
        groups,
        before,
        after,
        mergers,
        p["merger_date"],
        districts,
        s,
        tuple(a.get("member_types", ())),
    )
