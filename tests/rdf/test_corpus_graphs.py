"""The graphs of the real corpus: extract + to_rdf on every ../shared/corpus file, then check
the emitter's contract on what it actually produced.

* every predicate and class is declared: ``cchc:`` terms in ontology/cchc.ttl, reused terms
  in their published vocabulary (rdflib's closed namespaces; ELI and Web Annotation from
  tests/rdf/data/reused_terms.txt);
* no blank nodes, every literal NFC, every data IRI under the base;
* provenance on every extracted entity: a cchc:TextSpan (Web Annotation position and quote
  selectors) whose ``oa:exact`` is the source text between ``oa:start`` and ``oa:end``, its
  line, the source it was derived from, and the extraction activity with its loader version;
* citations: one ``cchc:Citation`` per mention, linked to the citing entity and, when
  resolved, to the instrument, with ``?entity cchc:cites ?instrument`` and the document-level
  ELI relation of each relation type the record carries; the identity-key literals that
  ``cchc cites`` matches on every instrument;
* determinism: the same input gives the same triples.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import rdflib.namespace as NS
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef

from cchc_kg import LOADER_VERSION
from cchc_kg.iri import ONTOLOGY_NS
from cchc_kg.loaders.citations.resolve import name_key
from cchc_kg.loaders.extract import extract_file
from cchc_kg.loaders.model import Extraction
from cchc_kg.loaders.to_rdf import document_iris, extraction_to_graph
from cchc_kg.ontology_doc import load_ontology

BASE = "https://data.cchc-kg.vn/"
CCHC = Namespace(ONTOLOGY_NS)
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")

# rdflib's namespaces that list their terms (imported as a module: pytest would otherwise
# poke at the namespace classes while collecting and warn)
CLOSED = (NS.RDF, NS.RDFS, NS.OWL, NS.XSD, NS.SKOS, NS.PROV, NS.ORG, NS.DCTERMS, NS.FOAF, NS.TIME)
DOC_RELATION = {"legal_basis": ELI.based_on, "implements": CCHC.implements, "replaces": ELI.repeals,
                "amends": ELI.amends}  # fmt: skip


def _reused_terms() -> set[str]:
    out: set[str] = set()
    path = Path(__file__).parent / "data" / "reused_terms.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            ns, *names = line.split()
            out.update(ns + n for n in names)
    return out


REUSED = _reused_terms()


def _declared_elsewhere(term: URIRef) -> bool:
    s = str(term)
    if s in REUSED:
        return True
    for ns in CLOSED:
        base = str(ns._NS)
        if s.startswith(base):
            local = s[len(base) :]
            return local in ns.__annotations__ or local in getattr(ns, "_extras", [])
    return False


@pytest.fixture(scope="module")
def corpus_graphs(corpus_files: list[Path]) -> dict[str, tuple[Extraction, Graph]]:
    out = {}
    for f in corpus_files:
        x = extract_file(f)
        out[f.name[:3]] = (x, extraction_to_graph(x, BASE))
    print("\n" + ", ".join(f"{k}: {len(g)} triples" for k, (_, g) in out.items()))
    return out


def test_every_predicate_and_class_is_declared(corpus_graphs: dict[str, tuple[Extraction, Graph]]) -> None:
    onto = load_ontology()
    declared = {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef)}
    used: Counter[URIRef] = Counter()
    for _, g in corpus_graphs.values():
        used.update(p for p in g.predicates() if isinstance(p, URIRef))
        used.update(o for o in g.objects(None, RDF.type) if isinstance(o, URIRef))
    undeclared = sorted(
        str(t)
        for t in used
        if not (t in declared if str(t).startswith(ONTOLOGY_NS) else _declared_elsewhere(t))
    )
    print(
        f"{len(used)} predicates and classes used, {sum(str(t).startswith(ONTOLOGY_NS) for t in used)} cchc:"
    )
    assert not undeclared, undeclared


def test_no_blank_nodes_nfc_literals_iris_under_the_base(
    corpus_graphs: dict[str, tuple[Extraction, Graph]],
) -> None:
    for name, (_, g) in corpus_graphs.items():
        blank = [t for t in g if any(isinstance(x, BNode) for x in t)]
        assert not blank, f"{name}: blank nodes {blank[:3]}"
        not_nfc = [
            o
            for o in g.objects()
            if isinstance(o, Literal) and unicodedata.normalize("NFC", str(o)) != str(o)
        ]
        assert not not_nfc, f"{name}: literals not NFC {not_nfc[:3]}"
        for s, p, o in g:
            assert isinstance(s, URIRef) and str(s).startswith(BASE), f"{name}: subject {s}"
            if isinstance(o, URIRef) and p != RDF.type:
                # data IRIs under the base; code-list concepts of the ontology
                assert str(o).startswith((BASE, ONTOLOGY_NS)), f"{name}: {p} {o}"


def _span_ok(g: Graph, x: Extraction, span: URIRef) -> None:
    start, end = g.value(span, OA.start), g.value(span, OA.end)
    assert isinstance(start, Literal) and isinstance(end, Literal), span
    assert start.datatype == NS.XSD.nonNegativeInteger
    exact = g.value(span, OA.exact)
    assert str(exact) == unicodedata.normalize("NFC", x.source.text[int(start) : int(end)]), span
    line = g.value(span, CCHC.line)
    assert isinstance(line, Literal) and int(line) == x.source.text.count("\n", 0, int(start)) + 1, span
    for t in (CCHC.TextSpan, OA.TextPositionSelector, OA.TextQuoteSelector):
        assert (span, RDF.type, t) in g
    source = g.value(span, NS.PROV.wasDerivedFrom)
    assert (source, CCHC.sha256, Literal(x.source.sha256)) in g


def test_every_extracted_entity_has_its_provenance(
    corpus_graphs: dict[str, tuple[Extraction, Graph]],
) -> None:
    for name, (x, g) in corpus_graphs.items():
        activities = set(g.subjects(RDF.type, CCHC.Extraction))
        assert len(activities) == 1, name
        activity = activities.pop()
        assert (activity, CCHC.loaderVersion, Literal(LOADER_VERSION)) in g
        counts: Counter[str] = Counter()
        for cls in (CCHC.TableTask, CCHC.BodyTask, CCHC.SectionTask, CCHC.Target, CCHC.Shortcoming, CCHC.Section,
                    CCHC.Citation):  # fmt: skip
            for entity in g.subjects(RDF.type, cls):
                assert (entity, NS.PROV.wasGeneratedBy, activity) in g, entity
                span = g.value(entity, CCHC.span)
                assert isinstance(span, URIRef), f"{name}: {entity} has no span"
                _span_ok(g, x, span)
                counts[str(cls).rsplit("#", 1)[1]] += 1
        # as many nodes as records (duplicated numbering gets qualified IRIs, not merged)
        assert counts["TableTask"] == len(x.tasks), name
        assert counts["BodyTask"] == len(x.body_tasks), name
        assert counts["Target"] == len(x.targets), name
        appendix_parts = {t.section.split(".")[0] for t in [*x.tasks, *x.shortcomings] if t.section}
        # unnumbered paragraphs ("para") are folded into the heading printed before them
        seen: set[str] = set()
        folded = 0
        for sec in x.sections:
            folded += sec.kind == "para" and sec.path in seen
            seen.add(sec.path)
        assert counts["Section"] == len(x.sections) - folded + len(appendix_parts), name
        assert counts["Citation"] == len(
            {(m.span.start, m.span.end) for c in x.citations for m in c.mentions}
        ), name
        print(f"  {name}: {dict(counts)}")


def test_citations_link_entity_instrument_and_relation(
    corpus_graphs: dict[str, tuple[Extraction, Graph]],
) -> None:
    total = 0
    for name, (x, g) in corpus_graphs.items():
        docs = set(document_iris(x, BASE))
        for c in x.citations:
            instrument = None
            for m in c.mentions:
                cites = [n for n in g.subjects(CCHC.printedForm, Literal(m.as_printed))
                         if str(n).endswith(f"/citation/{m.span.start}-{m.span.end}")]  # fmt: skip
                assert len(cites) == 1, (name, m)
                node = cites[0]
                entity, doc = g.value(node, CCHC.citingEntity), g.value(node, CCHC.citingDocument)
                assert doc in docs and entity is not None
                relation = g.value(node, CCHC.relation)
                assert (relation, NS.SKOS.notation, Literal(m.relation)) in load_ontology(), (name, m)
                instrument = g.value(node, CCHC.citedInstrument)
                if c.key is None:
                    assert instrument is None and g.value(node, CCHC.unresolvedReason) is not None
                    continue
                assert (entity, CCHC.cites, instrument) in g  # one triple pattern away
                if doc != instrument:
                    assert (doc, ELI.cites, instrument) in g
                    if m.relation in DOC_RELATION:
                        assert (doc, DOC_RELATION[m.relation], instrument) in g, (name, c.number, m.relation)
                total += 1
            if c.key is not None and instrument is not None:
                # the identity key as the literals `cchc cites` matches
                assert (instrument, CCHC.keyDocType, Literal(c.key.doc_type)) in g
                if c.key.number is not None:
                    assert (instrument, CCHC.keyNumber, Literal(c.key.number)) in g
                if c.key.year is not None:
                    assert (instrument, CCHC.keyYear, Literal(str(c.key.year), datatype=NS.XSD.gYear)) in g
                if c.key.name:
                    assert (instrument, CCHC.keyName, Literal(name_key(c.key.name))) in g
    print(f"  {total} resolved mentions checked")
    assert total > 50


def test_numbered_documents_carry_their_identity_key(
    corpus_graphs: dict[str, tuple[Extraction, Graph]], gold: dict
) -> None:  # type: ignore[type-arg]
    for name, (x, g) in corpus_graphs.items():
        gold_docs = next(v for k, v in gold.items() if k.startswith(name))["documents"]
        for ref, gd in zip(document_iris(x, BASE), gold_docs, strict=False):
            if gd["number"] is None:
                assert g.value(ref, CCHC.keyNumber) is None
                continue
            number = gd["number"].split("/")[0]
            year = gd["date"][:4]
            assert (ref, CCHC.keyNumber, Literal(number)) in g, (name, ref)
            assert (ref, CCHC.keyYear, Literal(year, datatype=NS.XSD.gYear)) in g, (name, ref)
            assert str(ref).endswith(f"/{year}/{g.value(ref, CCHC.keyDocType)}/{number}"), ref


def test_same_input_gives_the_same_triples(
    corpus_graphs: dict[str, tuple[Extraction, Graph]], corpus_files: list[Path]
) -> None:
    for f in corpus_files:
        x, g = corpus_graphs[f.name[:3]]
        again = extraction_to_graph(extract_file(f), BASE)
        assert set(again) == set(g), f.name
        assert set(extraction_to_graph(x, BASE)) == set(g), f.name


def test_one_iri_per_instrument_across_the_corpus(corpus_graphs: dict[str, tuple[Extraction, Graph]]) -> None:
    """The same printed number in the same year (or the same law name) is one IRI across
    every document that cites it, and an IRI is one key."""
    by_printed: dict[tuple[str, str], set[URIRef]] = {}
    keys: dict[URIRef, set[tuple[str, ...]]] = {}
    citing: Counter[URIRef] = Counter()
    for _, g in corpus_graphs.values():
        for i in set(g.objects(None, CCHC.citedInstrument)):
            assert isinstance(i, URIRef)
            citing[i] += 1
            key = tuple(
                str(g.value(i, p) or "")
                for p in (CCHC.keyDocType, CCHC.keyNumber, CCHC.keyYear, CCHC.keyName)
            )
            keys.setdefault(i, set()).add(key)
            number = g.value(i, ELI.number)
            printed = str(number) if number is not None else str(g.value(i, CCHC.keyName))
            by_printed.setdefault((printed, key[2]), set()).add(i)
    shared = sorted(str(i).removeprefix(BASE) for i, n in citing.items() if n > 1)
    print(f"\n  {len(citing)} instruments; cited by several corpus documents: {shared}")
    assert {k: v for k, v in by_printed.items() if len(v) > 1} == {}
    assert {str(i): k for i, k in keys.items() if len(k) > 1} == {}
    assert "eli/vn/cp/2020/nd/107" in shared  # 000 and 001 both cite Nghị định 107/2020/NĐ-CP
