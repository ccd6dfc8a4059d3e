"""A remote SPARQL 1.1 engine (Oxigraph server, Fuseki, GraphDB, Virtuoso) as the store.

Reads use the SPARQL 1.1 Protocol; writes use SPARQL 1.1 Update on ``{endpoint}`` (or the
``update_endpoint``), one request per document so engines that run a request as one
transaction (Oxigraph, Fuseki, GraphDB) replace the graph atomically. The engine must
expose the union of named graphs as its default graph (Oxigraph: ``--union-default-graph``;
Fuseki: ``tdb2:unionDefaultGraph true``; GraphDB and Virtuoso do by default).

Bound values are appended as a trailing ``VALUES`` block (SPARQL 1.1 §10.2.2) of terms
serialised by rdflib with escaping, never pasted user text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from cchc_kg.errors import BadRequest, QuerySyntaxError, StoreError

from .base import LoadRun, ResultFormat, Row, SerializedResult, Term
from .oxigraph import run_triples
from .results import serialize_ask, serialize_select

_SAFE_IRI = re.compile(r'^[^\s<>"{}|^`\\]+$')
# rdflib's names of the graph formats a CONSTRUCT or DESCRIBE answer can be given in
_GRAPH_FORMATS = {ResultFormat.turtle: "turtle", ResultFormat.ntriples: "nt", ResultFormat.rdfxml: "xml"}


def _query_form(query: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``, as SPARQLWrapper reads the query
    (after its prologue) to choose the media type it asks the engine for: the form decides
    how the answer is read. A keyword scan, not a parse (rdflib's parser took ~5 ms a
    query); a query it cannot read counts as SELECT and the engine judges it."""
    w = SPARQLWrapper("http://127.0.0.1/")  # never sent: only its query-type reading is used
    w.setQuery(query)
    return str(w.queryType)


def _term_n3(t: Term) -> str:
    if isinstance(t, URIRef) and not _SAFE_IRI.match(str(t)):
        raise BadRequest(f"not a valid IRI: {str(t)[:80]!r}")
    return t.n3()


def with_values(query: str, bindings: Mapping[str, Term] | None) -> str:
    """Append bound values as a trailing VALUES block.

    >>> with_values("SELECT ?t WHERE { ?t ?p ?x }", {"x": Literal('a"b')})
    'SELECT ?t WHERE { ?t ?p ?x }\\nVALUES (?x) { ("a\\\\"b") }'
    """
    if not bindings:
        return query
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise BadRequest(f"not a variable name: {name!r}")
    names = " ".join("?" + k for k in bindings)
    vals = " ".join(_term_n3(v) for v in bindings.values())
    return f"{query}\nVALUES ({names}) {{ ({vals}) }}"


def _term(b: dict[str, str]) -> URIRef | Literal | BNode:
    if b["type"] == "uri":
        return URIRef(b["value"])
    if b["type"] == "bnode":
        return BNode(b["value"])
    if "xml:lang" in b:
        return Literal(b["value"], lang=b["xml:lang"])
    dt = b.get("datatype")
    return Literal(b["value"], datatype=URIRef(dt) if dt else None)


