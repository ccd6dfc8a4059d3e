"""Roles read from running text (gold README §5 Roles, §7): who leads (chủ trì), who
cooperates (phối hợp), implements and monitors; agency lists cut out of sentences.

Pure. Every pattern is matched on :func:`fold_same_length` text (lower-case, no
diacritics, one character per character), so the same code reads OCR text without
diacritics ("S& Noi vu chu tri, phdi hop voi ...") and offsets stay valid in the original.

Agency names are split and canonicalised by :mod:`cchc_kg.loaders.agencies`. OCR names,
which canonicalisation cannot repair, are restored against the gazetteer
``data/role_agencies.tsv`` by fuzzy comparison of their folded skeletons; a name the
gazetteer does not know is kept as printed and reported as not restored.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from rapidfuzz import fuzz
from rapidfuzz.process import extractOne

from .agencies import canonical_name, split_agency_list
from .textfold import fold_same_length

# --------------------------------------------------------------------------------------
# Regex building blocks (on folded text)
# --------------------------------------------------------------------------------------

# The patterns of role words a reader scans whole item texts for open with their first
# letter and look behind it for the word boundary: the same matches as "\bch..." (a word
# letter after a boundary), but the regex engine skips to the next "c" instead of trying
# the pattern at every position (some 25 times faster over an item).
# "chủ trì" and its OCR forms "chu tri", "chit tri", "chi tri"; never "chính trị".
CHU_TRI = re.compile(r"c(?<=\bc)h[a-z]{0,2} tr[i1]\b")
# "nhiệm vụ được giao chủ trì" refers to an assignment made elsewhere.
CHU_TRI_REFERENCE = re.compile(r"d[a-z0-9]{2,3}c giao(?: nhiem vu)? ch[a-z]{0,2} tr[i1]")
# "phối hợp" and OCR "phdi hop", "phéi hop", "phbi hgp".
PHOI_HOP = re.compile(r"p(?<=\bp)h[odbe60][i1] h[a-z0-9]p\b")
# "(chặt chẽ, có trách nhiệm) với" right after phối hợp; OCR "voi", "v6i", "vo1", "v&1".
VOI = re.compile(r"[\s,]*(?:(?:chat che|tich cuc|co trach nhiem|thuong xuyen)[\s,]*)*v[a-z0-9&]{1,2}(?=\s)")
# Words that open a predicate, so an agency list before them ends there.
_STOPS = (
    r"tham m[a-z]{1,3}|th[a-z]{1,2}c hi[a-z]n|trien khai|thuong xuyen|kiem tra|ra soat|"
    r"de xuat|tham dinh|huong dan|theo d[a-z]{1,2}|don d[a-z]c|tiep tuc|khao sat|"
    r"t[a-z]ng c[a-z]{1,3}ng|cung c[a-z]p|c[o0-9d]ng khai|tien hanh|ban hanh|chi dao|d[a-z]y manh|"
    r"nghien c[a-z]{1,2}u|giup|bao c[a-z]o|trinh|trong|de|nham|theo|dam bao|bao dam|ve|"
    r"doi voi|danh gia|hoan thien|xu ly|(?<!thong tin )tuyen truyen|giai quyet|do luong|van hanh|"
    r"tong hop|can cu|c[o0-9] trach nhi[a-z]m|chiu trach nhiem|tung buoc|ch[a-z]{0,2} dong|tich cuc|"
    r"tham gia|khan truong|lap|to chuc(?! chinh| phi)|(?<!s[o0e] )xay dung|"
    r"ch[a-z]{0,2} tr[i1]|ph[odbe60][i1] h[a-z0-9]p"
)
STOP = re.compile(rf"(?:^|(?<=[\s,]))(?:{_STOPS})\b|[;:.()]")
# An agency noun phrase can start here (folded; OCR "s&", "s¢", "so", "s6" for "sở").
AGENCY_HEAD = re.compile(
    r"(?:(?:de|b[e0-9]?|p[e0-9]?) nghi\s+)?(?:cac\s+|c[a-z0-9]{1,2}c\s+)?"
    r"(?:s[o0&¢6e§]?[\s,]|ban[\s,]|nganh[\s,]|uy ban|ubnd|van phong|v[a-z]{1,2}n phong|thanh tra|"
    r"cong an|cuc\s|kho bac|bao hiem|dai\s|pai\s|bao\s|b[a-z0-9]o\s|buu dien|truong chinh tri|"
    r"t[o6] kiem tra|co quan|don vi|thu tr[a-z]{2,4}ng|chu t[a-z]{1,2}ch|giam d[a-z]c|chanh van phong|"
    r"mat tran|doan the|to chuc|bo\s)"
)
# Heads of bodies name the body they head (gold README §7 "Heading agency").
POSITION = re.compile(
    r"(?:^|(?<=, )|(?<=; )|(?<= va ))(?:thu tr[a-z]{2,4}ng|chu t[a-z]{1,2}ch|tr[a-z]{2,4}ng|giam d[a-z]c|chanh)\s+"
    r"(?=cac |c[a-z0-9]c |ban |uy ban|ubnd|so |s\S |van phong|v[a-z]n phong)"
)
# What every POSITION match holds, without the look-behinds that open it (and keep the
# regex engine from skipping ahead): most phrases name no head of a body and are let
# through after this cheaper search.
_POSITION_WORDS = re.compile(
    r"(?:thu tr[a-z]{2,4}ng|chu t[a-z]{1,2}ch|tr[a-z]{2,4}ng|giam d[a-z]c|chanh)\s+"
    r"(?=cac |c[a-z0-9]c |ban |uy ban|ubnd|so |s\S |van phong|v[a-z]n phong)"
)
# Bodies whose own name holds a predicate word ("Tổ kiểm tra ...", "Ban Chỉ đạo ...").
NAME_WITH_STOP_WORD = re.compile(r"(?:cac\s+)?(?:t[o6] kiem tra|ban ch[a-z] d[a-z]o)\b")
DE_NGHI = re.compile(r"^(?:de nghi|b[e0-9]? nghi|p[e0-9]? nghi)\s+")
# Role words inside a target's parenthesis.
_MONITOR = re.compile(r"huong dan|theo d[a-z]{1,2}|don d[a-z]c")
_IMPLEMENT = re.compile(r"th[a-z]{1,2}c hien|trien khai")
_ADVISE = re.compile(r"tham m[a-z]{1,3}")
_ROLE_VERB = re.compile(
    rf"(?:chiu trach nhiem\s+)?(?:{CHU_TRI.pattern}|{PHOI_HOP.pattern}|to chuc thuc hien|"
    r"thuc hien|trien khai|tham muu|huong dan|theo doi|don doc)"
)
_VN_MARKS = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
_SPLIT_AND = re.compile(
    r"\s+và\s+(?=(?:các|Các|Sở|Ủy ban|Uỷ ban|UBND|Văn phòng|Bưu điện|Thanh tra|Công an|Cục|Đài|Báo)\b)"
)
_OCR_PIECES = re.compile(r"\s*,\s*|\s+v[aà]\s+")
# _OCR_PIECES as a split keeping its separators, written to open with a comma or a space:
# the same matches (a run of spaces is followed by the comma or "và" or by neither), but
# the regex engine can skip to the next comma or space instead of trying it everywhere.
_OCR_PIECE_SPLIT = re.compile(r"(,\s*|\s+(?:,\s*|v[aà]\s+))")


# OCR prints a marked vowel as a digit or symbol inside a word ("S& Noi vu", "T6 kiém tra",
# "c6 trach nhiém", "B4o"); read as the vowel so predicate words and agency heads match.
# The patterns open with the glyph and look behind afterwards: the same one-character
# matches as "(?<=[a-z])[6&¢§](?![0-9])|[&¢§](?=[a-z])" and "(?<=[a-z])4(?=[a-z])", but the
# regex engine can skip to the next glyph instead of trying the look-behind everywhere.
_OCR_O = re.compile(r"[6&¢§](?:(?<=[a-z][6&¢§])(?![0-9])|(?<=[&¢§])(?=[a-z]))")
_OCR_A = re.compile(r"4(?<=[a-z]4)(?=[a-z])")


@lru_cache(maxsize=2048)
def fold_roles(text: str) -> str:
    """:func:`fold_same_length` with OCR look-alike vowels read as vowels (same length).

    Memoised (bounded): the role readers fold the same item text and its pieces many times
    over (an OCR item of 003 some seven times)."""
    folded = fold_same_length(text)
    # each substitution only where its glyph is printed: most texts hold none, and a
    # substring test costs a fraction of a regex scan
    if "6" in folded or "&" in folded or "¢" in folded or "§" in folded:
        folded = _OCR_O.sub("o", folded)
    if "4" in folded:
        folded = _OCR_A.sub("a", folded)
    return folded


def fold_roles_plain(text: str) -> str:
    """:func:`fold_roles` by both substitutions on every text (the plain computation)."""
    return _OCR_A.sub("a", _OCR_O.sub("o", fold_same_length(text)))


def is_ocr_text(text: str) -> bool:
    """True for text that lost its Vietnamese diacritics (OCR of a scan).

    Real Vietnamese has a fifth of its letters carrying ă â đ ê ô ơ ư or a dot/hook tone;
    the OCR'd 003 has none.
    """
    # Counted without a Python loop over the characters (a visible share of a clean
    # document's extraction): text with diacritics is told by exact bounds read on the
    # text as printed (_surely_marked: lower-casing a whole document cost more than the
    # rest of the count); otherwise ASCII letters by bytes.translate, the other characters
    # (about a fifth of the text) by Counter, one test per distinct character.
    if _surely_marked(text):
        return False
    low = text.lower()
    ascii_only = low.encode("ascii", "ignore")
    letters = len(ascii_only.translate(None, _ASCII_NOT_LETTERS))
    others = Counter(_ASCII_RUN.sub("", low))
    letters += sum(n for c, n in others.items() if c.isalpha())
    if letters < 200:
        return False
    return sum(n for c, n in others.items() if c in _VN_MARKS) / letters < 0.03


_ASCII_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
# The commonest marked letters of Vietnamese text (in the corpus, most frequent first), each
# with its capital: the characters that lower-case to it (checked over all of Unicode by
# tests/loaders/test_role_helpers.py).
_COMMON_MARKS = tuple((c, c.upper()) for c in "đệưủịảếơôụ")
# The only character whose lower case is longer than one character ("i" + a combining dot).
_LONG_LOWER = "\u0130"


def _surely_marked(text: str) -> bool:
    """Whether ``text.lower()`` surely has 3 % of marked letters (so is no OCR text), by
    exact bounds read on ``text`` itself: its letters are at most its characters but the
    spaces and line ends (a character lowers to one character, "İ" to two), and the marked
    letters at least those of the commonest kinds in either case. Text with diacritics
    passes after a few str.count calls, without lower-casing and counting every character
    (the full count costs ~2-3 ms a document); when the bounds do not settle it (OCR text
    has few marked letters), the full count does."""
    most_letters = len(text) + text.count(_LONG_LOWER) - text.count(" ") - text.count("\n")
    if most_letters <= 0:
        return False
    marked = 0
    for k, (mark, capital) in enumerate(_COMMON_MARKS):
        marked += text.count(mark) + text.count(capital)
        if marked / most_letters >= 0.03:
            return True
        if k == 2 and not marked:
            return False  # none of the three commonest: OCR text with other glyphs
    return False


_ASCII_RUN = re.compile(r"[\x00-\x7f]+")


# --------------------------------------------------------------------------------------
# Agency names
# --------------------------------------------------------------------------------------


@dataclass
class Agencies:
    """Agencies read from a phrase; ``unrestored`` lists OCR names kept as printed."""

    names: list[str] = field(default_factory=list)
    unrestored: list[str] = field(default_factory=list)


@lru_cache(maxsize=8)
def _gazetteer_choices(province: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """:func:`_gazetteer` as (skeletons, names), for :func:`rapidfuzz.process.extractOne`."""
    pairs = _gazetteer(province)
    return tuple(key for key, _ in pairs), tuple(name for _, name in pairs)


@lru_cache(maxsize=8)
def _gazetteer(province: str) -> tuple[tuple[str, str], ...]:
    raw = files("cchc_kg.loaders.data").joinpath("role_agencies.tsv").read_text(encoding="utf-8")
    out: list[tuple[str, str]] = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if "{province}" in line:
            if not province:
                continue
            line = line.replace("{province}", province)
        name, *aliases = [f.strip() for f in line.split("\t")]
        out.extend((_skeleton(form), name) for form in (name, *aliases) if form)
    return tuple(out)


# OCR look-alikes of "o" and "i" in the folded skeleton of a name.
_OCR_LOOKALIKES = str.maketrans("&¢§601", "ooooo" + "i")


@lru_cache(maxsize=4096)
def _skeleton(text: str) -> str:
    """Folded letters only, OCR look-alikes mapped (& ¢ § 6 0 → o, 1 → i).

    Memoised (bounded): the list readers ask about the same pieces again (an OCR item of
    003 about 1,000 times for 720 strings)."""
    s = fold_same_length(text).translate(_OCR_LOOKALIKES)
    return " ".join(_LETTER_RUN.findall(s))


_LETTER_RUN = re.compile(r"[a-z]+")


@lru_cache(maxsize=4096)
def restore_agency(printed: str, province: str | None) -> str | None:
    """The gazetteer name an OCR agency mention stands for, or None.

    Memoised (bounded): list readers try the same joined pieces again and again
    (:func:`known_prefix` drops one trailing word at a time, and re-reads every prefix)."""
    sk = _skeleton(strip_position(printed))
    if not sk:
        return None
    return _gazetteer_name(sk, province or "")


@lru_cache(maxsize=4096)
def _gazetteer_name(skeleton: str, province: str) -> str | None:
    """The name of the first gazetteer form closest to ``skeleton`` (fuzz.ratio), when at
    least 84 close. Memoised (bounded): printed forms differing in case, glyphs or a
    leading title share a skeleton."""
    keys, names = _gazetteer_choices(province)
    # extractOne keeps the first of equal best scores, as the loop it replaces did
    found = extractOne(skeleton, keys, scorer=fuzz.ratio, score_cutoff=84)
    return names[found[2]] if found is not None else None


@lru_cache(maxsize=4096)
def strip_position(phrase: str) -> str:
    """ "Thủ trưởng các sở ..., Chủ tịch UBND các huyện" → "các sở ..., UBND các huyện"
    (the bodies that heads of bodies stand for).

    Memoised (bounded): :func:`_restore_groups` checks each piece of a list for every
    prefix of it :func:`known_prefix` tries (003: 1,260 calls, 675 strings)."""
    phrase = phrase.strip()
    folded = fold_roles(phrase)
    if not _POSITION_WORDS.search(folded):
        return phrase
    out, last = [], 0
    for m in POSITION.finditer(folded):
        out.append(phrase[last : m.start()])
        last = m.end()
    out.append(phrase[last:])
    return "".join(out)


def _capitalise(name: str) -> str:
    return name[:1].upper() + name[1:] if name[:1].islower() else name


def agencies_in(phrase: str, *, ocr: bool, province: str | None = None) -> Agencies:
    """Split an agency list ("Sở Tài chính và các cơ quan, đơn vị liên quan") into
    canonical names."""
    names, unrestored = _agencies_in(phrase.strip(" ,;:.-"), ocr, province)
    return Agencies(list(names), list(unrestored))


@lru_cache(maxsize=2048)
def _agencies_in(phrase: str, ocr: bool, province: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """:func:`agencies_in` as (names, unrestored), memoised (bounded): the readers of an item
    ask about the same agency phrase several times (its subject, its block heading, the
    partners after "phối hợp"), and splitting and canonicalising a list is not cheap."""
    if not phrase:
        return (), ()
    if ocr:
        found = _ocr_agencies(phrase, province)
        return tuple(found.names), tuple(found.unrestored)
    names: list[str] = []
    for part in split_agency_list(strip_position(phrase)):
        for piece in _SPLIT_AND.split(part):
            name = _capitalise(canonical_name(piece)) if piece.strip(" ,;.") else ""
            if name and name not in names:
                names.append(name)
    return tuple(names), ()


def _join(pieces: list[str], seps: list[str], i: int, j: int) -> str:
    """Pieces i..j-1 of a split list joined by their printed separators."""
    out = [pieces[i]]
    for k in range(i + 1, j):
        out += [seps[k - 1], pieces[k]]
    return "".join(out).strip()


def _ocr_agencies(phrase: str, province: str | None) -> Agencies:
    """The list when the gazetteer knows it (with trailing garbled words dropped); else a
    greedy longest match of consecutive comma/"va" pieces, unknown pieces kept as printed."""
    known = known_prefix(phrase, 0, len(phrase), province)
    if known is not None:
        return Agencies(list(dict.fromkeys(known[1])))
    parts = _OCR_PIECE_SPLIT.split(phrase)
    pieces, seps = parts[0::2], parts[1::2]
    keep = [k for k, p in enumerate(pieces) if p.strip()]
    seps = [seps[k - 1] if k else "" for k in keep][1:]
    pieces = [pieces[k] for k in keep]
    out = Agencies()
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            joined = _join(pieces, seps, i, j)
            name = restore_agency(joined, province)
            if name is not None:
                if name not in out.names:
                    out.names.append(name)
                i = j
                break
        else:
            printed = strip_position(pieces[i])
            if (local := _local_committee(printed)) is not None:
                if local not in out.names:
                    out.names.append(local)
            elif AGENCY_HEAD.match(fold_roles(printed)):
                out.names.append(printed)
                out.unrestored.append(printed)
            i += 1
    return out


# "UBND huyện Ia H'Drai": the committee of a named district, town or commune. The kind
# words are restored; the place name is kept as printed (no gazetteer of place names here).
_LOCAL_COMMITTEE = re.compile(
    r"^(?:uy ban nhan dan|ubnd)\s+(huyen|thanh pho|thi xa|xa|phuong|thi tran)\s+(?=\S)"
)
_LOCAL_KIND = {
    "huyen": "huyện",
    "thanh pho": "thành phố",
    "thi xa": "thị xã",
    "xa": "xã",
    "phuong": "phường",
    "thi tran": "thị trấn",
}


def _local_committee(printed: str) -> str | None:
    m = _LOCAL_COMMITTEE.match(fold_roles(printed))
    if m is None:
        return None
    return f"Ủy ban nhân dân {_LOCAL_KIND[m.group(1)]} {printed[m.end() :].strip(' .,:;')}"


def agency_phrase_end(text: str, start: int = 0) -> int:
    """Where an agency list starting at ``start`` ends: at the first predicate word."""
    folded = fold_roles(text)
    pos = start
    while (m := STOP.search(folded, pos)) is not None:
        # ";" between agencies of a heading ("Các Sở, ban, ngành; UBND các huyện ...").
        if m.group(0) == ";" and AGENCY_HEAD.match(folded[m.end() :].lstrip()):
            pos = m.end()
            continue
        return m.start()
    return len(text)


def leading_agencies(text: str, *, ocr: bool, province: str | None = None) -> tuple[Agencies, int] | None:
    """The agency that is the inline subject of ``text`` ("Sở Nội vụ tăng cường ...",
    "Đề nghị Công an tỉnh tiếp tục ..."), with the offset where its predicate starts."""
    folded = fold_roles(text)
    if not AGENCY_HEAD.match(folded):
        return None
    start = 0
    if m := DE_NGHI.match(folded):
        start = m.end()
    named = NAME_WITH_STOP_WORD.match(folded, start)
    end = agency_phrase_end(text, named.end() if named else start)
    found = agencies_in(text[start:end], ocr=ocr, province=province)
    if not found.names or (ocr and found.unrestored == found.names):
        return None
    return found, end


# --------------------------------------------------------------------------------------
# Roles in a body-task item
# --------------------------------------------------------------------------------------


def is_chu_tri(text: str) -> bool:
    """The item itself assigns "chủ trì" (not a reference to tasks "được giao chủ trì")."""
    folded = fold_roles(text)
    return any(
        not CHU_TRI_REFERENCE.search(folded, max(0, m.start() - 24), m.end())
        for m in CHU_TRI.finditer(folded)
    )


def cooperating_spans(text: str) -> list[tuple[int, int]]:
    """Where the agency lists after "phối hợp (chặt chẽ ...) (với)" are printed."""
    folded = fold_roles(text)
    out: list[tuple[int, int]] = []
    for m in PHOI_HOP.finditer(folded):
        start = m.end()
        v = VOI.match(folded, start)
        if v and not v.group(0).endswith((" va", " ve")):
            start = v.end()
        start += len(folded[start:]) - len(folded[start:].lstrip(" ,"))
        if not AGENCY_HEAD.match(folded, start):
            continue
        out.append((start, agency_phrase_end(text, start)))
    return out


def cooperating_in(text: str, *, ocr: bool, province: str | None = None) -> list[str]:
    """Agencies named after "phối hợp (chặt chẽ ...) (với)" anywhere in the item."""
    out: list[str] = []
    for start, end in cooperating_spans(text):
        for name in agencies_in(text[start:end], ocr=ocr, province=province).names:
            if name not in out:
                out.append(name)
    return out


@lru_cache(maxsize=2048)
def _restore_groups(phrase: str, province: str | None) -> tuple[tuple[str, str, str], ...] | None:
    """(printed separator before, first printed piece, canonical name) for each agency of an
    OCR list, or None when a piece is not known.

    Memoised (bounded): :func:`known_prefix` reads the same list for the inline subject, the
    partners and the capitalised names of an item, and the items of a block share theirs."""
    parts = _OCR_PIECE_SPLIT.split(phrase)
    pieces, seps = parts[0::2], parts[1::2]
    out: list[tuple[str, str, str]] = []
    i = 0
    while i < len(pieces):
        if not pieces[i].strip() or strip_position(pieces[i]) != pieces[i].strip():
            return None
        for j in range(len(pieces), i, -1):
            name = restore_agency(_join(pieces, seps, i, j), province)
            if name is not None and _ends_alike(pieces[j - 1], name):
                break
        else:
            j, name = i + 1, _local_committee(pieces[i])
            if name is None:
                return None
        out.append((seps[i - 1] if i else "", pieces[i], name))
        i = j
    return tuple(out)


def restore_agency_phrase(phrase: str, province: str | None) -> str | None:
    """An OCR agency list in canonical spelling, its separators as printed ("S& Tai chinh va
    cac co quan, don vi lién quan" → "Sở Tài chính và các cơ quan, đơn vị liên quan", the
    case of each first letter as printed); None when a piece is not known."""
    groups = _restore_groups(phrase, province)
    if groups is None:
        return None
    out: list[str] = []
    for sep, piece, name in groups:
        if out:
            out.append(" và " if sep.strip(" ,") else ", ")
        # Group names take "Các" in canonical form; the text keeps what was printed.
        if name.startswith("Các ") and not re.match(r"c\S{1,2}c ", fold_roles(piece.strip())):
            name = name[4:]
        first = piece.strip()[:1]
        if first.islower() and name[1:2].islower():
            name = name[:1].lower() + name[1:]
        elif first.isupper():
            name = name[:1].upper() + name[1:]
        out.append(name)
    return "".join(out)


def known_prefix(text: str, start: int, end: int, province: str | None) -> tuple[int, list[str]] | None:
    """The longest OCR agency list at ``text[start:end]`` that the gazetteer knows, dropping
    up to twelve trailing words (an OCR-garbled predicate word may not stop the list:
    "thanh phé timg budc" = "thành phố từng bước"): its end and canonical names."""
    for _ in range(13):
        end = start + len(text[start:end].rstrip(" ,:;."))
        groups = _restore_groups(text[start:end], province)
        if groups is not None:
            return end, [name for _, _, name in groups]
        if " " not in text[start:end].strip():
            return None
        end = text.rindex(" ", start, end)
    return None


@lru_cache(maxsize=1024)
def _ends_alike(printed: str, name: str) -> bool:
    """The printed piece ends with the name's last word (fuzzy matching alone would take a
    trailing predicate word into the name: "thanh phé timg budc"). Memoised (bounded): the
    same piece is tried against the same name for every prefix of a list."""
    a, b = _skeleton(printed).split(), _skeleton(name).split()
    return bool(a) and bool(b) and fuzz.ratio(a[-1], b[-1]) >= 50


# The role vocabulary this module reads, in its Vietnamese spelling: OCR forms of these
# words are restored to it in item text ("chi tri, phdi hop v6i" → "chủ trì, phối hợp với").
_ROLE_WORDS = (
    (CHU_TRI, "chủ trì"),
    (re.compile(PHOI_HOP.pattern + r"(?: v[a-z0-9&]{1,2}(?=\s))?"), ""),
    (re.compile(r"t(?<=\bt)heo d[a-z0-9]{0,2}i\b"), "theo dõi"),
    (re.compile(r"d(?<=\bd)[o0-9]n d[a-z0-9]{1,2}c\b"), "đôn đốc"),
    (re.compile(r"h(?<=\bh)[a-z0-9]{2,3}ng d[a-z0-9]{1,2}n\b"), "hướng dẫn"),
)


def role_word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, Vietnamese spelling) of the role words printed in OCR text."""
    folded = fold_roles(text)
    out: list[tuple[int, int, str]] = []
    for pattern, word in _ROLE_WORDS:
        for m in pattern.finditer(folded):
            spelled = word or ("phối hợp với" if " " in m.group(0)[8:] else "phối hợp")
            if text[m.start()].isupper():
                spelled = spelled[:1].upper() + spelled[1:]
            out.append((m.start(), m.end(), spelled))
    return sorted(out)


