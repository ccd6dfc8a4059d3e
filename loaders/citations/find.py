"""Find every cited instrument in a document's text: numbered citations in all three
regimes, laws, ordinances and the constitution cited by name, each with its kind word, the
date printed after it and the issuer printed after that. Pure; offsets index the source
text (matching runs on the same-length folded text)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from rapidfuzz import fuzz

from ..dates import iso_date
from ..textfold import fold_printed, fold_words
from .codes import DocType, Issuer, tables
from .numbers import ParsedNumber, parse_match
from .regexes import (
    AMENDING_LAW,
    AND_LAW,
    ATTACHED_TO,
    DATE_AFTER,
    NAME_COMMA_WORD,
    NAME_NUMBER_GAP,
    NAME_STOP,
    NAME_WORD,
    NAMED_HEAD,
    NAMED_TYPES,
    NAMED_YEAR,
    NUMBER,
    OWN_NUMBER_LABEL,
    KindBefore,
    PhraseMatch,
    Phrases,
    issuer_starts,
    province_starts,
)
from .registry import Entry, registry

_NAMED_KINDS = {"luat": "Luật", "bo luat": "Bộ luật", "phap lenh": "Pháp lệnh", "hien phap": "Hiến pháp"}
_MAX_NAME_WORDS = 12


# The records made for every number and name found are NamedTuples: as immutable as a
# frozen dataclass, and three times cheaper to build (no object.__setattr__ per field).
class PrintedDate(NamedTuple):
    iso: str
    start: int
    end: int


class PrintedIssuer(NamedTuple):
    issuer: Issuer
    province: str | None  # printed after the issuer ("Tỉnh ủy Quảng Nam")
    start: int
    end: int


class Found(NamedTuple):
    """One textual occurrence of an instrument, before resolution."""

    start: int  # span: from the kind word (when printed right before) to the number/name end
    end: int
    number: ParsedNumber | None  # None for instruments cited by name
    number_raw: str | None  # the number as printed (without "số")
    kind: DocType | None  # the printed kind word
    named_kind: str | None  # "Luật", "Pháp lệnh", "Hiến pháp"
    name: str | None  # the short title as printed (whitespace collapsed)
    entry: Entry | None  # the registry entry a name matched
    date: PrintedDate | None
    issuer: PrintedIssuer | None
    own: bool = False  # printed as the document's own number ("Số:", "kèm theo")
    year: int | None = None  # a bare year after a name ("Luật Đất đai năm 2013")


@dataclass(frozen=True)
class _Patterns:
    kind: KindBefore  # regexes.kind_before of the kind words
    kind_groups: dict[str, DocType]
    issuer: Phrases  # the first issuer phrase that matches (regexes.first_issuer_after)
    issuers: tuple[Issuer, ...]  # by phrase index
    province: Phrases  # the first province that matches (regexes.first_phrase_at)
    provinces: tuple[str, ...]  # by phrase index


@cache
def _patterns() -> _Patterns:
    t = tables()
    groups: dict[str, DocType] = {}
    alts = []
    words = sorted(t.doc_type_by_kind.items(), key=lambda kv: len(kv[0]), reverse=True)
    for i, (word, dt) in enumerate(words):
        groups[f"k{i}"] = dt
        alts.append((f"k{i}", word))
    kind = KindBefore(alts)
    phrases = sorted(
        ((fold_words(p), i) for i in {id(x): x for x in t.issuers.values()}.values() for p in i.phrases),
        key=lambda pi: len(pi[0]),
        reverse=True,
    )
    provinces = sorted(t.province_by_folded.items(), key=lambda kv: -len(kv[0]))
    return _Patterns(
        kind,
        groups,
        Phrases([p for p, _ in phrases]),
        tuple(i for _, i in phrases),
        Phrases([f for f, _ in provinces]),
        tuple(name for _, name in provinces),
    )


def _date_at(folded: str, pos: int) -> PrintedDate | None:
    m = DATE_AFTER.match(folded, pos, pos + 60)
    if not m:
        return None
    if m["ld"]:
        d, mo, y = int(m["ld"]), int(m["lm"]), int(m["ly"])
    else:
        d, mo, y = int(m["d"]), int(m["m"]), int(m["y"])
    iso = iso_date(y, mo, d) if 1945 <= y <= 2100 else None
    return PrintedDate(iso, m.start(), m.end()) if iso else None


def _issuer_at(folded: str, pos: int) -> PrintedIssuer | None:
    p = _patterns()
    m = p.issuer.first(folded, issuer_starts(folded, pos, pos + 160), pos + 160)
    if m is None:
        return None
    issuer = p.issuers[m.phrase]
    province = None
    end = m.end
    if issuer.is_local:
        pm = _province_at(folded, end)
        if pm is not None:
            province, end = p.provinces[pm.phrase], pm.end
    return PrintedIssuer(issuer, province, m.start, end)


def _province_at(folded: str, pos: int) -> PhraseMatch | None:
    """The province printed right after ``pos`` (``first_phrase_at`` matched there)."""
    return _patterns().province.first(folded, province_starts(folded, pos, pos + 40), pos + 40)


def _date_and_issuer(folded: str, pos: int) -> tuple[PrintedDate | None, PrintedIssuer | None]:
    """The date and the issuer printed after a number or name: "ngày ... của ..." as a rule,
    "của ... ngày ..." too."""
    date = _date_at(folded, pos)
    issuer = _issuer_at(folded, date.end if date else pos)
    if date is None and issuer is not None:
        date = _date_at(folded, issuer.end)
    return date, issuer


def _kind_before(folded: str, start: int, lo: int) -> tuple[DocType | None, int]:
    p = _patterns()
    m = p.kind.search(folded, max(lo, start - 45), start)
    if m is None or m.lastgroup is None:
        return None, start
    return p.kind_groups[m.lastgroup], m.start()


def _is_own(folded: str, start: int, lo: int, kind: DocType | None) -> bool:
    """Printed as the document's own number: a "Số:" label opening a line (unless a kind
    word before it makes it a citation wrapped onto a new line: "... Kế hoạch\nsố: 12/KH"),
    or the plan's "(Kèm theo Quyết định số ..." reference to its own decision."""
    before = folded[max(lo, start - 60) : start]
    return bool((kind is None and OWN_NUMBER_LABEL.search(before)) or ATTACHED_TO.search(before))


