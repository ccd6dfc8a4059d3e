"""Readers for every input format, chosen by content. Each returns a :class:`SourceText`
whose tables are rendered in the flattened form of the corpus (each cell closed by a line
holding only ``|``), so one segmenter serves every format."""

from __future__ import annotations

from pathlib import Path

from ..model import SourceText
from ..read import DEFAULT_MAX_BYTES, read_file


def read_any(path: Path, *, max_bytes: int | None = None, ocr: bool = False) -> SourceText:
    return read_file(path, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
