"""Readers for every input format, chosen by content (:mod:`.detect`). Each renders its
document in the flattened form of the corpus (paragraphs as lines, each table cell closed
by a line holding only ``|``, see :mod:`.render`), so one segmenter and one table parser
serve every format.

:func:`read_any` is the single entry point of extraction; :func:`read_data` does the same
for bytes already in memory. Both raise only :class:`~cchc_kg.errors.LoaderError`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

from cchc_kg.errors import LoaderError

from ..model import SourceText
from ..read import configured_max_bytes, read_bytes
from .archive import DTD as _DTD
from .detect import sniff
from .encoding import decode_bytes, normalise

Format = Literal["text", "html", "docx", "pdf", "ocr"]


def read_any(path: Path, *, max_bytes: int | None = None, ocr: bool = False) -> SourceText:
    """Read the document at ``path`` whatever its format.

    :raises LoaderError: naming the file and the reason (``too-large``, ``encoding``,
        ``not-a-document``, ``corrupt-docx``, ``corrupt-pdf``, ``zip-bomb``,
        ``xml-entities``, ``no-text-layer``, ``ocr-unavailable`` ...).
    """
    limit = max_bytes or configured_max_bytes()
    return read_data(path.name, read_bytes(path, limit), max_bytes=limit, ocr=ocr)


def read_data(name: str, data: bytes, *, max_bytes: int | None = None, ocr: bool = False) -> SourceText:
    """Read a document from its bytes; ``name`` is used in messages and provenance."""
    limit = max_bytes or configured_max_bytes()
    if len(data) > limit:
        raise LoaderError(name, "too-large", f"larger than {limit} bytes")
    kind = sniff(data)
    if kind == "empty":
        raise LoaderError(name, "not-a-document", "the file is empty")
    if kind == "pdf":
        from .pdf import pdf_text

        text, by_ocr = pdf_text(name, data, ocr=ocr)
        return _source(name, text, "ocr" if by_ocr else "pdf", "ocr:vie" if by_ocr else "pdf")
    if kind == "docx":
        from .docx import docx_text

        return _source(name, docx_text(name, data, limit), "docx", "xml")
    if kind == "image":
        if not ocr:
            raise LoaderError(name, "no-text-layer", "an image has no text layer; run with --ocr")
        from .ocr import image_text

        return _source(name, image_text(name, data), "ocr", "ocr:vie")
    if kind == "zip":
        raise LoaderError(name, "not-a-document", "a ZIP archive that is not a Word document")
    if kind == "xml":
        # Never parsed, so never expanded; but a DTD is named as what it is (reliability L7).
        if _DTD.search(data[:65536].replace(b"\x00", b"")):
            raise LoaderError(name, "xml-entities", "XML data that declares a DTD or entities")
        raise LoaderError(name, "not-a-document", "XML data (RDF/XML included), not a document")
    if kind == "json":
        # JSON-LD included: its contexts are never fetched, because it is never parsed as RDF.
        raise LoaderError(name, "not-a-document", "JSON data (JSON-LD included), not a document")
    if kind == "ole":
        raise LoaderError(name, "not-a-document", "a legacy Word/Excel binary file; save it as DOCX")
    from .text import check_text

    decoded = decode_bytes(name, data)
    if kind == "html":
        from .html import html_text

        text = html_text(name, decoded.text)
        check_text(name, text)
        return _source(name, text, "html", decoded.encoding, decoded.warnings)
    check_text(name, decoded.text, decoded.utf8)
    # decode_bytes normalises every text it returns
    return _source(
        name, decoded.text, "text", decoded.encoding, decoded.warnings, normalised=True, utf8=decoded.utf8
    )


def _source(
    name: str,
    text: str,
    fmt: Format,
    encoding: str,
    warnings: tuple[str, ...] = (),
    *,
    normalised: bool = False,
    utf8: bytes | None = None,
) -> SourceText:
    # The source key is the hash of the text every span indexes, not of the file's bytes:
    # the same decree saved in UTF-8, UTF-16, Windows-1258, TCVN3 or NFD is one source
    # version with one set of IRIs (reliability.md L3, L4).
    if not normalised:
        text = normalise(text)
    # ``utf8``: the text's UTF-8 bytes when the reader has them already (see Decoded.utf8)
    sha = hashlib.sha256(utf8 if utf8 is not None and normalised else text.encode("utf-8")).hexdigest()
    return SourceText(name=name, text=text, sha256=sha, format=fmt, encoding=encoding, warnings=warnings)
