"""Format detection by content (magic bytes), not by file name."""

from __future__ import annotations

import io
import zipfile

import pytest

from cchc_kg.loaders.formats.detect import sniff


def _zip(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in names:
            zf.writestr(name, "<x/>")
    return buf.getvalue()


# fmt: off
CASES = [
    # a PDF header, even after a few junk bytes (allowed by readers)
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
    (b"\x00\x00%PDF-1.4\n", "pdf"),
    # an OPC package with a word/ part is a DOCX
    (_zip("[Content_Types].xml", "word/document.xml"), "docx"),
    # a ZIP without word/ is not
    (_zip("data.csv"), "zip"),
    # a damaged ZIP is left to the DOCX reader to name the damage
    (b"PK\x03\x04garbage", "docx"),
    # legacy Word binary
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "ole"),
    # image signatures
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image"),
    (b"II*\x00" + b"\x00" * 20, "image"),
    (b"MM\x00*" + b"\x00" * 20, "image"),
    # HTML: doctype, a bare <html>, a BOM and a comment before it, an XHTML prolog
    (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
    (b"  \n<HTML><BODY>x", "html"),
    (b"\xef\xbb\xbf<!-- saved -->\n<html lang='vi'>", "html"),
    (b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd"><html>', "html"),
    # a page fragment without <html> but with a <body>
    ("<div>Kế hoạch</div><body><p>x</p></body>".encode(), "html"),
    # plain Vietnamese text, even one mentioning a tag in running text
    ("Kế hoạch số 4514/KH-UBND\nbảng <table> trong văn bản\n".encode(), "text"),
    # text that starts with "BM" is not a bitmap
    (b"BM-01 bieu mau\n", "text"),
    # XML that is not a page, and JSON (JSON-LD): data, not documents
    (b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "xml"),
    (b"<!DOCTYPE lolz [<!ENTITY lol 'lol'>]><lolz>&lol;</lolz>", "xml"),
    (b'{"@context": "http://example.org/ctx", "@id": "x"}', "json"),
    (b'\xef\xbb\xbf [{"a": 1}]', "json"),
    # ... but text that merely opens with a bracket is text
    ("[1] Kế hoạch số 12/KH-UBND\n".encode(), "text"),
    ("{Dự thảo}\nKế hoạch\n".encode(), "text"),
    # empty and whitespace-only
    (b"", "empty"),
    (b" \n\t\n", "empty"),
]
# fmt: on


@pytest.mark.parametrize(("data", "kind"), CASES)
def test_sniff(data: bytes, kind: str) -> None:
    assert sniff(data) == kind
