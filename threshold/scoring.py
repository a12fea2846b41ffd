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

import math
from collections.abc import Mapping

from pydantic import BaseModel

from threshold.rubric import Item, Rubric
from threshold.situation import applicable_items, situation_codes

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


class Contribution(BaseModel):
    item: str
    answer: int
    points: float


class DimensionScore(BaseModel):
    #: 0..100, or None when nothing that measures it was answered.
    score: float | None
    band: str | None
    #: Share of this dimension's evidence (by weight) that was answered, 0..1.
    confidence: float
    #: Signed points per answered item, largest effect first.
    contributions: list[Contribution]


class Profile(BaseModel):
    motives: dict[str, DimensionScore]
    dominant: list[str]
    footing: dict[str, DimensionScore]
    safety_flag: bool
    #: Ids of the safety items whose answers reported a sign of danger.
    safety_signs: list[str]
    #: Ids of fear or threat items answered "Not sure": the resources are shown gently, without the override.
    safety_unsure: list[str] = []
    rubric_version: str
    rubric_hash: str
    #: The situation as coded answers (relationship, who ended it, ...), so words can fit it.
    situation: dict[str, str] = {}


def validate_answers(rubric: Rubric, answers: Answers) -> None:
    """Raise AnswerError for unknown item ids and answers outside an item's options."""
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


def score_answers(rubric: Rubric, answers: Answers) -> Profile:
    """Score answers (item id to option value, None for not sure) into a Profile."""
    validate_answers(rubric, answers)
    codes = situation_codes(rubric, answers)
    asked = applicable_items(rubric, codes)
    kinds = {s.id: s.kind for s in rubric.sections}
    of_kind = {kind: [i for i in asked if kinds[i.section] == kind] for kind in ("returner", "footing", "safety")}
    # A situation answer with weights (such as whether they apologised) is evidence about them too.
    evidence = [*(i for i in asked if kinds[i.section] == "situation" and i.weights), *of_kind["returner"]]
    motives = _score_dimensions(rubric, evidence, [m.id for m in rubric.motives], answers)
    footing = _score_dimensions(rubric, of_kind["footing"], [d.id for d in rubric.footing], answers)
    safety = of_kind["safety"]
    signs = [i.id for i in safety if answers.get(i.id) is not None and answers[i.id] >= i.flag_at]
    unsure = [i.id for i in safety if i.gentle_if_unsure and i.id in answers and answers[i.id] is None]
    return Profile(
        motives=motives,
        dominant=dominant_motives(motives),
        footing=footing,
        safety_flag=bool(signs),
        safety_signs=signs,
        safety_unsure=unsure,
        situation=codes,
        rubric_version=rubric.version,
        rubric_hash=rubric.content_hash,
    )


def dominant_motives(motives: Mapping[str, DimensionScore]) -> list[str]:
    """The highest-scoring motive ids, ties kept, in rubric order; empty when none was scored."""
    scored = {m: s.score for m, s in motives.items() if s.score is not None}
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


def _score_dimensions(rubric: Rubric, items: list[Item], dimension_ids: list[str], answers: Answers):
    return {d: _score_one(rubric, items, d, answers) for d in dimension_ids}


def _score_one(rubric: Rubric, items: list[Item], dimension: str, answers: Answers) -> DimensionScore:
    measuring = [i for i in items if i.weights.get(dimension)]
    answered = [i for i in measuring if answers.get(i.id) is not None]
    total_weight = math.fsum(abs(i.weights[dimension]) for i in measuring)
    answered_weight = math.fsum(abs(i.weights[dimension]) for i in answered)
    confidence = round(answered_weight / total_weight, 3) if total_weight else 0.0
    if not answered:
        return DimensionScore(score=None, band=None, confidence=confidence, contributions=[])
    # The prior sits in the denominator only, so the points still add up to exactly score - 50.
    denominator = answered_weight + rubric.scoring.prior_weight
    contributions = [
        Contribution(
            item=i.id,
            answer=answers[i.id],
            points=50 * i.weights[dimension] * (2 * position_on_scale(rubric, i, answers[i.id]) - 1) / denominator,
        )
        for i in answered
    ]
    # fsum is exact, so the score cannot depend on the order of items or answers.
    raw = 50 + math.fsum(c.points for c in contributions)
    score = round(min(100.0, max(0.0, raw)), SCORE_DECIMALS)
    for c in contributions:
        c.points = round(c.points, 2)
    contributions.sort(key=lambda c: (-abs(c.points), c.item))
    return DimensionScore(score=score, band=rubric.band_for(score), confidence=confidence, contributions=contributions)


def fitting_answers(rubric: Rubric, answers: Answers) -> dict[str, int | None]:
    """Only the answers that fit this rubric, for answers kept while the rubric changed under them."""
    fitting = {}
    for item_id, value in answers.items():
        item = rubric.item_by_id.get(item_id)
        if item and (value is None or value in rubric.scale_of(item).values):
            fitting[item_id] = value
    return fitting
