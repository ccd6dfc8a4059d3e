"""The ingest edge: files on disk → extraction → RDF → store. The only place where the
loader writes to a store.

Each source file becomes one named graph, replaced atomically; a file that fails (a
:class:`~cchc_kg.errors.LoaderError`, or a graph with SHACL Violations) writes nothing and
the others go on. Loading is idempotent and order-independent because every IRI is minted
from content keys (see :mod:`cchc_kg.iri`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

from rdflib import Graph, URIRef

from cchc_kg import LOADER_VERSION
from cchc_kg.errors import KGError, LoaderError, ValidationFailed
from cchc_kg.store import LoadRun, Store

from .extract import extract_file
from .model import Extraction
from .resident import settle

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
    # SHACL results of the load gate (cchc_kg.validation): Violations refuse the file, or
    # send its graph to the quarantine graph (quarantined); Info is counted apart.
    violations: int = 0
    info: int = 0
    quarantined: str | None = None


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


class Finding(Protocol):
    """A validation result as the gate sees it (cchc_kg.validation.Finding)."""

    @property
    def severity(self) -> str: ...


# Returns every SHACL result of the document's graph; the gate refuses Violations.
Validator = Callable[[Extraction, Graph], Sequence[Finding]]


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
    quarantine: bool = False,
) -> FileResult:
    """Extract, convert and write one file. Nothing is written when any step fails. With
    ``validate``, a graph with SHACL Violations is refused (ValidationFailed), or, with
    ``quarantine``, written to its quarantine graph and the public graph left as it was."""
    result = FileResult(path)
    started = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    try:
        x = extract_file(path, max_bytes=max_bytes, ocr=ocr)
        graph_iri, g = graph_for(x, base_iri)
        if validate is not None:
            graph_iri = _gate(validate(x, g), result, path, graph_iri, store, base_iri, quarantine)
        checked = result.violations if validate is not None else None
        run = LoadRun(x.source.name, x.source.sha256, LOADER_VERSION, started, str(graph_iri), checked)
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


def _gate(
    findings: Sequence[Finding],
    result: FileResult,
    path: Path,
    graph_iri: URIRef,
    store: Store,
    base_iri: str,
    quarantine: bool,
) -> URIRef:
    """Count the results; refuse on Violations or redirect to the quarantine graph. A
    document that now conforms drops its old quarantine graph."""
    from cchc_kg.validation import quarantine_graph_iri

    violations = [f for f in findings if f.severity == "Violation"]
    result.violations = len(violations)
    result.warnings += sum(1 for f in findings if f.severity == "Warning")
    result.info += sum(1 for f in findings if f.severity == "Info")
    q_iri = quarantine_graph_iri(base_iri, str(graph_iri))
    if not violations:
        store.remove_graph(q_iri)
        return graph_iri
    if quarantine:
        result.quarantined = str(q_iri)
        return q_iri
    raise ValidationFailed(
        f"{path}: refused, {len(violations)} SHACL Violation(s); the first:\n{violations[0]}"
    )


def load_paths(
    files: Iterable[Path],
    store: Store,
    *,
    base_iri: str,
    max_bytes: int | None = None,
    ocr: bool = False,
    validate: Validator | None = None,
    quarantine: bool = False,
    on_file: Callable[[FileResult], None] | None = None,
) -> LoadSummary:
    summary = LoadSummary()
    for f in files:
        r = load_file(
            f,
            store,
            base_iri=base_iri,
            max_bytes=max_bytes,
            ocr=ocr,
            validate=validate,
            quarantine=quarantine,
        )
        summary.files.append(r)
        if r.error is None:
            settle()  # the reference data this document needed is built: take it off the collector
        if on_file is not None:
            on_file(r)
    if summary.loaded:  # compaction is for what was written; a refused file wrote nothing
        store.optimize()
    return summary


def reference_graphs(base_iri: str) -> tuple[tuple[URIRef, Graph], ...]:
    """Graphs every store carries besides the documents: the ontology and the reference
    data (reform areas, agency types, provinces and their 2025 succession, instruments
    registry). Built once per process (a few seconds) and shared: callers must not change
    them."""
    return _built_reference(base_iri)


@cache
def _built_reference(base_iri: str) -> tuple[tuple[URIRef, Graph], ...]:
    from importlib import resources

    from .agencies.reference import agency_reference_graph
    from .reform_areas import reform_area_graph

    onto = Graph()
    onto_file = resources.files("cchc_kg.ontology").joinpath("cchc.ttl")
    if onto_file.is_file():
        onto.parse(data=onto_file.read_text(encoding="utf-8"), format="turtle")
    ref = agency_reference_graph(base_iri)  # a fresh graph: extended in place, not copied
    ref += reform_area_graph(base_iri)
    return (URIRef(base_iri + "graph/ontology"), onto), (URIRef(base_iri + "graph/reference"), ref)


# The package's own code and data: every input of the reference graphs is among them.
_SOURCE_SUFFIXES = (".py", ".ttl", ".tsv", ".json", ".txt")


@cache
def reference_fingerprint() -> str:
    """SHA-256 over the loader and ontology packages' source and data files (path and
    bytes, in path order) and the loader version: the content key of the reference graphs.
    Any change to the code or data that builds them changes it; hashing ~1 MB costs
    milliseconds where building and writing the graphs costs seconds."""
    from importlib import resources

    digest = hashlib.sha256(LOADER_VERSION.encode())
    for package in ("cchc_kg.loaders", "cchc_kg.ontology"):
        root = Path(str(resources.files(package)))
        for f in sorted(root.rglob("*")):
            if f.suffix in _SOURCE_SUFFIXES and f.is_file() and "__pycache__" not in f.parts:
                digest.update(f.relative_to(root).as_posix().encode() + b"\0")
                digest.update(f.read_bytes())
    return digest.hexdigest()


_LATEST_RUN = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX cchc: <https://data.cchc-kg.vn/ontology#>
SELECT ?graph ?meta ?sha WHERE {
  GRAPH ?meta { ?run prov:generated ?graph ; prov:startedAtTime ?t ; cchc:sha256 ?sha }
} ORDER BY DESC(?t) DESC(?sha) LIMIT 1
"""


def write_reference_graphs(store: Store, base_iri: str) -> int:
    """Bring the store's ontology and reference graphs in step with this code: each is
    rewritten (atomically, with a run record keyed by :func:`reference_fingerprint`) unless
    the store's latest run for it already has this fingerprint. Returns how many graphs were
    written (0 on a store that is up to date: a repeated ``cchc load`` skips the few
    seconds of building and writing them)."""
    key = reference_fingerprint()
    meta = store.meta_graph
    written = 0
    names = (URIRef(base_iri + "graph/ontology"), URIRef(base_iri + "graph/reference"))
    for iri in names:
        rows = store.select(_LATEST_RUN, {"graph": iri, "meta": meta})
        if rows and str(rows[0].get("sha")) == key:
            continue
        graph = dict(reference_graphs(base_iri))[iri]
        started = dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")
        store.replace_graph(iri, graph, LoadRun("reference data", key, LOADER_VERSION, started, str(iri)))
        written += 1
    return written
