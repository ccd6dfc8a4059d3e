"""``/``: where to go from here (the links ``cchc serve`` prints), for a person who opens
the bare address in a browser."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ..schemas import Index

router = APIRouter(tags=["index"])


@router.get("/", response_model=Index, summary="Links to the endpoints")
async def index(request: Request) -> Index:
    """The endpoints of this service."""
    return Index(
        sparql=str(request.url_for("sparql")),
        cites=str(request.url_for("cites")),
        queries=str(request.url_for("list_queries")),
        docs=str(request.url_for("swagger_ui_html")),
        health=str(request.url_for("healthz")),
        version=str(request.url_for("version")),
    )
