"""Document metadata: kind, number, issuer, province, date, signer, title, draft, period,
attachment (gold README §3). Pure."""

from __future__ import annotations

from .context import Context
from .model import DocumentRecord


def extract_documents(ctx: Context) -> list[DocumentRecord]:
    return []
