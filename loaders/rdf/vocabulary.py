"""Code lists read from the packaged ontology: document types, issuer codes, deadline
kinds, performance indices and citation relations.

They live in the ontology (not here) so the graph and its schema cannot disagree on a
code; they are read once per process (:func:`vocabulary` is cached).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from rdflib import Graph, Literal, URIRef

from cchc_kg import iri as I

from .literals import folded
from .namespaces import CCHC, RDF, SKOS


@dataclass(frozen=True)
class DocType:
    code: str  # InstrumentKey.doc_type ("kh")
    cls: URIRef  # cchc:Plan
    concept: URIRef  # cchc:type_kh


@dataclass(frozen=True)
class Vocabulary:
    by_kind: dict[str, DocType]  # folded kind word ("ke hoach") → type
    by_code: dict[str, DocType]  # "kh" → type
    issuer_codes: tuple[tuple[str, str], ...]  # (folded body name, code), longest first
    deadline_kinds: dict[str, URIRef]  # "date" → cchc:deadline_date
    indices: dict[str, URIRef]  # folded notation ("par index") → concept
    relations: dict[str, URIRef]  # "legal_basis" → cchc:rel_legal_basis


def ontology_graph() -> Graph:
    """The packaged ontology (``ontology/cchc.ttl``)."""
    data = files("cchc_kg.ontology").joinpath("cchc.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=data, format="turtle")


@cache
def vocabulary() -> Vocabulary:
    g = ontology_graph()
    by_kind: dict[str, DocType] = {}
    by_code: dict[str, DocType] = {}
    for concept in sorted(g.subjects(RDF.type, CCHC.DocumentType), key=str):
        assert isinstance(concept, URIRef)
        cls = g.value(concept, CCHC.documentClass)
        assert isinstance(cls, URIRef), concept
        t = DocType(I.code(str(g.value(concept, SKOS.notation))), cls, concept)
        by_code[t.code] = t
        for label in g.objects(concept, SKOS.prefLabel | SKOS.altLabel):
            if isinstance(label, Literal) and label.language == "vi":
                by_kind[folded(str(label))] = t
    issuers = sorted(
        (
            (folded(str(label)), I.code(str(g.value(c, SKOS.notation))))
            for c in g.subjects(RDF.type, CCHC.IssuerCode)
            for label in g.objects(c, SKOS.prefLabel)
            if isinstance(label, Literal) and label.language == "vi"
        ),
        key=lambda p: (-len(p[0]), p),
    )

    def notations(cls: URIRef, fold: bool) -> dict[str, URIRef]:
        out: dict[str, URIRef] = {}
        for c in g.subjects(RDF.type, cls):
            assert isinstance(c, URIRef)
            n = str(g.value(c, SKOS.notation))
            out[folded(n) if fold else n] = c
        return out

    return Vocabulary(
        by_kind,
        by_code,
        tuple(issuers),
        notations(CCHC.DeadlineKind, False),
        notations(CCHC.PerformanceIndex, True),
        notations(CCHC.CitationRelation, False),
    )


def doc_type(kind: str | None) -> DocType:
    """The document type of a printed kind ("Kế hoạch", "Kế hoạch hành động", "Luật")."""
    v = vocabulary()
    key = folded(kind or "")
    if key in v.by_kind:
        return v.by_kind[key]
    # A kind the list does not know ("Quy định chi tiết"): the longest known prefix, else other.
    for words in sorted(v.by_kind, key=len, reverse=True):
        if key.startswith(words + " "):
            return v.by_kind[words]
    other = v.by_code["cd"]
    return DocType(I.code(kind or "") or "vb", CCHC.OtherInstrument, other.concept)
