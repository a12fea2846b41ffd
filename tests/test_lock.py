"""The passphrase lock: what is sealed at rest, wrong passphrases, search under lock, and re-encryption."""

import hashlib
import json

import pytest
from sqlalchemy import text

from tests.databases import raw
from threshold import crypto
from threshold.store import (
    DATABASE_NAME,
    Store,
    StoreError,
    StoreLocked,
    WrongPassphrase,
)
from threshold.transfer import export_json, import_bytes

pytestmark = pytest.mark.usefixtures("cheap_kdf")  # every test here sets a lock: a cheaper Scrypt

PASSPHRASE = "correct horse battery"
SAMPLE = {"a1": 4, "a2": 1, "a3": 1, "b1": 2, "b2": 0, "s1": 1, "f1": None}
#: Spaces and punctuation cannot occur in base64, so none of these can turn up in a sealed value by chance.
TABLES = ("assessments", "drafts", "passphrase_lock", "rubrics")
PEOPLE = [("Zebedee Marlowe", "He wrote at 3 a.m. again"), ("Quentin O'Hara", "Said sorry, then asked for money")]
#: Their message as pasted, a chat with its speaker: sealed like the notes.
MESSAGE, SPEAKER = "Zeb: hey it's me, can we talk?\nMe: why now", "Zeb Speaker"


def save_people(store, rubric, people=PEOPLE):
    return [
        store.save_assessment(rubric, SAMPLE, name=name, notes=notes, message=MESSAGE, message_speaker=SPEAKER)
        for name, notes in people
    ]


def plain_forms(people=PEOPLE) -> list[bytes]:
    """Every way the private text could appear in the file: names, notes, answers and profile JSON."""
    texts = [text for person in people for text in person] + [*MESSAGE.splitlines(), SPEAKER]
    return [
        *(t.encode() for t in texts),
        *(t.casefold().encode() for t in texts),
        json.dumps(SAMPLE).encode(),
        b'"a1": 4',
        b'"safety_flag"',
        b'"contributions"',
    ]


def files_of(db_path) -> bytes:
    """The database and its write-ahead log, as they lie on disk (nothing for a database on a server)."""
    if isinstance(db_path, str):
        return b""
    return b"".join(p.read_bytes() for p in db_path.parent.glob(DATABASE_NAME + "*") if p.is_file())


def hashes(db_path) -> dict[str, str]:
    if isinstance(db_path, str):  # a server's database: its rows, as text
        with raw(db_path) as conn:
            return {table: str(conn.execute(text(f"SELECT * FROM {table} ORDER BY 1")).all()) for table in TABLES}
    # Not the -shm file: it is SQLite's shared-memory index of the log, which every reader writes to.
    files = (p for p in db_path.parent.iterdir() if p.is_file() and not p.name.endswith("-shm"))
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_the_key_derivation_is_memory_hard(database, monkeypatch):
    monkeypatch.undo()
    Store(database).set_passphrase(PASSPHRASE)
    with raw(database) as conn:
        n, r, p = conn.execute(text("SELECT scrypt_n, scrypt_r, scrypt_p FROM passphrase_lock")).fetchone()
    assert 128 * n * r * p >= 128 * 2**20  # at least 128 MiB for every guess


@pytest.mark.parametrize("lock_first", [True, False], ids=["saved-under-lock", "locked-after-saving"])
def test_a_locked_database_holds_no_private_text_in_plain_form(db_path, mini_rubric, lock_first):
    store = Store(db_path)
    if lock_first:
        store = Store(db_path, key=store.set_passphrase(PASSPHRASE))
    save_people(store, mini_rubric)
    store.save_draft(SAMPLE, 2, message=MESSAGE, message_speaker=SPEAKER)
    if not lock_first:
        assert all(form in files_of(db_path) for form in plain_forms()[:2])  # plain before the lock
        store.set_passphrase(PASSPHRASE)
    on_disk = files_of(db_path)
    assert [form for form in plain_forms() if form in on_disk] == []
    draft = Store(db_path, key=Store(db_path).key_for(PASSPHRASE)).load_draft()
    assert (draft.answers, draft.message, draft.message_speaker) == (SAMPLE, MESSAGE, SPEAKER)


