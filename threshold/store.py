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
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

import platformdirs

from threshold import crypto
from threshold.crypto import DamagedValue, LockRecord, Sealer, WrongKey, check_key, new_lock
from threshold.decision import DecisionRecord, Reply, record_problems
from threshold.rubric import MOTIVE_IDS, Rubric, parse_rubric
from threshold.scoring import Profile, score_answers

DATA_DIR_ENV = "THRESHOLD_DATA_DIR"
DATABASE_NAME = "threshold.sqlite3"
#: The database and the files SQLite keeps beside it; `wipe` removes them all.
DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")
MEMORY = ":memory:"
BUSY_TIMEOUT_MS = 5000
MAX_NAME_CHARS = 200
MAX_NOTES_CHARS = 20_000
#: Their message as pasted: room for a long chat thread, not for a whole exported history.
MAX_MESSAGE_CHARS = 20_000
#: The key of the one draft every window shared before drafts were kept per window; still read.
DEFAULT_DRAFT = "default"
_DRAFT_COLUMNS = "answers, step, updated_at, message, message_speaker"

Relationship = Literal["partner", "friend", "family", "other"]
RELATIONSHIPS: tuple[str, ...] = get_args(Relationship)
#: One column per motive, so the history list reads scores without parsing profiles.
SCORE_COLUMNS = {m: f"score_{m}" for m in MOTIVE_IDS}
#: Under a passphrase lock these columns hold sealed text, each bound to its own field name.
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
#: Rows from before 0003 (0004) hold '' in these columns even under a lock: the migration had no key to seal with.
_ADDED_AFTER_THE_LOCK = {
    MESSAGE_FIELD,
    MESSAGE_SPEAKER_FIELD,
    DRAFT_MESSAGE_FIELD,
    DRAFT_MESSAGE_SPEAKER_FIELD,
    DECISION_FIELD,
    REPLIES_FIELD,
}

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
    (
        "0002_passphrase_lock",
        # At most one row: the salt, the key derivation's cost and a verifier; never the passphrase.
        """
        CREATE TABLE passphrase_lock (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            salt BLOB NOT NULL,
            scrypt_n INTEGER NOT NULL,
            scrypt_r INTEGER NOT NULL,
            scrypt_p INTEGER NOT NULL,
            verifier TEXT NOT NULL
        );
        """,
    ),
    (
        "0003_their_message",
        # Their message as pasted and whose chat lines are theirs, kept with an assessment and in the draft.
        """
        ALTER TABLE assessments ADD COLUMN message TEXT NOT NULL DEFAULT '';
        ALTER TABLE assessments ADD COLUMN message_speaker TEXT NOT NULL DEFAULT '';
        ALTER TABLE drafts ADD COLUMN message TEXT NOT NULL DEFAULT '';
        ALTER TABLE drafts ADD COLUMN message_speaker TEXT NOT NULL DEFAULT '';
        """,
    ),
    (
        "0004_decision_and_follow_ups",
        # The options page's record and a follow-up's replies (sealed JSON, '' for none), and the uid of
        # the assessment a follow-up follows: a uid, not an id, so the link survives export and import.
        """
        ALTER TABLE assessments ADD COLUMN decision TEXT NOT NULL DEFAULT '';
        ALTER TABLE assessments ADD COLUMN replies TEXT NOT NULL DEFAULT '';
        ALTER TABLE assessments ADD COLUMN follow_up_of TEXT;
        CREATE INDEX assessments_follow_up_of ON assessments (follow_up_of);
        """,
    ),
]


class StoreError(Exception):
    """A value the store refuses, or a database it cannot use; the message is for the user."""


class AssessmentNotFound(StoreError, LookupError):
    """No saved assessment has this id."""


class StoreLocked(StoreError):
    """The history has a passphrase lock, and this store was opened without its key."""


class WrongPassphrase(StoreError):
    """A passphrase (or key) that does not open the lock; nothing was changed."""


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
    #: Their message as pasted (empty if none) and, for a chat, whose lines were read as theirs.
    message: str = ""
    message_speaker: str = ""
    #: What the person said on the options page, if they went there.
    decision: DecisionRecord | None = None
    #: A follow-up's record of what they said to each question asked.
    replies: tuple[Reply, ...] = ()
    #: A follow-up: the uid of the assessment it follows, and that assessment's local id while it is here.
    follow_up_of_uid: str | None = None
    follow_up_of: int | None = None

    def same_content(self, other: Assessment) -> bool:
        """Equal in everything but the local ids."""
        return self == Assessment(**{**other.__dict__, "id": self.id, "follow_up_of": self.follow_up_of})


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


