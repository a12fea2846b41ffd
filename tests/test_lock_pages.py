"""AppTest: setting, using, changing and removing the passphrase lock in the app."""

import hashlib

import pytest

from components import state
from components.navigation import HISTORY, PRIVACY, RUBRIC, SAVED, WORKSHOP
from tests.apptest import PAGES, button, open_app
from threshold.store import DATABASE_NAME, Store, StoreError
from threshold.store import lock as lock_record

pytestmark = pytest.mark.usefixtures("cheap_kdf")  # a cheaper Scrypt (the app runs in this process)

PASSPHRASE = "correct horse battery"
LOCKED_HEADING = "Your saved reflections are locked"


def full_answers(rubric):
    return {i.id: max(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}


@pytest.fixture
def locked(rubric):
    """A history with one saved reflection, locked; its id."""
    store = Store.default()
    return Store.default(key=store.set_passphrase(PASSPHRASE)).save_assessment(
        rubric, full_answers(rubric), name="Zebedee Marlowe", notes="He wrote at 3 a.m."
    )


def field(at, label):
    return next(t for t in at.text_input if t.label == label)


def fill_new_passphrase(at, passphrase, again=None, understood=True):
    field(at, "New passphrase").set_value(passphrase)
    field(at, "The same passphrase again").set_value(passphrase if again is None else again)
    if understood:
        next(c for c in at.checkbox if "cannot be recovered" in c.label).check()


def test_setting_a_lock_says_there_is_no_recovery_first_then_seals_the_history(rubric, data_dir):
    Store.default().save_assessment(rubric, full_answers(rubric), name="Zebedee Marlowe", notes="He wrote at 3 a.m.")
    at = open_app(PRIVACY)
    assert "no way to recover a forgotten passphrase" in at.warning[0].value  # said before anything is set
    fill_new_passphrase(at, PASSPHRASE)
    button(at, "Lock my saved reflections").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Locked.")
    assert Store.default().has_lock and at.session_state[state.LOCK_KEY.name]
    assert b"Zebedee Marlowe" not in (data_dir / DATABASE_NAME).read_bytes()
    at.switch_page(HISTORY).run()  # this window stays unlocked
    assert list(at.dataframe[0].value["Name"]) == ["Zebedee Marlowe"]


def test_the_privacy_page_says_exactly_what_stays_readable_under_the_lock():
    at = open_app(PRIVACY)
    said = " ".join(c.value for c in at.caption)
    for readable in ("how many reflections are saved", "relationship", "the day they reached out", "length"):
        assert readable in said
    assert "Everything else is encrypted, each value bound to its own reflection" in said


def test_a_lock_set_on_a_full_disk_keeps_the_key_and_says_what_is_left_to_do(rubric, monkeypatch):
    Store.default().save_assessment(rubric, full_answers(rubric), name="Zebedee Marlowe")

    def full(*_args):
        raise StoreError("the disk is full")

    monkeypatch.setattr(lock_record, "scrub", full)
    at = open_app(PRIVACY)
    fill_new_passphrase(at, PASSPHRASE)
    button(at, "Lock my saved reflections").click().run()
    assert not at.exception
    assert (
        at.success[0].value.startswith("Locked.") and "the lock is set, but the file still holds" in at.success[0].value
    )
    assert Store.default().has_lock and at.session_state["lock_key"]


@pytest.mark.parametrize(
    ("passphrase", "again", "understood", "error"),
    [
        (PASSPHRASE, "correct horse batteries", True, "not the same"),
        ("short", None, True, "at least 8 characters"),
        (" " * 10, None, True, "only spaces or invisible characters"),
        ("\u200b" * 10, None, True, "only spaces or invisible characters"),
        ("zzzzzzzzzz", None, True, "one character repeated"),
        (PASSPHRASE, None, False, "no recovery"),
    ],
)
def test_a_lock_is_not_set_without_a_matching_long_passphrase_and_the_tick(passphrase, again, understood, error):
    at = open_app(PRIVACY)
    fill_new_passphrase(at, passphrase, again, understood)
    button(at, "Lock my saved reflections").click().run()
    assert error in at.error[0].value and "Nothing was changed" in at.error[0].value
    assert not Store.default().has_lock


#: Pages that show nothing of the history, so a facilitator can open them in front of a room without unlocking.
NOT_PERSONAL = {WORKSHOP: "Workshop", RUBRIC: "How scoring works"}


@pytest.mark.parametrize("page", [None, *(p for p in PAGES if p not in NOT_PERSONAL)])
def test_a_locked_history_asks_for_the_passphrase_before_any_page_content(locked, page):
    at = open_app(page)
    assert not at.exception
    assert [s.value for s in at.subheader] == [LOCKED_HEADING]
    assert not at.title  # nothing of the page itself
    assert at.main.children[0].key == "quick_exit"


@pytest.mark.parametrize("page", NOT_PERSONAL)
def test_the_workshop_and_the_rubric_open_without_unlocking(locked, page):
    at = open_app(page)
    assert not at.exception
    assert [t.value for t in at.title] == [NOT_PERSONAL[page]]
    assert LOCKED_HEADING not in [s.value for s in at.subheader]
    assert state.LOCK_KEY.name not in at.session_state


def test_a_locked_history_stays_hidden_in_a_workshop(locked):
    at = open_app(WORKSHOP)
    next(t for t in at.toggle if t.label == "Presenter mode").set_value(True).run()
    for page in (None, *PAGES):
        at.switch_page(page or "app.py").run()
        assert not at.exception, page
        assert LOCKED_HEADING not in [s.value for s in at.subheader], page
        assert "Zebedee" not in " ".join(str(e.value) for e in at.main if hasattr(e, "value")), page


def file_hashes(data_dir) -> dict[str, str]:
    # Not SQLite's -shm file: the shared-memory index of its log, which every reader writes to.
    files = (p for p in data_dir.iterdir() if not p.name.endswith("-shm"))
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_a_wrong_passphrase_gets_a_clear_message_and_changes_nothing(locked, data_dir):
    before = file_hashes(data_dir)
    at = open_app(HISTORY)
    field(at, "Passphrase").set_value("wrong horse battery")
    button(at, "Unlock").click().run()
    assert at.error[0].value == "That passphrase is not the right one. Nothing was changed; try again."
    assert [s.value for s in at.subheader] == [LOCKED_HEADING] and state.LOCK_KEY.name not in at.session_state
    assert file_hashes(data_dir) == before


def test_the_right_passphrase_opens_history_search_and_the_saved_view(locked):
    at = open_app(HISTORY)
    field(at, "Passphrase").set_value(PASSPHRASE)
    button(at, "Unlock").click().run()
    assert at.title[0].value == "History"
    at.text_input[0].set_value("zeb").run()
    assert list(at.dataframe[0].value["Name"]) == ["Zebedee Marlowe"]
    at.session_state[state.VIEWING.name] = locked
    at.switch_page(SAVED).run()
    assert "He wrote at 3 a.m." in [t.value for t in at.text]


def test_private_mode_needs_no_passphrase(locked):
    at = open_app()
    next(t for t in at.sidebar.toggle if t.label == "Private mode").set_value(True).run()
    assert at.title[0].value == "Threshold"


def test_a_forgotten_passphrase_can_still_delete_everything(locked, data_dir):
    at = open_app()
    button(at, "Delete everything…").click().run()
    button(at, "Delete everything for good").click().run()
    assert not (data_dir / DATABASE_NAME).exists()
    assert at.title[0].value == "Threshold"


def unlocked_privacy_page():
    at = open_app(PRIVACY)
    field(at, "Passphrase").set_value(PASSPHRASE)
    button(at, "Unlock").click().run()
    return at


def current_fields(at):
    return [t for t in at.text_input if t.label == "Current passphrase"]


def test_changing_the_passphrase_needs_the_current_one(locked):
    at = unlocked_privacy_page()
    current_fields(at)[0].set_value("wrong horse battery")
    fill_new_passphrase(at, "a new long phrase")
    button(at, "Change the passphrase").click().run()
    assert "not the right one" in at.error[0].value
    Store.default().key_for(PASSPHRASE)  # still the old one

    current_fields(at)[0].set_value(PASSPHRASE)
    fill_new_passphrase(at, "a new long phrase")
    button(at, "Change the passphrase").click().run()
    assert at.success[0].value == "The passphrase is changed."
    key = Store.default().key_for("a new long phrase")
    assert at.session_state[state.LOCK_KEY.name] == key
    assert Store.default(key=key).list()[0].name == "Zebedee Marlowe"


def test_removing_the_lock_needs_the_current_one(locked, data_dir):
    at = unlocked_privacy_page()
    current_fields(at)[1].set_value(PASSPHRASE)
    button(at, "Remove the lock").click().run()
    assert at.success[0].value == "The lock is removed."
    assert not Store.default().has_lock and at.session_state[state.LOCK_KEY.name] is None
    assert b"Zebedee Marlowe" in (data_dir / DATABASE_NAME).read_bytes()


def test_a_lock_changed_in_another_window_asks_again(locked):
    at = open_app(HISTORY)
    field(at, "Passphrase").set_value(PASSPHRASE)
    button(at, "Unlock").click().run()
    Store.default(key=Store.default().key_for(PASSPHRASE)).set_passphrase("changed elsewhere")
    at.run()
    assert [s.value for s in at.subheader] == [LOCKED_HEADING] and at.session_state[state.LOCK_KEY.name] is None
