"""The history: saved assessments, the rubrics they were scored with, drafts and the passphrase lock.

One `Store` over SQLAlchemy Core, on SQLite by default (one file in the data directory) or on
PostgreSQL when `THRESHOLD_DATABASE_URL` names one. The package's modules, one job each:

- `records`: the `Assessment` model and every field check;
- `engine`: the one seam to the database engine (`engine_for(url)`);
- `schema` and `migrations/`: the tables and their Alembic migrations, applied once per process;
- `sealing` and `lock`: what the passphrase lock seals, and its record; `passphrase`: setting it;
- `queries`, `drafts`, `store`: the reads and writes;
- `files`: the data directory, and deleting everything.
"""

from threshold.store.drafts import DEFAULT_DRAFT
from threshold.store.engine import DATABASE_URL_ENV, MEMORY, database_url, engine_for
from threshold.store.files import (
    DATA_DIR_ENV,
    DATABASE_NAME,
    DATABASE_SUFFIXES,
    data_dir,
    database_files,
    history_exists,
    history_location,
    wipe,
)
from threshold.store.lock import LockDamaged
from threshold.store.passphrase import LockSetNotCleared
from threshold.store.records import (
    MAX_MESSAGE_CHARS,
    MAX_NAME_CHARS,
    MAX_NOTES_CHARS,
    RELATIONSHIPS,
    SCORE_COLUMNS,
    UID_PATTERN,
    Assessment,
    AssessmentNotFound,
    AssessmentSummary,
    Draft,
    ImportResult,
    LockChanged,
    Relationship,
    StoredRubric,
    StoreError,
    StoreLocked,
    WrongPassphrase,
    check_decision,
    check_message,
    check_name,
    check_notes,
    check_reached_out,
    check_relationship,
    motive_scores,
    utc_timestamp,
)
from threshold.store.schema import LEGACY_MIGRATIONS
from threshold.store.sealing import (
    ANSWERS_FIELD,
    DECISION_FIELD,
    DRAFT_FIELD,
    DRAFT_MESSAGE_FIELD,
    DRAFT_MESSAGE_SPEAKER_FIELD,
    FOLLOW_UP_FIELD,
    MESSAGE_FIELD,
    MESSAGE_SPEAKER_FIELD,
    NAME_FIELD,
    NOTES_FIELD,
    PROFILE_FIELD,
    REPLIES_FIELD,
)
from threshold.store.store import Store

__all__ = [
    "ANSWERS_FIELD",
    "DATABASE_NAME",
    "DATABASE_SUFFIXES",
    "DATABASE_URL_ENV",
    "DATA_DIR_ENV",
    "DECISION_FIELD",
    "DEFAULT_DRAFT",
    "DRAFT_FIELD",
    "DRAFT_MESSAGE_FIELD",
    "DRAFT_MESSAGE_SPEAKER_FIELD",
    "FOLLOW_UP_FIELD",
    "LEGACY_MIGRATIONS",
    "MAX_MESSAGE_CHARS",
    "MAX_NAME_CHARS",
    "MAX_NOTES_CHARS",
    "MEMORY",
    "MESSAGE_FIELD",
    "MESSAGE_SPEAKER_FIELD",
    "NAME_FIELD",
    "NOTES_FIELD",
    "PROFILE_FIELD",
    "RELATIONSHIPS",
    "REPLIES_FIELD",
    "SCORE_COLUMNS",
    "UID_PATTERN",
    "Assessment",
    "AssessmentNotFound",
    "AssessmentSummary",
    "Draft",
    "ImportResult",
    "LockChanged",
    "LockDamaged",
    "LockSetNotCleared",
    "Relationship",
    "Store",
    "StoreError",
    "StoreLocked",
    "StoredRubric",
    "WrongPassphrase",
    "check_decision",
    "check_message",
    "check_name",
    "check_notes",
    "check_reached_out",
    "check_relationship",
    "data_dir",
    "database_files",
    "database_url",
    "engine_for",
    "history_exists",
    "history_location",
    "motive_scores",
    "utc_timestamp",
    "wipe",
]
