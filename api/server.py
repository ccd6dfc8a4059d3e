"""``cchc serve``: the API under uvicorn, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import sys
from urllib.parse import quote

import uvicorn

from cchc_kg.config import Settings
from cchc_kg.store import Store

from .app import create_app

EXAMPLE_QUERY = "SELECT * WHERE { ?s ?p ?o } LIMIT 10"


def urls(host: str, port: int) -> dict[str, str]:
    """The URLs worth opening, by what they show.

    >>> urls("127.0.0.1", 8000)["health"]
    'http://127.0.0.1:8000/healthz'
    """
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    return {
        "SPARQL endpoint": f"{base}/sparql?query={quote(EXAMPLE_QUERY)}",
        "tasks citing X": f"{base}/api/cites?instrument={quote('107/2020/NĐ-CP')}",
        "named queries": f"{base}/api/queries",
        "API docs": f"{base}/docs",
        "health": f"{base}/healthz",
    }


def serve(
    store: Store,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    settings: Settings | None = None,
    log_level: str = "info",
) -> None:
    """Print the URLs to open, then serve until interrupted (blocks).

    uvicorn options from reliability.md H3: idle keep-alive connections close after 5 s,
    and past 100 concurrent connections new ones get a 503 instead of piling up.
    """
    app = create_app(store, settings)
    sys.stdout.write(f"cchc-kg: serving {store.quads_count()} quads on http://{host}:{port}\n")
    for what, url in urls(host, port).items():
        sys.stdout.write(f"  {what + ':':<18} {url}\n")
    sys.stdout.flush()
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        timeout_keep_alive=5,
        limit_concurrency=100,
        server_header=False,
        proxy_headers=False,
    )
