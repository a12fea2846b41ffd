"""Scoring: hand-computed golden profiles on the mini rubric, and invariants on the shipped one."""

import gc
import json
import random
import weakref

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from threshold import DEFAULT_RUBRIC_PATH
from threshold.rubric import Rubric, load_rubric, parse_rubric
from threshold.scoring import AnswerError, Contribution, Profile, fitting_answers, score_answers
from threshold.situation import applies, situation_codes

SHIPPED = load_rubric(DEFAULT_RUBRIC_PATH)

# Each golden profile was worked out by hand from tests/data/mini_rubric.yaml:
# points = 50 * weight * (2a - 1) / (answered |weight|), score = 50 + sum(points).
GOLDEN = [
    pytest.param(
        {"a1": 4, "a2": 1, "a3": 1, "b1": 2, "b2": 0},
        {
            "familiarity": (70.8, "high", 1.0),  # 50 + (100/6 + 25/6 + 50/6 + 0 - 50/6)
            "curiosity": (70.8, "high", 1.0),  # 50 + (50/6 + 25/6 + 100/6 + 0 - 50/6)
            "guilt_closure": (62.5, "moderate", 1.0),  # 50 + (50/6 + 25/6 + 50/6 + 0 - 50/6)
            "control": (65.0, "high", 1.0),  # 50 + (10 + 5 + 10 + 0 - 10), exactly on the high line
            "nostalgia": (54.2, "moderate", 1.0),  # 50 + (50/6 + 25/6 + 50/6 + 0 - 100/6)
            "growth": (50.0, "moderate", 1.0),  # 50 + (-50/6 + 50/6 + 50/6 + 0 - 50/6)
        },
        ["familiarity", "curiosity"],
        id="all-answered-with-a-tie",
    ),
    pytest.param(
        {"a1": 0, "a2": None, "b2": 4},
        {
            "familiarity": (33.3, "low", 0.5),  # 50 + (-100/3 + 50/3); 3 of 6 weight answered
            "curiosity": (50.0, "moderate", 0.333),
            "guilt_closure": (50.0, "moderate", 0.333),
            "control": (50.0, "moderate", 0.4),
            "nostalgia": (66.7, "high", 0.5),  # 50 + (-50/3 + 100/3)
            "growth": (100.0, "high", 0.333),  # 50 + (25 + 25): disagreeing with a1 argues for growth
        },
        ["growth"],
        id="partial-with-not-sure",
    ),
    pytest.param(
        {"s1": 1, "f1": 4, "f2": 4},
        {m: (None, None, 0.0) for m in ("familiarity", "curiosity", "guilt_closure", "control", "nostalgia", "growth")},
        [],
        id="only-footing-and-safety",
    ),
]


@pytest.mark.parametrize(("answers", "expected", "dominant"), GOLDEN)
def test_golden_profiles(mini_rubric, answers, expected, dominant):
    profile = score_answers(mini_rubric, answers)
    got = {m: (s.score, s.band, s.confidence) for m, s in profile.motives.items()}
    assert got == expected
    assert profile.dominant == dominant


def test_golden_footing_and_safety(mini_rubric):
    profile = score_answers(mini_rubric, {"s1": 1, "f1": 4, "f2": 4})
    assert profile.safety_flag is True and profile.safety_signs == ["s1"]
    assert profile.footing["healing"].score == 50.0  # +25 from f1, -25 from reverse-keyed f2
    assert profile.footing["letting_go"].score == 0.0
    assert [(c.item, c.points) for c in profile.footing["healing"].contributions] == [("f1", 25.0), ("f2", -25.0)]
    assert profile.rubric_version == "test-1" and profile.rubric_hash == mini_rubric.content_hash


def test_safety_answer_below_the_line_raises_no_flag(mini_rubric):
    assert score_answers(mini_rubric, {"s1": 0}).safety_flag is False


@pytest.mark.parametrize(
    ("answers", "problem"),
    [
        ({"no_such_item": 1}, "no_such_item: unknown item id"),
        ({"a1": 9}, "a1: answer 9 is not one of [0, 1, 2, 3, 4]"),
        ({"a3": 2}, "a3: answer 2 is not one of [0, 1]"),
        ({"a1": "4"}, "a1: answer '4'"),
        ({"a1": True}, "a1: answer True"),
        ({"a1": 2.5}, "a1: answer 2.5"),
    ],
)
def test_answers_that_do_not_fit_are_refused(mini_rubric, answers, problem):
    with pytest.raises(AnswerError) as caught:
        score_answers(mini_rubric, answers)
    assert any(problem in p for p in caught.value.problems)


def test_fitting_answers_keeps_only_what_fits(mini_rubric):
    assert fitting_answers(mini_rubric, {"a1": 4, "gone": 1, "a3": 7, "a2": None}) == {"a1": 4, "a2": None}


# Invariants on the shipped rubric.


