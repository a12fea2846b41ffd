"""Export saved assessments as JSON (everything) or CSV (one row each), and import JSON exports safely.

An import reads and checks the whole file before it touches the database, then adds everything
in one transaction; any problem refuses the file and leaves the database as it was.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections import Counter
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from threshold.decision import MAX_REPLIES, DecisionError, Reply, parse_record
from threshold.rubric import MOTIVE_IDS, RubricError, location_path, parse_rubric
from threshold.scoring import AnswerError, Profile, score_answers, validate_answers
from threshold.store import (
    MAX_MESSAGE_CHARS,
    MAX_NAME_CHARS,
    MAX_NOTES_CHARS,
    SCORE_COLUMNS,
    UID_PATTERN,
    Assessment,
    ImportResult,
    Relationship,
    Store,
    StoredRubric,
    StoreError,
    motive_scores,
)

FORMAT = "threshold-export"
#: 2 adds the options page's record, a follow-up's replies and its link; files of version 1 still import.
FORMAT_VERSION = 2
MAX_IMPORT_BYTES = 20_000_000
SIZE_LIMIT = f"the import limit of {MAX_IMPORT_BYTES // 1_000_000} MB"
MAX_RUBRIC_CHARS = 1_000_000
#: Checked before any rubric is parsed: reading rubric YAML takes seconds per megabyte, and a real
#: export holds one rubric per version its assessments were scored with (today's is about 70 kB).
MAX_EMBEDDED_RUBRICS = 20
MAX_EMBEDDED_RUBRIC_CHARS = 2_000_000
#: A refusal lists this many problems, then counts the rest.
MAX_LISTED_PROBLEMS = 10
CSV_COLUMNS = ["id", "taken_at", "name", "relationship", "reached_out_on", "dominant", *SCORE_COLUMNS.values(), "notes"]
#: A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Hash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class TransferError(Exception):
    """An export that cannot be imported, or cannot be written; the message names the problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ExportedRubric(_Strict):
    version: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=MAX_RUBRIC_CHARS)


class ExportedAssessment(_Strict):
    """An assessment as the file holds it: JSON's types, checked strictly, and the store's limits, so an
    oversized field is refused before any work. The record made from it is the store's `Assessment`,
    whose own checks (the same as a save's) run last."""

    id: int = Field(ge=1, le=2**63 - 1)
    uid: str = Field(pattern=UID_PATTERN)
    name: str = Field(max_length=MAX_NAME_CHARS)
    relationship: Relationship
    reached_out_on: date | None
    taken_at: AwareDatetime
    answers: dict[Annotated[str, StringConstraints(max_length=60)], int | None]
    #: Checked against `Profile` separately, so that an unknown field anywhere inside is refused too.
    profile: dict
    notes: str = Field(max_length=MAX_NOTES_CHARS)
    rubric_hash: Hash
    #: Their message, written only when there is one, so files without it read as they always did.
    message: str = Field(default="", max_length=MAX_MESSAGE_CHARS)
    message_speaker: str = Field(default="", max_length=MAX_NAME_CHARS)
    #: Version 2: checked against `DecisionRecord` and the assessment's own rubric separately.
    decision: dict | None = None
    replies: list[dict] = Field(default_factory=list, max_length=MAX_REPLIES)
    follow_up_of: str | None = Field(default=None, pattern=UID_PATTERN)


class ExportFile(_Strict):
    format: Literal["threshold-export"]
    format_version: Literal[1, 2]
    exported_at: AwareDatetime
    rubrics: dict[Hash, ExportedRubric]
    assessments: list[ExportedAssessment]


# Export


def export_data(store: Store, ids: list[int] | None = None) -> dict:
    """These assessments (all by default) and their rubrics, as the JSON export's data."""
    assessments = store.assessments(ids)
    hashes = dict.fromkeys(a.rubric_hash for a in assessments)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rubrics": {h: asdict(store.stored_rubric(h)) for h in hashes},
        "assessments": [_exported(a) for a in assessments],
    }


def export_json(store: Store, ids: list[int] | None = None) -> str:
    return json.dumps(export_data(store, ids), ensure_ascii=False, indent=1)


