"""Sections: the section tree of each document, the items of it that are tasks in running
text, and the table sections the rows of an appendix table sit in.

The items of a plan's "Nhiệm vụ, giải pháp" part are tasks in running text
(``cchc:SectionTask``, see :func:`task_item_paths`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rdflib import URIRef

from cchc_kg import iri as I

from ..model import BodyTaskRecord, SectionRecord, Span
from .documents import owner
from .literals import folded, plain, vi
from .namespaces import CCHC, ELI, RDF, RDFS
from .provenance import generated
from .state import Emission, Located

# A roman part whose heading names tasks ("NHIỆM VỤ, GIẢI PHÁP", "NHIỆM VỤ TRỌNG TÂM",
# "NỘI DUNG, NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"; OCR "NHIEM VU"): compared folded.
_TASK_PART_WORDS = ("nhiem vu", "giai phap")
_ITEM_KINDS = frozenset({"letter", "dash", "plus"})


def fold_paragraphs(sections: Sequence[SectionRecord]) -> list[SectionRecord]:
    """The section records with every unnumbered paragraph (kind ``para``, which carries
    the path of the heading it is printed under) folded into that heading's record: its
    text appended, its span extended. A paragraph with no heading before it stays a record."""
    out: list[SectionRecord] = []
    latest: dict[str, int] = {}
    for s in sections:
        j = latest.get(s.path) if s.kind == "para" else None
        if j is None:
            latest[s.path] = len(out)
            out.append(s)
            continue
        head = out[j]
        span = Span(head.span.start, max(head.span.end, s.span.end), head.span.line)
        out[j] = replace(head, text=f"{head.text} {s.text}".strip(), span=span)
    return out


def task_item_paths(sections: Sequence[SectionRecord], body_tasks: Sequence[BodyTaskRecord]) -> set[str]:
    """Paths of the section items that are the plan's tasks in running text: lettered,
    dash and plus items, and numbered items without sub-items, inside a roman part whose
    heading names tasks, unless a body task already covers that text (003 reads the agency
    blocks of "Nhiệm vụ, giải pháp" as body tasks; one task must not be two nodes)."""
    romans: dict[str, SectionRecord] = {}
    for s in sections:
        if s.kind == "roman":
            romans.setdefault(s.path, s)
    parents = {s.parent_path for s in sections if s.parent_path}
    body_paths = {b.section_path for b in body_tasks}
    body_spans = [b.span for b in body_tasks if b.span is not None]
    out: set[str] = set()
    for s in sections:
        if s.kind not in _ITEM_KINDS and not (s.kind == "number" and s.path not in parents):
            continue
        if s.path in body_paths or any(b.start < s.span.end and s.span.start < b.end for b in body_spans):
            continue
        # The roman part is the path's first component ("II" of "II.3.b", "II.3.a-1").
        part = romans.get(re.split(r"[.\-(]", s.path, maxsplit=1)[0])
        if part is not None and part is not s and any(w in folded(part.heading) for w in _TASK_PART_WORDS):
            out.add(s.path)
    return out


def section_tree(em: Emission) -> None:
    """Every section record (paragraphs folded into their heading) as a node, part of its
    parent section or of its document; the task items are also tasks."""
    records = fold_paragraphs(em.x.sections)
    owners = [owner(em, s.span, preamble=s.kind == "article") for s in records]
    em.task_items = task_item_paths(records, em.x.body_tasks)
    # A path printed twice (OCR, repeated numbering) gives two nodes; the second is
    # qualified by its offset (see Emission.unique) and lookups by path find the first.
    refs = [em.unique(I.section_iri(str(d), s.path), s.span) for s, d in zip(records, owners, strict=True)]
    for s, doc, ref in zip(records, owners, refs, strict=True):
        em.sections.setdefault((doc, s.path), ref)
    last: dict[str, URIRef] = {}  # path → the node of its latest printing so far
    for s, doc, ref in zip(records, owners, refs, strict=True):
        parent = last.get(s.parent_path) if s.parent_path else None
        section(em, s, doc, ref, parent if parent != ref else None)
        last[s.path] = ref


def section(em: Emission, s: SectionRecord, doc: URIRef, ref: URIRef, parent: URIRef | None) -> None:
    g = em.g
    g.add((ref, RDF.type, CCHC.Section))
    g.add((ref, RDF.type, ELI.LegalResourceSubdivision))
    g.add((ref, CCHC.sectionPath, plain(s.path)))
    g.add((ref, RDFS.label, vi(s.path)))
    em.add(ref, CCHC.heading, vi(s.heading) if s.heading else None)
    em.add(ref, CCHC.text, vi(s.text) if s.text else None)
    container = parent or doc
    g.add((ref, ELI.is_part_of, container))
    g.add((container, ELI.has_part, ref))
    if s.path in em.task_items:
        # An item of the plan's "Nhiệm vụ, giải pháp" part is a task in running text.
        g.add((ref, RDF.type, CCHC.SectionTask))
        g.add((ref, RDF.type, CCHC.Task))
        g.add((ref, CCHC.inPlan, doc))
    reform_area(em, ref, s.reform_area)
    generated(em, ref, doc, s.span)
    em.located.append(Located(ref, s.span, doc, 0 if s.path in em.task_items else 1))


def reform_area(em: Emission, item: URIRef, area: str | None) -> None:
    """``cchc:reformArea`` of a section or a plan item, when the extraction read one."""
    if area:
        em.g.add((item, CCHC.reformArea, URIRef(I.reform_area_iri(em.base, area))))


def section_of(em: Emission, doc: URIRef, path: str | None) -> URIRef | None:
    """The section node of ``path`` or of its nearest printed ancestor."""
    while path:
        ref = em.sections.get((doc, path))
        if ref is not None:
            return ref
        cut = max(path.rfind("-"), path.rfind("."))
        path = path[:cut] if cut > 0 else None
    return None


def appendix_section(
    em: Emission, doc: URIRef, heading: str | None, row: Span | None, printed: str | None = None
) -> URIRef | None:
    """The table section a row sits in ("I. CẢI CÁCH THỂ CHẾ" → section PL.I), unless
    the section tree already holds that path. Its span is the heading as printed last
    before the ``row`` (a heading can wrap over lines); ``printed`` is the heading's
    printed form when ``heading`` is restored from OCR text."""
    roman = I.roman_of(heading)
    if not heading or roman is None:
        return None
    path = f"PL.{roman}"
    ref = em.sections.get((doc, path))
    if ref is None:
        ref = URIRef(I.section_iri(str(doc), path))
        em.sections[(doc, path)] = ref
        g = em.g
        g.add((ref, RDF.type, CCHC.Section))
        g.add((ref, RDF.type, ELI.LegalResourceSubdivision))
        g.add((ref, CCHC.sectionPath, plain(path)))
        g.add((ref, RDFS.label, vi(heading)))
        g.add((ref, CCHC.heading, vi(heading)))
        g.add((ref, ELI.is_part_of, doc))
        g.add((doc, ELI.has_part, ref))
        generated(em, ref, doc, printed_before(em.text, printed or heading, row))
    return ref


def printed_before(text: str, phrase: str, row: Span | None) -> Span | None:
    """The span of the last printing of ``phrase`` (its words, whatever is between them)
    in ``text`` that ends before ``row`` starts; None when it is not found."""
    if row is None:
        return None
    words = re.findall(r"\w+", phrase)
    if not words:
        return None
    # Words across anything else: line breaks, the "|" that ends a flattened table cell
    # ("I\n|\nCẢI CÁCH THỂ CHẾ" prints "I. CẢI CÁCH THỂ CHẾ"), punctuation.
    pattern = re.compile(r"\W+".join(re.escape(w) for w in words))
    found = None
    for m in pattern.finditer(text, 0, row.start):
        found = m
    if found is None:
        return None
    return Span(found.start(), found.end(), text.count("\n", 0, found.start()) + 1)
