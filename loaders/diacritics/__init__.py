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
be best for it (:func:`_best_predecessors`). The tokens most OCR text is made of (a syllable
without its marks or with a vowel misprinted) need no search at all: their rankings are
shipped (:mod:`.table`; tests/loaders/test_diacritics_table.py rebuilds and compares them).

The package, one concept per module (each imports only those before it):

* :mod:`.model` — the syllable model built from the data files, and the language model;
* :mod:`.channel` — OCR glyph confusions, edit costs and the weighted edit distance;
* :mod:`.candidates` — the candidate search: syllables near a token, ranked, exact pruning;
* :mod:`.table` — the candidates of the usual OCR forms of every syllable, ranked once and
  shipped as data (``data/diacritic_candidates.tsv``, with a fingerprint of what they were
  ranked from, ignored when it does not match; rebuilt by :mod:`.rebuild_table`);
* :mod:`.decoder` — the Viterbi search over the readings of a run of tokens;
* :mod:`.restore` — tokens, runs, rendering and the public :func:`restore_diacritics`.

This module re-exports the public names and those the tests reach as
``cchc_kg.loaders.diacritics.X``.
"""

from __future__ import annotations

from .candidates import (
    EDIT_LIMIT,
    MAX_READINGS,
    POOL,
    _candidates,
    _near,
    _pool,
    _ranked,
    _readings_of,
)
from .channel import (
    EDIT_COST,
    GLYPH_HAT,
    MARK_INVENTED,
    MARK_LOST,
    _Aligner,
    _has_mark,
    _mark_cost,
    _shape_char,
    _variants,
)
from .decoder import (
    DIGIT_WORD,
    KEEP,
    KEEP_LOGP,
    STATES,
    _decode,
    _lattice,
    _RunKey,
    _State,
)
from .model import (
    COMPOUND,
    FLOOR,
    NUM,
    NUMBER_P,
    REGISTRIES,
    REGISTRY_WEIGHT,
    RUNNING,
    RUNNING_TEXT,
    SPARSE,
    _fold,
    _logp_row,
    _Model,
    _model,
    _Row,
    _strip_marks,
)
from .restore import (
    Restored,
    _run_key,
    _runs,
    _tokens,
    restore_diacritics,
)

__all__ = [
    "COMPOUND",
    "DIGIT_WORD",
    "EDIT_COST",
    "EDIT_LIMIT",
    "FLOOR",
    "GLYPH_HAT",
    "KEEP",
    "KEEP_LOGP",
    "MARK_INVENTED",
    "MARK_LOST",
    "MAX_READINGS",
    "NUM",
    "NUMBER_P",
    "POOL",
    "REGISTRIES",
    "REGISTRY_WEIGHT",
    "RUNNING",
    "RUNNING_TEXT",
    "Restored",
    "SPARSE",
    "STATES",
    "_Aligner",
    "_Model",
    "_Row",
    "_RunKey",
    "_State",
    "_candidates",
    "_decode",
    "_fold",
    "_has_mark",
    "_lattice",
    "_logp_row",
    "_mark_cost",
    "_model",
    "_near",
    "_pool",
    "_ranked",
    "_readings_of",
    "_run_key",
    "_runs",
    "_shape_char",
    "_strip_marks",
    "_tokens",
    "_variants",
    "restore_diacritics",
]
