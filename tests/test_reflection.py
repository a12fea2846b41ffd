"""Words from a profile: evidence, questions to ask, and the decision check."""

import pytest

from threshold import reflection
from threshold.scoring import score_answers

FULL = {"a1": 4, "a2": 1, "a3": 1, "b1": 2, "b2": 0}


def test_evidence_names_the_statement_the_answer_and_its_points(mini_rubric):
    profile = score_answers(mini_rubric, FULL)
    evidence = reflection.evidence_for(mini_rubric, profile.motives["familiarity"], limit=2)
    assert [(e.statement, e.answer_label, e.points) for e in evidence] == [
        ("A1.", "Strongly agree", 16.67),
        ("A3.", "Yes", 8.33),
    ]


def test_evidence_leaves_out_answers_that_moved_nothing(mini_rubric):
    profile = score_answers(mini_rubric, {"b1": 2})
    assert reflection.evidence_for(mini_rubric, profile.motives["guilt_closure"]) == []


def test_questions_to_ask_them_start_general_then_follow_the_dominant_motives(mini_rubric):
    profile = score_answers(mini_rubric, FULL)  # familiarity and curiosity tie; control is also high
    questions = reflection.questions_to_ask_them(mini_rubric, profile)
    assert questions[0] == "Why now?"
    assert questions[1:9] == [f"familiarity them {n}?" for n in range(1, 5)] + [
        f"curiosity them {n}?" for n in range(1, 5)
    ]
    assert questions[9:] == ["control them 1?", "control them 2?"]
    assert "nostalgia them 1?" not in questions


def test_questions_to_ask_yourself_follow_the_dominant_motive(mini_rubric):
    profile = score_answers(mini_rubric, {"a1": 0, "a2": None, "b2": 4})  # growth dominates
    assert reflection.questions_to_ask_yourself(mini_rubric, profile) == [
        "What do I want?",
        "growth you 1?",
        "growth you 2?",
    ]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, None),
        ({"sure": True, "understand": True, "risks": True, "support": True}, "All yes."),
        ({"sure": True, "understand": True, "risks": True, "support": False}, "More time could help."),
        ({"sure": True, "understand": True, "risks": True}, None),
        ({"sure": False}, None),
        ({"sure": False, "understand": False, "risks": False, "support": False}, "More time could help."),
    ],
)
def test_decision_check_speaks_once_all_four_are_answered(mini_rubric, answers, expected):
    assert reflection.decision_check_message(mini_rubric, answers) == expected


def test_ranked_motives_put_unscored_last(mini_rubric):
    profile = score_answers(mini_rubric, {"a1": 0, "a2": None, "b2": 4})
    assert reflection.ranked_motives(profile)[:2] == ["growth", "nostalgia"]
    assert reflection.ranked_motives(score_answers(mini_rubric, {})) == list(profile.motives)


def test_safety_signs_are_the_rubric_words(mini_rubric):
    profile = score_answers(mini_rubric, {"s1": 1})
    assert reflection.safety_signs(mini_rubric, profile) == ["You reported S1."]


@pytest.mark.parametrize(("names", "joined"), [(["A"], "A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C")])
def test_join_names_reads_as_a_sentence(names, joined):
    assert reflection.join_names(names) == joined


@pytest.mark.parametrize(
    ("answers", "heading"),
    [
        (FULL, "Two motives are close, and both stand out: Familiarity and Curiosity"),
        (
            {"a1": 2, "a2": 2, "a3": 0, "b1": 2, "b2": 2},  # a3 "No" leaves every motive low; four tie at 41.7
            "Nothing stands out strongly; several motives are close: Familiarity, Guilt Closure, Nostalgia and Growth",
        ),
        (
            {"a1": 4},  # one answer: under half of each motive's evidence
            "From the few answers so far, they lean toward "
            "Familiarity, Curiosity, Guilt Closure, Control and Nostalgia; hold this lightly",
        ),
        ({}, None),
    ],
)
def test_dominant_heading_says_how_strongly_the_top_motive_stands_out(mini_rubric, answers, heading):
    assert reflection.dominant_heading(mini_rubric, score_answers(mini_rubric, answers)) == heading


def test_evidence_line_names_the_statement_answer_and_direction(mini_rubric):
    profile = score_answers(mini_rubric, FULL)
    toward = reflection.evidence_for(mini_rubric, profile.motives["familiarity"])[0]
    away = next(e for e in reflection.evidence_for(mini_rubric, profile.motives["growth"]) if e.points < 0)
    assert reflection.evidence_line(toward) == "“A1.”: Strongly agree (16.7 points toward this)"
    assert reflection.evidence_line(away).endswith("points away from this)")
