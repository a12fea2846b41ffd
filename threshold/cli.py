"""`python -m threshold ...`: check the rubric and score answers from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from threshold import DEFAULT_RUBRIC_PATH
from threshold.rubric import RubricError, load_rubric
from threshold.scoring import AnswerError, score_answers


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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (CommandError, RubricError, AnswerError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def run_check_rubric(args) -> int:
    rubric = load_rubric(args.path)
    counts = {kind: len(rubric.items_of_kind(kind)) for kind in ("returner", "footing", "safety")}
    print(
        f"ok: {args.path} (version {rubric.version}): {len(rubric.motives)} motives, "
        f"{len(rubric.sections)} sections, {len(rubric.items)} items "
        f"({counts['returner']} about them, {counts['footing']} footing, {counts['safety']} safety)"
    )
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
