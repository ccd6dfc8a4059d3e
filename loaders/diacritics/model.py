"""The syllable model of the diacritic restorer, built once from data files.

Holds the Vietnamese syllable inventory and its statistics (:class:`_Model`, built by
:func:`_model` from ``data/vi_words.tsv``, ``data/vi_phrases.tsv``, the project's registries,
wordfreq frequencies and the running text shipped with underthesea), the text helpers every
other part of the restorer folds with (:func:`_fold`, :func:`_strip_marks`), and the
language model queried over it (:class:`_Row`: log P(word | previous syllable)). It is the
base of the package: the channel, the candidate search and the decoder all read it.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path

from ..textfold import fold_same_length

RUNNING = 0.3  # at most this share of P(word | prev) comes from the running-text bigrams
REGISTRIES = ("agencies.json", "role_agencies.tsv", "provinces.json", "reform_areas.ttl")
REGISTRY_WEIGHT = 3.0  # a registry name counts as three listed words
SPARSE = 1.0  # Witten-Bell: followers seen once each count this many times as unseen mass

NUM = "<num>"  # numbers are one word for the language model
NUMBER_P = 0.02

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
