"""Delete everything: the confirmed action on the Privacy page, and `python -m threshold wipe --yes`."""

import os
import subprocess
import sys

import pytest

from components import state
from components.navigation import PRIVACY
from tests.apptest import button, open_app
from tests.conftest import ROOT
from threshold import crypto
from threshold.cli import main
from threshold.store import DATABASE_NAME, Store, wipe

SAMPLE = {"a1": 4, "a2": 1}


@pytest.fixture
def stored(data_dir, mini_rubric):
    """A history with an assessment and a draft, and a file of the user's own beside it."""
    store = Store.default()
    store.save_assessment(mini_rubric, SAMPLE, name="Sam", notes="private")
    store.save_draft(SAMPLE, 2)
    (data_dir / "my-own-notes.txt").write_text("not Threshold's")
    return data_dir


def threshold_files(data_dir) -> list[str]:
    return sorted(p.name for p in data_dir.iterdir() if p.name.startswith(DATABASE_NAME))


def test_wipe_removes_the_database_and_sqlites_files_but_nothing_else(stored):
    for suffix in ("-wal", "-shm"):  # as a crash would leave them
        (stored / (DATABASE_NAME + suffix)).write_bytes(b"pages not yet checkpointed")
    removed = wipe(stored)
    assert sorted(p.name for p in removed) == [DATABASE_NAME, DATABASE_NAME + "-shm", DATABASE_NAME + "-wal"]
    assert threshold_files(stored) == []
    assert (stored / "my-own-notes.txt").read_text() == "not Threshold's"
    assert Store.default().count() == 0 and Store.default().load_draft() is None  # a fresh, empty history


def test_wipe_works_on_a_locked_history_without_the_passphrase(data_dir, mini_rubric, monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**12)
    Store.default().set_passphrase("forgotten long ago")
    wipe()
    assert threshold_files(data_dir) == [] and not Store.default().has_lock


def test_wipe_command_refuses_without_yes_and_changes_nothing(stored, capsys):
    before = {name: (stored / name).read_bytes() for name in threshold_files(stored)}
    assert main(["wipe"]) == 1
    assert "run it again with --yes" in capsys.readouterr().err
    assert {name: (stored / name).read_bytes() for name in threshold_files(stored)} == before


def test_wipe_command_with_yes_deletes_everything(stored):
    env = {**os.environ, "THRESHOLD_DATA_DIR": str(stored)}
    run = subprocess.run(
        [sys.executable, "-m", "threshold", "wipe", "--yes"], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert run.returncode == 0, run.stderr
    assert f"deleted {stored / DATABASE_NAME}" in run.stdout and "delete those yourself" in run.stdout
    assert threshold_files(stored) == [] and (stored / "my-own-notes.txt").exists()


def test_wipe_command_on_an_empty_data_dir_says_so(capsys):
    assert main(["wipe", "--yes"]) == 0
    assert capsys.readouterr().out.startswith("nothing to delete")


def open_privacy_with_answers():
    return open_app(PRIVACY, answers=dict(SAMPLE))


def test_delete_everything_asks_first_and_keep_keeps(stored):
    at = open_privacy_with_answers()
    button(at, "Delete everything…").click().run()
    assert threshold_files(stored)  # nothing is gone until it is confirmed
    button(at, "Keep everything").click().run()
    assert DATABASE_NAME in threshold_files(stored) and at.session_state[state.ANSWERS.name] == SAMPLE
    assert Store.default().count() == 1 and Store.default().load_draft() is not None
    assert not any(b.label == "Delete everything for good" for b in at.button)


def test_delete_everything_for_good_removes_the_files_and_clears_the_window(stored):
    at = open_privacy_with_answers()
    button(at, "Delete everything…").click().run()
    button(at, "Delete everything for good").click().run()
    assert not at.exception
    assert threshold_files(stored) == []  # and showing the page afterwards did not create a new one
    assert (stored / "my-own-notes.txt").exists()
    assert state.ANSWERS.name not in at.session_state
    # The database, and the log and index SQLite keeps beside it while the app has it open.
    assert at.success[0].value.startswith("Everything is deleted (3 files removed)")
    assert "Nothing is stored on this computer now." in [i.value for i in at.info]
