"""Running a validation: one document at load (the gate), or the whole store."""

from __future__ import annotations

import time
from dataclasses import replace
from functools import cache

from rdflib import Graph, Literal, URIRef

from cchc_kg.loaders.model import Extraction
from cchc_kg.store import ResultFormat, Store

from .engines import Engine, engine
from .locate import GraphLocator, StoreLocator
from .report import Finding, Report
from .sparql import SparqlEngine

QUARANTINE = "graph/quarantine/"
# Up to this many focus nodes, ~5 bound queries each beat the three bulk queries: at 10M
# quads the bulk ones cost ~97 s CPU and 1.3 GB more for 204 results (bench/README.md).
LOCATE_ONE_BY_ONE = 2000


def quarantine_graph_iri(base_iri: str, graph_iri: str) -> URIRef:
    """Where ``cchc load --quarantine`` puts a document graph with Violations: beside the
    public graphs, under ``{base}graph/quarantine/``, keyed like the public graph.

    >>> str(quarantine_graph_iri("https://x.vn/", "https://x.vn/graph/eli/vn/cp/2020/nd/107"))
    'https://x.vn/graph/quarantine/eli/vn/cp/2020/nd/107'
    """
    key = graph_iri.removeprefix(base_iri + "graph/") if graph_iri.startswith(base_iri) else graph_iri
    return URIRef(base_iri + QUARANTINE + key)


@cache
def _reference(base_iri: str) -> tuple[Graph, frozenset[URIRef]]:
    """The reference data a document links to (reform areas, agency types, provinces),
    without the ontology (the shapes check data, not OWL axioms), and the IRIs it
    describes. Built once per process."""
    from cchc_kg.loaders.ingest import reference_graphs

    ref = dict(reference_graphs(base_iri))[URIRef(base_iri + "graph/reference")]  # shared, read only
    return ref, frozenset(s for s in ref.subjects(unique=True) if isinstance(s, URIRef))


def linked_context(
    doc: Graph, reference: Graph, *, hops: int = 2, described: frozenset[URIRef] | None = None
) -> Graph:
    """The part of ``reference`` a document links to: the description of every reference
    node the document names, and of the nodes those name, ``hops`` levels deep (a reform
    area and its scheme; an agency type and its scheme; a province)."""
    out = Graph()
    if described is None:  # the IRIs the reference describes: the document's own nodes are skipped
        described = frozenset(s for s in reference.subjects(unique=True) if isinstance(s, URIRef))
    frontier = {o for o in doc.objects(unique=True) if isinstance(o, URIRef)}
    seen: set[URIRef] = set()
    for _ in range(hops):
        nxt: set[URIRef] = set()
        for node in (frontier - seen) & described:
            seen.add(node)
            for p, o in reference.predicate_objects(node):
                out.add((node, p, o))
                if isinstance(o, URIRef):
                    nxt.add(o)
        frontier = nxt
    return out


def validate_graph(
    doc: Graph,
    *,
    base_iri: str,
    subject: str = "",
    graph: str | None = None,
    use: Engine | str | None = None,
) -> Report:
    """Validate one document's graph, with the reference data it links to. Results are
    located in ``doc`` (source file and line)."""
    eng = engine(use) if use is None or isinstance(use, str) else use
    reference, described = _reference(base_iri)  # built once per process, not timed
    started = time.perf_counter()
    context = linked_context(doc, reference, described=described)
    findings = eng.validate_graphs([doc, context])
    seconds = time.perf_counter() - started
    locator = GraphLocator(doc, graph=graph)
    located = [replace(f, location=locator.locate(f.focus)) for f in findings]
    triples = len(doc) + len(context)
    return Report(located, eng.name, seconds, triples, subject or (locator.source or graph or "graph"))


def gate(base_iri: str, *, use: Engine | str | None = None) -> GateValidator:
    """The validator ``loaders.ingest.load_paths(validate=...)`` calls for each document."""
    return GateValidator(base_iri, use)


class GateValidator:
    def __init__(self, base_iri: str, use: Engine | str | None) -> None:
        self.base_iri = base_iri
        # one engine for the whole load: rudof keeps the parsed shapes in its session, sparql
        # its compiled queries
        self.engine = engine(use) if use is None or isinstance(use, str) else use

    def __call__(self, x: Extraction, g: Graph) -> list[Finding]:
        return validate_graph(g, base_iri=self.base_iri, subject=x.source.name, use=self.engine).sorted()


