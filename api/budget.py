"""Per-client budgets (reliability.md R8, R9): how many requests, and how many failed
ones, one client may send per minute before getting ``429`` with ``Retry-After``.

Metering every request (not only the expensive ones) follows the WDQS 2017 lesson; the
error budget bounds what a client can make the parser do with rejected queries. Clients
are told apart by their address: behind a reverse proxy every client shares one, so there
set the budget at the proxy instead (``create_app(..., budget=None)``).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import problem_response

WINDOW_S = 60.0
# Liveness and readiness probes come from the orchestrator and must never be refused.
EXEMPT_PATHS = frozenset({"/healthz", "/readyz"})


@dataclass(frozen=True)
class Budget:
    """Requests and errors (responses of status 400 and above, 429 aside) per client per
    minute; ``max_clients`` bounds the memory the meters take (oldest forgotten first)."""

    requests_per_minute: int = 600
    errors_per_minute: int = 30
    max_clients: int = 10_000


@dataclass
class _Meter:
    requests: deque[float]
    errors: deque[float]


class ClientBudget:
    """ASGI middleware enforcing a :class:`Budget` per client address."""

    def __init__(
        self, app: ASGIApp, budget: Budget, base_iri: str, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.app = app
        self.budget = budget
        self.base_iri = base_iri
        self.clock = clock
        self._meters: OrderedDict[str, _Meter] = OrderedDict()
        self._lock = threading.Lock()

    def _meter(self, client: str) -> _Meter:
        meter = self._meters.get(client)
        if meter is None:
            meter = _Meter(deque(), deque())
            self._meters[client] = meter
            while len(self._meters) > self.budget.max_clients:
                self._meters.popitem(last=False)
        else:
            self._meters.move_to_end(client)
        return meter

    def _over(self, meter: _Meter, now: float) -> float | None:
        """Seconds until the client may send again, or None when within budget."""
        for times in (meter.requests, meter.errors):
            while times and times[0] <= now - WINDOW_S:
                times.popleft()
        waits = []
        if len(meter.requests) >= self.budget.requests_per_minute:
            waits.append(meter.requests[0] + WINDOW_S - now)
        if len(meter.errors) >= self.budget.errors_per_minute:
            waits.append(meter.errors[0] + WINDOW_S - now)
        return max(waits) if waits else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        now = self.clock()
        with self._lock:
            meter = self._meter(client)
            wait = self._over(meter, now)
            if wait is None:
                meter.requests.append(now)
        if wait is not None:
            retry = max(1, math.ceil(wait))
            response = problem_response(
                self.base_iri,
                429,
                "too-many-requests",
                "Too many requests",
                f"this client's budget is {self.budget.requests_per_minute} requests and "
                f"{self.budget.errors_per_minute} failed requests per minute; retry in {retry} s",
                headers={"Retry-After": str(retry)},
            )
            await response(scope, receive, send)
            return

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] >= 400:
                with self._lock:
                    meter.errors.append(self.clock())
            await send(message)

        await self.app(scope, receive, counting_send)
