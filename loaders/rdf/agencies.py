"""Agency and province nodes.

Agency names are resolved by :func:`cchc_kg.loaders.agencies.resolve_agency` (IRI
``{base}agency/{key}``), provinces by the gazetteer's slugs; a node is described wherever it
is named, so every graph labels the agencies and provinces it uses.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from cchc_kg import iri as I

from ..agencies import resolve_agency
from ..agencies.gazetteer import gazetteer
from ..model import DocumentRecord
from .literals import nfc, vi
from .namespaces import CCHC, ORG, RDF, RDFS, SKOS
from .state import Emission


def agency(em: Emission, name: str | None) -> URIRef | None:
    """The node of an agency mention, resolved by helper B's
    :func:`cchc_kg.loaders.agencies.resolve_agency` (IRI ``{base}agency/{key}``). Its
    labels are the full name with the province (the reference graph labels the same
    IRI so, and SKOS allows one prefLabel per language); ``cchc:localLabel`` is the
    name as the province's own documents write it ("Sở Nội vụ")."""
    if not name or not name.strip():
        return None
    # The issue date decides which province a local body belongs to (the 2025 mergers).
    issued = em.x.documents[0].date if em.x.documents else None
    node = resolve_agency(nfc(name), em.x.province, on=issued)
    if not node.key:
        return None
    ref = URIRef(I.agency_iri(em.base, node.key))
    is_group = node.is_group or nfc(name) in em.groups
    g = em.g
    g.add((ref, RDF.type, CCHC.AgencyGroup if is_group else CCHC.Agency))
    if not is_group:
        g.add((ref, RDF.type, ORG.Organization))
    full = node.full_label or node.label or name
    g.add((ref, SKOS.prefLabel, vi(full)))
    g.add((ref, RDFS.label, vi(full)))
    g.add((ref, CCHC.localLabel, vi(node.label or full)))
    if node.type_id:
        g.add((ref, ORG.classification, URIRef(f"{em.base}agency-type/{I.segment(node.type_id)}")))
    if is_group and node.member_type:
        g.add((ref, CCHC.memberType, URIRef(f"{em.base}agency-type/{I.segment(node.member_type)}")))
    if node.province:
        g.add((ref, CCHC.province, province(em, node.province)))
    return ref


def roles(em: Emission, item: URIRef, prop: URIRef, names: Iterable[str]) -> None:
    """``item prop agency`` for each named agency (lead, cooperating, responsible...)."""
    for name in names:
        em.add(item, prop, agency(em, name))


def province(em: Emission, slug: str, label: str | None = None) -> URIRef:
    """The province node ``{base}province/{slug}`` (B's gazetteer slugs: a province
    merged in 2025 is another node, e.g. ``quang-ngai-2025``)."""
    ref = URIRef(I.province_iri(em.base, slug))
    em.g.add((ref, RDF.type, CCHC.Province))
    if label:
        em.g.add((ref, RDFS.label, vi(label)))
    return ref


def document_province(em: Emission, d: DocumentRecord) -> URIRef | None:
    """The province of a document as of its date (gazetteer), else by its name."""
    if not d.province:
        return None
    p = gazetteer().province_by_name(d.province, on=d.date)
    return province(em, p.slug, p.name) if p is not None else province(em, I.slug(d.province), d.province)