# A capital after whitespace (the capital is at match start + 1). Written to open with the
# whitespace rather than a look-behind, so the regex engine skips to the next space; the
# capitals found are the same (two never overlap: a capital is no whitespace).
_CAPITAL_AFTER_SPACE = re.compile(r"\s[A-ZĐ]")


def agency_spans(text: str, province: str | None) -> list[tuple[int, int, str]]:
    """Agency lists of an OCR item that a gazetteer restores: (start, end, canonical
    spelling) for the inline subject and the partners after "phối hợp với"."""
    folded = fold_roles(text)
    found: list[tuple[int, int]] = []
    out: list[tuple[int, int, str]] = []
    if AGENCY_HEAD.match(folded):
        start = 0
        if m := DE_NGHI.match(folded):
            start = m.end()
            out.append((0, len(text[: m.end()].rstrip()), "Đề nghị" if text[:1].isupper() else "đề nghị"))
        named = NAME_WITH_STOP_WORD.match(folded, start)
        found.append((start, agency_phrase_end(text, named.end() if named else start)))
    found.extend(cooperating_spans(text))
    # Names printed with a capital anywhere else ("Tham mưu Uy ban nhan dan tinh ...").
    for m in _CAPITAL_AFTER_SPACE.finditer(text):
        pos = m.start() + 1
        if AGENCY_HEAD.match(folded, pos) and not DE_NGHI.match(folded, pos):
            named = NAME_WITH_STOP_WORD.match(folded, pos)
            found.append((pos, agency_phrase_end(text, named.end() if named else pos)))
    for start, end in found:
        known = known_prefix(text, start, end, province)
        if known is None:
            continue
        end = known[0]
        canonical = restore_agency_phrase(text[start:end], province)
        if canonical is not None and not any(s < end and start < e for s, e, _ in out):
            out.append((start, end, canonical))
    return sorted(out)


