"""The lock's sealing policy: which values are sealed, and what each sealed value is bound to.

Under a lock every value of user text (and what can be read from it) is sealed with AES-GCM. Seal
format 2 (`tl2:`) authenticates the table, the column and the row's uid with each value, so a
value moved to another row or another column, or a field blanked, reads as damage. Format 1
(`tl1:`, before this store) bound the column only; a history under a format 1 lock is resealed in
format 2 the first time it is opened with its key (see `Store`), and until then reads as it did.
"""

from __future__ import annotations

from threshold.crypto import PREFIX, PREFIX_2, DamagedValue, LockRecord, Sealer
from threshold.store.records import StoreError, StoreLocked

#: Under a passphrase lock these columns hold sealed text, each bound to its own table and column.
NAME_FIELD, ANSWERS_FIELD, PROFILE_FIELD, NOTES_FIELD = (
    "assessments.name",
    "assessments.answers",
    "assessments.profile",
    "assessments.notes",
)
DRAFT_FIELD = "drafts.answers"
#: Their message and whose lines in a pasted chat are theirs (empty: every line): user text, sealed like notes.
MESSAGE_FIELD, MESSAGE_SPEAKER_FIELD = "assessments.message", "assessments.message_speaker"
DRAFT_MESSAGE_FIELD, DRAFT_MESSAGE_SPEAKER_FIELD = "drafts.message", "drafts.message_speaker"
#: What the person said on the options page, and what they said when asked: user text, sealed like notes.
DECISION_FIELD, REPLIES_FIELD = "assessments.decision", "assessments.replies"
#: Which assessment a follow-up follows: it tells which reflections are about one person. Sealed from format 2.
FOLLOW_UP_FIELD = "assessments.follow_up_of"
ASSESSMENT_FIELDS = (
    NAME_FIELD,
    ANSWERS_FIELD,
    PROFILE_FIELD,
    NOTES_FIELD,
    MESSAGE_FIELD,
    MESSAGE_SPEAKER_FIELD,
    DECISION_FIELD,
    REPLIES_FIELD,
)
DRAFT_FIELDS = (DRAFT_FIELD, DRAFT_MESSAGE_FIELD, DRAFT_MESSAGE_SPEAKER_FIELD)
#: Under a format 1 lock, rows from before 0003 (0004) hold '' in these columns: the migration had no
#: key to seal with. Format 2 reseals them, so there a blank is damage like any other.
_ADDED_AFTER_THE_LOCK = {
    MESSAGE_FIELD,
    MESSAGE_SPEAKER_FIELD,
    DRAFT_MESSAGE_FIELD,
    DRAFT_MESSAGE_SPEAKER_FIELD,
    DECISION_FIELD,
    REPLIES_FIELD,
}


class Seal:
    """How a store keeps user text: as it is without a lock; sealed under the key with one."""

    def __init__(self, lock: LockRecord | None, key: bytes | None):
        self.lock = lock
        self._sealer = Sealer(key) if lock is not None and key is not None else None

    @property
    def sealed(self) -> bool:
        return self.lock is not None

    @property
    def format(self) -> int | None:
        return self.lock.format if self.lock is not None else None

    @property
    def has_key(self) -> bool:
        return self._sealer is not None

    def seal(self, text: str, field: str, uid: str) -> str:
        """`text` as it is kept in `field` of the row with this uid."""
        if self.lock is None:
            return text
        if self.lock.format == 1:
            return self._with_key().seal(text, field, prefix=PREFIX)
        return self._with_key().seal(text, _bound(field, uid), prefix=PREFIX_2)

    def open(self, value: str | None, field: str, uid: str | None) -> str:
        """The text kept in `field` of the row with this uid; StoreError naming the damage."""
        if self.lock is None:
            return value
        sealer = self._with_key()
        if self.lock.format == 1:
            if value == "" and field in _ADDED_AFTER_THE_LOCK:
                return ""
            try:
                return sealer.open(value, field, prefix=PREFIX)
            except DamagedValue as exc:
                raise StoreError(str(exc)) from None
        where = f"{field} of {_row(field)} {uid}"
        if not value:
            raise StoreError(f"{where}: blank where a sealed value belongs (the file was changed)")
        if uid is None:
            raise StoreError(f"{field}: its row has no uid to check it against (the file was changed)")
        try:
            return sealer.open(value, _bound(field, uid), prefix=PREFIX_2)
        except DamagedValue:
            raise StoreError(
                f"{where}: cannot be decrypted: changed on disk, moved from another row or column,"
                " or sealed with another key"
            ) from None

    def _with_key(self) -> Sealer:
        if self._sealer is None:
            raise StoreLocked("the history is locked with a passphrase; give the passphrase to open it")
        return self._sealer


def _bound(field: str, uid: str) -> str:
    """Format 2's authenticated data: table, column and row."""
    return f"{field}:{uid}"


def _row(field: str) -> str:
    return "draft" if field.startswith("drafts.") else "assessment"
