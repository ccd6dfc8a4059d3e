"""Finding agency mentions in a normalised text (exact on orthographic text, OCR-tolerant
on folded text). Pure; the result maps back to source offsets."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from rapidfuzz import fuzz, process

from . import patterns as P
from .gazetteer import AgencyType, District, gazetteer
from .text import NUL, NormText, fold, joined_views, orthographic, soft_equal


@dataclass(frozen=True)
class Mention:
    """One mention of a specific agency: its type, district (for district bodies), the
    canonical label for the document's own province, and where it is (normalised view)."""

    type_id: str
    label: str
    district: str | None
    start: int
    end: int


@dataclass(frozen=True)
class _Phrase:
    text: str  # normalised phrase
    type: AgencyType
    district: District | None
    cased: bool  # the printed phrase starts with a capital (checked on the source)
    upper: bool = False  # an abbreviation ("TU", "SNV"): the source must be in capitals too
    templated: bool = False  # filled from a {province}/{district} template (province's own)


def _expand(
    t: AgencyType, phrase: str, province: str | None, districts: tuple[District, ...]
) -> list[tuple[str, District | None]]:
    if "{province}" in phrase:
        if not province:
            return []
        phrase = phrase.replace("{province}", province)
    if "{district}" in phrase:
        kind = {"ubnd-huyen": "huyện", "ubnd-thanh-pho": "thành phố", "ubnd-thi-xa": "thị xã"}.get(t.id)
        return [(phrase.replace("{district}", d.name), d) for d in districts if d.kind == kind]
    if "{" in phrase:
        return []
    return [(phrase, None)]


@cache
def phrase_table(province_slug: str | None, ocr: bool) -> tuple[_Phrase, ...]:
    """Every printed form of every agency type for a province, normalised (folded for OCR
    text), deduplicated, in gazetteer order; a phrase's index names its branch in the
    phrase patterns."""
    g = gazetteer()
    prov = g.province(province_slug) if province_slug else None
    districts = g.districts.get(province_slug or "", ())
    seen: set[str] = set()
    phrases: list[_Phrase] = []
    for t, printed, fixed in _printed_forms(ocr):
        if fixed is not None:
            if fixed.text not in seen:
                seen.add(fixed.text)
                phrases.append(fixed)
            continue
        for filled, d in _expand(t, printed, prov.name if prov else None, districts):
            norm = fold(filled) if ocr else orthographic(filled)
            if norm in seen:
                continue
            seen.add(norm)
            phrases.append(_Phrase(norm, t, d, filled[:1].isupper(), filled.isupper(), "{" in printed))
    return tuple(phrases)


@cache
def _printed_forms(ocr: bool) -> tuple[tuple[AgencyType, str, _Phrase | None], ...]:
    """Every printed form of every agency type in gazetteer order, with the phrase it
    stands for when that is the same in every province (no template: most of them), made
    once; :func:`phrase_table` then builds only the province's own (templated) phrases,
    and every province shares the objects of the others."""
    out: list[tuple[AgencyType, str, _Phrase | None]] = []
    for t in gazetteer().types.values():
        for printed in (t.label, *t.aliases):
            fixed = None
            if "{" not in printed:
                norm = fold(printed) if ocr else orthographic(printed)
                fixed = _Phrase(norm, t, None, printed[:1].isupper(), printed.isupper(), False)
            out.append((t, printed, fixed))
    return tuple(out)


@cache
def phrase_pattern(province_slug: str | None, ocr: bool) -> re.Pattern[str]:
    """One alternation of every phrase of :func:`phrase_table` (group ``p<i>`` for phrase
    ``i``): what :func:`_scanner` finds, a faster way (the scanner falls back to it)."""
    return P.alternation([p.text for p in phrase_table(province_slug, ocr)], folded=ocr)


@cache
def _shared_part(ocr: bool) -> P.FirstCharAlternation | None:
    """The bucketed alternation of the phrases every province has (no template)."""
    return P.first_char_alternation([p.text for p in phrase_table(None, ocr)], folded=ocr)


