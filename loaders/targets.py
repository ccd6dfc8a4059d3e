"""Targets (chỉ tiêu) with values, quantities, indices and roles (gold README §5)."""

from __future__ import annotations

from .context import Context
from .model import TargetRecord


def extract_targets(ctx: Context) -> list[TargetRecord]:
    return []
