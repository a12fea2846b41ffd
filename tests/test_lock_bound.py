"""The lock, tightened: each sealed value is bound to its table, column and row; histories locked before
that still open and are resealed; setting a lock leaves no plain text behind its commit, even when the
process is killed before the file is compacted; a full disk is reported truthfully; a tampered lock
record is refused with a clear error."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from tests.conftest import ROOT
from tests.data.make_history_fixtures import EXPECTED, LOCKED, LOCKED_PASSPHRASE, read_back
from tests.databases import raw
from threshold.store import DATABASE_NAME, LockDamaged, LockSetNotCleared, Store, StoreError
from threshold.store import engine as engines
from threshold.store import lock as lock_record

pytestmark = pytest.mark.usefixtures("cheap_kdf")  # every test here sets a lock: a cheaper Scrypt

PASSPHRASE = "correct horse battery"
SAMPLE = {"a1": 4, "a2": 1, "b1": 2}
#: Spaces cannot occur in base64, so none of these can turn up in a sealed value by chance.
PEOPLE = [("Zebedee Marlowe", "He wrote at 3 a.m. again"), ("Quentin O'Hara", "Said sorry, then asked for money")]


def locked_with_two(target, rubric):
    """A locked history of two assessments (the second a follow-up of the first) and a draft; its key and ids."""
    key = Store(target).set_passphrase(PASSPHRASE)
    store = Store(target, key=key)
    (name, notes), (other_name, other_notes) = PEOPLE
    first = store.save_assessment(rubric, SAMPLE, name=name, notes=notes, message="hi, me again")
    second = store.save_assessment(
        rubric, SAMPLE, name=other_name, notes=other_notes, message="it's me", follow_up_of=first
    )
    return key, first, second


def files_of(db_path) -> bytes:
    return b"".join(p.read_bytes() for p in db_path.parent.glob(DATABASE_NAME + "*") if p.is_file())


# Bound to the row


MOVABLE = ["name", "answers", "profile", "notes", "message", "message_speaker", "decision", "replies", "follow_up_of"]


@pytest.mark.parametrize("column", MOVABLE)
def test_a_sealed_value_moved_to_another_row_reads_as_damage_not_as_that_rows(database, mini_rubric, column):
    key, first, second = locked_with_two(database, mini_rubric)
    with raw(database) as conn:  # the second row's value, put in the first row
        conn.execute(
            text(f"UPDATE assessments SET {column} = (SELECT {column} FROM assessments WHERE id = :b) WHERE id = :a"),
            {"a": first, "b": second},
        )
    store = Store(database, key=key)
    uid = store.assessments([second])[0].follow_up_of_uid
    with pytest.raises(StoreError, match=rf"assessments\.{column} of assessment {uid}: cannot be decrypted") as caught:
        store.get(first)
    assert "moved from another row" in str(caught.value)
    assert store.get(second).name == PEOPLE[1][0]


@pytest.mark.parametrize("column", MOVABLE)
def test_a_blanked_sealed_field_reads_as_damage(database, mini_rubric, column):
    key, first, _ = locked_with_two(database, mini_rubric)
    blank = "NULL" if column == "follow_up_of" else "''"
    with raw(database) as conn:
        conn.execute(text(f"UPDATE assessments SET {column} = {blank} WHERE id = :a"), {"a": first})
    with pytest.raises(StoreError, match=rf"assessments\.{column} of assessment .*: blank where a sealed value"):
        Store(database, key=key).get(first)


def test_a_sealed_draft_moved_to_another_draft_reads_as_damage_but_a_claimed_one_opens(database):
    key = Store(database).set_passphrase(PASSPHRASE)
    store = Store(database, key=key)
    store.save_draft({"a1": 1}, 1, key="window-a", message="from a")
    store.save_draft({"a1": 2}, 1, key="window-b", message="from b")
    assert store.claim_draft("window-b", "window-c")
    assert store.load_draft(key="window-c").message == "from b"  # its uid went with it
    with raw(database) as conn:
        taken = "SELECT answers FROM drafts WHERE key = 'window-c'"
        conn.execute(text(f"UPDATE drafts SET answers = ({taken}) WHERE key = 'window-a'"))
    with pytest.raises(StoreError, match=r"drafts\.answers of draft .*: cannot be decrypted"):
        Store(database, key=key).load_draft(key="window-a")


# Locked before the row binding


def sealed_prefixes(db_path) -> set[str]:
    with sqlite3.connect(db_path) as conn:
        values = conn.execute("SELECT name, notes, answers, profile FROM assessments").fetchall()
        values += conn.execute("SELECT verifier FROM passphrase_lock").fetchall()
    return {value[:4] for row in values for value in row}


def test_a_history_locked_before_the_row_binding_opens_and_is_resealed_bound_to_its_rows(db_path):
    shutil.copyfile(LOCKED, db_path)
    assert sealed_prefixes(db_path) == {"tl1:"}
    locked = Store(db_path)
    assert sealed_prefixes(db_path) == {"tl1:"}  # without the key nothing can be resealed
    key = locked.key_for(LOCKED_PASSPHRASE)
    assert read_back(Store(db_path, key=key)) == json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert sealed_prefixes(db_path) == {"tl2:"}
    assert Store(db_path).key_for(LOCKED_PASSPHRASE) == key  # the same passphrase and key


def test_after_the_reseal_a_value_of_the_old_format_is_refused(db_path, tmp_path):
    shutil.copyfile(LOCKED, db_path)
    key = Store(db_path).key_for(LOCKED_PASSPHRASE)
    first = Store(db_path, key=key).assessments()[0]
    with sqlite3.connect(LOCKED) as old:
        old_notes = old.execute("SELECT notes FROM assessments WHERE uid = ?", (first.uid,)).fetchone()[0]
    with raw(db_path) as conn:  # the row's own notes as they were sealed before: a downgrade
        conn.execute(text("UPDATE assessments SET notes = :n WHERE uid = :u"), {"n": old_notes, "u": first.uid})
    with pytest.raises(StoreError, match="cannot be decrypted"):
        Store(db_path, key=key).get(first.id)


# Nothing plain behind the commit

KILLED_AFTER_COMMIT = """
import os, signal, sys
from threshold import crypto
from threshold.store import Store
from threshold.store import lock

