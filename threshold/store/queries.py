"""The store's queries, in SQLAlchemy Core: each takes a connection and the seal it reads and writes with."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement

from threshold.decision import DecisionRecord, Reply
from threshold.scoring import Profile
from threshold.store.records import (
    SCORE_COLUMNS,
    Assessment,
    StoredRubric,
    check_relationship,
    motive_scores,
    utc_timestamp,
)
from threshold.store.schema import assessments, drafts, rubrics
from threshold.store.sealing import (
    ASSESSMENT_FIELDS,
    DRAFT_FIELDS,
    FOLLOW_UP_FIELD,
    NAME_FIELD,
    Seal,
)

A = assessments.c
#: The columns an `Assessment` is read from, in `_assessment_from_row`'s order.
_ASSESSMENT_COLUMNS = (
    A.id,
    A.uid,
    A.name,
    A.relationship,
    A.reached_out_on,
    A.taken_at,
    A.answers,
    A.profile,
    A.notes,
    A.rubric_hash,
    rubrics.c.version,
    A.message,
    A.message_speaker,
    A.decision,
    A.replies,
    A.follow_up_of,
)
_PRIVATE = ("name", "answers", "profile", "notes", "message", "message_speaker", "decision", "replies")


def insert_or_skip(conn: Connection, table, **values) -> None:
    """INSERT ... ON CONFLICT DO NOTHING, in the engine's own dialect."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).values(**values).on_conflict_do_nothing())


def insert_rubric(conn: Connection, content_hash: str, stored: StoredRubric) -> None:
    insert_or_skip(conn, rubrics, content_hash=content_hash, version=stored.version, text=stored.text)


def stored_rubric(conn: Connection, content_hash: str) -> StoredRubric | None:
    row = conn.execute(select(rubrics.c.version, rubrics.c.text).where(rubrics.c.content_hash == content_hash)).first()
    return StoredRubric(*row) if row else None


def insert_assessment(conn: Connection, a: Assessment, seal: Seal, keep_id: bool = False) -> int:
    """Add one assessment (under its own id if `keep_id` and that id is free); return its id.

    Ids are given here, one past the largest, inside the write transaction: the same on both engines
    and as SQLite always gave them, also after an import kept ids of its own.
    """
    if not (keep_id and conn.execute(select(A.id).where(A.id == a.id)).first() is None):
        keep_id = False
    new_id = a.id if keep_id else conn.execute(select(func.coalesce(func.max(A.id), 0) + 1)).scalar_one()
    private = private_columns(
        seal,
        a.uid,
        [
            a.name,
            json.dumps(a.answers),
            a.profile.model_dump_json(exclude_unset=True),
            a.notes,
            a.message,
            a.message_speaker,
            a.decision.model_dump_json() if a.decision is not None else "",
            json.dumps([r.model_dump() for r in a.replies], ensure_ascii=False) if a.replies else "",
        ],
        a.follow_up_of_uid,
        a.profile,
    )
    conn.execute(
        assessments.insert().values(
            id=new_id,
            uid=a.uid,
            relationship=a.relationship,
            reached_out_on=a.reached_out_on.isoformat() if a.reached_out_on else None,
            taken_at=utc_timestamp(a.taken_at),
            rubric_hash=a.rubric_hash,
            **private,
        )
    )
    return new_id


def private_columns(
    seal: Seal, uid: str, texts: Sequence[str], follow_up_of: str | None, profile: Profile | None = None
) -> dict[str, object]:
    """The columns holding user text or what can be read from it (`_PRIVATE`, in order): plain, or sealed.
    `profile` is the one in `texts[2]`, when the caller has it (else it is read from there).

    Under a lock the name key, dominant motives and scores are left empty rather than sealed:
    they would tell the profile, and everything that reads them can read the sealed profile instead.
    """
    if seal.sealed:
        derived = {"dominant": "", **dict.fromkeys(SCORE_COLUMNS.values())}
    else:
        scored = profile or Profile.model_validate_json(texts[2])
        derived = {
            "dominant": ",".join(scored.dominant),
            **dict(zip(SCORE_COLUMNS.values(), motive_scores(scored).values(), strict=True)),
        }
    sealed = {
        column: seal.seal(text, field, uid)
        for column, text, field in zip(_PRIVATE, texts, ASSESSMENT_FIELDS, strict=True)
    }
    return {
        **sealed,
        "name_key": name_key(seal, texts[0]),
        "follow_up_of": seal_link(seal, follow_up_of, uid),
        **derived,
    }


def name_key(seal: Seal, name: str) -> str:
    # The name key serves SQL search; under a lock it stays empty and search decrypts names instead.
    return "" if seal.sealed else name.casefold()


def seal_link(seal: Seal, follow_up_of: str | None, uid: str) -> str | None:
    """A follow-up's link: plain without a lock (and under format 1), sealed (even when none) from format 2."""
    if seal.format != 2:
        return follow_up_of
    return seal.seal(follow_up_of or "", FOLLOW_UP_FIELD, uid)


