"""The candidate search of the diacritic restorer: the syllables near one OCR token.

Holds the ranking of a token's toned readings (:func:`_candidates`, :func:`_ranked`) and
what makes it fast yet exact: each folded syllable's toned readings prepared once
(:func:`_readings_of`), the folded syllables within a few edits of a reading found through a
deletion index (:func:`_near`) with a lower bound of their cost (:func:`_pool`), and the
pruning on that bound. The costs themselves come from :mod:`.channel`; the Viterbi search
that chooses among the candidates is in :mod:`.decoder`.
"""

from __future__ import annotations

import math
from bisect import insort
from collections import defaultdict
from functools import cache, lru_cache
from operator import itemgetter
from typing import NamedTuple

from rapidfuzz.distance import LCSseq, Levenshtein
from rapidfuzz.process import extract

from .channel import EDIT_COST, _Aligner, _has_mark, _mark_cost, _shape_char, _variants
from .model import FLOOR, _fold, _model, _strip_marks

_VOWELS = set("aeiouy")

MAX_READINGS = 16  # readings of one token kept for the search
POOL = 30  # plain syllables within the edit limit examined per token reading


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
