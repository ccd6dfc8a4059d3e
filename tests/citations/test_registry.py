"""The registry of well-known instruments (loaders/data/instruments.json, issue 4 item 3):
every instrument the corpus cites, with the facts the gold gives it, plus the CCHC framework;
entries well-formed (canonical numbers, ISO dates, known kinds, one entry per instrument)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cchc_kg.loaders.citations.codes import tables
from cchc_kg.loaders.citations.numbers import parse_number
from cchc_kg.loaders.citations.registry import Entry, registry

# The CCHC framework the issue lists (numbers, and laws by name).
FRAMEWORK_NUMBERS = [
    ("30c/NQ-CP", 2011), ("76/NQ-CP", 2021), ("18-NQ/TW", 2017), ("19-NQ/TW", 2017),
    ("107/2020/NĐ-CP", 2020), ("108/2020/NĐ-CP", 2020), ("61/2018/NĐ-CP", 2018),
    ("45/2020/NĐ-CP", 2020), ("30/2020/NĐ-CP", 2020), ("62/2020/NĐ-CP", 2020),
    ("120/2020/NĐ-CP", 2020), ("150/2020/NĐ-CP", 2020), ("468/QĐ-TTg", 2021), ("23/CT-TTg", 2021),
]  # fmt: skip
FRAMEWORK_LAWS = [
    "Luật Tổ chức chính quyền địa phương",
    "Luật Tổ chức Chính phủ",
    "Luật Ban hành văn bản quy phạm pháp luật",
    "Luật Cán bộ, công chức",
    "Luật Viên chức",
]


def _entry_for(citation: dict[str, Any], province: str) -> Entry | None:
    reg = registry()
    if citation["number"]:
        number = citation.get("number_intended") or citation["number"]
        found = reg.find_number(number, province)
        if citation["date"]:
            found = tuple(e for e in found if e.year == int(citation["date"][:4]))
        return found[0] if len(found) == 1 else None
    return reg.find_name(citation["kind"], citation["name"])


def test_every_corpus_citation_is_in_the_registry_with_the_gold_facts(
    gold: dict[str, dict[str, Any]],
) -> None:
    checked = 0
    for stem, g in gold.items():
        province = g["documents"][0]["province"]
        for c in g["citations"]:
            e = _entry_for(c, province)
            assert e is not None, f"{stem}: {c['number'] or c['name']} is not in the registry"
            if c["date"]:
                assert e.date in (c["date"], *c.get("date_variants", [])) or (
                    e.date is None and e.year == int(c["date"][:4])
                ), (stem, c["number"] or c["name"], e.date)
            if c["number"] and not c.get("number_intended"):
                assert e.issuer == c["issuer"], (stem, c["number"], e.issuer)
            assert e.kind == c["kind"]
            checked += 1
    assert checked >= 75


@pytest.mark.parametrize(("number", "year"), FRAMEWORK_NUMBERS)
def test_cchc_framework_numbers(number: str, year: int) -> None:
    assert year in {e.year for e in registry().find_number(number)}


@pytest.mark.parametrize("name", FRAMEWORK_LAWS)
def test_cchc_framework_laws(name: str) -> None:
    e = registry().find_name("Luật", name)
    assert e is not None and e.issuer == "Quốc hội" and e.date is not None


def test_entries_are_well_formed() -> None:
    kinds = {t.kind for t in tables().doc_type_by_kind.values()}
    seen: set[tuple[str, int | None, str | None]] = set()
    for e in registry().entries:
        assert e.kind in kinds, e
        assert e.issuer
        if e.date is not None:
            assert dt.date.fromisoformat(e.date).year == e.year
        if e.number is not None:
            parsed = parse_number(e.number)
            assert parsed is not None and parsed.canonical == e.number, e.number
            if parsed.issuer is not None and parsed.issuer.is_local:
                assert e.province, f"{e.number}: a local number needs its province"
            ident = (e.number, e.year, e.province)
            assert ident not in seen, f"{e.number} twice"
            seen.add(ident)
        if e.kind in ("Luật", "Pháp lệnh", "Hiến pháp"):
            assert e.names, f"{e.number}: laws are cited by name"


def test_one_number_two_years_are_two_entries() -> None:
    assert sorted(e.year for e in registry().find_number("76/NQ-CP") if e.year) == [2013, 2021]
