"""Typed dependencies (full-stack-fastapi-template style): route signatures read as prose,
``def find(store: StoreDep, settings: SettingsDep)``."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request
from starlette.requests import ClientDisconnect

from cchc_kg.config import Settings
from cchc_kg.errors import BadRequest
from cchc_kg.store import Store

from .execute import QueryRunner


def get_store(request: Request) -> Store:
    return cast(Store, request.app.state.store)


def get_settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


async def get_body(request: Request) -> bytes:
    """The request body, read on the event loop (the size cap is enforced by the
    :class:`~.middleware.BodyLimit` middleware as it streams in), so a ``def`` route can
    take it as a plain argument."""
    try:
        return await request.body()
    except ClientDisconnect:  # nobody is left to read the answer; keep it out of the 500 log
        raise BadRequest("the client closed the connection before the body was complete") from None


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
BodyDep = Annotated[bytes, Depends(get_body)]


def get_runner(request: Request) -> QueryRunner:
    return cast(QueryRunner, request.app.state.runner)


RunnerDep = Annotated[QueryRunner, Depends(get_runner)]
