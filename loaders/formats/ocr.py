"""OCR of scans (images, and PDFs without a text layer) with Tesseract's Vietnamese model.

Only runs when the user asks for it (``--ocr``): OCR is slow and its text is noisy (see
corpus 003), so a scan is never silently read as if it were a clean document. A missing
``tesseract`` binary or ``vie`` model is a clear, typed error telling what to install.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Sequence
from functools import cache
from typing import Any

from cchc_kg.errors import LoaderError

from .render import Paragraph, render

LANG = "vie"
INSTALL_HINT = "install tesseract-ocr and tesseract-ocr-vie (Debian)"
# Pillow refuses images above this many pixels (a decompression bomb); A4 at 600 dpi fits.
MAX_PIXELS = 40_000_000
_TIMEOUT_S = 120


def tesseract_binary(name: str) -> str:
    """The Tesseract binary pytesseract is configured to run (``tesseract_cmd``), resolved
    on the PATH, with the ``vie`` model installed.

    Checked afresh on every call: pytesseract caches its own version and language probes
    for the life of the process, so they would not notice a changed configuration.

    :raises LoaderError: ``ocr-unavailable`` when the binary or the ``vie`` model is missing.
    """
    import pytesseract

    configured = str(pytesseract.pytesseract.tesseract_cmd)
    binary = shutil.which(configured)
    if binary is None:
        raise LoaderError(
            name, "ocr-unavailable", f"the OCR engine '{configured}' is not installed; {INSTALL_HINT}"
        )
    if LANG not in _languages(binary):
        raise LoaderError(name, "ocr-unavailable", f"the Tesseract model '{LANG}' is missing; {INSTALL_HINT}")
    return binary


@cache
def _languages(binary: str) -> frozenset[str]:
    try:
        out = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    # "List of available languages in ...:" then one code per line (stdout or stderr by version)
    lines = (out.stdout + "\n" + out.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


def require_tesseract(name: str) -> None:
    """:raises LoaderError: ``ocr-unavailable`` when the binary or the ``vie`` model is missing."""
    tesseract_binary(name)


def ocr_images(name: str, images: Sequence[Any]) -> str:
    """Recognise each page image; the text in the corpus convention (lines, no tables)."""
    import pytesseract

    require_tesseract(name)
    items = []
    for image in images:
        try:
            text = pytesseract.image_to_string(image, lang=LANG, timeout=_TIMEOUT_S)
        except pytesseract.TesseractNotFoundError as e:
            raise LoaderError(name, "ocr-unavailable", INSTALL_HINT) from e
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
