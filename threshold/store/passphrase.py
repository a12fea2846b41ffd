"""Setting, changing and removing the passphrase lock: every row resealed in one transaction, then
the database scrubbed of the text as it was before (see `threshold.store.lock`)."""

from __future__ import annotations

from sqlite3 import SQLITE_FULL

from threshold import crypto
from threshold.crypto import LockRecord, WrongKey, new_lock, verifier_for
from threshold.store import lock as lock_record
from threshold.store.base import StoreBase
from threshold.store.engine import MEMORY, is_sqlite
from threshold.store.queries import reseal_rows
from threshold.store.records import LockSetNotCleared, StoreError, WrongPassphrase
from threshold.store.sealing import Seal

#: PostgreSQL's SQLSTATE for a full disk.
PG_DISK_FULL = "53100"


class LockMethods(StoreBase):
    @property
    def has_lock(self) -> bool:
        """Whether a passphrase lock is set, whether or not this store was opened with its key."""
        return self._seal.lock is not None

    def key_for(self, passphrase: str) -> bytes:
        """The key that this passphrase gives, checked against the lock; WrongPassphrase if it is not the one."""
        if self._seal.lock is None:
            raise StoreError("this history has no passphrase lock")
        try:
            return crypto.key_for(self._seal.lock, passphrase)
        except WrongKey:
            raise WrongPassphrase("that passphrase does not open this history; nothing was changed") from None

    def set_passphrase(self, passphrase: str) -> bytes:
        """Set (or change) the lock and re-encrypt every row in one transaction; return the new key.

        StoreError if the lock was not set (nothing changed); LockSetNotCleared if it was set but the
        file still holds the old text (a full disk, say): the next open tries again.
        """
        try:
            lock, key = new_lock(passphrase)
        except ValueError as exc:
            raise StoreError(f"passphrase: {exc}") from None
        what = "the passphrase was not changed" if self.has_lock else "the lock was not set"
        self._reseal(Seal(lock, key), what)
        try:
            self._scrub()
        except StoreError as exc:
            raise LockSetNotCleared(
                f"the lock is set, but the file still holds the history as it was before ({_reason(exc)}); "
                "Threshold clears it the next time the history is opened",
                key,
            ) from None
        return key

    def remove_passphrase(self) -> None:
        """Remove the lock and keep every row in plain form again, in one transaction."""
        self._reseal(Seal(None, None), "the lock was not removed")
        try:
            self._scrub()
        except StoreError as exc:
            raise StoreError(f"the lock is removed, but the file could not be compacted ({_reason(exc)})") from None

    def _reseal_in_format_2(self, key: bytes) -> None:
        """A history locked before seal format 2, opened with its key: reseal it, each value bound to its row."""
        old = self._seal.lock
        self._reseal(Seal(LockRecord(old.salt, old.n, old.r, old.p, verifier_for(key, 2)), key), "")
        self._scrub()

    def _reseal(self, new: Seal, not_done: str) -> None:
        engine = self._engine()
        if is_sqlite(engine) and self.path != MEMORY:
            # Empty the log first: its older frames may hold earlier versions of the rows.
            lock_record.checkpoint(engine)
        try:
            with self._transaction() as conn:
                reseal_rows(conn, self._seal, new)
                lock_record.write_lock(conn, new.lock, scrub_pending=new.sealed)
        except StoreError as exc:
            if not_done and _disk_full(exc):
                raise StoreError(
                    f"{not_done}: the disk is full; nothing was changed. Free some space and try again"
                ) from None
            raise
        self._seal = new
        lock_record.remember_lock(engine, new.lock, new.sealed)


def _disk_full(exc: BaseException) -> bool:
    orig = getattr(exc.__cause__, "orig", None)
    return getattr(orig, "sqlite_errorcode", None) == SQLITE_FULL or getattr(orig, "sqlstate", None) == PG_DISK_FULL


def _reason(exc: StoreError) -> str:
    return "the disk is full" if _disk_full(exc) else str(exc)
