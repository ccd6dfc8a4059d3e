"""Rebuild ``data/diacritic_candidates.tsv`` (see :mod:`.table`):

    python -m cchc_kg.loaders.diacritics.rebuild_table

A module of its own, not in the package's imports, so ``-m`` runs it once (the table module
is imported by the package itself)."""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path

from .table import TABLE, build, fingerprint, render


def main() -> int:
    path = Path(str(files("cchc_kg.loaders.data").joinpath(TABLE)))
    path.write_text(render(build(), fingerprint()), encoding="utf-8")
    sys.stderr.write(f"wrote {path} ({path.stat().st_size:,} bytes)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
