"""The SQLite store: migrations, saving and reading back, the history list, edits, drafts, durability."""

import hashlib
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import event, text

from tests.conftest import DATA, MINI_RUBRIC_PATH, ROOT
from tests.databases import raw
from threshold.reflection import evidence_for
from threshold.rubric import Rubric, load_rubric
from threshold.scoring import AnswerError, score_answers
from threshold.store import (
    DATABASE_NAME,
    LEGACY_MIGRATIONS,
    AssessmentNotFound,
    Store,
    StoreError,
    data_dir,
)
from threshold.store.engine import engine_for, url_for
from threshold.store.schema import migration_names

SAMPLE = {"a1": 4, "a2": 1, "a3": 1, "b1": 2, "b2": 0, "s1": 0, "f1": None}
START = datetime(2025, 1, 1, 12, tzinfo=UTC)


@pytest.fixture
def store(store_target) -> Store:
    return Store(store_target)


def save(store, rubric, name="Alex", answers=SAMPLE, **fields) -> int:
    return store.save_assessment(rubric, answers, name=name, **fields)


def file_hash(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# Opening and migrating


def test_migrations_are_recorded_once_and_reopening_changes_nothing(db_path):
    Store(db_path)
    before = file_hash(db_path)
    store = Store(db_path)
    assert store.applied_migrations() == migration_names()
    assert migration_names()[: len(LEGACY_MIGRATIONS)] == list(LEGACY_MIGRATIONS)
    assert file_hash(db_path) == before


def test_every_migration_is_applied_on_either_engine(database):
    assert Store(database).applied_migrations() == migration_names()


def test_a_database_from_a_newer_threshold_is_refused(database):
    Store(database)
    with raw(database) as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    with pytest.raises(StoreError, match="newer Threshold"):
        Store(database)


def test_a_database_from_before_alembic_changed_by_a_newer_threshold_is_refused(db_path):
    db_path.write_bytes((DATA / "history_before_sqlalchemy.sqlite").read_bytes())
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES ('9999_from_the_future', '2030-01-01')")
    with pytest.raises(StoreError, match="newer Threshold"):
        Store(db_path)


def test_a_database_from_before_alembic_is_stamped_and_continued_not_recreated(db_path):
    db_path.write_bytes((DATA / "history_before_sqlalchemy.sqlite").read_bytes())
    store = Store(db_path)
    assert store.applied_migrations() == migration_names()
    assert store.count() == 3


def test_a_file_that_is_not_a_database_is_refused(db_path):
    db_path.write_bytes(b"not a database, just some bytes" * 100)
    with pytest.raises(StoreError, match="not a database"):
        Store(db_path)


def test_a_file_store_uses_wal_and_is_private(db_path):
    Store(db_path)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_data_dir_honours_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("THRESHOLD_DATA_DIR", str(tmp_path / "mine"))
    assert data_dir() == tmp_path / "mine"
    assert Store.default().path == str(tmp_path / "mine" / DATABASE_NAME)


def test_data_dir_defaults_to_the_user_data_directory_created_private(tmp_path, monkeypatch):
    monkeypatch.delenv("THRESHOLD_DATA_DIR", raising=False)
    monkeypatch.setattr("platformdirs.user_data_dir", lambda app, appauthor: str(tmp_path / "user" / app))
    assert data_dir() == tmp_path / "user" / "threshold"
    assert stat.S_IMODE((tmp_path / "user" / "threshold").stat().st_mode) == 0o700


# Saving and reading back


def test_save_then_get_returns_every_field(store, mini_rubric):
    taken = datetime(2025, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=2)))
    new_id = save(
        store,
        mini_rubric,
        name="  Alex  ",
        relationship="partner",
        reached_out_on=date(2025, 2, 28),
        notes="<b>not bold</b>",
        taken_at=taken,
    )
    got = store.get(new_id)
    assert (got.id, got.name, got.relationship, got.reached_out_on) == (new_id, "Alex", "partner", date(2025, 2, 28))
    assert got.taken_at == taken and got.taken_at.tzinfo == UTC
    assert got.answers == SAMPLE and got.notes == "<b>not bold</b>"
    assert got.profile == score_answers(mini_rubric, SAMPLE)
    assert (got.rubric_hash, got.rubric_version) == (mini_rubric.content_hash, "test-1")
    assert len(got.uid) == 36


