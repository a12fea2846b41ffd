"""`python -m threshold read-message`, run as a user would run it."""

import json
import subprocess
import sys

import pytest

from tests.conftest import MINI_RUBRIC_PATH, ROOT


def threshold(*args: str):
    return subprocess.run(
        [sys.executable, "-m", "threshold", *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=60
    )


def test_read_message_prints_signals_matches_and_top_as_json(tmp_path):
    path = tmp_path / "message.txt"
    text = "Remember when we met?\r\nI’ve been in therapy 🥺"
    path.write_bytes(text.encode("utf-8"))
    run = threshold("read-message", path, "--rubric", MINI_RUBRIC_PATH)
    assert run.returncode == 0, run.stderr
    reading = json.loads(run.stdout)
    assert list(reading) == ["signals", "matches", "top"]
    assert reading["top"] == ["growth", "nostalgia"]
    assert reading["signals"]["growth"] == 0.632 and reading["signals"]["nostalgia"] == 0.393
    for match in reading["matches"]:
        assert set(match) == {"motive", "cue", "start", "end", "text"}
        assert text[match["start"] : match["end"]] == match["text"]  # offsets into the file as saved, CRLF and all


def test_read_message_uses_the_shipped_rubric_by_default(tmp_path):
    path = tmp_path / "message.txt"
    path.write_text("are you seeing anyone?", encoding="utf-8")
    run = threshold("read-message", path)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["top"][0] == "control"


def test_read_message_can_read_one_speaker_of_a_chat(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text("11:14 PM - Sam: remember when\n11:15 PM - Alex: my therapist says hi\n", encoding="utf-8")
    run = threshold("read-message", path, "--rubric", MINI_RUBRIC_PATH, "--speaker", "Alex")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["top"] == ["growth"]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"\xff\xfe not text", [], "is not UTF-8 text"),
        (None, [], "cannot read"),
        (b"11:14 PM - Sam: hi", ["--speaker", "Jo"], "no messages from 'Jo'; speakers: Sam"),
    ],
    ids=["not-utf8", "missing", "unknown-speaker"],
)
def test_read_message_refuses_bad_input_clearly(tmp_path, content, args, message):
    path = tmp_path / "message.txt"
    if content is not None:
        path.write_bytes(content)
    run = threshold("read-message", path, "--rubric", MINI_RUBRIC_PATH, *args)
    assert run.returncode == 1 and run.stdout == ""
    assert message in run.stderr and "Traceback" not in run.stderr


def test_check_rubric_counts_the_message_cues(rubric):
    run = threshold("check-rubric")
    assert run.returncode == 0 and f"{len(rubric.cues)} message cues" in run.stdout
