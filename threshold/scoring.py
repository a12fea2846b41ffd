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
from typing import Any, NamedTuple

from pydantic import BaseModel
from pydantic_core import core_schema

from threshold.memo import derived
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


class Contribution(NamedTuple):
    """One answer's signed points on one score; saved and exported as `{"item", "answer", "points"}`.

    A tuple rather than a model: a profile holds about a hundred of these, and building a model for
    each took most of the scoring time. Its JSON, validation and attributes are the model's.
    """

    item: str
    answer: int
    points: float

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        fields = core_schema.typed_dict_schema(
            {
                "item": core_schema.typed_dict_field(core_schema.str_schema()),
                "answer": core_schema.typed_dict_field(core_schema.int_schema()),
                "points": core_schema.typed_dict_field(core_schema.float_schema()),
            }
        )

        def from_fields(value: Any, validate: core_schema.ValidatorFunctionWrapHandler) -> Contribution:
            if isinstance(value, cls):
                return value
            checked = validate(value)  # errors name the field, as the model's did
            return cls(checked["item"], checked["answer"], checked["points"])

        return core_schema.no_info_wrap_validator_function(
            from_fields,
            fields,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda c: {"item": c.item, "answer": c.answer, "points": c.points}, return_schema=fields
            ),
        )


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
    """The common case, checked in one pass: every pair is a known (item, option or None)."""
    if not set(map(type, answers.values())) <= _INT_OR_NONE:  # True would pass for 1 below
        return False
    allowed = derived(rubric, "allowed_answers", lambda: _allowed_answers(rubric))
    try:
        return allowed.issuperset(answers.items())
    except TypeError:  # an unhashable key: the slow path names it
        return False


def _allowed_answers(rubric: Rubric) -> frozenset[tuple[str, int | None]]:
    return frozenset((i.id, v) for i in rubric.items for v in (*rubric.scale_of(i).values, None))


class _Term(NamedTuple):
    """One item's evidence on one dimension: its |weight|, and its points before the division by
    the answered weight, for each answer."""

    item: str
    weight: float
    points: dict[int, float]


class _Plan(NamedTuple):
    """What scoring needs for one rubric in one situation, worked out once."""

    motives: tuple[tuple[str, float, tuple[_Term, ...]], ...]
    footing: tuple[tuple[str, float, tuple[_Term, ...]], ...]
    safety: tuple[Item, ...]


def score_answers(rubric: Rubric, answers: Answers) -> Profile:
    """Score answers (item id to option value, None for not sure) into a Profile."""
    validate_answers(rubric, answers)
    codes = situation_codes(rubric, answers)
    plan = _plan(rubric, codes)
    prior = rubric.scoring.prior_weight
    motives = {d: _score_one(rubric, total, terms, answers, prior) for d, total, terms in plan.motives}
    footing = {d: _score_one(rubric, total, terms, answers, prior) for d, total, terms in plan.footing}
    signs = [i.id for i in plan.safety if answers.get(i.id) is not None and answers[i.id] >= i.flag_at]
    unsure = [i.id for i in plan.safety if i.gentle_if_unsure and i.id in answers and answers[i.id] is None]
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

    def dimensions(items: list[Item], dimension_ids: list[str]):
        planned = []
        for dimension in dimension_ids:
            measuring = [i for i in items if i.weights.get(dimension)]
            terms = tuple(
                _Term(
                    i.id,
                    abs(i.weights[dimension]),
                    # The numerator of `points` in the module docstring, in the order it was always computed.
                    {
                        v: 50 * i.weights[dimension] * (2 * position_on_scale(rubric, i, v) - 1)
                        for v in _values(rubric, i)
                    },
                )
                for i in measuring
            )
            planned.append((dimension, math.fsum(t.weight for t in terms), terms))
        return tuple(planned)

    return _Plan(
        motives=dimensions(evidence, [m.id for m in rubric.motives]),
        footing=dimensions(of_kind["footing"], [d.id for d in rubric.footing]),
        safety=tuple(of_kind["safety"]),
    )


def _values(rubric: Rubric, item: Item) -> list[int]:
    return rubric.scale_of(item).values


def _score_one(rubric: Rubric, total_weight: float, terms: tuple[_Term, ...], answers: Answers, prior: float):
    get = answers.get
    answered = [
        (item, weight, points[value], value) for item, weight, points in terms if (value := get(item)) is not None
    ]
    answered_weight = math.fsum([a[1] for a in answered])
    confidence = round(answered_weight / total_weight, 3) if total_weight else 0.0
    if not answered:
        return _built(DimensionScore, score=None, band=None, confidence=confidence, contributions=[])
    # The prior sits in the denominator only, so the points still add up to exactly score - 50.
    denominator = answered_weight + prior
    points = [a[2] / denominator for a in answered]
    # fsum is exact, so the score cannot depend on the order of items or answers.
    raw = 50 + math.fsum(points)
    score = round(min(100.0, max(0.0, raw)), SCORE_DECIMALS)
    # Largest effect first, ties by item id: plain tuples sort without a key function.
    # round(x, 2) is correctly rounded and slow; answers are discrete, so the same points recur.
    shown = [r if (r := _ROUNDED.get(p)) is not None and p else _rounded(p) for p in points]
    ranked = sorted([(-abs(p), a[0], a[3], p) for a, p in zip(answered, shown, strict=True)])
    contributions = [_new_tuple(Contribution, entry[1:]) for entry in ranked]
    return _built(
        DimensionScore, score=score, band=rubric.band_for(score), confidence=confidence, contributions=contributions
    )


_new_tuple = tuple.__new__
#: `round(points, 2)` by points; emptied when it grows past its bound. Zero is rounded afresh each
#: time: 0.0 and -0.0 are one key, but they print differently.
_ROUNDED: dict[float, float] = {}
_ROUNDED_LIMIT = 100_000


def _rounded(points: float) -> float:
    if len(_ROUNDED) >= _ROUNDED_LIMIT:
        _ROUNDED.clear()
    shown = _ROUNDED[points] = round(points, 2)
    return shown


_set = object.__setattr__


def _built(model: type[BaseModel], **fields):
    """`model(**fields)` for values that already have their fields' types, without checking them again.

    What `model_construct` does (every field given is set, as with validation), minus its per-field
    loop; tests compare its results with validated models field for field.
    """
    instance = model.__new__(model)
    _set(instance, "__dict__", fields)
    _set(instance, "__pydantic_fields_set__", set(fields))
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


def fitting_answers(rubric: Rubric, answers: Answers) -> dict[str, int | None]:
    """Only the answers that fit this rubric, for answers kept while the rubric changed under them."""
    fitting = {}
    for item_id, value in answers.items():
        item = rubric.item_by_id.get(item_id)
        if item and (value is None or value in rubric.scale_of(item).values):
            fitting[item_id] = value
    return fitting
