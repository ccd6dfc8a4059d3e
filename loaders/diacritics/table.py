"""The candidates of the usual OCR forms of every syllable, ranked once and shipped as data.

Most OCR tokens of the scan of 003 come in a few forms of a Vietnamese syllable: without its
marks ("tiep", "Nang", "CAO"), with its marked vowel printed as "é", "d" or "i" ("két",
"ndi", "ning"), with an "o" printed as "ô" (or the glyphs "6" and "0": "t6i"), or with "ư"
printed as two letters ("tir", "ctia"). Their candidate readings
(:func:`.candidates._candidates`) depend only on the model and the channel: ranking them
again in every process was most of the candidate search on the OCR document. Ranking all
~14,000 forms at run time would cost far more than it saves (~5 s), so they are ranked once
and shipped in ``data/diacritic_candidates.tsv`` (~1.7 MB; read in ~40-70 ms on first use,
each row parsed when a token asks for it). A token is looked up by what its ranking sees (its
readings as letters and whether it shows a mark, as :func:`.candidates._candidates` asks
:func:`.candidates._ranked`), so every spelling of one form ("T6i", "tôi") finds it; any
other token is ranked at run time. The table holds exactly the runtime rankings, so which
forms it holds changes only the speed:

* the file carries a SHA-256 fingerprint of what the ranking is computed from (the model's
  syllables and their frequencies, the source of the modules that rank them, the Unicode
  version); when it does not match the running code and data, the table is ignored and every
  token is ranked at run time as before;
* ``python -m cchc_kg.loaders.diacritics.rebuild_table`` rebuilds the file;
* tests/loaders/test_diacritics_table.py rebuilds it and checks it equals the shipped file,
  and that a look-up gives what the runtime ranking gives.
"""

from __future__ import annotations

import hashlib
import unicodedata
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import NamedTuple

from .. import textfold
from . import candidates, channel, model
from .candidates import _candidates, _ranked
from .channel import _MULTI, _has_mark, _variants
from .model import _model

TABLE = "diacritic_candidates.tsv"  # in cchc_kg.loaders.data

_Candidates = tuple[tuple[str, float], ...]
_Key = tuple[tuple[str, ...], bool]  # what the ranking of a token sees: readings, marked

# The usual OCR misprints of a syllable's vowels (the engine had no Vietnamese model): a
# marked vowel printed as "é", "d" or "i" ("két", "ndi", "ning"), "o" as "ô" ("6", "0" and
# "ô" read alike), and "ư" in the letters the channel knows for it ("tir", "ctia").
_MISPRINTS = (
    *((v, m) for m in "édi" for v in "aeiouy" if v != m),
    ("o", "ô"),
    *(("u", printed) for printed, meant in _MULTI if meant == "u"),
)


def fingerprint() -> str:
    """SHA-256 of everything the rankings are computed from: each folded
    syllable with its toned forms and their frequencies, the source of the modules that
    fold, cost and rank (model, channel, candidates, textfold) and the Unicode data version
    (the folding and the mark tests use it). Conservative: any edit to those modules asks
    for a rebuild."""
    h = hashlib.sha256()
    h.update(unicodedata.unidata_version.encode())
    for module in (textfold, model, channel, candidates):
        assert module.__file__ is not None
        h.update(Path(module.__file__).read_bytes())
    m = _model()
    for folded in m.folded:
        h.update(folded.encode())
        for toned in m.toned[folded]:
            h.update(f"\t{toned}\t{m.uni[toned]!r}".encode())
        h.update(b"\n")
    return h.hexdigest()


def _key(token: str) -> _Key:
    """What :func:`.candidates._candidates` ranks a token by."""
    return tuple(sorted(_variants(token))), _has_mark(token)


def _row_key(key: _Key) -> str:
    """A ranking key as the first two columns of its row: the readings, space-separated
    (they are letters only), and 1 or 0 for a token showing a mark."""
    readings, marked = key
    return f"{' '.join(readings)}\t{int(marked)}"


def forms() -> list[str]:
    """The OCR forms tabled: every folded syllable of the model, and each with one of its
    vowels misprinted (:data:`_MISPRINTS`), in sorted order."""
    out = set(_model().folded)
    for folded in _model().folded:
        for i, c in enumerate(folded):
            out.update(folded[:i] + new + folded[i + 1 :] for old, new in _MISPRINTS if c == old)
    return sorted(out)


def build() -> dict[str, _Candidates]:
    """The runtime ranking of every tabled form read as an OCR token, by row key (forms
    ranked by one key, "tôi" and a misprint of "toi", share one row)."""
    return {_row_key(_key(form)): _candidates(form) for form in forms()}


def render(table: dict[str, _Candidates], fp: str) -> str:
    """The table as the shipped file's text: a row per key, its candidates as "toned
    syllable, index of its channel cost" pairs, space-separated. The costs are a few dozen
    sums of the channel's constants, listed once in the header as exact reprs (each reads
    back as the same float)."""
    costs = sorted({cost for options in table.values() for _, cost in options})
    index = {cost: i for i, cost in enumerate(costs)}
    lines = [
        "# Candidate readings of the usual OCR forms of each syllable (loaders/diacritics/table.py).",
        "# Rebuild: python -m cchc_kg.loaders.diacritics.rebuild_table",
        "# readings\tmarked\tcandidates: toned syllable, index of its channel cost in the costs line",
        f"# fingerprint {fp}",
        "# costs " + " ".join(map(repr, costs)),
    ]
    lines.extend(
        f"{key}\t{' '.join(f'{toned} {index[cost]}' for toned, cost in options)}"
        for key, options in table.items()
    )
    return "\n".join(lines) + "\n"


class _Shipped(NamedTuple):
    rows: dict[str, str]  # row key -> its candidates as in the file (parsed when asked)
    costs: list[float]  # the channel costs by index


@cache
def _shipped() -> _Shipped:
    """The shipped rows by row key (a row is parsed when a token asks for it: a document
    asks for a few hundred of the ~14,000), or none when the fingerprint is not that of the
    running model and code (the runtime ranking then answers for every token)."""
    none = _Shipped({}, [])
    try:
        text = files("cchc_kg.loaders.data").joinpath(TABLE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return none
    lines = text.splitlines()
    header = dict(ln[2:].partition(" ")[::2] for ln in lines[:8] if ln.startswith("# "))
    if header.get("fingerprint") != fingerprint():
        return none
    costs = [float(c) for c in header["costs"].split()]
    rows = {}
    for line in lines:
        if not line.startswith("#"):
            key, _, candidates = line.rpartition("\t")
            rows[key] = candidates
    return _Shipped(rows, costs)


def _parse(candidates: str) -> _Candidates:
    """A row's candidates: (toned syllable, channel cost) pairs."""
    fields = candidates.split(" ") if candidates else []
    costs = _shipped().costs
    return tuple(zip(fields[::2], [costs[int(i)] for i in fields[1::2]], strict=True))


@lru_cache(maxsize=8192)
def candidates_of(token: str) -> _Candidates:
    """:func:`.candidates._candidates` of ``token``: the shipped ranking of its key when the
    table has it, else the runtime one (both rank by the same key)."""
    key = _key(token)
    known = _shipped().rows.get(_row_key(key))
    return _parse(known) if known is not None else _ranked(*key)
