"""The room database: an SQLite file in the data directory by default, PostgreSQL when
`THRESHOLD_DATABASE_URL` is set; one engine per process and database, migrated once.

The rooms' SQLite file is not the history's: a room process never opens a personal history.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, event, text

# The same names the history reads (threshold/store/files.py), kept apart on purpose: a room process
# never loads the personal store's modules (tests/test_room_mode.py holds that).
DATABASE_URL_ENV = "THRESHOLD_DATABASE_URL"
DATA_DIR_ENV = "THRESHOLD_DATA_DIR"
ROOMS_DATABASE = "rooms.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Waiting for another writer (30 participants pressing "Done" at once) rather than failing.
SQLITE_BUSY_S = 30
#: Any fixed number: every process migrating the room schema of one PostgreSQL takes this lock first.
_MIGRATION_LOCK_KEY = 0x7468726F6F6D  # "throom"

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


class RoomDatabaseError(Exception):
    """The room database cannot be reached or set up."""


def database_url() -> str:
    """`$THRESHOLD_DATABASE_URL`, else the rooms' own SQLite file in the data directory."""
    if url := os.environ.get(DATABASE_URL_ENV):
        return url
    directory = Path(os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir("threshold", appauthor=False))
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise RoomDatabaseError(f"cannot create the data directory {directory}: {exc.strerror}") from None
    return f"sqlite:///{directory / ROOMS_DATABASE}"


def room_engine(url: str | None = None) -> Engine:
    """The engine for `url` (default: `database_url()`), created and migrated once per process."""
    url = url or database_url()
    with _engines_lock:
        if url not in _engines:
            engine = _create(url)
            migrate(engine)
            _engines[url] = engine
        return _engines[url]


def _create(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_S})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        # SQLAlchemy's recipe: the driver starts no transactions of its own; `begin` below does.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        dbapi_connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_S * 1000}")

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        # Take the write lock up front: a deferred transaction that reads and then writes can fail at
        # once with "database is locked" when another writer got there first, whatever the timeout.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def migrate(engine: Engine) -> None:
    """Bring the room tables to the newest revision, in one transaction that other processes wait for."""
    from alembic import command  # only here: a tenth of a second to import
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
