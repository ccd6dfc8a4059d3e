"""Shared fixtures. Tests read ../shared where it lies and fail loudly when it is missing."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import settings

# CI is a gate: the property tests draw the same examples on every run, so a red run can be
# replayed and a green one means the same thing twice. `HYPOTHESIS_PROFILE=explore` draws
# fresh random examples (run it by hand to look for new failures; it found the PDF loop).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
EXAMPLES = REPO / "examples"
SCORER = SHARED / "tools" / "score_extract.py"


def official_scorer() -> ModuleType:
    """``../shared/tools/score_extract.py`` imported by path: the scorer whose figures the
    issues quote, so the tests compare with the gold exactly as it does. A fresh module on
    every call, because tests/gold/test_scores.py replaces two of its seams."""
    if not SCORER.is_file():
        pytest.fail(f"the official scorer is missing: expected {SCORER}", pytrace=False)
    spec = importlib.util.spec_from_file_location("score_extract", SCORER)
    assert spec is not None and spec.loader is not None, f"cannot import {SCORER}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _require_shared() -> None:
    if not CORPUS.is_dir() or not GOLD.is_dir():
        pytest.fail(
            f"../shared is missing: expected {CORPUS} and {GOLD}. The corpus tests read the "
            "shared material where it lies; check out the repository beside it.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    _require_shared()
    files = sorted(CORPUS.glob("*.txt"))
    assert len(files) == 5, f"expected the five corpus documents in {CORPUS}, found {len(files)}"
    return files


@pytest.fixture(scope="session")
def gold() -> dict[str, dict[str, Any]]:
    _require_shared()
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))}


def corpus_path(stem_prefix: str) -> Path:
    """The corpus file whose name starts with ``stem_prefix`` ("000", "003" ...)."""
    _require_shared()
    matches = sorted(CORPUS.glob(f"{stem_prefix}*.txt"))
    assert matches, f"no corpus file {stem_prefix}* in {CORPUS}"
    return matches[0]
