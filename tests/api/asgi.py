"""Calling the ASGI app directly, for what a TestClient hides: it reads a streamed body
whole before the app sees it, and httpx refuses URLs over 64 KiB."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message


@dataclass
class RawResponse:
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    chunks_read: int = 0  # how many body chunks the app pulled from the client


def call(
    app: ASGIApp,
    method: str,
    path: str,
    *,
    query_string: bytes = b"",
    headers: dict[str, str] | None = None,
    chunks: Iterator[bytes] | None = None,
) -> RawResponse:
    """One HTTP request straight into ``app``; the body is sent chunk by chunk, as a
    chunked upload without Content-Length arrives, and only as the app asks for it."""
    out = RawResponse()
    body = chunks if chunks is not None else iter(())

    async def receive() -> Message:
        chunk = next(body, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        out.chunks_read += 1
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            out.status = message["status"]
            out.headers = {k.decode().lower(): v.decode() for k, v in message.get("headers", [])}
        elif message["type"] == "http.response.body":
            out.body += message.get("body", b"")

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query_string,
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    asyncio.run(app(scope, receive, send))
    return out