def export_csv(store: Store, ids: list[int] | None = None) -> str:
    """One row per assessment, one column per motive score; text cells cannot run as formulas."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for a in store.assessments(ids):
        row = [a.id, _timestamp(a), a.name, a.relationship, a.reached_out_on, ",".join(a.profile.dominant)]
        writer.writerow([_inert(cell) for cell in [*row, *motive_scores(a.profile).values(), a.notes]])
    return out.getvalue()


def write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only (0600), also when it replaces one that was not; OSError if not."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, "wb") as file:
        os.fchmod(fd, 0o600)
        file.write(data)


def write_export(store: Store, path: Path, ids: list[int] | None = None, fmt: str = "json") -> int:
    """Write an export file readable by its owner only; return how many assessments it holds."""
    text = export_csv(store, ids) if fmt == "csv" else export_json(store, ids)
    try:
        write_private(path, text.encode("utf-8"))
    except OSError as exc:
        raise TransferError(f"cannot write {path}: {exc.strerror}") from None
    return len(ids) if ids is not None else store.count()


def _exported(a: Assessment) -> dict:
    return {
        "id": a.id,
        "uid": a.uid,
        "name": a.name,
        "relationship": a.relationship,
        "reached_out_on": a.reached_out_on.isoformat() if a.reached_out_on else None,
        "taken_at": _timestamp(a),
        "answers": a.answers,
        "profile": a.profile.model_dump(mode="json", exclude_unset=True),  # as scored: later fields stay unset
        "notes": a.notes,
        "rubric_hash": a.rubric_hash,
        # Left out when empty: an older Threshold (which refuses unknown fields) still reads such a file.
        **({"message": a.message, "message_speaker": a.message_speaker} if a.message else {}),
        **({"decision": a.decision.model_dump(mode="json")} if a.decision else {}),
        **({"replies": [r.model_dump() for r in a.replies]} if a.replies else {}),
        **({"follow_up_of": a.follow_up_of_uid} if a.follow_up_of_uid else {}),
    }


def _timestamp(a: Assessment) -> str:
    return a.taken_at.isoformat(timespec="microseconds")


def _inert(cell):
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return "" if cell is None else cell


# Import


def import_file(store: Store, path: Path) -> ImportResult:
    """Check the export at `path` completely, then add what is new in one transaction."""
    return import_bytes(store, read_limited(path), source=str(path))


def import_bytes(store: Store, data: bytes, source: str = "the file") -> ImportResult:
    """Check an export's bytes completely (TransferError naming the problem), then add what is new."""
    rubrics, assessments = parse_export(data, source)
    try:
        return store.add_imported(rubrics, assessments)
    except StoreError as exc:
        raise TransferError(f"{source} cannot be imported: {exc}") from None


