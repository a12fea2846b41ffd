"""The command line and the lock: a locked history opens with $THRESHOLD_PASSPHRASE, and only with the right
one; `threshold lock` sets, changes and removes it; a passphrase given to an unlocked history is refused."""

import contextlib
import json
import os
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import MINI_RUBRIC_PATH, ROOT
from threshold import crypto
from threshold.cli import main
from threshold.store import DATABASE_NAME, Store

PASSPHRASE = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch):
    """A cheaper Scrypt, for speed; the real cost is tested in tests/test_lock.py."""
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**12)
    monkeypatch.delenv("THRESHOLD_PASSPHRASE", raising=False)
    monkeypatch.delenv("THRESHOLD_NEW_PASSPHRASE", raising=False)


@pytest.fixture
def locked(mini_rubric):
    """A history with one assessment, locked."""
    store = Store.default()
    Store.default(key=store.set_passphrase(PASSPHRASE)).save_assessment(mini_rubric, {"a1": 4}, name="Zebedee Marlowe")


@pytest.fixture
def answers(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": {"a1": 4, "a2": 1}}))
    return path


@pytest.mark.parametrize(
    ("passphrase", "message"),
    [
        (None, "error: the history is locked with a passphrase: set THRESHOLD_PASSPHRASE to open it"),
        ("", "error: the history is locked with a passphrase: set THRESHOLD_PASSPHRASE to open it"),
        ("wrong horse battery", "error: THRESHOLD_PASSPHRASE does not open this history; nothing was changed"),
    ],
)
@pytest.mark.parametrize("command", [["list"], ["export", "--all", "--out", "x.json"], ["import", "x.json"]])
@pytest.mark.usefixtures("locked")
def test_every_history_command_needs_the_right_passphrase(monkeypatch, capsys, data_dir, passphrase, message, command):
    monkeypatch.delenv("THRESHOLD_PASSPHRASE", raising=False)
    if passphrase is not None:
        monkeypatch.setenv("THRESHOLD_PASSPHRASE", passphrase)
    monkeypatch.chdir(data_dir)
    before = (data_dir / DATABASE_NAME).read_bytes()
    assert main(command) == 1
    assert capsys.readouterr().err.strip() == message
    assert (data_dir / DATABASE_NAME).read_bytes() == before and not (data_dir / "x.json").exists()


@pytest.mark.usefixtures("locked")
def test_save_and_list_with_the_passphrase_keep_names_sealed(monkeypatch, capsys, data_dir, answers):
    monkeypatch.setenv("THRESHOLD_PASSPHRASE", PASSPHRASE)
    assert main(["save", str(answers), "--name", "Quentin O'Hara", "--rubric", str(MINI_RUBRIC_PATH)]) == 0
    assert main(["list", "--search", "o'h"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[2] for line in listed[1:]] == ["Quentin O'Hara"]
    assert b"Quentin O'Hara" not in (data_dir / DATABASE_NAME).read_bytes()


@pytest.mark.usefixtures("locked")
def test_a_real_command_line_reads_the_passphrase_from_the_environment(data_dir):
    env = {**os.environ, "THRESHOLD_DATA_DIR": str(data_dir), "THRESHOLD_PASSPHRASE": PASSPHRASE}
    run = subprocess.run(
        [sys.executable, "-m", "threshold", "list"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split("\t")[2] == "Zebedee Marlowe"


def data_bytes(data_dir, *, index: bool = True) -> bytes:
    """Every byte of every file in the data directory: the database, its -wal and -shm, anything else.

    Without `index`, not the -shm file: SQLite's shared-memory index of the log, which readers write to.
    """
    files = (p for p in data_dir.rglob("*") if p.is_file() and (index or not p.name.endswith("-shm")))
    return b"".join(path.read_bytes() for path in files)


def test_lock_then_save_with_the_passphrase_leaves_no_plain_name_in_any_file(monkeypatch, capsys, data_dir, answers):
    monkeypatch.setenv("THRESHOLD_NEW_PASSPHRASE", PASSPHRASE)
    assert main(["lock"]) == 0
    assert capsys.readouterr().out.startswith("locked:")
    monkeypatch.delenv("THRESHOLD_NEW_PASSPHRASE")
    monkeypatch.setenv("THRESHOLD_PASSPHRASE", PASSPHRASE)
    # A second connection held open keeps SQLite from folding the write-ahead log away on close,
    # so the -wal file is there to be read too.
    with contextlib.closing(sqlite3.connect(data_dir / DATABASE_NAME)) as keeper:
        keeper.execute("SELECT count(*) FROM assessments").fetchone()
        saving = ["save", str(answers), "--name", "Quentin O'Hara", "--notes", "met at the quay"]
        assert main([*saving, "--rubric", str(MINI_RUBRIC_PATH)]) == 0
        assert main(["list"]) == 0
        assert capsys.readouterr().out.splitlines()[1].split("\t")[2] == "Quentin O'Hara"
        assert (data_dir / f"{DATABASE_NAME}-wal").stat().st_size > 0
        stored = data_bytes(data_dir)
    assert b"O'Hara" not in stored and b"quay" not in stored


def test_lock_seals_what_was_saved_before(monkeypatch, data_dir, mini_rubric):
    Store.default().save_assessment(mini_rubric, {"a1": 4}, name="Zebedee Marlowe", notes="three in the morning")
    monkeypatch.setenv("THRESHOLD_NEW_PASSPHRASE", PASSPHRASE)
    assert main(["lock"]) == 0
    assert Store.default().has_lock
    assert b"Zebedee" not in data_bytes(data_dir) and b"three in the morning" not in data_bytes(data_dir)


def test_lock_asks_twice_without_echo_when_no_new_passphrase_is_set(monkeypatch, capsys):
    prompts = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or PASSPHRASE)
    assert main(["lock"]) == 0
    assert prompts == ["New passphrase: ", "The same passphrase again: "]
    assert "no recovery" in capsys.readouterr().err
    Store.default().key_for(PASSPHRASE)  # the lock opens with it


def test_lock_refuses_two_different_passphrases(monkeypatch, capsys, data_dir):
    typed = iter([PASSPHRASE, "correct horse batteries"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    assert main(["lock"]) == 1
    assert "not the same; nothing was changed" in capsys.readouterr().err
    assert not data_dir.exists()


@pytest.mark.parametrize(
    ("passphrase", "problem"),
    [
        (" " * 12, "only spaces or invisible characters"),
        ("\u200b\u202e" * 6, "only spaces or invisible characters"),
        ("xxxxxxxxxxxx", "one character repeated"),
        ("short", "at least 8 characters"),
    ],
)
def test_lock_refuses_a_weak_passphrase_with_the_apps_own_check(monkeypatch, capsys, data_dir, passphrase, problem):
    monkeypatch.setenv("THRESHOLD_NEW_PASSPHRASE", passphrase)
    assert main(["lock"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: a passphrase") and problem in err and err.strip().endswith("nothing was changed")
    assert not data_dir.exists()


@pytest.mark.usefixtures("locked")
def test_lock_changes_the_passphrase_given_the_current_one(monkeypatch, capsys):
    monkeypatch.setenv("THRESHOLD_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("THRESHOLD_NEW_PASSPHRASE", "a new horse, stapled")
    assert main(["lock"]) == 0
    assert capsys.readouterr().out.strip() == "the passphrase is changed"
    monkeypatch.setenv("THRESHOLD_PASSPHRASE", "a new horse, stapled")
    assert main(["list"]) == 0
    assert "Zebedee Marlowe" in capsys.readouterr().out


@pytest.mark.parametrize("current", [None, "wrong horse battery"])
@pytest.mark.parametrize("command", [["lock"], ["lock", "--remove"]])
@pytest.mark.usefixtures("locked")
def test_lock_changes_nothing_without_the_current_passphrase(monkeypatch, capsys, data_dir, current, command):
    if current:
        monkeypatch.setenv("THRESHOLD_PASSPHRASE", current)
    monkeypatch.setenv("THRESHOLD_NEW_PASSPHRASE", "a new horse, stapled")
    before = data_bytes(data_dir, index=False)
    assert main(command) == 1
    assert "THRESHOLD_PASSPHRASE" in capsys.readouterr().err
    assert data_bytes(data_dir, index=False) == before


@pytest.mark.usefixtures("locked")
def test_lock_remove_stores_the_history_unencrypted_again(monkeypatch, capsys, data_dir):
    monkeypatch.setenv("THRESHOLD_PASSPHRASE", PASSPHRASE)
    assert main(["lock", "--remove"]) == 0
    assert "unencrypted again" in capsys.readouterr().out
    assert not Store.default().has_lock
    monkeypatch.delenv("THRESHOLD_PASSPHRASE")
    assert main(["list"]) == 0
    assert "Zebedee Marlowe" in capsys.readouterr().out


def test_lock_remove_without_a_lock_says_so(capsys, data_dir):
    assert main(["lock", "--remove"]) == 1
    assert capsys.readouterr().err.strip() == "error: this history has no passphrase lock to remove"
    assert not data_dir.exists()


@pytest.mark.parametrize("history", [False, True])
@pytest.mark.parametrize(
    "command",
    [
        ["save", "ANSWERS", "--name", "Quentin O'Hara", "--rubric", str(MINI_RUBRIC_PATH)],
        ["list"],
        ["import", "x.json"],
        ["lock"],
        ["lock", "--remove"],
    ],
)
def test_a_passphrase_for_an_unlocked_history_is_refused_and_nothing_is_written(
    monkeypatch, capsys, data_dir, answers, mini_rubric, history, command
):
    """Saving with a passphrase set used to ignore it and store the name in plain text."""
    if history:
        Store.default().save_assessment(mini_rubric, {"a1": 4}, name="Zebedee Marlowe")
    before = data_bytes(data_dir, index=False) if history else None
    monkeypatch.setenv("THRESHOLD_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("THRESHOLD_NEW_PASSPHRASE", "a new horse, stapled")
    command = [str(answers) if part == "ANSWERS" else part for part in command]
    assert main(command) == 1
    err = capsys.readouterr().err
    assert "has no passphrase lock" in err and "python -m threshold lock" in err and "nothing was written" in err
    if history:
        assert data_bytes(data_dir, index=False) == before
    else:
        assert not data_dir.exists()
