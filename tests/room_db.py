"""Room databases for tests: a fresh SQLite file or a fresh PostgreSQL database on the session's cluster."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy import create_engine, func, select

from threshold.room.schema import participants, rooms

ENGINES = ("sqlite", "postgresql")


@contextmanager
def fresh_postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the cluster at `server_url`; dropped after (with its connections)."""
    name = f"rooms_{uuid.uuid4().hex[:12]}"
    admin = server_url.replace("+psycopg", "")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def room_database(engine: str, tmp_path: Path, postgres_url: str | None) -> Iterator[str]:
    if engine == "sqlite":
        yield f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
        return
    assert postgres_url is not None
    with fresh_postgres_database(postgres_url) as url:
        yield url


def room_rows(url: str) -> int:
    """Every row in the room tables, counted on a connection of its own."""
    engine = create_engine(url)
    try:
        with engine.connect() as db:
            return sum(db.scalar(select(func.count()).select_from(t)) for t in (rooms, participants))
    finally:
        engine.dispose()