def test_edits_under_a_lock_stay_sealed(db_path, mini_rubric):
    store = Store(db_path)
    store = Store(db_path, key=store.set_passphrase(PASSPHRASE))
    first, _ = save_people(store, mini_rubric)
    store.rename(first, "Renamed Person")
    store.set_notes(first, "New notes, written later")
    on_disk = files_of(db_path)
    assert b"Renamed Person" not in on_disk and b"New notes, written later" not in on_disk
    assert (store.get(first).name, store.get(first).notes) == ("Renamed Person", "New notes, written later")


def test_without_the_key_nothing_private_can_be_read(database, mini_rubric):
    unlocked = Store(database, key=Store(database).set_passphrase(PASSPHRASE))
    save_people(unlocked, mini_rubric)
    unlocked.save_draft(SAMPLE, 1)
    locked = Store(database)
    assert locked.has_lock
    trend, one = (lambda: locked.history_of("Sam")), (lambda: locked.get(1))
    for read in (locked.list, trend, locked.assessments, locked.load_draft, one):
        with pytest.raises(StoreLocked):
            read()
    with pytest.raises(StoreLocked):
        locked.save_draft(SAMPLE, 1)


@pytest.mark.parametrize("wrong", ["correct horse battery ", "Correct horse battery", "", "x" * 100])
def test_a_wrong_passphrase_is_refused_and_changes_nothing(database, mini_rubric, wrong):
    save_people(Store(database, key=Store(database).set_passphrase(PASSPHRASE)), mini_rubric)
    before = hashes(database)
    with pytest.raises(WrongPassphrase, match="does not open"):
        Store(database).key_for(wrong)
    with pytest.raises(WrongPassphrase):
        Store(database, key=bytes(32))
    assert hashes(database) == before


SEARCHES = [
    (None, None),
    ("e", None),
    ("ZEB", None),
    ("o'h", None),
    ("nobody", None),
    (None, "friend"),
    ("e", "friend"),
]


@pytest.mark.parametrize(("search", "relationship"), SEARCHES)
def test_search_and_paging_under_a_lock_match_the_plain_store(databases, mini_rubric, search, relationship):
    plain, locked = Store(databases.new("plain.sqlite3")), Store(databases.new("locked.sqlite3"))
    locked = Store(locked.path, key=locked.set_passphrase(PASSPHRASE))
    for store in (plain, locked):
        for n in range(7):
            for name, notes in PEOPLE:
                rel = "friend" if n % 2 else "partner"
                store.save_assessment(mini_rubric, SAMPLE, name=f"{name} {n}", notes=notes, relationship=rel)

    def pages(store):
        return [[(r.name, r.dominant, r.scores) for r in store.list(search, relationship, 3, o)] for o in (0, 3, 12)]

    assert pages(locked) == pages(plain)
    assert locked.count(search, relationship) == plain.count(search, relationship)
    trend = f"{PEOPLE[0][0]} 3"
    assert [a.id for a in locked.history_of(trend)] == [a.id for a in plain.history_of(trend)]


