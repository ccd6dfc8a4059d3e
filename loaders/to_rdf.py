"""Emit stage (RDF): an :class:`Extraction` → the triples of one named graph.

The entry point of the stage: :func:`extraction_to_graph` (and :func:`extraction_to_dataset`,
:func:`document_graph_iri`, :func:`document_iris`). The work is done by the modules of
:mod:`cchc_kg.loaders.rdf`, one per kind of node; the names other modules and the tests use
are re-exported here so this stays the one place to import from.

One source file gives one named graph (:func:`document_graph_iri`) holding everything read
from it: its documents, section tree, tasks, targets, citation mentions, the cited
instruments (described minimally, so every graph is self-contained and loading order does
not matter), the agencies named, and the provenance of every extracted entity (a
:class:`~cchc_kg.loaders.model.Span` becomes a ``cchc:TextSpan`` whose ``oa:exact`` is the
source text between its offsets). Where each of these is described:

* source version, extraction activity, text spans: :mod:`cchc_kg.loaders.rdf.provenance`;
* documents, their IRIs and identity keys: :mod:`cchc_kg.loaders.rdf.documents`;
* the section tree and its task items: :mod:`cchc_kg.loaders.rdf.sections`;
* table and body tasks, shortcomings: :mod:`cchc_kg.loaders.rdf.tasks`; their deadlines:
  :mod:`cchc_kg.loaders.rdf.deadlines`; targets: :mod:`cchc_kg.loaders.rdf.targets`;
* citations and cited instruments: :mod:`cchc_kg.loaders.rdf.citations`;
* agencies and provinces: :mod:`cchc_kg.loaders.rdf.agencies`;
* the walk that calls them in order: :mod:`cchc_kg.loaders.rdf.emitter`.

Pure: no I/O except reading packaged data: the ontology (the document-type, deadline-kind
and index code lists live there) and, through the resolvers, the agency gazetteer and the
instrument registry. IRIs come from :mod:`cchc_kg.iri`; there are no blank nodes,
every literal is NFC, and the same extraction always gives the same triples.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Dataset, Graph, URIRef

from cchc_kg import iri as I

from .model import Extraction
from .rdf.documents import document_key, mint_document_iris
from .rdf.emitter import emit
from .rdf.namespaces import CCHC, CCHC_INDEX, ELI, ELI_TITLE, OA, ORG, PREFIXES
from .rdf.sections import fold_paragraphs, task_item_paths
from .rdf.state import Emission
from .rdf.vocabulary import DocType, Vocabulary, doc_type, ontology_graph, vocabulary

__all__ = [
    "CCHC",
    "CCHC_INDEX",
    "ELI",
    "ELI_TITLE",
    "OA",
    "ORG",
    "PREFIXES",
    "DocType",
    "Vocabulary",
    "doc_type",
    "document_graph_iri",
    "document_iris",
    "document_key",
    "extraction_to_dataset",
    "extraction_to_graph",
    "fold_paragraphs",
    "ontology_graph",
    "task_item_paths",
    "vocabulary",
]


def document_iris(x: Extraction, base_iri: str) -> Sequence[URIRef]:
    """The IRIs of the documents of ``x``, in order."""
    return mint_document_iris(Emission(x, base_iri)) if x.documents else []


def document_graph_iri(x: Extraction, base_iri: str) -> URIRef:
    """The named graph of the source of ``x``: keyed by its first document's IRI, or by the
    source hash when it yielded no document."""
    iris = document_iris(x, base_iri)
    key = I.document_key(base_iri, str(iris[0]) if iris else None, x.source.sha256)
    return URIRef(I.graph_iri(base_iri, key))


def extraction_to_graph(x: Extraction, base_iri: str) -> Graph:
    """The triples of the document's own named graph (no blank nodes, NFC literals)."""
    return emit(x, base_iri)


def extraction_to_dataset(x: Extraction, base_iri: str) -> Dataset:
    """A dataset with one named graph, :func:`document_graph_iri`, holding
    :func:`extraction_to_graph`."""
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    named = ds.graph(document_graph_iri(x, base_iri))
    for triple in extraction_to_graph(x, base_iri):
        named.add(triple)
    return ds