def data_dir(create: bool = True) -> Path:
    """`$THRESHOLD_DATA_DIR`, else the per-user data directory; created private (0700) if missing and `create`."""
    path = Path(os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir("threshold", appauthor=False))
    if not create:
        return path
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


def _decision_json(decision: DecisionRecord | None) -> str:
    return decision.model_dump_json() if decision is not None else ""


def _replies_json(replies: Sequence[Reply]) -> str:
    return json.dumps([r.model_dump() for r in replies], ensure_ascii=False) if replies else ""


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

    def __init__(self, path: str | Path, *, key: bytes | None = None):
        """Open (creating and migrating as needed); with a passphrase lock, `key` opens it (see `key_for`)."""
        self.path = str(path)
        self._memory: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._seal: _Seal | None = None
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
            lock = _read_lock(conn)
        if lock is not None and key is not None:
            try:
                check_key(lock, key)
            except WrongKey:
                raise WrongPassphrase("that passphrase does not open this history; nothing was changed") from None
        self._seal = _Seal(lock, key)

    @classmethod
    def default(cls, *, key: bytes | None = None) -> Store:
        """The store in the user's data directory (see `data_dir`)."""
        return cls(data_dir() / DATABASE_NAME, key=key)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            if self._memory is not None:
                with self._lock:
                    self._check_lock_unchanged(self._memory)
                    yield self._memory
                return
            with _open_file(self.path) as conn:
                self._check_lock_unchanged(conn)
                yield conn
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"database {self.path}: {exc}") from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as conn, _transaction(conn):
            # Checked again while holding the write lock, so no lock change can slip in before the write.
            self._check_lock_unchanged(conn)
            yield conn

    def _check_lock_unchanged(self, conn: sqlite3.Connection) -> None:
        # Another window or process may set, change or remove the lock while this store is open;
        # writing with the old key (or none) would mix sealed and plain rows, so refuse instead.
        if self._seal is None:
            return
        row = conn.execute("SELECT salt FROM passphrase_lock").fetchone()
        if (row[0] if row else None) != (self._seal.lock.salt if self._seal.lock else None):
            raise StoreError("the passphrase lock was set, changed or removed elsewhere; open the history again")

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
        message, message_speaker = check_message(message, message_speaker)
        decision = check_decision(rubric, decision)
        first_uid = self.get(follow_up_of).uid if follow_up_of is not None else None
        assessment = Assessment(
            id=0,
            uid=str(uuid.uuid4()),
            name=check_name(name),
            relationship=check_relationship(relationship),
            reached_out_on=check_reached_out(reached_out_on),
            taken_at=taken_at or datetime.now(UTC),
            answers=dict(answers),
            profile=score_answers(rubric, answers),
            notes=check_notes(notes),
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
            _insert_rubric(conn, rubric.content_hash, StoredRubric(rubric.version, rubric.text))
            return _insert_assessment(conn, assessment, self._seal)

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
        if self._seal.sealed:
            ids = self._ids_whose_name(lambda n: n == name, None, newest_first=False)
            return self._select(f"WHERE a.id IN ({', '.join('?' * len(ids))}) ORDER BY a.taken_at, a.id", ids)
        return self._select("WHERE a.name = ? ORDER BY a.taken_at, a.id", (name,))

    def _select(self, clause: str, params: Sequence) -> list[Assessment]:
        with self._connect() as conn:
            return _select(conn, clause, params, self._seal)

    def _ids_whose_name(self, matches: Callable[[str], bool], relationship: str | None, newest_first=True) -> list[int]:
        # Sealed names cannot be searched in SQL, so every name is decrypted here in Python: a few
        # microseconds each, fine for a personal history of hundreds or thousands.
        where, params = _filters(None, relationship)
        order = "DESC" if newest_first else "ASC"
        with self._connect() as conn:
            rows = conn.execute(
                f"SELECT id, name FROM assessments{where} ORDER BY taken_at {order}, id {order}", params
            )
            return [row[0] for row in rows.fetchall() if matches(self._seal.open(row[1], NAME_FIELD))]

    def list(
        self, search: str | None = None, relationship: str | None = None, limit: int = 20, offset: int = 0
    ) -> list[AssessmentSummary]:
        """One page of the history, newest first, optionally by name (any part, any case) and relationship."""
        if self._seal.sealed and search and search.strip():
            # Under a lock the search runs on names decrypted in Python, then this page is fetched by id.
            ids = self._ids_whose_name(_contains(search), relationship)[offset : offset + limit]
            where, params, limit, offset = f" WHERE id IN ({', '.join('?' * len(ids))})", ids, len(ids), 0
        else:
            where, params = _filters(search, relationship)
        columns = ", ".join(SCORE_COLUMNS.values())
        # Under a lock the dominant motives and scores are sealed inside the profile, read for this page only.
        sealed_profile = ", profile" if self._seal.sealed else ""
        sql = (
            f"SELECT id, name, relationship, taken_at, reached_out_on, dominant, {columns}{sealed_profile}"
            f" FROM assessments{where} ORDER BY taken_at DESC, id DESC LIMIT ? OFFSET ?"
        )
        with self._connect() as conn:
            rows = conn.execute(sql, [*params, limit, offset]).fetchall()
        return [self._summary(row) for row in rows]

    def _summary(self, row: Sequence) -> AssessmentSummary:
        dominant = row[5].split(",") if row[5] else []
        scores = dict(zip(SCORE_COLUMNS, row[6 : 6 + len(SCORE_COLUMNS)], strict=True))
        if self._seal.sealed:
            profile = Profile.model_validate_json(self._seal.open(row[-1], PROFILE_FIELD))
            dominant, scores = list(profile.dominant), motive_scores(profile)
        return AssessmentSummary(
            id=row[0],
            name=self._seal.open(row[1], NAME_FIELD),
            relationship=row[2],
            taken_at=datetime.fromisoformat(row[3]),
            reached_out_on=_date_or_none(row[4]),
            dominant=dominant,
            scores=scores,
        )

    def count(self, search: str | None = None, relationship: str | None = None) -> int:
        """How many assessments `list` pages through with these filters."""
        if self._seal.sealed and search and search.strip():
            return len(self._ids_whose_name(_contains(search), relationship))
        where, params = _filters(search, relationship)
        with self._connect() as conn:
            return conn.execute(f"SELECT count(*) FROM assessments{where}", params).fetchone()[0]

    def names(self) -> list[str]:
        """Every distinct name, sorted without regard to case."""
        with self._connect() as conn:
            rows = conn.execute("SELECT DISTINCT name FROM assessments").fetchall()
        names = {self._seal.open(row[0], NAME_FIELD) for row in rows}
        return sorted(names, key=lambda n: (n.casefold(), n))

    def rename(self, assessment_id: int, name: str) -> None:
        name = check_name(name)
        sealed_name, name_key = _name_columns(self._seal, name)
        self._update(assessment_id, "UPDATE assessments SET name = ?, name_key = ? WHERE id = ?", sealed_name, name_key)

    def set_notes(self, assessment_id: int, notes: str) -> None:
        notes = self._seal.seal(check_notes(notes), NOTES_FIELD)
        self._update(assessment_id, "UPDATE assessments SET notes = ? WHERE id = ?", notes)

    def update_details(
        self, assessment_id: int, *, name: str, relationship: str, reached_out_on: date | None, notes: str
    ) -> None:
        """Change what the person wrote about a saved assessment, all of it in one transaction or none."""
        sealed_name, name_key = _name_columns(self._seal, check_name(name))
        values = (
            sealed_name,
            name_key,
            check_relationship(relationship),
            reached_out.isoformat() if (reached_out := check_reached_out(reached_out_on)) else None,
            self._seal.seal(check_notes(notes), NOTES_FIELD),
        )
        columns = "name = ?, name_key = ?, relationship = ?, reached_out_on = ?, notes = ?"
        self._update(assessment_id, f"UPDATE assessments SET {columns} WHERE id = ?", *values)

    def set_decision(self, assessment_id: int, decision: DecisionRecord | None) -> None:
        """Keep (or replace) what the person said on the options page with a saved assessment."""
        decision = check_decision(self.rubric_for(self.get(assessment_id)), decision)
        sealed = self._seal.seal(_decision_json(decision), DECISION_FIELD)
        self._update(assessment_id, "UPDATE assessments SET decision = ? WHERE id = ?", sealed)

    def follow_ups(self, assessment_id: int) -> list[Assessment]:
        """The follow-ups of this assessment, oldest first."""
        uid = self.get(assessment_id).uid
        return self._select("WHERE a.follow_up_of = ? ORDER BY a.taken_at, a.id", (uid,))

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
            here = {a.uid: a for new in assessments for a in _select(conn, "WHERE a.uid = ?", (new.uid,), self._seal)}
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
                    _insert_assessment(conn, new, self._seal, keep_id=not id_taken)
        return ImportResult(added=len(assessments) - len(here), skipped=len(here))

    # Drafts

    def save_draft(
        self,
        answers: Mapping[str, int | None],
        step: int,
        *,
        key: str = DEFAULT_DRAFT,
        message: str = "",
        message_speaker: str = "",
    ) -> None:
        """Keep the questionnaire (and their message) as it stands; one small upsert, cheap enough for every answer."""
        sealed_answers = self._seal.seal(json.dumps(dict(answers)), DRAFT_FIELD)
        message, message_speaker = check_message(message, message_speaker)
        sealed_message = self._seal.seal(message, DRAFT_MESSAGE_FIELD)
        sealed_speaker = self._seal.seal(message_speaker, DRAFT_MESSAGE_SPEAKER_FIELD)
        # A transaction: its lock check and this write cannot be split by a lock change elsewhere.
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO drafts (key, answers, step, updated_at, message, message_speaker)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET answers = excluded.answers, step = excluded.step,"
                " updated_at = excluded.updated_at, message = excluded.message,"
                " message_speaker = excluded.message_speaker",
                (key, sealed_answers, int(step), utc_timestamp(), sealed_message, sealed_speaker),
            )

    def load_draft(self, *, key: str = DEFAULT_DRAFT) -> Draft | None:
        with self._connect() as conn:
            row = conn.execute(f"SELECT {_DRAFT_COLUMNS} FROM drafts WHERE key = ?", (key,)).fetchone()
        return None if row is None else self._draft(row)

    def drafts(self) -> dict[str, Draft]:
        """Every draft by its key (one per window that answered), the most recently changed first."""
        with self._connect() as conn:
            rows = conn.execute(f"SELECT key, {_DRAFT_COLUMNS} FROM drafts ORDER BY updated_at DESC").fetchall()
        return {row[0]: self._draft(row[1:]) for row in rows}

    def claim_draft(self, key: str, new_key: str) -> bool:
        """Move the draft kept under `key` to `new_key`, replacing any draft there, in one transaction.

        False when there is no draft under `key` (any more): another window claimed or discarded it first.
        """
        with self._transaction() as conn:
            if not conn.execute("SELECT 1 FROM drafts WHERE key = ?", (key,)).fetchone():
                return False
            conn.execute("DELETE FROM drafts WHERE key = ?", (new_key,))
            conn.execute("UPDATE drafts SET key = ? WHERE key = ?", (new_key, key))
        return True

    def _draft(self, row: Sequence) -> Draft:
        return Draft(
            json.loads(self._seal.open(row[0], DRAFT_FIELD)),
            row[1],
            datetime.fromisoformat(row[2]),
            message=_opened(self._seal, row[3], DRAFT_MESSAGE_FIELD),
            message_speaker=_opened(self._seal, row[4], DRAFT_MESSAGE_SPEAKER_FIELD),
        )

    def discard_draft(self, *, key: str = DEFAULT_DRAFT) -> None:
        with self._connect() as conn:
            conn.execute("DELETE FROM drafts WHERE key = ?", (key,))

    # Passphrase lock

    @property
    def has_lock(self) -> bool:
        """Whether a passphrase lock is set, whether or not this store was opened with its key."""
        return self._seal.lock is not None

    def key_for(self, passphrase: str) -> bytes:
        """The key that this passphrase gives, checked against the lock; WrongPassphrase if it is not the one."""
        if self._seal.lock is None:
            raise StoreError("this history has no passphrase lock")
        try:
            return crypto.key_for(self._seal.lock, passphrase)
        except WrongKey:
            raise WrongPassphrase("that passphrase does not open this history; nothing was changed") from None

    def set_passphrase(self, passphrase: str) -> bytes:
        """Set (or change) the lock and re-encrypt every row in one transaction; return the new key."""
        try:
            lock, key = new_lock(passphrase)
        except ValueError as exc:
            raise StoreError(f"passphrase: {exc}") from None
        self._reseal(_Seal(lock, key))
        return key

    def remove_passphrase(self) -> None:
        """Remove the lock and keep every row in plain form again, in one transaction."""
        self._reseal(_Seal(None, None))

    def _reseal(self, new: _Seal) -> None:
        with self._transaction() as conn:
            _reseal_rows(conn, self._seal, new)
            conn.execute("DELETE FROM passphrase_lock")
            if new.lock is not None:
                conn.execute(
                    "INSERT INTO passphrase_lock (id, salt, scrypt_n, scrypt_r, scrypt_p, verifier)"
                    " VALUES (1, ?, ?, ?, ?, ?)",
                    (new.lock.salt, new.lock.n, new.lock.r, new.lock.p, new.lock.verifier),
                )
        self._seal = new
        if self._memory is None:
            with self._connect() as conn:
                # Rewrite the file without the old pages and empty the write-ahead log, so the text as it
                # was before (plain, or under the old key) is not left in either file.
                conn.execute("VACUUM")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # Maintenance

    def applied_migrations(self) -> list[str]:
        with self._connect() as conn:
            return [row[0] for row in conn.execute("SELECT name FROM schema_migrations ORDER BY rowid")]

    def integrity_check(self) -> str:
        """SQLite's own check: "ok", or what is wrong."""
        with self._connect() as conn:
            return "\n".join(row[0] for row in conn.execute("PRAGMA integrity_check"))