@cache
def _scanner(province_slug: str | None, ocr: bool) -> P.PhraseScanner | P.WholeAlternation:
    """The matches of :func:`phrase_pattern`, bucketed by first word, with the phrases
    shared by every province compiled once (see :class:`P.PhraseScanner`) and only the
    province's own ones (its name, its districts) added here (matched without re, see
    :class:`P.LiteralBucket`)."""
    phrases = phrase_table(province_slug, ocr)
    texts = [p.text for p in phrases]
    own = tuple(i for i, p in enumerate(phrases) if p.templated)
    shared = tuple(i for i, p in enumerate(phrases) if not p.templated)
    shared_part = _shared_part(ocr)
    # The shared part stands for this province's untemplated phrases only if they are
    # the same list (a templated phrase printed like a shared one would have taken its
    # place in the deduplication): otherwise bucket the whole list here.
    parts: list[tuple[P.FirstCharAlternation | P.LiteralAlternation, tuple[int, ...]]]
    if shared_part is not None and [phrases[i] for i in shared] == list(phrase_table(None, ocr)):
        parts = [(shared_part, shared)]
        if own:
            # Bucketed as the shared part is (by first word, unless a phrase cannot be); by
            # first word, the province's own phrases are matched without compiling them.
            own_texts = [texts[i] for i in own]
            literal = P.literal_alternation(own_texts, folded=ocr) if shared_part.by_word else None
            own_part = literal or P.first_char_alternation(own_texts, folded=ocr, by_word=shared_part.by_word)
            if own_part is not None and own_part.by_word != shared_part.by_word:
                whole = P.first_char_alternation(texts, folded=ocr, by_word=False)
                parts = [(whole, tuple(range(len(texts))))] if whole is not None else []
            else:
                parts = [*parts, (own_part, own)] if own_part is not None else []
    else:
        whole = P.first_char_alternation(texts, folded=ocr)
        parts = [(whole, tuple(range(len(texts))))] if whole is not None else []
    if not parts:
        return P.WholeAlternation(phrase_pattern(province_slug, ocr))
    # Starts by the first two words when the parts are bucketed by word and every phrase
    # has its prefix among those of every province (compiled once, not per province).
    # The shared part's phrases are those of no province, whose prefixes are known.
    known = _known_prefixes(ocr)
    unchecked = [texts[i] for i in own] if parts[0][0] is shared_part else texts
    starts = (
        P.prefix_starts(known, folded=ocr)
        if all(part.by_word for part, _ in parts) and all(P.phrase_prefix(t) in known for t in unchecked)
        else None
    )
    scan = P.prefix_start_scan(known, folded=ocr) if starts is not None else None
    return P.phrase_scanner(texts, parts, folded=ocr, starts=starts, scan=scan)


@cache
def _known_prefixes(ocr: bool) -> frozenset[str]:
    """The :func:`P.phrase_prefix` of every phrase of every province of the gazetteer (the
    shared phrases and each province's own: only the templated forms are filled)."""
    g = gazetteer()
    prefixes = {P.phrase_prefix(p.text) for p in phrase_table(None, ocr)}
    for prov in (*g.provinces_before.values(), *g.provinces_after.values()):
        districts = g.districts.get(prov.slug, ())
        for t in g.types.values():
            for printed in (t.label, *t.aliases):
                if "{" in printed:
                    for filled, _ in _expand(t, printed, prov.name, districts):
                        prefixes.add(P.phrase_prefix(fold(filled) if ocr else orthographic(filled)))
    return frozenset(prefixes)


@cache
def vocabulary(province_slug: str | None) -> frozenset[str]:
    """Folded words of every agency phrase, group head and qualifier (for OCR repair)."""
    phrases = phrase_table(province_slug, True)
    words: set[str] = set()
    for p in phrases:
        words.update(re.findall(r"[a-z0-9']+", p.text))
    for src in (*P.GROUP_HEADS.values(), *P.GROUP_QUALIFIERS):
        words.update(re.findall(r"[a-z]{2,}", fold(src.replace("\\s", " "))))
    words.update(
        fold(w) for w in ("các", "cấp", "và", "thành", "phố", "thị", "xã", "phường", "trấn", "huyện", "tỉnh")
    )
    return frozenset(w for w in words if len(w) >= 2)


@cache
def bigrams(province_slug: str | None) -> frozenset[tuple[str, str]]:
    """Pairs of consecutive folded words of every agency phrase, group head and qualifier
    (to choose between OCR repairs by their neighbour)."""
    phrases = phrase_table(province_slug, True)
    texts = [p.text for p in phrases]
    texts += [fold(src.replace("\\s", " ")) for src in (*P.GROUP_HEADS.values(), *P.GROUP_QUALIFIERS)]
    pairs: set[tuple[str, str]] = set()
    for t in texts:
        words = re.findall(r"[a-z0-9']+", t)
        pairs.update(zip(words, words[1:], strict=False))
    return frozenset(pairs)


def label_for(t: AgencyType, province: str | None, district: District | None) -> str:
    label = t.label
    if district is not None:
        label = label.replace("{district}", district.name)
    if province:
        label = label.replace("{province}", province)
    return label


@cache
def _mention_values(province_slug: str | None, ocr: bool) -> tuple[tuple[str, str, str | None], ...]:
    """What a :class:`Mention` of each phrase of :func:`phrase_table` says (type id,
    canonical label, district name): made once per province, not per mention."""
    prov = gazetteer().province(province_slug) if province_slug else None
    return tuple(
        (
            ph.type.id,
            label_for(ph.type, prov.name if prov else None, ph.district),
            ph.district.name if ph.district else None,
        )
        for ph in phrase_table(province_slug, ocr)
    )


def find_mentions(nt: NormText, source: str, province_slug: str | None, ocr: bool) -> list[Mention]:
    """Every mention of a gazetteer agency in ``nt`` that passes its context checks."""
    phrases = phrase_table(province_slug, ocr)
    values = _mention_values(province_slug, ocr)
    out: list[Mention] = []
    for start, end, idx in _scanner(province_slug, ocr).spans(nt.text):
        if _context_ok(phrases[idx], start, end, nt, source, ocr):
            out.append(Mention(*values[idx], start, end))
    return out


