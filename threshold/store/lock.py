"""The passphrase lock's record: read (checked, cached per database), written, and the scrub that
leaves no text from before the lock in the database's files.

Setting a lock commits the sealed rows together with `scrub_pending = 1`; the scrub (VACUUM and an
emptied write-ahead log on SQLite, VACUUM FULL on PostgreSQL) then clears it. A process killed in
between leaves the flag set, and the next store to open the database finishes the scrub first.
"""

from __future__ import annotations

import threading
import weakref

from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.engine import Connection

from threshold.crypto import DamagedLock, LockRecord, check_record
from threshold.store.engine import MEMORY, is_sqlite, outside_transaction
from threshold.store.records import LockDamaged
from threshold.store.schema import passphrase_lock, write_transaction

L = passphrase_lock.c
#: The lock record last read (and checked) from each database by this process, and whether a scrub was pending.
_cached: weakref.WeakKeyDictionary[Engine, tuple[LockRecord | None, bool]] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def read_lock(conn: Connection) -> tuple[LockRecord | None, bool]:
    """The lock record (checked before any key is derived from it) and whether a scrub is pending."""
    row = conn.execute(select(L.salt, L.scrypt_n, L.scrypt_r, L.scrypt_p, L.verifier, L.scrub_pending)).first()
    if row is None:
        return None, False
    record = LockRecord(bytes(row[0]) if isinstance(row[0], memoryview) else row[0], *row[1:5])
    try:
        check_record(record)
    except DamagedLock as exc:
        raise LockDamaged(
            f"the passphrase lock's record is damaged or was tampered with ({exc}); the history cannot be "
            "opened. Restore the file from a backup, or delete everything and start again."
        ) from None
    return record, bool(row[5])


def current_lock(engine: Engine, conn: Connection) -> tuple[LockRecord | None, bool]:
    """The lock now, and whether a scrub is pending: one small query, and the record is read and checked
    again only when it is not the one this process knows (another process may have changed it)."""
    row = conn.execute(select(L.salt, L.verifier, L.scrub_pending)).first()
    with _cache_lock:
        known = _cached.get(engine)
    if known is not None and _identity(known[0]) == (_identity_of_row(row)):
        return known[0], bool(row[2]) if row else False
    known = read_lock(conn)
    remember_lock(engine, *known)
    return known


def _identity(lock: LockRecord | None) -> tuple[bytes, str] | None:
    return (lock.salt, lock.verifier) if lock is not None else None


def _identity_of_row(row) -> tuple[bytes, str] | None:
    return (bytes(row[0]), row[1]) if row is not None else None


def remember_lock(engine: Engine, lock: LockRecord | None, scrub_pending: bool = False) -> None:
    with _cache_lock:
        _cached[engine] = (lock, scrub_pending)


def forget_lock(engine: Engine) -> None:
    """Read the lock afresh next time: it was changed, or found changed, or the history was wiped."""
    with _cache_lock:
        _cached.pop(engine, None)


def lock_identity(conn: Connection) -> tuple[bytes, str] | None:
    """What tells one lock from another: its salt and verifier (a reseal to format 2 changes the verifier)."""
    return _identity_of_row(conn.execute(select(L.salt, L.verifier)).first())


def write_lock(conn: Connection, lock: LockRecord | None, scrub_pending: bool) -> None:
    conn.execute(delete(passphrase_lock))
    if lock is not None:
        conn.execute(
            passphrase_lock.insert().values(
                id=1,
                salt=lock.salt,
                scrypt_n=lock.n,
                scrypt_r=lock.r,
                scrypt_p=lock.p,
                verifier=lock.verifier,
                scrub_pending=int(scrub_pending),
            )
        )


def scrub(engine: Engine, path: str) -> None:
    """Rewrite the database without its free pages and empty SQLite's log, so text from before the
    last reseal (plain, or under the old key) is in neither file; then clear `scrub_pending`."""
    if is_sqlite(engine):
        if path != MEMORY:
            with outside_transaction(engine) as conn:
                _checkpoint(conn)
                conn.exec_driver_sql("VACUUM")
                _checkpoint(conn)
    else:
        with outside_transaction(engine) as conn:
            # Old row versions stay in PostgreSQL's pages until vacuumed; FULL rewrites the tables.
            conn.execute(text("VACUUM FULL assessments, drafts"))
    with engine.connect() as conn, write_transaction(conn):
        conn.execute(update(passphrase_lock).values(scrub_pending=0))
    if is_sqlite(engine) and path != MEMORY:
        with outside_transaction(engine) as conn:
            _checkpoint(conn)


def checkpoint(engine: Engine) -> None:
    """Fold SQLite's write-ahead log into the database and empty it (nothing to do elsewhere)."""
    if is_sqlite(engine):
        with outside_transaction(engine) as conn:
            _checkpoint(conn)


def _checkpoint(conn: Connection) -> None:
    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
