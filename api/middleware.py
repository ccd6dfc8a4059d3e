"""ASGI middleware: security headers on every response, and the request-body cap.

Both are plain ASGI (not ``BaseHTTPMiddleware``), so they neither buffer bodies nor run
routes in another task.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import PayloadTooLarge, QueryUriTooLong, problem_response

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    # A route that returns query results sets its own (cacheable) policy.
    "Cache-Control": "no-store",
}


# The only HTML pages are FastAPI's API docs (Swagger UI): its script and stylesheet come
# from jsDelivr and it starts with one inline script; nothing may frame any page.
HTML_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


class SecurityHeaders:
    """Add :data:`SECURITY_HEADERS` to every response that does not set them itself, and
    a Content-Security-Policy to HTML pages (reliability.md H7)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", HTML_CSP)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, and URL query strings over
    ``max_query_string`` bytes with 414 (reliability.md H1, H2).

    A declared ``Content-Length`` over the cap is refused before anything is read. A
    chunked body is counted as it arrives, and reading stops at the first chunk past the
    cap: at most ``max_bytes`` plus one chunk (uvicorn's are 64 KiB) is ever read. The
    query string is measured raw, before any decoding or parsing.
    """

    def __init__(
        self, app: ASGIApp, max_bytes: int, base_iri: str, max_query_string: int | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.base_iri = base_iri
        self.max_query_string = max_query_string if max_query_string is not None else max_bytes

    def _too_large(self) -> str:
        return f"the request body is larger than {self.max_bytes} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > self.max_query_string:
            response = problem_response(
                self.base_iri,
                QueryUriTooLong.status,
                QueryUriTooLong.problem_type,
                QueryUriTooLong.title,
                f"the URL query string is longer than {self.max_query_string} bytes; POST the query instead",
            )
            await response(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            response = problem_response(
                self.base_iri,
                PayloadTooLarge.status,
                PayloadTooLarge.problem_type,
                PayloadTooLarge.title,
                self._too_large(),
                headers={"Connection": "close"},
            )
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise PayloadTooLarge(self._too_large())
            return message

        await self.app(scope, limited_receive, send)