def test_the_rubric_text_is_stored_once_per_distinct_hash(database, mini_rubric):
    store = Store(database)
    save(store, mini_rubric)
    save(store, mini_rubric, name="Sam")
    with raw(database) as conn:
        assert conn.execute(text("SELECT count(*) FROM rubrics")).fetchone() == (1,)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "name: give a name"),
        ({"name": "   "}, "name: give a name"),
        ({"name": "x" * 201}, "name: 201 characters is over the limit of 200"),
        ({"name": "Al\nex"}, "name: control characters"),
        ({"name": "\x1b[31mred"}, "name: control characters"),
        ({"name": "bad \udcff byte"}, "name: not valid Unicode"),
        ({"notes": "x" * 20_001}, "notes: 20,001 characters is over the limit of 20,000"),
        ({"relationship": "enemy"}, "relationship: 'enemy' is not one of partner, friend, family, other"),
        ({"taken_at": datetime(2025, 1, 1)}, "taken_at: a timestamp needs a time zone"),
    ],
)
def test_save_refuses_bad_values_and_saves_nothing(store, mini_rubric, fields, message):
    with pytest.raises(StoreError, match=message.replace("(", r"\(")):
        save(store, mini_rubric, **{"name": "Alex", **fields})
    assert store.count() == 0


def test_save_refuses_answers_that_do_not_fit_the_rubric(store, mini_rubric):
    with pytest.raises(AnswerError, match="a1: answer 9"):
        save(store, mini_rubric, answers={"a1": 9})
    assert store.count() == 0


def test_save_needs_a_rubric_that_kept_its_text(store, mini_rubric):
    bare = Rubric.model_validate(mini_rubric.model_dump())
    with pytest.raises(StoreError, match="no source text"):
        save(store, bare)


# The history list


def save_many(store, rubric, names, relationship="other"):
    return [
        save(store, rubric, name=name, relationship=relationship, taken_at=START + timedelta(days=i))
        for i, name in enumerate(names)
    ]


def test_list_pages_newest_first(store, mini_rubric):
    ids = save_many(store, mini_rubric, [f"person {i}" for i in range(25)])
    newest_first = ids[::-1]
    assert [row.id for row in store.list(limit=10)] == newest_first[:10]
    assert [row.id for row in store.list(limit=10, offset=20)] == newest_first[20:]
    assert store.count() == 25


def test_list_rows_carry_the_dominant_motives_and_every_score(store, mini_rubric):
    save(store, mini_rubric, reached_out_on=date(2025, 1, 2))
    (row,) = store.list()
    profile = score_answers(mini_rubric, SAMPLE)
    assert row.dominant == profile.dominant == ["familiarity", "curiosity"]
    assert row.scores == {m: s.score for m, s in profile.motives.items()}
    assert (row.name, row.relationship, row.reached_out_on) == ("Alex", "other", date(2025, 1, 2))


NAMES = ["Alex", "alexandra", "Sam_1", "Sam 1", "100% Jo", "100 Jo", "Zoë", "ZOË", "back\\slash"]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("ALEX", {"Alex", "alexandra"}),
        ("_", {"Sam_1"}),
        ("m_1", {"Sam_1"}),
        ("%", {"100% Jo"}),
        ("0%", {"100% Jo"}),
        ("zoë", {"Zoë", "ZOË"}),
        ("\\", {"back\\slash"}),
        ("  sam  ", {"Sam_1", "Sam 1"}),
        ("", set(NAMES)),
        ("nobody", set()),
    ],
)
def test_search_matches_any_part_of_a_name_in_any_case_and_wildcards_are_literal(store, mini_rubric, search, expected):
    save_many(store, mini_rubric, NAMES)
    assert {row.name for row in store.list(search=search, limit=100)} == expected
    assert store.count(search=search) == len(expected)


def test_filter_by_relationship_combines_with_search(store, mini_rubric):
    save_many(store, mini_rubric, ["Alex", "Sam"], relationship="partner")
    save_many(store, mini_rubric, ["Alex", "Jo"], relationship="family")
    assert {(r.name, r.relationship) for r in store.list(relationship="family")} == {
        ("Alex", "family"),
        ("Jo", "family"),
    }
    assert [r.relationship for r in store.list(search="alex", relationship="partner")] == ["partner"]
    assert store.count(relationship="friend") == 0
    with pytest.raises(StoreError, match="relationship"):
        store.list(relationship="enemy")


