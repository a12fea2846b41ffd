"""What scoring produces: a profile of scores, each with the contributions that explain it.

Saved and exported as JSON; a profile stored before reads back the same. The contributions of a
freshly scored profile are worked out when first read (`explained`), from the evidence terms that
scoring planned (`Term`): a page shows a few, a saved profile all of them.
"""

from __future__ import annotations

import math
from operator import getitem, itemgetter
from typing import Any, NamedTuple

from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import core_schema

from threshold.fast_models import tuple_model_schema


class Contribution(NamedTuple):
    """One answer's signed points on one score; saved and exported as `{"item", "answer", "points"}`.

    A tuple rather than a model: a profile holds about a hundred of these, and building a model for
    each took most of the scoring time. Its JSON, validation and attributes are the model's.
    """

    item: str
    answer: int
    points: float

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return tuple_model_schema(cls, _CONTRIBUTION_FIELDS)


_CONTRIBUTION_FIELDS = {
    "item": core_schema.str_schema(),
    "answer": core_schema.int_schema(),
    "points": core_schema.float_schema(),
}


class DimensionScore(tuple):
    """One dimension's score, band and confidence, with the contributions that explain it; saved and
    exported as `{"score", "band", "confidence", "contributions"}`.

    Scoring works out the score, band and confidence at once, and the contributions (most of the
    work) only when something reads them: a profile page shows a few, a saved profile all of them.
    A tuple rather than a model, as `Contribution` is: a profile holds a dozen, and building a model
    for each took a third of the scoring time. Its JSON, validation, attributes, equality, copies and
    pickles are the model's, and reading, comparing or serialising it sees the same values either way.
    """

    __slots__ = ()
    _fields = ("score", "band", "confidence", "contributions")

    #: 0..100, or None when nothing that measures it was answered.
    score: float | None = property(itemgetter(0))  # type: ignore[assignment]
    band: str | None = property(itemgetter(1))  # type: ignore[assignment]
    #: Share of this dimension's evidence (by weight) that was answered, 0..1.
    confidence: float = property(itemgetter(2))  # type: ignore[assignment]

    def __new__(cls, score: float | None, band: str | None, confidence: float, contributions: list[Contribution]):
        # The last place holds a one-item list: the contributions, or (function, *arguments) that work them out.
        return tuple.__new__(cls, (score, band, confidence, [list(contributions)]))

    @property
    def contributions(self) -> list[Contribution]:
        """Signed points per answered item, largest effect first."""
        cell = self[3]
        if type(cell[0]) is tuple:  # not worked out yet
            explain, *arguments = cell[0]
            cell[0] = explain(*arguments)
        return cell[0]

    @property
    def model_fields_set(self) -> set[str]:
        """As a pydantic model's: every field is always set."""
        return set(self._fields)

    def _values(self) -> tuple:
        return (self.score, self.band, self.confidence, self.contributions)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DimensionScore):
            return NotImplemented
        return self._values() == other._values()

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]  # as a pydantic model that is not frozen

    def __repr__(self) -> str:
        return f"DimensionScore({', '.join(f'{k}={v!r}' for k, v in zip(self._fields, self._values(), strict=True))})"

    def __reduce__(self):
        return (DimensionScore, self._values())

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        fields = {
            "score": core_schema.nullable_schema(core_schema.float_schema()),
            "band": core_schema.nullable_schema(core_schema.str_schema()),
            "confidence": core_schema.float_schema(),
        }
        contributions = handler.generate_schema(list[Contribution])
        # Serialised with its contributions as plain dicts: one call per score instead of one per answer.
        as_dicts = core_schema.list_schema(
            core_schema.typed_dict_schema(
                {name: core_schema.typed_dict_field(s) for name, s in _CONTRIBUTION_FIELDS.items()}
            )
        )
        return tuple_model_schema(
            cls,
            {**fields, "contributions": contributions},
            values=cls._serialised_values,
            serialised_fields={**fields, "contributions": as_dicts},
        )

    def _serialised_values(self) -> tuple:
        # A dict display per contribution: a quarter of the time of dict(zip(Contribution._fields, c)).
        as_dicts = [{"item": item, "answer": answer, "points": points} for item, answer, points in self.contributions]
        return (self.score, self.band, self.confidence, as_dicts)


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


class Term(NamedTuple):
    """One item's evidence on one dimension: its |weight|, and its points before the division by
    the answered weight, for each answer."""

    item: str
    weight: float
    points: dict[int, float]


def explained(terms: tuple[Term, ...], given: tuple, prior: float) -> list[Contribution]:
    """Each answered term's signed points, largest effect first, ties by item id."""
    answered = [(t.item, t.weight, t.points[v], v) for t, v in zip(terms, given, strict=True) if v is not None]
    denominator = math.fsum([a[1] for a in answered]) + prior
    points = [a[2] / denominator for a in answered]
    # round(x, 2) is correctly rounded and slow; answers are discrete, so the same points recur.
    shown = [r if (r := _ROUNDED.get(p)) is not None and p else _rounded(p) for p in points]
    # Plain tuples sort without a key function.
    ranked = sorted([(-abs(p), a[0], a[3], p) for a, p in zip(answered, shown, strict=True)])
    return [_new_tuple(Contribution, entry[1:]) for entry in ranked]


def explained_in_full(ranked: tuple[dict[int, tuple[tuple, Contribution]], ...], given: tuple) -> list[Contribution]:
    """`explained` for a dimension with every term answered, from each answer's sort key and
    contribution worked out in advance (`ranked_in_full`)."""
    return [contribution for _, contribution in sorted(map(getitem, ranked, given))]


def ranked_in_full(terms: tuple[Term, ...], prior: float) -> tuple[dict[int, tuple[tuple, Contribution]], ...]:
    """Per term, each answer's sort key and contribution with every term answered, as `explained` makes them."""
    denominator = math.fsum([t.weight for t in terms]) + prior
    ranked = []
    for term in terms:
        by_answer = {}
        for value, numerator in term.points.items():
            shown = round(numerator / denominator, 2)
            by_answer[value] = ((-abs(shown), term.item, value, shown), Contribution(term.item, value, shown))
        ranked.append(by_answer)
    return tuple(ranked)


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