def find_mentions_in(
    views: Sequence[NormText],
    sources: Sequence[str],
    province_slug: str | None,
    ocr: bool,
    joined: tuple[str, list[int]] | None = None,
) -> list[list[Mention]]:
    """:func:`find_mentions` of each view (with its source text), by one scan of the views
    joined (see :func:`joined_views`; ``joined``: that join, when the caller has it), each
    match checked on its own view."""
    if joined is None:
        joined = joined_views([nt.text for nt in views])
    if joined is None:
        return [find_mentions(nt, src, province_slug, ocr) for nt, src in zip(views, sources, strict=True)]
    text, bases = joined
    phrases = phrase_table(province_slug, ocr)
    values = _mention_values(province_slug, ocr)
    out: list[list[Mention]] = [[] for _ in views]
    for start, end, idx in _scanner(province_slug, ocr).spans(text):
        k = bisect_right(bases, start) - 1
        base = bases[k]
        if _context_ok(phrases[idx], start - base, end - base, views[k], sources[k], ocr):
            out[k].append(Mention(*values[idx], start - base, end - base))
    return out


def _context_ok(
    ph: _Phrase, start: int, end: int, nt: NormText, source: str, ocr: bool, *, cased: bool = True
) -> bool:
    text = nt.text
    src_start = nt.origin[start]
    # Abbreviations inside document numbers ("2606/TTr-SNV", "20-NQ/TU", "3759/BNV-CCHC").
    if src_start > 0 and source[src_start - 1] in "/-":
        return False
    if cased and ph.cased and not source[src_start].isupper():
        return False
    if ph.upper and not source[src_start : nt.origin[end - 1] + 1].isupper():
        return False
    not_before, not_after = _context_words(ph.type, ocr)
    if not_before:
        after = text[end : end + 40].lstrip(" ,")
        for word, comma in not_before:
            if _begins_with_word(after, word) and not (
                comma and not text[end : end + 2].lstrip().startswith(",")
            ):
                return False
    if not_after:
        before = text[max(0, start - 40) : start].rstrip()
        if any(_ends_with_word(before, word) for word in not_after):
            return False
    if ph.type.list_context:
        return _in_list_context(text, start, end)
    return True


_ContextWords = tuple[tuple[tuple[str, bool], ...], tuple[str, ...]]
# _context_words_of each type (by id and view, with the type it was made for): a memo
# keyed on the whole AgencyType would hash all its fields (aliases included) at every
# mention.
_CONTEXT: dict[tuple[str, bool], tuple[AgencyType, _ContextWords]] = {}


def _context_words(t: AgencyType, ocr: bool) -> _ContextWords:
    """:func:`_context_words_of`, memoised."""
    hit = _CONTEXT.get((t.id, ocr))
    if hit is None or hit[0] is not t:
        hit = _CONTEXT[t.id, ocr] = (t, _context_words_of(t, ocr))
    return hit[1]


def _context_words_of(t: AgencyType, ocr: bool) -> _ContextWords:
    """The words a mention of ``t`` must not be followed by (with whether the word begins
    with a comma: then only a comma right after the mention counts) and preceded by, as
    the view writes them (folded for OCR text)."""
    norm = fold if ocr else (lambda s: s)
    return (
        tuple((norm(w).lstrip(", "), w.startswith(",")) for w in t.not_before),
        tuple(norm(w) for w in t.not_after),
    )


# Whole-word tests with the string methods, not a pattern compiled per word and type (a
# document meeting a type first paid its compilations): the same as re's ``\w`` (a
# character ``str.isalnum`` or "_") bounding the word.
def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _begins_with_word(s: str, word: str) -> bool:
    r"""``re.match(re.escape(word) + r"(?!\w)", s)``."""
    return s.startswith(word) and (len(s) == len(word) or not _is_word_char(s[len(word)]))


def _ends_with_word(s: str, word: str) -> bool:
    r"""``re.search(r"(?<!\w)" + re.escape(word) + "$", s)`` for ``s`` not ending in a
    newline (``$`` would also match before one)."""
    k = len(s) - len(word)
    return s.endswith(word) and (k == 0 or not _is_word_char(s[k - 1]))


def _in_list_context(text: str, start: int, end: int) -> bool:
    """Portals count only as actors: listed with other bodies or heading a list item."""
    before = text[max(0, start - 12) : start].rstrip()
    return (
        not before
        or before[-1] in ",;:-+(|"
        or before.endswith(" và")
        or bool(re.search(r"(?:^|\s)\d+\.$", before))
    )


# --------------------------------------------------------------------------------------
# Lists of district names ("UBND các huyện, thành phố: Đăk Hà, Đăk Tô, ..., TP. Kon Tum")
# --------------------------------------------------------------------------------------


# Lowest similarity (rapidfuzz ratio) of a piece of a list to a district name.
DISTRICT_CUTOFF = 78
_AND = re.compile(r"^(?:và|va)\s+")


