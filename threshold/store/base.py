"""How a store reaches its database: the engine, one connection per operation, write transactions,
and the check that the lock was not changed elsewhere since the store was opened."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError

from threshold.crypto import WrongKey, check_key
from threshold.store import lock as lock_record
from threshold.store.engine import MEMORY, engine_for, forget_engine, is_sqlite, is_url, url_for
from threshold.store.files import DATABASE_NAME, create_private, data_dir, database_url
from threshold.store.records import LockChanged, StoreError, WrongPassphrase
from threshold.store.schema import applied_migrations, ensure_migrated, write_transaction
from threshold.store.sealing import Seal


class StoreBase:
    """A history in one database: a SQLite file, `:memory:`, or a database URL (PostgreSQL)."""

    def __init__(self, target: str | Path, *, key: bytes | None = None):
        """Open (creating and migrating as needed); with a passphrase lock, `key` opens it (see `key_for`).

        Opening is cheap after the first time in a process: the schema is checked once per database, and
        the lock record is read and checked again only when it changed, so opening costs one small query.
        """
        self.path = str(target)
        self._url = url_for(target)
        #: Where the history is, for messages: a server's URL without its password.
        self._where = make_url(self.path).render_as_string(hide_password=True) if is_url(target) else self.path
        self._memory_engine = engine_for(self._url) if self.path == MEMORY else None
        # A :memory: store has one connection, so its operations take turns.
        self._guard = threading.RLock() if self._memory_engine is not None else nullcontext()
        self._seal: Seal | None = None
        if self._memory_engine is None and not is_url(target):
            create_private(self.path)
        scrub_pending = self._open_lock(key)
        if scrub_pending:
            # A lock set by a process that stopped (or met a full disk) before the file was compacted.
            with suppress(StoreError):  # still pending, so tried again at the next open
                self._scrub()
        if key is not None and self._seal.format == 1:
            try:
                self._reseal_in_format_2(key)
            except LockChanged:  # another process resealed it first
                self._open_lock(key)

    def _open_lock(self, key: bytes | None) -> bool:
        """Read the lock, check the key against it and seal with it; whether a scrub is pending."""
        with self._connect(check=False) as conn:
            lock, scrub_pending = lock_record.current_lock(self._engine(), conn)
        if lock is not None and key is not None:
            try:
                check_key(lock, key)
            except WrongKey:
                raise WrongPassphrase("that passphrase does not open this history; nothing was changed") from None
        self._seal = Seal(lock, key)
        return scrub_pending

    @classmethod
    def default(cls, *, key: bytes | None = None):
        """The store at `$THRESHOLD_DATABASE_URL`, else in the user's data directory (see `data_dir`)."""
        return cls(database_url() or data_dir() / DATABASE_NAME, key=key)

    def _engine(self) -> Engine:
        engine = self._memory_engine or engine_for(self._url)
        ensure_migrated(engine)
        return engine

    @contextmanager
    def _connect(self, check: bool = True) -> Iterator[Connection]:
        try:
            with self._guard, self._engine().connect() as conn:
                if check:
                    self._check_lock_unchanged(conn)
                yield conn
        except DBAPIError as exc:
            if self._memory_engine is None:
                forget_engine(self._url)  # a connection that met a damaged file is not kept
            raise StoreError(f"database {self._where}: {exc.orig}") from exc

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with self._connect(check=False) as conn, write_transaction(conn):
            # Checked while holding the write lock, so no lock change can slip in before the write.
            self._check_lock_unchanged(conn)
            yield conn

    def _check_lock_unchanged(self, conn: Connection) -> None:
        # Another window or process may set, change or remove the lock while this store is open;
        # writing with the old key (or none) would mix sealed and plain rows, so refuse instead.
        if self._seal is None:
            return
        now = lock_record.lock_identity(conn)
        lock = self._seal.lock
        if now != ((lock.salt, lock.verifier) if lock else None):
            lock_record.forget_lock(self._engine())
            raise LockChanged("the passphrase lock was set, changed or removed elsewhere; open the history again")

    def _scrub(self) -> None:
        try:
            with self._guard:
                lock_record.scrub(self._engine(), self.path)
        except DBAPIError as exc:
            raise StoreError(f"database {self._where}: {exc.orig}") from exc
        lock_record.remember_lock(self._engine(), self._seal.lock, False)

    def _reseal_in_format_2(self, key: bytes) -> None:
        raise NotImplementedError  # see LockMethods

    # Maintenance

    def applied_migrations(self) -> list[str]:
        with self._connect() as conn:
            return applied_migrations(conn)

    def integrity_check(self) -> str:
        """SQLite's own check: "ok", or what is wrong; PostgreSQL checks its pages itself, so "ok"."""
        with self._connect() as conn:
            if not is_sqlite(conn.engine):
                return "ok"
            return "\n".join(row[0] for row in conn.execute(text("PRAGMA integrity_check")))