def _number_starts(folded: str, lo: int, hi: int) -> list[int]:
    """Every position in ``[lo, hi)`` where a :data:`.regexes.NUMBER` match can start, in
    order (a superset: NUMBER.match at each decides). Each alternative opens with
    ``\\d{1,5}[a-z]?[ \\t]{0,2}`` and then "/" or "-", from a position not after
    ``[0-9a-z/]``. So from each "/" and "-" (found with str.find, far faster than the
    regex trying every digit of the text) step back over up to two blanks and one letter
    to a digit, then take the last five digits of its run that may open a number."""
    starts: list[int] = []
    for sep in "/-":
        p = folded.find(sep, lo, hi)
        while p >= 0:
            q = p
            while q > lo and p - q < _MAX_BLANKS and folded[q - 1] in " \t":
                q -= 1
            if q > lo and "a" <= folded[q - 1] <= "z":
                q -= 1
            # \d is str.isdecimal; the look-behind's [0-9] only ASCII digits
            s = q - 1
            while s >= lo and s >= q - _MAX_DIGITS and folded[s].isdecimal():
                if s == 0 or folded[s - 1] not in _NOT_BEFORE:
                    starts.append(s)
                s -= 1
            p = folded.find(sep, p + 1, hi)
    return sorted(set(starts))


_MAX_BLANKS = 2  # the [ \t]{0,2} between a number and its "/" or "-"
_MAX_DIGITS = 5  # \d{1,5}
_NOT_BEFORE = frozenset("0123456789abcdefghijklmnopqrstuvwxyz/")  # NUMBER's (?<![0-9a-z/])


def number_matches(folded: str, lo: int, hi: int) -> list[re.Match[str]]:
    """``list(NUMBER.finditer(folded, lo, hi))``, the pattern tried only where a number can
    start (:func:`_number_starts`): finditer tries every position from the end of its last
    match and keeps the first that matches, and NUMBER.match(folded, s, hi) at a start
    ``s`` is that try (the look-behind still sees the text before ``lo``)."""
    return _matches_at(NUMBER, _number_starts(folded, lo, hi), folded, lo, hi)