@cache
def _district_names(province_slug: str | None, ocr: bool) -> tuple[tuple[str, ...], tuple[District, ...]]:
    """The province's district names as compared (folded for OCR text), and the districts."""
    districts = gazetteer().districts.get(province_slug or "", ())
    return tuple(fold(d.name) if ocr else orthographic(d.name) for d in districts), districts


@cache
def _district_lengths(province_slug: str | None, ocr: bool) -> frozenset[int]:
    """Lengths of a string (at most 20) that may reach the cutoff against some district
    name: ratio <= 200 * min(L, T) / (L + T) for lengths L and T (InDel distance is at
    least their difference); one point of margin keeps the test exact."""
    names, _ = _district_names(province_slug, ocr)
    return frozenset(
        n
        for n in range(1, 21)
        if any(200 * min(n, t) / (n + t) >= DISTRICT_CUTOFF - 1 for t in map(len, names))
    )


class DistrictNames:
    """The district names of a document's province, and the best district of each string
    already asked in the document (a document repeats the pieces of its lists and
    sentences: one per document, never shared)."""

    def __init__(self, province_slug: str | None, ocr: bool) -> None:
        self.names, self.districts = _district_names(province_slug, ocr)
        self.lengths = _district_lengths(province_slug, ocr)
        self.longest = max(self.lengths, default=0)
        self.memo: dict[str, District | None] = {}

    def surely_none(self, s: str) -> bool:
        """``best(s)`` is None, told without the rest of the cleaning: stripped of " .:",
        ``s`` is longer than every length in :attr:`lengths` and nothing else :meth:`best`
        removes can begin it (neither prefix; then the second strip finds no " " or "."
        at either end), so it compares that string itself. Most pieces of a sentence are
        such: a strip instead of the cleaning and a memo entry."""
        core = s.strip(" .:")
        if len(core) <= self.longest:
            return False
        # Both prefixes begin with "t"/"T" ("tp", "thành phố", "thanh pho") or "v" ("và").
        return core[0] not in "tTv" or (P.CITY_PREFIX.match(core) is None and _AND.match(core) is None)

    def best(self, s: str) -> District | None:
        """The district whose name ``s`` (a name, "TP." before it, "và" before it) is most
        similar to (the first of equals), if as similar as :data:`DISTRICT_CUTOFF`."""
        if s in self.memo:
            return self.memo[s]
        name = _AND.sub("", P.CITY_PREFIX.sub("", s.strip(" .:")).strip(" ."))
        out = None
        if name and len(name) in self.lengths:
            hit = process.extractOne(name, self.names, scorer=fuzz.ratio, score_cutoff=DISTRICT_CUTOFF)
            out = self.districts[hit[2]] if hit is not None else None
        self.memo[s] = out
        return out


def find_district_lists(nt: NormText, names: DistrictNames) -> list[Mention]:
    """District bodies named in a run of at least three district names of the province."""
    text = nt.text
    # A run of three names needs three pieces, so two separators.
    if not names.districts or text.count(",") + text.count(";") < 2:
        return []
    texts = _PIECE.findall(text)
    if len(texts) < 3:
        return []
    # Every piece as a whole name, at once (best is pure; its memo only saves time). A
    # run needs its second piece to be one (see below): none past the first, no run (most
    # sentences; most pieces are told apart from names by length alone).
    whole_names = [None if names.surely_none(t) else names.best(t) for t in texts]
    if all(d is None for d in whole_names[1:]):
        return []
    pieces = [(m.start(), m.end(), m.group(0)) for m in _PIECE.finditer(text)]
    out: list[Mention] = []
    # The other scores of a piece on demand: as a run's first piece (a name at its end), as
    # its last piece (a name at its start).
    tails: dict[int, District | None] = {}

    def whole(k: int) -> District | None:
        return whole_names[k]

    def tail(k: int) -> District | None:
        if k not in tails:
            words = pieces[k][2].split()
            found = next(
                (d for n in (3, 2, 1) if len(words) > n if (d := names.best(" ".join(words[-n:])))), None
            )
            tails[k] = found or whole(k)
        return tails[k]

    def head(k: int) -> District | None:
        words = pieces[k][2].split()
        found = next((d for n in (3, 2, 1) if len(words) > n if (d := names.best(" ".join(words[:n])))), None)
        return found or whole(k)

    i = 0
    while i < len(pieces):
        # A run: first piece may carry junk before the name, last piece junk after it.
        # Three names need the second piece to be one (else the run has two pieces at
        # most): the first piece is scored only then.
        first = tail(i) if i + 1 < len(pieces) and whole(i + 1) is not None else None
        if first is None:
            i += 1
            continue
        j = i + 1
        while j < len(pieces) and whole(j) is not None:
            j += 1
        run = [first] + [whole(k) for k in range(i + 1, j)]
        last = head(j) if j < len(pieces) else None
        run_end = j + 1 if last is not None else j
        if last is not None:
            run.append(last)
        found = [d for d in run if d is not None]
        if len(found) >= 3:
            t = gazetteer().types
            for d in found:
                tid = (
                    "ubnd-thanh-pho"
                    if d.kind == "thành phố"
                    else "ubnd-thi-xa"
                    if d.kind == "thị xã"
                    else "ubnd-huyen"
                )
                out.append(
                    Mention(tid, label_for(t[tid], None, d), d.name, pieces[i][0], pieces[run_end - 1][1])
                )
            i = run_end
        else:
            i += 1
    return out


