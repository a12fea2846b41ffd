"""How every benchmark reports: medians of the app and of its same-run baseline, and their ratio."""

from __future__ import annotations

import statistics


def summarise(app: list[float], baseline: list[float], unit: str) -> dict:
    return {
        "unit": unit,
        "app": statistics.median(app),
        "baseline": statistics.median(baseline),
        "ratio": statistics.median(app) / statistics.median(baseline),
        "samples": {"app": app, "baseline": baseline},
    }
