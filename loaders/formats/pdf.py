"""PDF with a text layer (pdfplumber): tables and the text around them, page by page.

On each page the ruled tables are found first; their cells are rendered in the corpus
convention (a cell covered by a merge comes back from pdfplumber as ``None`` and is not
repeated), and the text lines outside the tables' boxes become paragraph lines. Lines and
tables are interleaved by their vertical position, so the body order is kept.

A PDF without any text layer is a scan: it is refused with ``no-text-layer`` unless OCR
was asked for, in which case the page images go to :mod:`.ocr`.
"""

from __future__ import annotations

import io
from typing import Any

from cchc_kg.errors import LoaderError

from .cpu_budget import OutOfTime, cpu_budget
from .render import Item, Paragraph, Table, render

# CPU allowed to parse one PDF: a base plus a rate per MB. The rate is three times what
# real text PDFs need (pdfplumber reads the 67 kB PDF form of corpus file 001 in 3.3 s of
# CPU on the CI box, ~50 s/MB, and a busy machine stretches CPU time too); the base stays
# small, so a small damaged file that loops on its own references is cut within the
# property tests' 2 s per example (reliability L1).
PDF_BASE_S = 1.0
PDF_S_PER_MB = 150.0

# pdfplumber's defaults split words on gaps wider than 3 pt; keep them, but read lines
# top to bottom with a little vertical slack for diacritics that sit above the line.
_TEXT_OPTIONS: dict[str, Any] = {"x_tolerance": 2, "y_tolerance": 3}


def _inside(obj: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return bool(x0 <= cx <= x1 and top <= cy <= bottom)


def _page_items(page: Any) -> list[Item]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    rest = page.filter(lambda o: not any(_inside(o, b) for b in boxes)) if boxes else page
    placed: list[tuple[float, Item]] = []
    for line in rest.extract_text_lines(**_TEXT_OPTIONS):
        placed.append((float(line["top"]), Paragraph(line["text"])))
    for table in tables:
        rows = [[cell for cell in row if cell is not None] for row in table.extract(**_TEXT_OPTIONS)]
        placed.append((float(table.bbox[1]), Table([r for r in rows if r])))
    placed.sort(key=lambda p: p[0])
    return [item for _, item in placed]


def open_pdf(name: str, data: bytes) -> Any:
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as e:
        # pdfminer raises many unrelated types on a damaged file (PDFSyntaxError, PSEOF,
        # KeyError, TypeError ...); to the user they all mean "corrupt PDF".
        raise LoaderError(name, "corrupt-pdf", f"cannot open the PDF ({type(e).__name__})") from e


def pdf_text(name: str, data: bytes, *, ocr: bool = False) -> tuple[str, bool]:
    """The rendered text of a PDF, and whether it came from OCR.

    :raises LoaderError: ``corrupt-pdf``; ``no-text-layer`` for a scan without ``ocr``;
        ``ocr-unavailable`` when OCR is asked for but Tesseract is missing.
    """
    budget = PDF_BASE_S + PDF_S_PER_MB * len(data) / 1e6
    try:
        with cpu_budget(budget):
            return _pdf_text(name, data, ocr=ocr)
    except OutOfTime:
        raise LoaderError(
            name, "corrupt-pdf", f"the PDF did not parse within {budget:.1f} s of CPU (a reference loop?)"
        ) from None


def _pdf_text(name: str, data: bytes, *, ocr: bool) -> tuple[str, bool]:
    pdf = open_pdf(name, data)
    try:
        items: list[Item] = []
        chars = 0
        for page in pdf.pages:
            chars += len(page.chars)
            items.extend(_page_items(page))
        if chars:
            return render(items), False
        if not pdf.pages:
            raise LoaderError(name, "corrupt-pdf", "the PDF has no pages")
        if not ocr:
            raise LoaderError(name, "no-text-layer", "the PDF is a scan without a text layer; run with --ocr")
        from .ocr import ocr_images

        images = [page.to_image(resolution=300).original for page in pdf.pages]
        return ocr_images(name, images), True
    except LoaderError:
        raise
    except Exception as e:
        # Damage found only while reading pages (broken content streams, bad xrefs).
        raise LoaderError(name, "corrupt-pdf", f"cannot read the PDF ({type(e).__name__})") from e
    finally:
        _close(pdf)


def _close(pdf: Any) -> None:
    """Close without masking the error being raised: pdfplumber's ``close`` walks the pages
    again, and on a damaged file that walk raises the same damage a second time."""
    try:
        pdf.close()
    except Exception:  # noqa: BLE001 - the stream is our own BytesIO; close it directly
        pdf.stream.close()
