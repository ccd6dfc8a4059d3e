"""The IRI policy (cchc_kg/iri.py): its doctests, and a golden table of minted IRIs."""

from __future__ import annotations

import doctest

import pytest

from cchc_kg import iri as I
from cchc_kg.loaders.model import InstrumentKey

B = "https://data.cchc-kg.vn/"


def test_doctests() -> None:
    result = doctest.testmod(I)
    assert result.attempted >= 30 and result.failed == 0


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        # normative: the year is in the number
        (InstrumentKey("normative", "vn", "cp", "nd", 2020, "107"), "eli/vn/cp/2020/nd/107"),
        # administrative: the year comes from the date (76/NQ-CP of 2013 ≠ of 2021)
        (InstrumentKey("administrative", "vn", "cp", "nq", 2021, "76"), "eli/vn/cp/2021/nq/76"),
        (InstrumentKey("administrative", "vn", "cp", "nq", 2013, "76"), "eli/vn/cp/2013/nq/76"),
        # local issuer: the province is the jurisdiction
        (
            InstrumentKey("administrative", "kon-tum", "ubnd", "kh", 2019, "1102"),
            "eli/kon-tum/ubnd/2019/kh/1102",
        ),
        # party document without a known year
        (InstrumentKey("party", "vn", "tw", "nq", None, "18"), "eli/vn/tw/_/nq/18"),
        # a letter suffix in the number
        (InstrumentKey("administrative", "vn", "cp", "nq", 2011, "30c"), "eli/vn/cp/2011/nq/30c"),
        # a law cited by name
        (
            InstrumentKey(
                "named",
                "vn",
                "qh",
                "luat",
                2019,
                None,
                "Luật Sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ",
            ),
            "eli/vn/qh/2019/luat/name/luat-sua-doi-bo-sung-mot-so-dieu-cua-luat-to-chuc-chinh-phu",
        ),
        # a number with a character that must not split the path
        (InstrumentKey("administrative", "vn", "bnv", "cv", 2021, "12/a"), "eli/vn/bnv/2021/cv/12%2Fa"),
    ],
)
def test_instrument_iris(key: InstrumentKey, expected: str) -> None:
    assert I.instrument_iri(B, key) == B + expected


def test_base_iri_is_configurable() -> None:
    key = InstrumentKey("normative", "vn", "cp", "nd", 2020, "107")
    assert I.instrument_iri("http://example.org/kg/", key) == "http://example.org/kg/eli/vn/cp/2020/nd/107"
    assert (
        I.agency_iri("http://example.org/kg/", "kon-tum/so-noi-vu")
        == "http://example.org/kg/agency/kon-tum/so-noi-vu"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đăk Hà", "dak-ha"),  # đ folds to d
        ("Thừa Thiên Huế", "thua-thien-hue"),  # every tone mark dropped
        ("Ð", "d"),  # U+00D0 printed for Đ
        ("Sở Lao động – Thương binh và Xã hội", "so-lao-dong-thuong-binh-va-xa-hoi"),  # dashes collapse
    ],
)
def test_slugs(text: str, expected: str) -> None:
    assert I.slug(text) == expected
