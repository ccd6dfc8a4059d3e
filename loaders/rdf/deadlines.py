"""Deadlines of table tasks, typed by OWL-Time: a date is an instant, a year or a range of
years a proper interval from its first to its last day, anything else ("hằng năm", "khi có
yêu cầu") only its kind and printed value. A cell with several milestones gives one part
per milestone.
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import Literal, URIRef

from .literals import ISO_DATE, plain, vi
from .namespaces import CCHC, RDF, TIME, XSD
from .state import Emission
from .vocabulary import vocabulary

_YEAR_RANGE = re.compile(r"(\d{4})\s*-\s*(\d{4})")


def deadline(em: Emission, node: URIRef, kind: str, value: str | None) -> None:
    """A deadline node typed by OWL-Time: a date is an instant, a year or a range of
    years a proper interval from its first to its last day."""
    g = em.g
    g.add((node, RDF.type, CCHC.Deadline))
    em.add(node, CCHC.deadlineKind, vocabulary().deadline_kinds.get(kind))
    em.add(node, CCHC.deadlineValue, plain(value) if value else None)
    if value is None:
        return
    if kind == "date" and ISO_DATE.fullmatch(value):
        g.add((node, RDF.type, TIME.Instant))
        g.add((node, TIME.inXSDDate, Literal(value, datatype=XSD.date)))
        return
    years = (value, value) if kind == "year" and re.fullmatch(r"\d{4}", value) else None
    m = _YEAR_RANGE.fullmatch(value) if kind == "range" else None
    if m:
        years = (m[1], m[2])
    if years:
        g.add((node, RDF.type, TIME.ProperInterval))
        for prop, suffix, day in ((TIME.hasBeginning, "begin", "01-01"), (TIME.hasEnd, "end", "12-31")):
            instant = URIRef(f"{node}/{suffix}")
            g.add((node, prop, instant))
            g.add((instant, RDF.type, TIME.Instant))
            year = years[0] if suffix == "begin" else years[1]
            g.add((instant, TIME.inXSDDate, Literal(f"{year}-{day}", datatype=XSD.date)))


def deadline_part(em: Emission, node: URIRef, n: int, part: dict[str, Any]) -> None:
    """One milestone of a multi-part deadline cell, itself a deadline."""
    # Parts are numbered by their printed order inside the one deadline cell.
    ref = URIRef(f"{node}/part/{n}")
    em.g.add((node, CCHC.deadlinePart, ref))
    label = part.get("label")
    em.add(ref, CCHC.milestone, vi(str(label)) if label else None)
    kind = part.get("kind") or ("date" if part.get("date") else None)
    value = part.get("value") or part.get("date")
    deadline(em, ref, str(kind) if kind else "conditional", str(value) if value else None)
