"""The shapes cover the whole ontology: every class is targeted (or inherits a target, or
is abstract over targeted subclasses, or is a code list whose members a value set
lists), every property is constrained by some property shape; and the shapes graph is
itself valid SHACL (reliability.md V2: pySHACL's meta-SHACL check)."""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH, SKOS

from cchc_kg.iri import ONTOLOGY_NS
from cchc_kg.loaders.to_rdf import ontology_graph
from cchc_kg.validation.shapes import shapes_graph

# Terms no data graph carries, with the reason (each is checked another way).
NOT_IN_DATA = {
    ONTOLOGY_NS + "documentClass": "describes the document-type code list inside the ontology",
    ONTOLOGY_NS + "IssuerCode": "appears only inside IRIs (the ELI path), never as a node",
    ONTOLOGY_NS + "ReformArea": "reform areas are skos:Concepts of the reference scheme; "
    "shp:ReformAreaConcept checks membership",
}


def _terms(onto: Graph, kind: URIRef) -> set[str]:
    return {str(s) for s in onto.subjects(RDF.type, kind) if str(s).startswith(ONTOLOGY_NS)}


def _in_values(shapes: Graph) -> set[str]:
    out: set[str] = set()
    for lst in shapes.objects(None, SH["in"]):
        out |= {str(v) for v in Collection(shapes, lst)}  # type: ignore[arg-type]
    return out


def test_every_class_is_covered() -> None:
    onto, shapes = ontology_graph(), shapes_graph()
    targeted = {str(c) for c in shapes.objects(None, SH.targetClass)}
    listed = _in_values(shapes)

    def supers(c: str) -> set[str]:
        return {str(s) for s in onto.transitive_objects(URIRef(c), RDFS.subClassOf)}

    def subs(c: str) -> set[str]:
        return {str(s) for s in onto.subjects(RDFS.subClassOf, URIRef(c))} - {c}

    def covered(c: str) -> bool:
        if supers(c) & targeted:  # targeted itself or through a superclass
            return True
        members = {str(m) for m in onto.subjects(RDF.type, URIRef(c))}
        if URIRef(str(SKOS.Concept)) in {URIRef(s) for s in supers(c)} and members and members <= listed:
            return True  # a code list: every member is in a value set
        children = subs(c)
        return bool(children) and all(covered(s) for s in children)

    missing = sorted(c for c in _terms(onto, OWL.Class) if c not in NOT_IN_DATA and not covered(c))
    assert missing == [], "classes no shape covers"


def test_every_property_is_constrained() -> None:
    onto, shapes = ontology_graph(), shapes_graph()
    paths = {str(p) for p in shapes.objects(None, SH.path)}
    props = _terms(onto, OWL.ObjectProperty) | _terms(onto, OWL.DatatypeProperty)
    missing = sorted(p for p in props if p not in NOT_IN_DATA and p not in paths)
    assert missing == [], "properties no shape constrains"


def test_the_shapes_graph_is_valid_shacl() -> None:
    from pyshacl import validate

    conforms, _, text = validate(shapes_graph(), shacl_graph=shapes_graph(), meta_shacl=True)
    assert conforms, text


def test_every_shape_has_both_messages_and_the_node_shapes_say_why() -> None:
    shapes = shapes_graph()
    for s in set(shapes.subjects(SH.severity, None)):
        langs = {getattr(m, "language", None) for m in shapes.objects(s, SH.message)}
        assert {"vi", "en"} <= langs, s
    for s in set(shapes.subjects(SH.targetClass, None)):
        if shapes.value(s, RDFS.comment) is None:
            # a node shape without comment must at least carry messages
            assert shapes.value(s, SH.message) is not None, s
