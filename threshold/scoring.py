"""Pure, deterministic scoring of answers against a rubric into a transparent profile.

Each score starts from 50 (no lean either way) and every answered item moves it by signed
points: `50 * weight * (2 * a - 1) / (prior + sum of |weight| over answered items)`, where `a` is
the answer placed on 0..1 along its scale (flipped for reverse-keyed items) and `prior` is the
rubric's `scoring.prior_weight`: the weight of imagined neutral answers every motive starts with,
so one or two answers move a score only part of the way and thin evidence cannot look certain.
The points add up to `score - 50`, so the profile can show exactly why a score is what it is.
"Not sure" (None or absent) is missing evidence: it lowers confidence and never moves a score.
Only the items asked in the person's situation count (see threshold.situation).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from operator import getitem, itemgetter
from typing import NamedTuple

from threshold.fast_models import trusted
from threshold.memo import derived
from threshold.rubric import Item, Rubric
from threshold.scores import Contribution, DimensionScore, Profile, Term, explained, explained_in_full, ranked_in_full
from threshold.situation import applicable_items, situation_codes

# The profile's types live in threshold.scores and are imported from here too, as they always were.
__all__ = [
    "NOT_SURE_LABEL",
    "SCORE_DECIMALS",
    "AnswerError",
    "Answers",
    "Contribution",
    "DimensionScore",
    "Profile",
    "dominant_motives",
    "fitting_answers",
    "position_on_scale",
    "rounded_score",
    "score_answers",
    "validate_answers",
]

Answers = Mapping[str, int | None]

#: How a "Not sure" (None) answer reads everywhere it is shown.
NOT_SURE_LABEL = "Not sure"

#: Scores are compared at this many decimals, so ties in the dominant list are stable.
SCORE_DECIMALS = 1


class AnswerError(ValueError):
    """Answers that do not fit the rubric; `problems` names each bad item."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def validate_answers(rubric: Rubric, answers: Answers) -> None:
    """Raise AnswerError for unknown item ids and answers outside an item's options."""
    if _all_fit(rubric, answers):
        return
    problems = []
    for item_id, value in answers.items():
        item = rubric.item_by_id.get(item_id)
        if item is None:
            problems.append(f"{item_id}: unknown item id")
            continue
        if value is None:
            continue
        allowed = rubric.scale_of(item).values
        if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
            problems.append(f"{item_id}: answer {value!r} is not one of {allowed} (or null for not sure)")
    if problems:
        raise AnswerError(problems)


_INT_OR_NONE = frozenset({int, type(None)})


def _all_fit(rubric: Rubric, answers: Answers) -> bool:
    return _scorer(rubric).fits(answers)


def _scorer(rubric: Rubric) -> _Scorer:
    return derived(rubric, "scorer", lambda: _Scorer(rubric))


def _allowed_answers(rubric: Rubric) -> frozenset[tuple[str, int | None]]:
    return frozenset((i.id, v) for i in rubric.items for v in (*rubric.scale_of(i).values, None))


class _Dimension(NamedTuple):
    """One dimension's part of a plan: its terms, and what a fully answered dimension always gives."""

    id: str
    terms: tuple[Term, ...]
    total_weight: float
    #: The answers to its terms' items, in term order; raises KeyError when one is absent.
    answers_of: Callable[[Answers], tuple]
    #: Each term's points by answer when every term is answered: the denominator is then fixed.
    full_points: tuple[dict[int, float], ...]
    full_confidence: float
    #: Each term's answers' sort keys and contributions when every term is answered (`ranked_in_full`).
    full_ranked: tuple[dict[int, tuple[tuple, Contribution]], ...]
    #: (score, band, confidence) by answers when every term is answered, for a dimension with few
    #: answers to give (its footing's two or three items); empty for one with too many to list.
    full_scores: dict[tuple, tuple[float, str, float]]


class _Plan(NamedTuple):
    """What scoring needs for one rubric in one situation, worked out once."""

    motives: tuple[_Dimension, ...]
    footing: tuple[_Dimension, ...]
    #: Each safety item asked: its id, the answer from which it is a sign, and whether "Not sure" is noted.
    safety: tuple[tuple[str, int, bool], ...]
    #: The band of every score there can be (0.0, 0.1, ... 100.0): a look-up is faster than `band_for`.
    bands: dict[float, str]


