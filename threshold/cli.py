"""`python -m threshold ...`: check the rubric, score answers, and keep a history from the command line."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import date
from pathlib import Path

from threshold import DEFAULT_RUBRIC_PATH
from threshold.crypto import passphrase_problem
from threshold.evaluation import DEFAULT_CASES_PATH, CaseSetError, evaluate, load_cases
from threshold.evaluation import report as evaluation_report
from threshold.invisible import mark_invisible
from threshold.plural import counted
from threshold.reader import UnknownSpeakerError, read_message
from threshold.room.commands import add_room_commands
from threshold.rubric import RubricError, load_rubric
from threshold.scoring import AnswerError, score_answers
from threshold.situation import code_choices, questions_for
from threshold.store import (
    RELATIONSHIPS,
    LockSetNotCleared,
    Store,
    StoreError,
    WrongPassphrase,
    database_url,
    history_exists,
    history_location,
    motive_scores,
    wipe,
)
from threshold.transfer import TransferError, import_file, write_export, write_private

#: `threshold list` reads the history in pages of this many, as the app does.
LIST_PAGE = 500
#: Opens a history locked with a passphrase; an environment variable keeps it out of the shell history.
PASSPHRASE_ENV = "THRESHOLD_PASSPHRASE"
#: `threshold lock` reads the new passphrase from here when set, else asks for it without echo.
NEW_PASSPHRASE_ENV = "THRESHOLD_NEW_PASSPHRASE"
NOT_LOCKED = (
    f"this history has no passphrase lock, so {PASSPHRASE_ENV} would protect nothing and names would be "
    f"stored unencrypted; nothing was written. To lock it, unset {PASSPHRASE_ENV} and run "
    f"`python -m threshold lock` (the new passphrase comes from {NEW_PASSPHRASE_ENV}, or it asks), "
    "or use the app's Privacy page"
)


class CommandError(Exception):
    """A problem to print for the user, without a traceback, exiting 1."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m threshold", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check-rubric", help="check a rubric file and name every problem by path")
    check.add_argument("path", nargs="?", type=Path, default=DEFAULT_RUBRIC_PATH)
    check.set_defaults(run=run_check_rubric)

    score = commands.add_parser("score", help="score an answers file and print the profile as JSON")
    score.add_argument("answers", type=Path, help='JSON file: {"answers": {"<item id>": <option value>}}')
    score.add_argument("--rubric", type=Path, default=DEFAULT_RUBRIC_PATH)
    score.set_defaults(run=run_score)

    message = commands.add_parser("read-message", help="read a pasted message for the rubric's cues; print JSON")
    message.add_argument("message", type=Path, help="UTF-8 text file: their message, or a pasted chat thread")
    message.add_argument("--rubric", type=Path, default=DEFAULT_RUBRIC_PATH)
    message.add_argument("--speaker", help="in a pasted chat, read only this speaker's lines")
    message.set_defaults(run=run_read_message)

    report = commands.add_parser("report", help="write a printable report of an answers file, as PDF or HTML")
    report.add_argument("answers", type=Path, help='JSON file: {"answers": {"<item id>": <option value>}}')
    report.add_argument("--out", type=Path, required=True, metavar="FILE.pdf|FILE.html")
    report.add_argument("--rubric", type=Path, default=DEFAULT_RUBRIC_PATH)
    report.add_argument("--name", help="who it is about; printed only when given")
    report.set_defaults(run=run_report)

    save = commands.add_parser("save", help="score an answers file, save it to the history and print its id")
    save.add_argument("answers", type=Path, help='JSON file: {"answers": {"<item id>": <option value>}}')
    save.add_argument("--name", help="who it is about: a name or nickname (a follow-up keeps the first's)")
    save.add_argument("--relationship", choices=RELATIONSHIPS, default="other")
    save.add_argument("--reached-out", type=iso_date, metavar="YYYY-MM-DD", help="when they got in touch")
    save.add_argument("--notes", default="")
    save.add_argument("--rubric", type=Path, default=DEFAULT_RUBRIC_PATH)
    save.add_argument("--follow-up-of", type=int, metavar="ID", help="a follow-up of this saved assessment")
    save.set_defaults(run=run_save)

    show = commands.add_parser("show", help="print one saved assessment, with the one it follows up if any")
    show.add_argument("id", type=int)
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(run=run_show)

    listing = commands.add_parser("list", help="print the history, newest first: id, date, name, dominant motives")
    listing.add_argument("--search", help="only names containing this, in any case")
    listing.add_argument("--relationship", choices=RELATIONSHIPS)
    listing.set_defaults(run=run_list)

    export = commands.add_parser("export", help="write saved assessments to a JSON (everything) or CSV file")
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", type=int, action="append", dest="ids", metavar="N", help="this assessment (repeatable)")
    which.add_argument("--all", action="store_true", help="every saved assessment")
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.add_argument("--format", choices=("json", "csv"), help="default: csv for a .csv file, else json")
    export.set_defaults(run=run_export)

    load = commands.add_parser("import", help="add the assessments of a JSON export that are not here yet")
    load.add_argument("file", type=Path)
    load.set_defaults(run=run_import)

    questions = commands.add_parser("questions", help="print the questions a person in this situation is asked")
    for flag, meta in SITUATION_FLAGS.items():
        questions.add_argument(f"--{flag.replace('_', '-')}", dest=flag, metavar=meta)
    questions.add_argument("--quick", action="store_true", help="the quick path: the heaviest questions about them")
    questions.add_argument("--format", choices=("text", "json"), default="text")
    questions.add_argument("--rubric", type=Path, default=DEFAULT_RUBRIC_PATH)
    questions.set_defaults(run=run_questions)

    evaluation = commands.add_parser("evaluate", help="score the labelled real cases and print the accuracy")
    evaluation.add_argument("--set", type=Path, default=DEFAULT_CASES_PATH, dest="case_set", metavar="PATH")
    evaluation.add_argument("--rubric", type=Path, default=DEFAULT_RUBRIC_PATH)
    evaluation.add_argument("--format", choices=("text", "json"), default="text")
    evaluation.set_defaults(run=run_evaluate)

    lock = commands.add_parser(
        "lock",
        help=f"set or change the passphrase lock (new one from ${NEW_PASSPHRASE_ENV} or asked for, "
        f"current one from ${PASSPHRASE_ENV}), or remove it with --remove",
    )
    lock.add_argument("--remove", action="store_true", help="remove the lock: the history is stored unencrypted again")
    lock.set_defaults(run=run_lock)

    wipe_command = commands.add_parser(
        "wipe", help="delete the history, drafts and passphrase lock for good, as the app's Delete everything does"
    )
    wipe_command.add_argument("--yes", action="store_true", help="yes, delete everything: there is no undo")
    wipe_command.set_defaults(run=run_wipe)
    add_room_commands(commands)
    return parser


