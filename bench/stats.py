"""How every benchmark reports: medians of the app and of its same-run baseline, and their ratio."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def summarise(app: list[float], baseline: list[float], unit: str) -> dict:
    return {
        "unit": unit,
        "app": statistics.median(app),
        "baseline": statistics.median(baseline),
        "ratio": statistics.median(app) / statistics.median(baseline),
        "samples": {"app": app, "baseline": baseline},
    }


def timed(action: Callable[[int], object], runs: int) -> list[float]:
    """Seconds each of `runs` calls of `action(run_number)` took."""
    times = []
    for run in range(runs):
        start = time.perf_counter()
        action(run)
        times.append(time.perf_counter() - start)
    return times


def rerun_times(at, runs: int) -> list[float]:
    """Seconds per AppTest rerun after one warm run (imports, cached rubric, Altair); a page that
    raises is refused, as its timing would mean nothing."""
    at.run()
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].message}")
    return timed(lambda _: at.run(), runs)
