"""`Store`: saved assessments, the rubrics they were scored with, drafts and the lock, on SQLite or PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache

from sqlalchemy import and_, delete, func, select

from threshold.decision import DecisionRecord, Reply
from threshold.rubric import Rubric, parse_rubric
from threshold.scoring import Profile, score_answers
from threshold.store import queries
from threshold.store.drafts import DraftMethods
from threshold.store.passphrase import LockMethods
from threshold.store.records import (
    SCORE_COLUMNS,
    Assessment,
    AssessmentNotFound,
    AssessmentSummary,
    ImportResult,
    StoredRubric,
    StoreError,
    check_decision,
    check_name,
    check_notes,
    check_reached_out,
    check_relationship,
    motive_scores,
)
from threshold.store.schema import assessments
from threshold.store.sealing import DECISION_FIELD, NAME_FIELD, NOTES_FIELD, PROFILE_FIELD

A = assessments.c


class Store(DraftMethods, LockMethods):
    """Saved assessments, their rubrics and drafts in one database: a SQLite file, `:memory:` or a URL."""

    # Assessments

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
    ) -> int:
        """Score the answers with this rubric and save everything, their message, options and replies too;
        return the new id. `follow_up_of` links a follow-up to the assessment it follows."""
        if not rubric.text:
            raise StoreError("rubric: no source text to keep; load it with load_rubric or parse_rubric")
        decision = check_decision(rubric, decision)
        first_uid = self.get(follow_up_of).uid if follow_up_of is not None else None
        assessment = Assessment(
            id=0,
            uid=str(uuid.uuid4()),
            name=name,
            relationship=relationship,
            reached_out_on=reached_out_on,
            taken_at=taken_at or datetime.now(UTC),
            answers=dict(answers),
            profile=score_answers(rubric, answers),
            notes=notes,
            rubric_hash=rubric.content_hash,
            rubric_version=rubric.version,
            message=message,
            message_speaker=message_speaker,
            decision=decision,
            replies=tuple(replies),
            follow_up_of_uid=first_uid,
            follow_up_of=follow_up_of,
        )
        with self._transaction() as conn:
            queries.insert_rubric(conn, rubric.content_hash, StoredRubric(rubric.version, rubric.text))
            return queries.insert_assessment(conn, assessment, self._seal)

    def get(self, assessment_id: int) -> Assessment:
        """The saved assessment with this id; AssessmentNotFound if there is none."""
        return self.assessments([assessment_id])[0]

    def assessments(self, ids: Sequence[int] | None = None) -> list[Assessment]:
        """These assessments in the order given, or all of them oldest first."""
        if ids is None:
            return self._select(None)
        found = {a.id: a for a in self._select(A.id.in_(list(ids)))}
        if missing := [i for i in ids if i not in found]:
            raise AssessmentNotFound(f"no saved assessment has id {missing[0]}")
        return [found[i] for i in ids]

    def history_of(self, name: str) -> list[Assessment]:
        """Every assessment about this exact name, oldest first, for a trend."""
        if self._seal.sealed:
            with self._connect() as conn:
                ids = queries.ids_whose_name(conn, self._seal, lambda n: n == name, None, newest_first=False)
            return self._select(A.id.in_(ids))
        return self._select(A.name == name)

    def _select(self, where) -> list[Assessment]:
        with self._connect() as conn:
            return queries.select_assessments(conn, self._seal, where)

    def list(
        self, search: str | None = None, relationship: str | None = None, limit: int = 20, offset: int = 0
    ) -> list[AssessmentSummary]:
        """One page of the history, newest first, optionally by name (any part, any case) and relationship."""
        where = queries.filters(search, relationship)
        with self._connect() as conn:
            if self._seal.sealed and search and search.strip():
                # Under a lock the search runs on names decrypted in Python, then this page is fetched by id.
                ids = self._ids_named(conn, search, relationship)[offset : offset + limit]
                where, limit, offset = [A.id.in_(ids)], len(ids), 0
            # Under a lock the dominant motives and scores are sealed inside the profile, read for this page only.
            columns = [A.id, A.uid, A.name, A.relationship, A.taken_at, A.reached_out_on, A.dominant, A.profile]
            query = select(*columns, *(A[c] for c in SCORE_COLUMNS.values())).where(and_(True, *where))
            rows = conn.execute(query.order_by(A.taken_at.desc(), A.id.desc()).limit(limit).offset(offset)).all()
        return [self._summary(row) for row in rows]

    def _ids_named(self, conn, search: str, relationship: str | None) -> list[int]:
        return queries.ids_whose_name(conn, self._seal, _contains(search), relationship)

    def _summary(self, row) -> AssessmentSummary:
        dominant = row[6].split(",") if row[6] else []
        scores = dict(zip(SCORE_COLUMNS, row[8:], strict=True))
        if self._seal.sealed:
            profile = Profile.model_validate_json(self._seal.open(row[7], PROFILE_FIELD, row[1]))
            dominant, scores = list(profile.dominant), motive_scores(profile)
        return AssessmentSummary(
            id=row[0],
            name=self._seal.open(row[2], NAME_FIELD, row[1]),
            relationship=row[3],
            taken_at=datetime.fromisoformat(row[4]),
            reached_out_on=date.fromisoformat(row[5]) if row[5] else None,
            dominant=dominant,
            scores=scores,
        )

    def count(self, search: str | None = None, relationship: str | None = None) -> int:
        """How many assessments `list` pages through with these filters."""
        with self._connect() as conn:
            if self._seal.sealed and search and search.strip():
                return len(self._ids_named(conn, search, relationship))
            where = queries.filters(search, relationship)
            return conn.execute(select(func.count()).select_from(assessments).where(and_(True, *where))).scalar_one()

    def rename(self, assessment_id: int, name: str) -> None:
        name = check_name(name)
        self._update(assessment_id, lambda uid: {**self._name_columns(name, uid)})

    def set_notes(self, assessment_id: int, notes: str) -> None:
        notes = check_notes(notes)
        self._update(assessment_id, lambda uid: {"notes": self._seal.seal(notes, NOTES_FIELD, uid)})

    def update_details(
        self, assessment_id: int, *, name: str, relationship: str, reached_out_on: date | None, notes: str
    ) -> None:
        """Change what the person wrote about a saved assessment, all of it in one transaction or none."""
        name, relationship = check_name(name), check_relationship(relationship)
        reached_out, notes = check_reached_out(reached_out_on), check_notes(notes)
        self._update(
            assessment_id,
            lambda uid: {
                **self._name_columns(name, uid),
                "relationship": relationship,
                "reached_out_on": reached_out.isoformat() if reached_out else None,
                "notes": self._seal.seal(notes, NOTES_FIELD, uid),
            },
        )

    def set_decision(self, assessment_id: int, decision: DecisionRecord | None) -> None:
        """Keep (or replace) what the person said on the options page with a saved assessment."""
        decision = check_decision(self.rubric_for(self.get(assessment_id)), decision)
        text = decision.model_dump_json() if decision is not None else ""
        self._update(assessment_id, lambda uid: {"decision": self._seal.seal(text, DECISION_FIELD, uid)})

    def follow_ups(self, assessment_id: int) -> list[Assessment]:
        """The follow-ups of this assessment, oldest first."""
        uid = self.get(assessment_id).uid
        with self._connect() as conn:
            ids = queries.ids_following(conn, self._seal, uid)
        return self._select(A.id.in_(ids))

    def delete(self, assessment_id: int) -> None:
        with self._transaction() as conn:
            if conn.execute(delete(assessments).where(A.id == assessment_id)).rowcount == 0:
                raise AssessmentNotFound(f"no saved assessment has id {assessment_id}")

    def _name_columns(self, name: str, uid: str) -> dict[str, str]:
        return {"name": self._seal.seal(name, NAME_FIELD, uid), "name_key": queries.name_key(self._seal, name)}

    def _update(self, assessment_id: int, values: Callable[[str], dict]) -> None:
        """Update one row; `values` gets the row's uid, which its sealed values are bound to."""
        with self._transaction() as conn:
            uid = conn.execute(select(A.uid).where(A.id == assessment_id)).scalar()
            if uid is None:
                raise AssessmentNotFound(f"no saved assessment has id {assessment_id}")
            conn.execute(assessments.update().where(A.id == assessment_id).values(**values(uid)))

    # Rubrics

    def stored_rubric(self, content_hash: str) -> StoredRubric:
        with self._connect() as conn:
            stored = queries.stored_rubric(conn, content_hash)
        if stored is None:
            raise StoreError(f"no stored rubric has hash {content_hash}")
        return stored

    def rubric_for(self, assessment: Assessment) -> Rubric:
        """The rubric this assessment was scored with, exactly as it was then."""
        return _parse_stored(self.stored_rubric(assessment.rubric_hash).text)

    # Import

    def add_imported(self, rubrics: Mapping[str, StoredRubric], assessments: Sequence[Assessment]) -> ImportResult:
        """Add checked assessments in one transaction, skipping any already here; refuse a uid with other content."""
        # Ids are local to a database: an imported one keeps its id where that id is free, else gets a new one.
        with self._transaction() as conn:
            uids = [new.uid for new in assessments]
            here = {a.uid: a for a in queries.select_assessments(conn, self._seal, A.uid.in_(uids), order=False)}
            # Every collision is found before anything is written, so a refusal leaves the file untouched.
            for new in assessments:
                if new.uid in here and not here[new.uid].same_content(new):
                    raise StoreError(
                        f"assessments: {new.uid} ({new.name!r}) is already here with different content"
                        " (renamed or edited since it was exported?); nothing was imported"
                    )
            for content_hash, stored in rubrics.items():
                queries.insert_rubric(conn, content_hash, stored)
            for new in assessments:
                if new.uid not in here:
                    queries.insert_assessment(conn, new, self._seal, keep_id=True)
        return ImportResult(added=len(assessments) - len(here), skipped=len(here))


def _contains(search: str) -> Callable[[str], bool]:
    needle = search.strip().casefold()
    return lambda name: needle in name.casefold()


@lru_cache(maxsize=16)
def _parse_stored(text: str) -> Rubric:
    # Keyed by the text itself, so a cached rubric can never be stale; parsing takes ~50 ms.
    return parse_rubric(text, source="stored rubric")