crypto.SCRYPT_N = 2**12
# Killed where the lock is committed and the file is not compacted yet.
lock.scrub = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
Store(sys.argv[1]).set_passphrase(sys.argv[2])
"""


def test_a_process_killed_between_the_commit_and_the_compaction_leaves_the_lock_set_and_no_plain_text(
    db_path, mini_rubric
):
    store = Store(db_path)
    for name, notes in PEOPLE:
        store.save_assessment(mini_rubric, SAMPLE, name=name, notes=notes)
    assert PEOPLE[0][0].encode() in files_of(db_path)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_COMMIT, str(db_path), PASSPHRASE], cwd=ROOT, capture_output=True
    )
    assert killed.returncode == -signal.SIGKILL
    with raw(db_path) as conn:
        assert conn.execute(text("SELECT scrub_pending FROM passphrase_lock")).scalar() == 1
    reopened = Store(db_path)  # any store that opens it finishes the job first
    assert reopened.has_lock
    on_disk = files_of(db_path)
    assert [text for person in PEOPLE for text in person if text.encode() in on_disk] == []
    with raw(db_path) as conn:
        assert conn.execute(text("SELECT scrub_pending FROM passphrase_lock")).scalar() == 0
    key = reopened.key_for(PASSPHRASE)
    assert [a.name for a in Store(db_path, key=key).assessments()] == [name for name, _ in PEOPLE]


def test_a_full_disk_before_the_commit_says_the_lock_was_not_set_and_changes_nothing(db_path, mini_rubric):
    store = Store(db_path)
    for n in range(20):
        store.save_assessment(mini_rubric, SAMPLE, name=f"Person {n}", notes="a long note " * 250)
    url = engines.url_for(db_path)
    engines.forget_engine(url)
    pages = sqlite3.connect(db_path).execute("PRAGMA page_count").fetchone()[0]
    # The file may not grow: sealed values are longer than plain ones, so the reseal cannot fit.
    event.listen(engines.engine_for(url), "connect", lambda dbapi, _: dbapi.execute(f"PRAGMA max_page_count = {pages}"))
    try:
        with pytest.raises(StoreError, match="the lock was not set: the disk is full; nothing was changed"):
            Store(db_path).set_passphrase(PASSPHRASE)
    finally:
        engines.forget_engine(url)
    after = Store(db_path)
    assert not after.has_lock and after.count() == 20 and after.get(1).notes == "a long note " * 250


def disk_full(*_args):
    """What SQLite raises when the disk is full, raised where the compaction would run."""
    tiny = sqlite3.connect(":memory:")
    tiny.execute("PRAGMA max_page_count = 2")
    try:
        tiny.execute("CREATE TABLE t (x)")
        tiny.execute("INSERT INTO t VALUES (zeroblob(100000))")
    except sqlite3.OperationalError as full:
        raise OperationalError("VACUUM", None, full) from None


def test_a_full_disk_after_the_commit_says_the_lock_is_set_and_finishes_later(db_path, mini_rubric, monkeypatch):
    Store(db_path).save_assessment(mini_rubric, SAMPLE, name="Zebedee Marlowe")
    scrub = lock_record.scrub
    monkeypatch.setattr(lock_record, "scrub", disk_full)
    with pytest.raises(LockSetNotCleared, match=r"the lock is set, but .*\(the disk is full\)") as caught:
        Store(db_path).set_passphrase(PASSPHRASE)
    assert Store(db_path, key=caught.value.key).get(1).name == "Zebedee Marlowe"
    monkeypatch.setattr(lock_record, "scrub", scrub)
    assert Store(db_path).has_lock and b"Zebedee" not in files_of(db_path)


# A tampered lock record


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ("scrypt_n = 1073741824", "scrypt N = 1073741824 is not a power of two between"),
        ("scrypt_n = 3", "scrypt N = 3 is not a power of two"),
        ("scrypt_r = 1000000", "asks for more than Threshold ever uses"),
        ("scrypt_p = 1000", "asks for more than Threshold ever uses"),
        ("verifier = 'hello'", "the verifier is not a sealed value"),
    ],
)
def test_a_tampered_lock_record_is_refused_with_a_clear_error(database, mini_rubric, change, problem):
    locked_with_two(database, mini_rubric)
    with raw(database) as conn:
        conn.execute(text(f"UPDATE passphrase_lock SET {change}"))
    with pytest.raises(LockDamaged, match=f"the passphrase lock's record is damaged or was tampered with .*{problem}"):
        Store(database)


def test_the_command_line_refuses_a_tampered_lock_without_a_traceback(db_path, mini_rubric):
    locked_with_two(db_path, mini_rubric)
    with raw(db_path) as conn:
        conn.execute(text("UPDATE passphrase_lock SET scrypt_n = 1099511627776"))
    env = {**os.environ, "THRESHOLD_DATA_DIR": str(db_path.parent), "THRESHOLD_PASSPHRASE": PASSPHRASE}
    done = subprocess.run(
        [sys.executable, "-m", "threshold", "list"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    assert "damaged or was tampered with" in done.stderr and "Traceback" not in done.stderr
