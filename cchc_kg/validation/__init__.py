"""SHACL validation: the shapes in ``shapes/`` checked against a document's graph (at load,
the gate) or against the whole store (``cchc validate``).

Public surface:

* :func:`validate_graph` — one document's graph plus the reference data it links to;
* :func:`validate_store` — every document graph of a store, as one union graph (by default
  with the ``sparql`` engine, which queries the store in place);
* :class:`Report` / :class:`Finding` — results located in the source (document, line),
  with the shape's message in Vietnamese and English, printable or as ``sh:ValidationReport``;
* :func:`gate` — the validator ``loaders/ingest.py`` calls before writing a graph.

"Conforms" means no result of severity ``sh:Violation``: Warnings (the source is
incomplete) and Info (worth knowing) never block a load (issue #6).
"""

from __future__ import annotations

from .engines import ENGINES, Engine, default_engine
from .report import Finding, Location, Report, Severity
from .run import gate, quarantine_graph_iri, validate_graph, validate_store

__all__ = [
    "ENGINES",
    "Engine",
    "Finding",
    "Location",
    "Report",
    "Severity",
    "default_engine",
    "gate",
    "quarantine_graph_iri",
    "validate_graph",
    "validate_store",
]
