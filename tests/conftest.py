"""Shared fixtures: the shipped rubric, the hand-computable mini rubric, their paths, a data directory
and a history path per test, a cheaper lock, and the databases on each engine."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import ENGINES, Databases
from tests.postgres import throwaway_cluster
from threshold import DEFAULT_RUBRIC_PATH, crypto
from threshold.rubric import Rubric, load_rubric
from threshold.store import DATABASE_NAME

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI_RUBRIC_PATH = DATA / "mini_rubric.yaml"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    """Every test gets its own empty data directory; nothing touches the user's real one."""
    path = tmp_path / "threshold-data"
    monkeypatch.setenv("THRESHOLD_DATA_DIR", str(path))
    return path


@pytest.fixture
def db_path(tmp_path) -> Path:
    """Where a test's own SQLite history goes (not the data directory's)."""
    return tmp_path / DATABASE_NAME


@pytest.fixture
def cheap_kdf(monkeypatch):
    """A cheaper Scrypt for speed; `test_the_key_derivation_is_memory_hard` checks the real cost."""
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**12)


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


@pytest.fixture(params=ENGINES)
def databases(request, tmp_path) -> Iterator[Databases]:
    """New databases on each engine in turn: SQLite files here, PostgreSQL databases on the test server."""
    server = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    made = Databases(request.param, tmp_path, server)
    yield made
    made.close()


@pytest.fixture
def database(databases: Databases):
    """One new database for `Store(...)`: a SQLite file path or a PostgreSQL URL."""
    return databases.new()


@pytest.fixture(params=["file", "memory", "postgresql"])
def store_target(request, tmp_path) -> Iterator:
    """What a `store` fixture opens: a SQLite file, `:memory:`, or a new PostgreSQL database."""
    if request.param != "postgresql":
        yield tmp_path / "threshold.sqlite3" if request.param == "file" else ":memory:"
        return
    made = Databases("postgresql", tmp_path, request.getfixturevalue("postgres_url"))
    yield made.new()
    made.close()


@pytest.fixture
def pg_database(postgres_url, tmp_path) -> Iterator[str]:
    """The URL of a new PostgreSQL database on the test server, dropped afterwards."""
    made = Databases("postgresql", tmp_path, postgres_url)
    yield made.new()
    made.close()
