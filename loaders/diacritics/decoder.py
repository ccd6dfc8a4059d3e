"""The Viterbi decoder of the diacritic restorer: the likeliest readings of a run of tokens.

Holds a token's readings as the search needs them (:class:`_Choices`, :func:`_word_readings`,
the digits read as letters: :func:`_digit_readings`), the lattice of a run
(:func:`_lattice`) and the search over it (:func:`_decode`), with its exact shortcut of
scoring each reading only against the states that can be best for it
(:func:`_best_predecessors`). The candidates come from :mod:`.candidates` (through the
shipped table of :mod:`.table` where it has them), the probabilities from :mod:`.model`;
cutting text into runs is :mod:`.restore`'s.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import repeat
from operator import neg, sub

from .channel import _GLYPH
from .model import COMPOUND, FLOOR, NUM, _fold, _logp_row, _model, _Row
from .table import candidates_of

DIGIT_WORD = 1.2  # a digit token read as letters, only where it completes a listed word

KEEP = "<keep>"  # a token kept as printed (acronym, unknown): breaks the context
KEEP_LOGP = math.log(0.01)

STATES = 12  # best partial readings kept at each token


def _is_acronym(token: str) -> bool:
    return len(token) >= 2 and token.isalpha() and token.isupper() and _fold(token) not in _model().toned


@lru_cache(maxsize=8192)
def _word_readings(token: str) -> tuple[tuple[tuple[str, float], ...], _Choices | None]:
    """A token's readings and their search form, or none for a number, an acronym or a
    token without letters (tokens recur: worked out once per token)."""
    if token.isdigit() or _is_acronym(token) or not any(c.isalpha() or c in _GLYPH for c in token):
        return (), None
    options = candidates_of(token)  # a clean syllable's from the shipped table
    return options, _choices(options) if options else None


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
    for word, cost in candidates_of(digits):
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
        "followers",
        "backoff_logs",
    )

    def __init__(self, options: tuple[tuple[str, float], ...]) -> None:
        uni = _model().uni
        words, costs = zip(*options, strict=True)
        self.words: tuple[str, ...] = words
        # the readings are distinct (toned syllables of one ranking; "" and the digit
        # readings; one kept token), so each gets one state, as the dict of states had it
        self.order = range(len(words))
        self.index = dict(zip(words, self.order, strict=True))
        assert len(self.index) == len(words)
        self.costs: tuple[float, ...] = costs
        # a number is one word for the language model
        self.lm_words = tuple(word or NUM for word in words) if "" in self.index else words
        # the language-model context each reading gives the next token
        self.rows = (
            (_logp_row(None if self.words[0] == KEEP else self.words[0].removeprefix(KEEP)),)
            if self.words[0].startswith(KEEP)  # a token kept as printed: its only reading
            else tuple(map(_logp_row, self.lm_words))
        )
        self.uni = tuple(map(uni.get, self.lm_words, repeat(FLOOR)))  # P(word)
        self.base_p = tuple(map((1 - COMPOUND).__mul__, self.uni))
        self.position = (
            self.index if self.lm_words is words else dict(zip(self.lm_words, self.order, strict=True))
        )
        self.lm_set = frozenset(self.lm_words)
        self.kept = self.words[0].startswith(KEEP)  # a token kept as printed (its only reading)
        # Filled by _best_predecessors, by the syllable of a state before this token: the
        # readings that followed it, and log P(reading | it) of the readings as if none had.
        # A token meets the same syllables before it again and again in a document (over
        # half of the (syllable, token) pairs of the OCR document are repeats).
        self.followers: dict[str, tuple[str, ...]] = {}
        self.backoff_logs: dict[str | None, list[float]] = {}


@lru_cache(maxsize=8192)
def _choices(options: tuple[tuple[str, float], ...]) -> _Choices:
    return _Choices(options)


def _exact_best(states: list[_State], among: list[int], lm_word: str, cost: float) -> tuple[float, int]:
    """max over the states ``among`` (in order) of score + log P(word | state) - cost, the
    first on ties, and that state's index."""
    best_total = -math.inf  # every total is finite: the first state is taken
    best = -1
    for i in among:
        _, score, row = states[i]
        lp = row.get(lm_word)
        if lp is None:
            lp = row.logp(lm_word)
        total = score + lp - cost
        if total > best_total:
            best_total, best = total, i
    return best_total, best


