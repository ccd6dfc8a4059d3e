"""Running one checked SPARQL query for a route.

This is the single place where an HTTP request makes the store evaluate client SPARQL.
The hard per-query timeout (reliability.md R1, R2, R7) needs process isolation, because
neither pyoxigraph nor rdflib can cancel a running query: that later work replaces the
body of :func:`execute_query` with a call into a pool of worker processes (killed and
respawned on timeout or memory limit) and leaves the routes untouched.
"""

from __future__ import annotations

from cchc_kg.config import Settings
from cchc_kg.store import ResultFormat, SerializedResult, Store

from .query_guard import CheckedQuery


def execute_query(store: Store, query: CheckedQuery, media_type: ResultFormat, settings: Settings) -> SerializedResult:
    """Evaluate ``query`` (already through :func:`~.query_guard.check_query`) and serialise
    its result in ``media_type``, at most ``settings.max_result_rows`` rows or triples
    (``truncated`` set when more existed). Reads only.

    :raises QuerySyntaxError: the engine's parser refuses the query.
    :raises BadRequest: the engine cannot run it.
    :raises StoreError: the store failed.
    """
    return store.serialized(query.text, media_type, max_rows=settings.max_result_rows)