def score_answers(rubric: Rubric, answers: Answers) -> Profile:
    """Score answers (item id to option value, None for not sure) into a Profile."""
    scorer = _scorer(rubric)
    if not scorer.fits(answers):
        validate_answers(rubric, answers)  # names every bad answer
    codes, plan = scorer.situation(rubric, answers)
    prior = scorer.prior
    motives = _scored(rubric, plan.motives, answers, prior, plan.bands)
    footing = _scored(rubric, plan.footing, answers, prior, plan.bands)
    get = answers.get
    signs = [item for item, flag_at, _ in plan.safety if (value := get(item)) is not None and value >= flag_at]
    unsure = [item for item, _, gentle in plan.safety if gentle and item in answers and answers[item] is None]
    return trusted(
        Profile,
        {
            "motives": motives,
            "dominant": dominant_motives(motives),
            "footing": footing,
            "safety_flag": bool(signs),
            "safety_signs": signs,
            "safety_unsure": unsure,
            "rubric_version": scorer.version,
            "rubric_hash": scorer.content_hash,
            "situation": dict(codes),  # each profile its own, as it always was
        },
    )


class _Scorer:
    """What scoring reads from one rubric on every profile, looked up once per profile.

    It holds no reference to the rubric: the memo it lives in goes when the rubric does.
    """

    def __init__(self, rubric: Rubric) -> None:
        self.allowed = _allowed_answers(rubric)
        self.prior = rubric.scoring.prior_weight
        self.version, self.content_hash = rubric.version, rubric.content_hash
        #: The situation items: their answers alone decide the situation, so they key its plan.
        self.situation_ids = tuple(i.id for i in rubric.items_of_kind("situation"))
        self.plans: dict[tuple, tuple[dict[str, str], _Plan]] = {}

    def fits(self, answers: Answers) -> bool:
        """The common case, checked in one pass: every pair is a known (item, option or None)."""
        if not set(map(type, answers.values())) <= _INT_OR_NONE:  # True would pass for 1 below
            return False
        try:
            return self.allowed.issuperset(answers.items())
        except TypeError:  # an unhashable key: the slow path names it
            return False

    def situation(self, rubric: Rubric, answers: Answers) -> tuple[dict[str, str], _Plan]:
        """The situation's codes and scoring plan, worked out once per way of answering the situation."""
        key = tuple(map(answers.get, self.situation_ids))
        try:
            return self.plans[key]
        except KeyError:
            codes = situation_codes(rubric, answers)
            found = self.plans[key] = (codes, _plan(rubric, codes))
            return found


def dominant_motives(motives: Mapping[str, DimensionScore]) -> list[str]:
    """The highest-scoring motive ids, ties kept, in rubric order; empty when none was scored."""
    scored = {m: s[0] for m, s in motives.items() if s[0] is not None}  # s[0] is its score
    if not scored:
        return []
    top = max(scored.values())
    return [m for m, score in scored.items() if score == top]


def position_on_scale(rubric: Rubric, item: Item, value: int) -> float:
    """Where an answer sits from 0 (least) to 1 (most), after reverse keying."""
    values = rubric.scale_of(item).values
    low, high = min(values), max(values)
    position = (value - low) / (high - low)
    return 1 - position if item.reverse else position


def _plan(rubric: Rubric, codes: dict[str, str]) -> _Plan:
    plans = derived(rubric, "scoring_plans", dict)
    key = tuple(sorted(codes.items()))
    if key not in plans:
        plans[key] = _build_plan(rubric, applicable_items(rubric, codes))
    return plans[key]


def _build_plan(rubric: Rubric, asked: list[Item]) -> _Plan:
    kinds = {s.id: s.kind for s in rubric.sections}
    of_kind = {kind: [i for i in asked if kinds[i.section] == kind] for kind in ("returner", "footing", "safety")}
    # A situation answer with weights (such as whether they apologised) is evidence about them too.
    evidence = [*(i for i in asked if kinds[i.section] == "situation" and i.weights), *of_kind["returner"]]
    return _Plan(
        motives=tuple(_dimension(rubric, m.id, evidence) for m in rubric.motives),
        footing=tuple(_dimension(rubric, d.id, of_kind["footing"]) for d in rubric.footing),
        safety=tuple((i.id, i.flag_at, i.gentle_if_unsure) for i in of_kind["safety"]),
        bands=_bands(rubric),
    )


def _bands(rubric: Rubric) -> dict[float, str]:
    scores = (k / _SCALE for k in range(100 * _SCALE + 1))  # exactly the floats rounded_score returns
    return derived(rubric, "bands", lambda: {score: rubric.band_for(score) for score in scores})


