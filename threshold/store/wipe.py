"""Deleting the history for good: the SQLite file and its companions overwritten and removed, or every
row of Threshold's tables on PostgreSQL."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from sqlalchemy import delete

from threshold.store.engine import engine_for, forget_engines_in
from threshold.store.files import data_dir, database_files, database_url, history_location
from threshold.store.lock import forget_lock
from threshold.store.records import StoreError
from threshold.store.schema import assessments, drafts, ensure_migrated, passphrase_lock, rubrics, write_transaction


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
