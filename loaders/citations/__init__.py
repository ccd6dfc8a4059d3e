"""Legal citations: find → resolve → relate (the project's eyecite)."""

from __future__ import annotations

from ..context import Context
from ..model import CitationRecord


def extract_citations(ctx: Context) -> list[CitationRecord]:
    return []
