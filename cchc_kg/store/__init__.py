"""Stores: the embedded pyoxigraph store (default) and remote SPARQL engines."""

from __future__ import annotations

from pathlib import Path

from .base import LoadRun, ResultFormat, Row, SerializedResult, Store, Term
from .oxigraph import OxigraphStore

__all__ = [
    "LoadRun",
    "OxigraphStore",
    "ResultFormat",
    "Row",
    "SerializedResult",
    "Store",
    "Term",
    "open_store",
]


def open_store(location: str | Path | None, *, base_iri: str = "https://data.cchc-kg.vn/") -> Store:
    """Open a store: ``None`` or ``":memory:"`` → in memory; ``http(s)://...`` → a remote
    SPARQL 1.1 endpoint; anything else → an embedded store in that directory."""
    meta = base_iri + "graph/meta"
    if location is None or str(location) == ":memory:":
        return OxigraphStore(None, meta_graph=meta)
    text = str(location)
    if text.startswith(("http://", "https://")):
        from .remote import RemoteSparqlStore

        # Oxigraph server and Fuseki answer queries at .../query (or .../sparql) and
        # updates at .../update; other engines take both at one URL.
        update = None
        for suffix in ("/query", "/sparql"):
            if text.endswith(suffix):
                update = text[: -len(suffix)] + "/update"
        return RemoteSparqlStore(text, update_endpoint=update, meta_graph=meta)
    return OxigraphStore(Path(text), meta_graph=meta)
