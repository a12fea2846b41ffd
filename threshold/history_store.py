"""The interface the app and the command line use for history, so another engine can stand in.

`threshold.store.Store` implements it on SQLite (the embedded default). A PostgreSQL store for a
hosted workshop would implement the same methods; nothing outside `threshold/store.py` may
depend on SQLite itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Protocol, runtime_checkable

from threshold.decision import DecisionRecord, Reply
from threshold.rubric import Rubric
from threshold.store import Assessment, AssessmentSummary, Draft, ImportResult, StoredRubric


@runtime_checkable
class HistoryStore(Protocol):
    def save_assessment(
        self,
        rubric: Rubric,
        answers: Mapping[str, int | None],
        *,
        name: str,
        relationship: str = "other",
        reached_out_on: date | None = None,
        notes: str = "",
        taken_at: datetime | None = None,
        message: str = "",
        message_speaker: str = "",
        decision: DecisionRecord | None = None,
        replies: Sequence[Reply] = (),
        follow_up_of: int | None = None,
    ) -> int: ...

    def get(self, assessment_id: int) -> Assessment: ...

    def assessments(self, ids: Sequence[int] | None = None) -> list[Assessment]: ...

    def history_of(self, name: str) -> list[Assessment]: ...

    def list(
        self, search: str | None = None, relationship: str | None = None, limit: int = 20, offset: int = 0
    ) -> list[AssessmentSummary]: ...

    def count(self, search: str | None = None, relationship: str | None = None) -> int: ...

    def names(self) -> list[str]: ...

    def rename(self, assessment_id: int, name: str) -> None: ...

    def set_notes(self, assessment_id: int, notes: str) -> None: ...

    def set_decision(self, assessment_id: int, decision: DecisionRecord | None) -> None: ...

    def follow_ups(self, assessment_id: int) -> list[Assessment]: ...

    def delete(self, assessment_id: int) -> None: ...

    def rubric_for(self, assessment: Assessment) -> Rubric: ...

    def add_imported(self, rubrics: Mapping[str, StoredRubric], assessments: Sequence[Assessment]) -> ImportResult: ...

    def save_draft(
        self,
        answers: Mapping[str, int | None],
        step: int,
        *,
        key: str = ...,
        message: str = "",
        message_speaker: str = "",
    ) -> None: ...

    def load_draft(self, *, key: str = ...) -> Draft | None: ...

    def discard_draft(self, *, key: str = ...) -> None: ...

    def drafts(self) -> dict[str, Draft]: ...

    def claim_draft(self, key: str, new_key: str) -> bool: ...
