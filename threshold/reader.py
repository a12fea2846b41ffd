"""Read their message: find the rubric's cues in it, with spans into the text exactly as pasted.

The reader's parts, one job each: `threshold.reader_normalise` (the passes that normalise a message,
with `reader_offsets` carrying spans back and `reader_chat` taking pasted chats apart),
`threshold.reader_cues` (finding cue patterns) and this module, which scores what was found.

Each motive's signal is `1 - exp(-total / SIGNAL_SCALE)` over the weights of the cues found,
negative cues subtracting; a cue counts once, plus a halving share for each repeat, so a long or
repetitive message cannot saturate a signal.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, NamedTuple

from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import core_schema

from threshold.fast_models import tuple_model_schema
from threshold.reader_chat import UnknownSpeakerError
from threshold.reader_cues import find_cue_spans
from threshold.reader_normalise import NormalisedText, normalise
from threshold.rubric import Rubric

__all__ = [
    "Match",
    "NormalisedText",
    "Reading",
    "UnknownSpeakerError",
    "find_cue_spans",
    "hint_strength",
    "normalise",
    "read_message",
]

#: Each repeat of the same cue in one message counts this fraction of the one before.
REPEAT_DECAY = 0.5
#: Net cue weight that takes a signal to about 0.63; one strong cue (weight 1.5) reads about 0.53.
SIGNAL_SCALE = 2.0


class Match(NamedTuple):
    """One cue found in the message; `start`/`end` index the original text, `text` is that slice.

    A tuple rather than a model: a long chat holds thousands. It validates and is saved as the model
    with these fields was (`{"motive", "cue", "start", "end", "text", "weight"}`).
    """

    motive: str
    cue: str
    start: int
    end: int
    text: str
    weight: float

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        text, number = core_schema.str_schema(), core_schema.int_schema()
        fields = {"motive": text, "cue": text, "start": number, "end": number, "text": text}
        return tuple_model_schema(cls, {**fields, "weight": core_schema.float_schema()})


class Reading(BaseModel):
    """What the wording of a message hints at, motive by motive, and the evidence for it."""

    #: Motive id to strength, 0 (no sign in the wording) to 1.
    signals: dict[str, float]
    #: Every cue found, in the order it appears in the text.
    matches: list[Match]
    #: Motive ids with a signal above 0, strongest first (ties in rubric order).
    top: list[str]
    #: Questionnaire item ids the positive cues found may help answer, in order of first appearance.
    informs: list[str]
    #: Names of a pasted chat's speakers, as written, in order of first appearance.
    speakers: list[str]
    #: The rubric read with, so a stored reading re-renders as it was.
    rubric_version: str
    rubric_hash: str


#: Strength of a signal in words, from the weakest: (lowest signal, words). One strong cue reads "a hint";
#: "a clearer hint" takes more than one.
HINT_STRENGTHS = ((0.0, "a faint hint"), (0.3, "a hint"), (0.55, "a clearer hint"))


def hint_strength(signal: float) -> str:
    """A signal above 0 in words ("a faint hint" ... "a clearer hint"); wording is never more than a hint."""
    return next(words for lowest, words in reversed(HINT_STRENGTHS) if signal >= lowest)


def read_message(rubric: Rubric, text: str, speaker: str | None = None) -> Reading:
    """Read `text` against the rubric's cues; with `speaker`, read only that speaker's chat lines."""
    normal = normalise(text, rubric, speaker)
    found = find_cue_spans(rubric, normal.text)
    totals = dict.fromkeys(rubric.motive_by_id, 0.0)
    spans: list[tuple[int, int]] = []
    cues = []
    for cue in rubric.cues:
        kept = _leftmost_apart(span for pattern in cue.patterns for span in found[pattern])
        if kept:
            totals[cue.motive] += cue.weight * (1 - REPEAT_DECAY ** len(kept)) / (1 - REPEAT_DECAY)
            spans += kept
            cues += [cue] * len(kept)
    # In the order they appear, as plain tuples: sorting and then building the models is faster.
    found_in_order = sorted(
        (start, end, cue.motive, cue.id, cue.weight)
        for (start, end), cue in zip(normal.original_spans(spans), cues, strict=True)
    )
    matches = [_new_tuple(Match, (m, c, s, e, text[s:e], w)) for s, e, m, c, w in found_in_order]
    # Each cue's first match is the first place its items can appear in.
    first_positive = dict.fromkeys(c for _, _, _, c, w in found_in_order if w > 0)
    informs = dict.fromkeys(item for cue in first_positive for item in rubric.cue_by_id[cue].informs)
    signals = {motive: round(1 - math.exp(-max(total, 0.0) / SIGNAL_SCALE), 3) for motive, total in totals.items()}
    top = [m for m in sorted(signals, key=lambda m: -signals[m]) if signals[m] > 0]
    return Reading(
        signals=signals,
        matches=matches,
        top=top,
        informs=list(informs),
        speakers=normal.speakers,
        rubric_version=rubric.version,
        rubric_hash=rubric.content_hash,
    )


_new_tuple = tuple.__new__


def _leftmost_apart(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that do not overlap, taking the leftmost (then shortest) first: one cue counts once per place."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept
