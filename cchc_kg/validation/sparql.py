"""A third SHACL engine, ``sparql``: the packaged shapes compiled into SPARQL SELECT
queries and run on pyoxigraph (engines.md: the same rules as SPARQL ran 12x faster than
pySHACL at 1M triples and found the same violations; pyrudof ran out of memory at 10M).

The compiler knows exactly the SHACL Core subset ``shapes/*.ttl`` use — targets
``sh:targetClass`` and ``sh:targetSubjectsOf``; predicate paths; ``sh:minCount``,
``sh:maxCount``, ``sh:datatype``, ``sh:class``, ``sh:nodeKind``, ``sh:pattern`` (with
``sh:flags``), ``sh:minLength``, ``sh:in``, ``sh:minInclusive``, ``sh:hasValue``,
``sh:uniqueLang``, ``sh:lessThanOrEquals``, ``sh:or``, ``sh:not``, ``sh:xone``,
``sh:node``; ``sh:severity``, ``sh:message``, ``sh:deactivated`` — and refuses a shape
using anything else (:class:`ValidationUnavailable` naming it): a constraint it skipped
would make a broken store look conforming.

Each constraint becomes a two-valued SPARQL test on a value node (every atomic test is
wrapped in ``COALESCE(..., false)``, so an error — comparing an IRI with a number — is a
failure, as in SHACL, and ``!`` of it stays defined); ``sh:or``/``sh:not``/``sh:xone``/
``sh:node`` combine the tests of their shapes. There is one query per (shape,
constraint), reporting what pySHACL and rudof report: the focus node, the value node for
value constraints, the shape, its path, the constraint component, the severity.

Oxigraph stores literals in canonical form (``"01"^^xsd:integer`` as ``"1"``, every
integer-derived datatype as ``xsd:integer``, hence the ``sh:or`` fallbacks in
provenance.ttl); a reported value is that form, and a datatype test sees that datatype.

Terms reach a query only as rdflib ``n3()`` serialisations of terms read from the shapes
graph (or class IRIs read from the data for ``rdfs:subClassOf``), never as pasted text.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from cchc_kg.store import Store

from .engines import ValidationUnavailable
from .report import Finding, finding
from .shapes import shapes_graph

SHN = Namespace("http://www.w3.org/ns/shacl#")  # a plain namespace: sh:class, sh:in, sh:or, sh:not

# Parameters that are constraints, by where they may appear.
_VALUE = {
    SHN["class"],
    SHN.datatype,
    SHN.nodeKind,
    SHN.pattern,
    SHN.minLength,
    SHN["in"],
    SHN.minInclusive,
    SHN["or"],
    SHN["not"],
    SHN.xone,
    SHN.node,
}
_PROPERTY_ONLY = {SHN.minCount, SHN.maxCount, SHN.uniqueLang, SHN.lessThanOrEquals}
_TARGETS = {SHN.targetClass, SHN.targetSubjectsOf}
# Not constraints: what a shape is made of, or says about itself.
_STRUCTURE = {
    SHN.property,
    SHN.path,
    SHN.flags,
    SHN.severity,
    SHN.message,
    SHN.deactivated,
    SHN.name,
    SHN.description,
    SHN.order,
    SHN.group,
}
KNOWN = _VALUE | _PROPERTY_ONLY | _TARGETS | _STRUCTURE | {SHN.hasValue}

# Datatypes whose well-formedness a SPARQL cast can check (an ill-typed literal such as
# "2020-13-45"^^xsd:date keeps its datatype in Oxigraph, and SHACL says it does not match).
_CASTABLE = {
    XSD.integer,
    XSD.decimal,
    XSD.double,
    XSD.float,
    XSD.boolean,
    XSD.date,
    XSD.dateTime,
    XSD.time,
    XSD.gYear,
    XSD.gYearMonth,
}
_NODE_KINDS = {
    SHN.IRI: "isIRI({x})",
    SHN.BlankNode: "isBlank({x})",
    SHN.Literal: "isLiteral({x})",
    SHN.BlankNodeOrIRI: "(isIRI({x}) || isBlank({x}))",
    SHN.BlankNodeOrLiteral: "(isBlank({x}) || isLiteral({x}))",
    SHN.IRIOrLiteral: "(isIRI({x}) || isLiteral({x}))",
}


@dataclass(frozen=True)
class Dataset:
    """Where the queries look. ``named=False``: the default graph (an in-memory store
    holding one document and its context). ``named=True``: a store's default graph (the
    union of its named graphs) minus ``exclude`` and the graphs under ``exclude_prefix``
    (the ontology, the load-run log, the quarantine), which the other engines do not see.

    Filtering every triple pattern by graph (``GRAPH ?g {...} FILTER(?g ...)``) doubles
    the cost of a whole-store check, so only the patterns that could match a triple of an
    excluded graph are filtered: those whose predicate occurs there (``tainted``), and for
    ``rdf:type``, whose class occurs there (``tainted_classes``). Every other pattern
    matches the same triples in the union as in the union without those graphs."""

    named: bool = False
    exclude: tuple[str, ...] = ()
    exclude_prefix: str | None = None
    tainted: frozenset[str] = frozenset()
    tainted_classes: frozenset[str] = frozenset()

    def graph_filter(self, g: str) -> str:
        tests = []
        if self.exclude:
            tests.append(f"{g} NOT IN ({', '.join(URIRef(x).n3() for x in self.exclude)})")
        if self.exclude_prefix:
            tests.append(f"!STRSTARTS(STR({g}), {Literal(self.exclude_prefix).n3()})")
        return f" FILTER({' && '.join(tests)})" if tests else ""

    def needs_filter(self, p: str, o: str) -> bool:
        """Whether the pattern ``?s p o`` (``p``, ``o`` in N3) could match an excluded triple."""
        if not self.named:
            return False
        if p == RDF.type.n3() and not o.startswith("?"):
            return o[1:-1] in self.tainted_classes
        return p[1:-1] in self.tainted


@dataclass(frozen=True)
class Check:
    """One query of a shape and how to read its rows into Findings. A row carries
    ``?focus``, ``?value`` for value constraints, and ``?c0``, ``?c1`` ... when the query
    tests several constraints at once: ``?cN`` true when the Nth of ``components`` failed
    (a single component: every row is a failure of it)."""

    query: str
    shape: str | None
    path: str | None
    severity: str
    components: tuple[str, ...]


class _Vars:
    """Fresh variable names: a nested test must not capture an outer variable."""

    def __init__(self) -> None:
        self._n = itertools.count(1)

    def __call__(self, stem: str) -> str:
        return f"?_{stem}{next(self._n)}"


@dataclass
class _Compiler:
    shapes: Graph
    dataset: Dataset
    subclasses: Mapping[str, frozenset[str]]  # class IRI -> itself and its subclasses in the data
    fresh: _Vars = field(default_factory=_Vars)

    # -- building blocks ---------------------------------------------------------------

    def triple(self, s: str, p: str, o: str) -> str:
        if not self.dataset.needs_filter(p, o):
            return f"{s} {p} {o} ."
        g = self.fresh("g")
        return f"GRAPH {g} {{ {s} {p} {o} }}{self.dataset.graph_filter(g)}"

    def instance_of(self, x: str, *of: Node) -> str:
        """``x rdf:type/rdfs:subClassOf* C`` for one of the classes ``of``, as SHACL
        defines it, with the subclass closure taken from the data graph beforehand (one
        pattern, no path search)."""
        classes = sorted({c for cls in of for c in self.subclasses.get(str(cls), frozenset({str(cls)}))})
        if len(classes) == 1:
            return self.triple(x, RDF.type.n3(), URIRef(classes[0]).n3())
        t = self.fresh("t")
        values = " ".join(URIRef(c).n3() for c in classes)
        tainted = any(self.dataset.needs_filter(RDF.type.n3(), URIRef(c).n3()) for c in classes)
        pattern = self.triple(x, RDF.type.n3(), t) if tainted else f"{x} {RDF.type.n3()} {t} ."
        return f"{pattern} VALUES {t} {{ {values} }}"

    def objects(self, shape: Node, param: URIRef) -> list[Node]:
        return list(self.shapes.objects(shape, param))

    def one(self, shape: Node, param: URIRef) -> Node | None:
        found = self.objects(shape, param)
        if len(found) > 1:
            raise ValidationUnavailable(f"shape {shape} has {len(found)} values of {param}")
        return found[0] if found else None

    def path(self, shape: Node) -> URIRef | None:
        p = self.one(shape, SHN.path)
        if p is not None and not isinstance(p, URIRef):
            raise ValidationUnavailable(
                f"the sparql engine supports predicate paths only; shape {shape} has a complex sh:path"
            )
        return p

    def members(self, lst: Node) -> list[Node]:
        return list(Collection(self.shapes, lst))

    # -- tests on one value node -----------------------------------------------------------

    def value_test(self, param: URIRef, obj: Node, x: str) -> str:
        """A two-valued SPARQL expression: the value node ``x`` satisfies ``param obj``."""
        if param == SHN["class"]:
            return f"EXISTS {{ {self.instance_of(x, obj)} }}"
        if param == SHN.datatype:
            return self.datatype_test(obj, x)
        if param == SHN.nodeKind:
            if obj not in _NODE_KINDS:
                raise ValidationUnavailable(f"unknown sh:nodeKind {obj}")
            return _NODE_KINDS[obj].format(x=x)  # type: ignore[index]
        if param == SHN.pattern:
            raise AssertionError("sh:pattern needs its shape's sh:flags: see pattern_test")
        if param == SHN.minLength:
            return f"COALESCE(!isBlank({x}) && STRLEN(STR({x})) >= {_integer(obj)}, false)"
        if param == SHN["in"]:
            terms = self.members(obj)
            return "(" + (" || ".join(f"sameTerm({x}, {t.n3()})" for t in terms) or "false") + ")"
        if param == SHN.minInclusive:
            if not isinstance(obj, Literal):
                raise ValidationUnavailable(f"sh:minInclusive {obj} is not a literal")
            return f"COALESCE({x} >= {obj.n3()}, false)"
        if param == SHN.hasValue:
            return f"sameTerm({x}, {obj.n3()})"
        if param == SHN["or"]:
            return "(" + (" || ".join(self.conforms(s, x) for s in self.members(obj)) or "false") + ")"
        if param == SHN.xone:
            ones = " + ".join(f"IF({self.conforms(s, x)}, 1, 0)" for s in self.members(obj))
            return f"(({ones or '0'}) = 1)"
        if param == SHN["not"]:
            return f"(!{self.conforms(obj, x)})"
        if param == SHN.node:
            return self.conforms(obj, x)
        raise ValidationUnavailable(f"the sparql engine does not support {param} as a value constraint")

    def datatype_test(self, dt: Node, x: str) -> str:
        if dt == RDF.langString:
            return f'COALESCE(LANG({x}) != "", false)'
        if not isinstance(dt, URIRef):
            raise ValidationUnavailable(f"sh:datatype {dt} is not an IRI")
        if dt in _CASTABLE:  # the datatype, and a lexical form valid for it
            return f"COALESCE(DATATYPE({x}) = {dt.n3()} && isLiteral({dt.n3()}({x})), false)"
        return f"COALESCE(isLiteral({x}) && DATATYPE({x}) = {dt.n3()}, false)"

    def pattern_test(self, shape: Node, pattern: Node, x: str) -> str:
        flags = self.one(shape, SHN.flags)
        args = Literal(str(pattern)).n3() + (f", {Literal(str(flags)).n3()}" if flags is not None else "")
        return f"COALESCE(!isBlank({x}) && REGEX(STR({x}), {args}), false)"

    def tests(self, shape: Node, x: str) -> list[tuple[URIRef, Node, str]]:
        """Every value constraint of ``shape`` as (parameter, object, test on ``x``)."""
        out: list[tuple[URIRef, Node, str]] = []
        for param, obj in sorted(self.shapes.predicate_objects(shape), key=_key):
            if not isinstance(param, URIRef):
                continue
            if param == SHN.pattern:
                out.append((param, obj, self.pattern_test(shape, obj, x)))
            elif param in _VALUE:
                out.append((param, obj, self.value_test(param, obj, x)))
        return out

    # -- conformance of a node to a (nested) shape ---------------------------------------

    def conforms(self, shape: Node, x: str) -> str:
        """``x`` conforms to ``shape``: every constraint of it, and of its property shapes."""
        _check_known(self.shapes, shape)
        if _deactivated(self.shapes, shape):
            return "true"
        p = self.path(shape)
        parts = self.property_conforms(shape, p, x) if p is not None else self.node_conforms(shape, x)
        return "(" + (" && ".join(parts) or "true") + ")"

    def node_conforms(self, shape: Node, x: str) -> list[str]:
        parts = [t for _, _, t in self.tests(shape, x)]
        parts += [self.value_test(SHN.hasValue, v, x) for v in self.objects(shape, SHN.hasValue)]
        parts += [self.conforms(ps, x) for ps in self.objects(shape, SHN.property)]
        for param in _PROPERTY_ONLY:
            if self.objects(shape, param):
                raise ValidationUnavailable(f"{param} on node shape {shape}, which has no sh:path")
        return parts

    def property_conforms(self, shape: Node, path: URIRef, x: str) -> list[str]:
        p = path.n3()
        parts = []
        y = self.fresh("y")
        value_tests = [t for _, _, t in self.tests(shape, y)]
        value_tests += [self.conforms(ps, y) for ps in self.objects(shape, SHN.property)]
        if value_tests:
            bad = " || ".join(f"!{t}" for t in value_tests)
            parts.append(f"NOT EXISTS {{ {self.triple(x, p, y)} FILTER({bad}) }}")
        for v in self.objects(shape, SHN.hasValue):
            parts.append(f"EXISTS {{ {self.triple(x, p, v.n3())} }}")
        for n in self.objects(shape, SHN.minCount):
            if _integer(n) > 0:
                parts.append(f"EXISTS {{ {self.distinct_values(x, p, _integer(n))} }}")
        for n in self.objects(shape, SHN.maxCount):
            parts.append(f"NOT EXISTS {{ {self.distinct_values(x, p, _integer(n) + 1)} }}")
        if self._unique_lang(shape):
            parts.append(f"NOT EXISTS {{ {self.same_lang(x, p)[0]} }}")
        for other in self.objects(shape, SHN.lessThanOrEquals):
            a, b = self.fresh("a"), self.fresh("b")
            parts.append(
                f"NOT EXISTS {{ {self.triple(x, p, a)} {self.triple(x, _iri(other).n3(), b)} "
                f"FILTER(!COALESCE({a} <= {b}, false)) }}"
            )
        return parts

    def distinct_values(self, x: str, p: str, n: int) -> str:
        """A pattern matching when ``x`` has at least ``n`` distinct values of ``p``."""
        ys = [self.fresh("n") for _ in range(n)]
        pats = " ".join(self.triple(x, p, y) for y in ys)
        diff = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(ys, 2))
        return pats + (f" FILTER({diff})" if diff else "")

    def same_lang(self, x: str, p: str) -> tuple[str, str]:
        """Two distinct values of ``p`` with the same non-empty language tag (case-blind,
        as pySHACL compares them); returns the pattern and the variable of one of them."""
        a, b = self.fresh("a"), self.fresh("b")
        return (
            f"{self.triple(x, p, a)} {self.triple(x, p, b)} FILTER(!sameTerm({a}, {b}) && "
            f'LANG({a}) != "" && LCASE(LANG({a})) = LCASE(LANG({b})))',
            a,
        )

    def _unique_lang(self, shape: Node) -> bool:
        v = self.one(shape, SHN.uniqueLang)
        return isinstance(v, Literal) and v.toPython() is True

    # -- the reported results ------------------------------------------------------------

    def focus_pattern(self, targets: Sequence[tuple[URIRef, Node]]) -> str:
        """The focus nodes of a set of targets, bound to ``?focus`` (a UNION of them)."""
        branches = []
        for kind, t in targets:
            if kind == SHN.targetClass:
                branches.append(self.instance_of("?focus", t))
            else:  # sh:targetSubjectsOf
                branches.append(self.triple("?focus", _iri(t).n3(), self.fresh("o")))
        if len(branches) == 1:
            return branches[0]
        return " UNION ".join(f"{{ {b} }}" for b in branches)

    def checks(self, shape: Node, targets: Sequence[tuple[URIRef, Node]]) -> list[Check]:
        """The queries that report ``shape``'s results on the focus nodes of ``targets``.

        They are written for Oxigraph's evaluation on disk, where a nested-loop join costs
        an index seek per row (~1.5 s per 50k focus nodes) and a join of two subqueries or a
        MINUS is a hash join (~0.1-0.4 s): the focus nodes are one subquery; a value
        constraint scans the path's triples first, tests them, and joins the (rare)
        failures with the focus nodes; sh:class and sh:minCount 1 are MINUS (anti-joins);
        sh:maxCount groups the path's triples. Distinct rows come first: the union of the
        store's graphs yields a triple once per graph stating it."""
        _check_known(self.shapes, shape)
        if _deactivated(self.shapes, shape):
            return []
        sev = self.one(shape, SHN.severity)
        severity = str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation"
        name = str(shape) if isinstance(shape, URIRef) else None
        path = self.path(shape)
        focus = f"{{ SELECT DISTINCT ?focus WHERE {{ {self.focus_pattern(targets)} }} }}"
        out: list[Check] = []

        def add(query: str, *params: URIRef) -> None:
            out.append(
                Check(query, name, str(path) if path else None, severity, tuple(map(_component, params)))
            )

        anti = self.class_constraints(shape)
        if path is None:  # a node shape: each constraint on the focus node itself
            for param in _PROPERTY_ONLY:
                if self.objects(shape, param):
                    raise ValidationUnavailable(f"{param} on node shape {shape}, which has no sh:path")
            tests = [t for t in self.tests(shape, "?focus") if (t[0], t[1]) not in anti]
            for v in self.objects(shape, SHN.hasValue):  # a result without a value (SHACL 4.8.3)
                test = self.value_test(SHN.hasValue, v, "?focus")
                add(f"SELECT ?focus WHERE {{ {focus} FILTER(!{test}) }}", SHN.hasValue)
            if tests:
                add(_flagged(f"{focus} BIND(?focus AS ?value)", tests), *(p for p, _, _ in tests))
            for (param, _), classes in anti.items():
                add(
                    f"SELECT ?focus ?value WHERE {{ {focus} MINUS {{ {self.instance_of('?focus', *classes)} }} "
                    "BIND(?focus AS ?value) }",
                    param,
                )
            return out
        p = path.n3()
        if self.objects(shape, SHN.property):
            raise ValidationUnavailable(f"sh:property on property shape {shape} is not supported")
        pairs = f"{{ SELECT DISTINCT ?focus ?value WHERE {{ {self.triple('?focus', p, '?value')} }} }}"
        tests = [t for t in self.tests(shape, "?value") if (t[0], t[1]) not in anti]
        if tests:
            add(f"SELECT * WHERE {{ {{ {_flagged(pairs, tests)} }} {focus} }}", *(p for p, _, _ in tests))
        for (param, _), classes in anti.items():
            add(
                "SELECT ?focus ?value WHERE { { SELECT DISTINCT ?focus ?value WHERE { "
                f"{self.triple('?focus', p, '?value')} MINUS {{ {self.instance_of('?value', *classes)} }} }} }} "
                f"{focus} }}",
                param,
            )
        for v in self.objects(shape, SHN.hasValue):
            add(
                f"SELECT ?focus WHERE {{ {focus} MINUS {{ {self.triple('?focus', p, v.n3())} }} }}",
                SHN.hasValue,
            )
        self.count_checks(shape, focus, p, add)
        if self._unique_lang(shape):  # one result per focus node and duplicated language
            pattern, a = self.same_lang("?focus", p)
            add(
                f"SELECT DISTINCT ?focus ?lang WHERE {{ {focus} {pattern} BIND(LCASE(LANG({a})) AS ?lang) }}",
                SHN.uniqueLang,
            )
        for other in self.objects(shape, SHN.lessThanOrEquals):
            o = self.fresh("o")
            add(
                f"SELECT DISTINCT ?focus ?value WHERE {{ {focus} {pairs} {self.triple('?focus', _iri(other).n3(), o)} "
                f"FILTER(!COALESCE(?value <= {o}, false)) }}",
                SHN.lessThanOrEquals,
            )
        return out

    def class_constraints(self, shape: Node) -> dict[tuple[URIRef, Node], list[Node]]:
        """The constraints of ``shape`` that say "an instance of one of these classes":
        ``sh:class C``, and ``sh:or`` of shapes that each hold one ``sh:class`` and nothing
        else (an agency or an agency group). They become an anti-join (MINUS) with the
        instances, ~4x cheaper on disk than a test per value node."""
        out: dict[tuple[URIRef, Node], list[Node]] = {}
        for cls in self.objects(shape, SHN["class"]):
            out[(SHN["class"], cls)] = [cls]
        for alternatives in self.objects(shape, SHN["or"]):
            classes = [self._only_class(m) for m in self.members(alternatives)]
            if classes and all(c is not None for c in classes):
                out[(SHN["or"], alternatives)] = [c for c in classes if c is not None]
        return out

    def _only_class(self, shape: Node) -> Node | None:
        """The class of a shape that is nothing but ``sh:class C`` (and its own type)."""
        _check_known(self.shapes, shape)
        preds = {p for p in self.shapes.predicates(shape) if p != RDF.type}
        if preds != {SHN["class"]} or len(self.objects(shape, SHN["class"])) != 1:
            return None
        return self.objects(shape, SHN["class"])[0]

    def count_checks(self, shape: Node, focus: str, p: str, add: Callable[..., None]) -> None:
        """sh:minCount and sh:maxCount of a property shape in one query: the focus nodes
        left-joined with the number of distinct values of each (grouped over the path's
        triples: a hash join, not a seek per focus node)."""
        bounds = [(SHN.minCount, "<", _integer(n)) for n in self.objects(shape, SHN.minCount)]
        bounds = [b for b in bounds if b[2] > 0]
        bounds += [(SHN.maxCount, ">", _integer(n)) for n in self.objects(shape, SHN.maxCount)]
        if not bounds:
            return
        v, n, k = self.fresh("v"), self.fresh("n"), self.fresh("k")
        counts = f"{{ SELECT ?focus (COUNT(DISTINCT {v}) AS {n}) WHERE {{ {self.triple('?focus', p, v)} }} GROUP BY ?focus }}"
        binds = " ".join(f"BIND({k} {op} {limit} AS ?c{i})" for i, (_, op, limit) in enumerate(bounds))
        flags = " ".join(f"?c{i}" for i in range(len(bounds)))
        failed = " || ".join(f"?c{i}" for i in range(len(bounds)))
        add(
            f"SELECT ?focus {flags} WHERE {{ {focus} OPTIONAL {counts} BIND(COALESCE({n}, 0) AS {k}) {binds} "
            f"FILTER({failed}) }}",
            *(param for param, _, _ in bounds),
        )


