"""The namespaces of the emitted graphs and the prefixes they are bound to."""

from __future__ import annotations

from rdflib import SKOS, Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, TIME

from cchc_kg import iri as I

CCHC = Namespace(I.ONTOLOGY_NS)
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
# Names that are also ``str`` methods cannot be read as attributes of a Namespace.
ELI_TITLE = ELI["title"]
CCHC_INDEX = CCHC["index"]

PREFIXES: dict[str, Namespace] = {
    "cchc": CCHC,
    "eli": ELI,
    "org": ORG,
    "oa": OA,
    "prov": Namespace(str(PROV)),
    "time": Namespace(str(TIME)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "owl": Namespace(str(OWL)),
}
