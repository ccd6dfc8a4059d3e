"""A CPU-time budget for third-party parsers that can loop forever on hostile input.

pdfminer follows object references without cycle detection (``resolve1``), so a damaged or
crafted PDF whose object refers to itself never returns; the property tests found one.
Such a call cannot be cancelled from Python except by a signal, so the budget is a
``SIGPROF`` interval timer (CPU time of this process: a busy machine does not shorten it).

Signals reach only the main thread; elsewhere (the API never reads documents) the block
runs unguarded. An interval timer already running (an outer budget, a test's hang guard)
is kept: the shorter of the two fires first, and the outer one is re-armed with what is
left of it afterwards.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class OutOfTime(BaseException):  # noqa: N818 - a signal, not an error a reader may swallow
    """The budget ran out. A BaseException, so a parser's ``except Exception`` cannot
    swallow it and turn a hang into a silent partial result."""


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`OutOfTime` in the block after ``seconds`` of CPU time."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    outer_left, _ = signal.getitimer(signal.ITIMER_PROF)
    if outer_left and outer_left <= seconds:
        yield  # the outer timer fires first anyway
        return
    outer_handler = signal.getsignal(signal.SIGPROF)

    def fire(signum: int, frame: FrameType | None) -> None:
        raise OutOfTime

    started = time.process_time()
    signal.signal(signal.SIGPROF, fire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, outer_handler)
        if outer_left:
            used = time.process_time() - started
            signal.setitimer(signal.ITIMER_PROF, max(outer_left - used, 1e-3))
