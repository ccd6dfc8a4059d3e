"""Resolution of printed agency names to province-scoped identities (issue 5 §2), and the
splitting of role cells (gold README §6), on hand-written names."""

from __future__ import annotations

import pytest

from cchc_kg.loaders.agencies import resolve_agency, split_agency_list


@pytest.mark.parametrize(
    ("printed", "province", "key", "label"),
    [
        ("Sở Nội vụ", "Kon Tum", "kon-tum/so-noi-vu", "Sở Nội vụ"),
        ("S& Noi vu", "Kon Tum", "kon-tum/so-noi-vu", "Sở Nội vụ"),  # OCR without diacritics
        (
            "Van phong Uy ban nhan dan tinh",
            "Kon Tum",
            "kon-tum/van-phong-ubnd-tinh",
            "Văn phòng Ủy ban nhân dân tỉnh",
        ),
        ("Uỷ ban nhân dân tỉnh", "Kon Tum", "kon-tum/ubnd-tinh", "Ủy ban nhân dân tỉnh"),
        (
            "Sở Văn hoá, Thể thao và Du lịch",
            "Quảng Nam",
            "quang-nam/so-van-hoa-the-thao-va-du-lich",
            "Sở Văn hóa, Thể thao và Du lịch",
        ),
        ("SNV", "Vĩnh Phúc", "vinh-phuc/so-noi-vu", "Sở Nội vụ"),
        ("Sở TT&TT", "Kon Tum", "kon-tum/so-thong-tin-va-truyen-thong", "Sở Thông tin và Truyền thông"),
        ("Sở KH&ĐT", "Đắk Nông", "dak-nong/so-ke-hoach-va-dau-tu", "Sở Kế hoạch và Đầu tư"),
        (
            "Sở LĐTBXH",
            "Đắk Nông",
            "dak-nong/so-lao-dong-thuong-binh-va-xa-hoi",
            "Sở Lao động - Thương binh và Xã hội",
        ),
        ("BQL KKT tỉnh", "Kon Tum", "kon-tum/ban-quan-ly-khu-kinh-te", "Ban Quản lý Khu kinh tế tỉnh"),
        (
            "Đài PT-TH tỉnh",
            "Kon Tum",
            "kon-tum/dai-phat-thanh-va-truyen-hinh",
            "Đài Phát thanh và Truyền hình tỉnh",
        ),
        ("Sở Nội vụ tỉnh Vĩnh Phúc", "Kon Tum", "vinh-phuc/so-noi-vu", "Sở Nội vụ"),  # printed province wins
        ("Bộ Nội vụ", "Kon Tum", "vn/bo-noi-vu", "Bộ Nội vụ"),
        ("UBND huyện Đăk Hà", "Kon Tum", "kon-tum/ubnd-huyen/dak-ha", "Ủy ban nhân dân huyện Đăk Hà"),
        ("Tỉnh ủy", "Quảng Nam", "quang-nam/tinh-uy", "Tỉnh ủy"),
    ],
)
def test_printed_name_resolves_to_one_province_scoped_agency(
    printed: str, province: str, key: str, label: str
) -> None:
    ref = resolve_agency(printed, province)
    assert (ref.key, ref.label, ref.matched, ref.is_group) == (key, label, True, False)


def test_same_name_in_two_provinces_is_two_agencies() -> None:
    assert resolve_agency("Sở Nội vụ", "Kon Tum").key != resolve_agency("Sở Nội vụ", "Quảng Nam").key
    assert resolve_agency("Sở Nội vụ", "Kon Tum").full_label == "Sở Nội vụ tỉnh Kon Tum"


def test_unknown_name_is_kept_and_flagged_unmatched() -> None:
    ref = resolve_agency("Ban Quản lý dự án ABC", "Kon Tum")
    assert not ref.matched and ref.label == "Ban Quản lý dự án ABC"
    assert ref.key == "kon-tum/other/ban-quan-ly-du-an-abc"


def test_groups_name_their_members_and_province() -> None:
    ref = resolve_agency("UBND cấp xã", "Kon Tum")
    assert ref.is_group and ref.member_type == "ubnd-xa" and ref.province == "kon-tum"
    assert ref.label == "Ủy ban nhân dân cấp xã"


@pytest.mark.parametrize(
    ("cell", "agencies"),
    [
        ("Sở Y tế, Sở Giáo dục và Đào tạo", ["Sở Y tế", "Sở Giáo dục và Đào tạo"]),
        ("Các sở, ngành có liên quan", ["Các sở, ngành có liên quan"]),
        ("Các cơ quan, đơn vị liên quan", ["Các cơ quan, đơn vị liên quan"]),
        (
            "Văn phòng UBND tỉnh, các Sở, ngành có liên quan",
            ["Văn phòng Ủy ban nhân dân tỉnh", "Các sở, ngành có liên quan"],
        ),
        (
            "Các Sở, Ban, ngành, UBND các huyện, thị xã, thành phố",
            ["Các sở, ban, ngành", "Ủy ban nhân dân các huyện, thị xã, thành phố"],
        ),
        (
            "UBND các huyện, thành phố: Đăk Hà, Đăk Tô, TP. Kon Tum",
            [
                "Ủy ban nhân dân huyện Đăk Hà",
                "Ủy ban nhân dân huyện Đăk Tô",
                "Ủy ban nhân dân thành phố Kon Tum",
            ],
        ),
    ],
)
def test_cells_split_only_between_agencies(cell: str, agencies: list[str]) -> None:
    assert split_agency_list(cell) == agencies


def test_a_document_after_the_merger_names_the_new_province() -> None:
    # Before 1 July 2025 "Quảng Ngãi" is the old province; from then on the merged one.
    assert resolve_agency("Sở Nội vụ", "Quảng Ngãi").key == "quang-ngai/so-noi-vu"
    assert resolve_agency("Sở Nội vụ", "Quảng Ngãi", "2025-06-30").key == "quang-ngai/so-noi-vu"
    after = resolve_agency("Sở Nội vụ", "Quảng Ngãi", "2026-01-05")
    assert after.key == "quang-ngai-2025/so-noi-vu" and after.full_label == "Sở Nội vụ tỉnh Quảng Ngãi"
    # A province that did not change keeps one identity; an old one stays itself.
    assert resolve_agency("Sở Nội vụ", "Hà Nội", "2026-01-05").key == "ha-noi/so-noi-vu"
    assert resolve_agency("UBND tỉnh", "Kon Tum", "2026-01-05").key == "kon-tum/ubnd-tinh"
