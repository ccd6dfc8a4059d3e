"""``cchc validate FILE ...``: check files without a store. An RDF file is checked as it
is (each named graph of a TriG/N-Quads dataset apart, as the store holds them); a source
document is extracted and converted exactly as ``cchc load`` would, then checked, so the
gate can be tried without writing anything."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph

from cchc_kg.errors import LoaderError

from .engines import Engine, engine
from .report import Report
from .run import validate_graph

_GRAPH_FORMATS = {".ttl": "turtle", ".nt": "nt", ".n3": "n3", ".rdf": "xml", ".owl": "xml"}
_DATASET_FORMATS = {".trig": "trig", ".nq": "nquads"}


def _datasets(path: Path, fmt: str) -> list[tuple[str | None, Graph]]:
    ds = Dataset()
    try:
        ds.parse(path, format=fmt)
    except Exception as e:  # rdflib raises many parser exception types
        raise LoaderError(str(path), "rdf-syntax", str(e).splitlines()[0][:300]) from None
    out: list[tuple[str | None, Graph]] = []
    for g in ds.graphs():
        if len(g) == 0:
            continue
        name = None if g.identifier == ds.default_graph.identifier else str(g.identifier)
        out.append((name, g))
    return out


def validate_files(paths: Iterable[Path], *, base_iri: str, use: Engine | str | None = None) -> list[Report]:
    """One report per graph checked.

    :raises LoaderError: a file that cannot be read or parsed (nothing is validated).
    """
    from cchc_kg.loaders.extract import extract_file
    from cchc_kg.loaders.ingest import graph_for

    eng = engine(use) if use is None or isinstance(use, str) else use
    reports: list[Report] = []
    for path in paths:
        if not path.is_file():
            raise LoaderError(str(path), "not-found", "no such file")
        suffix = path.suffix.lower()
        if suffix in _GRAPH_FORMATS:
            g = Graph()
            try:
                g.parse(path, format=_GRAPH_FORMATS[suffix])
            except Exception as e:  # rdflib raises many parser exception types
                raise LoaderError(str(path), "rdf-syntax", str(e).splitlines()[0][:300]) from None
            reports.append(validate_graph(g, base_iri=base_iri, subject=path.name, graph=path.name, use=eng))
        elif suffix in _DATASET_FORMATS:
            for name, g in _datasets(path, _DATASET_FORMATS[suffix]):
                subject = f"{path.name} <{name}>" if name else path.name
                reports.append(validate_graph(g, base_iri=base_iri, subject=subject, graph=name, use=eng))
        else:
            x = extract_file(path)
            graph_iri, g = graph_for(x, base_iri)
            reports.append(
                validate_graph(g, base_iri=base_iri, subject=path.name, graph=str(graph_iri), use=eng)
            )
    return reports
