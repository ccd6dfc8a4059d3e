"""Deadlines of task-table cells (gold README §6, "Deadline vocabulary"). Pure.

``parse_deadline`` normalises a Thời hạn / Thời gian cell into one of the kinds ``date``,
``year``, ``range``, ``recurring`` (annual | quarterly | monthly | N-weekly | continuous),
``conditional`` or ``multi`` (several milestones, each a part ``{label, date, kind, value}``).
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from typing import Any

from .dates import DMY, iso_date
from .model import Deadline
from .textfold import fold, fold_same_length

_WS = re.compile(r"\s+")
# Milestone separators inside one cell: dash bullets, semicolons, or a new clause that
# starts right after a date ("... trước: 30/03/2021 Hoàn thành ...").
_PART_SPLIT = re.compile(r"(?:^|\s)[-–•+]\s+|;|(?<=\d{4})\.?\s+(?=[^\W\d_])")
_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})(?!\d)")
_YEAR_ONLY = re.compile(r"^(?:(?:trong\s+)?nam\s+)?((?:19|20)\d{2})\.?$")
# "Quý 4/2023", "tháng 6/2021" (folded): the deadline is the end of that period.
_QUARTER = re.compile(r"\bquy\s+(i{1,3}|iv|[1-4])\s*(?:/|nam\s+)\s*((?:19|20)\d{2})")
_MONTH = re.compile(r"\bthang\s+(\d{1,2})\s*(?:/|nam\s+)\s*((?:19|20)\d{2})")
_BEFORE = re.compile(r"\s*(?:trước|truoc|chậm nhất|cham nhat|đến|den|hạn)?\s*(?:ngày|ngay)?\s*:?\s*$", re.I)
# Recurrence cues (folded, whole words), most specific first.
_RECURRING: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r" (\d+) tuan "), None),  # "04 tuần 01 số" = every 4 weeks
    (re.compile(r" hang nam | moi nam "), "annual"),
    (re.compile(r" hang quy | dinh ky quy "), "quarterly"),
    (re.compile(r" hang thang "), "monthly"),
    (re.compile(r" hang tuan "), "weekly"),
    (re.compile(r" thuong xuyen | lien tuc | hang ngay "), "continuous"),
)
# A cell that states a condition instead of a time ("Khi có hướng dẫn ...", "Theo quy định").
_CONDITIONAL = re.compile(r"^ (?:khi|theo|sau khi|ngay sau|tuy|tuy theo|can cu|trong truong hop) ")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def parse_deadline(raw: str | None) -> Deadline:
    """Normalise a deadline cell.

    >>> parse_deadline("25/6/2021")
    Deadline(kind='date', value='2021-06-25', parts=None)
    >>> parse_deadline("Năm 2021").value
    '2021'
    """
    found = _parse(_WS.sub(" ", raw or "").strip())
    # a copy: the memoised value is shared by every cell printed alike
    parts = [dict(p) for p in found.parts] if found.parts is not None else None
    return Deadline(found.kind, found.value, parts)


@lru_cache(maxsize=1024)
def _parse(text: str) -> Deadline:
    """:func:`parse_deadline` of a whitespace-normalised cell. Memoised (bounded): a table
    prints the same few deadlines in row after row ("Năm 2021", "Thường xuyên"; 103 cells,
    28 distinct, in the corpus)."""
    if not text:
        return Deadline(None, None)
    parts = _milestones(text)
    if len(parts) >= 2:
        return Deadline("multi", None, parts)
    kind, value = _single(text)
    return Deadline(kind, value)


def _milestones(text: str) -> list[dict[str, Any]]:
    """The parts of a multi-milestone cell; fewer than two means it is not one."""
    pieces = [p.strip(" .;:-–") for p in _PART_SPLIT.split(text)]
    pieces = [p for p in pieces if p]
    if len(pieces) < 2 or not any(DMY.search(p) for p in pieces):
        return []
    parts: list[dict[str, Any]] = []
    for piece in pieces:
        m = DMY.search(piece)
        if m:
            label = _BEFORE.sub("", piece[: m.start()]).strip(" .;:-–")
            date = _dmy(m)
            parts.append({"label": label or None, "date": date, "kind": "date", "value": date})
        else:
            kind, value = _single(piece)
            parts.append({"label": piece, "date": None, "kind": kind, "value": value})
    return parts


def _dmy(m: re.Match[str]) -> str | None:
    return iso_date(int(m.group(4)), int(m.group(3)), int(m.group(1)))


def _single(text: str) -> tuple[Any, str | None]:
    """(kind, value) of a one-milestone deadline."""
    folded = fold(text)
    flat = fold_same_length(text).strip()
    for pattern, value in _RECURRING:
        rm = pattern.search(folded)
        if rm:
            return "recurring", value if value else f"{int(rm.group(1))}-weekly"
    m = DMY.search(text)
    if m and _dmy(m):
        return "date", _dmy(m)
    rng = _RANGE.search(text)
    if rng:
        return "range", f"{rng.group(1)}-{rng.group(2)}"
    q = _QUARTER.search(flat)
    if q:
        n = _ROMAN.get(q.group(1)) or int(q.group(1))
        year = int(q.group(2))
        return "date", iso_date(year, 3 * n, calendar.monthrange(year, 3 * n)[1])
    mo = _MONTH.search(flat)
    if mo and 1 <= int(mo.group(1)) <= 12:
        year, month = int(mo.group(2)), int(mo.group(1))
        return "date", iso_date(year, month, calendar.monthrange(year, month)[1])
    y = _YEAR_ONLY.match(flat.rstrip(" ."))
    if y:
        return "year", y.group(1)
    if _CONDITIONAL.match(folded):
        return "conditional", text.rstrip(" .")
    return None, text
