"""The candidates of every clean syllable, ranked once and shipped as data.

An OCR token that is already a Vietnamese syllable without its marks ("tiep", "Nang",
"CAO") is the most common kind in the scan of 003, and its candidate readings
(:func:`.candidates._candidates`) depend only on the model and the channel: ranking them
again in every process cost ~250 ms of the OCR document's ~600 ms of restoring. Ranking all
~2,000 of them at run time would cost more than it saves (~0.5-1 s), so they are ranked once
and shipped in ``data/diacritic_candidates.json``:

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
import json
import unicodedata
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

from .. import textfold
from . import candidates, channel, model
from .candidates import _candidates
from .model import _model

TABLE = "diacritic_candidates.json"  # in cchc_kg.loaders.data

_Candidates = tuple[tuple[str, float], ...]


def fingerprint() -> str:
    """SHA-256 of everything a clean syllable's ranking is computed from: each folded
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


def build() -> dict[str, _Candidates]:
    """The runtime ranking of every folded syllable of the model read as an OCR token."""
    return {folded: _candidates(folded) for folded in _model().folded}


def render(table: dict[str, _Candidates], fp: str) -> str:
    """The table as the shipped file's text: one syllable a line, costs as exact reprs
    (JSON floats read back to the same float)."""
    lines = [
        "{",
        '"about": "candidate readings of each clean syllable (loaders/diacritics/table.py); '
        'rebuild: python -m cchc_kg.loaders.diacritics.rebuild_table",',
        f'"fingerprint": "{fp}",',
        '"candidates": {',
    ]
    rows = [
        f"{json.dumps(folded)}: {json.dumps([[t, c] for t, c in options], ensure_ascii=False)}"
        for folded, options in table.items()
    ]
    lines.append(",\n".join(rows))
    lines.append("}}")
    return "\n".join(lines) + "\n"


@cache
def _shipped() -> dict[str, _Candidates]:
    """The shipped table, or an empty one when its fingerprint is not that of the running
    model and code (the runtime ranking then answers for every token)."""
    try:
        text = files("cchc_kg.loaders.data").joinpath(TABLE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    data = json.loads(text)
    if data.get("fingerprint") != fingerprint():
        return {}
    return {folded: tuple((t, c) for t, c in options) for folded, options in data["candidates"].items()}


@lru_cache(maxsize=8192)
def candidates_of(token: str) -> _Candidates:
    """:func:`.candidates._candidates` of ``token``, from the shipped table when the token is
    a clean syllable in any case. An ASCII token ranks as its lower case does: its readings
    (:func:`.channel._variants`) and whether it shows a mark (:func:`.channel._has_mark`)
    are worked out on the lower case, and NFKC leaves ASCII as it is."""
    if token.isascii():
        known = _shipped().get(token.lower())
        if known is not None:
            return known
    return _candidates(token)
