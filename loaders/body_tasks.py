"""Responsibilities assigned in running text (gold README §7)."""

from __future__ import annotations

from .context import Context
from .model import BodyTaskRecord, ShortcomingRecord


def extract_body_tasks(ctx: Context) -> list[BodyTaskRecord]:
    return []


def extract_shortcomings(ctx: Context) -> list[ShortcomingRecord]:
    return []
