"""The section tree: small hand-written documents → section paths (gold README §2).

Each case is a plan fragment written for one numbering regime, with the paths the gold
convention gives it: roman section, arabic number as printed, letter, ``-n`` for the n-th
dash/plus bullet, ``-n.m`` for a ``+`` inside bullet n, ``(2)`` for a letter printed twice,
``bis`` for a number printed twice; a plan inside "Điều 1" keeps its own numbering.
"""

from __future__ import annotations

import hashlib

import pytest

from cchc_kg.loaders.context import Context
from cchc_kg.loaders.model import SourceText
from cchc_kg.loaders.regions import find_regions
from cchc_kg.loaders.sections import SectionTree, build_sections
from cchc_kg.loaders.segment import segment


def tree_of(text: str) -> SectionTree:
    source = SourceText("case.txt", text, hashlib.sha256(text.encode()).hexdigest())
    seg = segment(source)
    return build_sections(Context(seg=seg, regions=find_regions(seg)))


def paths(text: str) -> list[str]:
    return [n.path for n in tree_of(text).nodes() if n.kind != "para"]


# The tree opens at the plan's first roman heading "I." (text before it is the header and
# preamble), so fragments about later sections start with it.
OPENING = "I. MỤC ĐÍCH, YÊU CẦU\n"

