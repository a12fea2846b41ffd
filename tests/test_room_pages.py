"""AppTest: a room opened on the Workshop page, joined and answered on the room server's join page,
seen live by the facilitator, and closed; the join page's limits and plain-text handling."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from components import navigation
from components.room import NOT_SURE
from tests.apptest import button, open_app, texts
from tests.conftest import ROOT
from tests.room_db import room_rows
from threshold.room import Rooms, database_url, room_engine, room_questions, room_results
from threshold.scenarios import load_scenarios

WORKSHOP = navigation.WORKSHOP
JOIN = str(ROOT / "room_app" / "app.py")


@pytest.fixture
def rooms(rubric, data_dir) -> Rooms:
    """The same rooms the pages use: the room database in this test's data directory."""
    return Rooms(room_engine(database_url()), rubric, load_scenarios(rubric=rubric))


def open_room(at: AppTest) -> str:
    button(at, "Open a room for this scenario").click().run()
    assert not at.exception
    html = "".join(str(h.proto.body) for h in at.get("html"))
    code = html.split('class="threshold-room-code"')[1].split(">")[1].split("<")[0]
    assert 'src="data:image/png;base64,' in html and "QR code for" in html  # drawn here, inline: nothing fetched
    assert any(f"?code={code}" in c.value for c in at.code)
    return code


def test_looking_at_the_workshop_page_writes_nothing(data_dir):
    at = open_app(WORKSHOP)
    assert not at.exception
    assert not data_dir.exists() or not any(data_dir.iterdir())


def test_the_facilitator_opens_a_room_sees_it_fill_in_and_closes_it(rooms, rubric, data_dir):
    at = open_app(WORKSHOP)
    code = open_room(at)
    scenario = rooms.scenario_of(code)
    assert scenario.id == load_scenarios(rubric=rubric)[0].id
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Joined": "0", "Finished": "0"}
    assert "The room closes itself in about 240 minutes, if you have not closed it before." in texts(at)

    rooms.join(code)
    for value in (0, 4):
        rooms.add_participant(code, {q: value for q in room_questions(rubric, scenario)})
    at.run()
    assert {m.label: m.value for m in at.metric} == {"Joined": "3", "Finished": "2"}
    assert len(at.get("vega_lite_chart")) == 2  # the leading motives, the room against the scenario
    assert "Where the room disagreed most" in texts(at)

    button(at, "Close room").click().run()
    assert room_rows(database_url()) == 0
    assert any(b.label == "Open a room for this scenario" for b in at.button)


def test_next_group_opens_a_fresh_room(rooms, rubric):
    at = open_app(WORKSHOP)
    code = open_room(at)
    rooms.add_participant(code, {})
    button(at, "Next group").click().run()
    fresh = at.session_state["room.hosted"]
    assert fresh != code and room_results(rooms, fresh).participants == 0


def test_a_participant_joins_answers_and_sees_their_reflection(rooms, rubric):
    scenario = load_scenarios(rubric=rubric)[0]
    code = rooms.open(scenario.id)
    at = AppTest.from_file(JOIN, default_timeout=30)
    at.query_params["code"] = code.lower()
    at.run()
    assert at.text_input[0].value == code.lower()
    at.text_input[1].input("**Sam**")
    at.button[0].click().run()  # Join
    assert not at.exception
    assert scenario.story in [t.value for t in at.text]  # the story as plain text
    asked = room_questions(rubric, scenario)
    assert len(at.radio) == len(asked)
    at.radio[0].set_value(4)
    at.radio[1].set_value(NOT_SURE)
    next(b for b in at.button if b.label == "See my reflection").click().run()
    assert not at.exception
    assert "Your reflection" in texts(at)
    results = room_results(rooms, code)
    assert (results.participants, results.finished) == (1, 1)
    kept = rooms.checked_answers(scenario, {asked[0]: 4, asked[1]: None})
    expected = rooms.reflection(scenario, kept)
    assert results.leading == {m.id: int(m.id in expected.dominant) for m in rubric.motives}


def test_wrong_codes_are_answered_kindly_and_then_slowed(rooms, rubric):
    rooms.open(load_scenarios(rubric=rubric)[0].id)
    at = AppTest.from_file(JOIN, default_timeout=30).run()
    warnings = []
    for attempt in range(6):
        at.text_input[0].input(f"AAAAA{attempt + 2}")
        at.button[0].click().run()
        warnings += [w.value for w in at.warning]
    assert all("no open room with that code" in w for w in warnings[:5])
    assert re.search(r"Please wait \d+ seconds", warnings[5])
    assert "room.participant" not in at.session_state or at.session_state["room.participant"] is None


def test_the_open_room_keeps_its_scenario_when_another_is_picked(rooms, rubric):
    first, second = load_scenarios(rubric=rubric)[:2]
    at = open_app(WORKSHOP)
    code = open_room(at)
    next(s for s in at.selectbox if s.label == "Scenario").set_value(second.id).run()
    assert rooms.scenario_of(code).id == first.id
    assert first.title in [t.value for t in at.text]
    assert at.session_state["room.hosted"] == code


def test_a_reloaded_phone_keeps_its_place_and_answers(rooms, rubric):
    scenario = load_scenarios(rubric=rubric)[0]
    code = rooms.open(scenario.id)
    phone = AppTest.from_file(JOIN, default_timeout=30)
    phone.query_params["code"] = code
    phone.run()
    phone.button[0].click().run()
    phone.radio[0].set_value(3)
    next(b for b in phone.button if b.label == "See my reflection").click().run()
    seat = phone.query_params["seat"]
    seat = seat[0] if isinstance(seat, list) else seat

    reloaded = AppTest.from_file(JOIN, default_timeout=30)  # a new session, the same address
    reloaded.query_params.update({"code": code, "seat": seat})
    reloaded.run()
    assert "Your reflection" in texts(reloaded)
    assert room_results(rooms, code).participants == 1

    stranger = AppTest.from_file(JOIN, default_timeout=30)
    stranger.query_params.update({"code": code, "seat": "made-up"})
    stranger.run()
    assert stranger.text_input[0].label == "Room code"
