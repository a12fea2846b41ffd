"""Drafts: each window's unfinished answers and message, kept as they are answered."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection

from threshold.store.base import StoreBase
from threshold.store.records import Draft, check_message, utc_timestamp
from threshold.store.schema import drafts
from threshold.store.sealing import DRAFT_FIELD, DRAFT_MESSAGE_FIELD, DRAFT_MESSAGE_SPEAKER_FIELD, Seal

#: The key of the one draft every window shared before drafts were kept per window; still read.
DEFAULT_DRAFT = "default"
D = drafts.c
_DRAFT_COLUMNS = (D.uid, D.answers, D.step, D.updated_at, D.message, D.message_speaker)


class DraftMethods(StoreBase):
    def save_draft(
        self,
        answers: Mapping[str, int | None],
        step: int,
        *,
        key: str = DEFAULT_DRAFT,
        message: str = "",
        message_speaker: str = "",
    ) -> None:
        """Keep the questionnaire (and their message) as it stands; one small write, cheap enough for every answer."""
        message, message_speaker = check_message(message, message_speaker)
        # A transaction: its lock check and this write cannot be split by a lock change elsewhere.
        with self._transaction() as conn:
            _save_draft(conn, self._seal, key, json.dumps(dict(answers)), step, message, message_speaker)

    def load_draft(self, *, key: str = DEFAULT_DRAFT) -> Draft | None:
        with self._connect() as conn:
            return _load_drafts(conn, self._seal, key).get(key)

    def drafts(self) -> dict[str, Draft]:
        """Every draft by its key (one per window that answered), the most recently changed first."""
        with self._connect() as conn:
            return _load_drafts(conn, self._seal)

    def claim_draft(self, key: str, new_key: str) -> bool:
        """Move the draft kept under `key` to `new_key`, replacing any draft there, in one transaction.

        False when there is no draft under `key` (any more): another window claimed or discarded it first.
        """
        with self._transaction() as conn:
            if conn.execute(select(D.key).where(D.key == key)).first() is None:
                return False
            conn.execute(delete(drafts).where(D.key == new_key))
            # Its uid goes with it, so its sealed values still open.
            conn.execute(drafts.update().where(D.key == key).values(key=new_key))
        return True

    def discard_draft(self, *, key: str = DEFAULT_DRAFT) -> None:
        with self._transaction() as conn:
            conn.execute(delete(drafts).where(D.key == key))


def _save_draft(conn: Connection, seal: Seal, key: str, answers: str, step: int, message: str, speaker: str) -> None:
    """Insert or replace the draft under `key`; it keeps its uid, which its sealed values are bound to."""
    uid = conn.execute(select(D.uid).where(D.key == key)).scalar() or str(uuid.uuid4())
    values = {
        "uid": uid,
        "answers": seal.seal(answers, DRAFT_FIELD, uid),
        "step": int(step),
        "updated_at": utc_timestamp(),
        "message": seal.seal(message, DRAFT_MESSAGE_FIELD, uid),
        "message_speaker": seal.seal(speaker, DRAFT_MESSAGE_SPEAKER_FIELD, uid),
    }
    if conn.execute(drafts.update().where(D.key == key).values(**values)).rowcount == 0:
        conn.execute(drafts.insert().values(key=key, **values))


def _load_drafts(conn: Connection, seal: Seal, key: str | None = None) -> dict[str, Draft]:
    """The draft under `key`, or every draft, the most recently changed first."""
    query = select(D.key, *_DRAFT_COLUMNS).order_by(D.updated_at.desc())
    if key is not None:
        query = query.where(D.key == key)
    return {row[0]: _draft(seal, *row[1:]) for row in conn.execute(query).all()}


def _draft(seal: Seal, uid, answers, step, updated_at, message, speaker) -> Draft:
    return Draft(
        json.loads(seal.open(answers, DRAFT_FIELD, uid)),
        step,
        datetime.fromisoformat(updated_at),
        message=seal.open(message, DRAFT_MESSAGE_FIELD, uid),
        message_speaker=seal.open(speaker, DRAFT_MESSAGE_SPEAKER_FIELD, uid),
    )