def _flagged(where: str, tests: Sequence[tuple[URIRef, Node, str]]) -> str:
    """A SELECT testing several constraints on the rows of ``where`` at once: ``?cN``
    is true when the Nth failed; only rows failing one at least."""
    binds = " ".join(f"BIND(!{t} AS ?c{i})" for i, (_, _, t) in enumerate(tests))
    flags = " ".join(f"?c{i}" for i in range(len(tests)))
    failed = " || ".join(f"?c{i}" for i in range(len(tests)))
    return f"SELECT ?focus ?value {flags} WHERE {{ {where} {binds} FILTER({failed}) }}"


def _component(param: URIRef) -> str:
    """``sh:minCount`` → ``sh:MinCountConstraintComponent`` (SHACL's naming rule)."""
    local = str(param).rsplit("#", 1)[-1]
    return str(SHN) + local[0].upper() + local[1:] + "ConstraintComponent"


def _integer(n: Node) -> int:
    if not isinstance(n, Literal) or not isinstance(n.toPython(), int):
        raise ValidationUnavailable(f"expected an integer in the shapes, got {n}")
    return int(n.toPython())


def _iri(n: Node) -> URIRef:
    if not isinstance(n, URIRef):
        raise ValidationUnavailable(f"expected an IRI in the shapes, got {n}")
    return n


