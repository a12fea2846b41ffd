"""`python -m threshold check-rubric` and `score`, run as a user would run them."""

import json
import subprocess
import sys

import pytest

from tests.conftest import DATA, MINI_RUBRIC_PATH, ROOT


def threshold(*args: str):
    return subprocess.run(
        [sys.executable, "-m", "threshold", *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=60
    )


def test_check_rubric_prints_ok_with_counts():
    run = threshold("check-rubric")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok: ")
    assert "6 motives" in run.stdout and "items" in run.stdout


def test_check_rubric_lists_problems_and_exits_1():
    run = threshold("check-rubric", DATA / "bad_rubrics" / "several_problems.yaml")
    assert run.returncode == 1
    assert "items[0].section: unknown section 'z'" in run.stderr
    assert "items[1].scale: unknown scale 'agree7'" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("? [a, b]\n: 1\n", "(yaml) line 1, column 3: a key must be a plain word or number, not a list or mapping"),
        ("a: " + "[" * 100_000 + "]" * 100_000, "(yaml) line 1, column 53: nested more than 50 levels deep"),
        ("version: '1'\nscoring: {moderate_from: .nan}\n", "scoring.moderate_from: Input should be a finite number"),
    ],
    ids=["unhashable key", "deep nesting", "nan"],
)
def test_check_rubric_lists_hostile_yaml_as_a_problem_not_a_traceback(tmp_path, text, problem):
    path = tmp_path / "rubric.yaml"
    path.write_text(text)
    run = threshold("check-rubric", path)
    assert run.returncode == 1
    assert f"  - {problem}" in run.stderr.splitlines()
    assert "Traceback" not in run.stderr


def write_answers(tmp_path, answers):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": answers}))
    return path


def test_score_prints_the_profile_as_json(tmp_path):
    path = write_answers(tmp_path, {"a1": 4, "a2": 1, "a3": 1, "b1": 2, "b2": 0, "s1": 0})
    run = threshold("score", path, "--rubric", MINI_RUBRIC_PATH)
    assert run.returncode == 0, run.stderr
    profile = json.loads(run.stdout)
    assert {"motives", "dominant", "footing", "safety_flag", "rubric_version"} <= set(profile)
    assert profile["dominant"] == ["familiarity", "curiosity"]
    assert profile["motives"]["control"] == {
        "score": 65.0,
        "band": "high",
        "confidence": 1.0,
        "contributions": [
            {"item": "a1", "answer": 4, "points": 10.0},
            {"item": "a3", "answer": 1, "points": 10.0},
            {"item": "b2", "answer": 0, "points": -10.0},
            {"item": "a2", "answer": 1, "points": 5.0},
            {"item": "b1", "answer": 2, "points": 0.0},
        ],
    }
    assert profile["safety_flag"] is False and profile["rubric_version"] == "test-1"


def test_score_uses_the_shipped_rubric_by_default(tmp_path, rubric):
    first = rubric.items_of_kind("returner")[0]
    run = threshold("score", write_answers(tmp_path, {first.id: max(rubric.scale_of(first).values)}))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["rubric_version"] == rubric.version


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (json.dumps({"answers": {"nope": 1}}), "nope: unknown item id"),
        (json.dumps({"answers": {"a1": 7}}), "a1: answer 7 is not one of"),
        ("{not json", "is not valid JSON"),
        (json.dumps({"a1": 4}), 'expected an object like {"answers"'),
        (json.dumps([1, 2]), 'expected an object like {"answers"'),
    ],
)
def test_score_refuses_bad_answers_clearly(tmp_path, content, message):
    path = tmp_path / "answers.json"
    path.write_text(content)
    run = threshold("score", path, "--rubric", MINI_RUBRIC_PATH)
    assert run.returncode == 1
    assert message in run.stderr and "Traceback" not in run.stderr
    assert run.stdout == ""


def test_score_names_a_missing_file(tmp_path):
    run = threshold("score", tmp_path / "absent.json")
    assert run.returncode == 1 and "cannot read" in run.stderr
