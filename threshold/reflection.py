"""Turning a profile into words: evidence, questions to ask, and the decision check.

Pure functions over the rubric and a profile, shared by the app and any report.
"""

from __future__ import annotations

from dataclasses import dataclass

from threshold.rubric import Rubric
from threshold.scoring import DimensionScore, Profile

#: Other motives this high also contribute questions to ask, beside the dominant ones.
EXTRA_QUESTIONS_PER_HIGH_MOTIVE = 2


@dataclass(frozen=True)
class Evidence:
    """One answer that moved a score: "because you said ..."."""

    item_id: str
    statement: str
    answer_label: str
    points: float


def evidence_for(rubric: Rubric, score: DimensionScore, limit: int = 3) -> list[Evidence]:
    """The answers that moved this score most, largest effect first."""
    return [
        Evidence(
            item_id=c.item,
            statement=rubric.item_by_id[c.item].text,
            answer_label=rubric.scale_of(rubric.item_by_id[c.item]).label_for(c.answer),
            points=c.points,
        )
        for c in score.contributions[:limit]
        if c.points != 0
    ]


def ranked_motives(profile: Profile) -> list[str]:
    """Motive ids from highest score to lowest; unscored motives last, order otherwise kept."""
    ids = list(profile.motives)
    return sorted(ids, key=lambda m: (profile.motives[m].score is None, -(profile.motives[m].score or 0)))


def questions_to_ask_them(rubric: Rubric, profile: Profile) -> list[str]:
    """General questions, then every question of the dominant motives, then a few from other high ones."""
    questions = list(rubric.general.ask_them)
    for motive_id in profile.dominant:
        questions += rubric.motive_by_id[motive_id].ask_them
    for motive_id in ranked_motives(profile):
        if motive_id not in profile.dominant and profile.motives[motive_id].band == "high":
            questions += rubric.motive_by_id[motive_id].ask_them[:EXTRA_QUESTIONS_PER_HIGH_MOTIVE]
    return _unique(questions)


def questions_to_ask_yourself(rubric: Rubric, profile: Profile) -> list[str]:
    """General questions for yourself, then those of the dominant motives."""
    questions = list(rubric.general.ask_yourself)
    for motive_id in profile.dominant:
        questions += rubric.motive_by_id[motive_id].ask_yourself
    return _unique(questions)


def interpretation(rubric: Rubric, motive_id: str, score: DimensionScore) -> str | None:
    """The rubric's text for this motive's band, or None when it was not scored."""
    if score.band is None:
        return None
    return getattr(rubric.motive_by_id[motive_id].bands, score.band)


def footing_interpretation(rubric: Rubric, dimension_id: str, score: DimensionScore) -> str | None:
    if score.band is None:
        return None
    return getattr(rubric.footing_by_id[dimension_id].bands, score.band)


def is_low_confidence(rubric: Rubric, score: DimensionScore) -> bool:
    return score.confidence < rubric.scoring.low_confidence_below


def decision_check_message(rubric: Rubric, yes_answers: dict[str, bool]) -> str | None:
    """The calm closing text once all four questions are answered; None before that."""
    ids = [q.id for q in rubric.decision_check.questions]
    if any(yes_answers.get(i) is None for i in ids):
        return None
    all_yes = all(yes_answers[i] for i in ids)
    return rubric.decision_check.all_yes if all_yes else rubric.decision_check.not_all_yes


def safety_signs(rubric: Rubric, profile: Profile) -> list[str]:
    """The reported signs of danger, in the rubric's plain words."""
    return [rubric.item_by_id[i].sign for i in profile.safety_signs]


def join_names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def dominant_heading(rubric: Rubric, profile: Profile) -> str | None:
    """The profile's headline about the dominant motive or motives; None when no motive was scored."""
    if not profile.dominant:
        return None
    names = join_names([rubric.motive_by_id[m].label for m in profile.dominant])
    top = profile.motives[profile.dominant[0]]
    # A headline on thin evidence would sound surer than the answers are.
    if is_low_confidence(rubric, top):
        return f"From the few answers so far, they lean toward {names}; hold this lightly"
    if top.band == "high":
        return f"What stands out most: {names}"
    return f"Nothing stands out strongly; your answers lean most toward {names}"


def evidence_line(evidence: Evidence) -> str:
    """One "because you said" line in plain text: the statement, the answer and its pull."""
    direction = "toward" if evidence.points > 0 else "away from"
    return f"“{evidence.statement}”: {evidence.answer_label} ({abs(evidence.points):.1f} points {direction} this)"


def _unique(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(texts))
