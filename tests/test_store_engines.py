"""The engine seam: one pool per database per process, migrations checked once, opening cheap, the app
and `wipe` on PostgreSQL when THRESHOLD_DATABASE_URL names it."""

import pytest
from sqlalchemy import event

from components.navigation import HISTORY
from tests.apptest import open_app
from threshold.store import DATABASE_URL_ENV, Store, engine_for, history_exists, history_location, wipe
from threshold.store.engine import url_for

SAMPLE = {"a1": 4, "a2": 1, "b1": 2}


@pytest.fixture
def statements(database):
    """The SQL statements the store sends to this database from now on."""
    sent: list[str] = []
    Store(database)  # created and migrated before counting

    def count(_conn, _cursor, statement, *_args):
        # Not the statements that only open a transaction or take the write lock.
        if not statement.startswith(("BEGIN", "SELECT pg_advisory_xact_lock")):
            sent.append(statement)

    engine = engine_for(url_for(database))
    event.listen(engine, "before_cursor_execute", count)
    yield sent
    event.remove(engine, "before_cursor_execute", count)


def test_every_store_of_a_database_shares_one_engine(database):
    first, second = Store(database), Store(database)
    assert engine_for(url_for(first.path)) is engine_for(url_for(second.path))


def test_opening_again_checks_no_migration_and_reads_the_lock_in_one_query(database, statements):
    Store(database)
    assert len(statements) == 1 and "passphrase_lock" in statements[0]


def test_a_rerun_that_opens_the_store_and_keeps_a_draft_costs_a_handful_of_statements(database, statements):
    Store(database).save_draft({"a1": 1}, 1, key="window")
    statements.clear()
    Store(database).save_draft({"a1": 1, "a2": 3}, 1, key="window")  # what each answer click does
    # The lock read at open; the lock check in the write transaction; the draft's uid; its write.
    assert len(statements) == 4


def test_on_postgresql_wipe_deletes_every_row(pg_database, monkeypatch, mini_rubric):
    """A SQLite wipe deletes its files: tests/test_privacy_wipe.py."""
    monkeypatch.setenv(DATABASE_URL_ENV, pg_database)
    store = Store.default()
    store.save_assessment(mini_rubric, SAMPLE, name="Alex")
    store.save_draft({"a1": 1}, 1)
    assert history_exists() and "password" not in history_location()
    assert wipe() == [f"every row of the history in {history_location()}"]
    assert Store.default().count() == 0 and Store.default().drafts() == {}
    assert wipe() == []


def test_the_app_reads_the_history_from_the_database_the_environment_names(pg_database, monkeypatch, rubric):
    monkeypatch.setenv(DATABASE_URL_ENV, pg_database)
    Store.default().save_assessment(rubric, {}, name="Robin on the server")
    at = open_app(HISTORY)
    assert not at.exception
    assert list(at.dataframe[0].value["Name"]) == ["Robin on the server"]