def open_link(seal: Seal, value: str | None, uid: str) -> str | None:
    if seal.format != 2:
        return value
    return seal.open(value, FOLLOW_UP_FIELD, uid) or None


def select_assessments(
    conn: Connection, seal: Seal, where: ColumnElement | None = None, order=True
) -> list[Assessment]:
    """Assessments matching `where`, oldest first, each with its follow-up link resolved to a local id."""
    query = select(*_ASSESSMENT_COLUMNS).join(rubrics, rubrics.c.content_hash == A.rubric_hash)
    if where is not None:
        query = query.where(where)
    if order:
        query = query.order_by(A.taken_at, A.id)
    rows = conn.execute(query).all()
    links = [open_link(seal, row[15], row[1]) for row in rows]
    wanted = {uid for uid in links if uid}
    local = dict(conn.execute(select(A.uid, A.id).where(A.uid.in_(wanted))).all()) if wanted else {}
    return [_assessment_from_row(row, seal, link, local.get(link)) for row, link in zip(rows, links, strict=True)]


def _assessment_from_row(row, seal: Seal, link: str | None, link_id: int | None) -> Assessment:
    uid = row[1]
    sealed = (row[2], row[6], row[7], row[8], row[11], row[12], row[13], row[14])
    name, answers, profile, notes, message, speaker, decision, replies = (
        seal.open(value, field, uid) for value, field in zip(sealed, ASSESSMENT_FIELDS, strict=True)
    )
    return Assessment.from_row(
        id=row[0],
        uid=uid,
        name=name,
        relationship=row[3],
        reached_out_on=_date_or_none(row[4]),
        taken_at=datetime.fromisoformat(row[5]),
        answers=json.loads(answers),
        profile=Profile.model_validate_json(profile),
        notes=notes,
        rubric_hash=row[9],
        rubric_version=row[10],
        message=message,
        message_speaker=speaker,
        decision=DecisionRecord.model_validate_json(decision) if decision else None,
        replies=tuple(Reply.model_validate(r) for r in json.loads(replies)) if replies else (),
        follow_up_of_uid=link,
        follow_up_of=link_id,
    )


def filters(search: str | None, relationship: str | None) -> list[ColumnElement]:
    clauses = []
    if search and search.strip():
        escaped = search.strip().casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(A.name_key.like(f"%{escaped}%", escape="\\"))
    if relationship:
        clauses.append(A.relationship == check_relationship(relationship))
    return clauses


def ids_whose_name(
    conn: Connection, seal: Seal, matches: Callable[[str], bool], relationship: str | None, newest_first=True
) -> list[int]:
    # Sealed names cannot be searched in SQL, so every name is decrypted here in Python: a few
    # microseconds each, fine for a personal history of hundreds or thousands.
    order = (A.taken_at.desc(), A.id.desc()) if newest_first else (A.taken_at, A.id)
    query = select(A.id, A.uid, A.name).where(and_(True, *filters(None, relationship))).order_by(*order)
    return [row[0] for row in conn.execute(query).all() if matches(seal.open(row[2], NAME_FIELD, row[1]))]


def ids_following(conn: Connection, seal: Seal, uid: str) -> list[int]:
    """The ids of this assessment's follow-ups, oldest first."""
    query = select(A.id, A.uid, A.follow_up_of).order_by(A.taken_at, A.id)
    if seal.format != 2:
        return [row[0] for row in conn.execute(query.where(A.follow_up_of == uid)).all()]
    return [row[0] for row in conn.execute(query).all() if open_link(seal, row[2], row[1]) == uid]


def reseal_rows(conn: Connection, old: Seal, new: Seal) -> None:
    """Every row's user text, opened with the old seal and stored again with the new one."""
    columns = [A.id, A.uid, *(A[c] for c in _PRIVATE), A.follow_up_of]
    for assessment_id, uid, *values, link in conn.execute(select(*columns)).all():
        texts = [old.open(v, f, uid) for v, f in zip(values, ASSESSMENT_FIELDS, strict=True)]
        private = private_columns(new, uid, texts, open_link(old, link, uid))
        conn.execute(assessments.update().where(A.id == assessment_id).values(**private))
    D = drafts.c
    for key, uid, *values in conn.execute(select(D.key, D.uid, D.answers, D.message, D.message_speaker)).all():
        texts = [old.open(v, f, uid) for v, f in zip(values, DRAFT_FIELDS, strict=True)]
        uid = uid or str(uuid.uuid4())
        answers, message, speaker = (new.seal(t, f, uid) for t, f in zip(texts, DRAFT_FIELDS, strict=True))
        conn.execute(
            drafts.update()
            .where(D.key == key)
            .values(uid=uid, answers=answers, message=message, message_speaker=speaker)
        )


def _date_or_none(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