class _OpenFile:
    """One connection to a database file, shared by every store of this process that opens the file.

    Opening is cheap, but a new connection reads the whole schema at its first statement, and the
    app opens the store on every rerun and every answer: keeping the connection saves most of that.
    Its lock makes the stores take turns, one operation (or transaction) at a time.
    """

    def __init__(self, path: str, identity: tuple[int, int]):
        self.identity = identity
        self.lock = threading.RLock()
        # `timeout` is SQLite's busy timeout: a writer waits for another's transaction to end.
        self.conn = _configured(
            sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        )


_open_files: dict[str, _OpenFile] = {}
_open_files_lock = threading.Lock()


@contextmanager
def _open_file(path: str) -> Iterator[sqlite3.Connection]:
    """The shared connection to the file at `path`, for one operation; reopened when the file is another.

    A file deleted (a wipe) or replaced since is another inode, and an inode in use by an open
    connection cannot be given to a new file, so the identity check cannot be fooled.
    """
    try:
        status = os.stat(path)
    except FileNotFoundError:
        _forget_file(path)
        status = None
    identity = (status.st_dev, status.st_ino) if status else None
    with _open_files_lock:
        shared = _open_files.get(path)
        if shared is None or shared.identity != identity or identity is None:
            if shared is not None:
                _open_files.pop(path)
                shared.conn.close()
            shared = _OpenFile(path, identity)
            if identity is not None:
                _open_files[path] = shared
    with shared.lock:
        try:
            yield shared.conn
        except sqlite3.DatabaseError:
            _forget_file(path)  # a connection that met a damaged file is not kept
            raise
        finally:
            if identity is None:
                shared.conn.close()


