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


def check_text(name: str, text: str) -> None:
    """:raises LoaderError: ``not-a-document`` for NUL bytes, control noise or no text at all."""
    if not text or text.isspace():  # what "not text.strip()" says, without copying the text
        raise LoaderError(name, "not-a-document", "no text")
    if "\x00" in text:
        raise LoaderError(name, "not-a-document", "binary data (NUL bytes)")
    # one regex scan (a Python loop per character of the document was most of the reading time)
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise LoaderError(name, "not-a-document", "binary data (control characters)")


def text_source(name: str, data: bytes) -> Decoded:
    """Decode a plain-text document.

    :raises LoaderError: ``encoding``, ``legacy-encoding:*`` or ``not-a-document``.
    """
    decoded = decode_bytes(name, data)
    check_text(name, decoded.text)
    return decoded
