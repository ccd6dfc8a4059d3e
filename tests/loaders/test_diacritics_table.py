"""The shipped candidate table of the diacritic restorer (loaders/diacritics/table.py) is
exactly the runtime ranking: the file equals a rebuild, it is used (its fingerprint is that of
the running model and code), a look-up gives what the runtime ranking gives for every token
of the OCR document and of the bundled example stripped of its diacritics, in any case, and a
table whose fingerprint does not match is ignored."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files

import pytest

from cchc_kg.loaders import diacritics as d
from cchc_kg.loaders.diacritics import table
from cchc_kg.loaders.textfold import strip_diacritics
from tests.conftest import EXAMPLES, corpus_path


def _shipped_text() -> str:
    return files("cchc_kg.loaders.data").joinpath(table.TABLE).read_text(encoding="utf-8")


def test_shipped_table_is_the_rebuilt_table() -> None:
    # a failure here means the model, the channel or the ranking changed: rebuild with
    # python -m cchc_kg.loaders.diacritics.rebuild_table
    built = table.build()
    assert _shipped_text() == table.render(built, table.fingerprint())
    # and every row reads back as the ranking it was written from (the costs exactly)
    assert {key: table._parse(row) for key, row in table._shipped().rows.items()} == built


def test_shipped_table_is_used() -> None:
    rows = table._shipped().rows
    assert len(rows) > len(d._model().folded)  # the syllables and their misprints
    assert table._parse(rows["tiep\t0"]) == d._candidates("tiep")
    # one row for every spelling of a form: the glyphs "6" and "0" read as "ô"
    assert table._parse(rows["tôi\t1"]) == d._candidates("T6i") == d._candidates("tôi")


def _tokens(text: str) -> set[str]:
    return {t.printed for t in d._tokens(text)}


def test_lookup_is_the_runtime_ranking() -> None:
    ocr = corpus_path("003").read_text(encoding="utf-8")
    example = strip_diacritics((EXAMPLES / "ninh-thuan-2024-kh-215.txt").read_text(encoding="utf-8"))
    tokens = _tokens(ocr) | _tokens(example)
    tokens |= {t.upper() for t in tokens} | {t.capitalize() for t in tokens}
    hits = 0
    for token in sorted(tokens):
        if table._row_key(table._key(token)) in table._shipped().rows:
            hits += 1
        assert table.candidates_of(token) == d._candidates(token), token
    assert hits > len(tokens) // 3  # the table answered for many of them


@pytest.fixture
def stale_table(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(table, "fingerprint", lambda: "0" * 64)
    table._shipped.cache_clear()
    table.candidates_of.cache_clear()
    yield
    table._shipped.cache_clear()
    table.candidates_of.cache_clear()


@pytest.mark.usefixtures("stale_table")
def test_stale_table_falls_back_to_the_runtime_ranking() -> None:
    assert table._shipped().rows == {}
    assert table.candidates_of("Tiep") == d._candidates("tiep")