def _forget_file(path: str) -> None:
    """Close the shared connection to `path`, if any: before a wipe, or after an error."""
    with _open_files_lock:
        shared = _open_files.pop(path, None)
    if shared is not None:
        with shared.lock:
            shared.conn.close()


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


def _contains(search: str) -> Callable[[str], bool]:
    needle = search.strip().casefold()
    return lambda name: needle in name.casefold()


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


def _insert_assessment(conn: sqlite3.Connection, a: Assessment, seal: _Seal, keep_id: bool = False) -> int:
    private = _private_columns(
        seal,
        a.name,
        json.dumps(a.answers),
        a.profile.model_dump_json(exclude_unset=True),
        a.notes,
        a.message,
        a.message_speaker,
        _decision_json(a.decision),
        _replies_json(a.replies),
    )
    columns = ["id", "uid", "relationship", "reached_out_on", "taken_at", "rubric_hash", "follow_up_of", *private]
    cursor = conn.execute(
        f"INSERT INTO assessments ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        (
            a.id if keep_id else None,
            a.uid,
            a.relationship,
            a.reached_out_on.isoformat() if a.reached_out_on else None,
            utc_timestamp(a.taken_at),
            a.rubric_hash,
            a.follow_up_of_uid,
            *private.values(),
        ),
    )
    return cursor.lastrowid


