"""Their message in the store and in exports: saved with an assessment, kept in the draft, sealed under a lock."""

import json
import shutil
import sqlite3

import pytest
from sqlalchemy import text

from tests.conftest import DATA
from tests.data.make_history_fixtures import LOCKED, LOCKED_PASSPHRASE
from tests.databases import raw
from threshold.store import DATABASE_NAME, MAX_MESSAGE_CHARS, Store, StoreError
from threshold.transfer import TransferError, export_data, export_json, import_bytes

SAMPLE = {"a1": 4, "a2": 1, "b1": None}
#: Spaces cannot occur in base64, so this cannot turn up in a sealed value by chance.
CHAT = "[21/11/2026, 23:14] Sam: Zebedee therapy helped\n[21/11/2026, 23:15] Alex: Marmaduke says hi"
PASSPHRASE = "correct horse battery"


@pytest.fixture
def store(database) -> Store:
    """A fresh database on each engine; the store's own tests cover `:memory:` too."""
    return Store(database)


def files_of(db_path) -> bytes:
    return b"".join(p.read_bytes() for p in db_path.parent.glob(DATABASE_NAME + "*") if p.is_file())


# Saved with an assessment


def test_the_message_and_its_speaker_are_saved_with_the_assessment(store, mini_rubric):
    saved = store.save_assessment(mini_rubric, SAMPLE, name="Sam", message=CHAT, message_speaker="Sam")
    assessment = store.get(saved)
    assert (assessment.message, assessment.message_speaker) == (CHAT, "Sam")


def test_an_assessment_without_a_message_has_an_empty_one(store, mini_rubric):
    assessment = store.get(store.save_assessment(mini_rubric, SAMPLE, name="Sam"))
    assert (assessment.message, assessment.message_speaker) == ("", "")


def test_a_speaker_without_a_message_is_not_kept(store, mini_rubric):
    assessment = store.get(store.save_assessment(mini_rubric, SAMPLE, name="Sam", message_speaker="Sam"))
    assert assessment.message_speaker == ""


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"message": "x" * (MAX_MESSAGE_CHARS + 1)}, "message: 20,001 characters is over the limit of 20,000"),
        ({"message": "hi", "message_speaker": "x" * 201}, "message_speaker: 201 characters is over the limit"),
        ({"message": "\ud800"}, "message: not valid Unicode text"),
        ({"message": 42}, "message: expected text, got int"),
    ],
)
def test_a_bad_message_is_refused_and_nothing_is_saved(store, mini_rubric, fields, problem):
    with pytest.raises(StoreError, match=problem):
        store.save_assessment(mini_rubric, SAMPLE, name="Sam", **fields)
    with pytest.raises(StoreError, match=problem):
        store.save_draft(SAMPLE, 1, **fields)
    assert store.count() == 0 and store.load_draft() is None


# Kept in the draft


def test_the_draft_keeps_the_message_even_before_any_answer(store):
    store.save_draft({}, 0, message=CHAT, message_speaker="Alex")
    draft = store.load_draft()
    assert (draft.answers, draft.message, draft.message_speaker) == ({}, CHAT, "Alex")
    store.save_draft({"a1": 2}, 1)  # a draft saved without a message has none
    assert store.load_draft().message == ""


# Migration of a database from before messages


#: What 0003 and every later migration added, dropped again to make a database from before 0003.
LATER_COLUMNS = [
    ("assessments", "message"),
    ("assessments", "message_speaker"),
    ("drafts", "message"),
    ("drafts", "message_speaker"),
    ("assessments", "decision"),
    ("assessments", "replies"),
    ("assessments", "follow_up_of"),
    ("drafts", "uid"),
    ("passphrase_lock", "scrub_pending"),
]


def test_an_older_database_gains_the_message_columns_and_keeps_its_rows(database, mini_rubric):
    old = Store(database)
    kept = old.save_assessment(mini_rubric, SAMPLE, name="Sam", notes="kept")
    old.save_draft({"a1": 1}, 2)
    with raw(database) as conn:  # turn it into a database from before 0003
        conn.execute(text("DROP INDEX assessments_follow_up_of"))
        conn.execute(text("DROP INDEX assessments_listing"))  # and the index of 0006, as it was before
        conn.execute(text("CREATE INDEX assessments_taken_at ON assessments (taken_at)"))
        for table, column in LATER_COLUMNS:
            conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0002_passphrase_lock'"))
    store = Store(database)
    assert store.applied_migrations()[2] == "0003_their_message"
    assessment = store.get(kept)
    assert (assessment.notes, assessment.message) == ("kept", "")
    assert (store.load_draft().answers, store.load_draft().message) == ({"a1": 1}, "")
    assert store.get(store.save_assessment(mini_rubric, SAMPLE, name="Robin", message=CHAT)).message == CHAT