#: `threshold questions` flags, each the situation item it sets, with the values it takes.
SITUATION_FLAGS = {
    "relationship": "partner|friend|family|other",
    "ended_by": "they|me|both|drifted",
    "contact": "message_after_silence|chance_meeting|social_media|through_others|never_stopped",
    "apologised": "yes|no",
    "with_someone": "neither|me|them|both",
}
#: The situation item behind each flag whose name differs from it.
FLAG_ITEMS = {"contact": "contact_mode"}


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-03-14") from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (CommandError, RubricError, AnswerError, StoreError, TransferError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def run_check_rubric(args) -> int:
    rubric = load_rubric(args.path)
    counts = {kind: len(rubric.items_of_kind(kind)) for kind in ("situation", "returner", "footing", "safety")}
    print(
        f"ok: {args.path} (version {rubric.version}): {len(rubric.motives)} motives, "
        f"{len(rubric.sections)} sections, {len(rubric.items)} items ({counts['situation']} situation, "
        f"{counts['returner']} about them, {counts['footing']} footing, {counts['safety']} safety), "
        f"{len(rubric.cues)} message cues"
    )
    return 0


def situation_from_flags(rubric, args) -> dict[str, str]:
    """The situation codes given on the command line, each checked against the rubric's options."""
    codes = {}
    for flag in SITUATION_FLAGS:
        value = getattr(args, flag)
        if value is None:
            continue
        item_id = FLAG_ITEMS.get(flag, flag)
        allowed = code_choices(rubric, item_id)
        if value not in allowed:
            raise CommandError(f"--{flag.replace('_', '-')}: {value!r} is not one of {', '.join(allowed) or '(none)'}")
        codes[item_id] = value
    return codes


def run_questions(args) -> int:
    rubric = load_rubric(args.rubric)
    asked = questions_for(rubric, situation_from_flags(rubric, args), quick=args.quick)
    if args.format == "json":
        print(json.dumps([q.as_dict() for q in asked], indent=2, ensure_ascii=False))
        return 0
    section = None
    for number, question in enumerate(asked, start=1):
        if question.section != section:
            section = question.section
            print(f"\n{rubric.section_by_id[section].title}")
        labels = " | ".join(o["label"] for o in question.options)
        print(f"{number:3}. {question.text}\n     [{labels} | Not sure]")
    return 0


