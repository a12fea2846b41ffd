"""The history: saved assessments, the rubrics they were scored with, drafts and the passphrase lock.

One `Store` over SQLAlchemy Core, on SQLite by default (one file in the data directory) or on
PostgreSQL when `THRESHOLD_DATABASE_URL` names one. The package's modules, one job each:

- `records`: the `Assessment` model and every field check;
- `engine`: the one seam to the database engine (`engine_for(url)`);
- `schema` and `migrations/`: the tables and their Alembic migrations, applied once per process;
- `sealing` and `lock`: what the passphrase lock seals, and its record; `passphrase`: setting it;
- `queries`, `drafts`, `store`: the reads and writes;
- `files`: where the history is (without SQLAlchemy); `wipe`: deleting everything.

Names are loaded from their module when first used (PEP 562): a page that only asks whether there is
a history, or catches `StoreError`, does not pay a third of a second for SQLAlchemy and the rest.
"""

from __future__ import annotations

import importlib

#: Each public name, and the module of this package that defines it.
_MODULE_OF: dict[str, str] = {
    **dict.fromkeys(
        (
            "MAX_MESSAGE_CHARS",
            "MAX_NAME_CHARS",
            "MAX_NOTES_CHARS",
            "RELATIONSHIPS",
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
            "motive_scores",
            "utc_timestamp",
        ),
        "records",
    ),
    **dict.fromkeys(
        (
            "DATABASE_NAME",
            "DATABASE_SUFFIXES",
            "DATABASE_URL_ENV",
            "DATA_DIR_ENV",
            "data_dir",
            "database_files",
            "database_url",
            "history_exists",
            "history_location",
        ),
        "files",
    ),
    **dict.fromkeys(("MEMORY", "engine_for"), "engine"),
    **dict.fromkeys(("DEFAULT_DRAFT",), "drafts"),
    **dict.fromkeys(("LEGACY_MIGRATIONS",), "schema"),
    **dict.fromkeys(
        (
            "ANSWERS_FIELD",
            "DECISION_FIELD",
            "DRAFT_FIELD",
            "DRAFT_MESSAGE_FIELD",
            "DRAFT_MESSAGE_SPEAKER_FIELD",
            "FOLLOW_UP_FIELD",
            "MESSAGE_FIELD",
            "MESSAGE_SPEAKER_FIELD",
            "NAME_FIELD",
            "NOTES_FIELD",
            "PROFILE_FIELD",
            "REPLIES_FIELD",
        ),
        "sealing",
    ),
    **dict.fromkeys(("Store",), "store"),
    **dict.fromkeys(("wipe",), "wipe"),
}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next look-up is a plain one
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