COOPERATION_OPENING = re.compile(
    r"^(?:(?:tiep tuc|t[a-z]ng c[a-z]{1,3}ng|tich cuc|tham gia|chu dong)[\s,]+)*ph[odbe60][i1] h[a-z0-9]p\b"
)


def cooperation_item(
    text: str, *, ocr: bool, province: str | None = None
) -> tuple[list[str], list[str]] | None:
    """For an item whose main predicate is cooperation ("Phối hợp với X ...", "Đề nghị Y
    ... phối hợp với X", "Tăng cường phối hợp với X"): (X agencies, Y agencies)."""
    folded = fold_roles(text)
    requested: list[str] = []
    rest = 0
    if m := DE_NGHI.match(folded):
        end = agency_phrase_end(text, m.end())
        requested = agencies_in(text[m.end() : end], ocr=ocr, province=province).names
        rest = end
    tail = folded[rest:].lstrip(" ,")
    if not COOPERATION_OPENING.match(tail):
        return None
    partners = cooperating_in(text, ocr=ocr, province=province)
    if not partners:
        return None
    return partners, requested


# --------------------------------------------------------------------------------------
# Roles in a target's own text (000: "(Sở Nội vụ chịu trách nhiệm chủ trì tham mưu; ...)")
# --------------------------------------------------------------------------------------


