"""loaders/rdf/namespaces.Terms: the emitter's cached namespaces give rdflib's terms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib

from cchc_kg.loaders.rdf import namespaces as N
from tests.conftest import REPO

WRAPPED = {
    "RDF": rdflib.RDF,
    "RDFS": rdflib.RDFS,
    "XSD": rdflib.XSD,
    "SKOS": rdflib.SKOS,
    "PROV": rdflib.namespace.PROV,
    "TIME": rdflib.namespace.TIME,
    "CCHC": rdflib.Namespace(str(N.PREFIXES["cchc"])),
    "ELI": rdflib.Namespace(str(N.PREFIXES["eli"])),
    "ORG": rdflib.Namespace(str(N.PREFIXES["org"])),
    "OA": rdflib.Namespace(str(N.PREFIXES["oa"])),
}


def _used_terms() -> set[tuple[str, str]]:
    """Every ``NS.name`` the emitter modules read."""
    pattern = re.compile(r"\b(" + "|".join(WRAPPED) + r")\.([A-Za-z_][A-Za-z0-9_]*)")
    found: set[tuple[str, str]] = set()
    for f in sorted(Path(REPO / "loaders" / "rdf").glob("*.py")):
        found |= set(pattern.findall(f.read_text(encoding="utf-8")))
    return found


def test_every_term_the_emitter_reads_is_rdflibs() -> None:
    used = _used_terms()
    assert len(used) > 50
    for ns, name in sorted(used):
        cached = getattr(getattr(N, ns), name)
        assert cached == getattr(WRAPPED[ns], name), (ns, name)
        assert getattr(getattr(N, ns), name) is cached  # built once


def test_a_closed_namespace_still_refuses_an_unknown_name() -> None:
    with pytest.raises(AttributeError):
        _ = N.RDFS.lable
    with pytest.raises(AttributeError):
        _ = N.RDF.__wrapped__
    assert N.CCHC["index"] == N.CCHC_INDEX
