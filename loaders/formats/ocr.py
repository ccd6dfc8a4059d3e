"""OCR of scans (images, and PDFs without a text layer) with Tesseract's Vietnamese model.

Only runs when the user asks for it (``--ocr``): OCR is slow and its text is noisy (see
corpus 003), so a scan is never silently read as if it were a clean document. A missing
``tesseract`` binary or ``vie`` model is a clear, typed error telling what to install.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from cchc_kg.errors import LoaderError

from .render import Paragraph, render

LANG = "vie"
INSTALL_HINT = "install tesseract-ocr and tesseract-ocr-vie (Debian)"
# Pillow refuses images above this many pixels (a decompression bomb); A4 at 600 dpi fits.
MAX_PIXELS = 40_000_000
_TIMEOUT_S = 120


def require_tesseract(name: str) -> None:
    """:raises LoaderError: ``ocr-unavailable`` when the binary or the ``vie`` model is missing."""
    import pytesseract

    try:
        pytesseract.get_tesseract_version()
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError) as e:
        raise LoaderError(name, "ocr-unavailable", INSTALL_HINT) from e
    if LANG not in languages:
        raise LoaderError(name, "ocr-unavailable", f"the Tesseract model '{LANG}' is missing; {INSTALL_HINT}")


def ocr_images(name: str, images: Sequence[Any]) -> str:
    """Recognise each page image; the text in the corpus convention (lines, no tables)."""
    import pytesseract

    require_tesseract(name)
    items = []
    for image in images:
        try:
            text = pytesseract.image_to_string(image, lang=LANG, timeout=_TIMEOUT_S)
        except (pytesseract.TesseractError, RuntimeError, OSError) as e:
            raise LoaderError(
                name, "ocr-failed", f"Tesseract could not read a page ({type(e).__name__})"
            ) from e
        items.append(Paragraph(text))
    return render(items)


def image_text(name: str, data: bytes) -> str:
    """OCR of an image file (PNG, JPEG, TIFF: every frame of a multi-page TIFF)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as img:
            frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(img)]
    except Image.DecompressionBombError as e:
        raise LoaderError(name, "too-large", f"image above {MAX_PIXELS} pixels") from e
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as e:
        raise LoaderError(name, "not-a-document", f"unreadable image ({type(e).__name__})") from e
    return ocr_images(name, frames)