def _deactivated(shapes: Graph, shape: Node) -> bool:
    return any(
        isinstance(v, Literal) and v.toPython() is True for v in shapes.objects(shape, SHN.deactivated)
    )


def _check_known(shapes: Graph, shape: Node) -> None:
    """Refuse a shape using a SHACL feature the compiler does not know, by name."""
    for p in set(shapes.predicates(shape)):
        if str(p).startswith(str(SHN)) and p not in KNOWN:
            raise ValidationUnavailable(
                f"the sparql engine does not support {p.n3()} (shape {shape}); use --engine pyshacl or rudof"
            )


def _targets(shapes: Graph, shape: Node) -> list[tuple[URIRef, Node]]:
    return sorted(((p, o) for p in _TARGETS for o in shapes.objects(shape, p)), key=_key)


def _key(pair: tuple[Node, Node]) -> tuple[str, str]:
    """A stable order for terms (rdflib terms of different kinds do not compare)."""
    return str(pair[0]), str(pair[1])


def reporting_shapes(shapes: Graph) -> list[tuple[Node, list[tuple[URIRef, Node]]]]:
    """The shapes that report results, each with its focus targets: every shape with
    targets of its own, and every property shape of one (with the targets of all the
    node shapes that name it). Shapes reached only through sh:node, sh:or ... are tested
    inside those constraints and report nothing themselves."""
    found: dict[Node, list[tuple[URIRef, Node]]] = {}
    for shape in sorted({s for p in _TARGETS for s in shapes.subjects(p, None)}, key=str):
        if _deactivated(shapes, shape):
            continue
        mine = _targets(shapes, shape)
        found.setdefault(shape, [])
        found[shape] += [t for t in mine if t not in found[shape]]
        for ps in sorted(shapes.objects(shape, SHN.property), key=str):
            found.setdefault(ps, [])
            found[ps] += [t for t in mine if t not in found[ps]]
    return sorted(found.items(), key=lambda kv: str(kv[0]))


