"""Fixtures of the shapes tests: the corpus documents extracted and converted once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

BASE_IRI = "https://data.cchc-kg.vn/"


@dataclass(frozen=True)
class DocGraph:
    path: Path
    graph_iri: URIRef
    graph: Graph


@pytest.fixture(scope="session")
def corpus_graphs(corpus_files: list[Path]) -> list[DocGraph]:
    from cchc_kg.loaders.extract import extract_file
    from cchc_kg.loaders.ingest import graph_for

    out = []
    for f in corpus_files:
        iri, g = graph_for(extract_file(f), BASE_IRI)
        out.append(DocGraph(f, iri, g))
    return out
