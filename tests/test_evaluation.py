"""The real-case evaluation: blind answers to today's wording, scored against labels, held-out apart."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from threshold.evaluation import DEFAULT_CASES_PATH, HELD_OUT, Figures, evaluate, load_cases
from threshold.situation import applicable_items, questions_fingerprint, situation_codes

CASES = load_cases(DEFAULT_CASES_PATH)

# Floors a little under what was measured (rubric 2.0.0); raise them as the rubric improves. The held-out
# group was never used to choose weights or wording.
FLOORS = {
    "all": {"top1": 0.57, "top2": 0.88, "safety_recall": 1.0},
    HELD_OUT: {"top1": 0.52, "top2": 0.90, "safety_recall": 1.0},
}
#: The safety screen errs toward caution, but not so far that most people see the panel.
MAX_FALSE_FLAG_RATE = {"all": 0.15, HELD_OUT: 0.25}


@pytest.fixture(scope="module")
def figures(rubric):
    return evaluate(rubric, CASES)[0]


@pytest.mark.parametrize("group", ["all", HELD_OUT])
def test_accuracy_holds_its_floors(figures, group):
    measured = figures[group].as_dict()
    for name, floor in FLOORS[group].items():
        assert measured[name] >= floor, (group, name, measured[name])
    assert measured["false_flag_rate"] <= MAX_FALSE_FLAG_RATE[group], (group, measured["false_flag_rate"])


def test_every_answer_file_was_given_to_todays_wording(rubric):
    # Answers to old wording do not carry over: change a question and the set must be answered again.
    stale = [
        c["id"]
        for c in CASES
        if json.loads(_answers_path(c).read_text())["questions_fingerprint"] != questions_fingerprint(rubric)
    ]
    assert not stale, f"re-answer these blind after the questions changed: {stale}"


def test_every_case_answers_exactly_what_its_situation_asks(rubric):
    for case in CASES:
        answers = case["answers"]
        asked = {i.id for i in applicable_items(rubric, situation_codes(rubric, answers))}
        assert set(answers) <= asked and len(asked - set(answers)) <= 2, case["id"]


def test_the_held_out_group_is_at_least_a_third(figures):
    assert figures[HELD_OUT].cases * 3 >= figures["all"].cases


def test_figures_count_top_two_and_safety_as_defined():
    from threshold.evaluation import CaseResult

    f = Figures()
    f.add(CaseResult("a", "tuning", "control", ["curiosity", "control"], safety_labelled=True, safety_flagged=False))
    f.add(CaseResult("b", "tuning", "growth", ["growth", "control"], safety_labelled=False, safety_flagged=True))
    d = f.as_dict()
    assert (d["top1"], d["top2"], d["safety_recall"], d["false_flag_rate"]) == (0.5, 1.0, 0.0, 1.0)
    assert d["confusion"] == {"control->curiosity": 1, "growth->growth": 1}


def test_evaluate_command_prints_all_cases_and_the_held_out_group_apart():
    run = subprocess.run(
        [sys.executable, "-m", "threshold", "evaluate"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert f"== all cases: {len(CASES)} ==" in run.stdout
    assert "== held-out group (never used for tuning):" in run.stdout
    assert "top-1" in run.stdout and "safety recall" in run.stdout and "labelled \\ ranked 1st" in run.stdout


def _answers_path(case):
    return DEFAULT_CASES_PATH / "answers" / f"{case['id']}.json"
