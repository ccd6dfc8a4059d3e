"""Targets of a plan (``cchc:Target``): the printed values, the performance index they
measure, the quantities read from their text, and the agencies in their roles."""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef

from cchc_kg import iri as I

from ..model import TargetRecord
from .agencies import roles
from .documents import owner
from .literals import decimal, folded, plain, short, vi
from .namespaces import CCHC, CCHC_INDEX, RDF, RDFS, XSD
from .sections import section_of
from .state import Emission
from .tasks import plan_item
from .vocabulary import vocabulary


def target(em: Emission, t: TargetRecord) -> None:
    g = em.g
    doc = owner(em, t.span)
    ref = em.unique(I.target_iri(str(doc), t.section_path, t.no), t.span)
    g.add((ref, RDF.type, CCHC.Target))
    g.add((ref, CCHC.text, vi(t.text)))
    g.add((ref, RDFS.label, vi(short(t.text))))
    g.add((ref, CCHC.sectionPath, plain(t.section_path)))
    if t.no > 0:
        g.add((ref, CCHC.order, Literal(t.no, datatype=XSD.positiveInteger)))
    for v in t.values:
        g.add((ref, CCHC.value, plain(v)))
    level = t.extra.get("level")
    em.add(ref, CCHC.level, plain(str(level)) if level else None)
    if t.index:
        em.add(ref, CCHC_INDEX, vocabulary().indices.get(folded(t.index)))
    for n, q in enumerate(t.quantities, start=1):
        quantity(em, ref, n, q)
    roles(em, ref, CCHC.leadAgency, t.lead)
    roles(em, ref, CCHC.cooperatingAgency, t.cooperating)
    roles(em, ref, CCHC.implementingAgency, t.implementing)
    roles(em, ref, CCHC.monitoringAgency, t.monitoring)
    em.add(ref, CCHC.inSection, section_of(em, doc, t.section_path))
    plan_item(em, ref, doc, t.span, t.reform_area)


def quantity(em: Emission, target: URIRef, n: int, q: dict[str, Any]) -> None:
    """One quantity read from a target's text: its number, the whole it is out of, unit, comparator."""
    # Quantities are numbered by their order of appearance in the target text.
    ref = URIRef(f"{target}/quantity/{n}")
    g = em.g
    g.add((target, CCHC.quantity, ref))
    g.add((ref, RDF.type, CCHC.Quantity))
    em.add(ref, CCHC.numericValue, decimal(q.get("value")))
    em.add(ref, CCHC.outOf, decimal(q.get("of")))
    for key, prop in (("unit", CCHC.unit), ("comparator", CCHC.comparator)):
        if q.get(key):
            g.add((ref, prop, plain(str(q[key]))))
    if "baseline" in q:
        g.add((ref, CCHC.isBaseline, Literal(bool(q["baseline"]))))
