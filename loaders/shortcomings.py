"""Shortcomings listed in an appendix table (gold README §8).

Pure. An appendix whose title or column header names "khuyết điểm, hạn chế" is a two-column
table: the criterion that lost points ("Mức độ hoàn thành Kế hoạch CCHC: 0,97/01 điểm") and
the unit responsible for it, grouped under roman content rows ('II. Nội dung "..."'). The
one such table of the corpus (003) is OCR of a scan: the columns are interleaved line by
line, a tall responsibility cell starts above its row's number, row numbers are misread or
lost. What holds it together:

* every criterion ends with its score ("0,5/1,75 điểm"): a row is complete once its score
  (and the "điểm" after it, which may follow on a later line) has been read;
* the responsibility column is narrow: a line without a score that is longer than that
  column holds criterion text (the start of the next criterion), with at most an agency
  list at its end; a shorter one is responsibility text;
* responsibility lines read after a row is complete belong to that row until a line opens
  a new agency list while the row's list is closed (not ending in "," "và" "các" ...): from
  there on they are the next row's cell, printed above its number.

Agencies are read with the role registries (:func:`.roles.agencies_in`), district lists are
expanded with the gazetteer (:func:`.agencies.matching.find_district_lists`); texts are
restored to Vietnamese spelling (:func:`.diacritics.restore_diacritics`), garbled words of a
criterion completed from the body's listing of the same criterion with the same score, and
the heading of a content row takes the reform-area label it names.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache, lru_cache
from importlib.resources import files

from rapidfuzz import fuzz

from .agencies.document import document_province
from .agencies.gazetteer import gazetteer
from .agencies.matching import DistrictNames, bigrams, find_district_lists, vocabulary
from .agencies.names import canonical_name, expand
from .agencies.text import normalise, repair_tokens
from .body_tasks import restore_ocr_text
from .context import Context
from .diacritics import Restored, restore_diacritics
from .model import Line, ShortcomingRecord, Span
from .reform_areas import vietnamese_labels
from .roles import AGENCY_HEAD, agencies_in, agency_phrase_end, fold_roles, is_ocr_text, restore_agency_phrase
from .textfold import fold, fold_same_length

Restore = Callable[[str], Restored]  # the diacritic restorer, or a document's memo of it

# Layout of the table, in characters of a printed line. The responsibility column holds at
# most ~36 characters a line; the criterion column ~90.
RIGHT_WIDTH = 40  # the longest line of the responsibility column
LEFT_LINE = 45  # a line without a score longer than this holds criterion text
LEFT_FULL = 65  # criterion text this long fills its column: an agency head after it is the next column
TITLE_REACH = 12  # lines from the appendix start where its title and column header are

# A score "0,5/1,75" (not part of a number like "152/2017/NĐ-CP"), and "điểm" after it
# ("diém", "didm", "di₫ém" in the OCR).
SCORE = re.compile(r"(?<![\d/.,])\d{1,2}(?:[.,]\d{1,2})?/\d{1,2}(?:[.,]\d{1,2})?(?![\d/])")
POINTS = re.compile(r"\s*di\S{0,3}m(?!\w)")
# "điểm" opening a line, after at most one stray letter ("d diém Thong tin ...").
POINTS_LINE = re.compile(r"^\W*(?:[a-z]\s+)?(di\S{0,3}m)(?!\w)")
# The row number opening a line ("2 |", "2|", "10 Ty lệ"), never a score's numerator.
ROW_NUMBER = re.compile(r"^\s*(\d{1,2})(?:\s*\|\s*|\s+)(?![/.,]?\d+/)")
# A roman numeral opening a line, with OCR look-alikes ("Il", "111", "V1", "v").
ROMAN = re.compile(r"^\s*([IVXivxl1|]{1,4})(?:\s*[|.]\s*|\s+)(?=\S)")
_ROMAN_LOOKALIKE = str.maketrans("ivxl1|", "IVXIII")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10}
ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# A cell border the OCR kept between the two columns.
BORDER = re.compile(r"\s\|\s")
# Junk at the edge of a cell line: table rules and stray marks ("| ", ") i ", "? ", "2 ").
LEADING_JUNK = re.compile(r"^(?:[\W_]+\s*|[a-z]\s+(?=[A-Z]))*")
TRAILING_JUNK = re.compile(r"(?:\s+(?:[\W\d_]+|[a-z]))+$|[\s|]+$")
QUOTES = '"“”'
# A list that is not finished where its line ends ("Sở Tư pháp, Sở", "các huyện, thành").
OPEN_END = re.compile(r"(?:[,;:(&\-–—]|\b(?:va|cac|cua|ve|voi|tai|theo|thanh|s\S?))\s*$")
# Characters only OCR garbage holds inside a word ("I%iﬁ;", "T}”{", "Chl:lgfén").
GARBLE = re.compile(r"[%{}\[\]<>~^$#*=+\\₫²³“”‘’:;(]")
# The comma before the next "Sở ..." of a list, as the OCR prints it ("56 Thong tin",
# "S Lao dong", "Se Van hoa", "S& Tu phap").
SO_LIST = re.compile(r",\s+(?=[S53]\S?\s+[A-ZĐ])")
# Clause ends in a cell: ";" and a full stop after a word (not "TP. Kon Tum").
SENTENCE = re.compile(r";|(?<=[a-zà-ỹđ]{2})\.(?=\s)")


@dataclass(frozen=True)
class _Wording:
    title: tuple[re.Pattern[str], ...]
    header: re.Pattern[str]
    section: tuple[tuple[re.Pattern[str], str], ...]
    opener: re.Pattern[str]
    stop: re.Pattern[str]
    qualifier: re.Pattern[str]


@cache
def _wording() -> _Wording:
    """The patterns of data/shortcomings.tsv."""
    raw = files("cchc_kg.loaders.data").joinpath("shortcomings.tsv").read_text(encoding="utf-8")
    kinds: dict[str, list[tuple[str, str]]] = {}
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, pattern, *spelling = line.split("\t")
        kinds.setdefault(kind, []).append((pattern, spelling[0] if spelling else ""))

    def one(kind: str) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p, _ in kinds[kind]))

    return _Wording(
        title=tuple(re.compile(p) for p, _ in kinds["title"]),
        header=one("header"),
        section=tuple((re.compile(p), s) for p, s in kinds["section"]),
        opener=one("opener"),
        stop=one("stop"),
        qualifier=one("qualifier"),
    )


# --------------------------------------------------------------------------------------
# Reading the table into rows
# --------------------------------------------------------------------------------------


@dataclass
class _Piece:
    start: int  # source offsets
    end: int
    text: str


@dataclass
class _Section:
    value: int
    printed: str
    heading: list[_Piece]

    @property
    def open_quote(self) -> bool:
        return sum(p.text.count(q) for p in self.heading for q in QUOTES) % 2 == 1


@dataclass
class _Row:
    section: _Section | None
    no: str | None
    left: list[_Piece] = field(default_factory=list)
    right: list[_Piece] = field(default_factory=list)
    scored: bool = False
    points: bool = False  # "điểm" read after the score
    roman: bool = False  # the content row itself is the shortcoming

    @property
    def complete(self) -> bool:
        return self.scored or self.roman


def _piece(line: Line, start: int, end: int) -> _Piece | None:
    """The stripped text of ``line.text[start:end]``, None when empty."""
    text = line.text[start:end]
    lead = len(text) - len(text.lstrip(" |"))
    text = text.strip(" |")
    if not text:
        return None
    return _Piece(line.start + start + lead, line.start + start + lead + len(text), text)


def _table_lines(ctx: Context) -> list[Line]:
    """The lines of the shortcomings table after its column header, or [] when the
    document's appendix is not one."""
    region = ctx.regions.appendix
    if region is None:
        return []
    first = ctx.seg.line_at(region[0]) - 1
    lines = [ln for ln in ctx.seg.lines[first:] if region[0] <= ln.start < region[1] and ln.text.strip()]
    w = _wording()
    head = lines[:TITLE_REACH]
    if not any(p.search(fold_roles(ln.text)) for ln in head for p in w.title):
        return []
    body = 0
    for k, ln in enumerate(head):
        if w.header.match(fold_roles(ln.text)):
            body = k + 1
            break
    return lines[body:]