def test_changing_the_passphrase_re_encrypts_and_the_old_one_stops_working(database, mini_rubric):
    old_key = Store(database).set_passphrase(PASSPHRASE)
    ids = save_people(Store(database, key=old_key), mini_rubric)
    new_key = Store(database, key=old_key).set_passphrase("a different phrase")
    with pytest.raises(WrongPassphrase):
        Store(database).key_for(PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        Store(database, key=old_key)
    reopened = Store(database, key=Store(database).key_for("a different phrase"))
    assert reopened.key_for("a different phrase") == new_key
    assert [(a.name, a.notes) for a in reopened.assessments(ids)] == PEOPLE
    assert {(a.message, a.message_speaker) for a in reopened.assessments(ids)} == {(MESSAGE, SPEAKER)}
    assert [form for form in plain_forms() if form in files_of(database)] == []


def test_removing_the_lock_brings_back_plain_rows_and_sql_search(database, mini_rubric):
    key = Store(database).set_passphrase(PASSPHRASE)
    save_people(Store(database, key=key), mini_rubric)
    Store(database, key=key).remove_passphrase()
    store = Store(database)
    assert not store.has_lock
    assert [r.name for r in store.list("zeb")] == [PEOPLE[0][0]]
    assert [r.dominant for r in store.list()] == [store.get(r.id).profile.dominant for r in store.list()]


def test_a_store_opened_before_the_lock_was_set_elsewhere_writes_nothing(database, mini_rubric):
    stale = Store(database)
    Store(database).set_passphrase(PASSPHRASE)
    with pytest.raises(StoreError, match="elsewhere"):
        stale.save_assessment(mini_rubric, SAMPLE, name="Written in plain")
    with pytest.raises(StoreError, match="elsewhere"):
        stale.save_draft(SAMPLE, 1)
    assert b"Written in plain" not in files_of(database)


def test_a_changed_sealed_value_is_refused_not_misread(database, mini_rubric):
    key = Store(database).set_passphrase(PASSPHRASE)
    first, second = save_people(Store(database, key=key), mini_rubric)
    with raw(database) as conn:  # someone swaps the notes of two rows, or moves a note into a name
        moved = "UPDATE assessments SET name = (SELECT notes FROM assessments WHERE id = :b) WHERE id = :a"
        conn.execute(text(moved), {"a": 1, "b": 2})
    with pytest.raises(StoreError, match="cannot be decrypted"):
        Store(database, key=key).get(first)
    assert Store(database, key=key).get(second).name == PEOPLE[1][0]


def test_import_into_a_locked_store_is_sealed_and_export_from_it_is_plain(databases, mini_rubric):
    source = Store(databases.new("source.sqlite3"))
    save_people(source, mini_rubric)
    target_path = databases.new("target.sqlite3")
    target = Store(target_path, key=Store(target_path).set_passphrase(PASSPHRASE))
    assert import_bytes(target, export_json(source).encode()).added == 2
    assert [form for form in plain_forms() if form in files_of(target_path)] == []
    exported = json.loads(export_json(target))
    assert [(a["name"], a["notes"]) for a in exported["assessments"]] == PEOPLE


@pytest.mark.parametrize(
    ("passphrase", "problem"),
    [
        ("short", "at least 8 characters"),
        ("1234567", "at least 8 characters"),
        ("abc\u200b\u200b\u200b\u200b\u200b\u200b", "at least 8 characters"),  # three visible
        ("", "only spaces or invisible characters"),
        (" " * 12, "only spaces or invisible characters"),
        ("\t\u00a0\u3000\n" * 3, "only spaces or invisible characters"),
        ("\u200b\u200d\u2060\ufeff" * 3, "only spaces or invisible characters"),
        ("\u202e\u2066\u200f\u061c" * 3, "only spaces or invisible characters"),
        ("\u3164\u2800" * 5, "only spaces or invisible characters"),
        ("aaaaaaaaaaaa", "one character repeated"),
        ("  x x x x x x x x  ", "one character repeated"),
        ("\u00e9\u200b" * 10, "one character repeated"),
    ],
)
def test_a_weak_passphrase_is_refused(database, passphrase, problem):
    with pytest.raises(StoreError, match=problem):
        Store(database).set_passphrase(passphrase)
    assert not Store(database).has_lock


@pytest.mark.parametrize("passphrase", ["correct horse", "12345678", "ab" * 4, "über café"])
def test_a_passphrase_of_eight_visible_characters_not_all_alike_is_enough(passphrase):
    assert crypto.passphrase_problem(passphrase) is None


def test_each_value_gets_its_own_nonce_and_is_bound_to_its_field():
    sealer = crypto.Sealer(bytes(range(32)))
    first, second = sealer.seal("Sam", "assessments.name"), sealer.seal("Sam", "assessments.name")
    assert first != second and sealer.open(first, "assessments.name") == "Sam"
    with pytest.raises(crypto.DamagedValue):
        sealer.open(first, "assessments.notes")
    with pytest.raises(crypto.DamagedValue):
        crypto.Sealer(bytes(32)).open(first, "assessments.name")
