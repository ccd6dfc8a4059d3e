"""Targets and body tasks against ../shared/gold, per document: P/R/F1 by text-prefix match.

Matching follows the project scorer (../shared/tools/score_extract.py): NFC, casefold,
collapsed whitespace, new-style tone placement; a gold item matches an extracted one when
the first 40 characters of one are a prefix of the other (greedy, each extracted item used
once). On matched targets the section path, the values and the lead/cooperating sets are
compared too.

Figures printed on every run (``pytest -s``):

* ``strict`` — against the gold ``text`` only, as the project scorer does. For the OCR
  document 003 this needs the restored Vietnamese (loaders/diacritics/). Asserted: the
  figure over all five documents and over each document with diacritics >= the threshold
  (targets 0.90, body tasks 0.80); 003 alone >= its floor below.
* ``printed`` (003 only) — the gold's ``text_prefix_raw`` (the OCR text at the same
  position) against the extracted ``text_as_printed``: whether the right items were found,
  independently of how well their diacritics were restored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from cchc_kg.loaders.extract import extract_file
from cchc_kg.loaders.to_json import extraction_json

PREFIX = 40
THRESHOLD = {"targets": 0.90, "body_tasks": 0.80}
# Floor for the strict figure of 003 alone, whose items must be restored from OCR without
# diacritics (loaders/diacritics/, statistical: a wrong tone in the first 40 characters
# loses the match). Measured 2026-12-01: targets 41/48 = 0.854; body tasks 0.82.
OCR_STRICT_FLOOR = {"targets": 0.80, "body_tasks": 0.75}
_TONE = {
    "oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oé": "óe", "oè": "òe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFC", s or "").casefold().replace("ð", "đ")
    for old, new in _TONE.items():
        s = s.replace(old, new)
    return re.sub(r"\s+", " ", s).strip()


def norm_agency(s: str) -> str:
    s = norm(s).replace("ủy ban nhân dân", "ubnd").replace("hội đồng nhân dân", "hđnd")
    return re.sub(r"[.;,]+$", "", s).strip()


def match(
    gold: list[dict[str, Any]], got: list[dict[str, Any]], gold_key: str, got_key: str
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Greedy prefix matching as in the project scorer."""
    pairs, used = [], set()
    for g in gold:
        gp = norm(g.get(gold_key) or g.get("text_prefix"))[:PREFIX]
        for j, o in enumerate(got):
            ot = norm(o.get(got_key) or o.get("text"))
            if j in used or not ot:
                continue
            if ot.startswith(gp) or gp.startswith(ot[:PREFIX]):
                pairs.append((g, o))
                used.add(j)
                break
    return pairs


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    checks: dict[str, list[int]] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        for k, (ok, n) in other.checks.items():
            mine = self.checks.setdefault(k, [0, 0])
            mine[0] += ok
            mine[1] += n

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def line(self, label: str) -> str:
        p, r, f = self.prf()
        checks = ", ".join(f"{k} {ok}/{n}" for k, (ok, n) in self.checks.items())
        return f"{label:34s} P={p:.3f} R={r:.3f} F1={f:.3f} (tp={self.tp} fp={self.fp} fn={self.fn}) {checks}"


def tally(
    kind: str, gold: list[dict[str, Any]], got: list[dict[str, Any]], gold_key: str, got_key: str
) -> Tally:
    pairs = match(gold, got, gold_key, got_key)
    t = Tally(len(pairs), len(got) - len(pairs), len(gold) - len(pairs))
    fields = ["section_path", "lead", "cooperating"] + (["values"] if kind == "targets" else [])
    for f in fields:
        t.checks[f] = [0, 0]
    for g, o in pairs:
        for f in fields:
            if f in ("lead", "cooperating"):
                ok = {norm_agency(x) for x in g.get(f, [])} == {norm_agency(x) for x in o.get(f, [])}
            else:
                ok = g.get(f) == o.get(f)
            t.checks[f][0] += int(ok)
            t.checks[f][1] += 1
    return t


@pytest.fixture(scope="module")
def extracted(corpus_files: list[Path]) -> dict[str, dict[str, Any]]:
    return {p.stem: extraction_json(extract_file(p)) for p in corpus_files}


def _is_ocr(stem: str) -> bool:
    return stem.startswith("003")