def _matches_at(
    pattern: re.Pattern[str], starts: Iterable[int], folded: str, lo: int, hi: int
) -> list[re.Match[str]]:
    """The matches ``pattern.finditer(folded, lo, hi)`` gives when it can only match at
    ``starts`` (ascending): each start past the last match's end is tried in turn."""
    out: list[re.Match[str]] = []
    end = lo
    for s in starts:
        if s < end:
            continue
        m = pattern.match(folded, s, hi)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def find_numbered(text: str, folded: str, lo: int, hi: int) -> list[Found]:
    out: list[Found] = []
    for m in number_matches(folded, lo, hi):
        parsed = parse_match(m, text, folded)
        if parsed is None:
            continue
        kind, start = _kind_before(folded, m.start(), lo)
        date, issuer = _date_and_issuer(folded, m.end())
        out.append(
            Found(
                start=start,
                end=m.end(),
                number=parsed,
                number_raw=" ".join(text[m.start() : m.end()].split()),
                kind=kind,
                named_kind=None,
                name=None,
                entry=None,
                date=date,
                issuer=issuer,
                own=_is_own(folded, m.start(), lo, kind),
            )
        )
    return out


def _collapsed_window(folded: str, pos: int, n: int) -> str:
    """Up to ``n`` characters of whitespace-collapsed folded text from ``pos``, reading at
    most ``3 * n`` characters: the words read (a word cut at the limit included), one
    space between, one more when whitespace ends the read; leading whitespace dropped."""
    raw = folded[pos : pos + 3 * n]
    words = raw.split()
    if not words:
        return ""
    window = " ".join(words)
    if raw[-1].isspace():
        window += " "
    return window[:n]


@dataclass(frozen=True)
class _Name:
    """A registry name of one kind, with what matching it at every head word needs."""

    folded: str  # fold_words of the name
    entry: Entry
    initial: str | None  # first letter of the word after the head word (:func:`_same_start`)
    spellings: tuple[tuple[str, str], ...]  # the entry's names folding to ``folded``,
    # each with its printed fold collapsed (:func:`_spelling`)


@cache
def _names(head: str) -> tuple[_Name, ...]:
    """The registry names of kind ``head`` in registry order (longest first), with their
    initials and spellings computed once (reference data)."""
    kind = fold_words(_NAMED_KINDS[head])
    k = len(head.split())
    out = []
    for ek, en, entry in registry().named:
        if ek != kind:
            continue
        words = en.split()
        spellings = tuple((n, " ".join(fold_printed(n).split())) for n in entry.names if fold_words(n) == en)
        out.append(_Name(en, entry, words[k][:1] if len(words) > k else None, spellings))
    return tuple(out)


_NOT_NAME_CHAR = re.compile(r"[^a-z0-9 ]")


def _registry_name_at(folded: str, pos: int, head: str) -> tuple[Entry, int, str] | None:
    """The registry name of kind ``head`` printed at ``pos``: exactly (after folding), or
    for OCR text closely enough (ratio ≥ 85). Returns the entry, the end offset and the
    registry spelling of the name that matched."""
    best: tuple[float, Entry, int, str] | None = None
    k = len(head.split())
    names = _names(head)
    if not names:
        return None
    # Every window below is a prefix of the widest one (the first name is the longest), so
    # the printed title's initial is read once from it: a name starting its title with
    # another letter matches neither closely (:func:`_same_start`) nor exactly.
    widest = _NOT_NAME_CHAR.sub("", _collapsed_window(folded, pos, len(names[0].folded) + 4)).split()
    initial = widest[k][:1] if len(widest) > k else None
    for name in names:
        if name.initial is not None and name.initial != initial:
            continue
        en = name.folded
        window = _collapsed_window(folded, pos, len(en) + 4)
        flat = _NOT_NAME_CHAR.sub("", window)
        if flat.startswith(en) and (len(flat) == len(en) or not flat[len(en)].isalnum()):
            # map the matched length back through the removed punctuation
            end = _after_letters(folded, pos, en)
            return name.entry, end, _spelling(name, window)
        if not _same_start(name, flat, k):
            continue
        score = fuzz.ratio(en, flat[: len(en)])
        if score >= 85 and (best is None or score > best[0]):
            end = _after_letters(folded, pos, flat[: len(en)])
            while end < len(folded) and folded[end].isalnum():  # OCR words differ in length
                end += 1
            best = (score, name.entry, end, _spelling(name, window))
    return None if best is None else (best[1], best[2], best[3])


