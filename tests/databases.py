"""Fresh databases for the store's tests, on both engines: SQLite files in the test's directory, or
new PostgreSQL databases on the session's throwaway server, each dropped after its test."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import NullPool

from threshold.store import engine as engines
from threshold.store import lock, schema

ENGINES = ("sqlite", "postgresql")


class Databases:
    """Hands out new, empty databases for one test and removes them afterwards."""

    def __init__(self, kind: str, directory: Path, server_url: str | None):
        self.kind, self.directory, self.server_url = kind, directory, server_url
        self._made: list[str] = []

    @property
    def postgresql(self) -> bool:
        return self.kind == "postgresql"

    def new(self, name: str = "threshold.sqlite3") -> str | Path:
        """A path to a new SQLite file, or the URL of a new PostgreSQL database."""
        if not self.postgresql:
            return self.directory / name
        database = f"t_{uuid.uuid4().hex[:20]}"
        with self._admin() as admin:
            admin.execute(text(f'CREATE DATABASE "{database}"'))
        url = make_url(self.server_url).set(database=database).render_as_string(hide_password=False)
        self._made.append(url)
        return url

    def close(self) -> None:
        for url in self._made:
            engines.forget_engine(url)
            with self._admin() as admin:
                admin.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))

    @contextmanager
    def _admin(self) -> Iterator[Connection]:
        admin = create_engine(self.server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with admin.connect() as conn:
                yield conn
        finally:
            admin.dispose()


@contextmanager
def raw(target: str | Path) -> Iterator[Connection]:
    """One transaction on the database behind the store's back, as another program would write it.

    The store's per-process knowledge of it (schema checked, lock record) is forgotten afterwards,
    as a store in another process would not have it.
    """
    engine = engines.engine_for(engines.url_for(target))
    with engine.begin() as conn:
        yield conn
    lock.forget_lock(engine)
    schema.forget_migrated(engine)


TABLES = ("assessments", "drafts", "passphrase_lock", "rubrics")


def snapshot(target: str | Path) -> str:
    """Everything the database holds, to tell whether anything changed: a file's bytes, a server's rows."""
    if isinstance(target, Path):
        return hashlib.sha256(target.read_bytes()).hexdigest()
    with raw(target) as conn:
        return repr([conn.execute(text(f"SELECT * FROM {table} ORDER BY 1")).all() for table in TABLES])
