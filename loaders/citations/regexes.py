"""Every regex building block of the citation finder, in one place.

All patterns run on :func:`cchc_kg.loaders.textfold.fold_printed` output (lower case, no diacritics, one
character per source character), so printed and OCR text ("Nghi dinh s6 152/2017/ND-CP")
are matched by the same patterns and match offsets index the original text. Case checks
(ký hiệu are upper case, "Luật" is capitalised) are made on the original text afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

# --- numbers (số, ký hiệu): the three regimes of domain.md §3 -----------------------------
_NUM = r"\d{1,5}[a-z]?"  # "107", "30c"
_YEAR = r"(?:19|20)\d{2}"
_TOKEN = r"[a-z]{1,10}\d{0,2}"  # "nd", "cp", "bcdcchc", "qh13"
# Between abbreviations: "-" (or "." as in "QĐ.TTg"), with the stray spaces and line breaks
# of real text ("474/QĐ- UBND", "740/KH-\nUBND").
# A dot only between letters ("QĐ.TTg"): "76/NQ-CP.\nĐiều 2" ends a sentence.
_DASH = r"(?:[ \t]{0,2}-[ \t]{0,2}\n?[ \t]{0,2}|\.(?=[a-z]))"
_SLASH = r"[ \t]{0,2}/[ \t]{0,2}\n?[ \t]{0,2}"
_SYMBOL = rf"{_TOKEN}(?:{_DASH}{_TOKEN})*"

# Every alternative starts with a digit: the leading (?=\d) is the same pattern, but lets
# the scan fail at once where no number starts (it was the cost of finding numbers).
NUMBER = re.compile(
    rf"""(?=\d)(?<![0-9a-z/])(?:
        (?P<n_num>{_NUM}){_SLASH}(?P<n_year>{_YEAR}){_SLASH}(?P<n_sym>{_SYMBOL})   # 107/2020/NĐ-CP
      | (?P<p_num>{_NUM})[ \t]{{0,2}}-[ \t]{{0,2}}(?P<p_type>[a-z]{{1,4}})
            (?:{_SLASH}|i(?=t[uw]\b)|l(?=t[uw]\b))(?P<p_iss>{_TOKEN})               # 18-NQ/TW, OCR 19-NQITW
      | (?P<a_num>{_NUM}){_SLASH}(?P<a_sym>{_SYMBOL})                              # 76/NQ-CP, 3759/BNV-CCHC
    )(?![0-9a-z])""",
    re.VERBOSE,
)
SYMBOL_SPLIT = re.compile(r"[ \t\n]*[-.][ \t\n]*")

# --- what precedes a number: the kind word and "số" ------------------------------------
# OCR prints "số" as "s6", "sb", "sé", "sd", "s06", "so", "s0" or a bare "s".
SO = r"(?:s[o0-9bed]{0,2}|s)"


def tolerant(phrase: str) -> str:
    """A folded phrase as an OCR-tolerant pattern: words joined by any whitespace, each
    vowel allowed to come out as one or two other characters ("quyét" → "quyet", "K&
    hoach", "nhéan"), because OCR mangles vowels and tone marks far more than consonants."""
    words = []
    for word in phrase.split():
        parts = [r"[^\s\d/]{1,2}" if ch in "aeiouy" else re.escape(ch) for ch in word]
        words.append("".join(parts))
    return r"\s+".join(words)


def kind_before(words: Iterable[tuple[str, str]]) -> re.Pattern[str]:
    """The kind word right before a number: "Nghị định số ", "Kế hoạch hành động số ",
    "Quyết định " (no số), "Ké hoach sb ". ``words`` are (group name, folded word), longest
    first; one named group per word says which kind matched. Anchored at the slice end."""
    alts = "|".join(f"(?P<{g}>{tolerant(w)})" for g, w in words)
    return re.compile(rf"(?<![a-z])(?:{alts})\s*(?:{SO}\s*:?\s*)?$")


class KindBefore:
    """:func:`kind_before` as a search, cheaper: the match starts where a word starts, with
    a character some kind word can start with (found by one scan of the slice); there
    only the kind words starting with that character are tried, in the same order (the
    search's leftmost match, with the same alternative)."""

    def __init__(self, words: Sequence[tuple[str, str]]) -> None:
        suffix = rf"\s*(?:{SO}\s*:?\s*)?$"
        alts = [(w[:1], f"(?P<{g}>{tolerant(w)})") for g, w in words]

        def compiled(first: str | None) -> re.Pattern[str] | None:
            chosen = [alt for c, alt in alts if c == first or c in _VOWELS]
            return re.compile(rf"(?:{'|'.join(chosen)}){suffix}") if chosen else None

        self._any = compiled(None)
        self._by_char = {c: compiled(c) for c, _ in alts if c not in _VOWELS}
        opening = r"[^\s\d/]" if self._any is not None else f"[{''.join(sorted(self._by_char))}]"
        self._starts = re.compile(rf"(?<![a-z]){opening}")

    def search(self, text: str, pos: int, endpos: int) -> re.Match[str] | None:
        """``kind_before(words).search(text, pos, endpos)``; the kind word's group name is
        the match's ``lastgroup``."""
        for start in self._starts.finditer(text, pos, endpos):
            s = start.start()
            pattern = self._by_char.get(text[s], self._any)
            m = pattern.match(text, s, endpos) if pattern is not None else None
            if m is not None:
                return m
        return None


# A "Số:" label opens the document's own number line (never a citation).
OWN_NUMBER_LABEL = re.compile(rf"(?:^|\n)[ \t|]*{SO}[ \t]*:[ \t]*$")
# "(Ban hành kèm theo Quyết định số ...", "(Kèm theo Kế hoạch số ...": the plan's own decision.
ATTACHED_TO = re.compile(r"\(\s*(?:ban\s+hanh\s+)?kem\s+theo\s+[a-z ]{3,25}$")

# --- dates -------------------------------------------------------------------------------
DATE_AFTER = re.compile(
    r"""[\s,]*(?:
        ngay\s*(?P<ld>\d{1,2})\s*th[a-z]{0,2}ng\s*(?P<lm>\d{1,2})\s*n[a-z]{1,2}m\s*(?P<ly>\d{4})
      | (?:ngay\s*)?(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})
    )(?!\d)""",
    re.VERBOSE,
)
# "của" as OCR prints it: cua, cta, ciia, ctia, cia, ctua.
OF = r"c[^\s\d]{1,3}a"


def issuer_after(phrase: str) -> re.Pattern[str]:
    """ "của <issuer phrase>" right after a number or its date."""
    return re.compile(rf"[\s,]*(?:{OF}\s+)?(?P<issuer>{tolerant(phrase)})(?![a-z])")


def phrase_at(phrase: str) -> re.Pattern[str]:
    """A folded phrase at the start of a slice (provinces after an issuer)."""
    return re.compile(rf"\s+(?:tinh\s+)?(?P<p>{tolerant(phrase)})(?![a-z])")


# One pattern for a list of phrases: a match tries the alternatives in order, each with all
# its backtracking, so the first phrase that matches wins, as a loop over the phrases'
# own patterns finds (in one call instead of one call per phrase). The phrase that
# matched is the index in the name of the group that took part: ``m.lastgroup`` "p12".
def first_issuer_after(phrases: Sequence[str]) -> re.Pattern[str]:
    """:func:`issuer_after` of each phrase in one pattern (see above)."""
    return re.compile(
        "|".join(rf"[\s,]*(?:{OF}\s+)?(?P<p{k}>{tolerant(p)})(?![a-z])" for k, p in enumerate(phrases))
    )


def first_phrase_at(phrases: Sequence[str]) -> re.Pattern[str]:
    """:func:`phrase_at` of each phrase in one pattern (see above)."""
    return re.compile(
        "|".join(rf"\s+(?:tinh\s+)?(?P<p{k}>{tolerant(p)})(?![a-z])" for k, p in enumerate(phrases))
    )


def phrase_index(m: re.Match[str]) -> int:
    """Which phrase of a :func:`first_issuer_after` / :func:`first_phrase_at` match."""
    assert m.lastgroup is not None
    return int(m.lastgroup[1:])


# The same first matches, cheaper. Each alternative above repeats its prefix ("của",
# "tỉnh", whitespace) and is tried in turn with all its backtracking: the match is the
# first phrase k that matches after any way of reading the prefix, at the first such
# reading. So read the prefix once, list the positions where a phrase may start (in the
# order the backtracking reaches them), and at each ask only the phrases whose first
# character can stand there; keep the smallest k (at its first position). No phrase
# starts at whitespace: tolerant() opens with a letter, a digit or [^\s\d/].
class PhraseMatch(NamedTuple):  # a tuple: made for every number, cheaper than a dataclass
    phrase: int  # which phrase (its position in the list)
    start: int  # where the phrase itself starts (after the prefix)
    end: int


class Phrases:
    """A list of folded phrases, each as :func:`tolerant` followed by ``(?![a-z])``, one
    alternation per possible first character (in list order, so its first match is the
    first phrase that matches there)."""

    def __init__(self, phrases: Sequence[str]) -> None:
        alts = [(k, p[:1], rf"(?P<p{k}>{tolerant(p)})(?![a-z])") for k, p in enumerate(phrases)]
        any_char = [(k, alt) for k, c, alt in alts if c in _VOWELS]  # [^\s\d/] first
        self._any = _alternation(any_char)
        self._by_char: dict[str, re.Pattern[str] | None] = {
            c: _alternation([(k, alt) for k, c2, alt in alts if c2 == c or c2 in _VOWELS])
            for c in {c for _, c, _ in alts if c not in _VOWELS}
        }

    def first(self, text: str, starts: Iterable[int], endpos: int) -> PhraseMatch | None:
        """The first phrase that matches at one of ``starts`` (in backtracking order)."""
        best: PhraseMatch | None = None
        for q in starts:
            if q >= min(endpos, len(text)):
                continue
            pattern = self._by_char.get(text[q], self._any)
            m = pattern.match(text, q, endpos) if pattern is not None else None
            if m is not None:
                k = phrase_index(m)
                if best is None or k < best.phrase:
                    best = PhraseMatch(k, q, m.end())
        return best


_VOWELS = frozenset("aeiouy")  # tolerant() turns each into [^\s\d/]{1,2}


def _alternation(alts: Sequence[tuple[int, str]]) -> re.Pattern[str] | None:
    return re.compile("|".join(alt for _, alt in alts)) if alts else None


# The prefixes read greedily in one match: the run, then the optional word after it.
_ISSUER_PREFIX = re.compile(rf"[\s,]*(?P<of>{OF}\s+)?")
_PROVINCE_PREFIX = re.compile(r"\s+(?P<tinh>tinh\s+)?")


def issuer_starts(text: str, pos: int, endpos: int) -> list[int]:
    r"""Where a phrase of :func:`first_issuer_after` may start, in the order its prefix
    ``[\s,]*(?:của\s+)?`` reaches them: after the whole run and "của", after the whole
    run, then each comma of the run from the right (a shorter run leaves whitespace or a
    comma next, and "của" starts with neither; \s+ giving back whitespace leaves
    whitespace next)."""
    m = _ISSUER_PREFIX.match(text, pos, endpos)
    assert m is not None  # the prefix may be empty
    run = m.start("of") if m["of"] is not None else m.end()
    out = [m.end(), run] if m["of"] is not None else [run]
    if "," in text[pos:run]:
        out.extend(q for q in range(run - 1, pos - 1, -1) if text[q] == ",")
    return out


def province_starts(text: str, pos: int, endpos: int) -> list[int]:
    r"""Where a phrase of :func:`first_phrase_at` may start, in the order its prefix
    ``\s+(?:tinh\s+)?`` reaches them (none when no whitespace follows ``pos``)."""
    m = _PROVINCE_PREFIX.match(text, pos, endpos)
    if m is None:
        return []
    return [m.end(), m.start("tinh")] if m["tinh"] is not None else [m.end()]


# --- instruments cited by name -----------------------------------------------------------
# "thực hiện pháp lệnh" folds to "thuc hien phap lenh": the head is "pháp lệnh", not "hiến pháp".
# Each head's first letter comes before the look-behind that starts the word there (same
# matches as a leading (?<![a-z])): a pattern whose alternatives open with letters is only
# tried where one of them stands, instead of at every position.
NAMED_HEAD = re.compile(
    r"(?P<head>b(?<![a-z]b)o\s+luat|l(?<![a-z]l)uat|p(?<![a-z]p)hap\s+[l1i]enh"
    r"|h(?<![a-z]h)ien\s+phap(?!\s+[l1i]enh))(?![a-z])"
)
AMENDING_LAW = re.compile(r"luat\s+sua\s+doi,?\s+bo\s+sung\s+mot\s+so\s+dieu\s+c[^\s\d]{1,3}a\s+(?=luat\b)")
AND_LAW = re.compile(r"\s+va\s+(?=luat\b)")
# InstrumentKey.doc_type of the instruments keyed by name (gold README §4).
NAMED_TYPES = frozenset({"luat", "pl", "hp"})
# "Luật Đất đai năm 2013": the year of a law printed without a day.
NAMED_YEAR = re.compile(r"[\s,]*n[a-z]{1,2}m\s+(?P<y>(?:19|20)\d{2})(?!\d)")
# Between a law's name and its number: "Luật ... số 77/2015/QH13", "Luật ..., số ...".
NAME_NUMBER_GAP = re.compile(rf"[\s,]*(?:{SO}\s*:?\s*)?")
# Words that end a law's short title in running text.
NAME_STOP = frozenset(
    [
        "ngay",
        "nam",
        "so",
        "cua",
        "theo",
        "ve",
        "va",
        "hoac",
        "da",
        "duoc",
        "de",
        "trong",
        "tai",
        "nham",
        "khi",
        "cho",
        "thi",
        "phai",
        "la",
        "co",
        "hien",
        "nay",
        "moi",
        "tu",
        "den",
        "nay",
    ]
)
NAME_WORD = re.compile(r"\s+(?P<w>[^\s,;.:()\[\]\"“”|]+)")
# A comma inside a title: "Phòng, chống ..." (the usual wording of prevention laws).
NAME_COMMA_WORD = re.compile(r",\s*(?P<w>chong)(?![a-z])")

# --- relations ---------------------------------------------------------------------------
# "thực hiện" as OCR prints it too: "thyc hién", "thyuc hién" (folded).
_THUC_HIEN = r"th(?:u|y|yu|uy)c\s+hien"
IMPLEMENT_VERB = re.compile(rf"(?<![a-z])(?:trien\s+khai|{_THUC_HIEN})(?![a-z])")
IMPLEMENT_QUALIFIER = re.compile(
    rf"^[\s,]*(?:{_THUC_HIEN}|trien\s+khai|tot|nghiem\s+tuc|co\s+hieu\s+qua|hieu\s+qua|quyet\s+liet|"
    r"dong\s+bo|kip\s+thoi|day\s+du|thang\s+loi|hoan\s+thanh|viec|cac|va|toan\s+dien)(?![a-z])"
)
# Nouns for what an instrument issues: "thực hiện ... Chương trình tổng thể ... theo Nghị quyết".
IMPLEMENT_OBJECT = re.compile(
    r"^\s*(?:theo|chuong\s+trinh|quy\s+tac|quy\s+che|de\s+an|ke\s+hoach|nghi\s+quyet|chi\s+thi|"
    r"quyet\s+dinh|nghi\s+dinh|muc\s+tieu|nhiem\s+vu|noi\s+dung|chien\s+luoc|van\s+ban|ket\s+luan)(?![a-z])"
)
# An assignment or approval between the verb and the instrument says the instrument only
# describes the object ("các nhiệm vụ ... đã được giao tại Kế hoạch ...", "(Chính phủ giao
# trong Nghị quyết ...)"); what an instrument "đề ra" (sets out) it issued, so that stays.
IMPLEMENT_BLOCKER = re.compile(r"(?<![a-z])(?:duoc|giao|phe\s+duyet)(?![a-z])")
ANY_WORD = re.compile(r"^[\s,]*[^\s,;:.()]+")
REPLACES = re.compile(r"(?<![a-z])thay\s+the\s*$")
# A listed replacement: "thay thế các Quyết định: số 12/QĐ-UBND, số 13/QĐ-UBND".
REPLACES_LIST = re.compile(r"(?<![a-z])thay\s+the(?:\s+[a-z]+){1,3}\s*:\s*(?:so\s*)?$")
AMENDS = re.compile(r"(?<![a-z])sua\s+doi,?\s+bo\s+sung(?:\s+mot\s+so\s+dieu(?:\s+cua)?)?\s*$")
# Coordination between listed instruments: "...; Nghị quyết số", "... và Nghị định số".
COORDINATION = re.compile(rf"(?:[;,(]|(?<![a-z])(?:va|hoac|cung))\s*(?:{SO}\s*:?\s*)?$")
CLAUSE_BOUNDARY = re.compile(r";|:|\.\s")
# A paragraph that opens a new item (bullet, "a)", "1.", "II."), and one that ends an item:
# a hard-wrapped line the segmenter took for a paragraph of its own ("19 tháng 6 năm 2015;
# Luật ...", OCR "6 khóa XII (Nghị quyết ...") is neither, so it continues the one before.
ITEM_OPENER = re.compile(r"^\W{0,2}(?:[-+•*]|[a-z]\)|\d+(?:\.\d+)*[.)]|[ivxl|]+\.|\|)")
ITEM_END = re.compile(r"[.;:]\s*$")
PREAMBLE_BASIS = re.compile(rf"^\W*(?:can\s+c[^\s\d]{{0,3}}|{_THUC_HIEN})(?![a-z])")
PROPOSAL = re.compile(r"^\W*(?:theo|xet)\s+de\s+nghi")
# The end of the preamble: the first roman section ("I.", OCR "|."), "Điều 1" or "QUYẾT ĐỊNH:".
BODY_START = re.compile(r"(?m)^[ \t]*(?:(?:i|\|)\.[ \t]|dieu\s+1\b|quyet\s+dinh\s*:)")
