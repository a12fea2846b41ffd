"""Local history in SQLite: saved assessments, the rubrics they were scored with, and drafts.

`Store` is the one storage interface; it speaks plain `sqlite3` with parameterised SQL, opens a
connection per call (cheap, and safe across Streamlit's threads) and applies named migrations
when opened. A PostgreSQL store can offer the same methods.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import unicodedata
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

import platformdirs

from threshold.rubric import MOTIVE_IDS, Rubric, parse_rubric
from threshold.scoring import Profile, score_answers

DATA_DIR_ENV = "THRESHOLD_DATA_DIR"
DATABASE_NAME = "threshold.sqlite3"
MEMORY = ":memory:"
BUSY_TIMEOUT_MS = 5000
MAX_NAME_CHARS = 200
MAX_NOTES_CHARS = 20_000
DEFAULT_DRAFT = "default"

Relationship = Literal["partner", "friend", "family", "other"]
RELATIONSHIPS: tuple[str, ...] = get_args(Relationship)
#: One column per motive, so the history list reads scores without parsing profiles.
SCORE_COLUMNS = {m: f"score_{m}" for m in MOTIVE_IDS}

#: Applied in order, each in one transaction, recorded by name. Never edit a shipped one: add another.
MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_history_and_drafts",
        """
        CREATE TABLE rubrics (
            content_hash TEXT PRIMARY KEY,
            version TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE TABLE assessments (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            relationship TEXT NOT NULL CHECK (relationship IN ('partner', 'friend', 'family', 'other')),
            reached_out_on TEXT,
            taken_at TEXT NOT NULL,
            answers TEXT NOT NULL,
            profile TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            rubric_hash TEXT NOT NULL REFERENCES rubrics (content_hash),
            dominant TEXT NOT NULL,
            score_familiarity REAL,
            score_curiosity REAL,
            score_guilt_closure REAL,
            score_control REAL,
            score_nostalgia REAL,
            score_growth REAL
        );
        CREATE INDEX assessments_taken_at ON assessments (taken_at);
        CREATE INDEX assessments_name ON assessments (name);
        CREATE TABLE drafts (
            key TEXT PRIMARY KEY,
            answers TEXT NOT NULL,
            step INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
    ),
]


class StoreError(Exception):
    """A value the store refuses, or a database it cannot use; the message is for the user."""


class AssessmentNotFound(StoreError, LookupError):
    """No saved assessment has this id."""


@dataclass(frozen=True)
class StoredRubric:
    version: str
    text: str


@dataclass(frozen=True)
class Assessment:
    """One saved assessment with everything needed to show it again exactly."""

    id: int
    uid: str
    name: str
    relationship: str
    reached_out_on: date | None
    taken_at: datetime
    answers: dict[str, int | None]
    profile: Profile
    notes: str
    rubric_hash: str
    rubric_version: str

    def same_content(self, other: Assessment) -> bool:
        """Equal in everything but the local id."""
        return self == Assessment(**{**other.__dict__, "id": self.id})


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


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int


def data_dir() -> Path:
    """`$THRESHOLD_DATA_DIR`, else the per-user data directory; created private (0700) if missing."""
    path = Path(os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir("threshold", appauthor=False))
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the data directory {path}: {exc.strerror}") from None
    return path


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


def check_relationship(relationship: str) -> str:
    if relationship not in RELATIONSHIPS:
        raise StoreError(f"relationship: {relationship!r} is not one of {', '.join(RELATIONSHIPS)}")
    return relationship


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


def motive_scores(profile: Profile) -> dict[str, float | None]:
    """Each motive's score, None where unscored, in the fixed motive order."""
    return {m: profile.motives[m].score if m in profile.motives else None for m in MOTIVE_IDS}


