"""The shortcuts of the diacritic restorer's search (loaders/diacritics/) are exact.

The candidate ranking skips syllables by a lower bound of their edit distance, the pool of
syllables near a token comes from a deletion index, and the Viterbi step scores a reading
against only the states that can be best for it. Each is checked here against the plain
computation it replaces, on OCR phrases in the style of the scan of 003; the edit distances
and the tone-blind shapes are worked out by hand.
"""

from __future__ import annotations

import math

import pytest
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract

from cchc_kg.loaders import diacritics as d
from cchc_kg.loaders.diacritics import decoder
from cchc_kg.loaders.textfold import strip_diacritics
from tests.conftest import EXAMPLES, corpus_path

PHRASES = [
    "Tiép tuc nang cao két qua",
    "diém tir dé tré 1én",
    "Ty 1& cong khai mitc d6",
    "Cong thong tin dién tir ctia tinh",
    "Ty 18 hd so",
    "Pao tao, boi dudng",
    "Pat t6i thiéu tir 80% tré 1én; UBND tinh chi dao cac so, ban, nganh",
    "Nang cao chat lugng giai quyét thi tuc hanh chinh cho ngudi dan va doanh nghiép",
]


def test_shape_keeps_what_the_edit_costs_see() -> None:
    # a hat or horn stays, the tone goes; a tone on a plain vowel becomes one tone (acute)
    assert [d._shape_char(c) for c in "ấầâàáạựđa"] == ["â", "â", "â", "á", "á", "á", "ư", "đ", "a"]


@pytest.mark.parametrize(
    ("ocr", "shape", "distance"),
    [
        ("tiep", "tiêp", 0.0),  # a plain vowel for its hatted form: free
        ("tôi", "tôi", 0.0),  # "t6i" read as tôi
        ("tôi", "tơi", 0.4),  # the glyph's hat is not the syllable's
        ("ning", "nâng", 0.5),  # "i" for "â": a usual confusion
        ("cua", "cúa", 0.0),  # "ctia" with "ti" read as "u"
        ("ctia", "cúa", 2.5),  # "t" for the marked "ủ" (0.5), the "i" dropped (2)
    ],
)
def test_edit_distance(ocr: str, shape: str, distance: float) -> None:
    assert d._Aligner(ocr).distance(shape) == pytest.approx(distance)


def _tokens() -> list[str]:
    return sorted({t.printed for p in PHRASES for t in d._tokens(p)})


def test_pool_is_what_rapidfuzz_finds() -> None:
    folded = d._model().folded
    for word in ["tiep", "nguoi", "cong", "ning", "dudng", "xa", "thiéu"]:
        for limit in (1, 2):
            want = [
                (f, int(dist))
                for f, dist, _ in extract(
                    word, folded, scorer=Levenshtein.distance, score_cutoff=limit, limit=d.POOL
                )
            ]
            assert d._near(word, limit) == want
    assert d._near("tiep", 1)[:4] == [("tiep", 0), ("diep", 1), ("hiep", 1), ("kiep", 1)]


def test_pool_bounds_are_lower_bounds() -> None:
    readings_of = d._readings_of()
    for token in _tokens():
        for v in d._variants(token):
            aligner = d._Aligner(v)
            for folded, bound in d._pool(d._fold(v)):
                for r in readings_of[folded][0]:
                    assert bound <= aligner.distance(r.shape) + 1e-12, (v, r.toned)


def _rank_all(token: str) -> tuple[tuple[str, float], ...]:
    """The ranking without pruning: every toned form of every pooled syllable scored."""
    model = d._model()
    best: dict[str, float] = {}
    for v in sorted(d._variants(token)):
        aligner = d._Aligner(v)
        for folded, _ in d._pool(d._fold(v)):
            for r in d._readings_of()[folded][0]:
                best[r.toned] = min(best.get(r.toned, 99.0), aligner.distance(r.shape))
    marked = d._has_mark(token)
    out = [(t, d.EDIT_COST * dist + d._mark_cost(marked, d._strip_marks(t) != t)) for t, dist in best.items()]
    out.sort(key=lambda tc: (tc[1] - 0.5 * math.log(model.uni.get(tc[0], d.FLOOR)), tc[0]))
    return tuple(out[: d.MAX_READINGS])