def run_evaluate(args) -> int:
    rubric = load_rubric(args.rubric)
    try:
        figures, _ = evaluate(rubric, load_cases(args.case_set))
    except CaseSetError as exc:
        raise CommandError(str(exc)) from None
    if args.format == "json":
        print(json.dumps({group: f.as_dict() for group, f in figures.items()}, indent=2))
    else:
        print(f"Rubric {rubric.version}, case set {args.case_set}\n")
        print(evaluation_report(figures), end="")
    return 0


def read_answers_file(path: Path) -> dict:
    """Read `{"answers": {...}}` from a JSON file, or raise CommandError naming the problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise CommandError(f'{path}: expected an object like {{"answers": {{"<item id>": <option value>}}}}')
    return data["answers"]


def run_score(args) -> int:
    rubric = load_rubric(args.rubric)
    profile = score_answers(rubric, read_answers_file(args.answers))
    print(profile.model_dump_json(indent=2))
    return 0


def read_message_file(path: Path) -> str:
    """The text of a message file exactly as saved (line endings kept, so offsets match the file)."""
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path} is not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again") from None


def run_read_message(args) -> int:
    rubric = load_rubric(args.rubric)
    try:
        reading = read_message(rubric, read_message_file(args.message), speaker=args.speaker)
    except UnknownSpeakerError as exc:
        raise CommandError(str(exc)) from None
    fields = {"signals": True, "matches": {"__all__": {"motive", "cue", "start", "end", "text"}}, "top": True}
    # ensure_ascii keeps direction overrides and other invisible characters from rearranging a terminal.
    print(json.dumps(reading.model_dump(include=fields), indent=2))
    return 0


def run_report(args) -> int:
    suffix = args.out.suffix.lower()
    if suffix not in (".pdf", ".html"):
        raise CommandError(f"--out must end in .pdf or .html, not {args.out.name!r}")
    # Imported here: charts and PDF fonts are slow to load and only this command needs them.
    from threshold.report import report_html, report_pdf

    rubric = load_rubric(args.rubric)
    profile = score_answers(rubric, read_answers_file(args.answers))
    named = {"include_name": bool(args.name), "name": args.name}
    try:
        # Readable by its owner only, like an export: a report can name the person and show the answers.
        if suffix == ".pdf":
            write_private(args.out, report_pdf(rubric, profile, **named))
        else:
            write_private(args.out, report_html(rubric, profile, **named).encode("utf-8"))
    except OSError as exc:
        raise CommandError(f"cannot write {args.out}: {exc.strerror}") from None
    print(f"wrote {args.out}")
    return 0


def run_save(args) -> int:
    rubric = load_rubric(args.rubric)
    answers = read_answers_file(args.answers)
    store = open_store()
    name = args.name
    if name is None:
        if args.follow_up_of is None:
            raise CommandError("--name: give who it is about (only a follow-up keeps the first one's name)")
        name = store.get(args.follow_up_of).name
    new_id = store.save_assessment(
        rubric,
        answers,
        name=name,
        relationship=args.relationship,
        reached_out_on=args.reached_out,
        notes=args.notes,
        follow_up_of=args.follow_up_of,
    )
    print(new_id)
    return 0


def run_show(args) -> int:
    store = open_store(create=False)
    if store is None:
        raise CommandError(f"no saved assessment has id {args.id}: the history is empty")
    a = store.get(args.id)
    follow_ups = [f.id for f in store.follow_ups(a.id)]
    if args.format == "json":
        shown = {
            "id": a.id,
            "uid": a.uid,
            "name": a.name,
            "relationship": a.relationship,
            "reached_out_on": a.reached_out_on.isoformat() if a.reached_out_on else None,
            "taken_at": a.taken_at.isoformat(),
            "rubric_version": a.rubric_version,
            "dominant": a.profile.dominant,
            "scores": motive_scores(a.profile),
            "answers": a.answers,
            "follow_up_of": a.follow_up_of,
            "follow_ups": follow_ups,
            "replies": [r.model_dump() for r in a.replies],
            "decision": a.decision.model_dump(mode="json") if a.decision else None,
        }
        # ensure_ascii: a direction override in a name cannot rearrange the terminal.
        print(json.dumps(shown, indent=2))
        return 0
    lines = [
        f"id: {a.id}",
        f"name: {mark_invisible(a.name)}",
        f"relationship: {a.relationship}",
        f"taken: {a.taken_at.astimezone():%Y-%m-%d %H:%M}",
        f"rubric version: {mark_invisible(a.rubric_version)}",
        f"stood out: {', '.join(a.profile.dominant) or '-'}",
    ]
    if a.follow_up_of_uid:
        lines.append(f"follow_up_of: {a.follow_up_of if a.follow_up_of is not None else '(deleted)'}")
    if follow_ups:
        lines.append(f"follow-ups: {', '.join(map(str, follow_ups))}")
    # As JSON strings: escapes and line breaks in their words stay visible and inert in a terminal.
    lines += [f"they said to {json.dumps(r.question)}: {json.dumps(r.said)}" for r in a.replies]
    print("\n".join(lines))
    return 0


def run_list(args) -> int:
    store = open_store()
    offset = 0
    while page := store.list(args.search, args.relationship, limit=LIST_PAGE, offset=offset):
        for row in page:
            taken = row.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
            # A direction override in a name would reverse the rest of the line: shown as <U+202E>, as the app does.
            print(f"{row.id}\t{taken}\t{mark_invisible(row.name)}\t{', '.join(row.dominant) or '-'}")
        offset += len(page)
    return 0


def run_export(args) -> int:
    fmt = args.format or ("csv" if args.out.suffix.lower() == ".csv" else "json")
    count = write_export(open_store(), args.out, None if args.all else args.ids, fmt)
    print(f"exported {counted(count, 'assessment')} to {args.out} as {fmt}")
    return 0


def run_import(args) -> int:
    result = import_file(open_store(), args.file)
    print(f"added {result.added}, skipped {result.skipped} already here")
    return 0


def open_store(create: bool = True) -> Store | None:
    """The history in the data directory, opened with $THRESHOLD_PASSPHRASE when it is locked.

    $THRESHOLD_PASSPHRASE on a history without a lock is refused before anything is written: it says
    the user expects encryption that is not there. With `create=False`, None while there is no history.
    """
    passphrase = os.environ.get(PASSPHRASE_ENV)
    exists = history_exists()
    if passphrase and not exists:
        raise CommandError(NOT_LOCKED)
    if not create and not exists:
        return None
    store = Store.default()
    if not store.has_lock:
        if passphrase:
            raise CommandError(NOT_LOCKED)
        return store
    if not passphrase:
        raise CommandError(f"the history is locked with a passphrase: set {PASSPHRASE_ENV} to open it")
    try:
        return Store.default(key=store.key_for(passphrase))
    except WrongPassphrase:
        raise CommandError(f"{PASSPHRASE_ENV} does not open this history; nothing was changed") from None


def run_lock(args) -> int:
    """Set, change or remove the lock, as the Privacy page does: every row is re-encrypted in one go."""
    store = open_store(create=False)  # a locked history needs its current passphrase first
    if args.remove:
        if store is None or not store.has_lock:
            raise CommandError("this history has no passphrase lock to remove")
        store.remove_passphrase()
        print("the lock is removed: the history is stored unencrypted again")
        return 0
    passphrase = read_new_passphrase()
    changing = store is not None and store.has_lock
    try:
        (store or open_store()).set_passphrase(passphrase)
    except LockSetNotCleared as exc:
        print(f"{'the passphrase is changed' if changing else 'locked'}, but {exc}", file=sys.stderr)
        return 1
    print(
        "the passphrase is changed"
        if changing
        else f"locked: names, answers, notes and drafts are encrypted; open them with {PASSPHRASE_ENV}"
    )
    return 0


def read_new_passphrase() -> str:
    """The new passphrase from $THRESHOLD_NEW_PASSPHRASE, else asked twice without echo; checked as the app does."""
    passphrase = os.environ.get(NEW_PASSPHRASE_ENV)
    if passphrase is None:
        print("There is no recovery: a forgotten passphrase leaves only `threshold wipe`.", file=sys.stderr)
        passphrase = getpass.getpass("New passphrase: ")
        if getpass.getpass("The same passphrase again: ") != passphrase:
            raise CommandError("the two passphrases are not the same; nothing was changed")
    if problem := passphrase_problem(passphrase):
        raise CommandError(f"{problem}; nothing was changed")
    return passphrase


def run_wipe(args) -> int:
    where = history_location() if database_url() else Path(history_location()).parent
    if not args.yes:
        raise CommandError(
            f"this deletes every saved assessment, draft and the passphrase lock in {where} for good; "
            "run it again with --yes to go ahead"
        )
    removed = wipe()
    for path in removed:
        print(f"deleted {path}")
    print(
        "nothing to delete: no history here" if not removed else "everything Threshold stored here is deleted",
        "(files written with `export` are wherever you put them: delete those yourself)",
    )
    return 0