class RemoteSparqlStore:
    def __init__(self, endpoint: str, *, update_endpoint: str | None = None, meta_graph: str) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.meta_graph = URIRef(meta_graph)

    def _wrapper(self, url: str) -> SPARQLWrapper:
        w = SPARQLWrapper(url)
        w.setTimeout(120)
        return w

    def _json(self, query: str) -> dict[str, Any]:
        w = self._wrapper(self.endpoint)
        w.setQuery(query)
        w.setReturnFormat(JSON)
        w.setMethod(POST)
        try:
            result = w.query().convert()
        except QueryBadFormed as e:
            raise QuerySyntaxError(f"SPARQL syntax error: {str(e)[:300]}") from None
        except Exception as e:  # network and HTTP failures of any kind
            raise StoreError(f"remote SPARQL endpoint {self.endpoint} failed: {type(e).__name__}") from None
        if isinstance(result, bytes):
            result = json.loads(result)
        assert isinstance(result, dict)
        return result

    def _update(self, update: str) -> None:
        w = self._wrapper(self.update_endpoint)
        w.setMethod(POST)
        w.setRequestMethod("postdirectly")
        w.setQuery(update)
        try:
            w.query()
        except Exception as e:
            raise StoreError(
                f"remote SPARQL update at {self.update_endpoint} failed: {type(e).__name__}"
            ) from None

    def replace_graph(self, graph: URIRef, triples: Graph, run: LoadRun | None = None) -> None:
        g = _term_n3(graph)
        data = triples.serialize(format="nt")
        ops = [f"DROP SILENT GRAPH {g}", f"INSERT DATA {{ GRAPH {g} {{\n{data}\n}} }}"]
        if run is not None:
            meta = run_triples(run, graph).serialize(format="nt")
            ops.append(f"INSERT DATA {{ GRAPH {_term_n3(self.meta_graph)} {{\n{meta}\n}} }}")
        self._update(" ;\n".join(ops))

    def remove_graph(self, graph: URIRef) -> None:
        self._update(f"DROP SILENT GRAPH {_term_n3(graph)}")

    def graphs(self) -> list[URIRef]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(URIRef(str(r["g"])) for r in rows)

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[Row]:
        res = self._json(with_values(query, bindings))
        return [{k: _term(v) for k, v in b.items()} for b in res["results"]["bindings"]]  # type: ignore[misc]

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        return bool(self._json(with_values(query, bindings))["boolean"])

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> Graph:
        w = self._wrapper(self.endpoint)
        w.setQuery(with_values(query, bindings))
        w.setMethod(POST)
        try:
            g = w.queryAndConvert()
        except Exception as e:
            raise StoreError(f"remote SPARQL endpoint {self.endpoint} failed: {type(e).__name__}") from None
        if not isinstance(g, Graph):
            raise BadRequest("expected a CONSTRUCT or DESCRIBE query")
        return g

    def serialized(
        self, query: str, media_type: ResultFormat, *, max_rows: int | None = None
    ) -> SerializedResult:
        form = _query_form(query)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return self._serialized_graph(query, media_type, max_rows)
        if media_type in _GRAPH_FORMATS and form == "SELECT":
            raise BadRequest(f"a SELECT result cannot be given as {media_type.value}")
        if media_type in _GRAPH_FORMATS:  # an ASK answer has no graph form (as the embedded store)
            media_type = ResultFormat.json
        res = self._json(query)
        if "boolean" in res:
            return SerializedResult(serialize_ask(bool(res["boolean"]), media_type), media_type.value, "ask")
        names = res["head"]["vars"]
        rows = [{k: _term(v) for k, v in b.items()} for b in res["results"]["bindings"]]
        truncated = max_rows is not None and len(rows) > max_rows
        rows = rows[:max_rows] if max_rows is not None else rows
        body = serialize_select(names, rows, media_type, truncated=truncated)  # type: ignore[arg-type]
        return SerializedResult(body, media_type.value, "select", len(rows), truncated)

    def _serialized_graph(
        self, query: str, media_type: ResultFormat, max_rows: int | None
    ) -> SerializedResult:
        """A CONSTRUCT or DESCRIBE answer in a graph format (Turtle unless one is asked
        for), cut at ``max_rows`` triples, as the embedded store gives it."""
        fmt = media_type if media_type in _GRAPH_FORMATS else ResultFormat.turtle
        answer = self.construct(query)
        kept = Graph()
        for i, triple in enumerate(answer):
            if max_rows is not None and i >= max_rows:
                break
            kept.add(triple)
        truncated = max_rows is not None and len(answer) > max_rows
        body = kept.serialize(format=_GRAPH_FORMATS[fmt], encoding="utf-8")
        return SerializedResult(body, fmt.value, "graph", len(kept), truncated)

    def quads_count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0

    def dump_graph(self, graph: URIRef) -> Graph:
        return self.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph})

    def optimize(self) -> None:
        """Compaction is the remote engine's business."""

    def close(self) -> None:
        """Nothing held open between requests."""
