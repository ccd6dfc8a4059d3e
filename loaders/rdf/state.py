"""The state of emitting one extraction: the graph being built and what has been minted so
far. Every part of the emitter (:mod:`cchc_kg.loaders.rdf`) takes it as its first argument,
because later parts depend on what earlier ones minted (the document IRIs, the section
nodes a task sits in, the entities a citation mention may belong to).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef

from cchc_kg import LOADER_VERSION
from cchc_kg import iri as I

from ..model import Extraction, InstrumentKey, Span
from .literals import nfc
from .namespaces import PREFIXES


@dataclass
class Located:
    """An entity with a span, a candidate citing entity of the mentions inside it."""

    iri: URIRef
    span: Span
    doc: URIRef
    rank: int  # plan items and section tasks (0) hold a mention before other sections (1)


class Emission:
    """One extraction being turned into one graph (see :func:`.emitter.emit`)."""

    def __init__(self, x: Extraction, base: str) -> None:
        self.x = x
        self.base = base
        self.text = x.source.text
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        self.source = URIRef(I.source_iri(base, x.source.sha256))
        self.activity = URIRef(I.extraction_iri(base, x.source.sha256, LOADER_VERSION))
        self.groups = frozenset(nfc(a) for a in x.agency_groups)
        self.doc_iris: list[URIRef] = []
        self.located: list[Located] = []
        self.sections: dict[tuple[URIRef, str], URIRef] = {}
        self.minted: set[URIRef] = set()
        self.instruments: set[URIRef] = set()
        self.keys: dict[URIRef, InstrumentKey] = {}  # loaded documents with an identity key
        self.task_items: set[str] = set()  # section paths that are task items

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        """Add the triple unless its object is missing (an optional field left empty)."""
        if o is not None:
            self.g.add((s, p, o))

    def unique(self, iri: str, span: Span | None) -> URIRef:
        """``iri``, or, when this extraction already minted it for another record (a row
        number printed twice), ``iri`` qualified by the record's start offset."""
        ref = URIRef(iri)
        if ref in self.minted and span is not None:
            ref = URIRef(f"{iri}@{span.start}")
        self.minted.add(ref)
        return ref
