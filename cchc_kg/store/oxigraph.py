"""The embedded store: pyoxigraph on disk (or in memory for tests).

Atomic replacement of a document graph: the new triples are first added to a staging
graph (``extend`` is transactional), then ONE SPARQL update moves the staging graph over
the document graph and files the run record into the metadata graph. Oxigraph applies an
update request as one transaction, so a reader sees the old graph or the new one, and a
crash leaves at most a staging graph, which the next open drops. (Writing a graph the store
does not hold yet straight into place would be ~4x cheaper, but a torn write, which the
reliability tests inject inside ``extend``, would then leave half a document behind.)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from cchc_kg.errors import BadRequest, QuerySyntaxError, StoreError

from .base import LoadRun, ResultFormat, Row, SerializedResult, Term
from .results import serialize_ask, serialize_select
from .terms import TermConverter, from_ox, to_ox

STAGING_PREFIX = "urn:cchc-kg:staging:"
_DATASET_CLAUSE = re.compile(r"\bFROM\s+(?:NAMED\s+)?<", re.IGNORECASE)
CCHC = "https://data.cchc-kg.vn/ontology#"

_GRAPH_FORMATS = {
    ResultFormat.turtle: ox.RdfFormat.TURTLE,
    ResultFormat.ntriples: ox.RdfFormat.N_TRIPLES,
    ResultFormat.rdfxml: ox.RdfFormat.RDF_XML,
}


class OxigraphStore:
    """A :class:`~cchc_kg.store.base.Store` over pyoxigraph.

    >>> s = OxigraphStore(None)
    >>> s.quads_count()
    0
    """

    def __init__(self, path: Path | None, *, meta_graph: str = "https://data.cchc-kg.vn/graph/meta") -> None:
        self.path = path
        self.meta_graph = URIRef(meta_graph)
        try:
            if path is None:
                self._store = ox.Store()
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as e:
            raise StoreError(
                f"cannot open the store at {path}: it is in use by another process "
                "(is `cchc serve` running?) or not a store directory"
                if "lock" in str(e).lower()
                else f"cannot open the store at {path}: {e}"
            ) from None
        # Quarantined graphs (loaded with violations, `cchc load --quarantine`) stay out of
        # every query's dataset; the set is kept here because only this process writes
        # (the on-disk store is locked to one process).
        self.quarantine_prefix = str(self.meta_graph).removesuffix("meta") + "quarantine/"
        self._drop_staging()
        self._quarantined = {
            g.value
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode) and g.value.startswith(self.quarantine_prefix)
        }

    # -- writes --------------------------------------------------------------------------

    def _drop_staging(self) -> None:
        for g in list(self._store.named_graphs()):
            if isinstance(g, ox.NamedNode) and g.value.startswith(STAGING_PREFIX):
                self._store.remove_graph(g)

    def replace_graph(self, graph: URIRef, triples: Graph, run: LoadRun | None = None) -> None:
        target = ox.NamedNode(str(graph))
        digest = hashlib.sha256(str(graph).encode()).hexdigest()[:24]
        staging = ox.NamedNode(STAGING_PREFIX + digest)
        staging_run = ox.NamedNode(STAGING_PREFIX + digest + ":run")
        convert = TermConverter()
        quads = convert.quads(triples, staging)
        if run is not None:
            quads += convert.quads(run_triples(run, graph), staging_run)
        try:
            self._store.remove_graph(staging) if self._store.contains_named_graph(staging) else None
            self._store.extend(quads)
            # The IRIs below are NamedNode-validated terms we minted, not user text.
            ops = [
                f"DROP SILENT GRAPH {target}",
                f"ADD SILENT {staging} TO {target}",
                f"DROP SILENT GRAPH {staging}",
            ]
            if run is not None:
                meta = ox.NamedNode(str(self.meta_graph))
                ops += [f"ADD SILENT {staging_run} TO {meta}", f"DROP SILENT GRAPH {staging_run}"]
            self._store.update(" ;\n".join(ops))
        except OSError as e:
            self._drop_staging()
            raise StoreError(f"writing graph {graph} failed: {e}") from None
        except BaseException:
            # Any other failure mid-write (a bug, an interrupt): the half-filled staging
            # graph must not outlive it, so the store is exactly as before (reliability L12).
            self._drop_staging()
            raise
        if str(graph).startswith(self.quarantine_prefix):
            self._quarantined.add(str(graph))

    def remove_graph(self, graph: URIRef) -> None:
        node = ox.NamedNode(str(graph))
        if self._store.contains_named_graph(node):
            self._store.remove_graph(node)
        self._quarantined.discard(str(graph))

    # -- reads ---------------------------------------------------------------------------

    def graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def _run(self, query: str, bindings: Mapping[str, Term] | None) -> object:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()
        }
        try:
            # A query naming its own dataset (FROM / FROM NAMED) keeps it: pyoxigraph would
            # otherwise ignore those clauses in favour of the dataset given here.
            if _DATASET_CLAUSE.search(query):
                return self._store.query(query, substitutions=subs or None)
            if self._quarantined:
                public: list[ox.NamedNode | ox.BlankNode] = [
                    g
                    for g in self._store.named_graphs()
                    if isinstance(g, ox.NamedNode) and g.value not in self._quarantined
                ]
                return self._store.query(
                    query, default_graph=list(public), named_graphs=public, substitutions=subs or None
                )
            return self._store.query(query, use_default_graph_as_union=True, substitutions=subs or None)
        except SyntaxError as e:
            raise QuerySyntaxError(f"SPARQL syntax error: {str(e).splitlines()[0][:300]}") from None
        except OSError as e:
            raise StoreError(f"query failed: {e}") from None
        except RuntimeError as e:
            # e.g. a bound variable that is not projected (SEP-0007 substitution rules)
            raise BadRequest(f"query cannot run: {str(e).splitlines()[0][:300]}") from None

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[Row]:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QuerySolutions):
            raise BadRequest("expected a SELECT query")
        names = [v.value for v in res.variables]
        out: list[Row] = []
        for sol in res:
            row: Row = {}
            for n in names:
                t = sol[n]
                if t is not None:
                    row[n] = from_ox(t)  # type: ignore[assignment]
            out.append(row)
        return out

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QueryBoolean):
            raise BadRequest("expected an ASK query")
        return bool(res)

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> Graph:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QueryTriples):
            raise BadRequest("expected a CONSTRUCT or DESCRIBE query")
        g = Graph()
        for t in res:
            g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return g

    def serialized(
        self, query: str, media_type: ResultFormat, *, max_rows: int | None = None
    ) -> SerializedResult:
        res = self._run(query, None)
        if isinstance(res, ox.QueryBoolean):
            fmt = ResultFormat.json if media_type in _GRAPH_FORMATS else media_type
            return SerializedResult(serialize_ask(bool(res), fmt), fmt.value, "ask")
        if isinstance(res, ox.QuerySolutions):
            if media_type in _GRAPH_FORMATS:
                raise BadRequest(f"a SELECT result cannot be given as {media_type.value}")
            names = [v.value for v in res.variables]
            rows: list[dict[str, object]] = []
            truncated = False
            for sol in res:
                if max_rows is not None and len(rows) >= max_rows:
                    truncated = True
                    break
                rows.append({n: from_ox(sol[n]) for n in names if sol[n] is not None})
            body = serialize_select(names, rows, media_type, truncated=truncated)  # type: ignore[arg-type]
            return SerializedResult(body, media_type.value, "select", len(rows), truncated)
        assert isinstance(res, ox.QueryTriples)
        fmt = media_type if media_type in _GRAPH_FORMATS else ResultFormat.turtle
        triples: list[ox.Triple] = []
        truncated = False
        for t in res:
            if max_rows is not None and len(triples) >= max_rows:
                truncated = True
                break
            triples.append(t)
        body = ox.serialize(triples, format=_GRAPH_FORMATS[fmt]) or b""
        return SerializedResult(body, fmt.value, "graph", len(triples), truncated)

    def quads_count(self) -> int:
        return len(self._store)

    def dump_graph(self, graph: URIRef) -> Graph:
        g = Graph()
        for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))):
            g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return g

    def optimize(self) -> None:
        if self.path is not None:
            self._store.optimize()

    def close(self) -> None:
        self._store.flush() if self.path is not None else None
        del self._store


def run_triples(run: LoadRun, graph: URIRef) -> Graph:
    """The metadata-graph record of one load run. The run IRI is keyed by content
    (source hash) and time, never by a counter."""
    g = Graph()
    base = str(graph).split("/graph/")[0] + "/"
    node = URIRef(f"{base}run/{run.started.replace(':', '').replace('-', '')}-{run.sha256[:16]}")
    g.add((node, RDF.type, PROV.Activity))
    g.add((node, PROV.startedAtTime, Literal(run.started, datatype=XSD.dateTime)))
    g.add((node, PROV.used, URIRef(f"{base}source/{run.sha256}")))
    g.add((node, URIRef(CCHC + "sourceFile"), Literal(run.source_name)))
    g.add((node, URIRef(CCHC + "sha256"), Literal(run.sha256)))
    g.add((node, URIRef(CCHC + "loaderVersion"), Literal(run.loader_version)))
    g.add((node, PROV.generated, graph))
    if run.gate_violations is not None:
        g.add((node, URIRef(CCHC + "gateViolations"), Literal(run.gate_violations, datatype=XSD.integer)))
    return g