def _top_states(states: list[_State], plain: list[int]) -> list[int]:
    """The states within a rounding margin of the top of score + log(1 - lam), in order,
    with the states without a context (``plain``) among them.

    The states come best score first (the decoder keeps them so) and log(1 - lam) <= 0, so
    score + log(1 - lam) <= score: once a state's score is at most the best sum so far, or
    below the margin, neither it nor any after it can change the answer, and the scans stop
    there (usually after a state or two of the twelve)."""
    high = -math.inf
    for i, (_, score, row) in enumerate(states):
        if score <= high:
            break
        if i not in plain:
            g = score + row.log_backoff
            if g > high:
                high = g
    low = high - _MARGIN * (abs(high) + 100.0)
    always = []
    for i, (_, score, row) in enumerate(states):
        if score < low:
            break
        if i not in plain and score + row.log_backoff >= low:
            always.append(i)
    return sorted(plain + always) if plain else always


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
    followed: dict[str, list[int]] = {}  # word -> the states it followed
    followers = ch.followers
    for i, (_, _, row) in enumerate(states):
        prev = row.prev
        if prev is None:
            plain.append(i)
            continue
        # the readings that followed the state's syllable
        words = followers.get(prev)
        if words is None:
            words = followers[prev] = tuple(row.seen & ch.lm_set)
        for word in words:
            followed.setdefault(word, []).append(i)
    always = _top_states(states, plain)
    if len(always) != 1 or plain:
        # several candidate states for every reading
        best = [
            _exact_best(states, sorted({*always, *followed[w]}) if w in followed else always, w, cost)
            for w, cost in zip(ch.lm_words, ch.costs, strict=True)
        ]
        return [t for t, _ in best], [states[i][0] for _, i in best]
    # The usual case: one state on top, with a context. A word that never followed it scores
    # as _Row.logp works it out for such a word, without a look-up.
    (top,) = always
    pw, score, row = states[top]
    # (1 - lam) (1 - COMPOUND) P(word) >= 0.7 * 0.7 * FLOOR > FLOOR² (lam <= RUNNING), so the
    # clamp of _Row.logp never applies
    logs = ch.backoff_logs.get(row.prev)
    if logs is None:
        logs = ch.backoff_logs[row.prev] = list(map(math.log, map(row.backoff.__mul__, ch.base_p)))
    totals = list(map(sub, map(score.__add__, logs), ch.costs))  # score + lp - cost
    prevs = [pw] * len(totals)
    position, costs = ch.position, ch.costs
    for w, extra in followed.items():
        # the first best of the states that followed the word (in order), then against the
        # top one, whose total stands if it did not follow the word (it is what _Row.logp
        # gives): it wins on a tie if it comes first, as in one pass over both in order
        j = position[w]
        best_total, best_i = _exact_best(states, extra, w, costs[j])
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


def _pruned(totals: list[float], ch: _Choices) -> list[_State]:
    """The best STATES readings as states, in order of (-score, reading). Without equal
    scores the order is that of the scores alone, sorted without building a key tuple per
    reading; with them the readings break the ties."""
    words, rows = ch.words, ch.rows
    if len(set(totals)) == len(totals):
        best = sorted(ch.order, key=totals.__getitem__, reverse=True)[:STATES]
        return [(words[j], totals[j], rows[j]) for j in best]
    kept = sorted(zip(map(neg, totals), words, ch.order, strict=True))[:STATES]
    return [(word, totals[j], rows[j]) for _, word, j in kept]


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
        states = _pruned(totals, ch)
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
