"""Running store work for a route: off the event loop, with a time limit and a fixed
number of slots.

Every route that makes the store evaluate something (``/sparql``, the named queries,
``/api/cites``) goes through :class:`QueryRunner`:

* the work runs in a dedicated thread pool, never on the event loop, so ``/healthz`` and
  other requests keep being answered while a query runs (reliability.md R3; the
  rdflib-endpoint counter-example in style.md §7);
* the client gets ``503 query-timeout`` after ``min(requested, query_timeout_s)``
  seconds (R1, R6);
* a slot is held until the work really ends, a timed-out query included, and a request
  that finds every slot taken gets ``503 busy`` with ``Retry-After`` at once instead of
  queueing (R3): runaway queries can occupy at most ``slots`` threads.

What this does NOT do: stop a query that timed out. Neither pyoxigraph nor rdflib can
cancel a running query, so the thread runs on until the engine returns (a streamed SELECT
stops at the row cap; a sort or aggregate over a cross product does not). Hard
cancellation needs a pool of worker processes killed on timeout (reliability.md, design
consequence 1); that work replaces the body of :meth:`QueryRunner.run` and leaves the
routes untouched.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from cchc_kg.config import Settings
from cchc_kg.errors import BadRequest
from cchc_kg.store import ResultFormat, SerializedResult, Store

from .errors import QueryTimeout, ServerBusy
from .query_guard import CheckedQuery

T = TypeVar("T")

# Threads that may evaluate queries at once. The machine class has 2 cores; more slots
# than that only lets runaway queries share the CPU with the useful ones.
DEFAULT_QUERY_SLOTS = 4


class QueryRunner:
    """A bounded pool of query threads with per-call time limits."""

    def __init__(self, slots: int = DEFAULT_QUERY_SLOTS) -> None:
        if slots < 1:
            raise ValueError("a query runner needs at least one slot")
        self.slots = slots
        self._free = threading.BoundedSemaphore(slots)
        self._lock = threading.Lock()
        self._held = 0
        self._pool = ThreadPoolExecutor(max_workers=slots, thread_name_prefix="cchc-query")

    async def run(self, timeout_s: float, fn: Callable[..., T], *args: object) -> T:
        """``fn(*args)`` in a query thread; its result, or its exception re-raised.

        :raises ServerBusy: every slot is taken.
        :raises QueryTimeout: ``fn`` did not finish within ``timeout_s`` seconds.
        """
        if not self._free.acquire(blocking=False):
            raise ServerBusy(
                f"all {self.slots} query slots are busy (long queries are running); retry in a few seconds"
            )
        with self._lock:
            self._held += 1
        try:
            future: Future[T] = self._pool.submit(fn, *args)
        except RuntimeError:  # the pool is shut down: the app is stopping
            self._release()
            raise ServerBusy("the server is shutting down") from None
        future.add_done_callback(lambda _: self._release())
        try:
            # shield: a timeout must not try to cancel the concurrent future (it cannot
            # stop a running thread anyway); the slot is released when the thread ends.
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), timeout_s)
        except TimeoutError:
            raise QueryTimeout(
                f"the query did not finish within {timeout_s:g} s; narrow it (LIMIT, more specific "
                "patterns) or use a named query"
            ) from None

    def _release(self) -> None:
        with self._lock:
            self._held -= 1
        self._free.release()

    @property
    def held(self) -> int:
        """Slots taken now, by running queries and by timed-out ones still finishing."""
        with self._lock:
            return self._held

    def close(self) -> None:
        """Stop accepting work; threads still running are left to finish."""
        self._pool.shutdown(wait=False, cancel_futures=True)


def effective_timeout(settings: Settings, requested: str | None) -> float:
    """The time limit of one request: a client may only lower the configured one (R6).

    >>> effective_timeout(Settings(query_timeout_s=10), "999999")
    10.0
    >>> effective_timeout(Settings(query_timeout_s=10), "2.5")
    2.5
    """
    limit = float(settings.query_timeout_s)
    if requested is None or requested == "":
        return limit
    try:
        value = float(requested)
    except ValueError:
        raise BadRequest("parameter 'timeout' must be a number of seconds") from None
    if not value > 0:  # also refuses NaN
        raise BadRequest("parameter 'timeout' must be a positive number of seconds")
    return min(value, limit)


def execute_query(
    store: Store, query: CheckedQuery, media_type: ResultFormat, settings: Settings
) -> SerializedResult:
    """Evaluate ``query`` (already through :func:`~.query_guard.check_query`) and serialise
    its result in ``media_type``, at most ``settings.max_result_rows`` rows or triples
    (``truncated`` set when more existed). Reads only.

    :raises QuerySyntaxError: the engine's parser refuses the query.
    :raises BadRequest: the engine cannot run it.
    :raises StoreError: the store failed.
    """
    return store.serialized(query.text, media_type, max_rows=settings.max_result_rows)