def _dimension(rubric: Rubric, dimension: str, items: list[Item]) -> _Dimension:
    """One dimension's plan over the items that measure it; situations asking the same ones share it,
    so the few plans a stream of profiles uses stay small and close at hand."""
    measuring = [i for i in items if i.weights.get(dimension)]
    shared = derived(rubric, "scoring_dimensions", dict)
    key = (dimension, *(i.id for i in measuring))
    if key in shared:
        return shared[key]
    terms = tuple(
        Term(
            i.id,
            abs(i.weights[dimension]),
            # The numerator of `points` in the module docstring, in the order it was always computed.
            {v: 50 * i.weights[dimension] * (2 * position_on_scale(rubric, i, v) - 1) for v in _values(rubric, i)},
        )
        for i in measuring
    )
    total = math.fsum(t.weight for t in terms)
    # The operations _scored does for a partly answered dimension, done once for a fully answered one.
    answered_weight = math.fsum([t.weight for t in terms])
    denominator = answered_weight + rubric.scoring.prior_weight
    full_points = tuple({v: p / denominator for v, p in t.points.items()} for t in terms)
    full_confidence = round(answered_weight / total, 3) if total else 0.0
    full_ranked = ranked_in_full(terms, rubric.scoring.prior_weight)
    answers_of = _getter([t.item for t in terms])
    planned = _Dimension(dimension, terms, total, answers_of, full_points, full_confidence, full_ranked, {})
    if terms and math.prod(len(t.points) for t in terms) <= LISTED_ANSWERS:
        # Worked out by the same loop that scores a profile, while the list is still empty.
        items, prior = [t.item for t in terms], rubric.scoring.prior_weight
        listed = {
            given: _scored(rubric, (planned,), dict(zip(items, given, strict=True)), prior, _bands(rubric))[dimension][
                :3
            ]
            for given in itertools.product(*(t.points for t in terms))
        }
        planned.full_scores.update(listed)
    shared[key] = planned
    return planned


#: A dimension with at most this many ways to answer all it measures has its scores listed in advance.
LISTED_ANSWERS = 1024


def _getter(keys: list[str]) -> Callable[[Answers], tuple]:
    """`lambda answers: tuple(answers[k] for k in keys)`, in C where it can be."""
    if len(keys) == 1:
        (key,) = keys
        return lambda answers: (answers[key],)
    return itemgetter(*keys) if keys else lambda answers: ()


def _values(rubric: Rubric, item: Item) -> list[int]:
    return rubric.scale_of(item).values


def _scored(
    rubric: Rubric, dimensions: tuple[_Dimension, ...], answers: Answers, prior: float, bands: dict[float, str]
) -> dict[str, DimensionScore]:
    """Each dimension's score, band and confidence by its id; its contributions are worked out when read.

    One loop over the dimensions with its names bound locally: this runs a dozen times per profile,
    and the call and attribute look-ups of a helper per dimension were most of the scoring time.
    """
    scored = {}
    fsum, new = math.fsum, tuple.__new__
    for dimension_id, terms, total_weight, answers_of, full_points, full_confidence, ranked, full_scores in dimensions:
        try:
            given = answers_of(answers)
        except KeyError:  # some item left unanswered
            given = tuple(map(answers.get, [t.item for t in terms]))
        if given and None not in given:
            # Everything it measures was answered, the common case: the denominator is the plan's.
            if full_scores:
                explanation = (explained_in_full, ranked, given)
                scored[dimension_id] = new(DimensionScore, (*full_scores[given], [explanation]))
                continue
            raw = 50 + fsum(map(getitem, full_points, given))
            confidence = full_confidence
            explanation = (explained_in_full, ranked, given)
        else:
            answered_weight = fsum([t.weight for t, v in zip(terms, given, strict=True) if v is not None])
            confidence = round(answered_weight / total_weight, 3) if total_weight else 0.0
            if all(v is None for v in given):  # nothing it measures was answered
                scored[dimension_id] = DimensionScore(None, None, confidence, [])
                continue
            # The prior sits in the denominator only, so the points still add up to exactly score - 50.
            denominator = answered_weight + prior
            raw = 50 + fsum([t.points[v] / denominator for t, v in zip(terms, given, strict=True) if v is not None])
            explanation = (explained, terms, given, prior)
        # fsum is exact, so the score cannot depend on the order of items or answers.
        score = rounded_score(100.0 if raw > 100.0 else 0.0 if raw < 0.0 else raw)  # min/max are slower
        band = bands.get(score) or rubric.band_for(score)
        scored[dimension_id] = new(DimensionScore, (score, band, confidence, [explanation]))
    return scored


_SCALE = 10**SCORE_DECIMALS


def rounded_score(score: float) -> float:
    """`round(score, SCORE_DECIMALS)`, in a third of the time.

    The nearest multiple k / 10**d whenever score * 10**d is clearly not halfway between two integers:
    k is then the integer nearest the exact product, and k / 10**d is correctly rounded as round()'s
    result is. Near halfway (a rounding of the product could cross it), round() itself decides.
    """
    scaled = score * _SCALE
    nearest = round(scaled)
    return nearest / _SCALE if abs(scaled - nearest) < 0.4999 else round(score, SCORE_DECIMALS)


def fitting_answers(rubric: Rubric, answers: Answers) -> dict[str, int | None]:
    """Only the answers that fit this rubric, for answers kept while the rubric changed under them."""
    fitting = {}
    for item_id, value in answers.items():
        item = rubric.item_by_id.get(item_id)
        if item and (value is None or value in rubric.scale_of(item).values):
            fitting[item_id] = value
    return fitting