def _roman(line: Line, expected: int) -> tuple[str, int] | None:
    """(printed numeral, offset after it) of a content row. Digit look-alikes ("111") count
    only before the section opener ("Nội dung"); letters must read as the expected numeral
    or be followed by the opener (the OCR prints VII as "VI")."""
    m = ROMAN.match(line.text)
    if m is None:
        return None
    printed = m.group(1)
    rest = fold_roles(line.text[m.end() :])
    opener = any(p.match(rest) for p, _ in _wording().section)
    if opener:
        return printed, m.end()
    letters = printed.isalpha() and (printed.isupper() or printed in ("v", "x"))
    if letters and _roman_value(printed) == expected:
        return printed, m.end()
    return None


def _roman_value(printed: str) -> int:
    values = [_ROMAN_VALUE[c] for c in printed.translate(_ROMAN_LOOKALIKE)]
    total = 0
    for k, v in enumerate(values):
        total += -v if k + 1 < len(values) and values[k + 1] > v else v
    return total


def _opens_cell(text: str) -> bool:
    folded = LEADING_JUNK.sub("", fold_roles(text)).lower()
    return bool(AGENCY_HEAD.match(folded) or _wording().opener.match(folded))


def _closed(pieces: list[_Piece]) -> bool:
    """The cell read so far ends a list (so a following agency line starts another cell)."""
    if not pieces:
        return False
    return OPEN_END.search(fold_roles(pieces[-1].text)) is None


