"""Where the history lives and how it is deleted: the data directory, the SQLite file and its
companions, or the PostgreSQL database named by `THRESHOLD_DATABASE_URL`."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

import platformdirs
from sqlalchemy import delete
from sqlalchemy.engine import make_url

from threshold.store.engine import database_url, engine_for, forget_engines_in
from threshold.store.lock import forget_lock
from threshold.store.records import StoreError
from threshold.store.schema import assessments, drafts, ensure_migrated, passphrase_lock, rubrics, write_transaction

DATA_DIR_ENV = "THRESHOLD_DATA_DIR"
DATABASE_NAME = "threshold.sqlite3"
#: The database and the files SQLite keeps beside it; `wipe` removes them all.
DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")


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


def wipe(directory: Path | None = None) -> list[Path | str]:
    """Delete the history, drafts and lock for good; return what went.

    SQLite: the database and SQLite's files beside it, overwritten first; only Threshold's own files
    go, the directory and anything else in it stay. PostgreSQL: every row of Threshold's tables.
    """
    if directory is None and (url := database_url()):
        return _delete_rows(url)
    removed: list[Path | str] = []
    directory = directory or data_dir(create=False)
    files = database_files(directory)
    # This process's connections go first; closing them may itself fold the log in and delete it.
    forget_engines_in(directory)
    for path in files:
        _overwrite(path)
        try:
            path.unlink()
        except FileNotFoundError:
            removed.append(path)  # SQLite removed it as the connection closed
            continue
        except OSError as exc:
            raise StoreError(f"cannot delete {path}: {exc.strerror}") from None
        removed.append(path)
    return removed


def _delete_rows(url: str) -> list[Path | str]:
    engine = engine_for(url)
    ensure_migrated(engine)
    with engine.connect() as conn, write_transaction(conn):
        counts = [conn.execute(delete(table)).rowcount for table in (assessments, drafts, passphrase_lock, rubrics)]
    forget_lock(engine)
    return [f"every row of the history in {history_location()}"] if any(counts) else []


def _overwrite(path: Path) -> None:
    # Best effort: zeros over the old bytes before the file goes, so they are not simply left in free
    # blocks. An SSD, a snapshot or a backup may still keep copies; the Privacy page says so.
    with suppress(OSError), path.open("r+b") as file:
        size = file.seek(0, os.SEEK_END)
        file.seek(0)
        for start in range(0, size, 1 << 20):
            file.write(bytes(min(1 << 20, size - start)))
        file.flush()
        os.fsync(file.fileno())