@pytest.mark.parametrize("kind", ["targets", "body_tasks"])
def test_against_gold(
    kind: str, gold: dict[str, dict[str, Any]], extracted: dict[str, dict[str, Any]]
) -> None:
    total, with_diacritics = Tally(), Tally()
    per_doc: dict[str, Tally] = {}
    lines = [f"\n{kind} against ../shared/gold (prefix {PREFIX}):"]
    for stem in sorted(gold):
        g, o = gold[stem][kind], extracted[stem][kind]
        t = tally(kind, g, o, "text", "text")
        per_doc[stem] = t
        total.add(t)
        if not _is_ocr(stem):
            with_diacritics.add(t)
        lines.append(t.line(f"  {stem[:3]} strict"))
        if _is_ocr(stem):
            printed = tally(kind, g, o, "text_prefix_raw", "text_as_printed")
            per_doc[stem + " printed"] = printed
            lines.append(printed.line(f"  {stem[:3]} printed (OCR form)"))
    lines.append(with_diacritics.line("  four documents with diacritics"))
    lines.append(total.line("  all five, strict (project scorer)"))
    print("\n".join(lines))

    threshold = THRESHOLD[kind]
    assert total.prf()[2] >= threshold, lines  # the project scorer's figure
    assert with_diacritics.prf()[2] >= threshold, lines
    for stem, t in per_doc.items():
        if not _is_ocr(stem) and gold[stem][kind]:
            assert t.prf()[2] >= threshold, (stem, lines)
    ocr = [s for s in per_doc if _is_ocr(s)]
    for stem in ocr:
        if stem.endswith("printed") and kind == "targets":
            assert per_doc[stem].prf()[2] >= threshold, (stem, lines)
        elif not stem.endswith("printed"):
            assert per_doc[stem].prf()[2] >= OCR_STRICT_FLOOR[kind], (stem, lines)
    if kind == "targets":
        # on matched targets, the section path and the values are as the gold says
        for f in ("section_path", "values", "lead", "cooperating"):
            ok, n = with_diacritics.checks[f]
            assert n and ok / n >= threshold, (f, lines)


def _by_prefix(targets: list[dict[str, Any]], prefix: str) -> dict[str, Any]:
    found = [t for t in targets if norm(t.get("text_as_printed") or t["text"]).startswith(norm(prefix))]
    assert len(found) >= 1, prefix
    return found[0]


def test_reform_area_index_and_provenance(
    extracted: dict[str, dict[str, Any]], corpus_files: list[Path]
) -> None:
    """Fields the gold does not carry, checked by hand on chosen targets."""
    by_stem = {p.stem[:3]: p for p in corpus_files}
    t000 = extracted[by_stem["000"].stem]["targets"]
    # the subject of the target names its area (no heading above it does)
    assert _by_prefix(t000, "100% văn bản quy phạm pháp luật do Trung ương")["reform_area"] == "the-che"
    assert _by_prefix(t000, "Thực hiện giải ngân kế hoạch đầu tư vốn")["reform_area"] == "tai-chinh-cong"
    assert _by_prefix(t000, "100% thủ tục hành chính ban hành mới")["reform_area"] == "thu-tuc-hanh-chinh"
    t003 = extracted[by_stem["003"].stem]["targets"]
    # OCR: the heading 'Cii cdch té chirc b mdy hanh chinh' names the area through the noise
    sub = _by_prefix(t003, "Thyc hién quy dinh vé co clu sb lugng lanh dao")
    assert sub["reform_area"] == "to-chuc-bo-may" and sub["index"] == "PAR INDEX" and sub["level"] == "sub"
    assert _by_prefix(t003, "Tiép tuc nang cao két qua ndi dung nay")["index"] == "PAPI"
    t002 = extracted[by_stem["002"].stem]["targets"]
    ranks = [
        q
        for q in _by_prefix(t002, "Phấn đấu chỉ số cải cách hành chính (PAR INDEX")["quantities"]
        if q["unit"] == "rank"
    ]
    assert [(q["value"], q.get("index")) for q in ranks][:3] == [
        (33, "PAR INDEX"),
        (57, "SIPAS"),
        (35, "PAPI"),
    ]
    # provenance: the span's quote in the source is the printed text
    for stem, targets in ((by_stem["000"], t000), (by_stem["003"], t003)):
        source = stem.read_text(encoding="utf-8")
        for t in targets:
            quote = re.sub(r"\s+", " ", source[t["span"]["start"] : t["span"]["end"]])
            printed = re.sub(r"\s+", " ", t.get("text_as_printed") or t["text"])
            assert quote.startswith(printed[:30]), (t["section_path"], quote[:60], printed[:60])
