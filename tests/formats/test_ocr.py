"""OCR behind ``--ocr`` (issue 3, item 2): Tesseract with its Vietnamese model reads a page
image rendered here from known Vietnamese text (Pillow, DejaVu Sans), as an image file and
as a scanned PDF without a text layer; a missing engine is a clear ``ocr-unavailable``.

These tests need the Debian packages tesseract-ocr and tesseract-ocr-vie (``make
system-deps``); they fail, never skip, when the packages are missing.
"""

from __future__ import annotations

import difflib
import io
import unicodedata
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont
from typer.testing import CliRunner

from cchc_kg.cli import app
from cchc_kg.errors import LoaderError
from cchc_kg.loaders.formats import read_any, read_data

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LINES = [
    "ỦY BAN NHÂN DÂN TỈNH KON TUM",
    "KẾ HOẠCH",
    "Cải cách hành chính năm 2021",
    "Sở Nội vụ chủ trì, phối hợp với các sở, ban ngành",
    "triển khai thực hiện Nghị định số 61/2018/NĐ-CP",
    "Thời hạn: trước ngày 31/12/2021",
]


def page_png(lines: list[str]) -> bytes:
    """A clean 300-dpi-like page: black text on white, 36 px DejaVu Sans."""
    font = ImageFont.truetype(str(FONT), 36)
    image = Image.new("L", (1700, 120 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((80, 60 + 70 * i), line, font=font, fill=0)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def scanned_pdf(png: bytes) -> bytes:
    """A PDF whose only content is the page image: no text layer, as a scanner makes it."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.add_page()
    pdf.image(io.BytesIO(png), x=10, y=10, w=270)
    return bytes(pdf.output())


def _norm(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


def assert_reads_back(text: str) -> None:
    got = [_norm(x) for x in text.splitlines() if x.strip()]
    print("OCR read:", got)
    for want in LINES:
        best = max((difflib.SequenceMatcher(None, want, g).ratio() for g in got), default=0.0)
        assert best >= 0.9, f"{want!r} not read back (best similarity {best:.2f}) in {got}"
    # The diacritics that carry the meaning survive exactly.
    joined = " ".join(got)
    for word in ("KẾ HOẠCH", "Sở Nội vụ", "chủ trì", "phối hợp", "Nghị định"):
        assert word in joined, word


@pytest.mark.ocr
def test_ocr_reads_vietnamese_from_an_image() -> None:
    source = read_data("page.png", page_png(LINES), ocr=True)
    assert source.format == "ocr" and source.encoding == "ocr:vie"
    assert_reads_back(source.text)


@pytest.mark.ocr
def test_ocr_reads_a_scanned_pdf_without_a_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf(page_png(LINES)))
    with pytest.raises(LoaderError) as info:
        read_any(path)  # without --ocr a scan is refused, never read as an empty document
    assert info.value.reason == "no-text-layer" and "--ocr" in info.value.message
    source = read_any(path, ocr=True)
    assert source.format == "ocr"
    assert_reads_back(source.text)


@pytest.mark.ocr
def test_cli_extract_with_ocr(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    path.write_bytes(page_png(LINES))
    runner = CliRunner()
    refused = runner.invoke(app, ["extract", str(path), "--format", "json"])
    assert refused.exit_code == 3 and "no-text-layer" in refused.output
    res = runner.invoke(app, ["extract", str(path), "--format", "json", "--ocr"])
    assert res.exit_code == 0, res.output
    assert '"source"' in res.stdout


def test_missing_engine_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no" / "tesseract"))
    with pytest.raises(LoaderError) as info:
        read_data("page.png", page_png(LINES[:1]), ocr=True)
    error = info.value
    assert error.reason == "ocr-unavailable" and error.source == "page.png"
    assert "tesseract-ocr-vie" in error.message and "not installed" in error.message
    print(error.message)


def test_missing_vietnamese_model_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A Tesseract without ``vie``: a stand-in binary that lists only English."""
    fake = tmp_path / "tesseract"
    fake.write_text('#!/bin/sh\necho "List of available languages (2):"\necho eng\necho osd\n')
    fake.chmod(0o755)
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(fake))
    with pytest.raises(LoaderError) as info:
        read_data("page.png", page_png(LINES[:1]), ocr=True)
    assert info.value.reason == "ocr-unavailable" and "'vie' is missing" in info.value.message
