"""Property tests of the readers and the extraction (reliability.md L1; issue 3, "Property
tests"): random bytes, mutated DOCX/PDF/HTML, truncated task tables, shuffled cell lines and
random text give a result or a LoaderError, never another exception, never a hang (a
per-example CPU-time guard, :mod:`tests.reliability.guard`; 5 s per MB for the readers).

Hypothesis cannot draw megabyte buffers itself, so it draws a seed, a size (1 KB-1 MB)
and a prefix that steers the bytes into each reader (PDF, DOCX/ZIP, HTML, images, BOMs);
the bytes themselves come from a seeded generator, so every failure replays.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_kg.config import Settings
from cchc_kg.errors import LoaderError
from cchc_kg.loaders.extract import extract_source
from cchc_kg.loaders.formats import read_any, read_data
from cchc_kg.loaders.ingest import graph_for
from cchc_kg.loaders.model import Extraction, SourceText
from cchc_kg.loaders.to_json import extraction_json
from tests.conftest import corpus_path
from tests.reliability.guard import budget, time_guard

BASE = Settings().base_iri

PREFIXES = [
    b"",
    b"%PDF-1.7\n",
    b"PK\x03\x04",
    b"<!DOCTYPE html><html><body><table><tr><td rowspan=2>",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff\xe0",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    "Kế hoạch số 4514/KH-UBND\n".encode(),
    b"Ke hoach so 4514/KH-UBND\n|\n",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.integers(1024, 1024 * 1024),
    prefix=st.sampled_from(PREFIXES),
    ocr=st.booleans(),
)
def test_random_bytes_give_a_document_or_a_loader_error(
    seed: int, size: int, prefix: bytes, ocr: bool
) -> None:
    data = prefix + random.Random(seed).randbytes(size)
    with time_guard(budget(len(data))):  # 5 s of CPU per MB: a hang fails the example
        try:
            result = read_data("fuzz.bin", data, ocr=ocr)
        except LoaderError as e:
            assert e.source == "fuzz.bin" and e.reason
        else:
            assert isinstance(result, SourceText)


def test_random_bytes_through_a_file(tmp_path: Path) -> None:
    """The file entry point behaves the same (one case: the path plumbing)."""
    path = tmp_path / "noise.docx"
    path.write_bytes(random.Random(7).randbytes(4096))
    try:
        read_any(path)
    except LoaderError as e:
        assert e.source == "noise.docx"


def _valid_documents() -> dict[str, bytes]:
    """One small valid document per binary format, to mutate."""
    import io

    from docx import Document
    from fpdf import FPDF

    doc = Document()
    doc.add_paragraph("Kế hoạch cải cách hành chính")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Mục tiêu"
    table.cell(0, 1).text = "Sở Nội vụ"
    buf = io.BytesIO()
    doc.save(buf)
    pdf = FPDF()
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    with pdf.table(first_row_as_headings=False) as t:
        row = t.row()
        row.cell("Sở Tư pháp")
        row.cell("31/12/2021")
    html = "<html><body><p>Kế hoạch</p><table><tr><td rowspan=2>A</td><td>B</td></tr></table></body></html>"
    return {"docx": buf.getvalue(), "pdf": bytes(pdf.output()), "html": html.encode()}


VALID = _valid_documents()


@settings(max_examples=100, deadline=None)
@given(kind=st.sampled_from(sorted(VALID)), seed=st.integers(0, 2**32 - 1), flips=st.integers(1, 64))
def test_mutated_documents_give_a_document_or_a_loader_error(kind: str, seed: int, flips: int) -> None:
    """Valid DOCX/PDF/HTML with random bytes overwritten: deeper in each parser than noise goes."""
    rng = random.Random(seed)
    data = bytearray(VALID[kind])
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    with time_guard(budget(len(data))):
        try:
            result = read_data(f"mutated.{kind}", bytes(data))
        except LoaderError as e:
            assert e.reason
        else:
            assert isinstance(result, SourceText)


# ---------------------------------------------------------------------------------------
# Damaged documents through the whole extraction (issue 3, "Property tests"): truncated task
# tables, shuffled cell lines, random text in the corpus shapes. Each ends in an Extraction
# (emitted as JSON and RDF) or a LoaderError; never another exception, never a hang.
# ---------------------------------------------------------------------------------------

# A hang detector, not a speed target (that is bench/extract.py): CPU seconds per example.
EXTRACT_BUDGET_S = 20.0


def _extract_or_loader_error(name: str, data: bytes) -> Extraction | None:
    with time_guard(EXTRACT_BUDGET_S):
        try:
            source = read_data(name, data)
        except LoaderError as e:
            assert e.source == name and e.reason
            return None
        x = extract_source(source)
        extraction_json(x)
        graph_for(x, BASE)
    return x


def _table_start(text: str) -> int:
    """Offset of the appendix task table's header cell ("TT" or "STT" on its own line)."""
    match = re.search(r"^S?TT\n\|\n", text, re.MULTILINE)
    assert match, "no task table header in the document"
    return match.start()


