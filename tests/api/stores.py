"""Store doubles for the API tests: one that blocks until released (a long query, without
burning CPU on a shared machine) and one that fails (an injected fault)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from cchc_kg.store import ResultFormat, Row, SerializedResult, Store, Term

# A blocked query gives up after this long even if the test never releases it, so no
# thread outlives a failing test by much (every loop is bounded).
MAX_BLOCK_S = 20.0


class BlockingStore:
    """Delegates to ``inner``; queries wait for :meth:`release` first."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.gate = threading.Event()
        self.waiting = 0
        self._lock = threading.Lock()

    def release(self) -> None:
        self.gate.set()

    def _wait(self) -> None:
        with self._lock:
            self.waiting += 1
        try:
            self.gate.wait(MAX_BLOCK_S)
        finally:
            with self._lock:
                self.waiting -= 1

    def serialized(
        self, query: str, media_type: ResultFormat, *, max_rows: int | None = None
    ) -> SerializedResult:
        self._wait()
        return self.inner.serialized(query, media_type, max_rows=max_rows)

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[Row]:
        self._wait()
        return self.inner.select(query, bindings)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class FailingStore:
    """Every read fails with ``error`` (its message names a host path and an engine)."""

    def __init__(self, inner: Store, error: Exception) -> None:
        self.inner = inner
        self.error = error

    def serialized(
        self, query: str, media_type: ResultFormat, *, max_rows: int | None = None
    ) -> SerializedResult:
        raise self.error

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[Row]:
        raise self.error

    def graphs(self) -> list[Any]:
        raise self.error

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
