"""The canonical error check (Datasette's ``assert_canonical_error``, reliability.md H6)."""

from __future__ import annotations

import re
from typing import Any

import httpx

PROBLEM = "application/problem+json"
# What an error body must never show: a traceback, a path on the host, an engine's class
# or module name (rdflib-endpoint echoes `{e}`: style.md §7).
LEAKS = re.compile(
    r"Traceback|File \"|/work/|/home/|/usr/|site-packages|\.py\b|rdflib|pyoxigraph|pyparsing|"
    r"Exception\b|Error\(|RuntimeError|OSError|ValueError|KeyError|0x[0-9a-f]{6,}",
    re.IGNORECASE,
)


def assert_problem(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """``response`` is one problem+json of ``status`` (and problem ``code``); returns it."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].split(";")[0] == PROBLEM, response.headers["content-type"]
    body = response.json()
    assert isinstance(body, dict)
    for key in ("type", "title", "status", "detail"):
        assert key in body, (key, body)
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert body["type"].startswith("https://data.cchc-kg.vn/problems/"), body["type"]
    if code is not None:
        assert body["type"].endswith("/" + code) and body["code"] == code, body
    leak = LEAKS.search(response.text)
    assert leak is None, f"the error body leaks {leak.group(0)!r}: {response.text[:500]}"
    assert response.headers.get("x-content-type-options") == "nosniff"
    return body
