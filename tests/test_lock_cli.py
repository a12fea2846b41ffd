"""The command line on a locked history: it opens with $THRESHOLD_PASSPHRASE, and only with the right one."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import MINI_RUBRIC_PATH, ROOT
from threshold import crypto
from threshold.cli import main
from threshold.store import DATABASE_NAME, Store

PASSPHRASE = "correct horse battery"


@pytest.fixture(autouse=True)
def locked(monkeypatch, mini_rubric):
    """A history with one assessment, locked (with a cheaper Scrypt, for speed)."""
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**12)
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
def test_every_history_command_needs_the_right_passphrase(monkeypatch, capsys, data_dir, passphrase, message, command):
    monkeypatch.delenv("THRESHOLD_PASSPHRASE", raising=False)
    if passphrase is not None:
        monkeypatch.setenv("THRESHOLD_PASSPHRASE", passphrase)
    monkeypatch.chdir(data_dir)
    before = (data_dir / DATABASE_NAME).read_bytes()
    assert main(command) == 1
    assert capsys.readouterr().err.strip() == message
    assert (data_dir / DATABASE_NAME).read_bytes() == before and not (data_dir / "x.json").exists()


def test_save_and_list_with_the_passphrase_keep_names_sealed(monkeypatch, capsys, data_dir, answers):
    monkeypatch.setenv("THRESHOLD_PASSPHRASE", PASSPHRASE)
    assert main(["save", str(answers), "--name", "Quentin O'Hara", "--rubric", str(MINI_RUBRIC_PATH)]) == 0
    assert main(["list", "--search", "o'h"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[2] for line in listed[1:]] == ["Quentin O'Hara"]
    assert b"Quentin O'Hara" not in (data_dir / DATABASE_NAME).read_bytes()


def test_a_real_command_line_reads_the_passphrase_from_the_environment(data_dir):
    env = {**os.environ, "THRESHOLD_DATA_DIR": str(data_dir), "THRESHOLD_PASSPHRASE": PASSPHRASE}
    run = subprocess.run(
        [sys.executable, "-m", "threshold", "list"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split("\t")[2] == "Zebedee Marlowe"
