"""Workshop rooms, the pure core, on SQLite and on PostgreSQL: codes, lifecycle, answers, aggregate, limits."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, inspect

from tests.room_db import ENGINES, room_database, room_rows
from threshold.room import (
    GuessLimiter,
    RoomError,
    RoomNotFound,
    Rooms,
    TooManyGuesses,
    join_with_limit,
    normalise_code,
    room_engine,
    room_questions,
    room_results,
)
from threshold.room.codes import ALPHABET, CODE_LENGTH, new_code
from threshold.room.schema import VERSION_TABLE
from threshold.scenarios import load_scenarios
from threshold.scoring import AnswerError, score_answers


class Clock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def scenarios(rubric):
    return load_scenarios(rubric=rubric)


@pytest.fixture(params=ENGINES)
def room_url(request, tmp_path):
    server = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    with room_database(request.param, tmp_path, server) as url:
        yield url
        room_engine(url).dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def rooms(room_url, rubric, scenarios, clock) -> Rooms:
    return Rooms(room_engine(room_url), rubric, scenarios, lifetime_s=3600, clock=clock)


def scenario_answers(rubric, scenario) -> dict:
    """What the scenario itself answers to the room's questions."""
    return {q: scenario.answers.get(q) for q in room_questions(rubric, scenario)}


def test_codes_are_short_unambiguous_and_typed_loosely():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == CODE_LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert not set("0O1IL") & set(ALPHABET)
    assert normalise_code(" abc-d23 ") == "ABCD23"
    assert normalise_code("ABC0D1") is None
    assert normalise_code("ABC") is None


