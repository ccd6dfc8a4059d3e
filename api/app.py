"""The app factory: ``create_app(store, settings)`` builds the read-only HTTP API over a
:class:`~cchc_kg.store.Store`.

Routes (one router per resource, ``api/routes/``):

* ``/sparql`` SPARQL 1.1 Protocol query endpoint (GET, POST);
* ``/api/cites`` tasks citing an instrument;
* ``/api/queries`` and ``/api/queries/{name}`` the named queries;
* ``/healthz``, ``/readyz``, ``/version``; ``/docs`` and ``/openapi.json``; ``/`` links to them all.

Every error is one ``application/problem+json`` shape (:mod:`.errors`); every response
carries the security headers (:mod:`.middleware`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import rdflib.plugins.sparql as rdflib_sparql
from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from cchc_kg import __version__
from cchc_kg.config import Settings
from cchc_kg.named_queries import load_named_queries
from cchc_kg.store import Store

from .budget import Budget, ClientBudget
from .errors import install_error_handlers
from .execute import DEFAULT_QUERY_SLOTS, QueryRunner
from .middleware import BodyLimit, SecurityHeaders
from .routes import cites, health, index, queries, sparql


def body_limit(settings: Settings) -> int:
    """Largest request body: a query of ``max_query_bytes`` percent-encoded in a form
    (at most 3 bytes per byte) plus room for the other fields."""
    return 3 * settings.max_query_bytes + 4096


def create_app(
    store: Store,
    settings: Settings | None = None,
    *,
    query_slots: int = DEFAULT_QUERY_SLOTS,
    budget: Budget | None = Budget(),  # noqa: B008 (frozen, so sharing the default is safe)
) -> FastAPI:
    """The FastAPI application over ``store`` (read only: nothing here writes to it).
    ``budget`` meters each client (429 past it); ``None`` leaves that to a proxy.

    :raises NamedQueryError: a ``queries/*.rq`` file is broken (named), so a bad query
        stops the start-up instead of failing requests (reliability.md I3).
    """
    settings = settings or Settings()
    # The API only parses with rdflib (the guard) and evaluates with the store, but should
    # anything evaluate with rdflib in this process, FROM must not fetch (reliability S2).
    rdflib_sparql.SPARQL_LOAD_GRAPHS = False
    load_named_queries()
    runner = QueryRunner(query_slots)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        runner.close()

    app = FastAPI(
        title="cchc-kg",
        version=__version__,
        summary="Read-only SPARQL endpoint and API over the knowledge graph of Vietnam's administrative reform",
        lifespan=lifespan,
        redoc_url=None,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.runner = runner
    install_error_handlers(app, settings.base_iri)
    for module in (index, sparql, cites, queries, health):
        app.include_router(module.router)
    # The last added is the outermost: the security headers also go on 413s and CORS
    # preflights. CORS: any origin may read (public data), never with credentials
    # (reliability.md H4).
    app.add_middleware(
        BodyLimit,
        max_bytes=body_limit(settings),
        base_iri=settings.base_iri,
        max_query_string=body_limit(settings),
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "POST"],
        allow_headers=["*"],
        expose_headers=["X-KG-Truncated", "X-KG-Result-Count"],
    )
    if budget is not None:
        app.add_middleware(ClientBudget, budget=budget, base_iri=settings.base_iri)
    app.add_middleware(SecurityHeaders)
    return app
