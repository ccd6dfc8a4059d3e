"""Document metadata: kind, number, issuer, province, date, signer, title, draft, period,
attachment (gold README §3). Pure, apart from reading the packaged gazetteers once.

A Quyết định that issues a plan yields two records, the decision first; the plan is either
appended after the decision's signature (its own kind line and title) or embedded in
Điều 1. Patterns run on folded text (:mod:`.textfold`) so that OCR text without
diacritics ("S6: 1631 /KH-UBND", "ngay 28thang 6 ndm 2079", "KE HOACH") reads like print.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from rapidfuzz import fuzz

from .context import Context
from .dates import FoundDate, find_long_date, iso_date, repair_year
from .model import DocumentRecord, Line, Span
from .regions import looks_like_name
from .segment import join_text
from .textfold import CharCodec, fold, fold_same_length, words_of_folded

_CELL_END = "|"
_HEADER_LINES = 40  # the kind line is printed within the first lines of the document
_TITLE_MAX_LINES = 8

# ---------------------------------------------------------------------------------------
# Patterns (folded text unless said otherwise)
# ---------------------------------------------------------------------------------------
# "Số:", OCR "S6:", "Sb:", "Sé:", "Sd:"
NUMBER_LABEL = re.compile(r"\bs[o06bed]\s*:")
# The number after the label, on the ORIGINAL text: digits (maybe blank) / ký hiệu whose
# parts are joined by "-", "/" or "." (spaces around them tolerated: "474/QĐ- UBND").
NUMBER_BODY = re.compile(
    r"(?P<num>[0-9]*[a-z]?)\s*/\s*(?P<sym>[A-Za-zĐđÐ0-9&]+(?:\s*[-/.]\s*[A-Za-zĐđÐ0-9&]+)*)"
)
# What ends a title (besides a blank or "|" line): the preamble, an issuing-authority line,
# the "(Ban hành) kèm theo" line, the draft mark, a section or article heading.
_TITLE_STOP = re.compile(
    r"^\s*(?:can\s+c\S{0,3}\b|thuc\s+hien\b|xet\s+de\s+nghi|theo\s+de\s+nghi|uy\s+ban\s+nhan\s+dan\b"
    r"|hoi\s+dong\s+nhan\s+dan\b|\((?:ban\s+hanh\s+)?kem\s+theo|\(du\s+thao|(?:[ivx]+|\|)\.\s|dieu\s+\d"
    r"|quyet\s+dinh\s*:)"
)
_DRAFT = re.compile(r"\bdu\s+thao\b")
_ISSUES_PLAN = re.compile(r"ban\s+hanh\s+kem\s+theo\s+quyet\s+dinh\s+nay\s+")
_ARTICLE = re.compile(r"(?m)^\s*dieu\s+(\d+)\s*\.")
_ROMAN_HEADING = re.compile(r"(?m)^\s*[ivx]+\.\s+\S")
# Period: "giai đoạn 2021 - 2025", "năm 2021" (not "đến năm 2030"), horizons "đến năm 2030".
_PERIOD_RANGE = re.compile(r"\bgiai doan (\d{4}) (\d{4})\b")
_PERIOD_YEAR = re.compile(r"(?<!\bden )\bnam (\d{4})\b")
_HORIZON = re.compile(r"\bden nam (\d{4})\b")
_CAPACITY = re.compile(r"\b(pho\s+)?(chu\s+tich|giam\s+doc|truong\s+ban|bo\s+truong|chanh\s+van\s+phong)\b")
_SIGN_KT = re.compile(r"(?:^|\s)kt\.")
_SIGN_TM = re.compile(r"(?:^|\s)tm\.")
# Compiled here rather than through re's cache at each call: a pattern first met on a
# document was compiled during its extraction (and the cache lookup costs a call too).
_NUMBER_LABEL_PRINTED = re.compile(r"^\s*(?:s[oố06bdéè]|S[oố06bdéè])\s*:?\s*(?=\d|/)", re.I)
_SPACES = re.compile(r"\s+")
_OCR_SLASH_I = re.compile(r"(?<=[A-Z]{2})I(?=TW$|TU$)")
_NUMBER_PARTS = re.compile(r"([-/])")
_HORIZON_PRINTED = re.compile(r"đến năm \d{4}(?:, định hướng đến năm \d{4})?")
_SENTENCE_TITLE_END = re.compile(r"\s+voi\s+cac\s+noi\s+dung|\s*:|\.(?=\s|$)")
_PROVINCE_PREFIX = {"tỉnh": "tinh", "thành phố": "thanh pho"}
_BODIES = (("uy ban nhan dan", "Ủy ban nhân dân"), ("hoi dong nhan dan", "Hội đồng nhân dân"))
# Share of words with a Vietnamese diacritic below which the text is OCR without them.
_DIACRITIC_SHARE_OCR = 0.35
_NAME_MATCH = 85.0


# ---------------------------------------------------------------------------------------
# Gazetteers
# ---------------------------------------------------------------------------------------


def _rows(name: str) -> list[list[str]]:
    text = files("cchc_kg.loaders.data").joinpath(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.reader(lines, delimiter="\t"))


@lru_cache(maxsize=1)
def _provinces() -> tuple[tuple[str, str], ...]:
    """(name, "tỉnh" | "thành phố"), longest name first."""
    return tuple(sorted(((r[0], r[1]) for r in _rows("provinces.tsv")), key=lambda p: -len(p[0])))


@lru_cache(maxsize=1)
def _kinds() -> tuple[tuple[str, str], ...]:
    """(folded kind line, kind name)."""
    return tuple((fold(r[0]).strip(), r[0]) for r in _rows("document_kinds.tsv"))


@lru_cache(maxsize=1)
def _province_keys() -> tuple[tuple[str, str, str], ...]:
    """(name, unit, " tinh kon tum "): what a folded issuer line holds for each province,
    made once (it was folded again for every document)."""
    return tuple(
        (name, unit, f" {_PROVINCE_PREFIX[unit]} {fold(name).strip()} ") for name, unit in _provinces()
    )


@lru_cache(maxsize=1)
def _signers() -> tuple[tuple[str, str], ...]:
    """(name, province) of the persons gazetteer."""
    return tuple((r[0], r[1]) for r in _rows("signers.tsv"))


@lru_cache(maxsize=1)
def _d_restore() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    exact: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for printed, restored in _rows("symbol_d_restore.tsv"):
        if printed.endswith("*"):
            prefixes.append((printed[:-1], restored))
        else:
            exact[printed] = restored
    return exact, tuple(prefixes)


# ---------------------------------------------------------------------------------------
# Number canonicalisation (gold README §3)
# ---------------------------------------------------------------------------------------


def canonical_number(printed: str) -> str | None:
    """The canonical số/ký hiệu, or None when the numeric part is blank.

    >>> canonical_number("Số: 4514 /KH-UBND"), canonical_number("S6: 1631 /KH-UBND")
    ('4514/KH-UBND', '1631/KH-UBND')
    >>> canonical_number("474/QD- UBND"), canonical_number("75/QD-BCDCCHC"), canonical_number("Số: /KH-UBND")
    ('474/QĐ-UBND', '75/QĐ-BCĐCCHC', None)
    """
    s = _NUMBER_LABEL_PRINTED.sub("", printed.strip())
    s = _SPACES.sub("", s).replace("Ð", "Đ")
    s = _OCR_SLASH_I.sub("/", s)  # OCR "NQITW" for "NQ/TW"
    if not s or s.startswith("/"):
        return None
    exact, prefixes = _d_restore()
    parts = _NUMBER_PARTS.split(s)
    out: list[str] = []
    for part in parts:
        if part in exact:
            part = exact[part]
        else:
            for printed_prefix, restored in prefixes:
                if part.startswith(printed_prefix) and part.isupper():
                    part = restored + part[len(printed_prefix) :]
                    break
        out.append(part)
    return "".join(out)


# ---------------------------------------------------------------------------------------
# The header of one document
# ---------------------------------------------------------------------------------------


@dataclass
class _Header:
    kind: str | None = None
    kind_line: int | None = None  # index into lines
    title: str | None = None
    title_end_line: int | None = None
    number: str | None = None
    number_as_printed: str | None = None
    is_draft: bool = False
    issuer: str | None = None
    province: str | None = None


def extract_documents(ctx: Context) -> list[DocumentRecord]:
    text = ctx.text
    regions = ctx.regions
    lines = ctx.seg.lines_touching(regions.doc_start, regions.doc_end)
    if not lines:
        return []
    header = _read_header(text, lines, 0)
    if header.kind is None:
        return []
    signature = _first_signature_after(regions.signatures, lines[header.title_end_line or 0].end)
    signer, capacity, signer_printed = _signer(text, signature, header.province)
    period, period_raw = _period(header.title or "", ctx.seg.folded[regions.doc_start : regions.doc_end])
    header_years = _years(period)
    date: str | None = None
    extra: dict[str, Any] = {}
    found = _header_date(text, lines, header)
    if found is not None:
        year = repair_year(found[0].year, header_years)
        date = iso_date(year, found[0].month, found[0].day) if found[0].month and found[0].day else None
        if year != found[0].year:
            extra["date_as_printed"] = found[1]
        if date is None and found[0].month is not None:
            extra["date_partial"] = f"{year:04d}-{found[0].month:02d}"
    if header.number_as_printed and header.number_as_printed != header.number:
        extra["number_as_printed"] = header.number_as_printed
    if signer_printed and signer_printed != signer:
        extra["signer_as_printed"] = signer_printed
    if period_raw:
        extra["period_raw"] = period_raw
    first = DocumentRecord(
        kind=header.kind,
        number=header.number,
        issuer=header.issuer,
        province=header.province,
        date=date,
        signer=signer,
        signer_capacity=capacity,
        title=header.title,
        is_draft=header.is_draft,
        period=period,
        attached_to=None,
        span=ctx.seg.span(regions.doc_start, regions.doc_end),
        extra=extra,
    )
    docs = [first]
    plan = _issued_plan(ctx, lines, first, signature)
    if plan is not None:
        docs.append(plan)
    return docs


def _read_header(text: str, lines: list[Line], start: int) -> _Header:
    """Kind, title, number, date, draft mark, issuer and province of the document whose
    header begins at ``lines[start]``."""
    h = _Header()
    stop = min(len(lines), start + _HEADER_LINES)
    kinds = dict(_kinds())
    for k in range(start, stop):
        raw = lines[k].text.strip()
        key = fold(raw).strip()
        if key in kinds and raw.upper() == raw:
            h.kind, h.kind_line = kinds[key], k
            break
    if h.kind_line is None:
        return h
    h.title, h.title_end_line = _title(lines, h.kind_line + 1)
    top = text[lines[start].start : lines[h.kind_line].start]
    top_folded = fold_same_length(top)
    h.is_draft = bool(_DRAFT.search(top_folded))
    label = NUMBER_LABEL.search(top_folded)
    if label:
        body = NUMBER_BODY.match(
            top, label.end() + len(top[label.end() :]) - len(top[label.end() :].lstrip())
        )
        if body:
            h.number = canonical_number(body.group(0))
            printed = _SPACES.sub(" ", body.group(0)).strip()
            if h.number is None or top[label.start() : label.start() + 3].casefold() not in ("số:", "số "):
                printed = _SPACES.sub(" ", top[label.start() : body.end()]).strip()
            h.number_as_printed = printed
    kind_word: str | None = None
    issuer_folded = fold(top)
    body_name = next((name for key, name in _BODIES if f" {key} " in issuer_folded), None)
    for name, unit, key in _province_keys():
        if key in issuer_folded:
            h.province, kind_word = name, unit
            break
    if body_name and h.province:
        h.issuer = f"{body_name} {kind_word} {h.province}"
    return h


def _header_date(text: str, lines: list[Line], h: _Header) -> tuple[FoundDate, str] | None:
    """The place-date line of the header: (FoundDate, as printed)."""
    if h.kind_line is None:
        return None
    top = text[lines[0].start : lines[h.kind_line].start]
    found = find_long_date(fold_same_length(top))
    if found is None:
        return None
    return found, _SPACES.sub(" ", top[found.start : found.end]).strip()


def _title(lines: list[Line], k: int) -> tuple[str | None, int]:
    """The title lines from ``lines[k]``: the first is always taken; an upper-case title
    stops at the first line in lower case (the preamble)."""
    taken: list[str] = []
    last = k - 1
    upper_title = False
    j = k
    while j < len(lines) and len(taken) < _TITLE_MAX_LINES:
        raw = lines[j].text.strip()
        if not raw:
            j += 1
            continue
        if raw == _CELL_END:
            break
        folded = fold_same_length(raw)
        if taken and (_TITLE_STOP.match(folded) or (upper_title and raw.upper() != raw)):
            break
        if not taken:
            upper_title = raw.upper() == raw
        taken.append(raw)
        last = j
        j += 1
    return (join_text(taken) or None), max(last, k - 1)


def _period(title: str, body_folded: str) -> tuple[str | None, str | None]:
    """("2021-2025" | "2021" | None, the horizon wording when the period came from it).
    ``body_folded`` is the folded text (:func:`fold_same_length`) of the document body."""
    t = fold(title)
    m = _PERIOD_RANGE.search(t)
    if m:
        return f"{m.group(1)}-{m.group(2)}", None
    m = _PERIOD_YEAR.search(t)
    if m:
        return m.group(1), None
    horizons = _HORIZON.findall(t)
    if horizons:
        end = max(horizons)
        for r in _PERIOD_RANGE.finditer(words_of_folded(body_folded)):
            if r.group(2) == end:
                raw = _HORIZON_PRINTED.search(title)
                return f"{r.group(1)}-{end}", raw.group(0) if raw else None
    return None, None


def _years(period: str | None) -> list[int]:
    if not period:
        return []
    ends = [int(p) for p in period.split("-")]
    return list(range(ends[0], ends[-1] + 1))


# ---------------------------------------------------------------------------------------
# Signature
# ---------------------------------------------------------------------------------------


def _first_signature_after(signatures: tuple[tuple[int, int], ...], offset: int) -> tuple[int, int] | None:
    return next((s for s in signatures if s[0] >= offset), None)


def _signer(
    text: str, block: tuple[int, int] | None, province: str | None
) -> tuple[str | None, str | None, str | None]:
    """(signer, capacity, signer as printed) read from a signature block; the name is
    restored from the gazetteer when the document is OCR output (:func:`_ocr_degraded`)."""
    if block is None:
        return None, None, None
    block_lines = [ln.strip() for ln in text[block[0] : block[1]].split("\n") if ln.strip()]
    name_printed = block_lines[-1] if block_lines and looks_like_name(block_lines[-1]) else None
    printed = " ".join(ln for ln in block_lines if not ln.startswith(("-", "–")))
    joined = fold_same_length(printed)
    capacity: str | None = None
    found = list(_CAPACITY.finditer(joined))
    if found:
        m = found[-1]
        # the capacity is printed in capitals ("PHÓ CHỦ TỊCH"): "Phó" + the office in
        # sentence case ("Chủ tịch"), as the gold writes it
        office = printed[m.start(2) : m.end(2)]
        capacity = ("Phó " if m.group(1) else "") + office[:1].upper() + office[1:].lower()
    elif _SIGN_KT.search(joined):
        capacity = "Phó Chủ tịch"
    elif _SIGN_TM.search(joined):
        # TM. (on behalf of the collective) without KT. is signed by its head.
        capacity = "Chủ tịch"
    name = name_printed
    if name_printed:
        restored = _restore_name(name_printed, province)
        # The OCR test reads every word of the document; it only matters when restoring
        # would change the name (a printed name is mostly its own closest match).
        if restored != name_printed and _ocr_degraded(text):
            name = restored
    return name, capacity, name_printed


def _restore_name(printed: str, province: str | None) -> str:
    """The gazetteer name an OCR-damaged signer name stands for, when one is close enough
    (same province first); otherwise the name as printed."""
    target = fold(printed).strip()
    best: tuple[float, str] | None = None
    for name, prov in _signers():
        score = fuzz.ratio(target, fold(name).strip())
        if province and prov != province:
            score -= 10
        if score >= _NAME_MATCH and (best is None or score > best[0]):
            best = (score, name)
    return best[1] if best else printed


_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
# Ranges whose characters _word_mask maps (Latin with Vietnamese, punctuation, symbols,
# ligatures, full-width forms). Within them str.lower goes letter by letter ("İ", which
# lower-cases to two characters, is left out): a text with any character outside them is
# judged word by word instead.
_TABLED = (
    (0x00, 0x12F),
    (0x131, 0x24F),  # not U+0130 "İ"
    (0x1E00, 0x1EFF),
    (0x2000, 0x22FF),
    (0x2500, 0x26FF),
    (0x3000, 0x303F),
    (0xFB00, 0xFB4F),
    (0xFF00, 0xFFEF),
)


def _ocr_degraded(text: str) -> bool:
    """True when few words carry Vietnamese diacritics (OCR that dropped them), that is,
    fold to something else than their lower case."""
    total, marked = _marked_words(text)
    if not total:
        return False
    return marked / total < _DIACRITIC_SHARE_OCR


def _marked_words(text: str) -> tuple[int, int]:
    """(words, words that fold otherwise than they lower-case); a word is a run of letters."""
    mask = _word_mask()(text)
    if "x" in mask:  # a character outside the ranges (see _word_mask)
        return _marked_words_one_by_one(text)
    # every letter to "m" when it folds otherwise than it lower-cases (so does a word
    # exactly when it holds one), other letters to "a", the rest to a space, in one C pass
    # (folding every word, or one regex over a class of all the letters, which took
    # milliseconds to compile on first use, was most of this stage). The words are the runs
    # of letters: each opens after a space. The marked ones are the runs left once every
    # "a" is dropped (bytes.translate: str.replace paid for each of thousands of matches).
    marks = b" " + mask.encode("ascii")
    words = marks.count(b" a") + marks.count(b" m")
    return words, marks.translate(None, b"a").count(b" m")


def _marked_words_one_by_one(text: str) -> tuple[int, int]:
    """:func:`_marked_words` by folding each distinct word (any text)."""
    words = Counter(_WORD.findall(text))
    marked = sum(n for w, n in words.items() if fold_same_length(w) != w.lower())
    return sum(words.values()), marked


@lru_cache(maxsize=1)
def _word_mask() -> CharCodec:
    """The mask codec of :func:`_marked_words`. A character outside the ranges maps to
    "x", which no byte decodes to (every character with a byte is inside them): the codec
    gives up on the text and its plain function answers "x", the cue to count word by word
    (this replaced a regex scan of the whole text for such characters)."""
    return CharCodec("word-marks", _mark_of, plain=lambda text: "x")


def _mark_of(c: str) -> str:
    """A character of the word mask: "m" for a marking letter, "a" another letter, " " any
    other character of the ranges, "x" a character outside them."""
    code = ord(c)
    if not any(a <= code <= b for a, b in _TABLED):
        return "x"
    if not _LETTER.match(c):
        return " "
    return "m" if fold_same_length(c) != c.lower() else "a"


# ---------------------------------------------------------------------------------------
# The plan a decision issues
# ---------------------------------------------------------------------------------------


def _issued_plan(
    ctx: Context, lines: list[Line], decision: DocumentRecord, signature: tuple[int, int] | None
) -> DocumentRecord | None:
    """The plan issued by ``decision`` ("Ban hành kèm theo Quyết định này Kế hoạch ..."),
    appended after the signature or embedded in Điều 1; None if it issues none."""
    if decision.kind != "Quyết định":
        return None
    text = ctx.text
    regions = ctx.regions
    folded = ctx.seg.folded
    m = _ISSUES_PLAN.search(folded, regions.doc_start, regions.doc_end)
    if not m:
        return None
    kind = next(
        (name for key, name in _kinds() if folded.startswith(key, m.end()) and name != "Quyết định"),
        None,
    )
    if kind is None:
        return None
    title_start = m.end() + len(fold(kind).strip())
    end_m = _SENTENCE_TITLE_END.search(folded, title_start)
    title_end = end_m.start() if end_m else min(len(text), title_start + 300)
    sentence_title = join_text([text[title_start:title_end]]) or None
    extra: dict[str, Any] = {}
    span: Span | None = None
    title = sentence_title
    appended = _appended_plan(lines, signature, kind)
    if appended is not None:
        k, appended_title = appended
        title = appended_title or sentence_title
        span = ctx.seg.span(lines[k].start, regions.doc_end)
        decision.span = ctx.seg.span(regions.doc_start, signature[1] if signature else regions.doc_end)
    else:
        articles = list(_ARTICLE.finditer(folded, m.start(), regions.doc_end))
        art1 = _last_article_before(folded, regions.doc_start, m.start())
        art2 = next((a for a in articles if a.group(1) == "2"), None)
        if art1 is not None and art2 is not None and _ROMAN_HEADING.search(folded, m.end(), art2.start()):
            extra["embedded"] = True
            span = ctx.seg.span(art1, _trim_end(text, art2.start()))
    period, _ = _period(title or "", "")
    return DocumentRecord(
        kind=kind,
        number=None,
        issuer=decision.issuer,
        province=decision.province,
        date=decision.date,
        signer=None,
        signer_capacity=None,
        title=title,
        is_draft=decision.is_draft,
        period=period or decision.period,
        attached_to=decision.number,
        span=span,
        extra=extra,
    )


def _last_article_before(folded: str, start: int, end: int) -> int | None:
    found = [a for a in _ARTICLE.finditer(folded, start, end) if a.group(1) == "1"]
    return found[-1].start() + (len(found[-1].group(0)) - len(found[-1].group(0).lstrip())) if found else None


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _appended_plan(
    lines: list[Line], signature: tuple[int, int] | None, kind: str
) -> tuple[int, str | None] | None:
    """(line index of the plan's kind line, its title) when the plan follows the signature."""
    if signature is None:
        return None
    key = fold(kind).strip()
    seen = 0
    for k, ln in enumerate(lines):
        if ln.start < signature[1]:
            continue
        raw = ln.text.strip()
        if not raw or raw == _CELL_END:
            continue
        if fold(raw).strip() == key and raw.upper() == raw:
            title, _ = _title(lines, k + 1)
            return k, title
        seen += 1
        if seen > 3:
            return None
    return None
