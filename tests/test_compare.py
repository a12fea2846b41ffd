"""Comparing two saved assessments: score changes and what changed in the answers."""

import pytest

from threshold.compare import AnswerChange, compare
from threshold.rubric import parse_rubric
from threshold.scoring import NOT_SURE_LABEL as NOT_SURE
from threshold.store import Store


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "t.sqlite3")


def saved(store, rubric, answers):
    return store.get(store.save_assessment(rubric, answers, name="Alex"))


def test_an_assessment_compared_with_itself_changes_nothing(store, mini_rubric):
    one = saved(store, mini_rubric, {"a1": 4, "b1": None})
    result = compare(one, one, mini_rubric)
    assert result.changed == result.only_before == result.only_after == []
    assert [c.change for c in result.motives] == [0.0] * 6
    assert [c.id for c in result.motives] == [m.id for m in mini_rubric.motives]


def test_changed_answers_are_named_with_item_text_and_labels(store, mini_rubric):
    before = saved(store, mini_rubric, {"a1": 4, "a2": 1, "a3": 1, "b1": None})
    after = saved(store, mini_rubric, {"a1": 2, "a2": 1, "b1": 3, "f1": 0})
    result = compare(before, after, mini_rubric)
    assert result.changed == [
        AnswerChange("a1", "A1.", "Strongly agree", "Neither"),
        AnswerChange("b1", "B1.", NOT_SURE, "Agree"),
    ]
    assert result.only_before == [AnswerChange("a3", "A3.", "Yes", None)]
    assert result.only_after == [AnswerChange("f1", "F1.", None, "Strongly disagree")]


def test_score_changes_are_after_minus_before(store, mini_rubric):
    before = saved(store, mini_rubric, {"a1": 4})
    after = saved(store, mini_rubric, {"a1": 0, "f1": 4})
    result = compare(before, after, mini_rubric)
    familiarity = result.motives[0]
    assert (familiarity.before, familiarity.after, familiarity.change) == (100.0, 0.0, -100.0)
    healing = result.footing[0]
    assert (healing.id, healing.before, healing.after, healing.change) == ("healing", None, 100.0, None)


def test_each_side_is_read_with_its_own_rubric(store, mini_rubric):
    reworded = parse_rubric(
        mini_rubric.text.replace('version: "test-1"', 'version: "test-2"')
        .replace("text: A1.", "text: A1 reworded.")
        .replace("{value: 2, label: Neither}", "{value: 2, label: Neutral}")
    )
    before = saved(store, mini_rubric, {"a1": 2})
    after = saved(store, reworded, {"a1": 4})
    (change,) = compare(before, after, store.rubric_for(before), store.rubric_for(after)).changed
    assert change == AnswerChange("a1", "A1 reworded.", "Neither", "Strongly agree")
