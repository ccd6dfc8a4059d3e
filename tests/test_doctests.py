"""Every docstring example in the package runs and holds (style.md lesson 11): an example
that no longer matches the code is a wrong document, so it fails here."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import cchc_kg

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(cchc_kg.__path__, "cchc_kg.") if not m.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples fail"


def test_the_examples_are_found() -> None:
    attempted = {n: doctest.testmod(importlib.import_module(n)).attempted for n in MODULES}
    assert len(MODULES) > 80 and sum(attempted.values()) > 40
    # the API's parsing helpers are documented by example
    for name in ("negotiation", "query_guard", "execute", "server"):
        assert attempted[f"cchc_kg.api.{name}"] > 0, name
