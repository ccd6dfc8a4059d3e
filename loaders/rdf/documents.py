"""Documents: their IRIs, their descriptions, their identity keys, and which document owns
a record.

Identity. A loaded document with a number and a cited instrument get their IRI from the
same key (:func:`cchc_kg.loaders.citations.resolve.key_of_number` for documents), and both
carry the key as literals (``cchc:keyDocType``, ``keyNumber``, ``keyYear``, ``keyName``) for
the tolerant look-up of :mod:`cchc_kg.cites`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rdflib import Literal, URIRef

from cchc_kg import iri as I

from ..citations.resolve import key_of_number, name_key
from ..model import DocumentRecord, InstrumentKey, Span
from .agencies import agency, document_province
from .literals import ISO_DATE, date, folded, nfc, plain, vi
from .namespaces import CCHC, ELI, ELI_TITLE, PROV, RDF, RDFS, XSD
from .provenance import generated
from .state import Emission
from .vocabulary import DocType, doc_type, vocabulary


def document_key(d: DocumentRecord) -> InstrumentKey | None:
    """The identity key of a loaded document: the citation resolver's key of its number
    (:func:`cchc_kg.loaders.citations.resolve.key_of_number`) with its date's year and its
    province, so a loaded document and a citation of it get one key, hence one IRI. None
    for a document without a (resolvable) number."""
    if not d.number:
        return None
    year = int(d.date[:4]) if d.date and ISO_DATE.fullmatch(d.date) else None
    return key_of_number(d.number, year, d.province)


def jurisdiction(d: DocumentRecord) -> str:
    return I.slug(d.province) if d.province else "vn"


def issuer_code(d: DocumentRecord, t: DocType) -> str:
    """The issuer part of an unnumbered document's IRI: from the printed number's symbol
    ("KH-UBND" → ubnd), else the issuer-code list, else the issuer's slug."""
    printed = str(d.extra.get("number_as_printed") or "")
    symbol = printed.rsplit("/", 1)[-1] if "/" in printed else ""
    parts = [p for p in symbol.split("-") if p.strip()]
    if len(parts) > 1 and I.code(parts[0]) == t.code:
        return I.code("-".join(parts[1:]))
    issuer = folded(d.issuer or "")
    for name, code in vocabulary().issuer_codes:
        if issuer.startswith(name):
            return code
    return I.slug(d.issuer or "") or I.UNKNOWN


def mint_document_iris(em: Emission) -> list[URIRef]:
    """IRIs of the documents: a numbered one by its identity key (the one a citation of
    it resolves to); a plan attached to a decision below the decision's IRI; any other
    by its issuer and the source hash. Records the identity keys in ``em.keys``."""
    docs = em.x.documents
    out: list[URIRef | None] = [None] * len(docs)
    for i, d in enumerate(docs):  # numbered documents first: attachments refer to them
        key = document_key(d)
        if key is not None:
            ref = URIRef(I.instrument_iri(em.base, key))
            out[i] = ref
            em.keys[ref] = key
    for i, d in enumerate(docs):
        if out[i] is not None:
            continue
        t = doc_type(d.kind)
        if d.attached_to:
            decision = next((out[j] for j, e in enumerate(docs) if e.number == d.attached_to), None)
            if decision is None:
                key = document_key(replace(d, number=d.attached_to))
                decision = URIRef(I.instrument_iri(em.base, key)) if key else None
            if decision is not None:
                out[i] = URIRef(I.attached_iri(str(decision), t.code))
                continue
        out[i] = URIRef(
            I.unnumbered_iri(
                em.base,
                jurisdiction(d),
                issuer_code(d, t),
                em.x.source.sha256,
                draft=d.is_draft,
            )
        )
    iris: list[URIRef] = []
    for i, minted in enumerate(out):
        assert minted is not None
        ref = minted
        if ref in iris:  # two unnumbered documents in one source: tell them by type
            ref = URIRef(f"{ref}/{doc_type(docs[i].kind).code}")
        iris.append(ref)
    return iris


