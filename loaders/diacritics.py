"""Restoring the Vietnamese diacritics of OCR text (issue 3 item 9).

Pure. The scan of 003 was read by an OCR engine without a Vietnamese model: tone marks and
vowel hats are lost or turned into other glyphs ("Tiép tuc ning cao két qua nodi dung",
"Pat t6i thiéu tir", "Ty 1& giam"). Restoration is a noisy-channel decoder over syllables:

* **channel** — each OCR token is compared, after undoing the usual glyph confusions
  (``1``/``I`` for ``l``, ``6``/``0``/``¢`` for ``ô``, ``&``/``8``/``€`` for ``ê``, a leading
  ``P`` for ``Đ``, ``ir``/``tt`` for ``ư`` ...), with every Vietnamese syllable without its
  diacritics; close syllables (a weighted edit distance) are the candidates, each in all its
  toned forms. Marks the OCR kept ("két", "diém") favour toned readings.
* **language model** — syllable bigrams from a Vietnamese word list (``data/vi_words.tsv``,
  from pyvi, MIT) and pseudo-counts of usual words (``data/vi_prior.tsv``); a Viterbi search
  picks the likeliest sentence.

Numbers, acronyms ("CCHC", "TTHC") and tokens no syllable explains are kept as printed and
reported, so a caller can flag the string as not (fully) restored.

The restorer is the slow part of extracting an OCR document, so both searches take exact
shortcuts (same readings, same ties as scoring everything; tests/loaders/
test_diacritics_search.py checks each against the plain computation): a token's candidate
syllables are scored best bound first and the rest skipped once no bound can make the cut
(:func:`_ranked`), and a Viterbi step scores each reading only against the states that can
be best for it (:func:`_best_predecessors`).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from bisect import insort
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from importlib.util import find_spec
from operator import itemgetter, neg
from pathlib import Path
from typing import NamedTuple

from rapidfuzz.distance import LCSseq, Levenshtein
from rapidfuzz.process import extract

from .textfold import fold_same_length

# A token: letters, digits and the glyphs the OCR prints for marked vowels.
_TOKEN_RUN = re.compile(r"(?:[^\W_]|[&¢€@])+")
# Glyphs the OCR substitutes for letters (after lower-casing): what each usually stands for.
# A glyph standing for a marked vowel becomes that vowel with a hat (a mark the channel
# model treats as "some mark was here"); "¢" is read both ways.
_GLYPH = {"1": "l", "|": "l", "!": "l", "6": "ô", "0": "ô", "@": "đ", "8": "ê", "&": "ê", "€": "ê", "4": "ã"}
_GLYPH_ALT = {"¢": ("ô", "ê")}
_GLYPH_VOWELS = {"ô", "ê"}  # vowels only ever produced from glyphs by the maps above
GLYPH_HAT = 0.4  # the glyph's hat differs from the syllable's (ô read, ơ or o meant)
# Multi-letter OCR renderings of ư / ơ / ộ ("tir" = từ, "ctia" = của, "dudng" = dưỡng).
_MULTI = (("ir", "u"), ("it", "u"), ("tt", "u"), ("ii", "u"), ("ti", "u"), ("w", "u"), ("tr", "u"))
_VOWELS = set("aeiouy")
EDIT_COST = 2.4  # log-probability cost of one edit between OCR token and syllable
MARK_LOST = 0.25  # the OCR printed no mark where the syllable has one (very common)
MARK_INVENTED = 1.6  # the OCR printed a mark where the syllable has none (rare)
DIGIT_WORD = 1.2  # a digit token read as letters, only where it completes a listed word
RUNNING = 0.3  # at most this share of P(word | prev) comes from the running-text bigrams
REGISTRIES = ("agencies.json", "role_agencies.tsv", "provinces.json", "reform_areas.ttl")
REGISTRY_WEIGHT = 3.0  # a registry name counts as three listed words
SPARSE = 1.0  # Witten-Bell: followers seen once each count this many times as unseen mass
KEEP = "<keep>"  # a token kept as printed (acronym, unknown): breaks the context
KEEP_LOGP = math.log(0.01)
NUM = "<num>"  # numbers are one word for the language model
NUMBER_P = 0.02
MAX_READINGS = 16  # readings of one token kept for the search
POOL = 30  # plain syllables within the edit limit examined per token reading
STATES = 12  # best partial readings kept at each token
FLOOR = 1e-7  # frequency of a listed syllable wordfreq does not know
_FLOOR2 = FLOOR * FLOOR  # the least probability the language model takes the log of
COMPOUND = 0.3  # weight of the word-list bigrams in the language model
RUNNING_TEXT = "pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt"


@cache
def _strip_marks(s: str) -> str:
    """Lower-case, vowel marks removed, đ kept (the syllable's skeleton for mark tests)."""
    out = []
    for c in s.lower():
        if c == "đ":
            out.append(c)
            continue
        d = unicodedata.normalize("NFD", c)
        out.append(d[0] if d else c)
    return "".join(out)


@cache
def _fold(s: str) -> str:
    return fold_same_length(s.lower())


@dataclass(frozen=True)
class _Model:
    toned: dict[str, tuple[str, ...]]  # folded syllable -> toned syllables
    folded: tuple[str, ...]  # every folded syllable (candidate pool)
    uni: dict[str, float]  # toned syllable -> P (general Vietnamese frequency)
    follow: dict[str, dict[str, float]]  # left syllable -> P(right | left) within listed words
    running: dict[str, dict[str, float]]  # left syllable -> P(right | left) in running text
    confidence: dict[str, float]  # how far the running-text estimate for a left syllable is trusted


def _lines(name: str) -> list[str]:
    text = files("cchc_kg.loaders.data").joinpath(name).read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _syllables(phrase: str) -> list[str]:
    return [s for s in re.split(r"[\s,]+", unicodedata.normalize("NFC", phrase.lower())) if s]


@cache
def _model() -> _Model:
    pairs: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    inventory: set[str] = set()

    def add(phrase: str, weight: float) -> None:
        # acronyms ("CCHC", "UBND") are no syllables to read an OCR token as, but they are
        # context for the word after them ("UBND tỉnh")
        acronyms = {w.lower() for w in phrase.split() if len(w) > 1 and w.isupper()}
        sylls = _syllables(phrase)
        inventory.update(s for s in sylls if s.isalpha() and len(s) <= 8 and s not in acronyms)
        for a, b in zip(sylls, sylls[1:], strict=False):
            pairs[a][b] += weight

    for word in _lines("vi_words.tsv"):
        add(word, 1.0)
    for row in _lines("vi_phrases.tsv"):
        phrase, _, weight = row.partition("\t")
        add(phrase, float(weight or 1))
    for phrase in _registry_phrases():
        add(phrase, REGISTRY_WEIGHT)
    # imported here, not at the top: wordfreq's import costs ~0.4 s and only OCR text
    # without diacritics needs the model (a clean document never builds it)
    from wordfreq import get_frequency_dict

    freq = get_frequency_dict("vi", wordlist="small")
    uni = {s: freq.get(s, 0.0) + FLOOR for s in inventory}
    uni[NUM] = NUMBER_P
    toned: dict[str, set[str]] = defaultdict(set)
    for s in inventory:
        toned[_fold(s)].add(s)
    running = _running_text_pairs()
    return _Model(
        toned={k: tuple(sorted(v)) for k, v in toned.items()},
        folded=tuple(sorted(toned)),
        uni=uni,
        follow=_normalised(pairs),
        running=_normalised(running),
        # Witten-Bell: trust a left syllable's observed followers in proportion to how often
        # it was seen against how many different followers it had.
        confidence={
            a: (n := sum(nexts.values())) / (n + SPARSE * len(nexts)) for a, nexts in running.items()
        },
    )


_VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I)


