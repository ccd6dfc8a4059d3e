"""The one error shape of the HTTP API: RFC 9457 ``application/problem+json``.

Every error a client can meet goes through this module, so the mapping lives in one place:

* a :class:`~cchc_kg.errors.KGError` (the project's hierarchy, plus the HTTP-only classes
  below) → its ``status``, ``problem_type`` and ``title``, ``detail`` = its message;
* a routing error (404 unknown path, 405 wrong method) → the table :data:`HTTP_PROBLEMS`;
* a request that fails validation (a missing or malformed parameter) → 422;
* anything else → 500 with a fixed detail; the traceback goes to the log, never the body.

Members: ``type`` (``{base_iri}problems/{code}``), ``title``, ``status`` (= the HTTP
status), ``detail``, plus the extension ``code`` (the short problem type). Errors of status
500 and above never show their message (a store message can name a path on the host),
except the ones in :data:`_PUBLIC_5XX`, whose messages we write ourselves.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from cchc_kg.errors import Ambiguous, KGError

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("cchc_kg.api")


class NotAcceptable(KGError):
    """None of the media types the client accepts can carry this result."""

    status = 406
    problem_type = "not-acceptable"
    title = "Not acceptable"
    exit_code = 6


class PayloadTooLarge(KGError):
    """The request body is larger than the endpoint accepts."""

    status = 413
    problem_type = "payload-too-large"
    title = "Request body too large"
    exit_code = 6


class QueryTooLong(PayloadTooLarge):
    """The query text is longer than ``max_query_bytes`` (checked before parsing)."""

    problem_type = "query-too-long"
    title = "Query too long"


class QueryUriTooLong(QueryTooLong):
    """As :class:`QueryTooLong`, for a query sent in the URL (GET)."""

    status = 414


class UnsupportedMediaType(KGError):
    """A POST body of a type the endpoint does not read."""

    status = 415
    problem_type = "unsupported-media-type"
    title = "Unsupported media type"
    exit_code = 6


class NotReady(KGError):
    """The service is up but cannot answer queries yet (no data loaded)."""

    status = 503
    problem_type = "not-ready"
    title = "Not ready"
    exit_code = 2


class QueryTimeout(KGError):
    """The query ran past its time limit (reliability.md R1, R6)."""

    status = 503
    problem_type = "query-timeout"
    title = "Query timed out"
    exit_code = 2
    headers = {"Retry-After": "10"}


class ServerBusy(KGError):
    """Every query slot is taken (by running queries, or by timed-out ones still
    finishing); the client should retry later rather than queue (reliability.md R3)."""

    status = 503
    problem_type = "busy"
    title = "Server busy"
    exit_code = 2
    headers = {"Retry-After": "5"}


_PUBLIC_5XX: tuple[type[KGError], ...] = (NotReady, QueryTimeout, ServerBusy)

# Errors raised by the HTTP layer itself (Starlette routing, our own HTTPExceptions).
HTTP_PROBLEMS: dict[int, tuple[str, str, str]] = {
    400: ("bad-request", "Bad request", "The request is malformed."),
    404: ("not-found", "Not found", "There is no resource at this address."),
    405: ("method-not-allowed", "Method not allowed", "This resource does not accept that method."),
    406: ("not-acceptable", "Not acceptable", "No acceptable representation."),
    413: ("payload-too-large", "Request body too large", "The request body is too large."),
    414: ("uri-too-long", "URI too long", "The request URI is too long."),
    415: ("unsupported-media-type", "Unsupported media type", "The request body has an unsupported type."),
    422: ("invalid-parameters", "Invalid parameters", "A parameter is missing or malformed."),
    429: ("too-many-requests", "Too many requests", "Too many requests; retry later."),
    500: ("internal-error", "Internal error", "An internal error occurred; it has been logged."),
    503: ("unavailable", "Service unavailable", "The service is unavailable; retry later."),
}

# Headers every error carries (the security-header middleware adds them to other
# responses; a 500 is sent by Starlette's outermost middleware, past ours).
_ERROR_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def problem_response(
    base_iri: str,
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    extra: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """One problem+json response."""
    body: dict[str, Any] = {
        "type": f"{base_iri}problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    body.update(extra or {})
    return JSONResponse(
        body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers={**_ERROR_HEADERS, **(headers or {})}
    )


def _http_problem(
    base_iri: str, status: int, detail: str | None = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    code, title, default = HTTP_PROBLEMS.get(status, HTTP_PROBLEMS[500 if status >= 500 else 400])
    return problem_response(base_iri, status, code, title, detail or default, headers=headers)


def _field(loc: tuple[Any, ...]) -> str:
    where = {"query": "query parameter", "header": "header", "path": "path segment", "body": "body field"}
    if len(loc) >= 2 and loc[0] in where:
        return f"{where[loc[0]]} {'.'.join(map(str, loc[1:]))!r}"
    return ".".join(map(str, loc)) or "request"


def install_error_handlers(app: FastAPI, base_iri: str) -> None:
    """Route every exception to one problem+json response."""

    def kg_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, KGError)
        detail = exc.message
        if exc.status >= 500 and not isinstance(exc, _PUBLIC_5XX):
            log.error("%s on %s %s: %s", exc.problem_type, request.method, request.url.path, exc.message)
            detail = HTTP_PROBLEMS[503 if exc.status == 503 else 500][2]
        extra: dict[str, Any] = {}
        if isinstance(exc, Ambiguous):
            extra["candidates"] = exc.candidates
        headers: Mapping[str, str] | None = getattr(exc, "headers", None)
        return problem_response(
            base_iri, exc.status, exc.problem_type, exc.title, detail, extra=extra, headers=headers
        )

    def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        headers = dict(exc.headers or {})
        detail: str | None = None
        if exc.status_code == 405 and "Allow" in headers:
            detail = f"{request.method} is not allowed here; allowed: {headers['Allow']}."
        elif exc.status_code not in (404, 405) and exc.status_code < 500 and isinstance(exc.detail, str):
            detail = exc.detail  # raised by our own code with a message for the user
        return _http_problem(base_iri, exc.status_code, detail, headers)

    def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        # Only the location and pydantic's message: never the input value or its context.
        errors = [
            {"where": _field(tuple(e.get("loc", ()))), "message": str(e.get("msg", ""))} for e in exc.errors()
        ]
        detail = "; ".join(f"{e['where']}: {e['message']}" for e in errors) or HTTP_PROBLEMS[422][2]
        code, title, _ = HTTP_PROBLEMS[422]
        return problem_response(base_iri, 422, code, title, detail, extra={"errors": errors})

    def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return _http_problem(base_iri, 500)

    app.add_exception_handler(KGError, kg_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, internal_error)
