"""A room's life: opened for a scenario, joined with its code, answered, and closed (every answer
deleted) or expired. The pages, the CLI and the benchmark all go through `Rooms`."""

from __future__ import annotations

import json
import secrets
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import Engine, delete, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from threshold.room.codes import new_code, normalise_code
from threshold.room.limits import GuessLimiter
from threshold.room.schema import NICKNAME_CHARS, participants, rooms
from threshold.rubric import Rubric
from threshold.scenarios import Scenario
from threshold.scoring import AnswerError, Profile, score_answers
from threshold.situation import quick_returner_ids, situation_codes

#: A room closes itself after this long, answers and all, if nobody closed it.
LIFETIME_S = 4 * 3600
#: Enough for a lecture hall; a bound, so nobody can fill the database through one code.
MAX_PARTICIPANTS = 500
#: Open rooms on one database at most, for the same reason.
MAX_OPEN_ROOMS = 200
#: How often at most a process deletes expired rooms on its way (opening, joining, showing a room).
TIDY_EVERY_S = 60


class RoomError(Exception):
    """Something a person can act on, said in plain words."""


class RoomNotFound(RoomError):
    """No open room has this code (never opened, closed, or expired)."""


@dataclass(frozen=True)
class Participant:
    code: str
    token: str


def room_questions(rubric: Rubric, scenario: Scenario) -> list[str]:
    """The item ids a participant answers: the quick path's questions about them, in the scenario's situation."""
    return quick_returner_ids(rubric, situation_codes(rubric, scenario.answers))


def scenario_situation(rubric: Rubric, scenario: Scenario) -> dict[str, int | None]:
    """The scenario's situation answers: the facts of the story, the same for everyone in the room."""
    situation = {i.id for i in rubric.items_of_kind("situation")}
    return {item_id: value for item_id, value in scenario.answers.items() if item_id in situation}


def clean_nickname(text: str | None) -> str | None:
    """A nickname kept as plain printable text, at most NICKNAME_CHARS long; None when empty."""
    if text is None:
        return None
    kept = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "CZ" or ch == " ")
    kept = " ".join(kept.split())[:NICKNAME_CHARS]
    return kept or None