def _right_start(text: str, province: str | None) -> int | None:
    """Where the responsibility column starts in a criterion line without a score: the
    first word from which the rest of the line is one agency list the registries know, or
    an agency head after a full criterion column. None when the whole line is criterion."""
    for m in re.finditer(r"(?<=\s)\S", text):
        p = m.start()
        rest = text[p:].rstrip(" .,;:|")
        if len(rest) > RIGHT_WIDTH:
            continue
        if p >= LEFT_FULL and _opens_cell(text[p:]):
            return p
        if (text[p].isupper() or text[p].isdigit()) and restore_agency_phrase(rest, province):
            return p
    return None


class _Reader:
    """The row state machine over the table lines (see the module docstring)."""

    def __init__(self, province: str | None) -> None:
        self.province = province
        self.rows: list[_Row] = []
        self.cur: _Row | None = None
        self.pending: list[_Piece] = []  # responsibility lines read after cur was complete
        self.section: _Section | None = None

    def feed(self, line: Line) -> None:
        expected = self.section.value + 1 if self.section else 1
        roman = _roman(line, expected)
        if roman is not None:
            self._section(line, expected, *roman)
            return
        if self._heading_continues(line):
            return
        number = ROW_NUMBER.match(line.text)
        pos = number.end() if number else 0
        body = line.text[pos:]
        folded = fold_roles(body)
        if number is not None:
            cur = self.cur
            if cur is not None and cur.no is None and cur.left and not cur.complete and not cur.roman:
                cur.no = number.group(1)  # its criterion started above the number
            else:
                self._new_row(number.group(1))
        cur = self.cur
        if cur is not None and cur.scored and not cur.points and number is None:
            pm = POINTS_LINE.match(folded)
            if pm is not None:
                self._flush()
                word = _piece(line, pos + pm.start(1), pos + pm.end(1))
                assert word is not None
                cur.left.append(word)
                cur.points = True
                self._right(_piece(line, pm.end(), len(line.text)), direct=True)
                return
        score = SCORE.search(folded)
        if score is not None:
            end = score.end()
            pts = POINTS.match(folded, end)
            if pts is not None:
                end = pts.end()
            self._left(_piece(line, pos, pos + end), scored=True, points=pts is not None)
            self._right(_piece(line, pos + end, len(line.text)), direct=True)
            return
        border = BORDER.search(body)
        if border is not None and number is not None:
            self._left(_piece(line, pos, pos + border.start()))
            self._right(_piece(line, pos + border.end(), len(line.text)), direct=True)
            return
        if len(line.text.strip()) > LEFT_LINE:
            split = _right_start(body, self.province)
            cut = len(body) if split is None else split
            self._left(_piece(line, pos, pos + cut))
            if split is not None:
                self._right(_piece(line, pos + split, len(line.text)), direct=True)
            return
        self._right(_piece(line, pos, len(line.text)), direct=number is not None)

    def finish(self) -> list[_Row]:
        self._flush()
        return self.rows

    # -- steps ---------------------------------------------------------------------------

    def _section(self, line: Line, value: int, printed: str, after: int) -> None:
        self._flush()
        self.cur = None
        rest = line.text[after:]
        section = _Section(value, printed, [])
        self.section = section
        if any(p.match(fold_roles(rest)) for p, _ in _wording().section):
            piece = _piece(line, after, len(line.text))
            section.heading = [piece] if piece else []
            return
        # A content row without sub-rows names its own responsible unit at its end.
        split = _right_start(rest, self.province)
        head = _piece(line, after, after + (len(rest) if split is None else split))
        section.heading = [head] if head else []
        row = _Row(section, None, roman=True, scored=False)
        row.left = list(section.heading)
        self.rows.append(row)
        self.cur = row
        if split is not None:
            self._right(_piece(line, after + split, len(line.text)), direct=True)

    def _heading_continues(self, line: Line) -> bool:
        """The second line of a content heading ('... cán bộ, công chức, viên' / 'chức"':')."""
        s = self.section
        if s is None or self.cur is not None or not s.open_quote or self.pending:
            return False
        text = line.text.strip()
        if len(text) > RIGHT_WIDTH or not any(q in text for q in QUOTES) or ROW_NUMBER.match(line.text):
            return False
        piece = _piece(line, 0, len(line.text))
        if piece is not None:
            s.heading.append(piece)
        return True

    def _new_row(self, no: str | None) -> None:
        row = _Row(self.section, no)
        cur = self.cur
        if cur is None:
            row.right.extend(self.pending)
        else:
            # The pending lines from the first one opening a list after a closed one on
            # are the new row's cell, printed above its first line.
            k = len(self.pending)
            for i, piece in enumerate(self.pending):
                if _opens_cell(piece.text) and _closed(cur.right + self.pending[:i]):
                    k = i
                    break
            cur.right.extend(self.pending[:k])
            row.right.extend(self.pending[k:])
        self.pending = []
        self.rows.append(row)
        self.cur = row

    def _flush(self) -> None:
        if self.cur is not None:
            self.cur.right.extend(self.pending)
            self.pending = []

    def _left(self, piece: _Piece | None, *, scored: bool = False, points: bool = False) -> None:
        if piece is None:
            return
        cur = self.cur
        if cur is None or cur.complete:
            self._new_row(None)
            cur = self.cur
            assert cur is not None
        else:
            self._flush()
        cur.left.append(piece)
        cur.scored = cur.scored or scored
        cur.points = cur.points or points

    def _right(self, piece: _Piece | None, *, direct: bool) -> None:
        if piece is None:
            return
        cur = self.cur
        if cur is not None and (direct or not cur.complete):
            self._flush()
            cur.right.append(piece)
        else:
            self.pending.append(piece)


