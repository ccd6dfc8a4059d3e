"""A real embedded store loaded with the corpus and the reference graphs (once per session)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cchc_kg.config import Settings
from cchc_kg.loaders.ingest import load_paths, reference_graphs
from cchc_kg.store import Store, open_store

BASE = Settings().base_iri


@pytest.fixture(scope="session")
def corpus_store(corpus_files: list[Path]) -> Iterator[Store]:
    store = open_store(None, base_iri=BASE)
    for iri, g in reference_graphs(BASE):
        store.replace_graph(iri, g)
    summary = load_paths(corpus_files, store, base_iri=BASE)
    assert not summary.failed, [(r.path.name, r.error) for r in summary.failed]
    assert len(summary.loaded) == 5
    yield store
    store.close()
