"""AppTest: the workshop page, one-click scenarios, presenter mode, and that a workshop never touches the disk."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import loading, state
from components.navigation import COMPARE, HISTORY, HOME, PRIVACY, PROFILE, QUESTIONNAIRE, RUBRIC, SAVED, WORKSHOP
from tests.apptest import APP, button, only_draft, open_app, texts
from threshold import DEFAULT_RUBRIC_PATH, charts
from threshold.rubric import load_rubric
from threshold.scenarios import load_scenarios
from threshold.scoring import score_answers
from threshold.store import DATABASE_NAME, Store

SCENARIOS = load_scenarios(rubric=load_rubric(DEFAULT_RUBRIC_PATH))
SAFETY_CASE = next(s for s in SCENARIOS if s.expect.safety)
HOSTILE_TEXT = "**bold** <script>alert(1)</script> [link](http://example.com) # not a heading"


def pick(at, scenario):
    next(s for s in at.selectbox if s.label == "Scenario").set_value(scenario.id).run()


def load(at, scenario, how):
    """Pick `scenario` on the workshop page, press `how`, and land where it leads."""
    pick(at, scenario)
    button(at, how).click().run()
    assert not at.exception
    target = {"Walk through the questions": QUESTIONNAIRE, "Go straight to the reflection": PROFILE}[how]
    # The click switched pages in the script; AppTest reruns its own page unless told.
    at.switch_page(target).run()


def presenter_on(at):
    next(t for t in at.toggle if t.label == "Presenter mode").set_value(True).run()


def sidebar_links(at):
    return [link.label for link in at.sidebar.get("page_link")]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_each_scenario_shows_its_story_and_message_as_plain_text(scenario):
    at = open_app(WORKSHOP)
    pick(at, scenario)
    assert [t.value for t in at.text][:2] == [scenario.story, scenario.message]
    assert not any(scenario.message in t for t in texts(at))  # never through Markdown


def test_a_story_with_markup_stays_literal(monkeypatch, tmp_path, rubric):
    library = tmp_path / "scenarios.yaml"
    story, message = f"Story {HOSTILE_TEXT}", f"Message {HOSTILE_TEXT}"
    library.write_text(
        "scenarios:\n  - id: odd\n    title: An odd case\n    relationship: other\n"
        f"    story: '{story}'\n    message: '{message}'\n    expect: {{motives: [control]}}\n"
        f"    answers: {{{rubric.items[0].id}: null}}\n"
    )
    monkeypatch.setattr(loading, "DEFAULT_SCENARIOS_PATH", library)
    at = open_app(WORKSHOP)
    assert [t.value for t in at.text][:2] == [story, message]
    assert not any("<script>" in t or "**bold**" in t for t in texts(at))


def test_a_broken_scenario_library_is_listed_on_screen(monkeypatch, tmp_path):
    library = tmp_path / "scenarios.yaml"
    library.write_text("scenarios:\n  - id: odd\n    title: x\n")
    monkeypatch.setattr(loading, "DEFAULT_SCENARIOS_PATH", library)
    at = open_app(WORKSHOP)
    assert not at.exception
    assert "scenario library" in at.error[0].value
    assert "scenarios[0].relationship" in at.code[0].value


def test_walk_through_the_questions_loads_the_answers_at_the_first_part(rubric):
    scenario = SCENARIOS[0]
    at = open_app(WORKSHOP, {rubric.items[0].id: 0})
    assert any("replaces the answers in this window" in t for t in texts(at))
    load(at, scenario, "Walk through the questions")
    assert at.title[0].value == "Questionnaire"
    assert at.session_state[state.ANSWERS.name] == scenario.answers
    assert at.session_state[state.SCENARIO.name] == scenario.id
    first_part = rubric.items_in(rubric.sections[0].id)
    assert {r.label: r.value for r in at.radio} == {i.text: scenario.answers[i.id] for i in first_part}


@pytest.mark.parametrize("scenario", [SCENARIOS[0], SAFETY_CASE], ids=lambda s: s.id)
def test_go_straight_to_the_reflection(rubric, scenario):
    at = open_app(WORKSHOP)
    load(at, scenario, "Go straight to the reflection")
    assert at.title[0].value == "Your reflection"
    body = texts(at)
    assert scenario.title in [t.value for t in at.text]
    expected = score_answers(rubric, scenario.answers)
    assert (rubric.safety.title in body) is expected.safety_flag
    labels = [rubric.motive_by_id[m].label for m in expected.dominant]
    assert any(all(label in t for label in labels) for t in at.subheader.values)
    # A fictional case is never offered for saving.
    assert not any(b.label == "Save to my history" for b in at.button)
    assert any("fictional workshop scenario" in t for t in body)


def test_presenter_mode_is_large_and_hides_history_and_saving(rubric):
    at = open_app(WORKSHOP)
    assert "History" in sidebar_links(at)
    presenter_on(at)
    assert at.session_state[state.PRESENTER.name] is True
    assert "History" not in sidebar_links(at)
    assert any("font-size: 22px" in h.proto.body for h in at.get("html"))
    load(at, SCENARIOS[0], "Go straight to the reflection")
    assert "Keep this reflection" not in at.subheader.values
    assert not any(b.label == "Save to my history" for b in at.button)
    motives = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert motives["config"]["axis"]["labelFontSize"] == charts.LARGE_FONT
    at.switch_page(HISTORY).run()
    assert at.info[0].value.startswith("A workshop is on")
    at.switch_page("app.py").run()
    assert "Look back at saved reflections" not in [link.label for link in at.main.get("page_link")]


def test_reset_between_groups_clears_answers_and_checks_but_keeps_presenter_mode(rubric):
    at = open_app(WORKSHOP)
    presenter_on(at)
    load(at, SCENARIOS[0], "Go straight to the reflection")
    for radio in at.radio:  # the decision check
        radio.set_value("Yes")
    at.run()
    assert at.session_state[state.DECISION_CHECK.name]
    at.switch_page(WORKSHOP).run()
    button(at, "Reset for the next group").click().run()
    assert at.session_state[state.SCENARIO.name] and at.session_state[state.DECISION_CHECK.name]  # it asks first
    button(at, "Yes, reset").click().run()
    assert state.ANSWERS.name not in at.session_state or not at.session_state[state.ANSWERS.name]
    for key in (state.SCENARIO, state.DECISION_CHECK):
        assert key.name not in at.session_state
    assert at.session_state[state.PRESENTER.name] is True
    assert next(t for t in at.toggle if t.label == "Presenter mode").value is True
    at.switch_page(PROFILE).run()
    assert "no answers yet" in at.info[0].value


def test_reset_asks_first_and_keep_changes_nothing(rubric):
    at = open_app(WORKSHOP)
    presenter_on(at)
    load(at, SCENARIOS[0], "Go straight to the reflection")
    at.switch_page(WORKSHOP).run()
    answers = dict(at.session_state[state.ANSWERS.name])
    button(at, "Reset for the next group").click().run()
    assert any(b.label == "Yes, reset" for b in at.button)
    button(at, "Keep the answers").click().run()
    assert at.session_state[state.ANSWERS.name] == answers and at.session_state[state.SCENARIO.name] == SCENARIOS[0].id
    assert not any(b.label == "Yes, reset" for b in at.button)


def snapshot(directory: Path) -> dict[str, tuple[str, int]]:
    """Every file below `directory`: its content hash and modification time."""
    return {
        str(path.relative_to(directory)): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def walk_a_workshop(at, rubric):
    """What a facilitator does in front of a room, on every page the app has."""
    at.switch_page(WORKSHOP).run()
    load(at, SCENARIOS[0], "Walk through the questions")
    at.radio[0].set_value(0).run()  # an answer, which outside a workshop saves a draft
    button(at, "Next").click().run()
    at.switch_page(PROFILE).run()
    next(s for s in at.selectbox if s.label == "Question").set_value(rubric.items_of_kind("returner")[0].id).run()
    next(s for s in at.selectbox if s.label == "Suppose the answer were").set_value(0).run()
    at.switch_page(WORKSHOP).run()
    button(at, "Reset for the next group").click().run()
    button(at, "Yes, reset").click().run()
    load(at, SAFETY_CASE, "Go straight to the reflection")
    for page in (HOME, QUESTIONNAIRE, HISTORY, SAVED, COMPARE, RUBRIC, PRIVACY):
        at.switch_page(page).run()
        assert not at.exception, page


def test_a_presenter_flow_changes_no_file_of_an_existing_history(rubric, data_dir):
    answers = {i.id: max(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}
    local = Store.default()
    local.save_assessment(rubric, answers, name="Sam")
    local.save_draft({rubric.items[0].id: 1}, 1)
    at = open_app(WORKSHOP)
    presenter_on(at)
    before = snapshot(data_dir)
    walk_a_workshop(at, rubric)
    assert snapshot(data_dir) == before


def test_a_presenter_flow_from_the_start_creates_no_database(rubric, data_dir):
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state[state.PRESENTER.name] = True  # on before the first page, even the home page
    at.run()
    walk_a_workshop(at, rubric)
    assert not (data_dir / DATABASE_NAME).exists()
    assert not data_dir.exists() or not any(data_dir.iterdir())


def test_a_scenario_outside_presenter_mode_keeps_your_own_draft(rubric):
    Store.default().save_draft({rubric.items[0].id: 1}, 1)
    at = open_app(WORKSHOP)
    load(at, SCENARIOS[0], "Walk through the questions")
    at.radio[0].set_value(0).run()
    assert only_draft().answers == {rubric.items[0].id: 1}
    at.switch_page("app.py").run()
    button(at, "Start over").click().run()
    button(at, "Yes, start over").click().run()  # the workshop is still on: nothing personal is offered
    assert only_draft().answers == {rubric.items[0].id: 1}
    assert not any("unfinished answers" in t for t in texts(at))
    at.switch_page(WORKSHOP).run()
    button(at, "Leave the workshop").click().run()  # on purpose: now the draft on disk is offered
    at.switch_page("app.py").run()
    assert any("unfinished answers" in t for t in texts(at))
