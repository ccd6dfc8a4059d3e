"""Plain text documents (the corpus shapes): decoded by :mod:`.encoding`, kept line for line.

A "text" that is mostly control characters is binary data with a lucky decoding, not a
document.
"""

from __future__ import annotations

import re

from cchc_kg.errors import LoaderError

from .encoding import Decoded, decode_bytes

# Share of control characters (other than tab, line ends, form feed) above which the
# bytes are not text.
_MAX_CONTROL_SHARE = 0.01
# C0 controls other than tab, line ends and form feed; DEL and the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def check_text(name: str, text: str, utf8: bytes | None = None) -> None:
    """:raises LoaderError: ``not-a-document`` for NUL bytes, control noise or no text at all.

    ``utf8``, when given, is ``text`` encoded in UTF-8: the controls are then counted in
    the bytes, by C scans that do not look at each character through a class.
    """
    if not text or text.isspace():  # what "not text.strip()" says, without copying the text
        raise LoaderError(name, "not-a-document", "no text")
    if "\x00" in text:
        raise LoaderError(name, "not-a-document", "binary data (NUL bytes)")
    # one regex scan (a Python loop per character of the document was most of the reading time)
    controls = _controls_in_utf8(utf8) if utf8 is not None else len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise LoaderError(name, "not-a-document", "binary data (control characters)")


# _CONTROL in UTF-8: the C0 controls and DEL are single bytes (no byte of a multi-byte
# character is below 0x80), the C1 controls are 0xC2 0x80-0x9F.
_C0_BYTES = bytes([*range(0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def _controls_in_utf8(utf8: bytes) -> int:
    """How many characters of :data:`_CONTROL` the UTF-8 text ``utf8`` holds."""
    c0 = len(utf8) - len(utf8.translate(None, _C0_BYTES))
    c1 = len(_C1_UTF8.findall(utf8)) if b"\xc2" in utf8 else 0
    return c0 + c1


def text_source(name: str, data: bytes) -> Decoded:
    """Decode a plain-text document.

    :raises LoaderError: ``encoding``, ``legacy-encoding:*`` or ``not-a-document``.
    """
    decoded = decode_bytes(name, data)
    check_text(name, decoded.text)
    return decoded
