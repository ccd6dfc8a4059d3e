"""Format equivalence: the same corpus document as text, HTML, DOCX and PDF reads to the same
cells and extracts to the same appendix tasks, documents, targets, body tasks, citations and
agencies (issue #3, item 2 and "Done when").

The HTML/DOCX/PDF forms are built at test time from ../shared by ``builders.py``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from cchc_kg.loaders.extract import extract_file
from cchc_kg.loaders.formats import read_any
from cchc_kg.loaders.model import Extraction
from cchc_kg.loaders.to_json import extraction_json
from tests.formats.builders import Table, parse_flat
from tests.formats.conftest import EQUIVALENCE_DOCS

FORMS = ("html", "docx", "pdf")


def cells(text: str) -> list[str]:
    """The table cells of a rendered text, each joined and whitespace-collapsed."""
    out: list[str] = []
    run: list[str] = []
    for line in text.split("\n"):
        if line.strip() == "|":
            out.append(re.sub(r"\s+", " ", " ".join(run)).strip())
            run = []
        else:
            run.append(line)
    return out


def expected_cells(text: str, form: str) -> list[str]:
    """The cells a reader of ``form`` can give back. pdfplumber never calls a lone ruled box a
    table (it needs two cells), so in the PDF a one-cell table is plain text, which then
    joins the next cell of the flattened form."""
    if form != "pdf":
        return cells(text)
    lines: list[str] = []
    for item in parse_flat(text):
        if isinstance(item, Table):
            lone = len(item.rows) == 1 and len(item.rows[0]) == 1
            for row in item.rows:
                for cell in row:
                    lines.extend(cell.lines)
                    if not lone:
                        lines.append("|")
        else:
            lines.append(item.line)
    return cells("\n".join(lines))


@pytest.mark.corpus
@pytest.mark.parametrize("prefix", EQUIVALENCE_DOCS)
@pytest.mark.parametrize("form", FORMS)
def test_rendered_cells_equal_the_text_form(
    built_forms: dict[str, dict[str, Path]], prefix: str, form: str
) -> None:
    paths = built_forms[prefix]
    original = paths["text"].read_text(encoding="utf-8")
    source = read_any(paths[form])
    assert source.format == form
    want, got = expected_cells(original, form), cells(source.text)
    same = sum(1 for a, b in zip(want, got, strict=False) if a == b)
    print(f"{prefix} {form}: {len(got)} cells read, {len(want)} expected, {same} identical")
    assert got == want
    # Outside the cell structure, the words are the same too.
    assert " ".join(original.split()).replace(" |", "") == " ".join(source.text.split()).replace(" |", "")


def _task_key(task: object) -> tuple[object, ...]:
    deadline = getattr(task, "deadline", None)
    return (
        task.text,  # type: ignore[attr-defined]
        tuple(task.lead),  # type: ignore[attr-defined]
        tuple(task.cooperating),  # type: ignore[attr-defined]
        task.deadline_raw,  # type: ignore[attr-defined]
        (deadline.kind, deadline.value) if deadline is not None else None,
    )


_EXTRACTED: dict[Path, Extraction] = {}


def extracted(path: Path) -> Extraction:
    """One extraction per built file (the text form is compared with three others)."""
    if path not in _EXTRACTED:
        _EXTRACTED[path] = extract_file(path)
    return _EXTRACTED[path]


@pytest.mark.corpus
@pytest.mark.parametrize("prefix", EQUIVALENCE_DOCS)
@pytest.mark.parametrize("form", FORMS)
def test_tasks_equal_the_text_form(built_forms: dict[str, dict[str, Path]], prefix: str, form: str) -> None:
    paths = built_forms[prefix]
    base = [_task_key(t) for t in extracted(paths["text"]).tasks]
    other = [_task_key(t) for t in extracted(paths[form]).tasks]
    same = sum(1 for a, b in zip(base, other, strict=False) if a == b)
    print(f"{prefix} {form}: {len(other)} tasks vs {len(base)} from the text form, {same} identical")
    assert base, "the text form gives no tasks: the comparison would pass vacuously"
    assert other == base


def _without_positions(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gold-schema records without character spans (offsets differ with the whitespace
    each format keeps; the words do not)."""
    return [{k: v for k, v in item.items() if k not in ("span", "spans")} for item in items]


@pytest.mark.corpus
@pytest.mark.parametrize("prefix", EQUIVALENCE_DOCS)
@pytest.mark.parametrize("form", FORMS)
def test_documents_targets_body_tasks_and_citations_equal_the_text_form(
    built_forms: dict[str, dict[str, Path]], prefix: str, form: str
) -> None:
    paths = built_forms[prefix]
    base = extraction_json(extracted(paths["text"]))
    other = extraction_json(extracted(paths[form]))
    for key in ("documents", "targets", "body_tasks", "citations", "agencies"):
        want = base[key] if key == "agencies" else _without_positions(base[key])
        got = other[key] if key == "agencies" else _without_positions(other[key])
        print(f"{prefix} {form} {key}: {len(got)} vs {len(want)}")
        assert want, f"the text form gives no {key}: the comparison would pass vacuously"
        assert got == want, key


@pytest.mark.corpus
@pytest.mark.parametrize("prefix", EQUIVALENCE_DOCS)
@pytest.mark.parametrize("form", ("text", *FORMS))
def test_every_span_quotes_the_text_it_points_at(
    built_forms: dict[str, dict[str, Path]], prefix: str, form: str
) -> None:
    """Issue 3 item 10 in every format: each text span's position selector (start, end,
    line) points at exactly its quote in the text the reader rendered, and the span says
    which extraction run made it."""
    from rdflib import Namespace
    from rdflib.namespace import PROV

    from cchc_kg.config import Settings
    from cchc_kg.loaders.ingest import graph_for

    oa = Namespace("http://www.w3.org/ns/oa#")
    cchc = Namespace("https://data.cchc-kg.vn/ontology#")
    x = extracted(built_forms[prefix][form])
    text = x.source.text
    g = graph_for(x, Settings().base_iri)[1]
    spans = set(g.subjects(oa.start, None))
    assert len(spans) > 100, f"only {len(spans)} spans"
    for span in spans:
        start, end = int(str(g.value(span, oa.start))), int(str(g.value(span, oa.end)))
        assert text[start:end] == str(g.value(span, oa.exact)), span
        line = g.value(span, cchc.line)
        assert line is None or int(str(line)) == text.count("\n", 0, start) + 1, span
        assert g.value(span, PROV.wasGeneratedBy) is not None, span
    print(f"{prefix} {form}: {len(spans)} spans, every quote exact")
