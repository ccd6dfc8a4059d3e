"""Plan items: the tasks of an appendix table (``cchc:TableTask``), the tasks in an
agency's block of the body (``cchc:BodyTask``), and the shortcomings of a report's table.

Each is in its plan, in a section, has its agencies in their roles, and is a candidate
citing entity of the citation mentions inside its span (:func:`plan_item`). Targets, the
other plan item, are in :mod:`.targets`; section tasks are section nodes
(:mod:`.sections`).
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from cchc_kg import iri as I

from ..model import BodyTaskRecord, ShortcomingRecord, Span, TaskRecord
from .agencies import roles
from .deadlines import deadline, deadline_part
from .documents import owner
from .literals import plain, short, vi
from .namespaces import CCHC, RDF, RDFS
from .provenance import generated
from .sections import appendix_section, reform_area, section_of
from .state import Emission, Located


def plan_item(em: Emission, ref: URIRef, doc: URIRef, span: Span | None, area: str | None) -> None:
    """What every plan item has: its plan, reform area, provenance, and its place among
    the entities a citation mention may belong to."""
    em.g.add((ref, CCHC.inPlan, doc))
    reform_area(em, ref, area)
    generated(em, ref, doc, span)
    if span is not None:
        em.located.append(Located(ref, span, doc, 0))


def table_task(em: Emission, t: TaskRecord) -> None:
    """A row of a plan's task table, with its deadline when the cell was read."""
    g = em.g
    doc = owner(em, t.span)
    ref = em.unique(I.task_iri(str(doc), I.roman_of(t.section), t.no), t.span)
    g.add((ref, RDF.type, CCHC.TableTask))
    g.add((ref, RDF.type, CCHC.Task))
    g.add((ref, CCHC.text, vi(t.text)))
    g.add((ref, RDFS.label, vi(short(t.text))))
    em.add(ref, CCHC.rowNumber, plain(t.no) if t.no else None)
    em.add(ref, CCHC.objective, vi(t.objective) if t.objective else None)
    em.add(ref, CCHC.objectiveRow, plain(t.objective_row) if t.objective_row else None)
    em.add(ref, CCHC.product, vi(t.product) if t.product else None)
    em.add(ref, CCHC.leadAsPrinted, plain(t.lead_raw) if t.lead_raw else None)
    em.add(ref, CCHC.cooperatingAsPrinted, plain(t.cooperating_raw) if t.cooperating_raw else None)
    em.add(ref, CCHC.deadlineAsPrinted, plain(t.deadline_raw) if t.deadline_raw else None)
    roles(em, ref, CCHC.leadAgency, t.lead)
    roles(em, ref, CCHC.cooperatingAgency, t.cooperating)
    em.add(ref, CCHC.inSection, appendix_section(em, doc, t.section, t.span))
    if t.deadline is not None and t.deadline.kind is not None:
        node = URIRef(I.deadline_iri(str(ref)))
        g.add((ref, CCHC.deadline, node))
        deadline(em, node, t.deadline.kind, t.deadline.value)
        for n, part in enumerate(t.deadline.parts or [], start=1):
            deadline_part(em, node, n, part)
    plan_item(em, ref, doc, t.span, t.reform_area)


def body_task(em: Emission, b: BodyTaskRecord) -> None:
    """A task assigned in running text to an agency ("Sở Nội vụ: chủ trì ...")."""
    g = em.g
    doc = owner(em, b.span)
    ref = em.unique(I.body_task_iri(str(doc), b.section_path), b.span)
    g.add((ref, RDF.type, CCHC.BodyTask))
    g.add((ref, RDF.type, CCHC.Task))
    g.add((ref, CCHC.text, vi(b.text)))
    g.add((ref, RDFS.label, vi(short(b.text))))
    g.add((ref, CCHC.sectionPath, plain(b.section_path)))
    g.add((ref, CCHC.assignsLead, Literal(bool(b.chu_tri))))
    em.add(ref, CCHC.deadlineAsPrinted, plain(b.deadline_raw) if b.deadline_raw else None)
    roles(em, ref, CCHC.leadAgency, b.lead)
    roles(em, ref, CCHC.cooperatingAgency, b.cooperating)
    em.add(ref, CCHC.inSection, section_of(em, doc, b.section_path))
    plan_item(em, ref, doc, b.span, b.reform_area)


def shortcoming(em: Emission, s: ShortcomingRecord) -> None:
    """A row of a report's table of shortcomings and their recovery."""
    g = em.g
    doc = owner(em, s.span)
    ref = em.unique(I.shortcoming_iri(str(doc), I.roman_of(s.section), s.no), s.span)
    g.add((ref, RDF.type, CCHC.Shortcoming))
    g.add((ref, CCHC.text, vi(s.text)))
    g.add((ref, RDFS.label, vi(short(s.text))))
    em.add(ref, CCHC.rowNumber, plain(s.no) if s.no else None)
    em.add(ref, CCHC.recovery, plain(s.recovery) if s.recovery else None)
    roles(em, ref, CCHC.responsibleAgency, s.responsible)
    # An OCR table's heading is restored: its span is found by the printed form, printed
    # before the row ends (a content row that is itself a shortcoming holds its heading).
    printed = s.extra.get("section_as_printed")
    end = None if s.span is None else Span(s.span.end, s.span.end, s.span.line)
    section = appendix_section(em, doc, s.section, end, printed if isinstance(printed, str) else None)
    em.add(ref, CCHC.inSection, section)
    plan_item(em, ref, doc, s.span, None)
