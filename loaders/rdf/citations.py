"""Citations: each mention of an instrument, and the cited instrument itself.

Each mention is a ``cchc:Citation`` (relation, span, printed form) whose citing entity is
the innermost task, target or shortcoming that holds it, else the innermost section, else
the document (the preamble); the citing entity also gets ``cchc:cites`` the instrument, so
"tasks citing X" is one triple pattern, and the document gets ``eli:cites`` plus the ELI
term of each relation (``eli:based_on``, ``eli:repeals``, ``eli:amends``;
``cchc:implements``). A citation in a section heading stays the section's: it is not copied
to the tasks below.

The cited instrument is described minimally (type, number, date, issuer, label, identity
key), so every graph is self-contained and loading order does not matter.
"""

from __future__ import annotations

from rdflib import URIRef

from cchc_kg import iri as I

from ..model import CitationMention, CitationRecord, Span
from .agencies import agency, province
from .documents import identity_key, owner
from .literals import date, nfc, plain, vi
from .namespaces import CCHC, ELI, ELI_TITLE, RDF, RDFS
from .provenance import generated
from .state import Emission
from .vocabulary import doc_type, vocabulary

# Document-level ELI property of each citation relation (domain.md §4). Every resolved
# citation also gives eli:cites.
DOC_RELATION: dict[str, URIRef] = {
    "legal_basis": ELI.based_on,
    "implements": CCHC.implements,
    "replaces": ELI.repeals,
    "amends": ELI.amends,
}


def cited_instrument(em: Emission, c: CitationRecord) -> URIRef | None:
    """The cited instrument, described minimally in this graph (type, number, date,
    issuer, label) so the graph stands on its own. None for an unresolved citation; a
    document of this source or an instrument already described is not described again."""
    if c.key is None:
        return None
    ref = URIRef(I.instrument_iri(em.base, c.key))
    if ref in em.doc_iris or ref in em.instruments:
        return ref
    em.instruments.add(ref)
    g = em.g
    t = doc_type(c.kind)
    for cls in (t.cls, CCHC.LegalInstrument, ELI.LegalResource):
        g.add((ref, RDF.type, cls))
    g.add((ref, ELI.type_document, t.concept))
    identity_key(em, ref, c.key)
    em.add(ref, ELI.number, plain(c.number) if c.number else None)
    em.add(ref, ELI.date_document, date(c.date))
    em.add(ref, ELI_TITLE, vi(c.title) if c.title else None)
    issuer = agency(em, c.issuer)
    em.add(ref, CCHC.issuer, issuer)
    em.add(ref, ELI.passed_by, issuer)
    if c.key.jurisdiction != "vn":
        g.add((ref, CCHC.province, province(em, c.key.jurisdiction)))
    label = c.name or (f"{nfc(c.kind)} {c.number}" if c.number else nfc(c.kind))
    g.add((ref, RDFS.label, vi(label)))
    return ref


def citing_entity(em: Emission, span: Span) -> tuple[URIRef, URIRef]:
    """The extracted entity whose span holds ``span``, and its document: the innermost
    task, target or shortcoming if one holds it (a mention inside a sub-item of a body
    task is the body task's), else the innermost section, else the document."""
    holders = [
        (e.rank, e.span.end - e.span.start, str(e.iri), e) for e in em.located if e.span.contains(span)
    ]
    if holders:
        best = min(holders, key=lambda h: h[:3])[3]
        return best.iri, best.doc
    doc = owner(em, span, preamble=True)
    return doc, doc


def citation(em: Emission, c: CitationRecord) -> None:
    """A cited instrument with all its mentions, and the document-level links of each
    citing document (a citation without mentions links the first document)."""
    g = em.g
    instrument = cited_instrument(em, c)
    relations: dict[URIRef, set[str]] = {}
    for m in c.mentions:
        entity, doc = citing_entity(em, m.span)
        relations.setdefault(doc, set()).add(m.relation)
        mention(em, c, m, entity, doc, instrument)
    if not c.mentions and em.doc_iris:
        relations[em.doc_iris[0]] = set(c.relations) | {c.relation}
    if instrument is None:
        return
    for doc, rels in relations.items():
        if doc == instrument:
            continue
        g.add((doc, ELI.cites, instrument))
        for rel in sorted(rels):
            if rel in DOC_RELATION:
                g.add((doc, DOC_RELATION[rel], instrument))


def mention(
    em: Emission,
    c: CitationRecord,
    m: CitationMention,
    entity: URIRef,
    doc: URIRef,
    instrument: URIRef | None,
) -> None:
    """One ``cchc:Citation``; an unresolved one keeps what was read of the instrument."""
    g = em.g
    ref = URIRef(I.citation_iri(str(doc), m.span.start, m.span.end))
    g.add((ref, RDF.type, CCHC.Citation))
    g.add((ref, CCHC.citingEntity, entity))
    g.add((ref, CCHC.citingDocument, doc))
    em.add(ref, CCHC.citedInstrument, instrument)
    # "Which tasks cite X" one triple pattern away: ?task cchc:cites X.
    em.add(entity, CCHC.cites, instrument)
    em.add(ref, CCHC.relation, vocabulary().relations.get(m.relation))
    g.add((ref, CCHC.printedForm, plain(m.as_printed)))
    if instrument is None:
        g.add((ref, CCHC.unresolvedReason, plain(c.unresolved_reason or "unresolved")))
        g.add((ref, CCHC.citedKind, plain(c.kind)))
        em.add(ref, CCHC.citedNumber, plain(c.number) if c.number else None)
    generated(em, ref, doc, m.span)