CASES: dict[str, tuple[str, list[str]]] = {
    "roman, number, letter, dash, plus": (
        "I. MỤC TIÊU\n"
        "1. Mục tiêu chung\n"
        "a) Nâng cao chất lượng phục vụ.\n"
        "- Sở Nội vụ chủ trì.\n"
        "- Các sở phối hợp.\n"
        "+ Báo cáo hằng quý.\n"
        "b) Công khai thủ tục.\n"
        "2. Mục tiêu cụ thể\n"
        "II. NHIỆM VỤ\n"
        "1. Cải cách thể chế\n",
        ["I", "I.1", "I.1.a", "I.1.a-1", "I.1.a-2", "I.1.a-2.1", "I.1.b", "I.2", "II", "II.1"],
    ),
    "dotted numbers keep the printed number": (
        OPENING + "II. NHIỆM VỤ, GIẢI PHÁP\n"
        "1. Nội dung PAPI\n"
        "1.1. Tham gia của người dân\n"
        "a) Ủy ban nhân dân các huyện:\n"
        "1.2. Công khai, minh bạch\n"
        "2. Nội dung PAR INDEX\n"
        "2.1. Công tác chỉ đạo\n",
        ["I", "II", "II.1", "II.1.1", "II.1.1.a", "II.1.2", "II.2", "II.2.1"],
    ),
    "dotted number without the closing dot": (
        OPENING + "II. NHIỆM VỤ\n2. Cải cách hành chính\n2.3 Cải cách tài chính công\n",
        ["I", "II", "II.2", "II.2.3"],
    ),
    "letter printed twice": (
        OPENING + "II. NHIỆM VỤ\n1. Nội dung\na) Sở Nội vụ:\nb) Sở Tư pháp:\nb) Sở Tài chính:\nc) Sở Y tế:\n",
        ["I", "II", "II.1", "II.1.a", "II.1.b", "II.1.b(2)", "II.1.c"],
    ),
    "number printed twice": (
        OPENING + "V. TỔ CHỨC THỰC HIỆN\n"
        "2. Sở Nội vụ\n"
        "3. Văn phòng UBND tỉnh\n"
        "- Chủ trì tham mưu.\n"
        "3. Sở Tư pháp\n"
        "- Theo dõi, tổng hợp.\n"
        "4. Sở Tài chính\n",
        ["I", "V", "V.2", "V.3", "V.3-1", "V.3bis", "V.3bis-1", "V.4"],
    ),
    "dashes under a dotted number": (
        OPENING + "IV. TỔ CHỨC THỰC HIỆN\n"
        "2. Các sở\n"
        "2.10. Sở Nội vụ\n"
        "- Thực hiện nội dung cải cách.\n"
        "-Theo dõi, đôn đốc.\n"
        "- Lập dự toán kinh phí.\n"
        "3. Các cơ quan thông tin\n",
        ["I", "IV", "IV.2", "IV.2.10", "IV.2.10-1", "IV.2.10-2", "IV.2.10-3", "IV.3"],
    ),
    "plus bullets directly under a letter": (
        OPENING
        + "II. NHIỆM VỤ\n1. Nội dung\nb) Nhiệm vụ, giải pháp:\n+ Sở Tư pháp chủ trì.\n+ Sở Nội vụ phối hợp.\n",
        ["I", "II", "II.1", "II.1.b", "II.1.b-1", "II.1.b-2"],
    ),
    "no space after the number": (
        OPENING
        + "II. NHIỆM VỤ\n1.Cải cách thể chế\n2.Cải cách thủ tục hành chính\n2.2.Văn phòng UBND tỉnh\n",
        ["I", "II", "II.1", "II.2", "II.2.2"],
    ),
    "OCR roman numerals": (
        "I. MUC TIEU\n1. Muc tiéu chung\nI1. NHIEM VU, GIAI PHAP\n1. Noi dung\nI11. KINH PHI\n",
        ["I", "I.1", "II", "II.1", "III"],
    ),
    "a year at a line start is not a number": (
        OPENING
        + "II. NHIỆM VỤ\n1. Cải cách thể chế\na) Hoàn thành trong năm\n2021. Tiếp tục rà soát văn bản.\n2. Cải cách thủ tục\n",
        ["I", "II", "II.1", "II.1.a", "II.2"],
    ),
    "a year wrapped to a line start continues its item": (
        OPENING
        + "II. NHIỆM VỤ\n1. Cải cách công vụ\nc) Ban hành Kế hoạch đào tạo năm\n\n2021. Tiếp tục đổi mới.\nd) Thực hiện tốt chế độ.\n",
        ["I", "II", "II.1", "II.1.c", "II.1.d"],
    ),
    "a wrapped line that starts with a dash continues its item": (
        OPENING
        + "II. NHIỆM VỤ\n1. Nội dung\n- Phát triển kinh tế\n- xã hội của tỉnh gắn với cải cách.\n- Tăng cường kiểm tra.\n",
        ["I", "II", "II.1", "II.1-1", "II.1-2"],
    ),
    "recipients and signature close the tree": (
        OPENING + "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Nội vụ\n"
        "- Theo dõi.\n"
        "Nơi nhận:\n"
        "- Bộ Nội vụ;\n"
        "- Lưu: VT.\n"
        "TM. ỦY BAN NHÂN DÂN\n"
        "1. Không phải mục\n",
        ["I", "III", "III.1", "III.1-1"],
    ),
    "an appendix heading closes the tree, a wrapped 'Phụ lục' does not": (
        OPENING + "II. NHIỆM VỤ\n"
        "(Có\n"
        "Phụ lục nhiệm vụ kèm theo)\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Nội vụ\n"
        "PHỤ LỤC\n"
        "a) Không thuộc kế hoạch\n",
        ["I", "II", "III", "III.1"],
    ),
    "the body's last paragraphs joined to the appendix's first table cell": (
        OPENING + "IV. TỔ CHỨC THỰC HIỆN\n"
        "2. Sở Nội vụ\n"
        "- Tham mưu tổng kết.\n"
        "3. Các cơ quan\n"
        "thông tin và truyền thông\n"
        "Báo tỉnh chủ động tuyên truyền.\n"
        "PHỤ LỤC\n"
        "STT\n"
        "|\n"
        "1\n"
        "|\n",
        ["I", "IV", "IV.2", "IV.2-1", "IV.3"],
    ),
    "the last items printed in a layout cell, table rows after the signature": (
        "I. MỤC ĐÍCH\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        "2. Văn phòng UBND tỉnh\n"
        "a) Chủ trì vận hành hệ thống.\n"
        "3. Sở Tài chính\n"
        "a) Tham mưu bố trí kinh phí.\n"
        "|\n"
        "Nơi nhận:\n"
        "- Bộ Nội vụ;\n"
        "|\n"
        "TM. ỦY BAN NHÂN DÂN\n"
        "|\n"
        "I. CẢI CÁCH THỂ CHẾ\n"
        "|\n"
        "1. Rà soát văn bản\n"
        "|\n",
        ["I", "III", "III.2", "III.2.a", "III.3", "III.3.a"],
    ),
    "a plan embedded in Điều 1 keeps its own numbering": (
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành Kế hoạch cải cách hành chính năm 2023 như sau:\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "1. Mục đích\n"
        "II. NHIỆM VỤ\n"
        "1. Cải cách thể chế\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
        "Điều 3. Chánh Văn phòng thi hành.\n",
        ["Điều 1", "I", "I.1", "II", "II.1", "Điều 2", "Điều 3"],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_section_paths(name: str) -> None:
    text, expected = CASES[name]
    assert paths(text) == expected


def test_wrapped_year_joins_the_item_text() -> None:
    tree = tree_of(OPENING + "II. NHIỆM VỤ\nc) Ban hành Kế hoạch đào tạo năm\n2021. Tiếp tục đổi mới.\n")
    node = tree.find("II.c")
    assert node is not None
    assert node.label == "Ban hành Kế hoạch đào tạo năm 2021. Tiếp tục đổi mới."
    assert [c.kind for c in node.children] == []


def test_heading_and_inline_text() -> None:
    tree = tree_of(
        OPENING + "IV. TỔ CHỨC THỰC HIỆN\n1. Sở Văn hóa, Thể thao và Du lịch: Chủ trì tuyên truyền.\n"
    )
    node = tree.find("IV.1")
    assert node is not None
    assert node.heading == "Sở Văn hóa, Thể thao và Du lịch"
    assert node.inline == "Chủ trì tuyên truyền."
    assert node.parent is not None and node.parent.path == "IV"


def test_wrapped_item_is_one_node_with_its_span() -> None:
    text = OPENING + "II. NHIỆM VỤ\na) Sở Nội vụ chủ trì, phối hợp với\ncác cơ quan liên quan tổ chức.\n"
    tree = tree_of(text)
    node = tree.find("II.a")
    assert node is not None
    assert node.label == "Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan tổ chức."
    assert text[node.span.start : node.span.end].startswith("a) Sở Nội vụ")
    assert text[node.span.start : node.span.end].endswith("tổ chức.")
    assert node.span.line == 3


def test_corpus_paths_cover_the_gold_body_tasks(gold: dict[str, dict[str, object]]) -> None:
    """Every section path the gold gives a body task or a target is a node of the tree
    built from the corpus text (so extraction can place each item)."""
    from cchc_kg.loaders.extract import extract_file
    from tests.conftest import corpus_path

    missing: list[str] = []
    total = 0
    for stem, g in gold.items():
        tree_paths = {s.path for s in extract_file(corpus_path(stem[:3])).sections}
        for key in ("body_tasks", "targets"):
            items = g.get(key)
            assert isinstance(items, list)
            for item in items:
                total += 1
                if item["section_path"] not in tree_paths:
                    missing.append(f"{stem[:3]} {key} {item['section_path']}")
    print(f"\nsection paths of gold body tasks and targets found in the tree: {total - len(missing)}/{total}")
    for m in missing:
        print("  missing", m)
    assert len(missing) <= total * 0.02, missing


def _shortcut_texts() -> list[str]:
    from tests.conftest import CORPUS, EXAMPLES

    files = sorted(CORPUS.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert texts
    # lines that open with "x)", "¢)", "d)", "đ)" in wrapped text, and closings mid-cell
    extra = "Một câu\nb) hai\n¢) ba\nd) bốn\nđ) năm\nNơi nhận:\n- Như trên;\nTM. ỦY BAN\n|\nPHỤ LỤC\nkt. x\n"
    return [*texts, extra]


def test_line_shortcuts_match_the_plain_checks() -> None:
    """_cuts (first-two-characters path) and the closing candidates (str.find scans) give
    what _marker and _closes give, on every line."""
    from cchc_kg.loaders.sections import (
        CLOSING,
        _closes,
        _closing_candidates,
        _cuts,
        _folded_stripped,
        _marker,
    )

    for text in _shortcut_texts():
        seg = segment(SourceText("x.txt", text, "0"))
        candidates = set(_closing_candidates(seg))
        for ln in seg.lines:
            if not ln.text.strip():
                continue
            plain = _marker(ln.text) is not None or _closes(ln, seg.folded)
            assert _cuts(ln, seg.folded) == plain, ln
            if _closes(ln, seg.folded) or CLOSING.match(_folded_stripped(ln, seg.folded)):
                assert ln.number in candidates, ln
            if ln.number not in candidates:
                assert _cuts(ln, seg.folded, False) == plain, ln


def test_walk_is_the_recursive_preorder() -> None:
    from cchc_kg.loaders.sections import Section

    def recursive(node: Section) -> list[Section]:
        return [node, *(d for c in node.children for d in recursive(c))]

    for text in _shortcut_texts():
        tree = tree_of(text)
        assert list(tree.root.walk()) == recursive(tree.root)
        assert [id(n) for n in tree.nodes()] == [id(n) for n in recursive(tree.root)[1:]]


def test_may_open_item_is_implied_by_item_markers() -> None:
    from cchc_kg.loaders.sections import _ITEM_KINDS, _marker, _may_open_item

    for text in _shortcut_texts():
        for line in text.split("\n"):
            found = _marker(line)
            if found is not None and found[0] in _ITEM_KINDS:
                assert _may_open_item(line), line
    for c in map(chr, range(0x3000)):  # every first character, with the marker forms after it
        for line in (f"{c}) Sở", f"{c}. Sở", f"{c}1. Sở", f" {c} Sở"):
            found = _marker(line)
            if found is not None and found[0] in _ITEM_KINDS:
                assert _may_open_item(line), line


def test_blocks_holding_is_the_scan() -> None:
    from cchc_kg.loaders.sections import _blocks_holding, _closing_candidates

    for text in _shortcut_texts():
        seg = segment(SourceText("x.txt", text, "0"))
        numbers = _closing_candidates(seg)
        plain = {
            i for i, b in enumerate(seg.blocks) if any(b.first_line <= n <= b.last_line for n in numbers)
        }
        assert _blocks_holding(seg.blocks, numbers) == plain
        every = tuple(range(1, len(seg.lines) + 1))
        assert _blocks_holding(seg.blocks, every) == set(range(len(seg.blocks)))