def answer_sets(rubric: Rubric):
    """Any mix of answered, "Not sure" (None) and unanswered (absent) items."""
    per_item = {
        item.id: st.one_of(st.just("absent"), st.none(), st.sampled_from(rubric.scale_of(item).values))
        for item in rubric.items
    }
    return st.fixed_dictionaries(per_item).map(lambda d: {k: v for k, v in d.items() if v != "absent"})


def all_scores(profile):
    return {**profile.motives, **{"footing." + k: v for k, v in profile.footing.items()}}


@settings(max_examples=80, deadline=None)
@given(answer_sets(SHIPPED))
def test_scores_stay_within_0_and_100(answers):
    for score in all_scores(score_answers(SHIPPED, answers)).values():
        assert score.score is None or 0 <= score.score <= 100
        assert 0 <= score.confidence <= 1


@settings(max_examples=80, deadline=None)
@given(answer_sets(SHIPPED), st.data())
def test_not_sure_never_moves_a_score(answers, data):
    unanswered = [i.id for i in SHIPPED.items if i.id not in answers]
    if not unanswered:
        return
    marked = data.draw(st.lists(st.sampled_from(unanswered), min_size=1, unique=True))
    with_not_sure = {**answers, **dict.fromkeys(marked)}
    before, after = score_answers(SHIPPED, answers), score_answers(SHIPPED, with_not_sure)
    # Only the gentle safety note may notice a "Not sure" (on fear or threats); no score, band or flag moves.
    assert before.model_dump(exclude={"safety_unsure"}) == after.model_dump(exclude={"safety_unsure"})


def toward(rubric: Rubric, item, dimension: str) -> int:
    """+1 if a higher option value is evidence for this dimension, else -1."""
    sign = 1 if item.weights[dimension] > 0 else -1
    return -sign if item.reverse else sign


@settings(max_examples=120, deadline=None)
@given(answer_sets(SHIPPED), st.data())
def test_answering_further_toward_a_motive_never_lowers_it(answers, data):
    item = data.draw(st.sampled_from([i for i in SHIPPED.items if i.weights]))
    dimension = data.draw(st.sampled_from(sorted(item.weights)))
    values = sorted(SHIPPED.scale_of(item).values, key=lambda v: toward(SHIPPED, item, dimension) * v)
    weaker, stronger = sorted(data.draw(st.lists(st.sampled_from(values), min_size=2, max_size=2)), key=values.index)
    low = all_scores(score_answers(SHIPPED, {**answers, item.id: weaker}))
    high = all_scores(score_answers(SHIPPED, {**answers, item.id: stronger}))
    key = dimension if dimension in low else "footing." + dimension
    if not applies(item, situation_codes(SHIPPED, answers)):  # not asked in this situation: it counts for nothing
        assert high[key] == low[key]
        return
    assert high[key].score >= low[key].score
    if stronger != weaker:  # one step on any scale moves a score by far more than its rounding
        assert high[key].score > low[key].score


@settings(max_examples=100, deadline=None)
@given(answer_sets(SHIPPED), st.randoms(use_true_random=False))
def test_order_of_answers_and_of_items_does_not_matter(answers, rnd):
    shuffled_answers = dict(rnd.sample(list(answers.items()), len(answers)))
    shuffled_items = SHIPPED.model_copy(update={"items": rnd.sample(SHIPPED.items, len(SHIPPED.items))})
    reference = score_answers(SHIPPED, answers)
    for other in (score_answers(SHIPPED, shuffled_answers), score_answers(shuffled_items, answers)):
        # Signs are listed in the rubric's order, so compare them as a set.
        assert set(other.safety_signs) == set(reference.safety_signs)
        assert set(other.safety_unsure) == set(reference.safety_unsure)
        ignore = {"rubric_hash", "safety_signs", "safety_unsure"}
        assert other.model_dump(exclude=ignore) == reference.model_dump(exclude=ignore)


@settings(max_examples=100, deadline=None)
@given(answer_sets(SHIPPED))
def test_contributions_explain_the_score(answers):
    for score in all_scores(score_answers(SHIPPED, answers)).values():
        if score.score is not None:
            assert abs(50 + sum(c.points for c in score.contributions) - score.score) < 0.1 + 0.01 * len(
                score.contributions
            )
            assert {c.item for c in score.contributions} <= {k for k, v in answers.items() if v is not None}


def test_confidence_is_full_when_everything_is_answered_and_zero_when_nothing_is():
    everything = {i.id: random.Random(i.id).choice(SHIPPED.scale_of(i).values) for i in SHIPPED.items}
    assert all(s.confidence == 1.0 for s in all_scores(score_answers(SHIPPED, everything)).values())
    empty = score_answers(SHIPPED, {})
    assert all(s.confidence == 0.0 and s.score is None for s in all_scores(empty).values())
    assert empty.dominant == [] and empty.safety_flag is False


# Thin evidence: a prior keeps one or two answers from looking certain (scoring.prior_weight).


