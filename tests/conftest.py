"""Shared fixtures: the shipped rubric, the hand-computable mini rubric, and their paths."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres import throwaway_cluster
from threshold import DEFAULT_RUBRIC_PATH
from threshold.rubric import Rubric, load_rubric

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI_RUBRIC_PATH = DATA / "mini_rubric.yaml"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    """Every test gets its own empty data directory; nothing touches the user's real one."""
    path = tmp_path / "threshold-data"
    monkeypatch.setenv("THRESHOLD_DATA_DIR", str(path))
    return path


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    return load_rubric(DEFAULT_RUBRIC_PATH)


@pytest.fixture(scope="session")
def mini_rubric() -> Rubric:
    return load_rubric(MINI_RUBRIC_PATH)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for this test session (see tests/postgres.py)."""
    with throwaway_cluster() as url:
        yield url
