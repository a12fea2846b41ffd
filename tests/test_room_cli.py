"""`python -m threshold room ...` end to end: open, 30 participants answering at once as separate
processes, results, close, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.room_db import ENGINES, room_database, room_rows
from threshold.room import room_questions
from threshold.scenarios import load_scenarios

PARTICIPANTS = 30


def threshold(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "threshold", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240
    )


@pytest.fixture(params=ENGINES)
def room_env(request, tmp_path, data_dir):
    server = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    with room_database(request.param, tmp_path, server) as url:
        env = {**os.environ, "THRESHOLD_DATA_DIR": str(data_dir)}
        if request.param == "postgresql":
            env["THRESHOLD_DATABASE_URL"] = url
        yield env, url


def test_thirty_participants_at_once_are_all_counted_and_closing_leaves_nothing(room_env, rubric, tmp_path, data_dir):
    env, url = room_env
    scenario = load_scenarios(rubric=rubric)[0]
    opened = threshold("room", "open", "--scenario", scenario.id, env=env)
    assert opened.returncode == 0, opened.stderr
    code = opened.stdout.strip().splitlines()[-1]
    assert len(code) == 6

    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": {q: scenario.answers.get(q) for q in room_questions(rubric, scenario)}}))
    command = [sys.executable, "-m", "threshold", "room", "answer", code, str(answers)]
    running = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(PARTICIPANTS)
    ]
    outcomes = [(p.wait(timeout=240), p.stderr.read().decode()) for p in running]
    for p in running:
        p.stdout.close()
        p.stderr.close()
    assert outcomes == [(0, "")] * PARTICIPANTS

    results = threshold("room", "results", code, env=env)
    assert results.returncode == 0, results.stderr
    figures = json.loads(results.stdout)
    assert (figures["participants"], figures["finished"]) == (PARTICIPANTS, PARTICIPANTS)
    assert figures["leading"][scenario.expect.motives[0]] == PARTICIPANTS

    closed = threshold("room", "close", code, env=env)
    assert closed.returncode == 0, closed.stderr
    if "THRESHOLD_DATABASE_URL" not in env:
        url = f"sqlite:///{data_dir / 'rooms.sqlite3'}"
        assert not (data_dir / "threshold.sqlite3").exists()  # the room never opened a personal history
    assert room_rows(url) == 0


def test_bad_input_is_named_and_adds_nobody(rubric, tmp_path, data_dir):
    env = {**os.environ, "THRESHOLD_DATA_DIR": str(data_dir)}
    missing = threshold("room", "open", "--scenario", "no_such_scenario", env=env)
    assert missing.returncode == 1 and "no scenario 'no_such_scenario'" in missing.stderr
    scenario = load_scenarios(rubric=rubric)[0]
    code = threshold("room", "open", "--scenario", scenario.id, env=env).stdout.strip().splitlines()[-1]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"answers": {"relationship": 2}}))
    refused = threshold("room", "answer", code, str(bad), env=env)
    assert refused.returncode == 1 and "relationship: not a question of this room" in refused.stderr
    unknown = threshold("room", "results", "AAAAAA", env=env)
    assert unknown.returncode == 1 and "no open room" in unknown.stderr
    assert json.loads(threshold("room", "results", code, env=env).stdout)["participants"] == 0


def test_every_room_command_and_option_is_in_the_readme():
    import argparse

    from threshold.cli import build_parser

    readme = (ROOT / "README.md").read_text()
    (commands,) = (a.choices for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    room = commands["room"]
    (steps,) = (a.choices for a in room._actions if isinstance(a, argparse._SubParsersAction))
    wanted = [o for a in room._actions for o in a.option_strings if o.startswith("--")]
    for step, parser in steps.items():
        wanted += [f"python -m threshold room {step}"]
        wanted += [o for a in parser._actions for o in a.option_strings if o.startswith("--")]
    assert [w for w in wanted if w not in readme and w != "--help"] == []