def _registry_phrases() -> list[str]:
    """Vietnamese names the project's registries know (agency gazetteer, role agencies,
    provinces, reform areas, instruments): where the OCR text names them, the restorer
    should read them as written there."""
    data = files("cchc_kg.loaders.data")
    out: list[str] = []

    def walk(x: object) -> None:
        if isinstance(x, str):
            out.extend(p for p in re.split(r"\{province\}|[;:()\[\]\"“”]", x) if _VIETNAMESE.search(p))
        elif isinstance(x, dict):
            for k, v in x.items():
                if k not in ("about", "note", "notes"):  # explanations, not names
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    for name in REGISTRIES:
        text = data.joinpath(name).read_text(encoding="utf-8")
        if name.endswith(".json"):
            walk(json.loads(text))
        elif name.endswith(".ttl"):
            walk(re.findall(r'"([^"]+)"@vi', text))
        else:
            walk([ln for ln in text.splitlines() if not ln.startswith("#")])
    return out


def _normalised(pairs: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    out = {}
    for a, nexts in pairs.items():
        total = sum(nexts.values())
        out[a] = {b: c / total for b, c in nexts.items()}
    return out


def _running_text_pairs() -> dict[str, dict[str, float]]:
    """Syllable bigrams of general running Vietnamese: the VLSP 2013 word-segmented test
    sentences shipped with underthesea (one word per line, a blank line between sentences)."""
    pairs: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    # located without importing underthesea (its import pulls in its whole pipeline)
    spec = find_spec("underthesea")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("underthesea is not installed (pyproject.toml lists it)")
    text = (Path(spec.origin).parent / RUNNING_TEXT).read_text(encoding="utf-8")
    sentence: list[str] = []
    for line in [*text.splitlines(), ""]:
        word = line.split("\t", 1)[0].strip()
        if word and re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", word):
            sentence.extend(_syllables(word))
            continue
        if re.fullmatch(r"\d+(?:[.,/]\d+)*%?", word):
            sentence.append(NUM)
            continue
        for a, b in zip(sentence, sentence[1:], strict=False):
            pairs[a][b] += 1.0
        sentence = []  # a number, punctuation or the end of a sentence breaks the chain
    return pairs


def _variants(token: str) -> set[str]:
    """Readings of an OCR token as letters (glyph confusions undone, marks the OCR printed
    kept so the channel model can see them)."""
    low = unicodedata.normalize("NFKC", token).lower()  # OCR ligatures: "dﬁy" is "dfiy"
    out = {""}
    for c in low:
        options = _GLYPH_ALT.get(c, (_GLYPH.get(c, c),))
        out = {v + o for v in out for o in options}
    for v in list(out):
        if v.startswith("p") and not v.startswith("ph"):
            out.add("đ" + v[1:])  # "Pat" = Đạt: the OCR reads Đ as P
        if v.startswith("i") and len(v) > 1 and _fold(v[1]) not in "aeiou":
            out.add("l" + v[1:])  # "Iy" = lý
    for old, new in _MULTI:
        for v in list(out):
            if old in v[1:]:
                out.add(v[0] + v[1:].replace(old, new))
    return {v for v in out if v.isalpha()}


def _has_mark(token: str) -> bool:
    """Whether the OCR token shows any trace of a diacritic (a marked letter or a glyph)."""
    letters = [c for c in token.lower() if c != "đ"]
    return any(c in _GLYPH and c not in "1|!" for c in letters[1:]) or any(
        c.isalpha() and not c.isascii() for c in letters
    )


_PLAIN_VOWELS = set("aeiouy")
# Plain vowels the OCR prints for a vowel with a hat or horn: "ning" = nâng, "nim" = năm,
# "véi" = với, "tré" = trở, "giit" = giữ.
_CONFUSED = {("i", "â"), ("i", "ă"), ("e", "ơ"), ("i", "ư"), ("e", "ô"), ("a", "â"), ("o", "ơ"), ("u", "ư")}


def _base_vowel(c: str) -> str:
    """The vowel with its hat or horn but without its tone: "ấ" → "â", "ự" → "ư"."""
    d = unicodedata.normalize("NFD", c)
    keep = "".join(ch for ch in d if ch not in "\u0300\u0301\u0303\u0309\u0323")
    return unicodedata.normalize("NFC", keep)


def _garbled(c: str) -> bool:
    """A vowel with a hat, horn or tone mark: what the OCR most often misreads."""
    return c != _fold(c) and c != "đ"


@cache
def _indel(c: str) -> float:
    return 0.8 if _garbled(c) else 1.5 if _fold(c) in _PLAIN_VOWELS else 2.0


@cache
def _sub(x: str, y: str) -> float:
    fx, fy = _fold(x), _fold(y)
    if fx == fy:
        # a glyph tells the hat: "6" is ô, not ơ ("t6i" = tối rather than tới)
        return GLYPH_HAT if x in _GLYPH_VOWELS and _base_vowel(y) != x else 0.0
    if fy not in _PLAIN_VOWELS:
        return 2.0
    if x != fx or fx not in _PLAIN_VOWELS:
        # the OCR printed a mark or a glyph here: some marked vowel, base unreliable
        return 0.5 if _garbled(y) else 1.5
    return 0.5 if (fx, _base_vowel(y)) in _CONFUSED else 1.5


class _SubRow(dict[str, float]):
    """``_sub(x, y)`` for one printed character ``x``, by ``y``: filled on first use. The
    edit distance asks for it ~2 million times on the OCR document; a dict look-up is
    cheaper than the two-argument cache."""

    __slots__ = ("x",)

    def __init__(self, x: str) -> None:
        super().__init__()
        self.x = x

    def __missing__(self, y: str) -> float:
        cost = self[y] = _sub(self.x, y)
        return cost


class _IndelTable(dict[str, float]):
    """``_indel(c)`` by ``c``, filled on first use (same reason as :class:`_SubRow`)."""

    def __missing__(self, c: str) -> float:
        cost = self[c] = _indel(c)
        return cost


_INDEL = _IndelTable()


@cache
def _sub_row(x: str) -> _SubRow:
    return _SubRow(x)


def _shape_char(c: str) -> str:
    """A character the edit costs cannot tell from ``c``: they see a vowel's letter, its hat
    or horn and whether it carries any mark, never which tone. "ấ", "ầ" and "â" cost the
    same against every OCR character, and so do "á", "à" and "ạ"."""
    base = _base_vowel(c)
    if base != _fold(c):
        return base  # a hat or horn: the tone adds nothing the costs see
    if _garbled(c):
        return unicodedata.normalize("NFC", base + "\u0301")  # a tone on a plain vowel
    return c


class _Reading(NamedTuple):
    """One toned syllable as the channel model needs it for one kind of OCR token (with or
    without a mark), worked out once per vocabulary."""

    toned: str
    shape: str  # the syllable with the tones the edit costs do not see dropped (_shape_char)
    mark: float  # the channel cost of its marks against the token's (_mark_cost)
    half_logp: float  # 0.5 * log P(syllable): its weight in the ranking of readings
    rest: float  # mark - half_logp: the part of its ranking key not from the edit distance


@cache
def _readings_of() -> dict[str, tuple[tuple[_Reading, ...], tuple[_Reading, ...]]]:
    """Folded syllable -> its toned readings, for an OCR token without marks and for one
    with marks, each in increasing order of ``rest``. A token's candidates are then visited
    from the likeliest on, and a folded syllable's remaining readings skipped as soon as
    none can make the cut."""
    model = _model()
    out: dict[str, tuple[tuple[_Reading, ...], tuple[_Reading, ...]]] = {}
    for folded, toned in model.toned.items():
        sides = []
        for token_marked in (False, True):
            readings = []
            for t in toned:
                mark = _mark_cost(token_marked, _strip_marks(t) != t)
                half_logp = 0.5 * math.log(model.uni.get(t, FLOOR))
                readings.append(_Reading(t, "".join(map(_shape_char, t)), mark, half_logp, mark - half_logp))
            sides.append(tuple(sorted(readings, key=lambda r: (r.rest, r.toned))))
        out[folded] = (sides[0], sides[1])
    return out


def _mark_cost(token_marked: bool, syllable_marked: bool) -> float:
    """Channel cost of the marks alone (0 where the OCR token and the syllable agree)."""
    if token_marked and not syllable_marked:
        return MARK_INVENTED
    if syllable_marked and not token_marked:
        return MARK_LOST
    return 0.0


class _Aligner:
    """Weighted edit distances from one plain OCR reading to many syllables.

    The distance is the dynamic programme of the classic edit distance, run column by
    column (one column per syllable character), so syllables sharing a prefix share its
    columns; and as the costs see only a syllable's shape (:func:`_shape_char`), all the
    tones of one shape share everything. The OCR garbles the marked vowels and keeps the
    consonants and plain vowels, so editing a marked vowel is cheap (0.5 to replace, 0.8 to
    drop or add), a plain vowel dear (1.5) and a consonant dearer (2).
    """

    __slots__ = ("_rows", "_columns")

    def __init__(self, ocr: str) -> None:
        self._rows = [_sub_row(x) for x in ocr]  # per OCR character: its cost of replacement
        first = [0.0]
        for _ in ocr:
            first.append(first[-1] + 2.0)  # dropping OCR characters before the syllable
        self._columns: dict[str, list[float]] = {"": first}

    def distance(self, shape: str) -> float:
        """Edit distance from the OCR reading to a syllable of this shape."""
        columns = self._columns
        col = columns.get(shape)
        if col is None:
            before = columns.get(shape[:-1])  # usually there: shapes share all but the last
            if before is None:
                before = self._column(shape[:-1])
            col = columns[shape] = self._extend(before, shape[-1])
        return col[-1]

    def _column(self, prefix: str) -> list[float]:
        col = self._columns.get(prefix)
        if col is None:
            col = self._columns[prefix] = self._extend(self._column(prefix[:-1]), prefix[-1])
        return col

    def _extend(self, col: list[float], y: str) -> list[float]:
        """The next column: ``col`` is the cost of each OCR prefix against the syllable
        prefix, ``y`` the syllable character added. The three moves are those of the
        row-by-row programme, so every cell is the same minimum of the same sums."""
        add = _INDEL[y]  # adding y
        above = col[0] + add
        out = [above]
        for diag, left, row in zip(col, col[1:], self._rows, strict=False):
            best = diag + row[y]  # replace (or keep) the OCR character by y
            up = above + 2.0  # drop the OCR character
            if up < best:
                best = up
            left = left + add  # add y
            if left < best:
                best = left
            above = best
            out.append(best)
        return out


EDIT_LIMIT = 2  # the most Levenshtein edits between a token's reading and a syllable


def _deletions(word: str, limit: int) -> set[str]:
    """``word`` with up to ``limit`` of its characters deleted."""
    out = {word}
    edge = {word}
    for _ in range(limit):
        edge = {w[:i] + w[i + 1 :] for w in edge for i in range(len(w))}
        out |= edge
    return out


@cache
def _deletion_index(limit: int) -> dict[str, list[int]]:
    """Each string obtained from a folded syllable by deleting up to ``limit`` characters,
    with the positions in ``_model().folded`` of the syllables it comes from. Two strings
    within ``limit`` edits share such a string (delete the characters each has in excess
    and the replaced ones), so the syllables near a reading are found by its own deletions
    instead of by measuring all ~2,000 syllables."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, folded in enumerate(_model().folded):
        for d in _deletions(folded, limit):
            index[d].append(i)
    return dict(index)


def _near(word: str, limit: int) -> list[tuple[str, int]]:
    """The POOL folded syllables nearest ``word`` within ``limit`` edits (Levenshtein), with
    their distance, nearest first and in vocabulary order on ties: what
    ``rapidfuzz.process.extract(word, folded, scorer=Levenshtein.distance,
    score_cutoff=limit, limit=POOL)`` returns."""
    folded = _model().folded
    index = _deletion_index(limit)
    near: set[int] = set()
    for d in _deletions(word, limit):
        near.update(index.get(d, ()))
    # measured by rapidfuzz among these only, in vocabulary order (its order on ties)
    choices = [folded[i] for i in sorted(near)]
    return [
        (f, int(d))
        for f, d, _ in extract(word, choices, scorer=Levenshtein.distance, score_cutoff=limit, limit=POOL)
    ]


def _skeleton(word: str) -> tuple[str, str]:
    """A folded word's consonants and its vowels, each in order."""
    return "".join(c for c in word if c not in _VOWELS), "".join(c for c in word if c in _VOWELS)


@cache
def _skeletons() -> dict[str, tuple[str, str]]:
    return {f: _skeleton(f) for f in _model().folded}


@lru_cache(maxsize=8192)
def _pool(fv: str) -> tuple[tuple[str, float], ...]:
    """Folded syllables an OCR reading, folded ``fv``, may stand for, each with a lower
    bound of the edit distance from the reading to any of its toned forms, lowest bound
    first (readings differing only in marks share it).

    The bound is the larger of two, each counting edits every alignment needs:
    * the plain Levenshtein distance d between the folded forms: each edit costs at least
      0.5, and a length difference needs that many insertions (0.8 or more each) or
      deletions (2 each);
    * the syllable's consonants that no OCR character can match (beyond the longest common
      subsequence of the consonants) each cost 2 to replace or add, its unmatched vowels at
      least 0.5 each, and an OCR reading longer than the syllable needs a deletion (2) per
      character in excess. The three kinds are different edits, so their costs add up.
    """
    model = _model()
    limit = 0 if len(fv) <= 1 else 1 if len(fv) <= 3 else EDIT_LIMIT
    found: dict[str, int] = {fv: 0} if fv in model.toned else {}
    if limit:
        found.update(_near(fv, limit))
    consonants, vowels = _skeleton(fv)
    skeletons = _skeletons()
    out = []
    for f, d in found.items():
        grow = len(f) - len(fv)
        fixed = 0.8 * grow if grow >= 0 else -2.0 * grow
        f_consonants, f_vowels = skeletons[f]
        unmatched = (
            2.0 * (len(f_consonants) - LCSseq.similarity(f_consonants, consonants))
            + 0.5 * (len(f_vowels) - LCSseq.similarity(f_vowels, vowels))
            + 2.0 * max(0, -grow)
        )
        out.append((f, max(fixed + 0.5 * (d - abs(grow)), unmatched)))
    out.sort(key=lambda fb: fb[1])
    return tuple(out)


# Rounding slack of the pruning bound: the bound and the exact key are sums of a handful of
# small floats, off by far less than this; a reading is skipped only when its bound beats
# the cut by more.
_SLACK = 1e-9


@lru_cache(maxsize=8192)
def _candidates(token: str) -> tuple[tuple[str, float], ...]:
    """Toned syllables that may be meant by an OCR word token, with their channel cost."""
    # sorted: the same result in every process; the readings and whether the token shows a
    # mark are all the ranking sees, so "Tiep" and "tiep" share one ranking
    return _ranked(tuple(sorted(_variants(token))), _has_mark(token))


@lru_cache(maxsize=8192)
def _ranked(readings: tuple[str, ...], marked: bool) -> tuple[tuple[str, float], ...]:
    """The best MAX_READINGS toned syllables for an OCR token read as ``readings`` by
    (channel cost - 0.5 log P(syllable), syllable): the readings plausible on their own;
    the bigrams decide among them.

    Exact pruning: a folded syllable's readings are visited in increasing order of a lower
    bound of that key, and the rest skipped once the bound exceeds the current
    MAX_READINGS-th key: their exact key can only be larger, so the readings kept and their
    costs are those of scoring every candidate."""
    readings_of = _readings_of()
    side = 1 if marked else 0
    top: list[tuple[float, str, float]] = []  # the best MAX_READINGS (key, toned, cost), sorted
    limit = math.inf  # the MAX_READINGS-th key so far, plus the rounding slack
    # every (reading, folded syllable) pair, by the bound of its likeliest toned form: the
    # likeliest candidates are scored first, so the cut tightens early
    pairs = []
    for v in readings:
        distance = _Aligner(v).distance
        for folded, bound in _pool(_fold(v)):
            floor = EDIT_COST * bound
            ordered = readings_of[folded][side]
            pairs.append((floor + ordered[0].rest, floor, ordered, distance))
    pairs.sort(key=itemgetter(0))
    # with several readings of the token a syllable may come up again, nearer: its cost is
    # that of its nearest reading
    costs: dict[str, float] | None = {} if len(readings) > 1 else None
    for first, floor, ordered, distance in pairs:
        if first > limit:
            break  # nor can any later pair
        for toned, shape, mark, half_logp, rest in ordered:
            if floor + rest > limit:
                break  # ordered by rest
            cost = EDIT_COST * distance(shape) + mark
            entry = (cost - half_logp, toned, cost)
            if costs is not None:
                old = costs.get(toned)
                if old is not None:
                    if old <= cost:
                        continue
                    stale = (old - half_logp, toned, old)
                    if stale in top:
                        top.remove(stale)
                costs[toned] = cost
            if len(top) < MAX_READINGS or entry < top[-1]:
                insort(top, entry)
                del top[MAX_READINGS:]
                if len(top) == MAX_READINGS:
                    limit = top[-1][0] + _SLACK
    return tuple((toned, cost) for _, toned, cost in top)


class _Row(dict[str, float]):
    """log P(word | prev) for one ``prev``, filled as words are asked for.

    The search asks the kept states about the readings of each token (tens of thousands of
    look-ups on the OCR document); a plain dict look-up is much cheaper than a two-argument
    cache, and the context of ``prev`` (its bigram rows, its running-text weight) is found
    once.
    """

    __slots__ = ("prev", "_follow", "_running", "_lam", "backoff", "log_backoff", "seen")

    def __init__(self, prev: str | None) -> None:
        super().__init__()
        model = _model()
        self.prev = prev
        self._follow = model.follow.get(prev, {}) if prev is not None else {}
        self._running = model.running.get(prev, {}) if prev is not None else {}
        self._lam = RUNNING * model.confidence.get(prev, 0.0) if prev is not None else 0.0
        # For a word that never followed ``prev`` (neither in the word list nor in running
        # text) the probability is (1 - lam) * (1 - COMPOUND) * P(word): its log is, up to
        # rounding, log(1 - lam) plus a term of the word alone (see _best_predecessors).
        self.backoff = 1 - self._lam
        self.log_backoff = math.log(self.backoff)
        self.seen = self._follow.keys() | self._running.keys()  # the words that did

    def logp(self, word: str) -> float:
        """log P(word | prev): running-text bigrams (Witten-Bell), backing off to a mixture
        of word-list bigrams and the general frequency."""
        known = self.get(word)
        if known is not None:
            return known
        p = _model().uni.get(word, FLOOR)
        if self.prev is not None:
            backoff = (1 - COMPOUND) * p + COMPOUND * self._follow.get(word, 0.0)
            lam = self._lam
            p = lam * self._running.get(word, 0.0) + (1 - lam) * backoff
        lp = self[word] = math.log(max(p, _FLOOR2))
        return lp


@lru_cache(maxsize=16384)  # the vocabulary, and the acronyms that stay context
def _logp_row(prev: str | None) -> _Row:
    return _Row(prev)


@dataclass
class Restored:
    """A restored string and the tokens kept as printed because nothing explained them."""

    text: str
    unknown: list[str] = field(default_factory=list)
    # (start, end) in the input of digit tokens read as letters ("Ty 18 hd" = Tỷ lệ hồ)
    digits_as_letters: list[tuple[int, int]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.unknown


class _Tok(NamedTuple):  # a tuple: ~7,600 made on the OCR document, cheaper than a dataclass
    start: int
    end: int
    printed: str


def _is_acronym(token: str) -> bool:
    return len(token) >= 2 and token.isalpha() and token.isupper() and _fold(token) not in _model().toned


@lru_cache(maxsize=8192)
def _word_readings(token: str) -> tuple[tuple[tuple[str, float], ...], _Choices | None]:
    """A token's readings and their search form, or none for a number, an acronym or a
    token without letters (tokens recur: worked out once per token)."""
    if token.isdigit() or _is_acronym(token) or not any(c.isalpha() or c in _GLYPH for c in token):
        return (), None
    options = _candidates(token)
    return options, _choices(options) if options else None


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN_RUN.finditer(text)]


@lru_cache(maxsize=16384)
def _case_like(printed: str, word: str) -> str:
    letters = [c for c in printed if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if printed[:1].isupper() or printed[:1] in "P@" and word.startswith("đ"):
        return word[:1].upper() + word[1:]
    return word


def _digit_readings(
    digits: str, prev_options: tuple[tuple[str, float], ...], spaced: bool
) -> list[tuple[str, float]]:
    """A short digit token inside words ("Ty 18 hd so" = Tỷ lệ hồ sơ) is read as letters only
    where it completes a listed two-syllable word with the word before it (``prev_options``,
    the readings of the token before, one space before the digits: ``spaced``)."""
    if not prev_options or len(digits) > 2 or not spaced:
        return []
    model = _model()
    out = []
    for word, cost in _candidates(digits):
        if any(word in model.follow.get(p, {}) for p, _ in prev_options):
            out.append((word, cost + DIGIT_WORD))
    return out


# Relative margin of the predecessor bound in _best_predecessors: the decomposed score and
# the exact one differ by a few units in the last place of numbers below a few thousand,
# many orders of magnitude less than this.
_MARGIN = 1e-9

# A kept state: (reading, score, the language-model context it gives the next token).
_State = tuple[str, float, _Row]


class _Choices:
    """A token's readings as the search needs them, in parallel tuples (tokens recur: worked
    out once per token)."""

    __slots__ = (
        "words",
        "index",
        "order",
        "lm_words",
        "costs",
        "rows",
        "uni",
        "base_p",
        "position",
        "lm_set",
        "kept",
    )

    def __init__(self, options: tuple[tuple[str, float], ...]) -> None:
        uni = _model().uni
        self.words = tuple(word for word, _ in options)
        # the readings are distinct (toned syllables of one ranking; "" and the digit
        # readings; one kept token), so each gets one state, as the dict of states had it
        self.index = {w: j for j, w in enumerate(self.words)}
        assert len(self.index) == len(self.words)
        self.order = range(len(self.words))
        self.costs = tuple(cost for _, cost in options)
        self.lm_words = tuple(word or NUM for word in self.words)  # a number is one word
        # the language-model context each reading gives the next token
        self.rows = (
            (_logp_row(None if self.words[0] == KEEP else self.words[0].removeprefix(KEEP)),)
            if self.words[0].startswith(KEEP)  # a token kept as printed: its only reading
            else tuple(map(_logp_row, self.lm_words))
        )
        self.uni = tuple(uni.get(w, FLOOR) for w in self.lm_words)  # P(word)
        self.base_p = tuple((1 - COMPOUND) * p for p in self.uni)
        self.position = {w: j for j, w in enumerate(self.lm_words)}
        self.lm_set = frozenset(self.lm_words)
        self.kept = self.words[0].startswith(KEEP)  # a token kept as printed (its only reading)


@lru_cache(maxsize=8192)
def _choices(options: tuple[tuple[str, float], ...]) -> _Choices:
    return _Choices(options)


def _exact_best(states: list[_State], among: list[int], lm_word: str, cost: float) -> tuple[float, str]:
    """max over the states ``among`` (in order) of score + log P(word | state) - cost, the
    first on ties, and that state's reading."""
    best_total = -math.inf  # every total is finite: the first state is taken
    best_prev = ""
    for i in among:
        pw, score, row = states[i]
        lp = row.get(lm_word)
        if lp is None:
            lp = row.logp(lm_word)
        total = score + lp - cost
        if total > best_total:
            best_total, best_prev = total, pw
    return best_total, best_prev


def _best_predecessors(states: list[_State], ch: _Choices) -> tuple[list[float], list[str]]:
    """For each reading of the next token, its best score and the kept state it extends:
    max over states of score + log P(word | state) - cost, the first state on ties.

    Comparing every state with every reading was most of the search. But for a word that
    never followed a state's syllable, log P(word | state) is log(1 - lam) + log((1 -
    COMPOUND) P(word)) up to rounding (P(word) >= FLOOR, so the FLOOR² clamp never applies):
    such pairs rank the states by score + log(1 - lam) alone, the same for every word. So
    only these states can be best for a reading: those within a rounding margin of the top
    of that ranking, those the word did follow, and the states without a context (sentence
    start, a kept token), whose probabilities have another form. Every other state scores
    less than the top one by more than the margin and cannot be first best; the candidates
    are scored exactly as before, in the same order, so ties break alike.
    """
    if len(states) == 1 and states[0][2].prev is None:
        # the start of a run, or after a token kept as printed: one state, no context, so
        # log P(word) as _Row.logp works it out
        pw, score, _ = states[0]
        # P(word) >= FLOOR > FLOOR², so the clamp of _Row.logp never applies
        totals = [score + lp - cost for lp, cost in zip(map(math.log, ch.uni), ch.costs, strict=True)]
        return totals, [pw] * len(totals)
    plain: list[int] = []  # states without a context
    ranked: list[tuple[float, int]] = []  # (score + log(1 - lam), state) for the others
    followed: dict[str, list[int]] = {}  # word -> the states it followed
    high = -math.inf
    lm_set = ch.lm_set
    for i, (_, score, row) in enumerate(states):
        if row.prev is None:
            plain.append(i)
            continue
        g = score + row.log_backoff
        if g > high:
            high = g
        ranked.append((g, i))
        # the readings that followed the state's syllable (not kept per (token, context):
        # on the OCR document no such pair came up twice)
        words = row.seen & lm_set
        if words:
            for word in words:
                followed.setdefault(word, []).append(i)
    low = high - _MARGIN * (abs(high) + 100.0)
    always = [i for g, i in ranked if g >= low]
    if plain:
        always = sorted(plain + always)
    if len(always) != 1 or plain:
        # several candidate states for every reading
        best = [
            _exact_best(states, sorted({*always, *followed[w]}) if w in followed else always, w, cost)
            for w, cost in zip(ch.lm_words, ch.costs, strict=True)
        ]
        return [t for t, _ in best], [pw for _, pw in best]
    # The usual case: one state on top, with a context. A word that never followed it scores
    # as _Row.logp works it out for such a word, without a look-up.
    (top,) = always
    pw, score, row = states[top]
    # (1 - lam) (1 - COMPOUND) P(word) >= 0.7 * 0.7 * FLOOR > FLOOR² (lam <= RUNNING), so the
    # clamp of _Row.logp never applies
    totals = [
        score + lp - cost
        for lp, cost in zip(map(math.log, map(row.backoff.__mul__, ch.base_p)), ch.costs, strict=True)
    ]
    prevs = [pw] * len(totals)
    position, costs = ch.position, ch.costs
    for w, extra in followed.items():
        # the first best of the states that followed the word (in order), then against the
        # top one, whose total stands if it did not follow the word (it is what _Row.logp
        # gives): it wins on a tie if it comes first, as in one pass over both in order
        j = position[w]
        cost = costs[j]
        best_total = -math.inf
        best_i = -1
        for i in extra:
            _, prev_score, prev_row = states[i]
            lp = prev_row.get(w)
            if lp is None:
                lp = prev_row.logp(w)
            total = prev_score + lp - cost
            if total > best_total:
                best_total, best_i = total, i
        if top not in extra:
            top_total = totals[j]
            if top_total > best_total or (top_total == best_total and top < best_i):
                continue  # the top state's total and back-pointer stay
        totals[j], prevs[j] = best_total, states[best_i][0]
    return totals, prevs


def _keep_predecessors(states: list[_State], cost: float) -> tuple[list[float], list[str]]:
    """The same for a token kept as printed: its log-probability is KEEP_LOGP after any
    state."""
    best_total = -math.inf
    best_prev = ""
    for pw, score, _ in states:
        total = score + KEEP_LOGP - cost
        if total > best_total:
            best_total, best_prev = total, pw
    return [best_total], [best_prev]


# A run as the search sees it: each token as printed, with, for a number, whether a single
# space separates it from the token before (_digit_readings).
_RunKey = tuple[tuple[str, bool], ...]


def _run_key(toks: list[_Tok], text: str) -> _RunKey:
    return tuple(
        (tok.printed, i > 0 and tok.printed.isdigit() and text[toks[i - 1].end : tok.start] == " ")
        for i, tok in enumerate(toks)
    )


def _lattice(run: _RunKey) -> list[_Choices]:
    """The readings of each token of a run."""
    lattice = []
    for i, (printed, spaced) in enumerate(run):
        choices = _word_readings(printed)[1]
        if choices is not None:
            lattice.append(choices)
            continue
        if printed.isdigit():
            prev_options = _word_readings(run[i - 1][0])[0] if i else ()
            options = (("", 0.0), *_digit_readings(printed, prev_options, spaced))
        else:
            # kept as printed; an acronym stays context for the next word ("UBND tỉnh")
            options = ((KEEP + printed.lower() if _is_acronym(printed) else KEEP, 0.0),)
        lattice.append(_choices(options))
    return lattice


def _decode_run(toks: list[_Tok], text: str) -> list[str]:
    """Viterbi over one run of word tokens (numbers and acronyms break the context)."""
    return list(_decode(_run_key(toks, text)))


@lru_cache(maxsize=4096)  # the same runs recur within a document (repeated phrases, windows)
def _decode(run: _RunKey) -> tuple[str, ...]:
    """The readings of a run: "" for a token kept as printed."""
    # Viterbi with back-pointers: a state is reading -> score, and each step keeps
    # reading -> previous reading. Copying the whole path into every state made a run of n
    # tokens cost O(n^2); the choices (first best on ties, pruning by (-score, reading)) are
    # the same as before, so the readings are identical.
    states: list[_State] = [("<s>", 0.0, _logp_row(None))]
    back: list[tuple[_Choices, list[str]]] = []  # each token's readings and their best previous
    for ch in _lattice(run):
        if ch.kept:
            totals, prevs = _keep_predecessors(states, ch.costs[0])
        else:
            totals, prevs = _best_predecessors(states, ch)
        # prune: keep the best few states, in order of (-score, reading)
        kept = sorted(zip(map(neg, totals), ch.words, ch.order, strict=True))[:STATES]
        states = [(word, totals[j], ch.rows[j]) for _, word, j in kept]
        back.append((ch, prevs))
    if not back:
        return ()
    word = states[0][0]  # the first of the best, as max() over them picked
    path: list[str] = []
    for ch, prevs in reversed(back):
        path.append(word)
        word = prevs[ch.index[word]]
    path.reverse()
    return tuple("" if w.startswith(KEEP) else w for w in path)


_LIGHT_GAP = re.compile(r"[\s,]*")  # what separates the tokens of one run


def _runs(text: str) -> list[list[_Tok]]:
    """Runs of tokens separated by spaces or light punctuation: they share context."""
    toks = _tokens(text)
    if not toks:
        return []
    runs: list[list[_Tok]] = [[toks[0]]]
    for a, b in zip(toks, toks[1:], strict=False):
        if _LIGHT_GAP.fullmatch(text, a.end, b.start):
            runs[-1].append(b)
        else:
            runs.append([b])
    return runs


def _render(text: str, runs: list[list[_Tok]], paths: list[list[str]]) -> Restored:
    out: list[str] = []
    unknown: list[str] = []
    digits: list[tuple[int, int]] = []
    pos = 0
    for run, path in zip(runs, paths, strict=True):
        for tok, word in zip(run, path, strict=True):
            out.append(text[pos : tok.start])
            if word:
                out.append(_case_like(tok.printed, word))
                if tok.printed.isdigit():
                    digits.append((tok.start, tok.end))
            else:
                out.append(tok.printed)
                if not tok.printed.isdigit() and not _is_acronym(tok.printed):
                    unknown.append(tok.printed)
            pos = tok.end
    out.append(text[pos:])
    return Restored(unicodedata.normalize("NFC", "".join(out)), unknown, digits)


def restore_diacritics(text: str) -> Restored:
    """``text`` (OCR without diacritics) with its Vietnamese diacritics restored."""
    runs = _runs(text)
    return _render(text, runs, [_decode_run(run, text) for run in runs])
