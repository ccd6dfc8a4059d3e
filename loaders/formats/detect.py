"""Which format a document is in, from its content (magic bytes), not its file name.

A file saved as ``.doc`` that is really HTML (common with legal sites) is read as HTML; a
``.txt`` that is a PDF is read as a PDF. Pure: looks only at the bytes given.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Literal

Kind = Literal["pdf", "docx", "zip", "ole", "image", "html", "xml", "json", "text", "binary", "empty"]

_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
    b"GIF87a",
    b"GIF89a",
)
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body)\b[^>]*>", re.IGNORECASE)
# XML that is not a page (RDF/XML, an Office part on its own ...): opens with a prolog, a
# DOCTYPE or a namespaced root element.
_XML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml\b|<!DOCTYPE\b|<[A-Za-z_][\w.-]*:[\w.-]+[\s>])", re.IGNORECASE
)


def sniff(data: bytes) -> Kind:
    """The kind of document ``data`` holds."""
    if not data.strip():
        return "empty"
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data) else "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"  # legacy .doc / .xls
    if any(data.startswith(m) for m in _IMAGE_MAGIC) or (data.startswith(b"BM") and _looks_bmp(data)):
        return "image"
    # Many saved pages are UTF-16; look at an ASCII view of the head for the markup.
    ascii_head = head.replace(b"\x00", b"") if head[:2] in (b"\xff\xfe", b"\xfe\xff") else head
    if _HTML_START.match(ascii_head) or _HTML_ANYWHERE.search(data[:4096]):
        return "html"
    if _XML_START.match(ascii_head):
        return "xml"
    if _is_json(data):
        return "json"
    return "text"


def _is_json(data: bytes) -> bool:
    """Data, not a document: JSON (and JSON-LD, whose ``@context`` could name a remote or
    ``file:`` URL). Only bytes that open like JSON are parsed."""
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith((b"{", b"[")):
        return False
    try:
        json.loads(stripped)
    except (ValueError, RecursionError):
        return False
    return True


def _looks_bmp(data: bytes) -> bool:
    """ "BM" alone could start a text line; a bitmap also states its own length."""
    size = int.from_bytes(data[2:6], "little")
    return size == len(data)


def _is_docx(data: bytes) -> bool:
    """A ZIP is a Word document when it has the OPC content-types part and a ``word/`` part.
    Only the central directory is read here; the members are checked by :mod:`.archive`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return True  # a damaged Word file: let the DOCX reader name the damage
    return "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)
