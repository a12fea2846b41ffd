"""What changed between two saved assessments: scores per motive and footing, and the answers."""

from __future__ import annotations

from dataclasses import dataclass

from threshold.rubric import Rubric
from threshold.scoring import NOT_SURE_LABEL, DimensionScore
from threshold.store import Assessment


@dataclass(frozen=True)
class ScoreChange:
    id: str
    label: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        """after minus before, or None when either was not scored."""
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)


@dataclass(frozen=True)
class AnswerChange:
    """One item's answer in each assessment; a label is None where that one did not answer it."""

    item_id: str
    text: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Comparison:
    motives: list[ScoreChange]
    footing: list[ScoreChange]
    #: Answered in both, differently.
    changed: list[AnswerChange]
    only_before: list[AnswerChange]
    only_after: list[AnswerChange]


def compare(
    before: Assessment, after: Assessment, rubric_before: Rubric, rubric_after: Rubric | None = None
) -> Comparison:
    """Compare two assessments, each read with the rubric it was scored with (the same one by default)."""
    rubric_after = rubric_after or rubric_before
    # An item's text comes from the newer rubric when it still has the item.
    items = {**rubric_before.item_by_id, **rubric_after.item_by_id}
    order = [*rubric_after.item_by_id, *(i for i in rubric_before.item_by_id if i not in rubric_after.item_by_id)]

    def label(rubric: Rubric, answers: dict, item_id: str) -> str | None:
        if item_id not in answers:
            return None
        value = answers[item_id]
        return NOT_SURE_LABEL if value is None else rubric.scale_of(rubric.item_by_id[item_id]).label_for(value)

    changes = [
        AnswerChange(
            item_id,
            items[item_id].text,
            label(rubric_before, before.answers, item_id),
            label(rubric_after, after.answers, item_id),
        )
        for item_id in order
        if before.answers.get(item_id, ...) != after.answers.get(item_id, ...)
    ]
    return Comparison(
        motives=_score_changes(rubric_after.motives, before.profile.motives, after.profile.motives),
        footing=_score_changes(rubric_after.footing, before.profile.footing, after.profile.footing),
        changed=[c for c in changes if c.before is not None and c.after is not None],
        only_before=[c for c in changes if c.after is None],
        only_after=[c for c in changes if c.before is None],
    )


def _score_changes(dimensions, before: dict[str, DimensionScore], after: dict[str, DimensionScore]):
    return [
        ScoreChange(
            d.id,
            d.label,
            before[d.id].score if d.id in before else None,
            after[d.id].score if d.id in after else None,
        )
        for d in dimensions
    ]