def _same_start(name: _Name, printed: str, k: int) -> bool:
    """A close (OCR) match must at least start its title where the name does: the word
    after the ``k`` head words begins with the same letter ("luật, Luật sửa đổi ..." is
    not "Luật sửa đổi ..." read from the first "luật")."""
    if name.initial is None:
        return False
    p_words = printed.split()
    return len(p_words) > k and name.initial == p_words[k][:1]


def _spelling(name: _Name, window: str) -> str:
    """The registry spelling of a name closest to the printed ``window`` — punctuation
    included: "Luật Phòng chống tham nhũng" and "Luật Phòng, chống tham nhũng" fold alike;
    the gold gives the name as printed."""
    return max(name.spellings, key=lambda sp: fuzz.ratio(sp[1], window[: len(sp[0]) + 2]))[0]


def _after_letters(folded: str, pos: int, target: str) -> int:
    """The offset in ``folded`` after the letters and digits of ``target`` are used up,
    reading from ``pos``: a window's letters and digits are the text's, in order (only
    whitespace is collapsed), and a matched name's are all inside its window."""
    need = sum(1 for c in target if c.isalnum())
    seen = 0
    for m in _ALNUM_RUN.finditer(folded, pos):  # word by word
        a, b = m.span()
        if seen + (b - a) >= need:
            return a + (need - seen)
        seen += b - a
    return len(folded)  # not reached: a matched name's letters are in the text


_ALNUM_RUN = re.compile(r"[^\W_]+")  # str.isalnum characters (\w without "_")


def _generic_name_end(text: str, folded: str, pos: int) -> int:
    """End of a law's short title printed from ``pos`` (after the head word): words up to a
    stop word or punctuation."""
    end, words = pos, 0
    while words < _MAX_NAME_WORDS:
        m = NAME_WORD.match(folded, end)
        if m is None and words:
            m = NAME_COMMA_WORD.match(folded, end)  # "Luật Phòng, chống ma túy"
        if not m or not m["w"].isalpha():
            break
        if m["w"] in NAME_STOP and not (m["w"] == "nam" and text[m.start("w")] == "N"):
            break  # "năm" ends a title; "Việt Nam" belongs to it ("Luật Biển Việt Nam")
        end, words = m.end(), words + 1
    return end if words else pos


def _head_starts(folded: str, lo: int, hi: int) -> list[int]:
    """Every position in ``[lo, hi)`` where a :data:`.regexes.NAMED_HEAD` match can start,
    in order (a superset: NAMED_HEAD.match at each decides): each head holds "luat" or
    "phap" (found with str.find), at its start ("luật", "pháp lệnh") or after "bo" /
    "hien" and whitespace ("bộ luật", "hiến pháp")."""
    starts: list[int] = []
    for word, before in (("luat", "bo"), ("phap", "hien")):
        p = folded.find(word, lo, hi)
        while p >= 0:
            starts.append(p)
            r = p
            while r > lo and folded[r - 1].isspace():  # \s is str.isspace
                r -= 1
            b = r - len(before)
            if r < p and b >= lo and folded.startswith(before, b):
                starts.append(b)
            p = folded.find(word, p + 1, hi)
    return sorted(set(starts))


def named_heads(folded: str, lo: int, hi: int) -> list[re.Match[str]]:
    """``list(NAMED_HEAD.finditer(folded, lo, hi))``, tried only at :func:`_head_starts`
    (as :func:`number_matches` does for numbers)."""
    return _matches_at(NAMED_HEAD, _head_starts(folded, lo, hi), folded, lo, hi)