def check_all_known(shapes: Graph) -> None:
    """Every shape node of the shapes graph uses only what the compiler knows."""
    for s in set(shapes.subjects()):
        _check_known(shapes, s)


@cache
def compile_checks(dataset: Dataset, subclass_edges: frozenset[tuple[str, str]]) -> tuple[Check, ...]:
    """The packaged shapes as queries over ``dataset``, for a data graph whose
    ``rdfs:subClassOf`` triples are ``subclass_edges`` (cached: the load gate compiles
    once for every document without subclass axioms)."""
    shapes = shapes_graph()
    check_all_known(shapes)
    comp = _Compiler(shapes, dataset, _closure(subclass_edges, _classes(shapes)))
    return tuple(c for shape, targets in reporting_shapes(shapes) for c in comp.checks(shape, targets))


def _classes(shapes: Graph) -> set[str]:
    return {str(o) for p in (SHN["class"], SHN.targetClass) for o in shapes.objects(None, p)}


def _closure(edges: Iterable[tuple[str, str]], classes: Iterable[str]) -> dict[str, frozenset[str]]:
    """Each class with every class below it (``rdfs:subClassOf*`` read backwards)."""
    below: dict[str, set[str]] = {}
    for sub, sup in edges:
        below.setdefault(sup, set()).add(sub)
    out = {}
    for c in classes:
        seen, todo = {c}, [c]
        while todo:
            for s in below.get(todo.pop(), ()):
                if s not in seen:
                    seen.add(s)
                    todo.append(s)
        out[c] = frozenset(seen)
    return out


