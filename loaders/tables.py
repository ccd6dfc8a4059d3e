"""Appendix task tables (gold README §6): flattened cells → rows → :class:`TaskRecord`."""

from __future__ import annotations

from .context import Context
from .model import TaskRecord


def extract_tasks(ctx: Context) -> list[TaskRecord]:
    return []
