"""Benchmark: profiles scored per second, against `json.dumps` of the same answers in the same run.

Run alone with `python -m bench.scoring`. Passes over the same 100 random full answer sets alternate
between scoring and the baseline, so a busy machine slows both alike; each figure is the median pass.
Scoring works out a profile's contributions when they are first read, so a second line scores and
writes the profile's saved JSON (which reads them all) against the same baseline.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from collections.abc import Callable

from threshold import DEFAULT_RUBRIC_PATH
from threshold.rubric import Rubric, load_rubric
from threshold.scoring import score_answers

SECONDS = 4.0
ANSWER_SETS = 100
#: The targets (issue 14): at least this many profiles per second, at most this many times json.dumps.
TARGET_RATE, TARGET_RATIO = 50_000, 2.0


def answer_sets(rubric: Rubric, count: int = ANSWER_SETS, seed: int = 20240601) -> list[dict[str, int]]:
    """Random full answer sets, situation included; a fixed seed gives the same sets every run."""
    rng = random.Random(seed)
    return [{i.id: rng.choice(rubric.scale_of(i).values) for i in rubric.items} for _ in range(count)]


def interleaved_rates(app: Callable[[dict], object], inputs: list[dict], seconds: float) -> dict:
    """Calls per second of `app` and of `json.dumps` over `inputs`, one pass of each in turn."""
    rates: dict[str, list[float]] = {"app": [], "baseline": []}
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for name, operation in (("app", app), ("baseline", json.dumps)):
            start = time.perf_counter()
            for answers in inputs:
                operation(answers)
            rates[name].append(len(inputs) / (time.perf_counter() - start))
    app_rate, base_rate = statistics.median(rates["app"]), statistics.median(rates["baseline"])
    # As with the timed lines, app over baseline in time per call: how many times costlier the app is.
    return {"unit": "per second", "app": app_rate, "baseline": base_rate, "ratio": base_rate / app_rate}


def bench_scoring(rubric: Rubric, seconds: float = SECONDS) -> tuple[dict, dict]:
    """Scoring alone, and scoring with the saved JSON written, each against json.dumps of the same answers."""
    inputs = answer_sets(rubric)
    for answers in inputs:  # plans are worked out once per situation, as the app's first score would
        score_answers(rubric, answers)
    scoring = interleaved_rates(lambda answers: score_answers(rubric, answers), inputs, seconds / 2)
    saved = interleaved_rates(lambda answers: score_answers(rubric, answers).model_dump_json(), inputs, seconds / 2)
    return scoring, saved


def main() -> int:
    rubric = load_rubric(DEFAULT_RUBRIC_PATH)
    print(f"timing scoring against json.dumps ({SECONDS:.0f} s, interleaved)...", file=sys.stderr)
    scoring, saved = bench_scoring(rubric)
    for name, result in (("score_answers", scoring), ("score + saved JSON", saved)):
        print(f"{name}: {result['app']:,.0f}/s, json.dumps {result['baseline']:,.0f}/s, ratio {result['ratio']:.2f}x")
    met = scoring["app"] >= TARGET_RATE and scoring["ratio"] <= TARGET_RATIO
    verdict = "met" if met else "NOT met"
    print(f"target: at least {TARGET_RATE:,}/s and at most {TARGET_RATIO:.0f}x json.dumps: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
