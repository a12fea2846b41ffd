"""`python -m threshold room open|answer|results|close`: a room from the command line, for scripts and tests."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from threshold import DEFAULT_RUBRIC_PATH
from threshold.room.aggregate import room_results
from threshold.room.engine import RoomDatabaseError, room_engine
from threshold.room.rooms import LIFETIME_S, RoomError, Rooms
from threshold.rubric import RubricError, load_rubric
from threshold.scenarios import load_scenarios
from threshold.scoring import AnswerError

RUBRIC_ENV = "THRESHOLD_RUBRIC"


def add_room_commands(commands) -> None:
    room = commands.add_parser("room", help="open a workshop room, add a participant's answers, see it, close it")
    room.add_argument("--rubric", type=Path, default=Path(os.environ.get(RUBRIC_ENV) or DEFAULT_RUBRIC_PATH))
    steps = room.add_subparsers(dest="room_command", required=True)
    opening = steps.add_parser("open", help="open a room for a scenario; prints the join code on its last line")
    opening.add_argument("--scenario", required=True, metavar="ID", help="a scenario id from scenarios.yaml")
    opening.add_argument("--hours", type=float, default=LIFETIME_S / 3600, help="the room closes itself after this")
    opening.set_defaults(run=run_room, step=room_open)
    answer = steps.add_parser("answer", help="add one participant's answers to a room")
    answer.add_argument("code")
    answer.add_argument("answers", type=Path, help='JSON file: {"answers": {"<item id>": <option value>}}')
    answer.add_argument("--nickname")
    answer.set_defaults(run=run_room, step=room_answer)
    results = steps.add_parser("results", help="print the room's aggregate as JSON")
    results.add_argument("code")
    results.set_defaults(run=run_room, step=room_show_results)
    close = steps.add_parser("close", help="close a room and delete every answer in it")
    close.add_argument("code")
    close.set_defaults(run=run_room, step=room_close)


def run_room(args) -> int:
    try:
        rubric = load_rubric(args.rubric)
        lifetime = getattr(args, "hours", LIFETIME_S / 3600) * 3600
        rooms = Rooms(room_engine(), rubric, load_scenarios(rubric=rubric), lifetime_s=lifetime)
        return args.step(rooms, args)
    except (RoomError, RubricError, AnswerError, RoomDatabaseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
    except SQLAlchemyError as exc:
        print(f"error: the room database cannot be used: {exc.__class__.__name__}: {exc.orig or exc}", file=sys.stderr)
    return 1


def room_open(rooms: Rooms, args) -> int:
    code = rooms.open(args.scenario)
    print(f"Room open for {rooms.scenarios[args.scenario].title!r}. Join code:")
    print(code)
    return 0


def room_answer(rooms: Rooms, args) -> int:
    from threshold.cli import CommandError, read_answers_file

    try:
        answers = read_answers_file(args.answers)
    except CommandError as exc:
        raise RoomError(str(exc)) from None
    profile = rooms.add_participant(args.code, answers, args.nickname)
    print(f"ok: answers kept; leading: {', '.join(profile.dominant) or 'no lean yet'}")
    return 0


def room_show_results(rooms: Rooms, args) -> int:
    print(json.dumps(room_results(rooms, rooms.code_or_not_found(args.code)).as_dict(), indent=2, ensure_ascii=False))
    return 0


def room_close(rooms: Rooms, args) -> int:
    code = rooms.code_or_not_found(args.code)
    gone = rooms.close(code)
    print(f"closed room {code}: {gone} participants' answers deleted")
    return 0
