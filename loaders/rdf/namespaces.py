"""The namespaces of the emitted graphs and the prefixes they are bound to."""

from __future__ import annotations

from typing import Any

import rdflib
from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL

from cchc_kg import iri as I


class Terms:
    """A namespace whose terms are each built once.

    rdflib builds a new URIRef on every attribute read (``Namespace`` validates it too):
    ~4.5 µs a read, and the emitter reads the same few hundred terms ~50,000 times for the
    corpus, a sixth of the emission time. The first read asks the wrapped namespace, so a
    name a closed namespace (RDF, RDFS, XSD ...) does not define still raises there; the
    term is then kept as an instance attribute and later reads never reach ``__getattr__``.
    """

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):  # dunders and the wrapped namespace itself are not terms
            raise AttributeError(name)
        term: URIRef = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        term: URIRef = self._namespace[name]
        return term


_CCHC = Namespace(I.ONTOLOGY_NS)
_ELI = Namespace("http://data.europa.eu/eli/ontology#")
_ORG = Namespace("http://www.w3.org/ns/org#")
_OA = Namespace("http://www.w3.org/ns/oa#")
CCHC, ELI, ORG, OA = Terms(_CCHC), Terms(_ELI), Terms(_ORG), Terms(_OA)
RDF, RDFS, XSD, SKOS = Terms(rdflib.RDF), Terms(rdflib.RDFS), Terms(rdflib.XSD), Terms(rdflib.SKOS)
PROV, TIME = Terms(rdflib.namespace.PROV), Terms(rdflib.namespace.TIME)
# Names that are also ``str`` methods cannot be read as attributes of a Namespace.
ELI_TITLE = _ELI["title"]
CCHC_INDEX = _CCHC["index"]

PREFIXES: dict[str, Namespace] = {
    "cchc": _CCHC,
    "eli": _ELI,
    "org": _ORG,
    "oa": _OA,
    "prov": Namespace(str(rdflib.namespace.PROV)),
    "time": Namespace(str(rdflib.namespace.TIME)),
    "skos": Namespace(str(rdflib.SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "owl": Namespace(str(OWL)),
}