_PIECE = re.compile(r"[^,;]+")


# --------------------------------------------------------------------------------------
# OCR text: agency names with a letter or a word lost ("Vin phong Chinh pha", "B9 Tai
# chinh", "Ban Chap Trung wong" for Ban Chấp hành Trung ương)
# --------------------------------------------------------------------------------------

# Lowest similarity (rapidfuzz ratio, 0-100) of a window of OCR words to a gazetteer name.
# 87 admits one lost short word in a four-word name and a wrong letter per short word;
# the first letter must agree (OCR keeps word shapes), so "Sở Tư pháp" never reads as "Bộ".
FUZZY_CUTOFF = 87
_WORD = re.compile(r"[a-z0-9']+")
_WORD_SPLIT = re.compile(r"([a-z0-9']+)")


# A gazetteer name as the fuzzy matcher sees it: (its order among the names of its first
# letter, phrase index, words joined by one space).
_FuzzyName = tuple[int, int, str]


@dataclass(frozen=True)
class _Choices:
    """Names a window is scored against, in their order (extractOne gives a tie to the
    first), and the window lengths that may reach the cutoff against one of them: the
    ratio of lengths L and T is at most 200 min(L, T) / (L + T), below 86 unless
    86 L <= 114 T and 86 T <= 114 L (exact bound, one point of margin)."""

    names: tuple[_FuzzyName, ...]
    choices: dict[int, str]  # phrase index -> words
    shortest: int  # a window shorter than this cannot reach the cutoff
    longest: int  # nor one longer than this

    @staticmethod
    def of(names: tuple[_FuzzyName, ...]) -> _Choices:
        names = tuple(sorted(names))
        lengths = [len(text) for _, _, text in names]
        return _Choices(
            names,
            {idx: text for _, idx, text in names},
            -(-86 * min(lengths) // 114),
            114 * max(lengths) // 86,
        )


@dataclass(frozen=True)
class _Width:
    """The names a window of ``k`` words is compared with, indexed by what the window
    must share with them (see :func:`find_fuzzy_mentions`)."""

    same: dict[str, _Choices]  # k words, by the first letter of the last word
    # By the last word: the names of k - 1 or k + 1 words ending on it, with those of
    # ``same`` for its first letter (what a window ending on that word is scored against).
    near: dict[str, _Choices]
    soft: dict[tuple[int, ...], tuple[tuple[int, tuple[str, ...]], ...]]  # k words, by word lengths
    soft_lengths: frozenset[int]  # characters of the names of ``soft`` (a cheap first test)


@dataclass(frozen=True)
class _FuzzyIndex:
    """The names a window starting with one letter may be (names of the same first letter,
    and of "d" for "p"/"b", which may be an OCR "đ"), by window width."""

    widths: tuple[_Width, ...]  # index k: windows of k words (2 to 8)
    # 114 x the characters of the longest name: a window of L characters with 86 L above
    # it scores below the cutoff against every name (see _Choices).
    too_long: int


@cache
def _fuzzy_phrases(province_slug: str | None) -> dict[str, tuple[tuple[int, tuple[str, ...]], ...]]:
    """Folded gazetteer names of two words or more, by first letter: (phrase index, words)."""
    phrases = phrase_table(province_slug, True)
    out: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for i, p in enumerate(phrases):
        words = _WORD.findall(p.text)
        if len(words) < 2 or len(p.text) < 7 or p.type.list_context:
            continue
        out.setdefault(words[0][0], []).append((i, tuple(words)))
    return {k: tuple(v) for k, v in out.items()}


@cache
def _fuzzy_index(province_slug: str | None, first: str) -> _FuzzyIndex | None:
    """The :class:`_FuzzyIndex` of windows starting with ``first`` (None: no name), built
    once per province and letter, so a window costs a few dictionary look-ups instead of
    a scan of every name."""
    by_letter = _fuzzy_phrases(province_slug)
    names = by_letter.get(first, ()) + (by_letter.get("d", ()) if first in "pb" else ())
    if not names:
        return None
    same: dict[int, dict[str, list[_FuzzyName]]] = {}
    near: dict[int, dict[str, list[_FuzzyName]]] = {}
    soft: dict[int, dict[tuple[int, ...], list[tuple[int, tuple[str, ...]]]]] = {}
    for order, (idx, words) in enumerate(names):
        n, name = len(words), (order, idx, " ".join(words))
        same.setdefault(n, {}).setdefault(words[-1][0], []).append(name)
        soft.setdefault(n, {}).setdefault(tuple(map(len, words)), []).append((idx, words))
        for k in (n - 1, n + 1):
            near.setdefault(k, {}).setdefault(words[-1], []).append(name)
    widths = tuple(
        _Width(
            {c: _Choices.of(tuple(v)) for c, v in same.get(k, {}).items()},
            {w: _Choices.of((*same.get(k, {}).get(w[0], ()), *v)) for w, v in near.get(k, {}).items()},
            {ls: tuple(v) for ls, v in soft.get(k, {}).items()},
            frozenset(sum(ls) + len(ls) - 1 for ls in soft.get(k, {})),
        )
        if k >= 2
        else _Width({}, {}, {}, frozenset())  # no window is shorter than two words
        for k in range(9)
    )
    return _FuzzyIndex(widths, 114 * max(len(" ".join(words)) for _, words in names))


@cache
def _fuzzy_indexes(province_slug: str | None) -> dict[str, _FuzzyIndex]:
    """The :class:`_FuzzyIndex` of every letter that begins a name (or may stand for one)."""
    letters = set(_fuzzy_phrases(province_slug)) | (
        {"p", "b"} if "d" in _fuzzy_phrases(province_slug) else set()
    )
    return {c: i for c in sorted(letters) if (i := _fuzzy_index(province_slug, c)) is not None}


# Windows worth scoring are found by regular expressions over a signature of the words:
# two characters per word, its first letter and a character standing for its length. A
# word no mention may begin at (see find_fuzzy_mentions) has its letter in a second form.
class _LengthChars(dict[int, str]):
    """Word length -> the character standing for it in a signature (never a letter)."""

    def __missing__(self, n: int) -> str:
        ch = chr(0x100 + min(n, 0xFF))
        if n < 0x100:  # bounded: a longer word is looked up again (rare)
            self[n] = ch
        return ch


_LENGTH_CHARS = _LengthChars()


def _dead(letter: str) -> str:
    """The second form of a word's first letter (ASCII): the word may end a window, not
    begin one. Kept below 256, so a character set of both forms compiles to a small
    bitmap (one beyond makes re build a table of every 16-bit character, ~1 ms)."""
    return chr(0x80 + ord(letter))


class _DeadForms(dict[str, str]):
    """Letter -> :func:`_dead` of it, filled on first use (a look-up, not a call, per word)."""

    def __missing__(self, letter: str) -> str:
        self[letter] = dead = _dead(letter)
        return dead


_DEAD = _DeadForms()


def _signature(words: list[str], live: list[bool] | None) -> str:
    firsts = [w[0] for w in words]
    if live is not None:
        firsts = [c if ok else _DEAD[c] for c, ok in zip(firsts, live, strict=True)]
    return "".join(map(str.__add__, firsts, map(_LENGTH_CHARS.__getitem__, map(len, words))))


@cache
def _fuzzy_all_cased(province_slug: str | None) -> bool:
    """Every name of the fuzzy matcher is printed with a capital (the usual case)."""
    phrases = phrase_table(province_slug, True)
    return all(phrases[i].cased for names in _fuzzy_phrases(province_slug).values() for i, _ in names)


@cache
def _window_patterns(
    province_slug: str | None,
) -> tuple[tuple[tuple[re.Pattern[str], ...], dict[str, set[str]]], ...]:
    """For windows of ``k`` words (the index): patterns over the signature whose matches
    together are the first letter of every window that may be scored as close to a name
    of ``k`` words (the first letter of its last word is that of the name's last word) or
    as a misreading of one (the same word lengths), and the last words of the names of
    ``k`` - 1 or ``k`` + 1 words by first letter (a window must end on one of them to be
    compared with those). Each branch consumes only the first letter, so a window is found
    at every word. When every name is printed with a capital, a window never begins at a
    word in its second form (see :func:`find_fuzzy_mentions`).

    Two patterns per width: the branches of the names every province has, compiled once
    (:func:`_shared_window_patterns`), and those of the province's own names (its name,
    its districts), a few. A position matches the branches of a set of names exactly
    where it matches those of one part or the other; the shared part may hold a name the
    province lost to one of its own of the same text (another type), whose windows then
    score nothing (see :func:`_fuzzy_mentions`)."""
    both = not _fuzzy_all_cased(province_slug)
    phrases = phrase_table(province_slug, True)
    own = {
        first: names
        for first, all_names in _fuzzy_phrases(province_slug).items()
        if (names := tuple(n for n in all_names if phrases[n[0]].templated))
    }
    shared = _shared_window_patterns(both)
    out: list[tuple[tuple[re.Pattern[str], ...], dict[str, set[str]]]] = []
    for k in range(9):
        near = {
            first: set(index.widths[k].near)
            for first, index in _fuzzy_indexes(province_slug).items()
            if index.widths[k].near
        }
        own_branches = _window_branches(own, k, both)
        own_pattern = re.compile("|".join(own_branches), re.DOTALL) if own_branches and k >= 2 else None
        out.append((tuple(p for p in (shared[k], own_pattern) if p is not None), near))
    return tuple(out)


@cache
def _shared_window_patterns(both: bool) -> tuple[re.Pattern[str] | None, ...]:
    """The window pattern of each width for the names of no province (every province's
    untemplated names), compiled once per process and form of the first letter."""
    names = _fuzzy_phrases(None)
    return tuple(
        re.compile("|".join(branches), re.DOTALL)
        if (branches := _window_branches(names, k, both)) and k >= 2
        else None
        for k in range(9)
    )


def _window_branches(
    by_letter: dict[str, tuple[tuple[int, tuple[str, ...]], ...]], k: int, both: bool
) -> list[str]:
    """The branches of the window pattern of width ``k`` for names by first letter (as
    :func:`_fuzzy_phrases`; a window beginning with "p" or "b" is compared with the names
    of "d" too, as in :func:`_fuzzy_index`): per first letter, the first letters of the
    last words of its names of ``k`` words, and their word lengths."""
    letters = set(by_letter) | ({"p", "b"} if "d" in by_letter else set())
    branches: list[str] = []
    for first in sorted(letters):
        names = by_letter.get(first, ()) + (by_letter.get("d", ()) if first in "pb" else ())
        same = sorted({words[-1][0] for _, words in names if len(words) == k})
        soft = sorted({tuple(map(len, words)) for _, words in names if len(words) == k})
        ahead = []
        if same:
            lasts = "".join(re.escape(c) + re.escape(_dead(c)) for c in same)
            ahead.append(f".{{{2 * k - 3}}}[{lasts}]")
        for lengths in soft:
            ahead.append("".join(("." if m else "") + _LENGTH_CHARS[n] for m, n in enumerate(lengths)))
        if ahead:
            start = "[" + re.escape(first) + re.escape(_dead(first)) + "]" if both else re.escape(first)
            branches.append(start + "(?=" + "|".join(ahead) + ")")
    return branches


def _windows(words: list[str], province_slug: str | None, live: list[bool] | None = None) -> list[int]:
    """The windows that share with some name what :func:`find_fuzzy_mentions` needs to
    score them, as 16 x first word + number of words (2 to 8), in the order of a scan (by
    first word, then width: the order of equal hits), beginning only at the ``live`` words
    if given. Most windows share nothing: found by one regular expression per width over
    the signature (a branch needs the window's last word, so every window found fits in
    the text) and a look-up per word that ends a name, instead of a look-up per window."""
    if live is not None and not _fuzzy_all_cased(province_slug):
        live = None  # a name printed in lower case may begin anywhere
    sig = _signature(words, live)
    patterns = _window_patterns(province_slug)
    found: list[int] = []
    for k in range(2, 9):
        for pattern in patterns[k][0]:
            # start = 2 x the first word
            found += [8 * start + k for start in map(re.Match.start, pattern.finditer(sig))]
    ends = _near_ends(province_slug)
    for j in [j for j, w in enumerate(words) if w in ends]:
        for k, letters in ends[words[j]]:
            i = j - k + 1
            if i >= 0 and words[i][0] in letters and (live is None or live[i]):
                found.append(16 * i + k)
    return sorted(set(found))


@cache
def _near_ends(province_slug: str | None) -> dict[str, tuple[tuple[int, frozenset[str]], ...]]:
    """Every last word of a name, with the window widths and first letters for which a
    window ending on it is compared with a name one word longer or shorter."""
    ends: dict[str, dict[int, set[str]]] = {}
    for k, (_, near) in enumerate(_window_patterns(province_slug)):
        for first, words in near.items():
            for w in words:
                ends.setdefault(w, {}).setdefault(k, set()).add(first)
    return {
        w: tuple((k, frozenset(fs)) for k, fs in sorted(by_k.items()) if k >= 2) for w, by_k in ends.items()
    }


def find_fuzzy_mentions(
    nt: NormText, source: str, province_slug: str | None, taken: list[tuple[int, int]]
) -> list[Mention]:
    """Mentions of gazetteer names in repaired OCR text that the exact pattern misses: a
    window of words as similar as :data:`FUZZY_CUTOFF` to a name of about the same number
    of words, outside the spans already ``taken`` by exact mentions, passing the same
    context checks. Best windows first, never overlapping.

    A window of ``k`` words (2 to 8) is compared with names of the same first letter
    (``p``/``b`` may be an OCR ``đ``) and one word more or less. A window one word short
    or long must still end on the name's last word ("Hội đồng nhân dân" is not "Hội đồng
    nhân dân tỉnh"); one of the same length must end on a word of the same first letter.
    Short names may also match with every word misread in one vowel, digit or symbol
    ("Tinh ty", :func:`soft_equal`)."""
    return _fuzzy_mentions(nt.text, [0], [nt], [source], province_slug, [taken])[0]


def find_fuzzy_mentions_in(
    views: Sequence[NormText],
    sources: Sequence[str],
    province_slug: str | None,
    taken: Sequence[list[tuple[int, int]]],
) -> list[list[Mention]]:
    """:func:`find_fuzzy_mentions` of each view (with its source text and the spans its
    exact mentions took), by one pass over the words of the views joined (see
    :func:`joined_views`): the windows are found once for the document and those across
    a view's edge dropped, instead of a search per width and view."""
    joined = joined_views([nt.text for nt in views])
    if joined is None:
        return [
            find_fuzzy_mentions(nt, src, province_slug, tk)
            for nt, src, tk in zip(views, sources, taken, strict=True)
        ]
    text, bases = joined
    return _fuzzy_mentions(text, bases, views, sources, province_slug, taken)


def _fuzzy_mentions(
    text: str,
    bases: list[int],
    views: Sequence[NormText],
    sources: Sequence[str],
    province_slug: str | None,
    taken: Sequence[list[tuple[int, int]]],
) -> list[list[Mention]]:
    """:func:`find_fuzzy_mentions` of the ``views`` whose texts ``text`` joins (view ``v``
    at offset ``bases[v]``, a NUL before the next), by view."""
    # [separator, word, separator, ..., word, separator] (no match object per word): word
    # t spans bounds[2t] to bounds[2t + 1] of the text.
    parts = _WORD_SPLIT.split(text)
    words = parts[1::2]
    bounds = list(accumulate(map(len, parts)))
    starts = bounds[0::2][: len(words)]
    # The words of view v are firsts[v] to firsts[v + 1] - 1 (a word never spans a NUL).
    firsts = [bisect_left(starts, base) for base in bases] + [len(words)]
    view_of = [v for v in range(len(views)) for _ in range(firsts[v + 1] - firsts[v])]
    indexes = _fuzzy_indexes(province_slug)
    before = list(accumulate(map(len, words), initial=0))  # characters of the words before each
    # A hit on a window whose first character is not a capital in the source, or follows
    # "/" or "-", fails its context check below when its name is printed with a capital
    # (every name, as a rule) and changes nothing: such windows are not scored.
    live = _live_words(starts, firsts, bases, views, sources)
    hits: list[list[tuple[float, int, int, int]]] = [[] for _ in views]
    for key in _windows(words, province_slug, live):
        i, k = key >> 4, key & 15  # first word, number of words
        v = view_of[i]
        if i + k > firsts[v + 1]:
            continue  # across the edge of a view: not a window of any view
        index = indexes.get(words[i][0])
        if index is None:
            continue  # found by the shared window patterns only (see _window_patterns)
        size = before[i + k] - before[i] + k - 1  # the k words, one space apart
        if 86 * size > index.too_long:
            continue  # too long for every name (exact bound, see _FuzzyIndex)
        start, end = bounds[2 * i] - bases[v], bounds[2 * (i + k - 1) + 1] - bases[v]
        if taken[v] and any(start < e and s < end for s, e in taken[v]):
            continue  # a hit here would be dropped below: it overlaps an exact mention
        last = words[i + k - 1]
        width = index.widths[k]
        names = width.near.get(last) or width.same.get(last[0])
        if names is not None and names.shortest <= size <= names.longest:
            window = " ".join(words[i : i + k])
            best = process.extractOne(window, names.choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if best is not None:
                hits[v].append((best[1], start, end, int(best[2])))
                continue
        if size in width.soft_lengths:
            window_words = words[i : i + k]
            for idx, name_words in width.soft.get(tuple(map(len, window_words)), ()):
                if soft_equal(window_words, name_words):
                    hits[v].append((FUZZY_CUTOFF, start, end, idx))
    return [
        _best_hits(view_hits, nt, source, province_slug, view_taken) if view_hits else []
        for view_hits, nt, source, view_taken in zip(hits, views, sources, taken, strict=True)
    ]


def _live_words(
    starts: list[int], firsts: list[int], bases: list[int], views: Sequence[NormText], sources: Sequence[str]
) -> list[bool]:
    """Whether each word (by its start in the joined views) begins with a capital in its
    source, not after "/" or "-". When every view is its source character for character
    (same length, identity map: the usual block), the sources joined the same way line up
    with the views, and each word is one look-up in that join (the character before a
    view's first word is the NUL, as no character is before its source)."""
    if all(
        nt.origin == range(len(src)) and len(nt.text) == len(src)
        for nt, src in zip(views, sources, strict=True)
    ):
        joined = NUL.join(sources)
        return [joined[p].isupper() and not (p > 0 and joined[p - 1] in "/-") for p in starts]
    live: list[bool] = []
    for v, nt in enumerate(views):
        origin, source, base = nt.origin, sources[v], bases[v]
        live += [
            source[o].isupper() and not (o > 0 and source[o - 1] in "/-")
            for o in [origin[p - base] for p in starts[firsts[v] : firsts[v + 1]]]
        ]
    return live


def _best_hits(
    hits: list[tuple[float, int, int, int]],
    nt: NormText,
    source: str,
    province_slug: str | None,
    taken: list[tuple[int, int]],
) -> list[Mention]:
    """The mentions of a view's fuzzy ``hits``: best first, never overlapping each other
    or what ``taken`` holds, passing the context checks."""
    phrases = phrase_table(province_slug, True)
    values = _mention_values(province_slug, True)
    out: list[Mention] = []
    spans = list(taken)
    for _score, start, end, idx in sorted(hits, key=lambda h: (-h[0], h[1] - h[2])):
        if any(start < e and s < end for s, e in spans):
            continue
        ph = phrases[idx]
        if not _context_ok(ph, start, end, nt, source, True):
            continue
        spans.append((start, end))
        out.append(Mention(*values[idx], start, end))
    return out
