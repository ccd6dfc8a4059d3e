"""Agencies: canonical names, role-cell splitting, the per-document agency list."""

from __future__ import annotations

import re

from ..context import Context


def canonical_name(name: str) -> str:
    """Orthographic canonical form of an agency mention (gold README §9)."""
    s = re.sub(r"\s+", " ", name).strip(" .;,")
    s = s.replace("Uỷ", "Ủy").replace("UBND", "Ủy ban nhân dân").replace("HĐND", "Hội đồng nhân dân")
    return s


def split_agency_list(cell: str) -> list[str]:
    """Split a role cell into agencies ("Sở Y tế, Sở Giáo dục và Đào tạo" → two)."""
    parts = [p for p in re.split(r";|,(?=\s*(?:Sở|Ủy ban|UBND|Văn phòng|Ban|Các|các)\b)", cell) if p.strip()]
    return [canonical_name(p) for p in parts]


def extract_agencies(ctx: Context) -> tuple[list[str], list[str]]:
    """The document's specific agencies and its agency groups, canonical, deduplicated."""
    return [], []