TABLE_DOCS = {p: corpus_path(p).read_text(encoding="utf-8") for p in ("000", "001")}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(sorted(TABLE_DOCS)), cut=st.floats(0.0, 1.0))
def test_truncated_task_tables_extract_or_fail_cleanly(prefix: str, cut: float) -> None:
    text = TABLE_DOCS[prefix]
    start = _table_start(text)
    end = start + int(cut * (len(text) - start))
    x = _extract_or_loader_error(f"{prefix}-cut.txt", text[:end].encode("utf-8"))
    assert x is not None, "a truncated plan is still a document"
    assert x.documents, "the heading of the plan is before the cut"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(sorted(TABLE_DOCS)), seed=st.integers(0, 2**32 - 1), window=st.integers(2, 60))
def test_shuffled_cell_lines_extract_or_fail_cleanly(prefix: str, seed: int, window: int) -> None:
    """A window of the table's lines (cell text and "|" terminators alike) in random order:
    rows with too many or too few cells, terminators in the wrong place."""
    text = TABLE_DOCS[prefix]
    start = _table_start(text)
    head, table = text[:start], text[start:].split("\n")
    rng = random.Random(seed)
    at = rng.randrange(0, max(1, len(table) - window))
    chunk = table[at : at + window]
    rng.shuffle(chunk)
    table[at : at + window] = chunk
    x = _extract_or_loader_error(f"{prefix}-shuffled.txt", (head + "\n".join(table)).encode("utf-8"))
    assert x is not None and x.documents


# Letters, digits and the punctuation that drives segmentation: numbering ("1.", "a)",
# "I."), cell terminators, dates, agency words.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạốồổỗộệếềểễớờởỡợứừửữựíìỉĩịúùủũụýỳỷỹỵ0123456789 .,;:/-()|\n\t"
_WORDS = ["Sở Nội vụ", "chủ trì", "phối hợp", "Kế hoạch", "Quyết định", "số", "ngày", "năm 2021", "I.", "1.", "a)",
          "- ", "+ ", "|", "TT", "Nghị định", "/NĐ-CP", "Ủy ban nhân dân", "tỉnh", "Thời hạn", "trước 31/12/2021",
          "100%", "tối thiểu 80%", "Dự thảo", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "\n"]  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(
        st.one_of(st.sampled_from(_WORDS), st.text(alphabet=_ALPHABET, min_size=1, max_size=40)),
        min_size=1,
        max_size=400,
    )
)
def test_random_text_in_the_corpus_shapes_extracts_or_fails_cleanly(parts: list[str]) -> None:
    _extract_or_loader_error("random.txt", " ".join(parts).encode("utf-8"))


# Markup that makes the HTML parser's work grow with the square of the nesting depth
# (found by hand: 100 000 nested <div>s, 1 MB, took 50 s before the depth check).
DEEP_HTML = {
    "nested divs": "<html><body>" + "<div>" * 100_000 + "Kế hoạch" + "</div>" * 100_000,
    "nested tables": "<html><body>" + "<table><tr><td>" * 20_000 + "Kế hoạch",
    "unclosed formatting": "<html><body><p>" + "<b><i><font>" * 30_000 + "Kế hoạch",
    "nested spans in a script-free page": "<html><body>" + "<span>" * 50_000,
}


@pytest.mark.parametrize("case", sorted(DEEP_HTML))
def test_absurdly_nested_html_is_refused_quickly(case: str) -> None:
    data = DEEP_HTML[case].encode("utf-8")
    with time_guard(budget(len(data))), pytest.raises(LoaderError) as info:
        read_data("deep.html", data)
    assert info.value.reason == "not-a-document" and "nested" in info.value.message


def test_ordinary_nesting_is_read() -> None:
    """The depth check leaves real pages alone: 300 levels, unclosed <p>/<td>/<li>, and
    tags inside a script do not count."""
    page = (
        "<html><body>" + "<div>" * 300 + "<p>Kế hoạch<p>số 12" + "</div>" * 300
        + "<table>" + "<tr><td>a<td>b" * 2000 + "</table><ul>" + "<li>x" * 2000 + "</ul>"
        + "<script>" + "document.write('<div>');" * 5000 + "</script></body></html>"
    )  # fmt: skip
    text = read_data("ok.html", page.encode("utf-8")).text
    assert text.startswith("Kế hoạch\nsố 12\n")
