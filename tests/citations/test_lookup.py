"""Tolerant look-up (issue 4 item 6): what a person types → candidate instrument keys, the
same key parts the extractor gives the citation in a document."""

from __future__ import annotations

import pytest

from cchc_kg.loaders.citations.lookup import lookup_instrument
from cchc_kg.loaders.model import InstrumentKey

ND107 = InstrumentKey("normative", "vn", "cp", "nd", 2020, "107")
LAW_LOCAL_GOV = InstrumentKey("named", "vn", "qh", "luat", 2015, None, "luật tổ chức chính quyền địa phương")


@pytest.mark.parametrize(
    "typed",
    [
        "107/2020/NĐ-CP",
        "107/2020/ND-CP",  # ASCII D for Đ
        "107/2020/NÐ-CP",  # U+00D0 confusable
        "107/2020/nđ-cp",  # lower case
        "  107 / 2020 /  NĐ - CP ",  # stray spaces
        "１０７/２０２０/ＮĐ－CP",  # full-width digits, letters and dash
        "107/2020/NĐ\u2013CP",  # en dash
        "nđ 107/2020",
        "ND 107/2020",
        "Nghị định 107/2020",
        "Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ",
        "nghi dinh so 107/2020/nd-cp",
        "Nghị định 107",  # year from the registry
        "nghi dinh 107",
        "107/2020",  # no kind: the registry knows one instrument 107 of 2020
    ],
)
def test_decree_107_in_every_typed_form(typed: str) -> None:
    got = lookup_instrument(typed)
    assert got.candidates == [ND107], got.message


def test_year_less_administrative_number_keeps_every_registry_year() -> None:
    # 76/NQ-CP of 13/6/2013 and of 15/7/2021 are different resolutions (domain.md §3)
    got = lookup_instrument("76/NQ-CP")
    assert sorted(k.year for k in got.candidates if k.year) == [2013, 2021]
    assert {(k.doc_type, k.number, k.issuer_code) for k in got.candidates} == {("nq", "76", "cp")}
    assert "ambiguous" in got.message


@pytest.mark.parametrize(
    "typed", ["76/NQ-CP 2021", "76/NQ-CP năm 2021", "76/NQ-CP ngày 15/7/2021", "nq 76/2021"]
)
def test_year_typed_after_the_number_picks_one(typed: str) -> None:
    assert [k.year for k in lookup_instrument(typed).candidates] == [2021]
    assert [(k.doc_type, k.number) for k in lookup_instrument(typed).candidates] == [("nq", "76")]


def test_year_typed_for_2013() -> None:
    got = lookup_instrument("Nghị quyết 76/NQ-CP 2013")
    assert [(k.year, k.number) for k in got.candidates] == [(2013, "76")]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("18-NQ/TW", InstrumentKey("party", "vn", "tw", "nq", 2017, "18")),
        ("18 - NQ/TW", InstrumentKey("party", "vn", "tw", "nq", 2017, "18")),
        ("19-NQITW", InstrumentKey("party", "vn", "tw", "nq", 2017, "19")),  # OCR I for /
        ("30c/NQCP", InstrumentKey("administrative", "vn", "cp", "nq", 2011, "30c")),  # hyphen dropped
        ("30C/NQ-CP", InstrumentKey("administrative", "vn", "cp", "nq", 2011, "30c")),
        ("468/QĐ.TTg", InstrumentKey("administrative", "vn", "ttg", "qd", 2021, "468")),
        ("qđ 468", InstrumentKey("administrative", "vn", "ttg", "qd", 2021, "468")),
        ("23/CT-TTg", InstrumentKey("administrative", "vn", "ttg", "ct", 2021, "23")),
        ("61/2018/ND-CP", InstrumentKey("normative", "vn", "cp", "nd", 2018, "61")),
        (
            "Nghị định 05/2099",
            InstrumentKey("normative", "vn", "cp", "nd", 2099, "5"),
        ),  # unknown: from the text
    ],
)
def test_numbers_of_each_regime(typed: str, key: InstrumentKey) -> None:
    assert lookup_instrument(typed).candidates == [key]


@pytest.mark.parametrize(
    "typed",
    [
        "Luật Tổ chức chính quyền địa phương",
        "luật tổ chức chính quyền địa phương",
        "Luat to chuc chinh quyen dia phuong",
        "Luật  Tổ chức chính quyền   địa phương năm 2015",
        "Luật 77/2015/QH13",  # a law typed by its number is keyed by its name, as extracted
    ],
)
def test_law_by_name(typed: str) -> None:
    assert lookup_instrument(typed).candidates == [LAW_LOCAL_GOV]


def test_amending_law_is_not_the_law_it_amends() -> None:
    got = lookup_instrument(
        "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương"
    )
    assert len(got.candidates) == 1
    assert got.candidates[0].year == 2019
    assert got.candidates[0].name is not None and got.candidates[0].name.startswith("luật sửa đổi")


def test_constitution_year_is_not_a_number() -> None:
    got = lookup_instrument("hien phap 2013")
    assert [(k.doc_type, k.number, k.year) for k in got.candidates] == [("hp", None, 2013)]


def test_law_unknown_to_the_registry_keeps_the_typed_name() -> None:
    got = lookup_instrument("Luật Đất đai 2013")
    assert got.candidates == [InstrumentKey("named", "vn", "qh", "luat", 2013, None, "luật đất đai")]
    assert "registry" in got.message


def test_local_number_binds_the_province() -> None:
    assert lookup_instrument("4514/KH-UBND", "Kon Tum").candidates == [
        InstrumentKey("administrative", "kon-tum", "ubnd", "kh", None, "4514")
    ]
    # without a province: partial (jurisdiction unknown), still matchable by key parts
    (k,) = lookup_instrument("4514/KH-UBND").candidates
    assert (k.jurisdiction, k.doc_type, k.number, k.year) == ("", "kh", "4514", None)


def test_local_registry_entry_gives_province_and_year() -> None:
    assert lookup_instrument("Kế hoạch hành động 1102/KH-UBND").candidates == [
        InstrumentKey("administrative", "kon-tum", "ubnd", "kh", 2019, "1102")
    ]
    # another province's local instrument of that number is not the asker's
    assert lookup_instrument("1102/KH-UBND", "Quảng Nam").candidates == [
        InstrumentKey("administrative", "quang-nam", "ubnd", "kh", None, "1102")
    ]


@pytest.mark.parametrize("typed", ["", "   ", "xyz", "cải cách hành chính", "Nghị định", "107"])
def test_nothing_parsed_says_why(typed: str) -> None:
    got = lookup_instrument(typed)
    assert got.candidates == []
    assert got.message
