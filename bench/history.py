"""The history page at scale: its server time with 10,000 assessments against 10, and the median save."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.stats import rerun_times, summarise, timed
from components import navigation
from threshold.rubric import Rubric
from threshold.scoring import score_answers
from threshold.store import Assessment, Store, StoredRubric

SMALL, LARGE = 10, 10_000
RERUNS = 15
SAVES = 40
NAMES = ["Sam", "Robin", "Alex", "Jo", "Kim", "Lee", "Max", "Noor", "Pat", "Ray"]


def fill(store: Store, rubric: Rubric, count: int, answers: dict) -> None:
    """`count` assessments in one transaction: scoring each would time the scorer, not the page."""
    profile = score_answers(rubric, answers)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assessments = [
        Assessment(
            id=n + 1,
            uid=str(uuid.UUID(int=n + 1)),
            name=f"{NAMES[n % len(NAMES)]} {n // len(NAMES)}",
            relationship="partner",
            reached_out_on=None,
            taken_at=start + timedelta(minutes=n),
            answers=answers,
            profile=profile,
            notes="",
            rubric_hash=rubric.content_hash,
            rubric_version=rubric.version,
        )
        for n in range(count)
    ]
    store.add_imported({rubric.content_hash: StoredRubric(rubric.version, rubric.text)}, assessments)


@contextmanager
def using_data_dir(path: Path) -> Iterator[None]:
    """THRESHOLD_DATA_DIR set to `path` inside the block, as it was after it."""
    before = os.environ.get("THRESHOLD_DATA_DIR")
    os.environ["THRESHOLD_DATA_DIR"] = str(path)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("THRESHOLD_DATA_DIR", None)
        else:
            os.environ["THRESHOLD_DATA_DIR"] = before


def page_times(app_script: Path) -> list[float]:
    """Reruns of the history page against the history in THRESHOLD_DATA_DIR."""
    at = AppTest.from_file(str(app_script), default_timeout=60)
    at.switch_page(navigation.HISTORY)
    times = rerun_times(at, RERUNS)
    if not at.dataframe:
        raise RuntimeError("the history page did not list the assessments; its timing would mean nothing")
    return times


def bench_history(rubric: Rubric, answers: dict, app_script: Path, work: Path) -> tuple[dict, dict]:
    """(history page at 10,000 against 10, saves into the 10,000) as the bench's result dicts."""
    dirs = {count: work / f"history-{count}" for count in (SMALL, LARGE)}
    for count, data_dir in dirs.items():
        print(f"filling a history of {count:,}...", file=sys.stderr)
        with using_data_dir(data_dir):
            fill(Store.default(), rubric, count, answers)
    with using_data_dir(dirs[SMALL]):
        small = page_times(app_script)
    with using_data_dir(dirs[LARGE]):
        large = page_times(app_script)
        store = Store.default()
        saves = timed(lambda n: store.save_assessment(rubric, answers, name=f"Bench {n}"), SAVES)
    # A save's baseline: scoring the same answers and writing the profile's JSON, the part of a save
    # that is not storage (scoring alone leaves the contributions to be worked out when read).
    scoring = timed(lambda _: score_answers(rubric, answers).model_dump_json(), SAVES)
    page = summarise(large, small, unit="s")
    save = summarise(saves, scoring, unit="s")
    return page, save