# Edits


def test_rename_set_notes_and_delete(store, mini_rubric):
    keep, gone = save_many(store, mini_rubric, ["Alex", "Sam"])
    store.rename(keep, " Alexander ")
    store.set_notes(keep, "They apologised.")
    store.delete(gone)
    assert (store.get(keep).name, store.get(keep).notes) == ("Alexander", "They apologised.")
    assert [row.name for row in store.list(search="xander")] == ["Alexander"]
    assert [row.id for row in store.list()] == [keep]


@pytest.mark.parametrize(
    "operation",
    [
        lambda s: s.get(99),
        lambda s: s.assessments([99]),
        lambda s: s.rename(99, "x"),
        lambda s: s.set_notes(99, "x"),
        lambda s: s.delete(99),
    ],
)
def test_unknown_ids_raise_a_clear_lookup_error(store, operation):
    with pytest.raises(AssessmentNotFound, match="no saved assessment has id 99") as caught:
        operation(store)
    assert isinstance(caught.value, LookupError)


def test_rename_and_notes_are_validated(store, mini_rubric):
    new_id = save(store, mini_rubric)
    with pytest.raises(StoreError, match="name"):
        store.rename(new_id, " ")
    with pytest.raises(StoreError, match="notes"):
        store.set_notes(new_id, "x" * 20_001)
    assert store.get(new_id).name == "Alex"


def test_update_details_changes_them_together_or_not_at_all(store, mini_rubric):
    new_id = save(store, mini_rubric)
    store.update_details(new_id, name=" Sam ", relationship="friend", reached_out_on=date(2025, 3, 1), notes="n")
    got = store.get(new_id)
    assert (got.name, got.relationship, got.reached_out_on, got.notes) == ("Sam", "friend", date(2025, 3, 1), "n")
    with pytest.raises(StoreError, match="after today"):
        store.update_details(
            new_id, name="Robin", relationship="family", reached_out_on=date.today() + timedelta(days=1), notes="m"
        )
    assert store.get(new_id) == got


def test_a_future_reached_out_date_is_refused_on_save(store, mini_rubric):
    with pytest.raises(StoreError, match=r"reached_out_on: .* is after today"):
        save(store, mini_rubric, reached_out_on=date.today() + timedelta(days=1))
    assert store.count() == 0


def test_a_deleted_assessment_leaves_no_trace_in_the_file(db_path, mini_rubric):
    store = Store(db_path)
    new_id = save(store, mini_rubric, name="Unmistakable Name", notes="A very private note")
    store.delete(new_id)
    content = db_path.read_bytes()
    assert b"Unmistakable" not in content and b"unmistakable" not in content and b"private note" not in content


def test_history_of_a_name_is_oldest_first_and_that_exact_name_only(store, mini_rubric):
    ids = save_many(store, mini_rubric, ["Sam", "alex", "Sam", "Bea", "Sam", "sam"])
    assert [a.id for a in store.history_of("Sam")] == [ids[0], ids[2], ids[4]]
    assert [a.id for a in store.history_of("sam")] == [ids[5]]
    assert store.history_of("Nobody") == []


# Faithful history


def test_an_old_assessment_re_renders_unchanged_after_the_rubric_file_changes(store, tmp_path):
    rubric_file = tmp_path / "rubric.yaml"
    rubric_file.write_text(MINI_RUBRIC_PATH.read_text())
    original = load_rubric(rubric_file)
    old_id = save(store, original)
    rubric_file.write_text(
        original.text.replace('version: "test-1"', 'version: "test-2"')
        .replace("text: A1.", "text: A1 reworded.")
        .replace("weights: {familiarity: 2,", "weights: {familiarity: 5,")
    )
    edited = load_rubric(rubric_file)
    new_id = save(store, edited)

    old = store.get(old_id)
    then = store.rubric_for(old)
    assert then == original and (then.content_hash, then.version) == (original.content_hash, "test-1")
    assert then.item_by_id["a1"].text == "A1."
    assert old.profile == score_answers(original, SAMPLE) != score_answers(edited, SAMPLE)
    familiarity = score_answers(original, SAMPLE).motives["familiarity"]
    assert evidence_for(then, old.profile.motives["familiarity"]) == evidence_for(original, familiarity)
    assert store.rubric_for(store.get(new_id)).item_by_id["a1"].text == "A1 reworded."