# Under a passphrase lock


@pytest.mark.usefixtures("cheap_kdf")
def test_under_a_lock_the_message_and_speaker_are_sealed_on_disk(db_path, mini_rubric):
    store = Store(db_path)
    key = store.set_passphrase(PASSPHRASE)
    saved = store.save_assessment(mini_rubric, SAMPLE, name="Sam", message=CHAT, message_speaker="Alex")
    store.save_draft({}, 0, message=CHAT, message_speaker="Alex")
    on_disk = files_of(db_path)
    assert b"Zebedee therapy" not in on_disk and b"Marmaduke says" not in on_disk and b"Alex" not in on_disk
    unlocked = Store(db_path, key=key)
    assert (unlocked.get(saved).message, unlocked.get(saved).message_speaker) == (CHAT, "Alex")
    assert unlocked.load_draft().message == CHAT


@pytest.mark.usefixtures("cheap_kdf")
def test_setting_and_removing_a_lock_reseals_the_message(db_path, mini_rubric):
    store = Store(db_path)
    saved = store.save_assessment(mini_rubric, SAMPLE, name="Sam", message=CHAT)
    store.save_draft({}, 0, message=CHAT)
    store.set_passphrase(PASSPHRASE)
    assert b"Zebedee therapy" not in files_of(db_path)
    assert (store.get(saved).message, store.load_draft().message) == (CHAT, CHAT)
    store.remove_passphrase()
    assert (Store(db_path).get(saved).message, Store(db_path).load_draft().message) == (CHAT, CHAT)


def test_a_row_from_before_the_message_column_reads_as_no_message_under_a_lock(db_path):
    """The migration had no key, so a database locked before seal format 2 holds '' there in older rows;
    that is no message (and the reseal in format 2 keeps it as no message)."""
    shutil.copyfile(LOCKED, db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE assessments SET message = '', message_speaker = ''")
    key = Store(db_path).key_for(LOCKED_PASSPHRASE)
    unlocked = Store(db_path, key=key)
    assert {a.message for a in unlocked.assessments()} == {""}
    unlocked.remove_passphrase()
    assert {a.message for a in Store(db_path).assessments()} == {""}


@pytest.mark.usefixtures("cheap_kdf")
def test_under_a_lock_today_a_blanked_message_reads_as_damage(database, mini_rubric):
    store = Store(database)
    key = store.set_passphrase(PASSPHRASE)
    saved = store.save_assessment(mini_rubric, SAMPLE, name="Sam", message=CHAT)
    with raw(database) as conn:
        conn.execute(text("UPDATE assessments SET message = ''"))
    with pytest.raises(StoreError, match=r"assessments\.message of assessment .*: blank where a sealed value belongs"):
        Store(database, key=key).get(saved)


# Export and import


def test_an_export_keeps_the_message_and_imports_it_back(tmp_path, mini_rubric):
    source, target = Store(tmp_path / "a.sqlite3"), Store(tmp_path / "b.sqlite3")
    source.save_assessment(mini_rubric, SAMPLE, name="Sam", message=CHAT, message_speaker="Sam")
    exported = export_data(source)["assessments"][0]
    assert (exported["message"], exported["message_speaker"]) == (CHAT, "Sam")
    assert import_bytes(target, export_json(source).encode()).added == 1
    assert target.assessments() == source.assessments()


def test_an_export_without_a_message_leaves_the_field_out_so_older_threshold_reads_it(store, mini_rubric):
    store.save_assessment(mini_rubric, SAMPLE, name="Sam")
    assert "message" not in export_data(store)["assessments"][0]


def test_an_export_from_before_messages_still_imports(store):
    assert import_bytes(store, (DATA / "imports" / "valid_v1.json").read_bytes()).added == 2
    assert [a.message for a in store.assessments()] == ["", ""]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"message": "x" * (MAX_MESSAGE_CHARS + 1)}, "assessments[0].message: String should have at most 20000"),
        ({"message": 7}, "assessments[0].message: Input should be a valid string"),
        ({"message": "\ud800"}, "assessments[0].message: holds half of a character"),
        ({"message": "hi", "message_speaker": "x" * 201}, "assessments[0].message_speaker: String should have at most"),
    ],
)
def test_an_import_with_a_bad_message_is_refused_by_path(store, fields, problem):
    data = json.loads((DATA / "imports" / "valid_v1.json").read_bytes())
    data["assessments"][0].update(fields)
    with pytest.raises(TransferError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        import_bytes(store, json.dumps(data).encode())
    assert store.count() == 0
