"""AppTest: the safety panel says it is about safety, carries the technology note, and falls back to general help."""

import pytest

from components import state
from components.navigation import PROFILE, QUESTIONNAIRE, SAVED
from tests.apptest import open_app, texts
from threshold import reflection
from threshold.scoring import score_answers
from threshold.store import Store

GENERAL = "Anywhere (general)"


def flagged_answers(rubric, item=None):
    item = item or rubric.items_of_kind("safety")[0]
    returner = {i.id: max(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}
    return {**returner, item.id: item.flag_at}


def resource_lines(rubric, resources):
    return [f"- **{r.name}**: {r.contact}" + (f" ({r.note})" if r.note else "") for r in resources]


def test_the_panel_says_this_is_about_safety_rather_than_motives(rubric):
    body = texts(open_app(PROFILE, flagged_answers(rubric)))
    intro = body.index(rubric.safety.intro)
    assert intro == body.index(rubric.safety.title) + 1
    assert "safety" in rubric.safety.intro and "more than their motives" in rubric.safety.intro
    second = body.index("What follows is about their possible motives. It comes second to your safety.")
    assert (
        intro < second < body.index(reflection.dominant_heading(rubric, score_answers(rubric, flagged_answers(rubric))))
    )


def test_the_panel_ends_with_the_technology_safety_note(rubric):
    at = open_app(PROFILE, flagged_answers(rubric))
    note = rubric.safety.tech_note
    assert note in [c.value for c in at.caption]
    for point in ("access to this device", "Private mode", "quick exit", "cannot erase every trace"):
        assert point in note


@pytest.mark.parametrize("remembered", [None, "ZZ"], ids=["nothing-chosen", "unknown-country"])
def test_without_a_known_country_the_general_resources_are_listed(rubric, remembered):
    at = open_app()
    at.session_state[state.COUNTRY.name] = remembered
    at.session_state[state.ANSWERS.name] = flagged_answers(rubric)
    at.switch_page(PROFILE).run()
    assert at.selectbox[0].value is None and at.selectbox[0].options[0] == GENERAL
    body = texts(at)
    listed = [t for t in body if t.startswith("- **")]
    assert listed[: len(rubric.safety.resources.default)] == resource_lines(rubric, rubric.safety.resources.default)
    general = " ".join(listed).lower()
    assert "emergency" in general and "domestic-abuse helpline" in general


def test_the_chosen_country_stays_for_the_session(rubric):
    at = open_app(PROFILE, flagged_answers(rubric))
    country, resources = list(rubric.safety.resources.countries.items())[1]
    at.selectbox[0].set_value(country).run()
    at.switch_page(QUESTIONNAIRE).run()
    at.switch_page(PROFILE).run()
    assert at.selectbox[0].value == country and at.session_state[state.COUNTRY.name] == country
    expected = resource_lines(rubric, [*resources, *rubric.safety.resources.default])
    assert [t for t in texts(at) if t.startswith("- **")][: len(expected)] == expected


def test_a_saved_reflection_with_a_safety_sign_shows_the_panel_first(rubric):
    assessment_id = Store.default().save_assessment(rubric, flagged_answers(rubric), name="Sam")
    at = open_app()
    at.session_state[state.VIEWING.name] = assessment_id
    at.switch_page(SAVED).run()
    body = texts(at)
    heading = reflection.dominant_heading(rubric, score_answers(rubric, flagged_answers(rubric)))
    assert body.index(rubric.safety.title) < body.index(heading)