# Drafts


def test_a_draft_is_saved_replaced_and_discarded(store):
    assert store.load_draft() is None
    store.save_draft({"a1": 3}, 1)
    store.save_draft({"a1": 3, "a2": None}, 2)
    draft = store.load_draft()
    assert (draft.answers, draft.step) == ({"a1": 3, "a2": None}, 2)
    assert datetime.now(UTC) - draft.updated_at < timedelta(minutes=1)
    store.discard_draft()
    assert store.load_draft() is None


def test_drafts_are_kept_apart_by_key(store):
    store.save_draft({"a1": 1}, 0, key="tab-1")
    store.save_draft({"a1": 2}, 0, key="tab-2")
    store.discard_draft(key="tab-1")
    assert store.load_draft(key="tab-1") is None
    assert store.load_draft(key="tab-2").answers == {"a1": 2}


def test_a_draft_survives_a_new_store_on_the_same_file(database):
    Store(database).save_draft({"a1": 4}, 3)
    assert Store(database).load_draft().answers == {"a1": 4}


# Durability and concurrency

SAVE_LOOP = """
import sys, time
from threshold.rubric import load_rubric
from threshold.store import Store
store, rubric = Store(sys.argv[1]), load_rubric(sys.argv[2])
while time.time() < float(sys.argv[4]):
    time.sleep(0.001)
for i in range(int(sys.argv[3])):
    print(store.save_assessment(rubric, {"a1": i % 5, "b2": 4 - i % 5}, name=f"person {i}"), flush=True)
"""


def start_saving(db_path, count, start_at=0.0):
    return subprocess.Popen(
        [sys.executable, "-c", SAVE_LOOP, str(db_path), str(MINI_RUBRIC_PATH), str(count), str(start_at)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_process_killed_mid_save_leaves_every_committed_save_intact(database):
    db_path = database
    Store(db_path)
    saver = start_saving(db_path, 100_000)
    reported = [saver.stdout.readline() for _ in range(60)]
    os.kill(saver.pid, signal.SIGKILL)
    reported += saver.stdout.readlines()
    saver.wait(timeout=30)
    assert saver.returncode == -signal.SIGKILL
    committed = [int(line) for line in reported if line.endswith("\n")]

    store = Store(db_path)
    assert store.integrity_check() == "ok"
    assert [a.id for a in store.assessments(committed)] == committed
    # At most the one save in flight when the kill came may have committed without being reported.
    assert len(committed) <= store.count() <= len(committed) + 1


def test_processes_saving_at_the_same_time_lose_nothing(database):
    db_path = database
    Store(db_path)
    start_at = time.time() + 1  # all of them are running by then, so their saves overlap
    savers = [start_saving(db_path, 40, start_at) for _ in range(4)]
    outputs = [saver.communicate(timeout=120)[0] for saver in savers]
    assert all(saver.returncode == 0 for saver in savers)
    ids = [int(line) for output in outputs for line in output.split()]
    store = Store(db_path)
    assert len(ids) == len(set(ids)) == store.count() == 160
    assert store.integrity_check() == "ok"


def test_the_list_and_its_search_are_answered_from_the_listing_index(db_path, mini_rubric):
    # Rows hold answers and profiles: a count or search that read the table would touch a page per row.
    store = Store(db_path)
    save_many(store, mini_rubric, ["Sam", "Alex", "Sam"])
    statements = []
    engine = engine_for(url_for(db_path))
    remember = lambda conn, cursor, sql, params, context, many: statements.append((sql, params))  # noqa: E731
    event.listen(engine, "before_cursor_execute", remember)
    try:
        for search, relationship in ((None, None), ("sam", None), ("sam", "friend"), (None, "partner")):
            store.count(search, relationship)
            store.list(search, relationship, limit=2, offset=1)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    reads = [(sql, params) for sql, params in statements if "FROM assessments" in sql]
    assert len(reads) == 8
    with sqlite3.connect(db_path) as conn:
        for sql, params in reads:
            plan = " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
            assert "USING COVERING INDEX" in plan or "USING INDEX assessments_listing" in plan, (sql, plan)
            assert "SCAN assessments USING COVERING INDEX" in plan if "count(" in sql else True, plan
