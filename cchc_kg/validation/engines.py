"""Three SHACL engines behind one interface, so the project can use the faster one and a
test can prove they agree (tests/shapes/test_engines_agree.py, test_sparql_engine.py).

* ``pyshacl`` — pure Python over rdflib graphs (the reference implementation);
* ``rudof`` — pyrudof, a Rust engine reading N-Triples text;
* ``sparql`` — the shapes compiled into SPARQL queries run on pyoxigraph
  (:mod:`cchc_kg.validation.sparql`), on a whole store where it lies.

bench/validate.py measures them on the corpus, the corpus store and a synthetic store of
over a million triples: :func:`default_engine` (sparql) is the fastest per document (the
load gate) and the only one meeting reliability V3 on a whole store (bench/README.md). All validate SHACL Core only: the shapes use no SPARQL
constraints and no inference, so the gate never pays for OWL-RL (reliability.md V3).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from cchc_kg.errors import KGError

from .report import Finding, finding
from .shapes import shapes_graph, shapes_turtle


class ValidationUnavailable(KGError):
    """The validator cannot run (engine missing, shapes unreadable). Exit code 2."""

    problem_type = "validation-unavailable"
    title = "Validation could not run"
    exit_code = 2


class Engine(Protocol):
    name: str

    def validate_graph(self, data: Graph) -> list[Finding]:
        """Validate an rdflib graph against the packaged shapes."""
        ...

    def validate_ntriples(self, data: str) -> list[Finding]:
        """Validate N-Triples text against the packaged shapes."""
        ...

    def validate_graphs(self, parts: Sequence[Graph]) -> list[Finding]:
        """Validate the union of ``parts`` (a document and the reference data it links
        to) without copying them into one graph when the engine does not need it."""
        ...


_TYPED = re.compile(r'^"(?P<lex>.*)"(?:\^\^\S+|@[A-Za-z-]+)?$', re.DOTALL)


def _lexical(term: object) -> str | None:
    """A value as plain text: an IRI, or a literal's lexical form (engines print them
    differently: rdflib terms, or ``"5"^^xsd:integer`` strings)."""
    if term is None:
        return None
    if isinstance(term, Literal | URIRef):
        return str(term)
    if isinstance(term, BNode):
        return None
    text = str(term)
    m = _TYPED.match(text)
    return m["lex"] if m else text.strip("<>")


def _named(term: object) -> str | None:
    text = str(term) if term is not None else ""
    return text if text.startswith(("http://", "https://")) else None


class PyShaclEngine:
    name = "pyshacl"

    def validate_graph(self, data: Graph) -> list[Finding]:
        from pyshacl import validate

        try:
            _, report, _ = validate(
                data,
                shacl_graph=shapes_graph(),
                inference="none",
                allow_warnings=True,
                advanced=False,
                abort_on_first=False,
            )
        except Exception as e:  # pySHACL raises its own ReportableRuntimeError family
            raise ValidationUnavailable(f"pySHACL could not validate: {e}") from None
        assert isinstance(report, Graph)
        out: list[Finding] = []
        # The report's own results only: pySHACL also types the sh:detail results of a
        # failed sh:node (why the nested shape failed) as sh:ValidationResult, which rudof
        # and the sparql engine do not report and SHACL does not count as results.
        for r in report.objects(None, SH.result):
            sev = report.value(r, SH.resultSeverity)
            out.append(
                finding(
                    severity=str(sev).rsplit("#", 1)[-1],
                    focus=str(report.value(r, SH.focusNode)),
                    shape=_named(report.value(r, SH.sourceShape)),
                    path=_named(report.value(r, SH.resultPath)),
                    value=_lexical(report.value(r, SH.value)),
                    component=_named(report.value(r, SH.sourceConstraintComponent)),
                )
            )
        return out

    def validate_ntriples(self, data: str) -> list[Finding]:
        g = Graph()
        g.parse(data=data, format="nt")
        return self.validate_graph(g)

    def validate_graphs(self, parts: Sequence[Graph]) -> list[Finding]:
        g = Graph()
        for part in parts:
            g += part
        return self.validate_graph(g)


class RudofEngine:
    """One rudof session per engine: the shapes are parsed once and each validation
    replaces only the data (the load gate validates document after document)."""

    name = "rudof"

    def __init__(self) -> None:
        self._session: Any = None

    def _rudof(self) -> Any:
        if self._session is None:
            try:
                import pyrudof
            except ImportError:
                raise ValidationUnavailable(
                    "pyrudof is not installed (pip install pyrudof), use --engine pyshacl"
                ) from None
            try:
                session = pyrudof.Rudof(pyrudof.RudofConfig())
                session.read_shacl(shapes_turtle(), format=pyrudof.ShaclFormat.Turtle)
            except Exception as e:  # pyrudof raises RudofError subclasses
                raise ValidationUnavailable(f"rudof cannot read the shapes: {e}") from None
            self._session = session
        return self._session

    def validate_graph(self, data: Graph) -> list[Finding]:
        return self.validate_ntriples(data.serialize(format="nt"))

    def validate_graphs(self, parts: Sequence[Graph]) -> list[Finding]:
        return self.validate_ntriples("".join(p.serialize(format="nt") for p in parts))

    def validate_ntriples(self, data: str) -> list[Finding]:
        if not data.strip():
            return []  # rudof refuses empty input; an empty graph has nothing to violate
        import pyrudof

        session = self._rudof()
        try:
            session.read_data(
                data, format=pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict, merge=False
            )
            report = session.validate_shacl()
        except Exception as e:  # pyrudof raises RudofError subclasses
            raise ValidationUnavailable(f"rudof could not validate: {e}") from None
        return [
            finding(
                severity=str(e.severity),
                focus=str(e.focus_node),
                shape=_named(e.source_shape),
                path=_named(e.path),
                value=_lexical(e.value),
                component=_named(e.constraint_component),
            )
            for e in report
        ]


def _sparql() -> Engine:
    from .sparql import SparqlEngine  # imports this module (ValidationUnavailable)

    return SparqlEngine()


ENGINES: dict[str, Callable[[], Engine]] = {"pyshacl": PyShaclEngine, "rudof": RudofEngine, "sparql": _sparql}


def default_engine() -> Engine:
    """The engine the gate and ``cchc validate`` use unless told otherwise: ``sparql``,
    which gives the same results as pySHACL and rudof on the manifest, the corpus and
    synthetic stores (tests/shapes/test_sparql_engine.py), is ~2x faster than rudof per
    document, and is the only one meeting reliability V3 on a whole store: it queries the
    store where it lies instead of copying the union (bench/README.md)."""
    return _sparql()


def engine(name: str | None) -> Engine:
    """An engine by name (``pyshacl``, ``rudof`` or ``sparql``); the default for ``None``."""
    if name is None:
        return default_engine()
    if name not in ENGINES:
        raise ValidationUnavailable(f"unknown validation engine {name!r}: use {', '.join(ENGINES)}")
    return ENGINES[name]()