def _renumber(rows: list[_Row]) -> dict[int, str]:
    """Row numbers misread by the OCR ("9" between 1 and 3): the corrected number by row
    index; the printed one stays in the record (``no_as_printed``)."""
    fixed: dict[int, str] = {}
    for k, row in enumerate(rows):
        if row.no is None or k == 0 or k + 1 >= len(rows):
            continue
        prev, nxt = rows[k - 1], rows[k + 1]
        if prev.section is not row.section or nxt.section is not row.section:
            continue
        if prev.no is None or nxt.no is None:
            continue
        want = int(fixed.get(k - 1, prev.no)) + 1
        if int(row.no) != want and int(nxt.no) == want + 1:
            fixed[k] = str(want)
    return fixed


# --------------------------------------------------------------------------------------
# Texts
# --------------------------------------------------------------------------------------


def _section_label(section: _Section, restore: Restore = restore_diacritics) -> str:
    """'II. Nội dung "Công tác chỉ đạo, điều hành cải cách hành chính"'. ``restore``: the
    diacritic restorer (the document's memo, :meth:`.Context.restore`, in the pipeline)."""
    roman = ROMANS[section.value - 1] if section.value <= len(ROMANS) else str(section.value)
    text = " ".join(p.text for p in section.heading)
    folded = fold_roles(text)
    for pattern, spelling in _wording().section:
        m = pattern.match(folded)
        if m is None:
            continue
        name = text[m.end() :].strip(" :'\"“”")
        name = re.sub(r"[\"“”']+\s*:?\s*$", "", name).strip(" '\"“”")
        return f'{roman}. {spelling} "{_area_name(name, restore)}"'
    return f"{roman}. {restore(text).text}"


def _area_name(printed: str, restore: Restore) -> str:
    """The reform-area label a content heading names, else its restored text."""
    key = fold(fold_roles(printed))
    best, score = None, 0.0
    for folded, label in vietnamese_labels():
        s = fuzz.ratio(key, folded)
        if s > score:
            best, score = label, s
    return best if best is not None and score >= 85 else restore(printed).text


def _criterion(row: _Row) -> str:
    """The printed criterion text (OCR form), right-column junk and stray marks dropped."""
    text = re.sub(r"\s+", " ", " ".join(p.text for p in row.left)).strip()
    if row.points and row.scored:
        # "... 0,25/0,5 d diém": the stray letter before "điểm" goes.
        text = re.sub(r"\s+\S\s+(di\S{0,3}m)$", r" \1", text)
    # Right-column junk after a criterion line's colon ("chức:  NTAC 0,83/01") and stray
    # marks of a table rule ("công lập \\ . n thuộc tỉnh").
    text = re.sub(r":\s+[A-Z]{2,6}\s+(?=\d)", ": ", text)
    text = re.sub(r"\s+[\\/.]+(?:\s+[\\/.a-z])*\s+(?=[a-z])", " ", text)
    return re.sub(r"\s+di\S{0,3}m$", " diem", text)


