"""A per-example time guard for property tests: a hang becomes a test failure, not a stuck run.

The budget is CPU time of this process (``ITIMER_PROF``): the machine running the suite is
shared, and wall time under load says more about the neighbours than about the loader. A
call stuck without using CPU (waiting on a socket, a lock) is caught by a wall-clock alarm
at a multiple of the budget. Signals interrupt the loader between Python bytecodes;
:class:`Hang` derives from ``BaseException`` so that a reader's broad ``except Exception``
(which turns a parser's damage into a LoaderError) cannot swallow it and report a hang as
a clean rejection.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

WALL_FACTOR = 5  # wall-clock allowance, as a multiple of the CPU budget


class Hang(BaseException):
    """The guarded call ran past its time budget."""


@contextmanager
def time_guard(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` in the guarded block after ``seconds`` of CPU time, or after
    ``WALL_FACTOR * seconds`` of wall time (main thread only)."""

    def fire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no result within {seconds:.1f} s ({signal.Signals(signum).name})")

    previous = {sig: signal.signal(sig, fire) for sig in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, WALL_FACTOR * seconds)
    started = time.process_time()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    # A C extension can hold the signal until it returns: check the clock as well.
    used = time.process_time() - started
    if used > seconds:
        raise Hang(f"used {used:.1f} s of CPU, budget {seconds:.1f} s")


def budget(size: int) -> float:
    """reliability.md L1: at most 5 s per MB, and at least 2 s for small inputs (start-up
    of a parser, a cold import)."""
    return max(5.0 * size / 1_000_000, 2.0)
