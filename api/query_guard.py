"""Read-only guard of the public SPARQL endpoint: inspect a query BEFORE any evaluation.

Refused with 403 ``query-forbidden`` (reliability.md B, S1-S3):

* any SPARQL Update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``,
  ``ADD``, ``MOVE``, ``COPY``, ``WITH``): the endpoint only reads;
* ``SERVICE`` anywhere (also ``SILENT``, a variable ``SERVICE ?x``, inside ``OPTIONAL``,
  a subquery or ``EXISTS``): pyoxigraph 0.5 ships an HTTP client and DOES fetch
  ``SERVICE`` IRIs (checked: it contacts a local canary server), so this is the only
  thing between a client and server-side requests;
* ``FROM`` / ``FROM NAMED`` naming anything but a graph of the store (the checked
  dataset IRIs are returned; the caller compares them with the store's graphs).

Two independent checks, so a gap in one parser is not a gap in the guard:

1. a lexical scan (linear, no recursion): strings, IRIs, comments, variables, prefixed
   names and language tags are skipped, so ``"SERVICE"``, ``?service`` or ``ex:drop``
   do not count, and any remaining bare word that is an update keyword or ``SERVICE``
   is refused. ``\\uXXXX`` escapes are expanded first, as the SPARQL grammar (§19.2) and
   rdflib do, so ``\\u0053ERVICE`` is seen as ``SERVICE``;
2. rdflib's SPARQL parser: the parse tree is walked for ``ServiceGraphPattern`` nodes
   and the dataset clause, and gives the query form (SELECT/ASK → results,
   CONSTRUCT/DESCRIBE → graph).

rdflib's parser recurses deeply (about 90 triple patterns or 50 nested groups exhaust
Python's stack). Such a query is still guarded by the lexical scan, which is enough for
SERVICE and updates; it is refused only if it also has a FROM clause to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from cchc_kg.errors import BadRequest, QueryForbidden, QuerySyntaxError

from .negotiation import Kind

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
_FORMS = {"SELECT": Kind.results, "ASK": Kind.results, "CONSTRUCT": Kind.graph, "DESCRIBE": Kind.graph}
_PARSED_FORMS = {
    "SelectQuery": Kind.results,
    "AskQuery": Kind.results,
    "ConstructQuery": Kind.graph,
    "DescribeQuery": Kind.graph,
}

_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PN_CHARS = r"\w\u00B7\u00C0-\U000EFFFF"
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<long1>'''(?:[^'\\]|\\.|'(?!''))*''')",
            r'(?P<long2>"""(?:[^"\\]|\\.|"(?!""))*""")',
            r"(?P<str1>'(?:[^'\\\n\r]|\\.)*')",
            r'(?P<str2>"(?:[^"\\\n\r]|\\.)*")',
            r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)",
            r"(?P<comment>#[^\n\r]*)",
            rf"(?P<var>[?$][{_PN_CHARS}]+)",
            r"(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
            rf"(?P<pname>(?:[A-Za-z\u00C0-\U000EFFFF][{_PN_CHARS}.\-]*)?:[{_PN_CHARS}.\-:%\\]*)",
            r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
            r"(?P<other>.)",
        ]
    ),
    re.S,
)


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the guard: its result kind and the graphs its dataset names."""

    text: str
    kind: Kind
    dataset: tuple[str, ...] = ()


def expand_escapes(text: str) -> str:
    """Expand ``\\uXXXX`` and ``\\UXXXXXXXX`` as SPARQL does before parsing.

    >>> expand_escapes(r"\\u0053ERVICE")
    'SERVICE'
    """

    def one(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _UNICODE_ESCAPE.sub(one, text)


def keywords(text: str) -> list[str]:
    """The bare words of a query (keywords and function names), upper-cased, with strings,
    IRIs, comments, variables, prefixed names and language tags left out.

    >>> keywords('SELECT ?service WHERE { ?s ex:drop "SERVICE" } # LOAD')
    ['SELECT', 'WHERE']
    """
    return [m.group("word").upper() for m in _TOKEN.finditer(expand_escapes(text)) if m.lastgroup == "word"]


def _lexical_check(words: list[str]) -> None:
    if "SERVICE" in words:
        raise QueryForbidden("SERVICE is not allowed: this endpoint never contacts other services")
    update = next((w for w in words if w in UPDATE_KEYWORDS), None)
    if update is not None:
        raise QueryForbidden(f"this endpoint is read-only: SPARQL Update ({update}) is not allowed")


def _nodes(root: object) -> list[object]:
    """Every node of an rdflib parse tree, walked iteratively (trees can be deep)."""
    out: list[object] = []
    stack = [root]
    while stack:
        node = stack.pop()
        out.append(node)
        if isinstance(node, CompValue):
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)
    return out


def check_query(text: str) -> CheckedQuery:
    """Check a query for the public endpoint; nothing is evaluated.

    :raises QueryForbidden: an update, SERVICE.
    :raises QuerySyntaxError: not a SPARQL query.
    :raises BadRequest: too deeply nested to check its FROM clauses.

    >>> check_query("SELECT * WHERE { ?s ?p ?o }").kind.value
    'results'
    >>> check_query("SELECT * WHERE { OPTIONAL { SERVICE SILENT ?x { ?s ?p ?o } } }")
    Traceback (most recent call last):
    ...
    cchc_kg.errors.QueryForbidden: SERVICE is not allowed: this endpoint never contacts other services
    """
    words = keywords(text)
    _lexical_check(words)
    try:
        tree = parseQuery(text)
    except ParseBaseException as e:
        raise QuerySyntaxError(f"SPARQL syntax error at line {e.lineno}, column {e.col}") from None
    except RecursionError:
        form = next((w for w in words if w in _FORMS), None)
        if form is None:
            raise QuerySyntaxError(
                "SPARQL syntax error: not a SELECT, ASK, CONSTRUCT or DESCRIBE query"
            ) from None
        if "FROM" in words:
            raise BadRequest(
                "the query is too deeply nested to check its FROM clauses; drop FROM "
                "(queries run over the union of all graphs) or split the query"
            ) from None
        return CheckedQuery(text, _FORMS[form])
    except Exception:  # a parse action refusing a token: still a syntax error to the client
        raise QuerySyntaxError("SPARQL syntax error") from None
    query = tree[1]
    if any(isinstance(n, CompValue) and n.name == "ServiceGraphPattern" for n in _nodes(query)):
        raise QueryForbidden("SERVICE is not allowed: this endpoint never contacts other services")
    kind = _PARSED_FORMS.get(query.name)
    if kind is None:
        raise QuerySyntaxError("not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    # CompValue.get returns the key itself for a missing key and its 2nd argument is not a
    # default, hence the membership test.
    clauses = query["datasetClause"] if "datasetClause" in query else []  # noqa: SIM401
    dataset: list[str] = []
    if clauses:
        try:
            prologue = translatePrologue(tree[0], None)
            for clause in clauses:
                for iri in dict(clause).values():
                    dataset.append(str(prologue.absolutize(iri)))
        except Exception:  # rdflib raises a bare Exception for an undeclared prefix
            raise QuerySyntaxError("SPARQL syntax error: undeclared prefix in FROM / FROM NAMED") from None
    return CheckedQuery(text, kind, tuple(dataset))
