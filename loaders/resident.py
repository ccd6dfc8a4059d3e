"""Long-lived reference data and CPython's cyclic garbage collector.

The loader builds its reference data once per process and keeps it until exit: gazetteers,
registries, compiled phrase tables, the OCR syllable and language models (about 80,000 objects
the collector tracks once a document of each kind has been read). Every full (generation 2)
collection walks all of them again although none can ever become garbage; during a bulk load
one such walk costs ~35 ms and recurs every few documents. :func:`settle` collects what is
garbage now and moves every survivor into the permanent generation (``gc.freeze``), so later
collections walk only what was allocated since.

Frozen objects are still freed by reference counting when dropped; only a reference cycle
among them would stay until exit. That is why it runs once per process, after the first
document (when the reference data has just been built), not after every document: what it can
pin is bounded by what was alive at that moment.
"""

from __future__ import annotations

import gc

_settled = False


def settle() -> bool:
    """Freeze what is alive now, once per process. True when this call did it."""
    global _settled
    if _settled:
        return False
    _settled = True
    gc.collect()
    gc.freeze()
    return True
