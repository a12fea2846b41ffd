"""AppTest: the options page states the decision, lays out every option in the rubric's order whatever the
answers, says the leaning back, shows the check's change, keeps the next step; the About page's figures."""

from components.navigation import ABOUT, OPTIONS, PROFILE
from tests.apptest import button, open_app, texts
from threshold import about as about_words
from threshold.store import Store


def option_labels_shown(at, rubric):
    labels = {f"**{o.label}**" for o in rubric.options}
    return [m.value for m in at.markdown if m.value in labels]


def radio(at, label):
    return next(r for r in at.radio if r.label == label)


def safety_answers(rubric):
    return {i.id: max(rubric.scale_of(i).values) for i in rubric.items_of_kind("safety")}


def test_the_options_page_states_the_decision_and_lays_out_every_option_in_order(rubric):
    at = open_app(OPTIONS, {"ending_you_were_their_safe_place": 4})
    assert not at.exception
    shown = texts(at)
    assert rubric.decision.statement in shown
    assert option_labels_shown(at, rubric) == [f"**{o.label}**" for o in rubric.options]
    assert rubric.decision.safety_first not in shown


def test_the_order_of_the_options_does_not_follow_the_ratings_or_the_leaning(rubric):
    at = open_app(OPTIONS, {"ending_you_were_their_safe_place": 4})
    for point in rubric.decision.points:
        radio(at, point.label).set_value("A lot" if point.id == "connection" else "Not at all")
    radio(at, "Which option do you lean towards, if any?").set_value(rubric.options[-1].id).run()
    assert option_labels_shown(at, rubric) == [f"**{o.label}**" for o in rubric.options]


def test_the_leaning_is_said_back_and_the_change_in_the_check_is_shown(rubric):
    at = open_app(OPTIONS, {"ending_you_were_their_safe_place": 4})
    radio(at, rubric.decision.points[0].label).set_value("A lot")
    radio(at, "Which option do you lean towards, if any?").set_value("declining_clearly").run()
    radio(at, "How sure are you?").set_value("Fairly sure").run()
    questions = [q.text for q in rubric.decision_check.questions]
    yes_no = [r for r in at.radio if r.label in questions]
    before, after = yes_no[:4], yes_no[4:]
    for r in before:
        r.set_value("Not yet")
    for r in after[:3]:
        r.set_value("Yes")
    after[3].set_value("Not yet").run()
    shown = [t.value for t in at.text] + texts(at)
    assert "You lean towards “Declining clearly”, and you feel fairly sure." in shown
    assert "The points that matter most to you are your peace of mind." in shown
    assert "Before your options you answered yes to 0 of 4; now, to 3." in shown
    assert rubric.decision_check.not_all_yes in shown  # three or fewer yes: more time, information, support


def test_with_signs_of_danger_the_options_put_safety_first_and_show_the_resources(rubric):
    at = open_app(OPTIONS, safety_answers(rubric))
    shown = texts(at)
    assert rubric.decision.safety_first in shown
    assert rubric.option_by_id["meeting_with_safety"].if_unsafe in shown
    assert rubric.option_by_id["meeting_with_safety"].description not in shown
    assert any(r.name in m for r in rubric.safety.resources.default for m in shown)


def test_the_options_and_next_step_are_saved_with_the_reflection(rubric):
    at = open_app(OPTIONS, {"relationship": 0, "ending_you_were_their_safe_place": 4})
    radio(at, "Which option do you lean towards, if any?").set_value("none").run()
    next(t for t in at.text_input if t.label == "What").input("Ask Sam to *read* it")
    next(t for t in at.text_input if t.label == "When").input("Sunday").run()
    assert "What: Ask Sam to *read* it" in [t.value for t in at.text]
    next(t for t in at.text_input if t.label == "Who is this about?").input("Alex")
    button(at, "Save to my history").click().run()
    assert not at.exception
    saved = Store.default().assessments()[0]
    assert saved.decision.next_step.what == "Ask Sam to *read* it" and saved.decision.leaning is None
    # Changed afterwards: kept with the same saved reflection, not saved twice.
    next(t for t in at.text_input if t.label == "When").input("Saturday").run()
    button(at, "Keep your options with the saved reflection").click().run()
    assert [a.decision.next_step.when for a in Store.default().assessments()] == ["Saturday"]


def test_the_reflection_links_to_the_options(rubric):
    at = open_app(PROFILE, {"ending_you_were_their_safe_place": 4})
    assert "Options" in [link.proto.page for link in at.main.get("page_link")]


def test_the_about_page_shows_the_sources_version_and_the_evaluation_figures_of_today(rubric):
    at = open_app(ABOUT)
    assert not at.exception
    shown = texts(at)
    for line in about_words.uncertainty_lines(about_words.evaluation_figures(rubric)):
        assert line in shown
    assert any("%" in line for line in shown)
    assert f"Rubric version {rubric.version}, produced 1 December 2026." in shown
    for source in [*rubric.about.sources, *rubric.about.standards]:
        assert f"**{source.title}.** {source.citation}" in shown
    assert rubric.about.funding in shown and rubric.about.data in shown


def test_every_page_links_to_the_about_page():
    at = open_app()
    assert "About" in [link.proto.page for link in at.sidebar.get("page_link")]
