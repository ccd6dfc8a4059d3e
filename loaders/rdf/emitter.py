"""The walk over one extraction: the source and activity, the documents, the section
tree, the plan items, the citations, then the agencies named anywhere in it.

The order matters, not for the triples (a graph is a set) but for what later parts look
up: plan items find their document and section among the ones minted before them, and a
citation mention finds its citing entity among every section and plan item.
"""

from __future__ import annotations

from rdflib import Graph

from ..model import Extraction
from .agencies import agency
from .citations import citation
from .documents import document, link_attachments, mint_document_iris
from .namespaces import CCHC
from .provenance import source_version
from .sections import section_tree
from .state import Emission
from .targets import target
from .tasks import body_task, shortcoming, table_task


def emit(x: Extraction, base: str) -> Graph:
    """The triples of the named graph of ``x`` (see :func:`cchc_kg.loaders.to_rdf.extraction_to_graph`)."""
    em = Emission(x, base)
    source_version(em)
    if not x.documents:
        return em.g
    em.doc_iris = mint_document_iris(em)
    em.minted.update(em.doc_iris)
    for d, ref in zip(x.documents, em.doc_iris, strict=True):
        document(em, d, ref)
    link_attachments(em)
    section_tree(em)
    for t in x.tasks:
        table_task(em, t)
    for b in x.body_tasks:
        body_task(em, b)
    for tg in x.targets:
        target(em, tg)
    for s in x.shortcomings:
        shortcoming(em, s)
    for c in x.citations:
        citation(em, c)
    for name in [*x.agencies, *x.agency_groups]:
        mentioned = agency(em, name)
        for doc in em.doc_iris:
            em.add(doc, CCHC.mentionsAgency, mentioned)
    return em.g
