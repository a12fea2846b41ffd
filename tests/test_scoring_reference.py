"""The fast scoring path (plans, listed scores, contributions worked out when read) against a
straightforward computation of the module docstring's formula, on random answers."""

import math
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_scoring import SHIPPED, answer_sets
from threshold.rubric import Item, Rubric
from threshold.scoring import Profile, rounded_score, score_answers
from threshold.situation import applies, situation_codes


def reference_profile(rubric: Rubric, answers: dict) -> dict:
    """The profile as its JSON form, computed item by item with nothing worked out in advance."""
    codes = situation_codes(rubric, answers)
    kinds = {s.id: s.kind for s in rubric.sections}
    asked = [i for i in rubric.items if applies(i, codes)]
    evidence = [i for i in asked if kinds[i.section] == "returner" or (kinds[i.section] == "situation" and i.weights)]
    footing_items = [i for i in asked if kinds[i.section] == "footing"]
    prior = rubric.scoring.prior_weight

    def position(item: Item, value: int) -> float:
        values = rubric.scale_of(item).values
        place = (value - min(values)) / (max(values) - min(values))
        return 1 - place if item.reverse else place

    def dimension(items: list[Item], dimension_id: str) -> dict:
        measuring = [i for i in items if i.weights.get(dimension_id)]
        answered = [(i, answers[i.id]) for i in measuring if answers.get(i.id) is not None]
        total = math.fsum(abs(i.weights[dimension_id]) for i in measuring)
        answered_weight = math.fsum(abs(i.weights[dimension_id]) for i, _ in answered)
        confidence = round(answered_weight / total, 3) if total else 0.0
        if not answered:
            return {"score": None, "band": None, "confidence": confidence, "contributions": []}
        points = {
            i.id: 50 * i.weights[dimension_id] * (2 * position(i, v) - 1) / (answered_weight + prior)
            for i, v in answered
        }
        score = round(min(100.0, max(0.0, 50 + math.fsum(points.values()))), 1)
        contributions = [{"item": i.id, "answer": v, "points": round(points[i.id], 2)} for i, v in answered]
        contributions.sort(key=lambda c: (-abs(c["points"]), c["item"]))
        band = rubric.band_for(score)
        return {"score": score, "band": band, "confidence": confidence, "contributions": contributions}

    motives = {m.id: dimension(evidence, m.id) for m in rubric.motives}
    scored = {m: d["score"] for m, d in motives.items() if d["score"] is not None}
    safety = [i for i in asked if kinds[i.section] == "safety"]
    signs = [i.id for i in safety if answers.get(i.id) is not None and answers[i.id] >= i.flag_at]
    return {
        "motives": motives,
        "dominant": [m for m, s in scored.items() if s == max(scored.values())],
        "footing": {d.id: dimension(footing_items, d.id) for d in rubric.footing},
        "safety_flag": bool(signs),
        "safety_signs": signs,
        "safety_unsure": [i.id for i in safety if i.gentle_if_unsure and i.id in answers and answers[i.id] is None],
        "rubric_version": rubric.version,
        "rubric_hash": rubric.content_hash,
        "situation": codes,
    }


def full_answer_sets(rubric: Rubric):
    """Every item answered: the path scoring takes most often, through its fully answered plans."""
    return st.fixed_dictionaries({i.id: st.sampled_from(rubric.scale_of(i).values) for i in rubric.items})


def assert_same_as_reference(rubric: Rubric, answers: dict) -> None:
    profile = score_answers(rubric, answers)
    reference = Profile.model_validate(reference_profile(rubric, answers))
    assert profile.model_dump_json() == reference.model_dump_json()  # the bytes saved and exported
    assert profile == reference


@settings(max_examples=150, deadline=None)
@given(st.one_of(answer_sets(SHIPPED), full_answer_sets(SHIPPED)))
def test_scoring_equals_the_reference_computation(answers):
    assert_same_as_reference(SHIPPED, answers)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_scoring_equals_the_reference_computation_on_the_mini_rubric(mini_rubric, data):
    answers = data.draw(st.one_of(answer_sets(mini_rubric), full_answer_sets(mini_rubric)))
    assert_same_as_reference(mini_rubric, answers)


@settings(max_examples=60, deadline=None)
@given(full_answer_sets(SHIPPED))
def test_contributions_read_late_are_the_same_in_every_form(answers):
    """Contributions are worked out when first read; each way of reading a profile sees the same ones."""
    expected = reference_profile(SHIPPED, answers)
    for read in (
        lambda p: {m: [c._asdict() for c in s.contributions] for m, s in p.motives.items()},
        lambda p: {m: s["contributions"] for m, s in p.model_dump()["motives"].items()},
        lambda p: {m: [c._asdict() for c in s.contributions] for m, s in pickle.loads(pickle.dumps(p)).motives.items()},
        lambda p: {m: [c._asdict() for c in s.contributions] for m, s in p.model_copy(deep=True).motives.items()},
    ):
        assert read(score_answers(SHIPPED, answers)) == {m: s["contributions"] for m, s in expected["motives"].items()}


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.floats(min_value=0.0, max_value=100.0),
        st.integers(min_value=0, max_value=2000).map(lambda k: k / 20),  # every halfway point between tenths
        st.integers(min_value=0, max_value=2000).map(lambda k: k / 20 + math.ulp(k / 20) * (-1) ** k),
    )
)
def test_rounded_score_is_round_to_one_decimal(score):
    assert repr(rounded_score(score)) == repr(round(score, 1))


def test_include_and_exclude_reach_into_dimension_scores_and_contributions(mini_rubric):
    profile = score_answers(mini_rubric, {"a1": 4, "a2": 1})
    scores = profile.model_dump(include={"motives": {"__all__": {"score"}}})
    assert scores == {"motives": {m: {"score": s.score} for m, s in profile.motives.items()}}
    items = profile.model_dump(include={"motives": {"familiarity": {"contributions": {"__all__": {"item"}}}}})
    assert items == {"motives": {"familiarity": {"contributions": [{"item": "a1"}, {"item": "a2"}]}}}
    without = profile.model_dump(exclude={"motives": {"__all__": {"contributions"}}})
    assert all(set(s) == {"score", "band", "confidence"} for s in without["motives"].values())
