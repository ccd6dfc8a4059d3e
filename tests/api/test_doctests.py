"""The examples in the API modules' docstrings run (style.md lesson 11)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["negotiation", "query_guard", "execute", "server"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"cchc_kg.api.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0, f"cchc_kg.api.{name} has no examples"
    assert result.failed == 0