def read_limited(path: Path) -> bytes:
    """The file's bytes, refusing one over MAX_IMPORT_BYTES before reading it."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise TransferError(f"{path} cannot be imported: it is {size / 1e6:.1f} MB, over {SIZE_LIMIT}")
        with path.open("rb") as file:
            # Read one byte past the limit, in case the file grew since stat().
            return file.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise TransferError(f"cannot read {path}: {exc.strerror}") from None


def parse_export(data: bytes, source: str = "the file") -> tuple[dict[str, StoredRubric], list[Assessment]]:
    """Check an export completely without touching any database; raise TransferError listing its problems."""

    def refuse(*problems: str):
        shown = [f"  - {p}" for p in problems[:MAX_LISTED_PROBLEMS]]
        if len(problems) > MAX_LISTED_PROBLEMS:
            shown.append(f"  ... and {len(problems) - MAX_LISTED_PROBLEMS} more")
        return TransferError(f"{source} cannot be imported:\n" + "\n".join(shown))

    if len(data) > MAX_IMPORT_BYTES:
        raise refuse(f"over {SIZE_LIMIT}")
    _check_outline(data, refuse)  # its parsed copy of the file is let go before the models are built
    try:
        export = ExportFile.model_validate_json(data)
    except ValidationError as exc:
        raise refuse(*(f"{location_path(e['loc'])}: {e['msg']}" for e in exc.errors())) from None
    problems, rubrics = _check_rubrics(export)
    assessments = []
    for index, exported in enumerate(export.assessments):
        found, assessment = _check_assessment(exported, f"assessments[{index}]", rubrics)
        problems += found
        if assessment:
            assessments.append(assessment)
    for field in ("uid", "id"):
        counts = Counter(getattr(a, field) for a in export.assessments)
        problems += [f"assessments: {field} {value} appears {n} times" for value, n in counts.items() if n > 1]
    if problems:
        raise refuse(*problems)
    return {h: StoredRubric(r.version, r.text) for h, r in export.rubrics.items()}, assessments


def _check_outline(data: bytes, refuse) -> None:
    """What must hold before the models are built: JSON without repeated keys, lone surrogates or
    NaN, a Threshold export of a version this one reads, and embedded rubrics within their limits."""
    raw = _load_json(data, refuse)
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise refuse(f'not a Threshold export (no "format": "{FORMAT}"); was it made by another program?')
    version = raw.get("format_version")
    if "format_version" in raw and (not isinstance(version, int) or isinstance(version, bool)):
        raise refuse(f"format_version: must be a whole number such as {FORMAT_VERSION}, not {json.dumps(version)}")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise refuse(
            f"format_version {version} was written by a newer Threshold; this one reads up to {FORMAT_VERSION}"
        )
    if problems := _oversized_rubrics(raw.get("rubrics")):
        raise refuse(*problems)


def _load_json(data: bytes, refuse):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refuse(f"not UTF-8 text (byte {exc.start}); is it corrupted, or not an export?") from None
    try:
        raw = json.loads(text, object_pairs_hook=_no_repeated_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise refuse(f"not valid JSON (truncated or corrupted?): {exc}") from None
    except ValueError as exc:
        raise refuse(str(exc)) from None
    except RecursionError:
        raise refuse("nested too deeply to be an export") from None
    if _ESCAPED_SURROGATE.search(text) and (broken := _half_character_at(raw)):
        raise refuse(
            f"{broken}: holds half of a character (a lone \\ud800-\\udfff escape), which no text can hold; "
            "the file was damaged or edited by hand"
        )
    return raw


#: What JSON's \uXXXX escapes leave when only one half of a pair is given.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Valid UTF-8 holds no surrogate, so only such an escape can leave one: without any, nothing is walked.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def _half_character_at(raw) -> str | None:
    """The path of the first key or string that holds a lone surrogate, or None."""
    pending = [("", raw)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str):
            if not value.isascii() and _SURROGATE.search(value):
                return path or "(top level)"
        elif isinstance(value, dict):
            for key, item in value.items():
                inner = f"{path}.{key}" if path else key
                if not key.isascii() and _SURROGATE.search(key):
                    return (path or "(top level)") + ": a key"
                pending.append((inner, item))
        elif isinstance(value, list):
            pending.extend((f"{path}[{index}]", item) for index, item in enumerate(value))
    return None


def _oversized_rubrics(rubrics) -> list[str]:
    """Problems with the count and size of the embedded rubrics, before any of them is read."""
    if not isinstance(rubrics, dict):
        return []  # the model names what is wrong
    if len(rubrics) > MAX_EMBEDDED_RUBRICS:
        return [f"rubrics: {len(rubrics)} rubrics, over the limit of {MAX_EMBEDDED_RUBRICS} in one file"]
    sizes = {
        key: len(rubric["text"])
        for key, rubric in rubrics.items()
        if isinstance(rubric, dict) and isinstance(rubric.get("text"), str)
    }
    problems = [
        f"rubrics.{key[:12]}.text: {size:,} characters, over the limit of {MAX_RUBRIC_CHARS:,}"
        for key, size in sizes.items()
        if size > MAX_RUBRIC_CHARS
    ]
    if not problems and sum(sizes.values()) > MAX_EMBEDDED_RUBRIC_CHARS:
        problems.append(
            f"rubrics: {sum(sizes.values()):,} characters of rubric text, over the limit of "
            f"{MAX_EMBEDDED_RUBRIC_CHARS:,} in one file"
        )
    return problems


def _no_repeated_keys(pairs: list[tuple]) -> dict:
    read = dict(pairs)
    if len(read) != len(pairs):  # only then are the keys counted, to name the first repeated
        repeated = [k for k, n in Counter(k for k, _ in pairs).items() if n > 1]
        raise ValueError(f"the key {repeated[0][:60]!r} appears twice in one object")
    return read


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _check_rubrics(export: ExportFile) -> tuple[list[str], dict]:
    problems, rubrics = [], {}
    for content_hash, exported in export.rubrics.items():
        path = f"rubrics.{content_hash[:12]}"
        if hashlib.sha256(exported.text.encode("utf-8")).hexdigest() != content_hash:
            problems.append(f"{path}.text: does not match its hash (changed after export?)")
            continue
        try:
            rubric = parse_rubric(exported.text, source=path)
        except RubricError as exc:
            # Every problem, each named by its path in the rubric (markup in its texts among them).
            problems += [f"{path}.text: not a usable rubric ({problem})" for problem in exc.problems]
            continue
        if rubric.version != exported.version:
            problems.append(f"{path}.version: {exported.version!r} but the text says {rubric.version!r}")
        rubrics[content_hash] = rubric
    return problems, rubrics


def _check_assessment(exported: ExportedAssessment, path: str, rubrics: dict) -> tuple[list[str], Assessment | None]:
    rubric = rubrics.get(exported.rubric_hash)
    if rubric is None:
        return [f"{path}.rubric_hash: no usable rubric with this hash in the file"], None
    problems = []
    try:
        validate_answers(rubric, exported.answers)
    except AnswerError as exc:
        problems += [f"{path}.answers.{p}" for p in exc.problems]
    try:
        profile = Profile.model_validate(exported.profile, strict=True)
    except ValidationError as exc:
        return [*problems, *(f"{path}.profile.{location_path(e['loc'])}: {e['msg']}" for e in exc.errors())], None
    if profile.model_dump(mode="json", exclude_unset=True) != exported.profile:  # fields added since are unset
        problems.append(f"{path}.profile: has fields a Threshold profile does not have")
    if (profile.rubric_hash, profile.rubric_version) != (exported.rubric_hash, rubric.version):
        problems.append(f"{path}.profile: was not scored with the rubric named by rubric_hash")
    if set(profile.motives) != set(MOTIVE_IDS):
        problems.append(f"{path}.profile.motives: expected exactly {', '.join(MOTIVE_IDS)}")
    # The profile is shown as it was kept, so it must be the one its answers give under its own rubric.
    # Compared as models (field by field, contributions included) rather than as two dumps of them.
    if not problems and score_answers(rubric, exported.answers) != profile:
        problems.append(
            f"{path}.profile: is not what its answers score under its rubric (edited after export?);"
            f" assessment {exported.uid}"
        )
    decision = None
    if exported.decision is not None:
        try:
            decision = parse_record(rubric, exported.decision)
        except DecisionError as exc:
            problems += [f"{path}.decision.{p}" for p in exc.problems]
    replies = []
    for number, reply in enumerate(exported.replies):
        try:
            replies.append(Reply.model_validate(reply))
        except ValidationError as exc:
            problems += [f"{path}.replies[{number}].{location_path(e['loc'])}: {e['msg']}" for e in exc.errors()]
    if exported.follow_up_of == exported.uid:
        problems.append(f"{path}.follow_up_of: an assessment cannot follow itself")
    if problems:
        return problems, None
    try:
        # The store's own checks, as for a save: a name on one line, no speaker without a message, ...
        assessment = Assessment(
            **exported.model_dump(include={"id", "uid", "name", "relationship", "reached_out_on", "answers"}),
            taken_at=exported.taken_at.astimezone(UTC),
            profile=profile,
            notes=exported.notes,
            rubric_hash=exported.rubric_hash,
            rubric_version=rubric.version,
            message=exported.message,
            message_speaker=exported.message_speaker,
            decision=decision,
            replies=tuple(replies),
            follow_up_of_uid=exported.follow_up_of,
        )
    except StoreError as exc:
        return [f"{path}.{exc}"], None
    return [], assessment
