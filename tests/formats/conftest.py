"""Fixtures of the format tests: the corpus documents re-saved as HTML, DOCX and PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import corpus_path
from tests.formats.builders import build_all

# The two corpus documents with task tables: 000 (6 columns, section rows spanning the
# table) and 001 (7 columns, "Mục tiêu" cells spanning several rows).
EQUIVALENCE_DOCS = ("000", "001")


@pytest.fixture(scope="session")
def built_forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """{"000": {"text": ..., "html": ..., "docx": ..., "pdf": ...}, "001": {...}}"""
    folder = tmp_path_factory.mktemp("forms")
    forms: dict[str, dict[str, Path]] = {}
    for prefix in EQUIVALENCE_DOCS:
        source = corpus_path(prefix)
        paths = build_all(source.read_text(encoding="utf-8"), folder, source.stem)
        forms[prefix] = {"text": source, **paths}
    return forms