def find_named(text: str, folded: str, lo: int, hi: int) -> list[Found]:
    out: list[Found] = []
    covered: list[tuple[int, int]] = []
    for m in AMENDING_LAW.finditer(folded, lo, hi):
        if text[m.start()] != "L":
            continue
        end = m.end()
        while True:
            inner = _registry_name_at(folded, end, "luat")  # "Luật Cán bộ, công chức" has a comma
            end = inner[1] if inner is not None else _generic_name_end(text, folded, end + len("luat"))
            nxt = AND_LAW.match(folded, end)
            if not nxt:
                break
            end = nxt.end()
        name = " ".join(text[m.start() : end].split())
        entry = registry().find_name("Luật", name)
        out.append(_named(text, folded, m.start(), end, "Luật", name, entry))
        covered.append((m.start(), end))
    for m in named_heads(folded, lo, hi):
        if any(a <= m.start() < b for a, b in covered):
            continue
        before = folded[max(0, m.start() - 6) : m.start()].split()
        if before and before[-1] == "phap":  # "pháp luật": the law in general
            continue
        raw_head = m["head"]
        head = (
            "luat"
            if raw_head == "luat"
            else "bo luat"
            if raw_head.startswith("bo")
            else "hien phap"
            if raw_head.startswith("hien")
            else "phap lenh"
        )
        kind = _NAMED_KINDS[head]
        capital = text[m.start()].isupper()
        if head == "hien phap" and not capital:
            continue  # the constitution is always capitalised; "thực hiện pháp luật" is not it
        hit = _registry_name_at(folded, m.start(), head)
        if hit is not None:
            entry, end, reg_name = hit
            printed = " ".join(text[m.start() : end].split())
            # OCR text lost its diacritics: give the registry spelling (gold: restored names)
            name = printed if printed != fold_printed(printed) or printed == reg_name else reg_name
            if fold_words(printed) != fold_words(reg_name):
                name = reg_name
            out.append(_named(text, folded, m.start(), end, kind, name, entry))
            continue
        if not capital:
            continue  # "pháp luật", "luật" in running text: no instrument
        if head == "hien phap":
            out.append(_named(text, folded, m.start(), m.end(), kind, "Hiến pháp", None))
            continue
        end = _generic_name_end(text, folded, m.end())
        if end == m.end() or not text[m.end() : end].strip()[:1].isalpha():
            continue
        name = " ".join(text[m.start() : end].split())
        if name.isupper():
            continue  # "THƯ VIỆN PHÁP LUẬT"-style banners
        out.append(_named(text, folded, m.start(), end, kind, name, None))
    return out


def _named(text: str, folded: str, start: int, end: int, kind: str, name: str, entry: Entry | None) -> Found:
    date, issuer = _date_and_issuer(folded, end)
    year = NAMED_YEAR.match(folded, end, end + 12) if date is None else None
    return Found(
        start, end, None, None, None, kind, name, entry, date, issuer, year=int(year["y"]) if year else None
    )


def _with_number(named: Found, numbered: Found) -> Found:
    """A law cited by name and number ("Luật Tổ chức chính quyền địa phương số
    77/2015/QH13 ngày ..."): one mention, the number's date and issuer."""
    return numbered._replace(
        start=named.start,
        named_kind=named.named_kind,
        name=named.name,
        entry=named.entry,
        kind=numbered.kind,
        year=named.year,
    )


def _merge_name_and_number(folded: str, found: list[Found]) -> list[Found]:
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.named_kind is not None
            and prev.number is None
            and prev.date is None
            and f.number is not None
            and f.number.doc_type in NAMED_TYPES
            and NAME_NUMBER_GAP.fullmatch(folded, prev.end, f.start)
        ):
            out[-1] = _with_number(prev, f)
            continue
        out.append(f)
    return out


def find_all(
    text: str, lo: int, hi: int, excluded: list[tuple[int, int]], *, folded: str | None = None
) -> tuple[str, list[Found]]:
    """Every instrument occurrence in ``text[lo:hi]`` outside the ``excluded`` ranges
    (the recipients list), in text order. Returns the folded text too; ``folded`` is the
    :func:`~cchc_kg.loaders.textfold.fold_printed` text when the caller has it."""
    if folded is None:
        folded = fold_printed(text)
    found = find_numbered(text, folded, lo, hi) + find_named(text, folded, lo, hi)
    found = [f for f in found if not any(a <= f.start < b for a, b in excluded)]
    found.sort(key=lambda f: f.start)
    return folded, _merge_name_and_number(folded, found)


_PROVINCE_WORD = re.compile(r"\b(?:tinh|thanh pho)(?=\s)")  # the province pattern takes the space


def find_province(folded: str, lo: int, window: int = 3000) -> str | None:
    """The first province named after "tỉnh"/"thành phố" near the start of the document:
    the citing document's own province when its metadata did not give one."""
    p = _patterns()
    for m in _PROVINCE_WORD.finditer(folded, lo, lo + window):
        pm = _province_at(folded, m.end())
        if pm is not None:
            return p.provinces[pm.phrase]
    return None
