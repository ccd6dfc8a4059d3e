"""Write examples/ha-giang-2023-qd-88.docx, a fictional decision issuing a CCHC plan.

Run: .venv/bin/python examples/make_docx.py. The document is invented (see README.md);
the instruments it cites are real.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document

OUT = Path(__file__).with_name("ha-giang-2023-qd-88.docx")

HEADER = [
    (
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\n-------",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------",
    ),
    ("Số: 88/QĐ-UBND", "Hà Giang, ngày 16 tháng 01 năm 2023"),
]

DECISION = [
    "QUYẾT ĐỊNH",
    "Ban hành Kế hoạch cải cách hành chính nhà nước tỉnh Hà Giang năm 2023",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ GIANG",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể "
    "cải cách hành chính nhà nước giai đoạn 2021-2030;",
    "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa, "
    "một cửa liên thông trong giải quyết thủ tục hành chính;",
    "Theo đề nghị của Giám đốc Sở Nội vụ.",
    "QUYẾT ĐỊNH:",
    "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính nhà nước tỉnh Hà Giang năm 2023.",
    "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.",
    "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở, Thủ trưởng các ban, ngành, "
    "Chủ tịch Ủy ban nhân dân các huyện, thành phố chịu trách nhiệm thi hành Quyết định này.",
    "Nơi nhận:",
    "- Như Điều 3;",
    "- Bộ Nội vụ;",
    "- Lưu: VT.",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "Nguyễn Thị Lan",
]

PLAN = [
    "KẾ HOẠCH",
    "CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC TỈNH HÀ GIANG NĂM 2023",
    "(Ban hành kèm theo Quyết định số 88/QĐ-UBND ngày 16/01/2023 của Chủ tịch Ủy ban nhân dân tỉnh)",
    "I. MỤC TIÊU",
    "1. Các chỉ tiêu cụ thể:",
    "- 100% thủ tục hành chính được giải quyết theo cơ chế một cửa, một cửa liên thông (Các sở, ban, "
    "ngành, Ủy ban nhân dân cấp huyện chịu trách nhiệm thực hiện; Văn phòng Ủy ban nhân dân tỉnh chịu "
    "trách nhiệm hướng dẫn, theo dõi, đôn đốc).",
    "- Mức độ hài lòng của người dân (SIPAS) đạt tối thiểu 85% (Sở Nội vụ chịu trách nhiệm chủ trì tham mưu).",
    "II. NHIỆM VỤ",
    "1. Cải cách thủ tục hành chính",
    "a) Thực hiện Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ tại Trung tâm Phục vụ hành chính công tỉnh.",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Sở Nội vụ",
    "a) Chủ trì, phối hợp với các sở, ban, ngành theo dõi, đôn đốc thực hiện Kế hoạch này.",
]

TABLE = [
    ["STT", "Mục tiêu", "Nhiệm vụ", "Kết quả/Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"],
    [
        "1",
        "Nâng cao chất lượng giải quyết thủ tục hành chính",
        "Rà soát, đơn giản hóa thủ tục hành chính theo Nghị định số 61/2018/NĐ-CP",
        "Quyết định của Chủ tịch Ủy ban nhân dân tỉnh",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Các sở, ban, ngành",
        "Năm 2023",
    ],
    [
        "2",
        None,
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "Hồ sơ được số hóa",
        "Sở Thông tin và Truyền thông",
        "Ủy ban nhân dân các huyện, thành phố",
        "Hằng năm",
    ],
]


def build() -> None:
    doc = Document()
    header = doc.add_table(rows=2, cols=2)
    for r, (left, right) in enumerate(HEADER):
        header.cell(r, 0).text = left
        header.cell(r, 1).text = right
    for line in DECISION:
        doc.add_paragraph(line)
    doc.add_page_break()
    for line in PLAN:
        doc.add_paragraph(line)
    doc.add_paragraph("PHỤ LỤC NHIỆM VỤ")
    table = doc.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            if value is not None:
                table.cell(r, c).text = value
    # The "Mục tiêu" cell of row 1 spans rows 1-2, as in real plans (vertical merge).
    table.cell(1, 1).merge(table.cell(2, 1))
    table.cell(1, 1).text = TABLE[1][1] or ""
    doc.save(str(OUT))


if __name__ == "__main__":
    build()