def utc_timestamp(moment: datetime | None = None) -> str:
    """One fixed ISO format in UTC, so timestamps sort as text."""
    moment = moment or datetime.now(UTC)
    if moment.tzinfo is None:
        raise StoreError("taken_at: a timestamp needs a time zone")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class Store:
    """Saved assessments, their rubrics and drafts in one SQLite file (or `:memory:`)."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._memory: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        if self.path == MEMORY:
            # Each connection to :memory: is a new empty database, so keep one for the store's life.
            self._memory = _configured(sqlite3.connect(MEMORY, isolation_level=None, check_same_thread=False))
        elif not os.path.exists(self.path):
            try:
                # Private from the first byte; SQLite gives its -wal and -shm files the same mode.
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            except OSError as exc:
                raise StoreError(f"cannot create the database {self.path}: {exc.strerror}") from None
        with self._connect() as conn:
            if self._memory is None:
                conn.execute("PRAGMA journal_mode = WAL")
            _migrate(conn)

    @classmethod
    def default(cls) -> Store:
        """The store in the user's data directory (see `data_dir`)."""
        return cls(data_dir() / DATABASE_NAME)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            if self._memory is not None:
                with self._lock:
                    yield self._memory
                return
            # `timeout` is SQLite's busy timeout: a writer waits for another's transaction to end.
            conn = _configured(sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000))
            try:
                yield conn
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"database {self.path}: {exc}") from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as conn, _transaction(conn):
            yield conn

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
    ) -> int:
        """Score the answers with this rubric and save everything; return the new id."""
        if not rubric.text:
            raise StoreError("rubric: no source text to keep; load it with load_rubric or parse_rubric")
        if reached_out_on is not None and type(reached_out_on) is not date:
            raise StoreError(f"reached_out_on: expected a date, got {type(reached_out_on).__name__}")
        assessment = Assessment(
            id=0,
            uid=str(uuid.uuid4()),
            name=check_name(name),
            relationship=check_relationship(relationship),
            reached_out_on=reached_out_on,
            taken_at=taken_at or datetime.now(UTC),
            answers=dict(answers),
            profile=score_answers(rubric, answers),
            notes=check_notes(notes),
            rubric_hash=rubric.content_hash,
            rubric_version=rubric.version,
        )
        with self._transaction() as conn:
            _insert_rubric(conn, rubric.content_hash, StoredRubric(rubric.version, rubric.text))
            return _insert_assessment(conn, assessment)

    def get(self, assessment_id: int) -> Assessment:
        """The saved assessment with this id; AssessmentNotFound if there is none."""
        return self.assessments([assessment_id])[0]

    def assessments(self, ids: Sequence[int] | None = None) -> list[Assessment]:
        """These assessments in the order given, or all of them oldest first."""
        if ids is None:
            return self._select("ORDER BY a.taken_at, a.id", ())
        found = {a.id: a for a in self._select(f"WHERE a.id IN ({', '.join('?' * len(ids))})", ids)}
        missing = [i for i in ids if i not in found]
        if missing:
            raise AssessmentNotFound(f"no saved assessment has id {missing[0]}")
        return [found[i] for i in ids]

    def history_of(self, name: str) -> list[Assessment]:
        """Every assessment about this exact name, oldest first, for a trend."""
        return self._select("WHERE a.name = ? ORDER BY a.taken_at, a.id", (name,))

    def _select(self, clause: str, params: Sequence) -> list[Assessment]:
        with self._connect() as conn:
            return _select(conn, clause, params)

    def list(
        self, search: str | None = None, relationship: str | None = None, limit: int = 20, offset: int = 0
    ) -> list[AssessmentSummary]:
        """One page of the history, newest first, optionally by name (any part, any case) and relationship."""
        where, params = _filters(search, relationship)
        columns = ", ".join(SCORE_COLUMNS.values())
        sql = (
            f"SELECT id, name, relationship, taken_at, reached_out_on, dominant, {columns} FROM assessments"
            f"{where} ORDER BY taken_at DESC, id DESC LIMIT ? OFFSET ?"
        )
        with self._connect() as conn:
            rows = conn.execute(sql, [*params, limit, offset]).fetchall()
        return [
            AssessmentSummary(
                id=row[0],
                name=row[1],
                relationship=row[2],
                taken_at=datetime.fromisoformat(row[3]),
                reached_out_on=_date_or_none(row[4]),
                dominant=row[5].split(",") if row[5] else [],
                scores=dict(zip(SCORE_COLUMNS, row[6:], strict=True)),
            )
            for row in rows
        ]

    def count(self, search: str | None = None, relationship: str | None = None) -> int:
        """How many assessments `list` pages through with these filters."""
        where, params = _filters(search, relationship)
        with self._connect() as conn:
            return conn.execute(f"SELECT count(*) FROM assessments{where}", params).fetchone()[0]

    def names(self) -> list[str]:
        """Every distinct name, sorted without regard to case."""
        with self._connect() as conn:
            rows = conn.execute("SELECT DISTINCT name FROM assessments").fetchall()
        return sorted((row[0] for row in rows), key=lambda n: (n.casefold(), n))

    def rename(self, assessment_id: int, name: str) -> None:
        name = check_name(name)
        self._update(assessment_id, "UPDATE assessments SET name = ?, name_key = ? WHERE id = ?", name, name.casefold())

    def set_notes(self, assessment_id: int, notes: str) -> None:
        self._update(assessment_id, "UPDATE assessments SET notes = ? WHERE id = ?", check_notes(notes))

    def delete(self, assessment_id: int) -> None:
        self._update(assessment_id, "DELETE FROM assessments WHERE id = ?")

    def _update(self, assessment_id: int, sql: str, *values) -> None:
        with self._transaction() as conn:
            if conn.execute(sql, (*values, assessment_id)).rowcount == 0:
                raise AssessmentNotFound(f"no saved assessment has id {assessment_id}")

    # Rubrics

    def stored_rubric(self, content_hash: str) -> StoredRubric:
        with self._connect() as conn:
            row = conn.execute("SELECT version, text FROM rubrics WHERE content_hash = ?", (content_hash,)).fetchone()
        if row is None:
            raise StoreError(f"no stored rubric has hash {content_hash}")
        return StoredRubric(*row)

    def rubric_for(self, assessment: Assessment) -> Rubric:
        """The rubric this assessment was scored with, exactly as it was then."""
        return _parse_stored(self.stored_rubric(assessment.rubric_hash).text)

    # Import

    def add_imported(self, rubrics: Mapping[str, StoredRubric], assessments: Sequence[Assessment]) -> ImportResult:
        """Add checked assessments in one transaction, skipping any already here; refuse a uid with other content."""
        # Ids are local to a database: an imported one keeps its id where that id is free, else gets a new one.
        with self._transaction() as conn:
            here = {a.uid: a for new in assessments for a in _select(conn, "WHERE a.uid = ?", (new.uid,))}
            # Every collision is found before anything is written, so a refusal leaves the file untouched.
            for new in assessments:
                if new.uid in here and not here[new.uid].same_content(new):
                    raise StoreError(
                        f"assessments: {new.uid} ({new.name!r}) is already here with different content"
                        " (renamed or edited since it was exported?); nothing was imported"
                    )
            for content_hash, stored in rubrics.items():
                _insert_rubric(conn, content_hash, stored)
            for new in assessments:
                if new.uid not in here:
                    id_taken = conn.execute("SELECT 1 FROM assessments WHERE id = ?", (new.id,)).fetchone()
                    _insert_assessment(conn, new, keep_id=not id_taken)
        return ImportResult(added=len(assessments) - len(here), skipped=len(here))

    # Drafts

    def save_draft(self, answers: Mapping[str, int | None], step: int, *, key: str = DEFAULT_DRAFT) -> None:
        """Keep the questionnaire as it stands; one small upsert, cheap enough for every answer."""
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO drafts (key, answers, step, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET answers = excluded.answers, step = excluded.step,"
                " updated_at = excluded.updated_at",
                (key, json.dumps(dict(answers)), int(step), utc_timestamp()),
            )

    def load_draft(self, *, key: str = DEFAULT_DRAFT) -> Draft | None:
        with self._connect() as conn:
            row = conn.execute("SELECT answers, step, updated_at FROM drafts WHERE key = ?", (key,)).fetchone()
        return Draft(json.loads(row[0]), row[1], datetime.fromisoformat(row[2])) if row else None

    def discard_draft(self, *, key: str = DEFAULT_DRAFT) -> None:
        with self._connect() as conn:
            conn.execute("DELETE FROM drafts WHERE key = ?", (key,))

    # Maintenance

    def applied_migrations(self) -> list[str]:
        with self._connect() as conn:
            return [row[0] for row in conn.execute("SELECT name FROM schema_migrations ORDER BY rowid")]

    def integrity_check(self) -> str:
        """SQLite's own check: "ok", or what is wrong."""
        with self._connect() as conn:
            return "\n".join(row[0] for row in conn.execute("PRAGMA integrity_check"))