def _private_columns(
    seal: _Seal,
    name: str,
    answers: str,
    profile: str,
    notes: str,
    message: str,
    message_speaker: str,
    decision: str,
    replies: str,
) -> dict[str, object]:
    """The columns holding user text or what can be read from it: plain, or sealed under a lock.

    Under a lock the name key, dominant motives and scores are left empty rather than sealed:
    they would tell the profile, and everything that reads them can read the sealed profile instead.
    """
    if seal.sealed:
        derived = {"dominant": "", **dict.fromkeys(SCORE_COLUMNS.values())}
    else:
        scored = Profile.model_validate_json(profile)
        derived = {
            "dominant": ",".join(scored.dominant),
            **dict(zip(SCORE_COLUMNS.values(), motive_scores(scored).values(), strict=True)),
        }
    sealed_name, name_key = _name_columns(seal, name)
    return {
        "name": sealed_name,
        "name_key": name_key,
        "answers": seal.seal(answers, ANSWERS_FIELD),
        "profile": seal.seal(profile, PROFILE_FIELD),
        "notes": seal.seal(notes, NOTES_FIELD),
        "message": seal.seal(message, MESSAGE_FIELD),
        "message_speaker": seal.seal(message_speaker, MESSAGE_SPEAKER_FIELD),
        "decision": seal.seal(decision, DECISION_FIELD),
        "replies": seal.seal(replies, REPLIES_FIELD),
        **derived,
    }