def identity_key(em: Emission, ref: URIRef, key: InstrumentKey) -> None:
    """The identity key as literals, the parts ``cchc cites`` matches what a person
    typed against (:mod:`cchc_kg.cites`): type code, number, year, normalised name."""
    g = em.g
    g.add((ref, CCHC.keyDocType, Literal(key.doc_type)))
    if key.number is not None:
        g.add((ref, CCHC.keyNumber, Literal(key.number)))
    if key.year is not None:
        g.add((ref, CCHC.keyYear, Literal(f"{key.year:04d}", datatype=XSD.gYear)))
    if key.name:
        g.add((ref, CCHC.keyName, Literal(name_key(key.name))))


def document(em: Emission, d: DocumentRecord, ref: URIRef) -> None:
    """A loaded document: its types, number, date, issuer, province, signer, title and
    label, its provenance, and its identity key when it has one."""
    g = em.g
    t = doc_type(d.kind)
    for cls in (t.cls, CCHC.LegalDocument, CCHC.LegalInstrument, ELI.LegalResource):
        g.add((ref, RDF.type, cls))
    g.add((ref, ELI.type_document, t.concept))
    em.add(ref, ELI.number, plain(d.number) if d.number else None)
    printed = d.extra.get("number_as_printed")
    em.add(ref, CCHC.numberAsPrinted, plain(str(printed)) if printed else None)
    em.add(ref, ELI.date_document, date(d.date))
    partial = d.extra.get("date_partial")
    if isinstance(partial, str) and re.fullmatch(r"\d{4}-\d{2}", partial):
        g.add((ref, CCHC.datePartial, Literal(partial, datatype=XSD.gYearMonth)))
    issuer = agency(em, d.issuer)
    em.add(ref, CCHC.issuer, issuer)
    em.add(ref, ELI.passed_by, issuer)
    em.add(ref, CCHC.province, document_province(em, d))
    em.add(ref, CCHC.signer, plain(d.signer) if d.signer else None)
    em.add(ref, CCHC.signerCapacity, plain(d.signer_capacity) if d.signer_capacity else None)
    em.add(ref, ELI_TITLE, vi(d.title) if d.title else None)
    g.add((ref, CCHC.isDraft, Literal(bool(d.is_draft))))
    em.add(ref, CCHC.period, plain(d.period) if d.period else None)
    if "embedded" in d.extra:
        g.add((ref, CCHC.embedded, Literal(bool(d.extra["embedded"]))))
    g.add((ref, RDFS.label, vi(document_label(d))))
    g.add((ref, PROV.wasDerivedFrom, em.source))
    generated(em, ref, ref, d.span)
    if ref in em.keys:
        identity_key(em, ref, em.keys[ref])


def document_label(d: DocumentRecord) -> str:
    kind = nfc(d.kind or "Văn bản")
    if d.number:
        return f"{kind} {d.number}"
    if d.attached_to:
        return f"{kind} ban hành kèm theo Quyết định {d.attached_to}"
    head = f"Dự thảo {kind.lower()}" if d.is_draft else kind
    return f"{head} của {d.issuer}" if d.issuer else head


def link_attachments(em: Emission) -> None:
    """``cchc:attachedTo`` from a plan to the decision issuing it: the decision of this
    source when it is here, else the IRI its own IRI was minted below."""
    for d, ref in zip(em.x.documents, em.doc_iris, strict=True):
        if not d.attached_to:
            continue
        for e, other in zip(em.x.documents, em.doc_iris, strict=True):
            if e.number == d.attached_to:
                em.g.add((ref, CCHC.attachedTo, other))
                break
        else:
            em.g.add((ref, CCHC.attachedTo, URIRef(str(ref).rsplit("/", 1)[0])))


def owner(em: Emission, span: Span | None, *, preamble: bool = False) -> URIRef:
    """The document whose span holds ``span`` (the innermost one). Without document
    spans: the first document for preamble material (a decision's "Căn cứ"), the
    plan (the last document of kind Kế hoạch) for plan items."""
    docs = em.x.documents
    if span is not None:
        holders = [
            (d.span.end - d.span.start, i)
            for i, d in enumerate(docs)
            if d.span is not None and d.span.contains(span)
        ]
        if holders:
            return em.doc_iris[min(holders)[1]]
    if preamble:
        return em.doc_iris[0]
    plans = [i for i, d in enumerate(docs) if doc_type(d.kind).code == "kh"]
    return em.doc_iris[plans[-1] if plans else 0]
