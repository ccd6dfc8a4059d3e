"""L1: random bytes into the reader entry point give a SourceText or a LoaderError, never
another exception, and never more than 5 s per MB.

Hypothesis cannot draw megabyte buffers itself, so it draws a seed, a size (1 KB-1 MB)
and a prefix that steers the bytes into each reader (PDF, DOCX/ZIP, HTML, images, BOMs);
the bytes themselves come from a seeded generator, so every failure replays.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_kg.errors import LoaderError
from cchc_kg.loaders.formats import read_any, read_data
from cchc_kg.loaders.model import SourceText

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
    started = time.perf_counter()
    try:
        result = read_data("fuzz.bin", data, ocr=ocr)
    except LoaderError as e:
        assert e.source == "fuzz.bin" and e.reason
    else:
        assert isinstance(result, SourceText)
    elapsed = time.perf_counter() - started
    assert elapsed < 5 * max(size / 1_000_000, 0.2), f"{elapsed:.1f}s for {size} bytes"


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
    try:
        result = read_data(f"mutated.{kind}", bytes(data))
    except LoaderError as e:
        assert e.reason
    else:
        assert isinstance(result, SourceText)
