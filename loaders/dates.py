"""Vietnamese date expressions: "25/6/2021", "ngày 07 tháng 12 năm 2020", OCR forms such as
"ngay 28thang 6 ndm 2079", and the repair of OCR digit confusions in years. Pure.

Regexes here run on :func:`cchc_kg.loaders.textfold.fold_same_length` text (lower case, no
diacritics), so printed and OCR text are matched by the same patterns and match offsets
still index the original text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

# "25/6/2021", "30/03/2021", "31-12-2021", "31.12.2021"
DMY = re.compile(r"(?<!\d)(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)")
# "ngày 07 tháng 12 năm 2020" (folded), tolerant of OCR: "ngay 28thang 6 ndm 2079",
# "nim", a blank day ("ngày       tháng 11 năm 2022") and a line break anywhere.
LONG_DATE = re.compile(
    r"ngay\s*(?P<day>\d{1,2})?\s*th[a-z]{0,2}ng\s*(?P<month>\d{1,2})?\s*n[a-z]{1,2}m\s*(?P<year>\d{4})"
)
YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")

# Digits an OCR engine confuses with each other in printed years (seen: "2079" for 2019).
OCR_DIGIT_CONFUSIONS: dict[str, str] = {"7": "1", "1": "7", "8": "0", "0": "8", "5": "6", "6": "5", "3": "8"}


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    day: int | None
    month: int | None
    year: int

    @property
    def iso(self) -> str | None:
        if self.day is None or self.month is None:
            return None
        return iso_date(self.year, self.month, self.day)

    @property
    def partial(self) -> str | None:
        """ "2022-11" when only the day is blank."""
        if self.day is None and self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return None


def iso_date(year: int, month: int, day: int) -> str | None:
    """ISO form of a calendar date, or None when it does not exist."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_long_date(folded: str, start: int = 0) -> FoundDate | None:
    """The first "ngày .. tháng .. năm ...." in ``folded`` (folded text) from ``start``."""
    m = LONG_DATE.search(folded, start)
    if not m:
        return None
    day = int(m["day"]) if m["day"] else None
    month = int(m["month"]) if m["month"] else None
    return FoundDate(m.start(), m.end(), day, month, int(m["year"]))


def repair_year(year: int, expected: Iterable[int]) -> int:
    """Undo one OCR digit confusion in ``year`` when that yields an ``expected`` year.

    ``expected`` are the years the document is evidently about (its period, the years in its
    title); the printed year is kept when it is plausible already.

    >>> repair_year(2079, [2019])
    2019
    >>> repair_year(2020, [2021])
    2020
    """
    wanted = set(expected)
    if not wanted or year in wanted or min(abs(year - w) for w in wanted) <= 1:
        return year
    digits = str(year)
    for i, d in enumerate(digits):
        alt = OCR_DIGIT_CONFUSIONS.get(d)
        if alt is None:
            continue
        candidate = int(digits[:i] + alt + digits[i + 1 :])
        if candidate in wanted:
            return candidate
    return year