def subclass_query(dataset: Dataset) -> str:
    comp = _Compiler(Graph(), dataset, {})
    return f"SELECT DISTINCT ?sub ?sup WHERE {{ {comp.triple('?sub', RDFS.subClassOf.n3(), '?sup')} }}"


# -- running ---------------------------------------------------------------------------

Select = Callable[[str], Iterator[Mapping[str, str | None]]]


def run_checks(checks: Iterable[Check], select: Select) -> list[Finding]:
    out = []
    for c in checks:
        for row in select(c.query):
            for i, component in enumerate(c.components):
                if len(c.components) > 1 and row.get(f"c{i}") != "true":
                    continue
                out.append(
                    finding(
                        severity=c.severity,
                        focus=row["focus"] or "",
                        shape=c.shape,
                        path=c.path,
                        value=row.get("value"),
                        component=component,
                    )
                )
    return out


def _ox_text(term: object) -> str | None:
    """A term as the Finding carries it: an IRI, or a literal's lexical form; a blank
    node's label for a focus node (value ``None``, as the other engines' _lexical)."""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return None


def _ox_select(store: ox.Store) -> Select:
    def select(query: str) -> Iterator[Mapping[str, str | None]]:
        try:
            res = store.query(query)
        except (SyntaxError, OSError, RuntimeError) as e:  # a compiler bug, not the data's fault
            raise ValidationUnavailable(f"the sparql engine could not run a query: {e}") from None
        assert isinstance(res, ox.QuerySolutions)
        names = [v.value for v in res.variables]
        for sol in res:
            row = {n: _ox_text(sol[n]) for n in names}
            if row.get("focus") is None and isinstance(sol["focus"], ox.BlankNode):
                row["focus"] = "_:" + sol["focus"].value
            yield row

    return select