def _construct_documents(store: Store, skip: list[str], skip_prefix: str) -> bytes:
    """The union of the store's graphs except ``skip`` and those under ``skip_prefix``, as
    N-Triples, straight from the engine. The IRIs are the configured base's, written with
    rdflib's escaping ``n3()`` (which refuses characters that could end the IRI)."""
    not_in = ", ".join(URIRef(s).n3() for s in skip)
    query = (
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER (?g NOT IN ({not_in}) && !STRSTARTS(STR(?g), {Literal(skip_prefix).n3()})) }}"
    )
    return store.serialized(query, ResultFormat.ntriples).body


def validate_store(store: Store, *, base_iri: str, use: Engine | str | None = None) -> Report:
    """Validate every document graph of ``store`` and the reference data, as one union
    graph (what a researcher's SPARQL sees), without the ontology, the load-run log and
    the quarantine. Each result is located in the document graph that holds it."""
    eng = engine(use) if use is None or isinstance(use, str) else use
    skip = [base_iri + "graph/ontology", base_iri + "graph/meta"]
    started = time.perf_counter()
    if isinstance(eng, SparqlEngine):
        # The queries run where the data lies: nothing serialised, no second copy in memory.
        findings = eng.validate_dataset(store, exclude=skip, exclude_prefix=base_iri + QUARANTINE)
        seconds = time.perf_counter() - started
        triples = _count_quads(store, skip, base_iri + QUARANTINE)
    else:
        data = _construct_documents(store, skip, base_iri + QUARANTINE).decode("utf-8")
        findings = eng.validate_ntriples(data)
        seconds = time.perf_counter() - started
        triples = data.count("\n")
    # a few results: located one by one (node bound); many: with three bulk queries
    locator = StoreLocator(store, skip=skip, bulk=len({f.focus for f in findings}) > LOCATE_ONE_BY_ONE)
    located = [replace(f, location=locator.locate(f.focus)) for f in findings]
    return Report(located, eng.name, seconds, triples, "store")


def _count_quads(store: Store, skip: list[str], skip_prefix: str) -> int:
    """The quads of the validated graphs (a triple two documents both state counts
    twice): the store's count less the left-out graphs' (small: ontology, load-run log),
    which is ~10x cheaper than counting through a graph filter (5 s at 1M quads)."""
    total = store.quads_count()
    for g in store.graphs():
        if str(g) in skip or str(g).startswith(skip_prefix):
            rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g.n3()} {{ ?s ?p ?o }} }}")
            n = rows[0].get("n") if rows else None
            total -= int(n.toPython()) if isinstance(n, Literal) else 0
    return total


_CONTEXT = """
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ GRAPH {doc} {{ ?x ?y ?s }} GRAPH {ref} {{ ?s ?p ?o }} }}
  UNION
  {{ GRAPH {doc} {{ ?x ?y ?m }} GRAPH {ref} {{ ?m ?q ?s . ?s ?p ?o }} }}
}}
"""


def validate_store_by_document(store: Store, *, base_iri: str, use: Engine | str | None = None) -> Report:
    """Validate the store one document graph at a time, each with the reference triples it
    links to (two hops, as at load): memory bounded by the largest document and time
    linear in the store, at the price of not seeing what only the union shows (the same
    instrument described differently by two documents). The graph IRIs come from the
    store and go into the query through rdflib's validating ``n3()``."""
    eng = engine(use) if use is None or isinstance(use, str) else use
    reference = URIRef(base_iri + "graph/reference")
    skip = {base_iri + "graph/ontology", base_iri + "graph/meta", str(reference)}
    graphs = [
        g for g in store.graphs() if str(g) not in skip and not str(g).startswith(base_iri + QUARANTINE)
    ]
    findings: list[Finding] = []
    triples = 0
    started = time.perf_counter()
    for g in graphs:
        doc = store.serialized(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g.n3()} {{ ?s ?p ?o }} }}", ResultFormat.ntriples
        ).body
        ctx = store.serialized(_CONTEXT.format(doc=g.n3(), ref=reference.n3()), ResultFormat.ntriples).body
        data = (doc + ctx).decode("utf-8")
        triples += data.count("\n")
        findings += eng.validate_ntriples(data)
    seconds = time.perf_counter() - started
    locator = StoreLocator(store, skip=skip - {str(reference)})
    located = [replace(f, location=locator.locate(f.focus)) for f in findings]
    return Report(
        located, eng.name, seconds, triples, f"store ({len(graphs)} document graphs, one at a time)"
    )