def _clean_start(text: str) -> str:
    """Marks before the first word (a garbled start nothing could complete); a capital I
    inside a lower-case word read as l ("s6 Iugng" = "số lượng")."""
    text = LEADING_JUNK.sub("", text) if not text[:1].isalnum() else text
    return re.sub(r"(?<=\s)I(?=[a-z])", "l", text)


# --------------------------------------------------------------------------------------
# Completing garbled words from the body's listing of the same criterion
# --------------------------------------------------------------------------------------

_BODY_CRITERION = re.compile(
    r"^\W*(?P<text>.+?)(?:\s*\([^()]*\))?\s*:\s*[\d.,]+\s*di\S{0,3}m\s*\((?P<was>[^()]*)\)"
)
_TOKEN = re.compile(r"\S+")
# The part of _BODY_CRITERION after the criterion text (a look-ahead: every colon that
# opens one is found, even inside another's match).
_SCORE_THEN_WAS = re.compile(r":(?=\s*[\d.,]+\s*di\S{0,3}m\s*\()")


def _body_criteria(ctx: Context) -> list[tuple[str, str]]:
    """(criterion text, achieved score) of the body's items of the form "- X: 0,25 điểm
    (năm 2018 chỉ đạt 0/0,25 điểm)"."""
    out: list[tuple[str, str]] = []
    appendix = ctx.regions.appendix
    end = appendix[0] if appendix is not None else len(ctx.text)
    # Where the body prints ": 0,25 điểm (" (what every such item holds; on the document's
    # folded text, where its spaces may be line breaks): only the blocks holding one are
    # read, instead of every block of the body.
    marks = [m.start() for m in _SCORE_THEN_WAS.finditer(ctx.seg.folded, 0, end)]
    for block in ctx.seg.blocks:
        if appendix is not None and block.span.start >= appendix[0]:
            break
        k = bisect_left(marks, block.span.start)
        if k == len(marks) or marks[k] >= block.span.end:
            continue
        if SCORE.search(block.text) is None:
            continue
        m = _BODY_CRITERION.match(fold_roles(block.text))
        if m is None:
            continue
        score = SCORE.search(m.group("was"))
        if score is not None:
            out.append((block.text[m.start("text") : m.end("text")], score.group(0)))
    return out


# The shape of a Vietnamese syllable without its diacritics: a word outside it is an OCR
# misreading ("nhqgn", "hiér}xkét").
SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?$"
)


# OCR glyphs for letters (the digits and pairs diacritics.restore_diacritics reads as them).
_GLYPH_LETTERS = str.maketrans("1|6084&¢§", "lloeaaooo")
_GLYPH_PAIRS = re.compile(r"ir|tt|ii|w")


@lru_cache(maxsize=8192)
def _garbled(token: str) -> bool:
    """A printed word no Vietnamese word or number reads as, even with the OCR's usual
    glyphs ("1é" = lệ, "d6" = độ, "tir" = từ are fine; "nhqgn", "I(;Iiléillo" are not)."""
    core = token.strip(",.:;()\"'")
    if not core or GARBLE.search(core):
        return bool(core)
    if (core.isupper() and core.isalpha()) or re.fullmatch(r"[\d.,/%-]+", core) or re.search(r"\d/", core):
        return False  # an acronym (TTHC, CCHC), a number, a document number (152/2017/NĐ-CP)
    if not any(c.isalpha() for c in core):
        return True  # glyphs only ("¢6")
    letters = _GLYPH_PAIRS.sub("u", fold_same_length(core).lower().translate(_GLYPH_LETTERS))
    words = [w for w in re.split(r"[-/]", letters) if w]
    return any(not SYLLABLE.match(w) for w in words)