@dataclass
class TargetRoles:
    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    implementing: list[str] = field(default_factory=list)
    monitoring: list[str] = field(default_factory=list)


def target_roles(text: str, *, ocr: bool, province: str | None = None) -> TargetRoles:
    """Roles stated in the last parenthesis of a target that names agencies with role words."""
    roles = TargetRoles()
    paren = _last_parenthesis(text)
    if paren is None:
        return roles
    clauses: list[tuple[list[str], str]] = []
    pending: list[str] = []
    for clause in re.split(r";", paren):
        # "X chịu trách nhiệm chủ trì tham mưu, các sở ... chịu trách nhiệm thực hiện"
        for sub in re.split(
            r",\s*(?=[^;]*\bchịu trách nhiệm\b)(?=\s*(?:các|Các|Sở|Ủy ban|UBND|Văn phòng))", clause
        ):
            folded = fold_roles(sub)
            m = _ROLE_VERB.search(folded)
            if m is None or not AGENCY_HEAD.match(folded.strip()):
                if AGENCY_HEAD.match(folded.strip()):
                    pending.extend(agencies_in(sub, ocr=ocr, province=province).names)
                continue
            names = pending + agencies_in(sub[: m.start()], ocr=ocr, province=province).names
            pending = []
            clauses.append((names, folded[m.start() :]))
    has_lead = any(CHU_TRI.search(words) for _, words in clauses)
    for names, words in clauses:
        targets: list[list[str]] = []
        if CHU_TRI.search(words):
            targets.append(roles.lead)
        elif _IMPLEMENT.search(words) and not words.strip().startswith(("huong dan", "theo d", "don d")):
            targets.append(roles.implementing if has_lead else roles.lead)
        elif _ADVISE.search(words) and not PHOI_HOP.search(words):
            targets.append(roles.lead)
        if PHOI_HOP.search(words) and not CHU_TRI.search(words):
            targets.append(roles.cooperating)
        if _MONITOR.search(words):
            targets.append(roles.monitoring)
        for bucket in targets:
            for n in names:
                if n not in bucket:
                    bucket.append(n)
    return roles


def _last_parenthesis(text: str) -> str | None:
    """The content of the last top-level parenthesis that contains a role word."""
    depth, start, found = 0, -1, None
    # only the parentheses matter: visited by a regex instead of a loop over every character
    for m in _PARENTHESIS.finditer(text):
        i = m.start()
        if m.group() == "(":
            if depth == 0:
                start = i + 1
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                inner = text[start:i]
                if "trách nhiệm" in inner or CHU_TRI.search(fold_roles(inner)):
                    found = inner
    return found


_PARENTHESIS = re.compile(r"[()]")
