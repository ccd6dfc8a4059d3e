"""cchc-kg: a knowledge graph of Vietnam's administrative reform (cải cách hành chính).

The public surface is small:

* :func:`cchc_kg.loaders.extract_file` reads one document and returns an
  :class:`~cchc_kg.loaders.model.Extraction` (no store involved);
* :func:`cchc_kg.loaders.to_rdf.extraction_to_graph` turns an extraction into RDF;
* :func:`cchc_kg.store.open_store` opens the embedded (or a remote) store;
* :func:`cchc_kg.api.app.create_app` builds the HTTP API.
"""

__version__ = "0.1.0"

# The loader version recorded in provenance. Bump it whenever extraction output changes,
# so a graph can always be traced to the code that produced it.
LOADER_VERSION = f"cchc-kg/{__version__}"
