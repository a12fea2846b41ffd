"""AppTest: the what-if on a reflection, and its printable report as PDF and HTML downloads."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from components import state
from components.navigation import PROFILE, SAVED
from components.questionnaire import NOT_SURE
from tests.apptest import button, chart_frames, open_app, texts
from threshold import DEFAULT_RUBRIC_PATH, reflection
from threshold.rubric import load_rubric
from threshold.scenarios import load_scenarios
from threshold.scoring import score_answers
from threshold.store import Store

SHIPPED = load_rubric(DEFAULT_RUBRIC_PATH)
# A mixed case: close enough at the top that one answer can change what stands out.
CASE = next(s for s in load_scenarios(rubric=SHIPPED) if len(s.expect.motives) > 1)
PDF, HTML = "threshold-reflection.pdf", "threshold-reflection.html"


def a_change_that_moves_the_top(rubric, answers):
    """The first question and answer that would change which motive stands out."""
    before = score_answers(rubric, answers).dominant
    for item in rubric.items_of_kind("returner"):
        for value in rubric.scale_of(item).values:
            if score_answers(rubric, {**answers, item.id: value}).dominant != before:
                return item, value
    raise AssertionError("no single answer moves the top motive")


def suppose(at, item_id, value):
    next(s for s in at.selectbox if s.label == "Question").set_value(item_id).run()
    next(s for s in at.selectbox if s.label == "Suppose the answer were").set_value(value).run()


def test_what_if_moves_the_chart_and_the_top_motive_and_keeps_the_answers(rubric):
    answers = dict(CASE.answers)
    item, value = a_change_that_moves_the_top(rubric, answers)
    at = open_app(PROFILE, answers)
    suppose(at, item.id, value)
    assert not at.exception
    before, expected = score_answers(rubric, answers), score_answers(rubric, {**answers, item.id: value})
    bars = chart_frames(at, 2)[1]
    assert list(bars["score"]) == [expected.motives[m.id].score for m in rubric.motives]
    was = reflection.join_names([rubric.motive_by_id[m].label for m in before.dominant])
    assert f"{reflection.dominant_heading(rubric, expected)}. With the answers given, it was {was}." in at.info.values
    moved = at.table[-1].value
    top = rubric.motive_by_id[before.dominant[0]]
    assert moved.loc[top.label, "As answered"] == f"{before.motives[top.id].score:.0f}"
    # The change is the difference of the figures shown beside it.
    assert (moved["Change"].astype(int) == moved["What if"].astype(int) - moved["As answered"].astype(int)).all()
    assert at.session_state[state.ANSWERS.name] == answers  # the real answers are untouched
    assert chart_frames(at, 0)[1]["score"].tolist() == [
        score_answers(rubric, answers).motives[m.id].score for m in rubric.motives
    ]


def test_what_if_not_sure_counts_as_missing_evidence(rubric):
    answers = dict(CASE.answers)
    item = next(i for i in rubric.items_of_kind("returner") if answers.get(i.id) is not None)
    at = open_app(PROFILE, answers)
    suppose(at, item.id, NOT_SURE)
    expected = score_answers(rubric, {**answers, item.id: None})
    assert chart_frames(at, 2)[1]["confidence"].tolist() == [
        round(expected.motives[m.id].confidence * 100) for m in rubric.motives
    ]


def test_what_if_resets_to_the_original_answers(rubric):
    at = open_app(PROFILE, dict(CASE.answers))
    item, value = a_change_that_moves_the_top(rubric, CASE.answers)
    suppose(at, item.id, value)
    assert len(at.get("vega_lite_chart")) == 3
    button(at, "Back to the original answers").click().run()
    assert next(s for s in at.selectbox if s.label == "Question").value is None
    assert len(at.get("vega_lite_chart")) == 2


def save(rubric, name="Sam Q"):
    return Store.default().save_assessment(
        rubric, dict(CASE.answers), name=name, taken_at=datetime(2026, 11, 1, 20, 0, tzinfo=UTC)
    )


def open_saved(assessment_id):
    at = open_app()
    at.session_state[state.VIEWING.name] = assessment_id
    at.switch_page(SAVED).run()
    return at


def test_what_if_on_a_saved_reflection_never_changes_it(rubric):
    assessment_id = save(rubric)
    stored = Store.default().get(assessment_id)
    at = open_saved(assessment_id)
    item, value = a_change_that_moves_the_top(rubric, CASE.answers)
    suppose(at, item.id, value)
    assert not at.exception
    again = Store.default().get(assessment_id)
    assert (again.answers, again.profile) == (stored.answers, stored.profile)


@pytest.fixture
def downloads(monkeypatch):
    """The file each download button would build when clicked, by file name; nothing is built before."""
    registered = {}
    original = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        registered[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    return registered


def name_box(at):
    return [c for c in at.checkbox if c.label == "Include the name"]


def test_the_reflection_downloads_as_pdf_and_html_with_its_questions(rubric, downloads):
    at = open_app(PROFILE, dict(CASE.answers))
    assert set(downloads) == {PDF, HTML}  # registered to build on click, not built with the page
    assert not name_box(at)  # nothing saved, so there is no name to print
    profile = score_answers(rubric, CASE.answers)
    page = downloads[HTML]()
    for question in reflection.questions_to_ask_them(rubric, profile)[:3]:
        assert question.replace("'", "&#x27;").replace('"', "&quot;") in page
    assert f"Rubric version {rubric.version}" in page
    assert downloads[PDF]().startswith(b"%PDF")


def test_a_saved_reflection_prints_its_name_only_when_asked(rubric, downloads):
    at = open_saved(save(rubric, "Sam Q"))
    [box] = name_box(at)
    assert box.value is False
    page = downloads[HTML]()
    assert "Sam Q" not in page and "Date: 1 November 2026" in page
    box.check().run()
    assert "About: <bdi>Sam Q</bdi>" in downloads[HTML]()


def test_the_current_reflection_has_a_name_once_it_is_saved(rubric, downloads):
    at = open_app(PROFILE, dict(CASE.answers))
    at.text_input[0].set_value("Alex")
    button(at, "Save to my history").click().run()
    [box] = name_box(at)
    box.check().run()
    assert "About: <bdi>Alex</bdi>" in downloads[HTML]()
    assert any("Saved in your history" in t for t in [s.value for s in at.success])
    assert not any("Alex" in t for t in texts(at))  # the name is printed on the report, not on the page
