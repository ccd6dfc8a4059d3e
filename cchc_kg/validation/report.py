"""Validation results located in the source, and the two ways to print them: a human
report (document, line, shape, message in Vietnamese and English) and the W3C
``sh:ValidationReport`` graph."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH, XSD

from .shapes import SHAPES_NS, shape_index

SHP = Namespace(SHAPES_NS)


class Severity(StrEnum):
    """``sh:Violation`` blocks a load; ``sh:Warning`` (source incomplete) and ``sh:Info``
    (worth knowing) are counted and listed."""

    violation = "Violation"
    warning = "Warning"
    info = "Info"


@dataclass(frozen=True)
class Location:
    """Where a result comes from: the named graph (or the validated file), the source file
    read, and the 1-based line in it where the offending entity starts."""

    graph: str | None = None
    source: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.source or self.graph or "?"
        return f"{where}:{self.line}" if self.line else where


@dataclass(frozen=True)
class Finding:
    """One validation result. ``shape`` is the source shape IRI (``None`` for a nested,
    unnamed shape); ``message_vi`` / ``message_en`` come from the shape's ``sh:message``."""

    severity: Severity
    focus: str
    shape: str | None
    path: str | None
    value: str | None
    component: str | None
    message_vi: str
    message_en: str
    location: Location = field(default_factory=Location)

    @property
    def shape_name(self) -> str:
        if self.shape is None:
            return "(nested shape)"
        return "shp:" + self.shape.removeprefix(SHAPES_NS) if self.shape.startswith(SHAPES_NS) else self.shape

    def __str__(self) -> str:
        value = f" value={self.value}" if self.value is not None else ""
        return (
            f"{self.location}: [{self.severity.value}] {self.shape_name} <{self.focus}>{value}\n"
            f"    vi: {self.message_vi}\n    en: {self.message_en}"
        )


def finding(
    *,
    severity: str,
    focus: str,
    shape: str | None,
    path: str | None,
    value: str | None,
    component: str | None,
) -> Finding:
    """A :class:`Finding` with the messages of its shape (from the packaged shapes)."""
    info = shape_index().get(shape or "")
    vi = info.message_vi if info else ""
    en = info.message_en if info else ""
    if not en:  # a nested shape: say at least which constraint failed
        comp = (component or "").rsplit("#", 1)[-1]
        vi = vi or f"Không thỏa ràng buộc {comp}"
        en = f"{comp} not satisfied"
    return Finding(Severity(severity), focus, shape, path, value, component, vi, en)


@dataclass
class Report:
    """The results of one validation run (one document, or the whole store)."""

    findings: list[Finding]
    engine: str
    seconds: float
    triples: int
    subject: str = ""  # what was validated: a file, a graph, "store"

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.violation]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.warning]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.info]

    def counts(self) -> Counter[str]:
        return Counter(f.severity.value for f in self.findings)

    def sorted(self) -> list[Finding]:
        order = {Severity.violation: 0, Severity.warning: 1, Severity.info: 2}
        return sorted(
            self.findings,
            key=lambda f: (
                order[f.severity],
                f.location.source or f.location.graph or "",
                f.location.line or 0,
                f.shape or "",
                f.focus,
            ),
        )

    def human(self) -> str:
        """The report for people: a verdict line, then every finding, Violations first."""
        c = self.counts()
        verdict = "conforms" if self.conforms else "does NOT conform"
        head = (
            f"{self.subject or 'graph'}: {verdict} — {c['Violation']} violation(s), {c['Warning']} warning(s), "
            f"{c['Info']} info ({self.triples} triples, {self.engine}, {self.seconds:.2f} s)"
        )
        return "\n".join([head, *(str(f) for f in self.sorted())]) + "\n"

    def to_graph(self) -> Graph:
        """The ``sh:ValidationReport``. ``sh:conforms`` follows this project's gate (no
        Violation), like pySHACL's ``allow_warnings``; every result keeps its severity. Where
        a result comes from is added with three terms of the shapes namespace
        (``shp:graph``, ``shp:source``, ``shp:line``), which SHACL tools ignore."""
        g = Graph()
        g.bind("sh", SH)
        g.bind("shp", SHP)
        report = BNode()
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, Literal(self.conforms)))
        for f in self.sorted():
            r = BNode()
            g.add((report, SH.result, r))
            g.add((r, RDF.type, SH.ValidationResult))
            g.add((r, SH.resultSeverity, SH[f.severity.value]))
            g.add((r, SH.focusNode, URIRef(f.focus)))
            if f.shape:
                g.add((r, SH.sourceShape, URIRef(f.shape)))
            if f.path:
                g.add((r, SH.resultPath, URIRef(f.path)))
            if f.component:
                g.add((r, SH.sourceConstraintComponent, URIRef(f.component)))
            if f.value is not None:
                g.add((r, SH.value, Literal(f.value)))
            g.add((r, SH.resultMessage, Literal(f.message_vi, lang="vi")))
            g.add((r, SH.resultMessage, Literal(f.message_en, lang="en")))
            if f.location.graph:
                g.add((r, SHP.graph, URIRef(f.location.graph)))
            if f.location.source:
                g.add((r, SHP.source, Literal(f.location.source)))
            if f.location.line:
                g.add((r, SHP.line, Literal(f.location.line, datatype=XSD.positiveInteger)))
        return g