def test_the_room_tables_have_their_own_version_table_and_nothing_else(room_url):
    room_engine(room_url)
    engine = create_engine(room_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert tables == {"room_rooms", "room_participants", VERSION_TABLE}


def test_migrations_run_once_per_process_and_database(room_url, monkeypatch):
    from threshold.room import engine as room_engine_module

    calls = []
    real_migrate = room_engine_module.migrate
    monkeypatch.setattr(room_engine_module, "migrate", lambda engine: calls.append(engine) or real_migrate(engine))
    first = room_engine(room_url)
    assert room_engine(room_url) is first
    assert len(calls) == 1


def test_processes_starting_together_on_a_new_database_migrate_it_once(room_url):
    """Phones' first answers can start several room processes at once: each waits for the one migrating."""
    import subprocess
    import sys

    from sqlalchemy import text

    from tests.conftest import ROOT

    probe = "import sys; from threshold.room import room_engine; room_engine(sys.argv[1])"
    running = [
        subprocess.Popen([sys.executable, "-c", probe, room_url], cwd=ROOT, stderr=subprocess.PIPE) for _ in range(6)
    ]
    failures = [p.stderr.read().decode() for p in running if p.wait(timeout=120) != 0]
    for p in running:
        p.stderr.close()
    assert failures == []
    engine = create_engine(room_url)
    with engine.connect() as db:
        versions = db.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    engine.dispose()
    assert versions == ["0001_rooms"]


def test_a_participant_answers_and_the_room_sees_it(rooms, rubric, scenarios, room_url):
    scenario = scenarios[0]
    code = rooms.open(scenario.id)
    participant = rooms.join(code.lower(), nickname="  Sam\u202e\n ")
    waiting = room_results(rooms, code)
    assert (waiting.participants, waiting.finished) == (1, 0)

    profile = rooms.answer(participant, scenario_answers(rubric, scenario))
    assert profile.dominant == score_answers(rubric, scenario.answers).dominant
    results = room_results(rooms, code)
    assert (results.participants, results.finished) == (1, 1)
    assert results.leading[profile.dominant[0]] == 1
    assert results.average == {m: s.score for m, s in profile.motives.items()}
    assert results.intended_motives == scenario.expect.motives
    assert results.intended == {m: s.score for m, s in score_answers(rubric, scenario.answers).motives.items()}


def test_the_nickname_is_kept_as_short_plain_text(rooms, scenarios, room_url):
    from sqlalchemy import select

    from threshold.room.schema import participants

    code = rooms.open(scenarios[0].id)
    rooms.join(code, nickname="  Sam\u202e\n the  " + "x" * 50)
    with rooms.engine.connect() as db:
        nickname = db.scalar(select(participants.c.nickname))
    assert nickname == ("Sam the " + "x" * 50)[:30]


def test_the_room_disagreed_most_where_answers_split(rooms, rubric, scenarios):
    scenario = scenarios[0]
    code = rooms.open(scenario.id)
    split, agreed, *_ = room_questions(rubric, scenario)
    for value in (0, 4, 0, 4):
        rooms.add_participant(code, {split: value, agreed: 3})
    disputed = room_results(rooms, code).disputed
    assert [d.item_id for d in disputed] == [split]
    assert disputed[0].spread == 0.5
    assert disputed[0].counts["Strongly disagree"] == 2 and disputed[0].counts["Strongly agree"] == 2


def test_answers_are_checked_against_the_rooms_questions_and_scales(rooms, rubric, scenarios):
    scenario = scenarios[0]
    code = rooms.open(scenario.id)
    first = room_questions(rubric, scenario)[0]
    with pytest.raises(AnswerError) as bad:
        rooms.add_participant(code, {"relationship": 1, first: 9, "made_up": 1})
    assert len(bad.value.problems) == 3
    with pytest.raises(AnswerError):
        rooms.add_participant(code, {first: True})
    with pytest.raises(AnswerError):
        rooms.add_participant(code, ["not", "an", "object"])
    assert room_results(rooms, code).participants == 0  # bad answers added nobody
    rooms.add_participant(code, {first: None})  # "Not sure" is an answer
    assert room_results(rooms, code).finished == 1


def test_closing_deletes_every_answer_and_the_code_stops_working(rooms, rubric, scenarios, room_url):
    scenario = scenarios[0]
    code = rooms.open(scenario.id)
    participant = rooms.join(code)
    rooms.add_participant(code, scenario_answers(rubric, scenario))
    assert rooms.close(code) == 2
    assert room_rows(room_url) == 0
    with pytest.raises(RoomNotFound):
        rooms.join(code)
    with pytest.raises(RoomNotFound):
        rooms.answer(participant, {})
    with pytest.raises(RoomNotFound):
        room_results(rooms, code)


def test_the_next_group_starts_fresh_with_a_new_code(rooms, rubric, scenarios):
    scenario = scenarios[1]
    code = rooms.open(scenario.id)
    rooms.add_participant(code, scenario_answers(rubric, scenario))
    fresh = rooms.next_group(code)
    assert fresh != code
    results = room_results(rooms, fresh)
    assert (results.scenario_id, results.participants) == (scenario.id, 0)
    with pytest.raises(RoomNotFound):
        rooms.scenario_of(code)


def test_a_room_expires_and_its_answers_go_with_it(rooms, rubric, scenarios, clock, room_url):
    scenario = scenarios[0]
    code = rooms.open(scenario.id)
    rooms.add_participant(code, scenario_answers(rubric, scenario))
    clock.now += 3600
    with pytest.raises(RoomNotFound):
        rooms.join(code)
    assert room_rows(room_url) == 0  # deleted on the way, without anyone opening a new room


def test_expired_rooms_are_tidied_away_by_other_rooms_traffic(rooms, rubric, scenarios, clock, room_url):
    old = rooms.open(scenarios[0].id)
    rooms.add_participant(old, scenario_answers(rubric, scenarios[0]))
    clock.now += 1800
    current = rooms.open(scenarios[1].id)
    clock.now += 1800  # the first room's time is up; the second has half an hour left
    room_results(rooms, current)
    assert room_rows(room_url) == 1  # the second room alone
    assert rooms.purge_expired() == 0


def test_an_unknown_scenario_is_refused_by_name(rooms):
    with pytest.raises(RoomError, match="no scenario 'nope'"):
        rooms.open("nope")


def test_many_writers_at_once_lose_no_answer(rooms, rubric, scenarios):
    scenario = scenarios[2]
    code = rooms.open(scenario.id)
    answers = scenario_answers(rubric, scenario)
    errors = []

    def participate():
        try:
            rooms.add_participant(code, answers)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=participate) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert room_results(rooms, code).finished == 32


def test_wrong_codes_are_limited_per_client_and_for_everyone(rooms, scenarios):
    code = rooms.open(scenarios[0].id)
    clock = Clock()
    limiter = GuessLimiter(per_client=3, overall=5, window_s=60, clock=clock)
    for _ in range(3):
        with pytest.raises(RoomNotFound):
            join_with_limit(rooms, limiter, "phone-a", "AAAAAA")
    with pytest.raises(TooManyGuesses) as stopped:
        join_with_limit(rooms, limiter, "phone-a", code)  # even the right code waits
    assert not stopped.value.everyone and stopped.value.retry_after == 60
    join_with_limit(rooms, limiter, "phone-b", code)  # another client is not slowed by a's misses
    for _ in range(2):
        with pytest.raises(RoomNotFound):
            join_with_limit(rooms, limiter, "phone-c", "nonsense")
    with pytest.raises(TooManyGuesses) as everyone:
        join_with_limit(rooms, limiter, "phone-d", code)
    assert everyone.value.everyone
    clock.now += 61
    join_with_limit(rooms, limiter, "phone-a", code)  # the window has passed
