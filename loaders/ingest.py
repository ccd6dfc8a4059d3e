"""The ingest edge: files on disk → extraction → RDF → store. The only place where the
loader writes to a store.

Each source file becomes one named graph, replaced atomically; a file that fails (a
:class:`~cchc_kg.errors.LoaderError`, or a graph with SHACL Violations) writes nothing and
the others go on. Loading is idempotent and order-independent because every IRI is minted
from content keys (see :mod:`cchc_kg.iri`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from cchc_kg import LOADER_VERSION
from cchc_kg.errors import KGError, LoaderError
from cchc_kg.store import LoadRun, Store

from .extract import extract_file
from .model import Extraction

SUPPORTED_SUFFIXES = {".txt", ".text", ".html", ".htm", ".docx", ".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


@dataclass
class FileResult:
    path: Path
    graph: str | None = None
    triples: int = 0
    documents: int = 0
    tasks: int = 0
    targets: int = 0
    citations: int = 0
    warnings: int = 0
    error: str | None = None


@dataclass
class LoadSummary:
    files: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.error]

    @property
    def loaded(self) -> list[FileResult]:
        return [f for f in self.files if not f.error]


def discover(paths: Iterable[Path], *, ocr: bool = False) -> list[Path]:
    """Files to load: the given files, and supported files under the given folders, in a
    stable order (sorted), hidden files skipped.

    :raises LoaderError: for a path that does not exist.
    """
    wanted = SUPPORTED_SUFFIXES | (IMAGE_SUFFIXES if ocr else set())
    found: list[Path] = []
    for p in paths:
        if not p.exists():
            raise LoaderError(str(p), "not-found", "no such file or folder")
        if p.is_dir():
            found += sorted(
                f
                for f in p.rglob("*")
                # hidden means hidden below the given folder: "../corpus" itself is fine
                if f.is_file()
                and f.suffix.lower() in wanted
                and not any(x.startswith(".") for x in f.relative_to(p).parts)
            )
        else:
            found.append(p)
    return sorted(set(found), key=lambda f: (str(f.parent), f.name))


Validator = Callable[[Extraction, Graph], list[str]]


def graph_for(x: Extraction, base_iri: str) -> tuple[URIRef, Graph]:
    from .to_rdf import document_graph_iri, extraction_to_graph

    return document_graph_iri(x, base_iri), extraction_to_graph(x, base_iri)


def load_file(
    path: Path,
    store: Store,
    *,
    base_iri: str,
    max_bytes: int | None = None,
    ocr: bool = False,
    validate: Validator | None = None,
) -> FileResult:
    """Extract, convert and write one file. Nothing is written when any step fails."""
    result = FileResult(path)
    started = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    try:
        x = extract_file(path, max_bytes=max_bytes, ocr=ocr)
        graph_iri, g = graph_for(x, base_iri)
        if validate is not None:
            result.warnings += len(validate(x, g))
        run = LoadRun(x.source.name, x.source.sha256, LOADER_VERSION, started, str(graph_iri))
        store.replace_graph(graph_iri, g, run)
    except KGError as e:
        result.error = e.message
        return result
    result.graph = str(graph_iri)
    result.triples = len(g)
    result.documents = len(x.documents)
    result.tasks = len(x.tasks) + len(x.body_tasks)
    result.targets = len(x.targets)
    result.citations = sum(len(c.mentions) for c in x.citations)
    result.warnings += len(x.warnings)
    return result


def load_paths(
    files: Iterable[Path],
    store: Store,
    *,
    base_iri: str,
    max_bytes: int | None = None,
    ocr: bool = False,
    validate: Validator | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> LoadSummary:
    summary = LoadSummary()
    for f in files:
        r = load_file(f, store, base_iri=base_iri, max_bytes=max_bytes, ocr=ocr, validate=validate)
        summary.files.append(r)
        if on_file is not None:
            on_file(r)
    store.optimize()
    return summary


def reference_graphs(base_iri: str) -> Iterator[tuple[URIRef, Graph]]:
    """Graphs every store carries besides the documents: the ontology and the reference
    data (reform areas, agency types, provinces and their 2025 succession, instruments
    registry). Written on every load, replaced, so they stay in step with the code."""
    from importlib import resources

    from .agencies.reference import agency_reference_graph
    from .reform_areas import reform_area_graph

    onto = Graph()
    onto_file = resources.files("cchc_kg.ontology").joinpath("cchc.ttl")
    if onto_file.is_file():
        onto.parse(data=onto_file.read_text(encoding="utf-8"), format="turtle")
    yield URIRef(base_iri + "graph/ontology"), onto
    ref = Graph()
    ref += reform_area_graph(base_iri)
    ref += agency_reference_graph(base_iri)
    yield URIRef(base_iri + "graph/reference"), ref
