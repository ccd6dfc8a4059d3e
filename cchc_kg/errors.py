"""One error hierarchy for the whole project.

Every error a user can trigger is a :class:`KGError`. The CLI maps each class to an exit
code (see :data:`EXIT_CODES`); the HTTP API maps each to one problem+json shape using
``status`` and ``problem_type``. Messages are written for the user: they name the file or
the parameter and the reason, and never carry a stack trace or an internal path.
"""

from __future__ import annotations


class KGError(Exception):
    """Base of every error the project raises on purpose."""

    status: int = 500
    problem_type: str = "internal-error"
    title: str = "Internal error"
    exit_code: int = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LoaderError(KGError):
    """A source document cannot be loaded. Nothing of it is written.

    ``reason`` is a short machine-readable code (``encoding``, ``too-large``,
    ``not-a-document``, ``corrupt-docx``, ``corrupt-pdf``, ``zip-bomb``,
    ``xml-entities``, ``legacy-encoding:TCVN3``, ``ocr-unavailable`` ...).
    """

    status = 422
    problem_type = "loader-error"
    title = "Document cannot be loaded"
    exit_code = 3

    def __init__(
        self,
        source: str,
        reason: str,
        detail: str = "",
        *,
        line: int | None = None,
        byte_offset: int | None = None,
    ) -> None:
        where = source
        if line is not None:
            where += f":{line}"
        if byte_offset is not None:
            where += f" (byte {byte_offset})"
        message = f"{where}: {reason}" + (f": {detail}" if detail else "")
        super().__init__(message)
        self.source = source
        self.reason = reason
        self.detail = detail
        self.line = line
        self.byte_offset = byte_offset


class ValidationFailed(KGError):
    """A graph does not conform to the SHACL shapes (it has Violations)."""

    status = 422
    problem_type = "validation-failed"
    title = "Graph does not conform to the shapes"
    exit_code = 1


class StoreError(KGError):
    """The store cannot be opened, read or written."""

    status = 503
    problem_type = "store-unavailable"
    title = "Store unavailable"
    exit_code = 2


class NotFound(KGError):
    """A named thing (query, instrument, entity) does not exist."""

    status = 404
    problem_type = "not-found"
    title = "Not found"
    exit_code = 4


class Ambiguous(KGError):
    """A look-up matches several things; ``candidates`` lists them."""

    status = 300
    problem_type = "ambiguous"
    title = "Several matches"
    exit_code = 5

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class BadRequest(KGError):
    """A parameter or a query is malformed."""

    status = 400
    problem_type = "bad-request"
    title = "Bad request"
    exit_code = 6


class QuerySyntaxError(BadRequest):
    problem_type = "query-syntax"
    title = "SPARQL syntax error"


class QueryForbidden(KGError):
    """The query asks for something the endpoint never does (update, SERVICE, LOAD)."""

    status = 403
    problem_type = "query-forbidden"
    title = "Operation not allowed"
    exit_code = 6


# Documented in the README ("Exit codes"); a test checks the two agree.
EXIT_CODES: dict[int, str] = {
    0: "success",
    1: "validation found Violations",
    2: "could not run (store unavailable, internal error)",
    3: "a document could not be loaded (LoaderError)",
    4: "not found",
    5: "ambiguous: several candidates",
    6: "bad request or forbidden query",
}
