"""Provenance: the source version read, the extraction activity that read it, and the text
span every extracted entity comes from.

A :class:`~cchc_kg.loaders.model.Span` becomes a ``cchc:TextSpan`` that is also both W3C
Web Annotation selectors (``oa:TextPositionSelector`` with its offsets,
``oa:TextQuoteSelector`` with ``oa:exact`` the source text between them), so a reader can
find the passage by position or by quote.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from cchc_kg import LOADER_VERSION
from cchc_kg import iri as I

from ..model import Span
from .literals import plain
from .namespaces import CCHC, OA, PROV, RDF, RDFS, XSD
from .state import Emission


def source_version(em: Emission) -> None:
    """The source file as read (``cchc:SourceVersion``, keyed by its hash) and the
    extraction activity of this loader version that used it."""
    g = em.g
    x = em.x
    g.add((em.source, RDF.type, CCHC.SourceVersion))
    g.add((em.source, CCHC.sha256, Literal(x.source.sha256)))
    g.add((em.source, CCHC.sourceFormat, Literal(x.source.format)))
    g.add((em.source, RDFS.label, plain(x.source.name)))
    g.add((em.activity, RDF.type, CCHC.Extraction))
    g.add((em.activity, PROV.used, em.source))
    g.add((em.activity, CCHC.loaderVersion, Literal(LOADER_VERSION)))


def generated(em: Emission, entity: URIRef, doc: URIRef, span: Span | None) -> None:
    """Provenance of an extracted entity: the activity and the source span."""
    em.add(entity, PROV.wasGeneratedBy, em.activity)
    if span is not None:
        em.add(entity, CCHC.span, text_span(em, doc, span))


def text_span(em: Emission, doc: URIRef, span: Span) -> URIRef:
    """The node of ``span`` of the source, keyed by its document and offsets."""
    node = URIRef(I.span_iri(str(doc), span.start, span.end))
    g = em.g
    g.add((node, RDF.type, CCHC.TextSpan))
    # Typed as both Web Annotation selectors, so consumers without a reasoner see them.
    g.add((node, RDF.type, OA.TextPositionSelector))
    g.add((node, RDF.type, OA.TextQuoteSelector))
    g.add((node, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    g.add((node, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    g.add((node, OA.exact, plain(em.text[span.start : span.end])))
    g.add((node, CCHC.line, Literal(max(span.line, 1), datatype=XSD.positiveInteger)))
    g.add((node, PROV.wasDerivedFrom, em.source))
    g.add((node, PROV.wasGeneratedBy, em.activity))
    return node
