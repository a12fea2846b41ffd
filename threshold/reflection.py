"""Turning a profile into words: evidence, questions to ask, and the decision check.

Pure functions over the rubric and a profile, shared by the app and any report.
"""

from __future__ import annotations

from dataclasses import dataclass

from threshold.rubric import Resource, Rubric
from threshold.scoring import DimensionScore, Profile
from threshold.situation import Codes, item_text

#: Other motives this high also contribute questions to ask, beside the dominant ones.
EXTRA_QUESTIONS_PER_HIGH_MOTIVE = 2


@dataclass(frozen=True)
class Evidence:
    """One answer that moved a score: "because you said ..."."""

    item_id: str
    statement: str
    answer_label: str
    points: float


def evidence_for(rubric: Rubric, score: DimensionScore, limit: int = 3, codes: Codes | None = None) -> list[Evidence]:
    """The answers that moved this score most, largest effect first, worded as the person was asked."""
    return [
        Evidence(
            item_id=c.item,
            statement=item_text(rubric.item_by_id[c.item], codes or {}),
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


@dataclass(frozen=True)
class Reading:
    """What the headline may say: one motive clearly ahead, two or three close, or not enough to tell."""

    #: "clear", "close", "faint" (answered enough, nothing reaches the moderate band) or "thin".
    kind: str
    #: The motives the headline names, highest first (all close ones; empty when thin).
    motives: list[str]


def reading(rubric: Rubric, profile: Profile) -> Reading:
    """Name one motive only when it leads clearly on enough evidence; otherwise say what is close or unknown."""
    ranked = [m for m in ranked_motives(profile) if profile.motives[m].score is not None]
    answered = {c.item for s in profile.motives.values() for c in s.contributions}
    if not ranked or len(answered) < rubric.scoring.min_answers_for_headline:
        return Reading("thin", [])
    top = profile.motives[ranked[0]].score
    close = [m for m in ranked if top - profile.motives[m].score <= rubric.scoring.close_within]
    if top < rubric.scoring.moderate_from:
        return Reading("faint", close)
    return Reading("clear" if len(close) == 1 else "close", close)


def questions_to_ask_them(rubric: Rubric, profile: Profile) -> list[str]:
    """General questions, then every question of the motives the headline names, then a few from other high ones."""
    questions = list(rubric.general.ask_them)
    named = reading(rubric, profile).motives
    for motive_id in named:
        questions += rubric.motive_by_id[motive_id].ask_them
    for motive_id in ranked_motives(profile):
        if motive_id not in named and profile.motives[motive_id].band == "high":
            questions += rubric.motive_by_id[motive_id].ask_them[:EXTRA_QUESTIONS_PER_HIGH_MOTIVE]
    return _unique(questions)


def questions_to_ask_yourself(rubric: Rubric, profile: Profile) -> list[str]:
    """General questions for yourself, then those of the motives the headline names."""
    questions = list(rubric.general.ask_yourself)
    for motive_id in reading(rubric, profile).motives:
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


def safety_resources(rubric: Rubric, country: str | None) -> list[Resource]:
    """The one rule for which helplines to list: the chosen country's first, then the general ones, always."""
    resources = rubric.safety.resources
    return [*resources.countries.get(country, []), *resources.default] if country else list(resources.default)


def join_names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


#: How many motives the headline counts in words before it says "several".
_COUNT_WORDS = {2: "two", 3: "three"}


def dominant_heading(rubric: Rubric, profile: Profile) -> str | None:
    """The profile's headline, as sure as the evidence allows; None when no motive was scored."""
    if not any(s.score is not None for s in profile.motives.values()):
        return None
    read = reading(rubric, profile)
    if read.kind == "thin":
        return "There is not enough yet to tell which motive fits best"
    names = join_names([rubric.motive_by_id[m].label for m in read.motives])
    top = profile.motives[read.motives[0]]
    # A headline on thin evidence would sound surer than the answers are.
    if is_low_confidence(rubric, top):
        return f"From the few answers so far, they lean toward {names}; hold this lightly"
    close = f"{_COUNT_WORDS.get(len(read.motives), 'several')} motives are close" if len(read.motives) > 1 else ""
    if top.band == "high":
        if not close:
            return f"What stands out most: {names}"
        together = "both stand out" if len(read.motives) == 2 else "they stand out"
        return f"{close.capitalize()}, and {together}: {names}"
    if close:
        return f"Nothing stands out strongly; {close}: {names}"
    return f"Nothing stands out strongly; your answers lean most toward {names}"


def evidence_line(evidence: Evidence) -> str:
    """One "because you said" line in plain text: the statement, the answer and its pull."""
    direction = "toward" if evidence.points > 0 else "away from"
    return f"“{evidence.statement}”: {evidence.answer_label} ({abs(evidence.points):.1f} points {direction} this)"


def _unique(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(texts))