def _complete(printed: str, score: re.Match[str] | None, body: list[tuple[str, str]]) -> str:
    """``printed`` with its garbled words replaced by the words of the body's criterion
    that has the same score and the closest wording (aligned word by word); the score and
    what follows it stay as printed."""
    if score is None:
        return printed
    head, tail = printed[: score.start()], printed[score.start() :]
    toks, keys = _token_keys(head)
    if not any(_garbled(t) for t in toks):
        return printed
    best: tuple[float, SequenceMatcher[str], tuple[str, ...], tuple[str, ...]] | None = None
    for text, was in body:
        if was != score.group(0):
            continue
        other, other_keys = _token_keys(text)
        sm = _matcher(text)
        sm.set_seq1(keys)
        # ratio() is at most quick_ratio(), itself at most real_quick_ratio() (the
        # lengths alone): a criterion they rule out is not aligned word by word at all
        bound = sm.real_quick_ratio()
        if bound < 0.5 or (best is not None and bound <= best[0]):
            continue
        bound = sm.quick_ratio()
        if bound < 0.5 or (best is not None and bound <= best[0]):
            continue
        ratio = sm.ratio()
        if ratio >= 0.5 and (best is None or ratio > best[0]):
            best = (ratio, sm, other, other_keys)
    if best is None:
        return printed
    _, sm, other, other_keys = best
    out: list[str] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "replace":
            out.extend(toks[i1:i2])
        elif i2 - i1 == j2 - j1:
            # word for word: a stretch holding a garbled word is damaged as a whole ("Poac
            # nhqgn" for "hodc nhém" = "hoặc nhóm"): it takes the body's words, but not a
            # word the body's OCR printed shorter ("s" for "sO" = "số")
            damaged = any(_garbled(t) for t in toks[i1:i2])
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                t, o = toks[i], other[j]
                keep = not damaged or (not _garbled(t) and len(other_keys[j]) < len(keys[i]))
                out.append(t if keep else _punctuated(o, t))
        elif any(_garbled(t) for t in toks[i1:i2]) and not any(_garbled(o) for o in other[j1:j2]):
            out.extend([*other[j1 : j2 - 1], _punctuated(other[j2 - 1], toks[i2 - 1])])
        else:
            out.extend(toks[i1:i2])
    return " ".join(out) + " " + tail


@lru_cache(maxsize=256)
def _matcher(text: str) -> SequenceMatcher[str]:
    """A matcher against the words of a body criterion: it indexes its second sequence
    once, and each row is then set as the first (``set_seq1`` keeps that index)."""
    return SequenceMatcher(None, (), _token_keys(text)[1], autojunk=False)


def _punctuated(word: str, printed: str) -> str:
    """``word`` with the colon or comma ``printed`` ends with ("bd" for "bo:" → "bd:")."""
    trail = printed[len(printed.rstrip(",:")) :][-1:]
    return word.rstrip(",.:;") + trail


_NOT_KEY = re.compile(r"[^a-z0-9]")


def _key(token: str) -> str:
    """A word's letters for alignment (OCR look-alikes read as letters)."""
    return _NOT_KEY.sub("", fold_roles(token).replace("1", "l"))