@pytest.mark.parametrize("count", [1, 2])
def test_one_or_two_answers_never_put_a_motive_in_the_high_band(count):
    returner = SHIPPED.items_of_kind("returner")
    for motive in SHIPPED.motives:
        measuring = [i for i in returner if i.weights.get(motive.id)]
        heaviest = sorted(measuring, key=lambda i: -abs(i.weights[motive.id]))[:count]
        strongest = {i.id: _strongest_toward(i, motive.id) for i in heaviest}
        score = score_answers(SHIPPED, strongest).motives[motive.id]
        assert score.band != "high", (motive.id, strongest, score.score)


def _strongest_toward(item, motive_id: str) -> int:
    values = SHIPPED.scale_of(item).values
    return max(values, key=lambda v: toward(SHIPPED, item, motive_id) * v)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_single_answer_never_yields_a_high_band(data):
    item = data.draw(st.sampled_from([i for i in SHIPPED.items if i.weights]))
    value = data.draw(st.sampled_from(SHIPPED.scale_of(item).values))
    for score in all_scores(score_answers(SHIPPED, {item.id: value})).values():
        assert score.band != "high", (item.id, value, score.score)


def test_every_answer_not_sure_leaves_every_motive_at_no_lean():
    profile = score_answers(SHIPPED, dict.fromkeys(SHIPPED.item_by_id))
    assert all(s.score is None and s.band is None for s in profile.motives.values())
    assert not profile.safety_flag


def test_not_sure_on_fear_shows_the_resources_gently_without_the_override():
    profile = score_answers(SHIPPED, {"safety_afraid": None, "safety_physical_harm": None})
    assert profile.safety_unsure == ["safety_afraid"] and not profile.safety_flag


def test_a_question_the_situation_does_not_ask_counts_for_nothing():
    # "They ended things on their own terms" is not asked of someone who ended it themselves.
    asked = score_answers(SHIPPED, {"ended_by": 0, "ending_on_their_terms": 4}).motives["control"]
    not_asked = score_answers(SHIPPED, {"ended_by": 1, "ending_on_their_terms": 4}).motives["control"]
    assert asked.score > 50 and not_asked.score is None


def test_golden_profile_with_a_prior_worked_out_by_hand(mini_rubric):
    # Mini rubric with prior_weight 8 (its smallest round prior that keeps two answers out of the high band).
    # Only a1 = 4 (the top of its scale, position 1, so 2a - 1 = 1):
    #   familiarity: weight 2 -> 50 * 2 / (2 + 8) = 10.00 -> 60.0
    #   curiosity:   weight 1 -> 50 * 1 / (1 + 8) = 5.56 -> 55.6
    #   growth:      weight -1 -> -5.56 -> 44.4
    text = mini_rubric.text.replace("low_confidence_below: 0.5}", "low_confidence_below: 0.5, prior_weight: 8}")
    with_prior = parse_rubric(text)
    profile = score_answers(with_prior, {"a1": 4})
    assert profile.motives["familiarity"].score == 60.0
    assert profile.motives["curiosity"].score == 55.6
    assert profile.motives["growth"].score == 44.4
    assert [c.points for c in profile.motives["familiarity"].contributions] == [10.0]
    assert profile.motives["familiarity"].confidence == round(2 / 6, 3)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_scored_profile_is_the_model_its_json_validates_to(data):
    """Scoring builds its models without validating them again; they must equal validated ones exactly."""
    answers = {
        i.id: data.draw(st.sampled_from([None, *SHIPPED.scale_of(i).values]))
        for i in SHIPPED.items
        if data.draw(st.booleans())
    }
    profile = score_answers(SHIPPED, answers)
    validated = Profile.model_validate_json(profile.model_dump_json())
    assert validated == profile
    assert validated.model_dump_json(exclude_unset=True) == profile.model_dump_json(exclude_unset=True)
    for dimensions in ("motives", "footing"):
        for dimension, score in getattr(profile, dimensions).items():
            assert getattr(validated, dimensions)[dimension].model_fields_set == score.model_fields_set
            assert all(type(c) is Contribution for c in score.contributions)


def test_a_saved_contribution_is_checked_field_by_field(mini_rubric):
    saved = json.loads(score_answers(mini_rubric, {"a1": 4}).model_dump_json())
    saved["motives"]["familiarity"]["contributions"][0]["points"] = "many"
    with pytest.raises(ValidationError) as caught:
        Profile.model_validate(saved, strict=True)
    assert [e["loc"] for e in caught.value.errors()] == [("motives", "familiarity", "contributions", 0, "points")]


def test_scoring_keeps_no_rubric_alive_once_it_is_dropped():
    # Its memo goes with the rubric: a rubric read for every import or edit must not pile up.
    rubric = load_rubric(DEFAULT_RUBRIC_PATH)
    score_answers(rubric, {i.id: max(rubric.scale_of(i).values) for i in rubric.items})
    gone = weakref.ref(rubric)
    del rubric
    gc.collect()
    assert gone() is None
