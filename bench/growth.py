"""How cost grows: history operations at 100,000 saved against 10,000, an import of 10,000 assessments
against 1,000, and `threshold evaluate` over the whole case set against a tenth of it.

Each line reports the median time and the peak memory Python allocated (tracemalloc, measured in a
separate run so it does not slow the timed ones), with both ratios against the 10x smaller case.
"""

from __future__ import annotations

import statistics
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from bench.history import fill
from bench.stats import timed
from threshold import transfer
from threshold.evaluation import DEFAULT_CASES_PATH, evaluate, load_cases
from threshold.rubric import Rubric
from threshold.store import Store
from threshold.transfer import export_json, import_bytes

RUNS = 5
IMPORT_RUNS = 3


def peak_bytes(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def grown(large: Callable[[], object], small: Callable[[], object], runs: int = RUNS) -> dict:
    """Median seconds and peak bytes of `large` and `small`, and large over small for each."""
    large_times, small_times = timed(lambda _: large(), runs), timed(lambda _: small(), runs)
    large_peak, small_peak = peak_bytes(large), peak_bytes(small)
    app, base = statistics.median(large_times), statistics.median(small_times)
    return {
        "unit": "s",
        "app": app,
        "baseline": base,
        "ratio": app / base,
        "peak_bytes": {"app": large_peak, "baseline": small_peak, "ratio": large_peak / max(small_peak, 1)},
        "samples": {"app": large_times, "baseline": small_times},
    }


def history_stores(rubric: Rubric, answers: dict, work: Path) -> dict[int, Store]:
    stores = {}
    for count in (10_000, 100_000):
        print(f"filling a history of {count:,} for the growth lines...", file=sys.stderr)
        stores[count] = Store(work / f"growth-{count}.sqlite3")
        fill(stores[count], rubric, count, answers)
    return stores


def history_page_work(store: Store, search: str | None) -> Callable[[], object]:
    """What the history page asks of the store for one view: the count and one page of the list."""

    def view():
        store.count(search, None)
        return store.list(search, None, limit=20, offset=0)

    return view


def trend_work(store: Store) -> Callable[[], object]:
    """What the trend asks: one person's assessments (the names it offers are the list's page)."""
    return lambda: store.history_of("Sam 0")


def bench_growth(rubric: Rubric, answers: dict, work: Path) -> dict[str, dict]:
    stores = history_stores(rubric, answers, work)
    small, large = stores[10_000], stores[100_000]
    results = {
        "history_list": grown(history_page_work(large, None), history_page_work(small, None)),
        "history_search": grown(history_page_work(large, "sam 1"), history_page_work(small, "sam 1")),
        "history_trend": grown(trend_work(large), trend_work(small)),
    }
    print("timing imports of 10,000 and 1,000 assessments...", file=sys.stderr)
    exports = {count: export_json(small, list(range(1, count + 1))).encode("utf-8") for count in (1_000, 10_000)}
    counter = iter(range(1_000_000))

    def importing(count: int) -> Callable[[], object]:
        return lambda: import_bytes(Store(work / f"import-{count}-{next(counter)}.sqlite3"), exports[count])

    # An export of 10,000 is over the app's import limit (MAX_IMPORT_BYTES); the bench lifts the limit
    # to measure the work itself, and reports the sizes so the limit can be weighed against them.
    limit = transfer.MAX_IMPORT_BYTES
    transfer.MAX_IMPORT_BYTES = max(limit, *(len(e) + 1 for e in exports.values()))
    try:
        results["import"] = grown(importing(10_000), importing(1_000), runs=IMPORT_RUNS)
    finally:
        transfer.MAX_IMPORT_BYTES = limit
    results["import"]["export_bytes"] = {"app": len(exports[10_000]), "baseline": len(exports[1_000]), "limit": limit}
    print("timing threshold evaluate over the case set and a tenth of it...", file=sys.stderr)
    cases = load_cases(DEFAULT_CASES_PATH)
    tenth = cases[: max(1, len(cases) // 10)]
    results["evaluate"] = grown(lambda: evaluate(rubric, cases), lambda: evaluate(rubric, tenth))
    results["evaluate"]["cases"] = {"app": len(cases), "baseline": len(tenth)}
    return results