def _configured(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.execute("PRAGMA foreign_keys = ON")
    # Deleted assessments are overwritten, not left readable in free pages.
    conn.execute("PRAGMA secure_delete = ON")
    return conn


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    # IMMEDIATE takes the write lock up front, so a second writer waits (busy_timeout) instead of failing.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _migrate(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    applied = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
    unknown = applied - {name for name, _ in MIGRATIONS}
    if unknown:
        raise StoreError(f"the database was changed by a newer Threshold (migration {sorted(unknown)[0]})")
    for name, sql in MIGRATIONS:
        if name in applied:
            continue
        with _transaction(conn):
            # Another process may have applied it while we waited for the lock.
            if conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone():
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", (name, utc_timestamp()))


def _statements(script: str) -> Iterator[str]:
    # executescript() would commit first, so run a migration's statements one by one.
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement
            statement = ""


def _filters(search: str | None, relationship: str | None) -> tuple[str, list]:
    clauses, params = [], []
    if search and search.strip():
        escaped = search.strip().casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append("name_key LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    if relationship:
        clauses.append("relationship = ?")
        params.append(check_relationship(relationship))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _insert_rubric(conn: sqlite3.Connection, content_hash: str, stored: StoredRubric) -> None:
    conn.execute(
        "INSERT INTO rubrics (content_hash, version, text) VALUES (?, ?, ?) ON CONFLICT (content_hash) DO NOTHING",
        (content_hash, stored.version, stored.text),
    )


def _insert_assessment(conn: sqlite3.Connection, a: Assessment, keep_id: bool = False) -> int:
    columns = ", ".join(SCORE_COLUMNS.values())
    cursor = conn.execute(
        "INSERT INTO assessments (id, uid, name, name_key, relationship, reached_out_on, taken_at, answers, profile,"
        f" notes, rubric_hash, dominant, {columns}) VALUES ({', '.join('?' * (12 + len(SCORE_COLUMNS)))})",
        (
            a.id if keep_id else None,
            a.uid,
            a.name,
            a.name.casefold(),
            a.relationship,
            a.reached_out_on.isoformat() if a.reached_out_on else None,
            utc_timestamp(a.taken_at),
            json.dumps(a.answers),
            a.profile.model_dump_json(),
            a.notes,
            a.rubric_hash,
            ",".join(a.profile.dominant),
            *motive_scores(a.profile).values(),
        ),
    )
    return cursor.lastrowid


def _select(conn: sqlite3.Connection, clause: str, params: Sequence) -> list[Assessment]:
    rows = conn.execute(
        "SELECT a.id, a.uid, a.name, a.relationship, a.reached_out_on, a.taken_at, a.answers, a.profile, a.notes,"
        f" a.rubric_hash, r.version FROM assessments a JOIN rubrics r ON r.content_hash = a.rubric_hash {clause}",
        params,
    ).fetchall()
    return [_assessment_from_row(row) for row in rows]


def _assessment_from_row(row) -> Assessment:
    return Assessment(
        id=row[0],
        uid=row[1],
        name=row[2],
        relationship=row[3],
        reached_out_on=_date_or_none(row[4]),
        taken_at=datetime.fromisoformat(row[5]),
        answers=json.loads(row[6]),
        profile=Profile.model_validate_json(row[7]),
        notes=row[8],
        rubric_hash=row[9],
        rubric_version=row[10],
    )


def _date_or_none(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@lru_cache(maxsize=16)
def _parse_stored(text: str) -> Rubric:
    # Keyed by the text itself, so a cached rubric can never be stale; parsing takes ~50 ms.
    return parse_rubric(text, source="stored rubric")
