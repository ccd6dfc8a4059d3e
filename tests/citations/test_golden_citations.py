"""The golden table (tests/citations/golden_citations.tsv): hand-written citation strings in
every printed variant of issue 4 item 1 — full, short, laws by name and date, amending laws,
Party documents, local plans, numbers broken across lines, noisy and OCR forms, confusables,
every date style, and the exclusions — with the canonical key fields of their first
citation, run through find + resolve (:func:`citations_in_text`)."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from cchc_kg.loaders.citations import citations_in_text
from cchc_kg.loaders.model import CitationRecord, InstrumentKey

TABLE = Path(__file__).with_name("golden_citations.tsv")
MIN_ROWS = 80


@dataclass(frozen=True)
class Row:
    input: str
    province: str | None
    count: int
    number: str | None
    kind: str | None
    date: str | None
    issuer: str | None
    name: str | None
    key: str
    comment: str


def _decode(s: str) -> str:
    """ "\\n" is a line break and "\\uXXXX" a code point, so invisible characters stay
    visible in the table."""
    s = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), s)
    return s.replace("\\n", "\n")


def _rows() -> list[Row]:
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    out = []
    for rec in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        out.append(
            Row(
                input=_decode(rec["input"]),
                province=rec["province"] or None,
                count=int(rec["count"]),
                number=rec["number"] or None,
                kind=rec["kind"] or None,
                date=rec["date"] or None,
                issuer=rec["issuer"] or None,
                name=rec["name"] or None,
                key=rec["key"],
                comment=rec["comment"],
            )
        )
    return out


ROWS = _rows()


def _key_text(key: InstrumentKey | None) -> str:
    if key is None:
        return "-"
    parts = [key.regime, key.jurisdiction, key.issuer_code, key.doc_type, key.year, key.number, key.name]
    return "|".join("" if p is None else str(p) for p in parts)


def _norm(s: str | None) -> str | None:
    return None if s is None else " ".join(s.split())


def test_the_table_is_big_enough_and_commented() -> None:
    assert len(ROWS) >= MIN_ROWS
    assert all(r.comment.strip() for r in ROWS)
    assert len({r.input for r in ROWS}) == len(ROWS), "duplicate inputs"


@pytest.mark.parametrize("row", ROWS, ids=[f"{i:03d}-{r.comment[:40]}" for i, r in enumerate(ROWS)])
def test_golden_citation(row: Row) -> None:
    got: list[CitationRecord] = citations_in_text(row.input, row.province)
    assert len(got) == row.count, [(c.number, c.name) for c in got]
    if row.count == 0:
        return
    first = got[0]
    assert first.number == row.number
    assert first.kind == row.kind
    assert first.date == row.date
    if row.issuer != "*":
        assert first.issuer == row.issuer
    assert _norm(first.name) == row.name
    assert _key_text(first.key) == row.key, first.unresolved_reason
    if row.key == "-":
        assert first.unresolved_reason, "an unresolved citation says why"
    # the mention span is exact: it indexes the input and covers the printed number or name
    span = first.mentions[0].span
    printed = first.mentions[0].as_printed
    assert printed == unicodedata.normalize("NFC", row.input)[span.start : span.end]