def _name_columns(seal: _Seal, name: str) -> tuple[str, str]:
    # The name key serves SQL search; under a lock it stays empty and search decrypts names instead.
    return seal.seal(name, NAME_FIELD), ("" if seal.sealed else name.casefold())


def _reseal_rows(conn: sqlite3.Connection, old: _Seal, new: _Seal) -> None:
    """Every row's user text, opened with the old seal and stored again with the new one."""
    columns = "id, name, answers, profile, notes, message, message_speaker, decision, replies"
    rows = conn.execute(f"SELECT {columns} FROM assessments").fetchall()
    for assessment_id, *values in rows:
        fields = (
            NAME_FIELD,
            ANSWERS_FIELD,
            PROFILE_FIELD,
            NOTES_FIELD,
            MESSAGE_FIELD,
            MESSAGE_SPEAKER_FIELD,
            DECISION_FIELD,
            REPLIES_FIELD,
        )
        private = _private_columns(new, *(_opened(old, v, f) for v, f in zip(values, fields, strict=True)))
        assignments = ", ".join(f"{column} = ?" for column in private)
        conn.execute(f"UPDATE assessments SET {assignments} WHERE id = ?", (*private.values(), assessment_id))
    draft_fields = (DRAFT_FIELD, DRAFT_MESSAGE_FIELD, DRAFT_MESSAGE_SPEAKER_FIELD)
    for key, *values in conn.execute("SELECT key, answers, message, message_speaker FROM drafts").fetchall():
        resealed = [new.seal(_opened(old, v, f), f) for v, f in zip(values, draft_fields, strict=True)]
        conn.execute("UPDATE drafts SET answers = ?, message = ?, message_speaker = ? WHERE key = ?", (*resealed, key))


def _opened(seal: _Seal, value: str, field: str) -> str:
    """`seal.open`, except that a column added after the lock may hold '' from its migration."""
    return "" if value == "" and field in _ADDED_AFTER_THE_LOCK else seal.open(value, field)


def _select(conn: sqlite3.Connection, clause: str, params: Sequence, seal: _Seal) -> list[Assessment]:
    rows = conn.execute(
        "SELECT a.id, a.uid, a.name, a.relationship, a.reached_out_on, a.taken_at, a.answers, a.profile, a.notes,"
        " a.rubric_hash, r.version, a.message, a.message_speaker, a.decision, a.replies, a.follow_up_of, f.id"
        " FROM assessments a JOIN rubrics r ON r.content_hash = a.rubric_hash"
        f" LEFT JOIN assessments f ON f.uid = a.follow_up_of {clause}",
        params,
    ).fetchall()
    return [_assessment_from_row(row, seal) for row in rows]


