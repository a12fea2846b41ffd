"""The tables (SQLAlchemy Core) and their migrations (Alembic, scripts in `migrations/versions`).

`ensure_migrated(engine)` brings a database to the newest schema once per process and per
database; later calls cost nothing. A database made before Alembic (its own `schema_migrations`
table) is recognised, stamped at the last migration it had, and continued from there.
"""

from __future__ import annotations

import threading
import weakref
from functools import cache
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    inspect,
    text,
)
from sqlalchemy.engine import Connection

from threshold.store.engine import WRITE, is_sqlite
from threshold.store.records import SCORE_COLUMNS, StoreError

#: The migrations the store applied itself before Alembic, in order; Alembic's revisions keep their names.
LEGACY_MIGRATIONS = (
    "0001_history_and_drafts",
    "0002_passphrase_lock",
    "0003_their_message",
    "0004_decision_and_follow_ups",
)
#: Any constant: every write to a PostgreSQL history takes this transaction lock first, so writers
#: take turns as SQLite's do.
WRITE_LOCK_ID = 0x7448_5253

metadata = MetaData()

rubrics = Table(
    "rubrics",
    metadata,
    Column("content_hash", Text, primary_key=True),
    Column("version", Text, nullable=False),
    Column("text", Text, nullable=False),
)

assessments = Table(
    "assessments",
    metadata,
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False),
    Column("uid", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Column("relationship", Text, nullable=False),
    Column("reached_out_on", Text),
    Column("taken_at", Text, nullable=False),
    Column("answers", Text, nullable=False),
    Column("profile", Text, nullable=False),
    Column("notes", Text, nullable=False),
    Column("rubric_hash", Text, ForeignKey("rubrics.content_hash"), nullable=False),
    Column("dominant", Text, nullable=False),
    *(Column(column, Float) for column in SCORE_COLUMNS.values()),
    Column("message", Text, nullable=False),
    Column("message_speaker", Text, nullable=False),
    Column("decision", Text, nullable=False),
    Column("replies", Text, nullable=False),
    #: The uid of the assessment a follow-up follows (sealed under a lock from seal format 2).
    Column("follow_up_of", Text),
)

drafts = Table(
    "drafts",
    metadata,
    Column("key", Text, primary_key=True),
    Column("answers", Text, nullable=False),
    Column("step", Integer, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("message_speaker", Text, nullable=False),
    #: Binds the draft's sealed values to it; moves with the draft when another window claims it.
    Column("uid", Text),
)

passphrase_lock = Table(
    "passphrase_lock",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("salt", LargeBinary, nullable=False),
    Column("scrypt_n", Integer, nullable=False),
    Column("scrypt_r", Integer, nullable=False),
    Column("scrypt_p", Integer, nullable=False),
    Column("verifier", Text, nullable=False),
    #: 1 from the commit that sealed the rows until the file no longer holds their old text.
    Column("scrub_pending", Integer, nullable=False),
)

_migrated: weakref.WeakSet[Engine] = weakref.WeakSet()
_migrating = threading.Lock()


MIGRATIONS = Path(__file__).with_name("migrations")


# Alembic is imported only to migrate (and to list migrations): it costs a tenth of a second, and an
# up-to-date database, the usual case, needs only `head()`.
@cache
def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def head() -> str:
    """The newest migration: each is named by its file, and they are numbered in order (a test holds both)."""
    return max(path.stem for path in (MIGRATIONS / "versions").glob("[0-9]*.py"))


def migration_names() -> list[str]:
    """Every migration's name, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions("base", "heads")))]


def ensure_migrated(engine: Engine) -> None:
    """Bring this database to the newest schema, once per process and per database."""
    if engine in _migrated:
        return
    with _migrating:
        if engine in _migrated:
            return
        with engine.connect() as conn:
            if current_revision(conn) != head():
                conn.rollback()  # end the read, so the upgrade's transaction takes the write lock from its start
                _upgrade(conn)
        _migrated.add(engine)


def forget_migrated(engine: Engine) -> None:
    _migrated.discard(engine)


def current_revision(conn: Connection) -> str | None:
    """The revision the database is at, None for a database without Alembic's table."""
    if not inspect(conn).has_table("alembic_version"):
        return None  # a new database, or one from before Alembic
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def applied_migrations(conn: Connection) -> list[str]:
    """The names of the migrations this database has, oldest first."""
    current = current_revision(conn)
    names = migration_names()
    return names[: names.index(current) + 1] if current in names else []


def write_transaction(conn: Connection):
    """A transaction that holds the database's write lock from its start, on either engine."""
    transaction = conn.execution_options(**{WRITE: True}).begin()
    if not is_sqlite(conn.engine):
        conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": WRITE_LOCK_ID})
    return transaction


def _upgrade(conn: Connection) -> None:
    from alembic import command
    from alembic.util import CommandError

    config = _alembic_config()
    config.attributes["connection"] = conn
    transaction = write_transaction(conn)
    try:
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" not in tables and "schema_migrations" in tables:
            command.stamp(config, _last_legacy_migration(conn))
        command.upgrade(config, "head")
    except CommandError as exc:
        transaction.rollback()
        raise StoreError(f"the database was changed by a newer Threshold ({exc})") from None
    except BaseException:
        transaction.rollback()
        raise
    transaction.commit()


def _last_legacy_migration(conn: Connection) -> str:
    applied = {row[0] for row in conn.execute(text("SELECT name FROM schema_migrations"))}
    if unknown := applied - set(LEGACY_MIGRATIONS):
        raise StoreError(f"the database was changed by a newer Threshold (migration {sorted(unknown)[0]})")
    # They were applied in order, so the database has every one before the first it lacks.
    done = "base"
    for name in LEGACY_MIGRATIONS:
        if name not in applied:
            break
        done = name
    return done
