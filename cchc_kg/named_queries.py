"""Named SPARQL queries: files in ``queries/*.rq``, loaded once, run by name with bound values.

Each file opens with a header of comment lines (Datasette's configured queries, style.md
lesson 7)::

    # title: Tasks citing an instrument
    # description: Tasks whose text cites the instrument, with plan, province, lead
    #   agency and deadline.   (an indented comment line continues the previous field)
    # param: instrument IRI  The instrument's IRI (from /api/cites or a SPARQL result)
    # param: province string optional  Restrict to one province (its label)

A ``param`` line is ``name type [optional] [help]``; ``type`` is one of ``IRI``,
``literal``, ``string``, ``integer``, ``gYear``, ``date``. A parameter is a variable of
the query that :func:`run_named` binds to a typed term through the store's
substitutions (pyoxigraph SEP-0007), so a value can never change the query's shape.
SEP-0007 requires the bound variable in the SELECT projection; loading checks that.

Loading parses every file (rdflib's parser) and dry-runs it against an empty pyoxigraph
store, so a broken file fails at start-up with its name, not at request time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib.resources import files

import pyoxigraph as ox
from pyparsing import ParseResults
from rdflib import Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from cchc_kg.errors import BadRequest, KGError, NotFound
from cchc_kg.store import Row, Store, Term

QUERY_PACKAGE = "cchc_kg.queries"

# Longest value accepted for one parameter. Long enough for any IRI or label of the KG;
# a longer value can only be an attack or a mistake, and binding it costs memory.
MAX_VALUE_CHARS = 2048

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_HEADER_LINE = re.compile(r"#\s?(?P<key>[a-z]+):\s*(?P<value>.*)")
_CONTINUATION = re.compile(r"#\s{2,}(?P<value>\S.*)")
# RFC 3987 forbids these characters in an IRI; SPARQL's IRIREF forbids them too, so a
# value holding one cannot be a term of our graph (and might be an injection attempt).
_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>"{}|^`\\\x00-\x1f\x7f]+')
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_GYEAR = re.compile(r"-?[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class NamedQueryError(KGError):
    """A ``queries/*.rq`` file is malformed (header, syntax or parameters). Raised at load
    time, so the CLI and the API refuse to start rather than fail on a request."""

    status = 500
    problem_type = "named-query-invalid"
    title = "Named query file is invalid"
    exit_code = 2


class ParamType(StrEnum):
    """How a parameter's text becomes an RDF term."""

    iri = "IRI"
    literal = "literal"  # a plain (xsd:string) literal; kept as a synonym of ``string``
    string = "string"
    integer = "integer"
    gyear = "gYear"
    date = "date"


@dataclass(frozen=True)
class Param:
    name: str
    type: ParamType
    required: bool = True
    help: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """One named query. ``variables`` is the SELECT projection, in order."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    variables: tuple[str, ...] = ()

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


# -- loading -------------------------------------------------------------------------------


def _parse_param(source: str, value: str) -> Param:
    parts = value.split(None, 2)
    if len(parts) < 2:
        raise NamedQueryError(f"{source}: 'param:' needs a name and a type, got {value!r}")
    name, type_text = parts[0].lstrip("?$"), parts[1]
    if not _NAME.fullmatch(name):
        raise NamedQueryError(f"{source}: parameter name {name!r} is not a SPARQL variable name")
    by_lower = {t.value.lower(): t for t in ParamType}
    ptype = by_lower.get(type_text.lower())
    if ptype is None:
        allowed = ", ".join(t.value for t in ParamType)
        raise NamedQueryError(
            f"{source}: parameter {name!r} has unknown type {type_text!r} (one of {allowed})"
        )
    rest = parts[2] if len(parts) > 2 else ""
    required = True
    if rest.split(None, 1)[:1] == ["optional"]:
        required = False
        rest = rest[len("optional") :]
    return Param(name, ptype, required, rest.strip())


def _parse_header(source: str, text: str) -> tuple[str, str, tuple[Param, ...]]:
    fields: dict[str, str] = {}
    params: list[Param] = []
    last: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break  # the header is the leading comment block
        cont = _CONTINUATION.fullmatch(raw.rstrip())
        m = _HEADER_LINE.fullmatch(line)
        if m is None and cont is not None and last in ("title", "description"):
            fields[last] += " " + cont.group("value").strip()
            continue
        if m is None:
            last = None
            continue  # a free comment inside the header
        key, value = m.group("key"), m.group("value").strip()
        if key == "param":
            params.append(_parse_param(source, value))
            last = "param"
        elif key in ("title", "description"):
            if key in fields:
                raise NamedQueryError(f"{source}: '{key}:' appears twice in the header")
            fields[key] = value
            last = key
        else:
            raise NamedQueryError(f"{source}: unknown header field {key!r} (title, description, param)")
    if not fields.get("title"):
        raise NamedQueryError(f"{source}: the header has no '# title: ...' line")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise NamedQueryError(f"{source}: a parameter is declared twice: {names}")
    return fields["title"], fields.get("description", ""), tuple(params)


def _nodes(root: object) -> Iterator[object]:
    """Every node of an rdflib parse tree or algebra (iteratively: trees can be deep)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, CompValue):
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)


def _where_variables(text: str) -> set[str]:
    """Variables the query's WHERE clause uses (the projection list aside)."""
    body = parseQuery(text)[1]["where"]
    return {str(n) for n in _nodes(body) if isinstance(n, Variable)}


def _dummy(ptype: ParamType) -> ox.NamedNode | ox.Literal:
    if ptype is ParamType.iri:
        return ox.NamedNode("urn:cchc-kg:dry-run")
    if ptype is ParamType.integer:
        return ox.Literal("1", datatype=ox.NamedNode(str(XSD.integer)))
    if ptype is ParamType.gyear:
        return ox.Literal("2021", datatype=ox.NamedNode(str(XSD.gYear)))
    if ptype is ParamType.date:
        return ox.Literal("2021-01-01", datatype=ox.NamedNode(str(XSD.date)))
    return ox.Literal("dry run")


def parse_named_query(name: str, text: str, *, source: str | None = None) -> NamedQuery:
    """Parse and check one named query; ``source`` names the file in error messages.

    :raises NamedQueryError: bad header, SPARQL syntax error, not a SELECT, a parameter
        that is not projected or not used, or a query the engine refuses.

    >>> q = parse_named_query("t", "# title: T\\n# param: x IRI\\nSELECT ?x ?y WHERE { ?x ?p ?y }")
    >>> [(p.name, p.type.value, p.required) for p in q.params], q.variables
    ([('x', 'IRI', True)], ('x', 'y'))
    """
    source = source or f"queries/{name}.rq"
    if not _NAME.fullmatch(name):
        raise NamedQueryError(f"{source}: the file name must be a plain identifier ([A-Za-z0-9_])")
    title, description, params = _parse_header(source, text)
    try:
        parsed: Query = prepareQuery(text)
    except Exception as e:  # pyparsing raises ParseException; rdflib others for bad prefixes
        where = f" at line {e.lineno}, column {e.col}" if hasattr(e, "lineno") and hasattr(e, "col") else ""
        raise NamedQueryError(f"{source}: SPARQL syntax error{where}") from None
    algebra = parsed.algebra
    if algebra.name != "SelectQuery":
        raise NamedQueryError(f"{source}: a named query must be a SELECT (it returns rows)")
    if any(isinstance(n, CompValue) and n.name == "ServiceGraphPattern" for n in _nodes(algebra)):
        raise NamedQueryError(f"{source}: SERVICE is not allowed in a named query")
    projected = tuple(str(v) for v in algebra["PV"])
    used = _where_variables(text)
    for p in params:
        if p.name not in projected:
            raise NamedQueryError(
                f"{source}: parameter ?{p.name} must be in the SELECT projection "
                "(pyoxigraph binds only projected variables, SEP-0007)"
            )
        if p.name not in used:
            raise NamedQueryError(f"{source}: parameter ?{p.name} is not used in the WHERE clause")
    # The engine's own parser is the one that runs the query: make it read the file now.
    subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(p.name): _dummy(p.type) for p in params
    }
    try:
        result = ox.Store().query(text, substitutions=subs or None)
        assert isinstance(result, ox.QuerySolutions)
        list(result)
    except (SyntaxError, RuntimeError, ValueError) as e:
        raise NamedQueryError(
            f"{source}: the SPARQL engine refuses it: {str(e).splitlines()[0][:200]}"
        ) from None
    return NamedQuery(name, title, description, params, text, projected)


@cache
def load_named_queries() -> Mapping[str, NamedQuery]:
    """All named queries shipped in ``queries/``, by name (the file name without ``.rq``).
    Loaded and checked once per process.

    :raises NamedQueryError: naming the first broken file.
    """
    out: dict[str, NamedQuery] = {}
    for entry in sorted(files(QUERY_PACKAGE).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq") and entry.is_file():
            name = entry.name[: -len(".rq")]
            out[name] = parse_named_query(
                name, entry.read_text(encoding="utf-8"), source=f"queries/{entry.name}"
            )
    return out


def get_named_query(name: str) -> NamedQuery:
    """:raises NotFound: no query of that name."""
    query = load_named_queries().get(name)
    if query is None:
        raise NotFound(f"no named query {name!r}; GET /api/queries (or `cchc query --list`) lists them")
    return query


# -- binding -------------------------------------------------------------------------------


def to_term(param: Param, value: str) -> Term:
    """The typed RDF term for one parameter value.

    :raises BadRequest: the value is not of the parameter's type.

    >>> to_term(Param("year", ParamType.gyear), "2021")
    rdflib.term.Literal('2021', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
    >>> to_term(Param("agency", ParamType.iri), 'x> } UNION { ?s ?p ?o } #')
    Traceback (most recent call last):
    ...
    cchc_kg.errors.BadRequest: parameter 'agency' must be an absolute IRI without spaces or <>"{}|^`\\
    """
    if len(value) > MAX_VALUE_CHARS:
        raise BadRequest(f"parameter {param.name!r} is longer than {MAX_VALUE_CHARS} characters")
    text = unicodedata.normalize("NFC", value)  # the graph's literals are NFC (reliability L4)
    t = param.type
    if t is ParamType.iri:
        text = text.strip()
        if not _IRI.fullmatch(text):
            raise BadRequest(
                f'parameter {param.name!r} must be an absolute IRI without spaces or <>"{{}}|^`\\'
            )
        return URIRef(text)
    if t is ParamType.integer:
        if not _INTEGER.fullmatch(text.strip()):
            raise BadRequest(f"parameter {param.name!r} must be an integer")
        return Literal(int(text), datatype=XSD.integer)
    if t is ParamType.gyear:
        if not _GYEAR.fullmatch(text.strip()):
            raise BadRequest(f"parameter {param.name!r} must be a year (YYYY)")
        return Literal(text.strip(), datatype=XSD.gYear)
    if t is ParamType.date:
        text = text.strip()
        try:
            ok = bool(_DATE.fullmatch(text)) and date.fromisoformat(text) is not None
        except ValueError:
            ok = False
        if not ok:
            raise BadRequest(f"parameter {param.name!r} must be a date (YYYY-MM-DD)")
        return Literal(text, datatype=XSD.date)
    return Literal(text)


def bind_params(query: NamedQuery, params: Mapping[str, str]) -> dict[str, Term]:
    """Typed terms for ``params``; empty values count as absent.

    :raises BadRequest: an unknown parameter, a missing required one, or a value of the
        wrong type.
    """
    unknown = sorted(set(params) - {p.name for p in query.params})
    if unknown:
        known = ", ".join(p.name for p in query.params) or "none"
        raise BadRequest(
            f"unknown parameter(s) {', '.join(map(repr, unknown))} for {query.name} (accepted: {known})"
        )
    bindings: dict[str, Term] = {}
    for p in query.params:
        value = params.get(p.name, "")
        if value == "":
            if p.required:
                raise BadRequest(f"{query.name} needs parameter {p.name!r} ({p.type.value})")
            continue
        bindings[p.name] = to_term(p, value)
    return bindings


def run_named(store: Store, name: str, params: Mapping[str, str]) -> list[Row]:
    """Run the named query ``name`` with ``params`` bound as typed terms (never pasted
    into the text). Reads only.

    :raises NotFound: unknown query name.
    :raises BadRequest: unknown, missing or ill-typed parameters.
    """
    query = get_named_query(name)
    return store.select(query.text, bind_params(query, params))


def json_value(term: Node) -> str | int | float | bool:
    """A result term as a plain JSON value: numbers and booleans as such, anything else
    as its lexical form (IRIs as strings)."""
    if isinstance(term, Literal) and term.datatype is not None:
        if term.datatype in (XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger):
            try:
                return int(str(term))
            except ValueError:
                return str(term)
        if term.datatype in (XSD.double, XSD.float):
            try:
                return float(str(term))
            except ValueError:
                return str(term)
        if term.datatype == XSD.boolean:
            return str(term) in ("true", "1")
    return str(term)
