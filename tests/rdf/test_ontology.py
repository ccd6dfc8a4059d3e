"""The ontology parses, every term is labelled and explained in Vietnamese and English, it
reuses the standard vocabularies it claims, ships in the package, and docs/ontology.html is
the page generated from it (docs drift check)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from cchc_kg.iri import ONTOLOGY_NS
from cchc_kg.ontology_doc import load_ontology, render

REPO = Path(__file__).resolve().parents[2]
ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
OA = "http://www.w3.org/ns/oa#"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


def C(name: str) -> URIRef:
    return URIRef(ONTOLOGY_NS + name)


def _langs(g: Graph, s: URIRef, p: URIRef) -> set[str]:
    return {o.language or "" for o in g.objects(s, p) if isinstance(o, Literal) and str(o).strip()}


def test_file_on_disk_is_the_packaged_one(onto: Graph) -> None:
    on_disk = Graph().parse(REPO / "ontology" / "cchc.ttl")
    assert len(on_disk) == len(onto) > 500


def test_every_class_and_property_has_vi_and_en_label_and_comment(onto: Graph) -> None:
    terms = [
        s
        for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in onto.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_NS)
    ]
    print(f"\n{len(terms)} classes and properties")
    assert len(terms) > 60
    missing = [
        (str(s), p.n3())
        for s in terms
        for p in (RDFS.label, RDFS.comment)
        if not {"vi", "en"} <= _langs(onto, s, p)
    ]
    assert not missing, missing


def test_every_concept_has_vi_and_en_pref_label(onto: Graph) -> None:
    concepts = {s for s in onto.subjects(SKOS.inScheme, None) if isinstance(s, URIRef)}
    assert len(concepts) > 40
    missing = [str(c) for c in concepts if not {"vi", "en"} <= _langs(onto, c, SKOS.prefLabel)]
    assert not missing, missing


def test_every_own_term_used_is_declared(onto: Graph) -> None:
    """No typo'd cchc: term: everything the ontology mentions in its namespace is declared."""
    declared = {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef)}
    used = {t for triple in onto for t in triple if isinstance(t, URIRef) and str(t).startswith(ONTOLOGY_NS)}
    assert used - declared == set()


@pytest.mark.parametrize(
    ("sub", "rel", "sup"),
    [
        ("LegalInstrument", RDFS.subClassOf, ELI + "LegalResource"),  # cited works are ELI legal resources
        (
            "LegalDocument",
            RDFS.subClassOf,
            ONTOLOGY_NS + "LegalInstrument",
        ),  # a loaded document is an instrument
        ("Plan", RDFS.subClassOf, ONTOLOGY_NS + "LegalInstrument"),  # document types type cited works too
        ("Section", RDFS.subClassOf, ELI + "LegalResourceSubdivision"),  # sections are ELI subdivisions
        ("TableTask", RDFS.subClassOf, ONTOLOGY_NS + "Task"),  # the two kinds of task
        ("BodyTask", RDFS.subClassOf, ONTOLOGY_NS + "Task"),
        ("Agency", RDFS.subClassOf, ORG + "Organization"),  # agencies are W3C ORG organisations
        ("Province", RDFS.subClassOf, PROV + "Location"),  # provinces are places, not organisations
        ("Deadline", RDFS.subClassOf, TIME + "TemporalEntity"),  # deadlines are OWL-Time entities
        ("TextSpan", RDFS.subClassOf, OA + "TextPositionSelector"),  # spans are Web Annotation selectors
        ("TextSpan", RDFS.subClassOf, OA + "TextQuoteSelector"),
        ("Extraction", RDFS.subClassOf, PROV + "Activity"),  # provenance: the loader run
        ("issuer", RDFS.subPropertyOf, ELI + "passed_by"),  # our issuer is ELI's passed_by
        ("implements", RDFS.subPropertyOf, ELI + "cites"),  # implementing is a kind of citing
        ("leadAgency", RDFS.subPropertyOf, ONTOLOGY_NS + "responsibleActor"),  # roles share a super-property
        ("rel_legal_basis", SKOS.exactMatch, ELI + "based_on"),  # relation concepts map to ELI
        ("rel_amends", SKOS.exactMatch, ELI + "amends"),
        ("rel_replaces", SKOS.closeMatch, ELI + "repeals"),
        ("rel_mentions", SKOS.exactMatch, ELI + "cites"),
    ],
)
def test_reuses_standard_vocabularies(onto: Graph, sub: str, rel: URIRef, sup: str) -> None:
    assert (C(sub), rel, URIRef(sup)) in onto


def test_ontology_ships_in_the_wheel() -> None:
    import tomllib

    cfg = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "*.ttl" in cfg["tool"]["setuptools"]["package-data"]["cchc_kg.ontology"]
    assert "cchc_kg.ontology" in cfg["tool"]["setuptools"]["packages"]


def test_docs_page_is_generated_from_the_ontology(onto: Graph) -> None:
    committed = (REPO / "docs" / "ontology.html").read_text(encoding="utf-8")
    assert committed == render(onto), "docs/ontology.html is stale: run `make docs`"


def test_docs_page_shows_labels_domains_and_reused_terms(onto: Graph) -> None:
    page = render(onto)
    for expected in ("Kế hoạch", "Plan", "eli:LegalResource", "org:Organization", "cchc:citingEntity",
                     "oa:TextQuoteSelector", "Chỉ số cải cách hành chính"):  # fmt: skip
        assert expected in page, expected


def test_named_queries_use_only_declared_terms(onto: Graph) -> None:
    """A query asking for a cchc: term the ontology does not declare can only return nothing."""
    import re

    declared = {str(s) for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef)}
    used: dict[str, set[str]] = {}
    for rq in sorted((REPO / "queries").glob("*.rq")):
        body = "\n".join(
            line for line in rq.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
        )
        for local in re.findall(r"\bcchc:([A-Za-z_][A-Za-z0-9_]*)", body):
            used.setdefault(ONTOLOGY_NS + local, set()).add(rq.name)
    assert len(used) > 20
    assert {t: q for t, q in used.items() if t not in declared} == {}


def test_owl2_typing_is_consistent(onto: Graph) -> None:
    """OWL 2 DL needs one kind per property: object properties range over classes,
    datatype properties over datatypes, and no term is both."""
    objects = set(onto.subjects(RDF.type, OWL.ObjectProperty))
    datas = set(onto.subjects(RDF.type, OWL.DatatypeProperty))
    annotations = set(onto.subjects(RDF.type, OWL.AnnotationProperty))
    assert not (objects & datas) and not (objects & annotations) and not (datas & annotations)
    xsd_or_literal = ("http://www.w3.org/2001/XMLSchema#", str(RDF.langString), str(RDFS.Literal))
    bad_data = [
        str(p) for p in datas for r in onto.objects(p, RDFS.range) if not str(r).startswith(xsd_or_literal)
    ]
    bad_object = [
        str(p) for p in objects for r in onto.objects(p, RDFS.range) if str(r).startswith(xsd_or_literal)
    ]
    assert bad_data == [] and bad_object == []
    # a sub-property is of the same kind as its super-property when both are ours
    mixed = [
        (str(p), str(q))
        for p, q in onto.subject_objects(RDFS.subPropertyOf)
        if str(q).startswith(ONTOLOGY_NS) and ((p in objects) != (q in objects))
    ]
    assert mixed == []
