"""Numbers of a target (chỉ tiêu): values as printed, parsed quantities, the index concerned.

Pure. Gold README §5 "values": every number printed in the item, as printed, in order —
percentages with ``%``, scores ``8,5/9``, ranks ``05/63``, counts ``03``, ``tốp 15`` → ``15``,
baselines in parentheses included; years, dates, service levels (``mức độ 3, 4``),
standard identifiers (``ISO 9001``) and document numbers excluded.

Context words are matched on folded text (no diacritics), so OCR text reads the same.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Any

from .textfold import fold_same_length

# --------------------------------------------------------------------------------------
# Regex building blocks
# --------------------------------------------------------------------------------------

# A printed number: digits with decimal commas/points, an optional "/max", an optional "%",
# not preceded by a word character, "/", "." or ",". Written to open with its first digit
# and look behind afterwards (the two-character look-behind sees what precedes that digit):
# the same matches as "(?<![\w/.,])\d+...", but the regex engine skips to the next digit
# instead of trying the look-behind at every position (about five times faster).
NUMBER = re.compile(r"\d(?<![\w/.,]\d)\d*(?:[.,]\d+)*(?:/\d+(?:[.,]\d+)*)*(?:\s?%)?")
YEAR = re.compile(r"^(?:19|20)\d\d$")
# Context before a number that makes it not a target value (folded text).
_EXCLUDED_BEFORE = re.compile(
    r"(?:\biso(?: \d+:?)?|\btcvn|\bso|\bngay|\bthang|\bquy|\bdieu|\bkhoan|\bnghi dinh|\bthong tu|"
    r"m[a-z]{0,2}c d[o0-9]{1,2}|m[a-z]{0,2}c d[o0-9]{1,2} \d+\s*(?:,|va))\s*$"
)
# _EXCLUDED_BEFORE read backwards: the same alternatives, each reversed, after the
# trailing whitespace, matched at the start of the reversed text. A search must try the
# pattern at every position of the 24 characters before each number (half of
# target_values); the reversed pattern is tried at one. Only whether a match exists is used
# (\b is a boundary from either side; "$" or "\s*$" at the end of a text is "\s*" at the
# start of its reversal).
_EXCLUDED_BEFORE_REVERSED = re.compile(
    r"\s*(?:(?::?\d+ )?osi\b|nvct\b|os\b|yagn\b|gnaht\b|yuq\b|ueid\b|naohk\b|hnid ihgn\b|ut gnoht\b|"
    r"[o0-9]{1,2}d c[a-z]{0,2}m|(?:,|av)\s*\d+ [o0-9]{1,2}d c[a-z]{0,2}m)"
)


def excluded_before(before: str) -> bool:
    """Whether ``_EXCLUDED_BEFORE.search(before)`` finds a match (by the reversed pattern)."""
    return _EXCLUDED_BEFORE_REVERSED.match(before[::-1]) is not None


# Followed by a document symbol ("/KH-UBND", "/2017/NĐ-CP") or a date part.
_EXCLUDED_AFTER = re.compile(r"^(?:/[a-zđ]|-[a-z]|\s*(?:thang|nam)\b|:\d{4})", re.IGNORECASE)
# A number touching a letter or an OCR glyph is a misread letter in OCR text.
_GLUED = re.compile(r"^[^\W\d_]|^[&¢€@]|[^\W\d_%]$|[&¢€@]$")
# Enumerations printed as "(1) Cải cách thể chế; (2) ...".
_ENUMERATION = re.compile(r"^\(\d+\)")
_MIN = re.compile(
    r"(?:t[a-z0-9]i thi[a-z]{1,2}u|it nhat|tro len|tr[a-z0-9] [l1]en|toi thieu|vuot|\btren\s*$)"
)
_MAX = re.compile(r"(?:khong qua|khong vuot qua|duoi|toi da\s*$)")
_TOP = re.compile(r"(?:\btop|\btop|\bnhom)\s*$")
_RANK = re.compile(r"(?:xep hang|thu hang|xep|hang)\s*(?:tu\s*)?$")
_YEAR_BEFORE = re.compile(r"\bn[a-z]{1,2}m\s+((?:19|20)\d\d)\b[^;()]*$")
_SCORE_UNIT = re.compile(r"^\s*d[a-z]{1,2}m\b")  # "điểm", OCR "diém"
# "... trở lên" after a figure ("8,5 điểm tối đa trở lên"): a minimum.
_MIN_AFTER = re.compile(r"^\s*(?:%\s*)?(?:d[a-z]{1,2}m\s+)?(?:t[a-z0-9]i da\s+)?tr[a-z0-9] [l1]en")
_SPACE_PERCENT = re.compile(r"\s+%")
_DAY_MONTH = re.compile(r"\d{1,2}/\d{1,2}$")  # "20/02" before "/2020": a date
_SLASH_YEAR = re.compile(r"^/\d{4}")
_CLAUSE_BREAK = re.compile(r"[;()]|\bva\b|, ")  # only the current clause decides the comparator

# The index a target refers to (domain.md §2), most specific names first.
_INDEXES_PLAIN: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("PAR INDEX", re.compile(r"\bpar ?index\b|chi s[o0-9] c(?:ai cach hanh chinh|chc)\b")),
    ("SIPAS", re.compile(r"\bsipas\b|chi s[o0-9] hai long")),
    ("PAPI", re.compile(r"\bpapi\b|hieu qua quan tri va hanh chinh cong")),
    ("PCI", re.compile(r"\bpci\b|nang luc canh tranh")),
    ("DTI", re.compile(r"\bdti\b|chi s[o0-9] chuyen doi so")),
)
# The same patterns with each leading "\b" moved behind the first letter ("\bpar" is
# "p(?<!\wp)ar": no word character before the p), as NUMBER does: every alternative then
# opens with a letter, and the regex engine skips to the next candidate letter instead of
# trying the whole pattern at every position (the plain forms are kept for the tests).
INDEXES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("PAR INDEX", re.compile(r"p(?<!\wp)ar ?index\b|chi s[o0-9] c(?:ai cach hanh chinh|chc)\b")),
    ("SIPAS", re.compile(r"s(?<!\ws)ipas\b|chi s[o0-9] hai long")),
    ("PAPI", re.compile(r"p(?<!\wp)api\b|hieu qua quan tri va hanh chinh cong")),
    ("PCI", re.compile(r"p(?<!\wp)ci\b|nang luc canh tranh")),
    ("DTI", re.compile(r"d(?<!\wd)ti\b|chi s[o0-9] chuyen doi so")),
)
# A word every match of an INDEXES pattern holds: most texts hold none of these words and
# are passed over by a few substring tests instead of five regex scans.
_INDEX_WORDS = ("par", "chi s", "sipas", "papi", "hieu qua quan tri", "pci", "nang luc canh", "dti")


def _may_name_index(folded: str, start: int = 0, end: int | None = None) -> bool:
    # "in" on one slice: a str.find call per word through a generator cost three times
    # as much, asked for every number of every target
    part = folded[start:end]
    for word in _INDEX_WORDS:  # noqa: SIM110 (a loop: no generator frame per call)
        if word in part:
            return True
    return False


def _may_name_index_plain(folded: str, start: int = 0, end: int | None = None) -> bool:
    """:func:`_may_name_index` by a str.find per word (the plain computation)."""
    end = len(folded) if end is None else end
    return any(folded.find(word, start, end) >= 0 for word in _INDEX_WORDS)


@dataclass(frozen=True)
class Value:
    """One number of a target, as printed, with where it is and what it measures."""

    printed: str
    start: int
    end: int
    in_parentheses: bool


def _ocr_repair(token: str, ocr: bool, before: str) -> str:
    """OCR printed "/" as "1": "8,4110" → "8,4/10", "0,53101" → "0,53/01", "57163" → "57/63"."""
    if not ocr:
        return token
    if (m := re.fullmatch(r"(\d+,\d{1,2}?)1(\d{2})", token)) and len(token.split(",")[1]) >= 4:
        return f"{m.group(1)}/{m.group(2)}"
    if re.search(r"(?:xep hang|thu hang)\s*$", before) and (m := re.fullmatch(r"(\d{1,2})1(63)", token)):
        return f"{m.group(1)}/{m.group(2)}"
    return token


def target_values(text: str, *, ocr: bool = False, folded: str | None = None) -> list[Value]:
    """The numbers of a target text, as printed (gold README §5 "values"). ``folded``: its
    :func:`.textfold.fold_same_length`, when the caller has it (a target is read by several
    functions here, each once folded it)."""
    if folded is None:
        folded = fold_same_length(text)
    out: list[Value] = []
    depth = 0
    last = 0
    for m in NUMBER.finditer(text):
        depth += text.count("(", last, m.start()) - text.count(")", last, m.start())
        last = m.start()
        token = _SPACE_PERCENT.sub("%", m.group(0))
        bare = token.rstrip("%")
        before = folded[max(0, m.start() - 24) : m.start()]
        after = text[m.end() : m.end() + 8]
        if YEAR.match(bare) or token.count("/") >= 2:
            continue
        if excluded_before(before):
            continue
        if _EXCLUDED_AFTER.match(after) or _ENUMERATION.match(text[max(0, m.start() - 1) : m.end() + 1]):
            continue
        if _DAY_MONTH.search(bare) and _SLASH_YEAR.match(after):
            continue
        if ocr and _GLUED.search(text[max(0, m.start() - 1) : m.end() + 1]):
            continue  # OCR letters read as digits: "1én" (lên), "Xt 1y" (lý), "@6" (đó)
        out.append(Value(_ocr_repair(token, ocr, before), m.start(), m.end(), depth > 0))
    return out


def _number(s: str) -> float:
    return float(s.replace(",", "."))


def quantity(value: Value, text: str, *, ocr: bool = False, folded: str | None = None) -> dict[str, Any]:
    """A parsed quantity: value, unit ("%", "điểm", "rank", "count"), comparator
    ("min", "max", "eq", "top"), the maximum of a score or rank ("of"), and whether it is a
    baseline/reference figure printed in parentheses. ``folded`` as in :func:`target_values`."""
    if folded is None:
        folded = fold_same_length(text)
    before = folded[max(0, value.start - 40) : value.start]
    # Only the current clause decides the comparator.
    before = _CLAUSE_BREAK.split(before)[-1]
    after = folded[value.end : value.end + 20]
    printed = value.printed
    out: dict[str, Any] = {"printed": printed}
    main, _, of = printed.rstrip("%").partition("/")
    try:
        out["value"] = _number(main)
    except ValueError:
        out["value"] = None
    if of:
        with contextlib.suppress(ValueError):
            out["of"] = _number(of)
    if printed.endswith("%"):
        unit = "%"
    elif _SCORE_UNIT.match(after) or (of and not _RANK.search(before) and of != "63"):
        unit = "điểm"
    elif _RANK.search(before) or of == "63":
        unit = "rank"
    else:
        unit = "count"
    comparator = "eq"
    if _TOP.search(before):
        comparator = "top"
        unit = "rank"
    elif _MIN.search(before) or _MIN_AFTER.match(after):
        comparator = "min"
    elif _MAX.search(before):
        comparator = "max"
    if unit == "rank" and comparator in ("min", "max"):
        # "thứ hạng từ 40 trở lên" is rank 40 or better: the rank number is at most 40
        comparator = "max" if comparator == "min" else "min"
    out["unit"] = unit
    out["comparator"] = comparator
    if value.in_parentheses:
        out["baseline"] = True
    index = _index_before(folded, value.start)
    if index:
        out["index"] = index
    if year := _YEAR_BEFORE.search(folded[max(0, value.start - 60) : value.start]):
        out["year"] = int(year.group(1))  # "năm 2018 đạt 5,94 điểm": the figure's year
    return out


def _index_before(folded: str, pos: int) -> str | None:
    """The index named last before ``pos`` in the same sentence ("(PAR INDEX năm 2021 xếp
    33), Chỉ số hài lòng ... (SIPAS năm 2021 xếp 57)": 57 is SIPAS's rank)."""
    start = max(folded.rfind("; ", 0, pos), folded.rfind(". ", 0, pos)) + 1
    if not _may_name_index(folded, start, pos):
        return None
    best: tuple[int, str] | None = None
    for name, pattern in INDEXES:
        for m in pattern.finditer(folded, start, pos):
            if best is None or m.start() > best[0]:
                best = (m.start(), name)
    return best[1] if best else None


def index_of(*texts: str) -> str | None:
    """The first index (PAR INDEX, SIPAS, PAPI, PCI, DTI) named in the first text that names
    one (the target's own text first, then its enclosing headings)."""
    for text in texts:
        index = index_in(text)
        if index:
            return index
    return None


def index_in(text: str, folded: str | None = None, *, words: str | None = None) -> str | None:
    """The index named first in ``text`` (of two starting at the same word, the first in
    INDEXES order), else None. ``folded`` as in :func:`target_values`; ``words``: the
    words of ``folded`` joined by single spaces (:func:`.textfold.words_of_folded` without
    its padding), when the caller has them (targets.py reads them for the area too)."""
    if words is None:
        if folded is None:
            folded = fold_same_length(text)
        words = " ".join(_WORD.findall(folded))
    if not _may_name_index(words):
        return None
    best: tuple[int, str] | None = None
    for name, pattern in INDEXES:
        m = pattern.search(words)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None


_WORD = re.compile(r"[a-z0-9]+")
