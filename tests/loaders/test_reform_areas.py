"""Reform areas: the SKOS scheme and the diacritic-insensitive classifier (domain.md §2)."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from cchc_kg.loaders.reform_areas import classify_reform_area, reform_area_graph

# fmt: off
CASES = [
    # 000 table section, 2021-2030 name of area 1
    ("I. CẢI CÁCH THỂ CHẾ", "the-che"),
    # 001 table section: TTHC abbreviation and one-stop shop
    ("II. CẢI CÁCH TTHC VÀ THỰC HIỆN CƠ CHẾ MỘT CỬA, CƠ CHẾ MỘT CỬA LIÊN THÔNG", "thu-tuc-hanh-chinh"),
    # area 3 with "nhà nước" tail; "hành chính" alone must not pull it to TTHC
    ("III. CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC", "to-chuc-bo-may"),
    # area 4, 2021-2030 name
    ("IV. CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", "cong-vu"),
    # area 4, 2011-2020 name (003 appendix)
    ('V. Nội dung "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức"', "cong-vu"),
    # area 5
    ("V. CẢI CÁCH TÀI CHÍNH CÔNG", "tai-chinh-cong"),
    # area 6, 2011-2020 name with "nền"
    ("VI. HIỆN ĐẠI HÓA NỀN HÀNH CHÍNH", "chinh-phu-dien-tu"),
    # area 6, 2021-2030 name
    ("VI. XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH PHỦ ĐIỆN TỬ, CHÍNH PHỦ SỐ", "chinh-phu-dien-tu"),
    # plans' own area; "cải cách hành chính" tail does not matter
    ("VII. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "chi-dao-dieu-hanh"),
    # OCR text without diacritics (003 style)
    ("2.3. Cai cach thu tuc hanh chinh", "thu-tuc-hanh-chinh"),
    # old tone placement "hoá"
    ("Hiện đại hoá hành chính", "chinh-phu-dien-tu"),
    # running text: the first area named wins
    ("Đẩy mạnh cải cách tài chính công và chuyển đổi số", "tai-chinh-cong"),
    # 30c's modernisation area: quality management (ISO) and IT use belong to e-government
    ("Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015", "chinh-phu-dien-tu"),
    ("Đẩy mạnh ứng dụng công nghệ thông tin trong cơ quan nhà nước", "chinh-phu-dien-tu"),
    # no area at all
    ("IV. KINH PHÍ", None),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_classify(text: str, expected: str | None) -> None:
    assert classify_reform_area(text) == expected


def test_scheme_has_seven_concepts_under_base() -> None:
    base = "https://example.org/cchc/"
    g = reform_area_graph(base)
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 7
    cv = URIRef(base + "reform-area/cong-vu")
    assert cv in concepts
    alts = set(g.objects(cv, SKOS.altLabel))
    assert Literal("Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", lang="vi") in alts
    assert {lbl.language for lbl in g.objects(cv, SKOS.prefLabel) if isinstance(lbl, Literal)} == {"vi", "en"}


def test_label_tree_matches_as_the_labels_longest_first() -> None:
    """The prefix-tree pattern finds what the plain alternation of the labels (longest
    first) finds: the same label at the same place, on word sequences of the labels."""
    import random
    import re

    from cchc_kg.loaders.reform_areas import _label_search

    tree, ids = _label_search()
    plain = re.compile("|".join(re.escape(label) for label in ids))
    words = sorted({w for label in ids for w in label.split()}) + ["x", "cai", "cach", "va"]
    rnd = random.Random(0)
    for _ in range(5000):
        text = " " + " ".join(rnd.choice(words) for _ in range(rnd.randrange(1, 15))) + " "
        a, b = plain.search(text), tree.search(text)
        assert (a and (a.start(), a.group())) == (b and (b.start(), b.group())), text