class Rooms:
    """Rooms on one database, for one rubric and scenario library."""

    def __init__(
        self,
        engine: Engine,
        rubric: Rubric,
        scenarios: list[Scenario],
        *,
        lifetime_s: float = LIFETIME_S,
        clock: Callable[[], float] = time.time,
    ):
        self.engine, self.rubric, self.lifetime_s, self.clock = engine, rubric, lifetime_s, clock
        self.scenarios = {s.id: s for s in scenarios}
        self._tidied_at: float | None = None

    # The facilitator's side.

    def open(self, scenario_id: str) -> str:
        """Open a room for a scenario; return its join code."""
        if scenario_id not in self.scenarios:
            raise RoomError(f"no scenario {scenario_id!r}; the scenarios are: {', '.join(self.scenarios)}")
        self.purge_expired()
        now = self.clock()
        self._tidied_at = now
        with self.engine.begin() as db:
            if db.scalar(select(func.count()).select_from(rooms)) >= MAX_OPEN_ROOMS:
                raise RoomError("too many rooms are open on this server; close one, or wait for one to expire")
        for _ in range(10):  # a clash among 887 million codes is rare; try again if it happens
            code = new_code()
            try:
                with self.engine.begin() as db:
                    db.execute(
                        insert(rooms).values(
                            code=code, scenario_id=scenario_id, opened_at=now, expires_at=now + self.lifetime_s
                        )
                    )
                return code
            except IntegrityError:
                continue
        raise RoomError("could not find a free join code; try again")

    def close(self, code: str) -> int:
        """Delete the room and every answer in it; return how many participants went with it."""
        with self.engine.begin() as db:
            gone = db.execute(delete(participants).where(participants.c.room_code == code)).rowcount
            db.execute(delete(rooms).where(rooms.c.code == code))
        return gone

    def next_group(self, code: str) -> str:
        """Close this room and open a fresh one for the same scenario, with a new code."""
        scenario = self.scenario_of(code)
        self.close(code)
        return self.open(scenario.id)

    def purge_expired(self) -> int:
        """Close every room past its time; return how many."""
        now = self.clock()
        with self.engine.begin() as db:
            expired = select(rooms.c.code).where(rooms.c.expires_at <= now)
            db.execute(delete(participants).where(participants.c.room_code.in_(expired)))
            return db.execute(delete(rooms).where(rooms.c.expires_at <= now)).rowcount

    def tidy(self) -> None:
        """Delete expired rooms, answers and all, at most once a minute: an expired room's answers go
        soon after its time, not only when the next room is opened."""
        now = self.clock()
        if self._tidied_at is None or now - self._tidied_at >= TIDY_EVERY_S:
            self._tidied_at = now
            self.purge_expired()

    def expires_at(self, code: str) -> float:
        with self.engine.connect() as db:
            row = db.execute(select(rooms.c.expires_at).where(*self._open(code))).first()
        if row is None:
            raise RoomNotFound("this room is closed")
        return row.expires_at

    # The participant's side.

    def scenario_of(self, code: str) -> Scenario:
        """The scenario of the open room with this code; RoomNotFound if there is none."""
        self.tidy()
        with self.engine.connect() as db:
            scenario_id = db.scalar(select(rooms.c.scenario_id).where(*self._open(code)))
        if scenario_id is None or scenario_id not in self.scenarios:
            raise RoomNotFound("there is no open room with that code")
        return self.scenarios[scenario_id]

    def join(self, typed_code: str, nickname: str | None = None) -> Participant:
        """Join the open room whose code was typed; RoomNotFound if there is none."""
        code = self.code_or_not_found(typed_code)
        self.tidy()
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as db:
            if db.scalar(select(exists().where(*self._open(code)))) is not True:
                raise RoomNotFound("there is no open room with that code")
            joined = db.scalar(select(func.count()).select_from(participants).where(participants.c.room_code == code))
            if joined >= MAX_PARTICIPANTS:
                raise RoomError("this room is full")
            db.execute(
                insert(participants).values(
                    room_code=code, token=token, nickname=clean_nickname(nickname), joined_at=self.clock()
                )
            )
        return Participant(code, token)

    def resume(self, typed_code: str, token: str) -> tuple[Participant, dict[str, int | None] | None] | None:
        """The participant with this token in this open room (a reloaded phone), with their kept answers."""
        code = normalise_code(typed_code)
        if code is None:
            return None
        with self.engine.connect() as db:
            row = db.execute(
                select(participants.c.answers).where(
                    participants.c.token == token,
                    participants.c.room_code == code,
                    exists().where(*self._open(code)),
                )
            ).first()
        if row is None:
            return None
        return Participant(code, token), (json.loads(row.answers) if row.answers else None)

    def answer(self, participant: Participant, answers: Mapping[str, object]) -> Profile:
        """Check and keep a participant's answers (again if they change them); return their reflection."""
        scenario = self.scenario_of(participant.code)
        given = self.checked_answers(scenario, answers)
        profile = self.reflection(scenario, given)
        scores = {m: s.score for m, s in profile.motives.items()}
        with self.engine.begin() as db:
            changed = db.execute(
                update(participants)
                .where(participants.c.token == participant.token, participants.c.room_code == participant.code)
                .values(
                    answers=json.dumps(given),
                    scores=json.dumps(scores),
                    leading=json.dumps(profile.dominant),
                    finished_at=self.clock(),
                )
            ).rowcount
        if changed != 1:
            raise RoomNotFound("this room was closed, so your answers were not kept")
        return profile

    def add_participant(self, code: str, answers: Mapping[str, object], nickname: str | None = None) -> Profile:
        """Join and answer in one step (the CLI, the benchmark); bad answers add nobody."""
        self.checked_answers(self.scenario_of(self.code_or_not_found(code)), answers)
        return self.answer(self.join(code, nickname), answers)

    @staticmethod
    def code_or_not_found(typed_code: str) -> str:
        code = normalise_code(typed_code)
        if code is None:
            raise RoomNotFound("a room code has six letters and digits")
        return code

    def checked_answers(self, scenario: Scenario, answers: Mapping[str, object]) -> dict[str, int | None]:
        """The answers if every one is a question of this room with one of its options (or None for "Not
        sure"); otherwise AnswerError naming each problem."""
        if not isinstance(answers, Mapping):
            raise AnswerError(["(answers): expected an object of item id to option value"])
        asked = room_questions(self.rubric, scenario)
        problems = []
        for item_id, value in answers.items():
            if item_id not in asked:
                problems.append(f"{item_id}: not a question of this room (they are: {', '.join(asked)})")
                continue
            allowed = self.rubric.scale_of(self.rubric.item_by_id[item_id]).values
            if value is not None and (isinstance(value, bool) or value not in allowed):
                problems.append(f"{item_id}: answer {value!r} is not one of {allowed} (or null for not sure)")
        if problems:
            raise AnswerError(problems)
        return {item_id: answers[item_id] for item_id in asked if item_id in answers}

    def reflection(self, scenario: Scenario, given: Mapping[str, int | None]) -> Profile:
        """A participant's own reflection: their answers in the scenario's situation."""
        return score_answers(self.rubric, {**scenario_situation(self.rubric, scenario), **given})

    def _open(self, code: str):
        return rooms.c.code == code, rooms.c.expires_at > self.clock()


def join_with_limit(rooms_: Rooms, limiter: GuessLimiter, client: str, typed_code: str, nickname: str | None = None):
    """`Rooms.join`, refused while this client (or everyone) has missed too often; a miss is counted."""
    limiter.check(client)
    try:
        return rooms_.join(typed_code, nickname)
    except RoomNotFound:
        limiter.record_miss(client)
        raise
