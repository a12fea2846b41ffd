"""The store's records and their checks: one `Assessment` model for saving, export and import.

Every limit and field check lives here once; the save path, an edit and an import all call them,
so a value refused by one is refused by all, with the same words.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator

from threshold.decision import DecisionRecord, Reply, record_problems
from threshold.rubric import MOTIVE_IDS, Rubric
from threshold.scoring import Profile

MAX_NAME_CHARS = 200
MAX_NOTES_CHARS = 20_000
#: Their message as pasted: room for a long chat thread, not for a whole exported history.
MAX_MESSAGE_CHARS = 20_000
UID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"

Relationship = Literal["partner", "friend", "family", "other"]
RELATIONSHIPS: tuple[str, ...] = get_args(Relationship)
#: One column per motive, so the history list reads scores without parsing profiles.
SCORE_COLUMNS = {m: f"score_{m}" for m in MOTIVE_IDS}


class StoreError(Exception):
    """A value the store refuses, or a database it cannot use; the message is for the user."""


class AssessmentNotFound(StoreError, LookupError):
    """No saved assessment has this id."""


class LockChanged(StoreError):
    """The lock was set, changed or removed by another window or process since this store was opened."""


class StoreLocked(StoreError):
    """The history has a passphrase lock, and this store was opened without its key."""


class WrongPassphrase(StoreError):
    """A passphrase (or key) that does not open the lock; nothing was changed."""


class LockDamaged(StoreError):
    """The lock record was changed: the history cannot be opened until it is restored or wiped."""


class LockSetNotCleared(StoreError):
    """The lock is set (its key is `key`), but the file could not yet be cleared of the text from before."""

    def __init__(self, message: str, key: bytes):
        super().__init__(message)
        self.key = key


def check_name(name: str) -> str:
    """The name without surrounding spaces, or StoreError saying what is wrong with it."""
    name = _check_text(name, "name", MAX_NAME_CHARS).strip()
    if not name:
        raise StoreError("name: give a name or nickname")
    # A name is one line: no newlines, and no terminal escapes in `threshold list`.
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise StoreError("name: control characters (such as line breaks) are not allowed")
    return name


def check_notes(notes: str) -> str:
    return _check_text(notes, "notes", MAX_NOTES_CHARS)


def check_message(message: str, speaker: str = "") -> tuple[str, str]:
    """Their message and the chosen speaker (none without a message), or StoreError saying what is wrong."""
    speaker = _check_text(speaker, "message_speaker", MAX_NAME_CHARS)
    return _check_text(message, "message", MAX_MESSAGE_CHARS), (speaker if message else "")


def check_decision(rubric: Rubric, decision: DecisionRecord | None) -> DecisionRecord | None:
    """The record, or None when it says nothing; StoreError naming what its rubric cannot show."""
    if decision is None or decision.empty:
        return None
    if problems := record_problems(rubric, decision):
        raise StoreError("decision: " + "; ".join(problems))
    return decision


def check_relationship(relationship: str) -> str:
    if relationship not in RELATIONSHIPS:
        raise StoreError(f"relationship: {relationship!r} is not one of {', '.join(RELATIONSHIPS)}")
    return relationship


def check_reached_out(day: date | None) -> date | None:
    """The day they reached out, or StoreError for anything but a date, or a day after today."""
    if day is None:
        return None
    if type(day) is not date:
        raise StoreError(f"reached_out_on: expected a date, got {type(day).__name__}")
    if day > date.today():
        raise StoreError(
            f"reached_out_on: {day.day} {day:%B %Y} is after today; give the day they reached out, or none"
        )
    return day


def check_taken_at(moment: datetime) -> datetime:
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise StoreError("taken_at: a timestamp needs a time zone")
    return moment


def _check_text(text: str, field: str, limit: int) -> str:
    if not isinstance(text, str):
        raise StoreError(f"{field}: expected text, got {type(text).__name__}")
    if len(text) > limit:
        raise StoreError(f"{field}: {len(text):,} characters is over the limit of {limit:,}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise StoreError(f"{field}: not valid Unicode text") from None
    return text


def _no_empty_decision(decision: DecisionRecord | None) -> DecisionRecord | None:
    return None if decision is None or (isinstance(decision, DecisionRecord) and decision.empty) else decision


class Assessment(BaseModel):
    """One saved assessment with everything needed to show it again exactly.

    Building one checks every field (StoreError naming the first problem); a decision is checked
    against its rubric by whoever has the rubric (`check_decision`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    uid: str
    name: Annotated[str, BeforeValidator(check_name)]
    relationship: Annotated[str, BeforeValidator(check_relationship)]
    reached_out_on: Annotated[date | None, BeforeValidator(check_reached_out)]
    taken_at: Annotated[datetime, BeforeValidator(check_taken_at)]
    answers: dict[str, int | None]
    profile: Profile
    notes: Annotated[str, BeforeValidator(check_notes)]
    rubric_hash: str
    rubric_version: str
    #: Their message as pasted (empty if none) and, for a chat, whose lines were read as theirs.
    message: str = ""
    message_speaker: str = ""
    #: What the person said on the options page, if they went there.
    decision: Annotated[DecisionRecord | None, BeforeValidator(_no_empty_decision)] = None
    #: A follow-up's record of what they said to each question asked.
    replies: tuple[Reply, ...] = ()
    #: A follow-up: the uid of the assessment it follows, and that assessment's local id while it is here.
    follow_up_of_uid: str | None = None
    follow_up_of: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _message_and_speaker(cls, data: Any) -> Any:
        if isinstance(data, dict):
            message, speaker = check_message(data.get("message", ""), data.get("message_speaker", ""))
            data = {**data, "message": message, "message_speaker": speaker}
        return data

    @classmethod
    def from_row(cls, **fields) -> Assessment:
        """An assessment read back from the database: checked when written, so not checked again."""
        return cls.model_construct(**fields)

    def same_content(self, other: Assessment) -> bool:
        """Equal in everything but the local ids."""
        return self == other.model_copy(update={"id": self.id, "follow_up_of": self.follow_up_of})


@dataclass(frozen=True)
class StoredRubric:
    version: str
    text: str


@dataclass(frozen=True)
class AssessmentSummary:
    """One row of the history list."""

    id: int
    name: str
    relationship: str
    taken_at: datetime
    reached_out_on: date | None
    dominant: list[str]
    scores: dict[str, float | None]


@dataclass(frozen=True)
class Draft:
    answers: dict[str, int | None]
    step: int
    updated_at: datetime
    message: str = ""
    message_speaker: str = ""


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int


def motive_scores(profile: Profile) -> dict[str, float | None]:
    """Each motive's score, None where unscored, in the fixed motive order."""
    return {m: profile.motives[m].score if m in profile.motives else None for m in MOTIVE_IDS}


def utc_timestamp(moment: datetime | None = None) -> str:
    """One fixed ISO format in UTC, so timestamps sort as text."""
    moment = check_taken_at(moment or datetime.now(UTC))
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