def test_pruned_ranking_is_the_full_ranking() -> None:
    for token in _tokens():
        assert d._candidates(token) == _rank_all(token), token


def _viterbi_all_pairs(run: d._RunKey) -> tuple[str, ...]:
    """The search scoring every state against every reading, as before the shortcut."""
    states: list[d._State] = [("<s>", 0.0, d._logp_row(None))]
    back: list[dict[str, str]] = []
    for ch in d._lattice(run):
        best: dict[str, tuple[float, str, d._Row]] = {}
        for word, lm_word, cost, row_next in zip(ch.words, ch.lm_words, ch.costs, ch.rows, strict=True):
            total_prev: tuple[float, str] | None = None
            for pw, score, row in states:
                total = score + (d.KEEP_LOGP if ch.kept else row.logp(lm_word)) - cost
                if total_prev is None or total > total_prev[0]:
                    total_prev = (total, pw)
            assert total_prev is not None
            best[word] = (*total_prev, row_next)
        kept = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[: d.STATES]
        states = [(w, total, row) for w, (total, _, row) in kept]
        back.append({w: pw for w, (_, pw, _) in best.items()})
    word = states[0][0]
    path = []
    for pointers in reversed(back):
        path.append(word)
        word = pointers[word]
    return tuple("" if w.startswith(d.KEEP) else w for w in reversed(path))


@pytest.mark.parametrize("phrase", PHRASES)
def test_search_is_the_all_pairs_search(phrase: str) -> None:
    for run in d._runs(phrase):
        key = d._run_key(run, phrase)
        assert d._decode(key) == _viterbi_all_pairs(key)


def test_search_is_the_all_pairs_search_on_the_example_text() -> None:
    """The same on longer runs with more kept states in play: the first lines of the bundled
    text example with its diacritics stripped (as the bench warms the OCR path up)."""
    text = strip_diacritics((EXAMPLES / "ninh-thuan-2024-kh-215.txt").read_text(encoding="utf-8"))
    lines = [ln for ln in text.splitlines() if len(ln.split()) > 5][:12]
    assert lines
    for line in lines:
        for run in d._runs(line):
            key = d._run_key(run, line)
            assert d._decode(key) == _viterbi_all_pairs(key), line


def _top_states_plain(states: list[d._State]) -> list[int]:
    """The states within the rounding margin of the top of score + log(1 - lam), scanning
    them all (the states without a context always among them)."""
    plain = [i for i, (_, _, row) in enumerate(states) if row.prev is None]
    ranked = [
        (score + row.log_backoff, i) for i, (_, score, row) in enumerate(states) if row.prev is not None
    ]
    high = max((g for g, _ in ranked), default=-math.inf)
    low = high - decoder._MARGIN * (abs(high) + 100.0)
    return sorted(plain + [i for g, i in ranked if g >= low])


def test_top_states_and_pruning_are_the_plain_ones() -> None:
    """The scans of _top_states stop early on the states kept best first, and the pruning
    sorts by score alone when it can; both checked at every step of the search over the
    first runs of the OCR document."""
    text = corpus_path("003").read_text(encoding="utf-8")
    steps = 0
    for run in d._runs(text)[:150]:
        states: list[d._State] = [("<s>", 0.0, d._logp_row(None))]
        for ch in d._lattice(d._run_key(run, text)):
            plain = [i for i, (_, _, row) in enumerate(states) if row.prev is None]
            assert decoder._top_states(states, plain) == _top_states_plain(states)
            steps += 1
            if ch.kept:
                totals, _ = decoder._keep_predecessors(states, ch.costs[0])
            else:
                totals, _ = decoder._best_predecessors(states, ch)
            kept = sorted(zip([-t for t in totals], ch.words, ch.order, strict=True))[: d.STATES]
            states = [(word, totals[j], ch.rows[j]) for _, word, j in kept]
            # the pruning sorts by score alone when no two are equal: the same states
            assert decoder._pruned(totals, ch) == states
    assert steps > 1000


def test_pruning_breaks_ties_by_reading() -> None:
    # equal scores in the other order than the readings': the readings decide
    ch = decoder._choices((("tới", 1.0), ("tối", 0.5), ("tôi", 0.7)))
    states = decoder._pruned([-3.0, -2.0, -3.0], ch)
    assert [w for w, _, _ in states] == ["tối", "tôi", "tới"]
