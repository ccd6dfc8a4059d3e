"""One IRI per real instrument (issue 4 "done when"): every resolved citation of the corpus
is mapped to its instrument IRI (cchc_kg.iri.instrument_iri); grouped by the instrument as
printed — canonical number (or law name), year of the printed date, province of a local
issuer — no instrument may get two IRIs and no IRI may hold two instruments (76/NQ-CP of
2013 and of 2021 are two resolutions)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from cchc_kg.iri import instrument_iri
from cchc_kg.loaders.citations import citations_in_text
from cchc_kg.loaders.citations.codes import tables
from cchc_kg.loaders.extract import extract_file
from cchc_kg.loaders.model import CitationRecord
from cchc_kg.loaders.textfold import fold_words

BASE = "https://data.cchc-kg.vn/"
Identity = tuple[str, str, int | None, str | None]


def _province_of(issuer: str | None) -> str | None:
    """The province a printed local issuer names ("Ủy ban nhân dân tỉnh Kon Tum")."""
    if not issuer:
        return None
    folded = fold_words(issuer)
    return next((p for f, p in tables().province_by_folded.items() if folded.endswith(" " + f)), None)


def _identity(c: CitationRecord) -> Identity:
    """The instrument as printed, independent of its key: number as the document intends
    it (or the law's folded name), year of the printed date, province of the issuer."""
    year = int(c.date[:4]) if c.date else None
    if c.number:
        number = str(c.extra.get("number_intended") or c.number)
        return ("number", fold_words(number), year, _province_of(c.issuer))
    return ("name", fold_words(c.name or c.kind), year, None)


def _join_undated(ids: list[Identity]) -> list[Identity]:
    """An undated mention is the dated instrument of the same number/name and province when
    there is exactly one such across the corpus (what a reader would conclude)."""
    dated = {i for i in ids if i[2] is not None}
    out = []
    for i in ids:
        if i[2] is None:
            same = [d for d in dated if (d[0], d[1], d[3]) == (i[0], i[1], i[3])]
            if len(same) == 1:
                i = same[0]
        out.append(i)
    return out


def test_no_instrument_has_two_iris_and_no_iri_two_instruments(corpus_files: list[Path]) -> None:
    cited: list[tuple[str, CitationRecord, str]] = []
    unresolved: list[str] = []
    for path in corpus_files:
        for c in extract_file(path).citations:
            if c.key is None:
                unresolved.append(f"{path.stem[:3]} {c.number or c.name}: {c.unresolved_reason}")
                continue
            cited.append((path.stem[:3], c, instrument_iri(BASE, c.key)))
    ids = _join_undated([_identity(c) for _, c, _ in cited])
    by_identity: dict[Identity, set[str]] = defaultdict(set)
    by_iri: dict[str, set[Identity]] = defaultdict(set)
    docs: dict[str, set[str]] = defaultdict(set)
    for (doc, _, iri), ident in zip(cited, ids, strict=True):
        by_identity[ident].add(iri)
        by_iri[iri].add(ident)
        docs[iri].add(doc)
    print(f"\n{len(by_iri)} instruments from {len(cited)} resolved citations ({len(unresolved)} unresolved)")
    for iri in sorted(by_iri):
        print(f"  {iri}  {sorted(docs[iri])}  {sorted(by_iri[iri], key=str)}")
    for u in unresolved:
        print("  unresolved:", u)
    assert len(cited) >= 75, "the corpus cites about 79 instruments"
    split = {i: iris for i, iris in by_identity.items() if len(iris) > 1}
    merged = {iri: idents for iri, idents in by_iri.items() if len(idents) > 1}
    assert not split, f"one instrument, several IRIs: {split}"
    assert not merged, f"one IRI, several instruments: {merged}"


def _iris(text: str, province: str | None = None) -> list[str | None]:
    return [instrument_iri(BASE, c.key) if c.key else None for c in citations_in_text(text, province)]


def test_same_number_of_two_years_gets_two_iris_and_undated_stays_unresolved() -> None:
    got = citations_in_text(
        "Nghị quyết số 76/NQ-CP ngày 13/6/2013 của Chính phủ; Nghị quyết số 76/NQ-CP ngày "
        "15/7/2021 của Chính phủ; theo Nghị quyết số 76/NQ-CP."
    )
    assert [c.date for c in got] == ["2013-06-13", "2021-07-15", None]
    assert got[0].key is not None and got[1].key is not None
    assert instrument_iri(BASE, got[0].key) != instrument_iri(BASE, got[1].key)
    assert got[2].key is None and got[2].unresolved_reason


def test_one_law_printed_three_ways_is_one_iri() -> None:
    iris = [
        *_iris("Luật Phòng, chống tham nhũng năm 2018"),
        *_iris("Luật Phòng chống tham nhũng"),
        *_iris("Luat Phong chdng tham nhiing"),  # OCR
    ]
    assert len(iris) == 3 and None not in iris and len(set(iris)) == 1


def test_law_by_number_and_by_name_is_one_iri() -> None:
    assert _iris("Luật số 77/2015/QH13") == _iris("Luật Tổ chức chính quyền địa phương ngày 19/6/2015")
    # a law the registry does not know: its name and number, or its name and year
    assert _iris("Luật Đất đai số 45/2013/QH13") == _iris("Luật Đất đai năm 2013") != [None]


def test_local_numbers_of_two_provinces_are_two_iris() -> None:
    a = _iris("Kế hoạch số 12/KH-UBND ngày 05/01/2022 của UBND tỉnh", "Kon Tum")
    b = _iris("Kế hoạch số 12/KH-UBND ngày 05/01/2022 của UBND tỉnh", "Gia Lai")
    assert a[0] is not None and b[0] is not None and a != b


def test_printed_variants_of_one_number_are_one_iri() -> None:
    variants = [
        "30c/NQ-CP ngày 08/11/2011",
        "30c/NQCP ngày 8/11/2011",
        "30C/NQ-CP",
        "Nghị quyết số 30c/NQ\u2013CP",
    ]
    iris = {i for v in variants for i in _iris(v)}
    assert iris == {f"{BASE}eli/vn/cp/2011/nq/30c"}


def test_one_text_keeps_two_provinces_and_two_laws_of_one_name_apart() -> None:
    got = citations_in_text(
        "Kế hoạch số 12/KH-UBND ngày 05/01/2022 của UBND tỉnh Gia Lai và Kế hoạch số 12/KH-UBND ngày "
        "05/01/2022 của UBND tỉnh; thực hiện Kế hoạch số 12/KH-UBND.",
        "Kon Tum",
    )
    assert [(c.issuer, len(c.mentions)) for c in got] == [
        ("Ủy ban nhân dân tỉnh Gia Lai", 1),
        ("Ủy ban nhân dân tỉnh Kon Tum", 2),  # the short mention is the citing province's
    ]
    laws = citations_in_text("Luật Đất đai năm 2003; Luật Đất đai năm 2013; Luật Đất đai")
    assert [c.key.year if c.key else None for c in laws] == [2003, 2013, None]
    assert laws[2].unresolved_reason
