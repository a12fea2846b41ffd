"""Where the history lives: the data directory, the SQLite file and its companions, or the PostgreSQL
database named by `THRESHOLD_DATABASE_URL`.

Without SQLAlchemy: a page that only asks whether there is a history (every page, on a first visit)
must not pay for importing the database layer.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from threshold.store.records import StoreError

#: A SQLAlchemy URL such as `postgresql+psycopg://user@host/db`; unset means the SQLite file in the data dir.
DATABASE_URL_ENV = "THRESHOLD_DATABASE_URL"
DATA_DIR_ENV = "THRESHOLD_DATA_DIR"
DATABASE_NAME = "threshold.sqlite3"
#: The database and the files SQLite keeps beside it; `wipe` removes them all.
DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def database_url() -> str | None:
    """`$THRESHOLD_DATABASE_URL`, or None for the embedded SQLite file."""
    return os.environ.get(DATABASE_URL_ENV, "").strip() or None


def data_dir(create: bool = True) -> Path:
    """`$THRESHOLD_DATA_DIR`, else the per-user data directory; created private (0700) if missing and `create`."""
    path = Path(os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir("threshold", appauthor=False))
    if not create:
        return path
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the data directory {path}: {exc.strerror}") from None
    return path


def history_exists() -> bool:
    """Whether there is a history to open: a database server is always there; a file only once made."""
    return database_url() is not None or (data_dir(create=False) / DATABASE_NAME).exists()


def history_location() -> str:
    """Where the history is, for people: the file's path, or the server's URL without its password."""
    if url := database_url():
        from sqlalchemy.engine import make_url  # only for a server, which has SQLAlchemy loaded anyway

        return make_url(url).render_as_string(hide_password=True)
    return str(data_dir(create=False) / DATABASE_NAME)


def create_private(path: str) -> None:
    """Create the database file readable by its owner only, from the first byte, if it is missing."""
    if os.path.exists(path):
        return
    try:
        # SQLite gives its -wal and -shm files the same mode.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise StoreError(f"cannot create the database {path}: {exc.strerror}") from None


def database_files(directory: Path | None = None) -> list[Path]:
    """The database and SQLite's files beside it that exist now, in `directory` or the data directory."""
    directory = directory or data_dir(create=False)
    return [p for p in (directory / (DATABASE_NAME + s) for s in DATABASE_SUFFIXES) if p.exists()]
