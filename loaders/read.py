"""Read stage: the only file I/O of extraction. A file on disk → its bytes, refused before
reading past the size limit; :func:`read_file` goes on to a :class:`SourceText` through the
format readers of :mod:`cchc_kg.loaders.formats` (format detected from the content).
"""

from __future__ import annotations

import stat
from pathlib import Path

from cchc_kg.errors import LoaderError

from .model import SourceText

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # the default of the max_document_mb setting


def configured_max_bytes() -> int:
    """The document size limit in force: ``CCHC_MAX_DOCUMENT_MB`` (cchc_kg.config)."""
    from cchc_kg.config import Settings

    return Settings().max_document_mb * 1024 * 1024


_CHUNK = 1024 * 1024


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read ``path`` but refuse it, before reading past the limit, when it is too large.

    The declared size is checked first (a 200 MB file is refused without a read); the read
    itself is streamed and stops one byte past the limit, because the size of a pipe or a
    growing file cannot be trusted.
    """
    try:
        info = path.stat()
    except FileNotFoundError as e:
        raise LoaderError(path.name, "not-found", f"no such file: {path.name}") from e
    except OSError as e:
        raise LoaderError(path.name, "unreadable", type(e).__name__) from e
    if stat.S_ISDIR(info.st_mode):
        raise LoaderError(path.name, "not-a-document", "is a directory")
    if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise LoaderError(path.name, "too-large", f"{info.st_size} bytes, above the limit of {max_bytes}")
    chunks: list[bytes] = []
    size = 0
    try:
        with path.open("rb") as fh:
            while size <= max_bytes:
                chunk = fh.read(min(_CHUNK, max_bytes + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except OSError as e:
        raise LoaderError(path.name, "unreadable", type(e).__name__) from e
    if size > max_bytes:
        raise LoaderError(path.name, "too-large", f"larger than the limit of {max_bytes} bytes")
    return b"".join(chunks)


def read_file(path: Path, *, max_bytes: int | None = None, ocr: bool = False) -> SourceText:
    """Read a document of any supported format (see :func:`cchc_kg.loaders.formats.read_any`)."""
    from .formats import read_any

    return read_any(path, max_bytes=max_bytes, ocr=ocr)
