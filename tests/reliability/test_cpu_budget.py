"""The CPU budget that stops a parser looping on hostile input (loaders/formats/cpu_budget.py)."""

from __future__ import annotations

import signal
import time

import pytest

from cchc_kg.loaders.formats.cpu_budget import OutOfTime, cpu_budget


def _spin(limit_s: float) -> None:
    """Burn CPU for at most ``limit_s`` (bounded, so a broken budget fails, not hangs)."""
    end = time.process_time() + limit_s
    while time.process_time() < end:
        pass


def test_a_loop_past_the_budget_is_stopped() -> None:
    started = time.process_time()
    with pytest.raises(OutOfTime), cpu_budget(0.2):
        _spin(5)
    assert time.process_time() - started < 2


def test_a_block_within_the_budget_runs_and_leaves_no_timer() -> None:
    with cpu_budget(5):
        _spin(0.05)
    assert signal.getitimer(signal.ITIMER_PROF)[0] == 0


def test_an_outer_timer_is_kept_and_rearmed() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGPROF, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_PROF, 10)
        with cpu_budget(0.5):
            _spin(0.05)
        left = signal.getitimer(signal.ITIMER_PROF)[0]
        assert 8 < left < 10  # what was left of the outer 10 s
        assert signal.getsignal(signal.SIGPROF) is not None and not fired
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