@lru_cache(maxsize=256)
def _token_keys(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of ``text`` and their :func:`_key` (folded once for the whole text: the
    fold keeps every length, so the words' offsets hold in it)."""
    folded = fold_roles(text).replace("1", "l")
    spans = [m.span() for m in _TOKEN.finditer(text)]
    return tuple(text[a:b] for a, b in spans), tuple(_NOT_KEY.sub("", folded[a:b]) for a, b in spans)


# --------------------------------------------------------------------------------------
# The responsible units
# --------------------------------------------------------------------------------------


def _cell(row: _Row) -> str:
    text = " ".join(p.text for p in row.right)
    text = LEADING_JUNK.sub("", text.replace("‘", " "))  # "cấp‘huyện" ("’" is H’Drai's)
    text = TRAILING_JUNK.sub("", text)
    return re.sub(r"\s+", " ", text).strip(" |")


def _responsible(
    cell: str, province: str | None, slug: str | None, ocr: bool, restore: Restore = restore_diacritics
) -> tuple[list[str], str]:
    """Canonical agencies of a responsibility cell and the cell in Vietnamese spelling:
    clause by clause (";" and "."), the opener words dropped, the list ended at its
    predicate, a district list expanded. ``restore`` as in :func:`_section_label`."""
    w = _wording()
    names: list[str] = []
    raw: list[str] = []
    parts = SENTENCE.split(cell)
    for k, clause in enumerate(parts):
        if k:
            raw.append(_separator(cell, parts, k))
        clause = clause.strip(" ,")
        folded = fold_roles(clause)
        start = 0
        if m := w.opener.match(folded):
            start = m.end()
        found, spelled = _clause(clause, start, province, slug, ocr, restore)
        names.extend(n for n in found if n not in names)
        raw.append(spelled)
    return names, "".join(raw)


def _separator(cell: str, parts: list[str], k: int) -> str:
    """The separator printed before clause ``k`` ("; " or ". ")."""
    at = sum(len(p) + 1 for p in parts[:k]) - 1
    return cell[at] + " "


def _clause(
    clause: str, start: int, province: str | None, slug: str | None, ocr: bool, restore: Restore
) -> tuple[list[str], str]:
    """The agencies of one clause of a cell (from ``start``, after its opener words) and
    the clause in Vietnamese spelling."""
    w = _wording()
    districts = _district_list(clause[start:], slug, ocr)
    if districts is not None:
        labels, list_start, list_end = districts
        list_start += start
        list_end += start
        # The last piece of the list runs on to the clause's predicate ("Ia H'Drai chịu
        # trách nhiệm về ...").
        if (stop := w.stop.search(fold_roles(clause), list_start)) is not None and stop.start() < list_end:
            list_end = stop.start()
        colon = clause.rfind(":", 0, list_end)
        intro_end = colon + 1 if colon >= list_start - 12 and colon >= 0 else list_start
        city = "TP. " if re.search(r"\bTP\b", clause) else "thành phố "
        shown = [
            _LOCAL.sub(lambda m: (city if m.group(1) == "thành phố" else "") + m.group(2), n) for n in labels
        ]
        spelled = f"{_spell(clause[:intro_end], province, ocr, restore)} {', '.join(shown)}"
        if clause[list_end:].strip():
            spelled += " " + _spell(clause[list_end:].strip(), province, ocr, restore)
        return labels, spelled
    folded = fold_roles(clause)
    end = len(clause)
    if stop := w.stop.search(folded, start):
        end = stop.start()
    qualifier = None
    for q in re.finditer(r"(?<=\s)\S", clause[:end]):
        if q.start() > start and w.qualifier.match(folded, q.start()):
            qualifier = clause[q.start() : end].strip(" ,.")
            end = q.start()
            break
    end = start + agency_phrase_end(clause[start:end])
    # The role registries read OCR names spelled out ("UBND" → "Ủy ban nhân dân"), one
    # "Sở ..." at a time (their fuzzy match would read "Sở Tư pháp, Sở Thông tin và
    # Truyền thông" with a lost letter as the second name alone).
    found = [
        _canonical(name, slug, restore)
        for part in SO_LIST.split(expand(clause[start:end]))
        for name in agencies_in(part, ocr=ocr, province=province).names
    ]
    if qualifier and len(found) == 1:
        found = [f"{found[0]} {_spell(qualifier, province, ocr, restore)}"]
    found = list(dict.fromkeys(found))
    rest = clause[end:].strip(" .,;:")
    if found and start == 0 and (not rest or rest == qualifier):
        # The clause is the list itself: its names as read ("36 Tai chinh" = Sở Tài chính).
        return found, ", ".join(found)
    return found, _spell(clause, province, ocr, restore)


def _spell(text: str, province: str | None, ocr: bool, restore: Restore) -> str:
    """OCR text in Vietnamese spelling (agency names from the registries)."""
    return restore_ocr_text(text, province, restore)[0] if ocr and text.strip() else text


def _district_list(clause: str, slug: str | None, ocr: bool) -> tuple[list[str], int, int] | None:
    """The district committees of a district list in ``clause``, in printed order, and
    where the list is printed. Read on the OCR-repaired text ("bak Ha" → "dak ha") and on
    the text as printed (the repair reads "Kon Ry" as "kon uy", which no longer looks like
    Kon Rẫy): the union."""
    if clause.count(",") < 2:  # a list has three names at least
        return None
    nt = normalise(clause, ocr=ocr)
    names = DistrictNames(slug, ocr)  # the province's district names, with a memo for this clause
    repaired = find_district_lists(repair_tokens(nt, vocabulary(slug), bigrams(slug)) if ocr else nt, names)
    if not repaired:
        return None
    out = list(dict.fromkeys(m.label for m in repaired))
    previous: str | None = None
    for label in dict.fromkeys(m.label for m in find_district_lists(nt, names)):
        if label not in out:
            out.insert(out.index(previous) + 1 if previous in out else 0, label)
        previous = label
    start, end = nt.source_span(min(m.start for m in repaired), max(m.end for m in repaired))
    return out, start, end


_LOCAL = re.compile(r"^Ủy ban nhân dân (huyện|thành phố|thị xã) (.+)$")


def _canonical(name: str, slug: str | None, restore: Restore) -> str:
    """An agency kept as printed by the role registries in Vietnamese spelling ("Ban Dan
    tdc" → "Ban Dân tộc"); a district committee with the gazetteer's district name."""
    m = _LOCAL.match(name)
    if m is not None:
        district = _district(m.group(2), slug)
        return f"Ủy ban nhân dân {district[1]} {district[0]}" if district else name
    if name.isascii():  # kept as printed in OCR text
        return canonical_name(restore(name).text)
    return name


def _district(printed: str, slug: str | None) -> tuple[str, str] | None:
    """(name, kind) of the province's district ``printed`` names ("Ta H'Drai" → Ia H'Drai)."""
    key = fold(fold_roles(printed))
    best, score = None, 0.0
    for d in gazetteer().districts.get(slug or "", ()):
        s = fuzz.ratio(key, fold(d.name))
        if s > score:
            best, score = d, s
    return (best.name, best.kind) if best is not None and score >= 75 else None


# --------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------


def extract_shortcomings(ctx: Context) -> list[ShortcomingRecord]:
    """The rows of the document's shortcomings appendix (gold README §8); [] without one."""
    lines = _table_lines(ctx)
    if not lines:
        return []
    province = ctx.province
    slug = document_province(ctx)
    reader = _Reader(province)
    for line in lines:
        reader.feed(line)
    rows = [r for r in reader.finish() if r.left and r.section is not None]
    sections = {id(r.section): r.section for r in rows if r.section is not None}
    # Restorations go through the document's memo (the column repeats its wording down the
    # rows, "trách nhiệm chung của các sở, ngành, ..."; the stages before restored some too).
    restore = ctx.restore
    labels = {key: _section_label(section, restore) for key, section in sections.items()}
    printed_sections = {
        key: " ".join([section.printed, *(p.text for p in section.heading)])
        for key, section in sections.items()
    }
    fixed = _renumber(rows)
    body = _body_criteria(ctx)
    # OCR without diacritics or not, judged on the table itself (a few thousand characters).
    ocr = is_ocr_text("\n".join(ln.text for ln in lines))
    cells = [_cell(r) for r in rows]
    out: list[ShortcomingRecord] = []
    for k, row in enumerate(rows):
        assert row.section is not None
        extra: dict[str, object] = {}
        notes: list[str] = []
        printed = _criterion(row)
        completed = printed if row.roman else _complete(printed, SCORE.search(printed), body)
        if completed != printed:
            notes.append("garbled words completed from the body's listing of the criterion")
        completed = _clean_start(completed)
        text = restore(completed).text if ocr else completed
        # Garbage inside words ("I(;Iiléillo", "T}”{"), not a misread letter ("dugc"): part
        # of the row could not be read as printed.
        garbage = any(GARBLE.search(t.strip(",.:;()")) for t in f"{printed} {cells[k]}".split())
        borrowed = _borrow(cells, rows, k)
        cell = cells[k if borrowed is None else borrowed]
        responsible, raw = _responsible(cell, province, slug, ocr, restore) if cell else ([], None)
        if borrowed is not None:
            notes.append("responsibility cell garbled; completed from the same wording in the row beside it")
        no = fixed.get(k, row.no)
        if k in fixed:
            extra["no_as_printed"] = row.no
            notes.append("row number misread by the OCR")
        lost = row.no is None and not row.roman  # a content row has no number of its own
        recovery = "partial" if (garbage or k in fixed or borrowed is not None or lost) else "clear"
        if notes:
            extra["note"] = "; ".join(notes)
        if ocr:
            extra["text_as_printed"] = printed
            extra["section_as_printed"] = printed_sections[id(row.section)]
        start = min(p.start for p in row.left + row.right)
        end = max(p.end for p in row.left + row.right)
        out.append(
            ShortcomingRecord(
                section=labels[id(row.section)],
                no=no,
                text=text,
                responsible=responsible,
                responsible_raw=raw,
                recovery=recovery,
                span=Span(start, end, ctx.seg.line_at(start)),
                extra=extra,
            )
        )
    return out


def _borrow(cells: list[str], rows: list[_Row], k: int) -> int | None:
    """A garbled responsibility cell whose first and last words are those of the cell of
    the row before or after it (the same wording repeated down the column): that row."""
    cell = cells[k]
    if not any(len(GARBLE.findall(t)) >= 2 for t in cell.split()):
        return None
    words = _key_words(cell)
    for j in (k - 1, k + 1):
        if 0 <= j < len(rows) and rows[j].section is rows[k].section:
            other = _key_words(cells[j])
            if len(other) >= 5 and _alike(other[:3], words[:3]) and _alike(other[-2:], words[-2:]):
                return j
    return None


def _key_words(cell: str) -> list[str]:
    return [k for k in (_key(t) for t in cell.split()) if k]


def _alike(a: list[str], b: list[str]) -> bool:
    """The same words up to OCR noise ("nhiém" / "nhi¢m")."""
    return fuzz.ratio(" ".join(a), " ".join(b)) >= 80