def _edges(select: Select, dataset: Dataset) -> frozenset[tuple[str, str]]:
    return frozenset(
        (r["sub"], r["sup"])
        for r in select(subclass_query(dataset))
        if r["sub"] is not None and r["sup"] is not None
    )


class SparqlEngine:
    """The shapes as SPARQL on pyoxigraph. A document graph is copied into an in-memory
    store (the load gate); a whole store is queried where it lies (:meth:`validate_dataset`),
    so nothing is serialised and memory stays the store's own."""

    name = "sparql"

    def __init__(self) -> None:
        compile_checks(Dataset(), frozenset())  # fail early when a shape is not supported

    def _validate_memory(self, load: Callable[[ox.Store], None]) -> list[Finding]:
        store = ox.Store()
        load(store)
        select = _ox_select(store)
        dataset = Dataset()
        return run_checks(compile_checks(dataset, _edges(select, dataset)), select)

    def validate_graphs(self, parts: Sequence[Graph]) -> list[Finding]:
        from cchc_kg.store.terms import TermConverter

        def load(store: ox.Store) -> None:
            convert = TermConverter()
            for part in parts:
                store.extend(convert.quads(part, ox.DefaultGraph()))  # type: ignore[arg-type]

        return self._validate_memory(load)

    def validate_graph(self, data: Graph) -> list[Finding]:
        return self.validate_graphs([data])

    def validate_ntriples(self, data: str) -> list[Finding]:
        def load(store: ox.Store) -> None:
            try:
                store.load(data.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
            except SyntaxError as e:
                raise ValidationUnavailable(f"the data is not N-Triples: {e}") from None

        return self._validate_memory(load)

    def validate_dataset(self, store: Store, *, exclude: Sequence[str], exclude_prefix: str) -> list[Finding]:
        """Validate the union of ``store``'s named graphs except ``exclude`` and those under
        ``exclude_prefix``, by running the queries through ``Store.select`` (the embedded
        store, or a remote SPARQL endpoint whose default graph is the union)."""

        def rows(query: str) -> Iterator[Mapping[str, str | None]]:
            for r in store.select(query):
                yield {k: str(v) for k, v in r.items()}

        left_out = [g for g in store.graphs() if str(g) in exclude or str(g).startswith(exclude_prefix)]
        tainted: set[str] = set()
        classes: set[str] = set()
        for g in left_out:  # what the left-out graphs could add to a pattern (see Dataset)
            tainted |= {
                str(r["p"])
                for r in store.select(f"SELECT DISTINCT ?p WHERE {{ GRAPH {g.n3()} {{ ?s ?p ?o }} }}")
            }
            classes |= {
                str(r["c"])
                for r in store.select(f"SELECT DISTINCT ?c WHERE {{ GRAPH {g.n3()} {{ ?s a ?c }} }}")
            }
        dataset = Dataset(
            named=True,
            exclude=tuple(exclude),
            exclude_prefix=exclude_prefix,
            tainted=frozenset(tainted),
            tainted_classes=frozenset(classes),
        )
        return run_checks(compile_checks(dataset, _edges(rows, dataset)), rows)