def _assessment_from_row(row, seal: _Seal) -> Assessment:
    return Assessment(
        id=row[0],
        uid=row[1],
        name=seal.open(row[2], NAME_FIELD),
        relationship=row[3],
        reached_out_on=_date_or_none(row[4]),
        taken_at=datetime.fromisoformat(row[5]),
        answers=json.loads(seal.open(row[6], ANSWERS_FIELD)),
        profile=Profile.model_validate_json(seal.open(row[7], PROFILE_FIELD)),
        notes=seal.open(row[8], NOTES_FIELD),
        rubric_hash=row[9],
        rubric_version=row[10],
        message=_opened(seal, row[11], MESSAGE_FIELD),
        message_speaker=_opened(seal, row[12], MESSAGE_SPEAKER_FIELD),
        decision=_decision_from(_opened(seal, row[13], DECISION_FIELD)),
        replies=_replies_from(_opened(seal, row[14], REPLIES_FIELD)),
        follow_up_of_uid=row[15],
        follow_up_of=row[16],
    )


def _decision_from(text: str) -> DecisionRecord | None:
    return DecisionRecord.model_validate_json(text) if text else None


def _replies_from(text: str) -> tuple[Reply, ...]:
    return tuple(Reply.model_validate(r) for r in json.loads(text)) if text else ()


def _date_or_none(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@lru_cache(maxsize=16)
def _parse_stored(text: str) -> Rubric:
    # Keyed by the text itself, so a cached rubric can never be stale; parsing takes ~50 ms.
    return parse_rubric(text, source="stored rubric")


class _Seal:
    """How a store keeps user text: as it is without a lock; sealed under the key with one."""

    def __init__(self, lock: LockRecord | None, key: bytes | None):
        self.lock = lock
        self._sealer = Sealer(key) if lock is not None and key is not None else None

    @property
    def sealed(self) -> bool:
        return self.lock is not None

    def seal(self, text: str, field: str) -> str:
        return text if self.lock is None else self._with_key().seal(text, field)

    def open(self, value: str, field: str) -> str:
        if self.lock is None:
            return value
        try:
            return self._with_key().open(value, field)
        except DamagedValue as exc:
            raise StoreError(str(exc)) from None

    def _with_key(self) -> Sealer:
        if self._sealer is None:
            raise StoreLocked("the history is locked with a passphrase; give the passphrase to open it")
        return self._sealer


def _read_lock(conn: sqlite3.Connection) -> LockRecord | None:
    row = conn.execute("SELECT salt, scrypt_n, scrypt_r, scrypt_p, verifier FROM passphrase_lock").fetchone()
    return LockRecord(*row) if row else None


def database_files(directory: Path | None = None) -> list[Path]:
    """The database and SQLite's files beside it that exist now, in `directory` or the data directory."""
    directory = directory or data_dir(create=False)
    return [p for p in (directory / (DATABASE_NAME + s) for s in DATABASE_SUFFIXES) if p.exists()]


def wipe(directory: Path | None = None) -> list[Path]:
    """Delete the database (history, drafts, lock) and SQLite's files beside it for good; return what went.

    Only Threshold's own files go: the directory, and anything else a person keeps in it, stay.
    """
    removed = []
    directory = directory or data_dir(create=False)
    files = database_files(directory)
    # This process's connection goes first; closing it may itself fold the log in and delete it.
    for open_path in [p for p in _open_files if Path(p).parent.resolve() == directory.resolve()]:
        _forget_file(open_path)
    for path in files:
        _overwrite(path)
        try:
            path.unlink()
        except FileNotFoundError:
            removed.append(path)  # SQLite removed it as the connection closed
            continue
        except OSError as exc:
            raise StoreError(f"cannot delete {path}: {exc.strerror}") from None
        removed.append(path)
    return removed


def _overwrite(path: Path) -> None:
    # Best effort: zeros over the old bytes before the file goes, so they are not simply left in free
    # blocks. An SSD, a snapshot or a backup may still keep copies; the Privacy page says so.
    with suppress(OSError), path.open("r+b") as file:
        size = file.seek(0, os.SEEK_END)
        file.seek(0)
        for start in range(0, size, 1 << 20):
            file.write(bytes(min(1 << 20, size - start)))
        file.flush()
        os.fsync(file.fileno())
