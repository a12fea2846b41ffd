"""The one seam to the database engine: SQLite by default, PostgreSQL (psycopg 3) by URL.

`engine_for(url)` gives one engine, and so one connection pool, per database per process. SQLite
connections get the pragmas the store relies on; a write transaction on SQLite takes the write
lock up front (BEGIN IMMEDIATE), so a second writer waits instead of failing.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from threshold.store.files import DATABASE_URL_ENV

MEMORY = ":memory:"
BUSY_TIMEOUT_MS = 5000
#: Execution option that makes a SQLite transaction take the write lock when it begins.
WRITE = "threshold_write"
#: Execution option for statements that cannot run in a transaction (VACUUM, checkpoints).
NO_TRANSACTION = "threshold_no_transaction"

#: Each engine, with the identity (device, inode) of its SQLite file when it was made.
_engines: dict[str, tuple[Engine, tuple[int, int] | None]] = {}
_engines_lock = threading.Lock()


def is_url(target: str | Path) -> bool:
    return isinstance(target, str) and "://" in target


def url_for(target: str | Path) -> str:
    """A SQLAlchemy URL for a URL, a SQLite file path or `:memory:`."""
    if is_url(target):
        return str(target)
    if str(target) == MEMORY:
        return "sqlite://"
    return f"sqlite:///{Path(target)}"


def engine_for(url: str) -> Engine:
    """The process's engine for this database (created on first use). `:memory:` is never shared.

    A SQLite file deleted (a wipe) or replaced since is another inode: its engine is made anew, so no
    pooled connection keeps writing to the file that is gone.
    """
    if url == "sqlite://":
        return _new_engine(url)
    identity = _file_identity(url)
    with _engines_lock:
        known = _engines.get(url)
        if known is not None and known[1] == identity:
            return known[0]
        engine = _new_engine(url)
        _engines[url] = (engine, identity)
    if known is not None:
        known[0].dispose()
    return engine


def forget_engine(url: str) -> None:
    """Close every pooled connection to this database: before its file is wiped, or after an error."""
    with _engines_lock:
        known = _engines.pop(url, None)
    if known is not None:
        known[0].dispose()


def forget_engines_in(directory: Path) -> None:
    """Close this process's connections to every SQLite file in `directory`."""
    for url in [u for u in _engines if u.startswith("sqlite:///")]:
        if Path(url.removeprefix("sqlite:///")).parent.resolve() == directory.resolve():
            forget_engine(url)


def _file_identity(url: str) -> tuple[int, int] | None:
    if not url.startswith("sqlite:///"):
        return None
    try:
        status = os.stat(url.removeprefix("sqlite:///"))
    except OSError:
        return None
    return status.st_dev, status.st_ino


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _new_engine(url: str) -> Engine:
    if url.startswith("postgresql"):
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    if not url.startswith("sqlite"):
        raise ValueError(f"{DATABASE_URL_ENV}: only sqlite:/// and postgresql+psycopg:// URLs are supported")
    memory = url == "sqlite://"
    engine = create_engine(
        url,
        # `timeout` is SQLite's busy timeout: a writer waits for another's transaction to end.
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        # Each connection to :memory: is a new empty database, so one is kept for the store's life.
        **({"poolclass": StaticPool} if memory else {}),
    )
    event.listen(engine, "connect", _configure_sqlite if memory else _configure_sqlite_file)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def _configure_sqlite(dbapi_connection, _record) -> None:
    # The driver's own transaction handling is turned off; SQLAlchemy's "begin" event starts them.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # Deleted and replaced values are overwritten with zeros, not left readable in free pages.
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.close()


def _configure_sqlite_file(dbapi_connection, record) -> None:
    _configure_sqlite(dbapi_connection, record)
    # Readers never wait for a writer, and a crash mid-write loses nothing committed.
    dbapi_connection.execute("PRAGMA journal_mode = WAL")


def outside_transaction(engine: Engine) -> Connection:
    """A connection whose statements each run on their own, outside any transaction."""
    if is_sqlite(engine):
        return engine.connect().execution_options(**{NO_TRANSACTION: True})
    return engine.connect().execution_options(isolation_level="AUTOCOMMIT")


def _begin_sqlite(conn) -> None:
    options = conn.get_execution_options()
    if not options.get(NO_TRANSACTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE) else "BEGIN")
