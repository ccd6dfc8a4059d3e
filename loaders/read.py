"""Read stage: a file on disk → :class:`SourceText` (decoded, NFC). The only file I/O of
extraction happens here.

Format is detected from the content, not only the extension; each format's reader lives in
:mod:`cchc_kg.loaders.formats`. Size is checked before reading past the limit.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from cchc_kg.errors import LoaderError

from .model import SourceText

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read ``path`` but refuse it, before reading past the limit, when it is too large."""
    if not path.exists():
        raise LoaderError(path.name, "not-found", f"no such file: {path}")
    if path.is_dir():
        raise LoaderError(path.name, "not-a-document", "is a directory")
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LoaderError(path.name, "too-large", f"larger than {max_bytes // (1024 * 1024)} MiB")
    return data


def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """Decode plain text: UTF-8 (with or without BOM) or UTF-16 with BOM."""
    if data.startswith(b"\xef\xbb\xbf"):
        data, enc = data[3:], "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise LoaderError(name, "encoding", f"invalid UTF-16: {e.reason}", byte_offset=e.start) from e
    else:
        enc = "utf-8"
    try:
        return data.decode("utf-8"), enc
    except UnicodeDecodeError as e:
        raise LoaderError(name, "encoding", f"not valid UTF-8 ({e.reason})", byte_offset=e.start) from e


def normalise(text: str) -> str:
    """NFC, and line ends as ``\\n``; everything downstream indexes this text."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    data = read_bytes(path, max_bytes)
    text, enc = decode_text(path.name, data)
    return SourceText(
        name=path.name,
        text=normalise(text),
        sha256=hashlib.sha256(data).hexdigest(),
        format="text",
        encoding=enc,
    )
