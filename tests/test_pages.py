"""AppTest: every page runs, the questionnaire keeps answers, the profile shows what it promises."""

import pytest

from components import state
from components.navigation import COMPARE, FOLLOW_UP, PRIVACY, PROFILE, QUESTIONNAIRE, SAVED
from tests.apptest import (
    PAGES,
    answer_every_part,
    blank,
    button,
    chart_frames,
    open_app,
    page_buttons,
    quick_exit,
    texts,
)
from tests.conftest import DATA
from threshold import DEFAULT_RUBRIC_PATH, reflection
from threshold.rubric import load_rubric
from threshold.scoring import score_answers
from threshold.situation import asked_items, item_text, situation_codes

SHIPPED = load_rubric(DEFAULT_RUBRIC_PATH)


def strongest_answers(rubric, kind="returner"):
    return {i.id: max(rubric.scale_of(i).values) for i in rubric.items_of_kind(kind)}


@pytest.mark.parametrize("page", [None, *PAGES])
def test_every_page_runs_without_answers(page):
    at = open_app(page)
    assert not at.exception
    assert at.title[0].value


@pytest.mark.parametrize("page", [None, *PAGES])
def test_every_page_runs_with_a_full_answer_set(rubric, page):
    at = open_app(page, {i.id: min(rubric.scale_of(i).values) for i in rubric.items})
    assert not at.exception


# Saved reflections (and their follow-ups) are shown with the rubric they were scored with, so they need no
# current rubric; the Privacy page shows none.
PAGES_ON_THE_CURRENT_RUBRIC = [None, *(p for p in PAGES if p not in (SAVED, COMPARE, PRIVACY, FOLLOW_UP))]


@pytest.mark.parametrize("page", PAGES_ON_THE_CURRENT_RUBRIC)
def test_a_broken_rubric_is_listed_on_screen_not_thrown(monkeypatch, page):
    monkeypatch.setenv("THRESHOLD_RUBRIC", str(DATA / "bad_rubrics" / "several_problems.yaml"))
    at = open_app(page)
    assert not at.exception
    assert "cannot be used" in at.error[0].value
    assert "items[1].scale: unknown scale 'agree7'" in at.code[0].value


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("? [a, b]\n: 1\n", "a key must be a plain word or number, not a list or mapping"),
        ("a: " + "[" * 100_000 + "]" * 100_000, "nested more than 50 levels deep"),
    ],
    ids=["unhashable key", "deep nesting"],
)
def test_hostile_rubric_yaml_is_listed_on_screen_not_thrown(monkeypatch, tmp_path, text, problem):
    path = tmp_path / "rubric.yaml"
    path.write_text(text)
    monkeypatch.setenv("THRESHOLD_RUBRIC", str(path))
    at = open_app()
    assert not at.exception
    assert "cannot be used" in at.error[0].value
    assert problem in at.code[0].value


def test_home_offers_a_quick_and_a_full_path_then_a_resume(rubric):
    fresh = open_app()
    assert page_buttons(fresh) == ["Quick path (about 5 minutes)", "All questions (about 15 minutes)"]
    assert [link.label for link in fresh.main.get("page_link")] == ["Look back at saved reflections"]
    resuming = open_app(answers={rubric.items[0].id: 1})
    assert "Resume the questionnaire" in [link.label for link in resuming.main.get("page_link")]
    button(resuming, "Start over").click().run()
    assert resuming.session_state[state.ANSWERS.name] == {rubric.items[0].id: 1}  # nothing forgotten yet
    button(resuming, "Keep my answers").click().run()
    assert resuming.session_state[state.ANSWERS.name] == {rubric.items[0].id: 1}
    assert not any(b.label == "Yes, start over" for b in resuming.button)
    button(resuming, "Start over").click().run()
    button(resuming, "Yes, start over").click().run()
    assert state.ANSWERS.name not in resuming.session_state


@pytest.mark.parametrize(("label", "quick"), [("Quick path (about 5 minutes)", True), ("All questions", False)])
def test_home_starts_either_path_at_the_first_part(rubric, label, quick):
    at = open_app()
    next(b for b in at.main.button if b.label.startswith(label)).click().run()
    assert at.session_state[state.QUICK.name] is quick
    assert at.session_state[state.STEP.name] == 1
    assert at.subheader[0].value == rubric.sections[0].title


def expected_steps(rubric, answers, quick=False):
    """The parts and worded questions the core says this person is asked, to compare with the page."""
    codes = situation_codes(rubric, answers)
    asked = asked_items(rubric, codes, quick=quick)
    parts = [(s, [i for i in asked if i.section == s.id]) for s in rubric.sections]
    return [(s, [item_text(i, codes) for i in items], items) for s, items in parts if items]


def next_button(at):
    return next(b for b in at.button if b.label == "Next")


def start_full_path(at):
    button(at, "Answer all questions").click().run()


def test_questionnaire_introduction_offers_two_paths_and_says_what_it_is_for(rubric):
    at = open_app(QUESTIONNAIRE)
    body = " ".join(texts(at))
    quick, full = len(asked_items(rubric, {}, quick=True)), len(asked_items(rubric, {}))
    assert f"up to {quick} questions" in body and f"up to {full}" in body
    assert "Nothing you enter leaves this computer" in body
    assert page_buttons(at) == ["Take the quick path", "Answer all questions"]


def test_questionnaire_walks_every_part_that_fits_keeping_answers(rubric):
    at = open_app(QUESTIONNAIRE)
    start_full_path(at)
    given = {}
    number = 1
    while True:
        steps = expected_steps(rubric, given)
        section, wording, items = steps[number - 1]
        assert at.subheader.values[-1] == section.title  # after the safety panel, once a sign is given
        assert f"Part {number} of {len(steps)}" in at.get("progress")[0].proto.text
        assert [r.label for r in at.radio] == wording
        assert all(r.options[-1] == "Not sure" for r in at.radio)
        # Answer the first item, mark the second "Not sure", leave the rest.
        at.radio[0].set_value(max(rubric.scale_of(items[0]).values)).run()
        given[items[0].id] = max(rubric.scale_of(items[0]).values)
        if len(items) > 1:
            at.radio[1].set_value("not_sure").run()
            given[items[1].id] = None
        if number == len(expected_steps(rubric, given)):
            break
        next_button(at).click().run()
        number += 1
    assert at.session_state[state.ANSWERS.name] == given
    assert page_buttons(at) == ["Back", "See the reflection"]

    button(at, "Back").click().run()  # the earlier answers are still shown
    shown = {r.label: r.value for r in at.radio}
    _, wording, earlier = expected_steps(rubric, given)[-2]
    assert shown[wording[0]] == given[earlier[0].id]
    assert shown[wording[1]] == "not_sure"


def test_the_situation_decides_what_is_asked_and_how_it_is_worded(rubric):
    family, me = rubric.scale_by_id["relationship"].value_for("family"), rubric.scale_by_id["ended_by"].value_for("me")
    at = open_app(QUESTIONNAIRE, {"relationship": family, "ended_by": me})
    start_full_path(at)
    labels = []
    while True:
        labels += [r.label for r in at.radio]
        if not any(b.label == "Next" for b in at.button):
            break
        next_button(at).click().run()
    seeing_anyone = rubric.item_by_id["words_seeing_anyone"]
    assert seeing_anyone.text not in labels and seeing_anyone.text_for["family"] in labels
    assert rubric.item_by_id["ending_on_their_terms"].text not in labels  # they did not end it
    assert rubric.item_by_id["ending_refused_your_decision"].text in labels


def test_answers_survive_leaving_the_page_and_coming_back(rubric):
    at = open_app(QUESTIONNAIRE)
    start_full_path(at)
    first = rubric.items_in(rubric.sections[0].id)[0]
    at.radio[0].set_value(1).run()
    at.switch_page(PROFILE).run()
    at.switch_page(QUESTIONNAIRE).run()
    assert at.radio[0].label == first.text and at.radio[0].value == 1
    assert at.session_state[state.ANSWERS.name] == {first.id: 1}


def test_a_safety_sign_puts_the_safety_panel_first_on_the_next_parts(rubric):
    item = rubric.items_of_kind("safety")[0]
    at = open_app(QUESTIONNAIRE, {item.id: item.flag_at})
    start_full_path(at)
    next_button(at).click().run()  # from the situation to the safety part
    body = texts(at)
    assert body.index(rubric.safety.title) < body.index(rubric.section_by_id["safety"].title)


def test_not_sure_on_fear_offers_the_resources_gently(rubric):
    at = open_app(QUESTIONNAIRE, {"safety_afraid": None})
    start_full_path(at)
    assert rubric.safety.title not in texts(at)
    assert any("not sure about some safety questions" in e.label for e in at.expander)


def test_quick_path_asks_the_situation_safety_and_heaviest_questions_then_offers_more(rubric):
    at = open_app(QUESTIONNAIRE)
    button(at, "Take the quick path").click().run()
    steps = expected_steps(rubric, {}, quick=True)
    assert [b.label.split(" (")[0] for b in at.sidebar.button] == [
        f"{n}. {s.title}" for n, (s, _, _) in enumerate(steps, 1)
    ]
    assert sum(len(items) for _, _, items in steps) == len(asked_items(rubric, {}, quick=True))
    answers = {i.id: 0 for i in asked_items(rubric, {}, quick=True)}
    at = open_app(PROFILE, answers)
    at.session_state[state.QUICK.name] = True
    at.run()
    assert any("You took the quick path" in t for t in texts(at))
    button(at, "Answer more questions").click().run()
    assert at.session_state[state.QUICK.name] is False
    assert at.session_state[state.ANSWERS.name] == answers  # nothing lost


def test_flow_fill_finish_and_read_the_profile(rubric):
    """Fill every part, finish, and check the chart shows exactly the scored profile."""
    at = open_app(QUESTIONNAIRE)
    answer_every_part(at, rubric)
    button(at, "See the reflection").click().run()
    assert not at.exception
    answers = at.session_state[state.ANSWERS.name]
    expected = score_answers(rubric, answers)

    bands, bars, *_captions = chart_frames(at, 0)
    assert list(bands["band"]) == ["Low", "Moderate", "High"]
    assert list(bands["end"])[:2] == [rubric.scoring.moderate_from, rubric.scoring.high_from]
    assert list(bars["id"]) == [m.id for m in rubric.motives]
    assert list(bars["score"]) == [expected.motives[m.id].score for m in rubric.motives]
    assert not bars["low_confidence"].any()

    table = at.table[0].value
    assert list(table.index) == [m.label for m in rubric.motives]
    body = texts(at)
    dominant_labels = [rubric.motive_by_id[m].label for m in expected.dominant]
    assert any(all(label in t for label in dominant_labels) for t in at.subheader.values)
    assert any(rubric.motive_by_id[expected.dominant[0]].ask_them[0] in t for t in body)
    assert any("Because you said" in t for t in body)
    assert not any(rubric.safety.title in t for t in body)

    footing_bars = chart_frames(at, 1)[1]
    assert list(footing_bars["id"]) == [d.id for d in rubric.footing]


def test_low_confidence_motives_are_marked(rubric):
    one_item = rubric.items_of_kind("returner")[0]
    at = open_app(PROFILE, {one_item.id: max(rubric.scale_of(one_item).values)})
    bars = chart_frames(at, 0)[1]
    assert bars["low_confidence"].all()
    assert all("no lean" in c or "low confidence" in c for c in bars["caption"])
    assert any("Faded, dashed bars" in t for t in texts(at))


def test_profile_without_answers_points_to_the_questionnaire():
    at = open_app(PROFILE)
    assert "no answers yet" in at.info[0].value
    assert not at.get("vega_lite_chart")


@pytest.mark.parametrize("safety_item", SHIPPED.items_of_kind("safety"), ids=lambda i: i.id)
def test_any_single_safety_sign_puts_the_safety_panel_first(rubric, safety_item):
    item = safety_item
    answers = {**strongest_answers(rubric), item.id: item.flag_at}
    at = open_app(PROFILE, answers)
    body = texts(at)
    panel = body.index(rubric.safety.title)
    assert panel == 1  # straight after the page title
    assert body[panel + 2 : panel + 4] == ["**What you shared**", f"- {item.sign}"]
    assert rubric.safety.ask_framing in body
    assert panel < body.index(reflection.dominant_heading(rubric, score_answers(rubric, answers)))


def test_safety_resources_follow_the_chosen_country(rubric):
    item = rubric.items_of_kind("safety")[0]
    at = open_app(PROFILE, {item.id: item.flag_at})
    default_names = [r.name for r in rubric.safety.resources.default]
    assert any(default_names[0] in t for t in texts(at))
    country, resources = next(iter(rubric.safety.resources.countries.items()))
    at.selectbox[0].set_value(country).run()
    body = " ".join(texts(at))
    assert all(r.name in body for r in resources) and default_names[0] in body


@pytest.mark.parametrize(("yes_count", "expect_all_yes"), [(4, True), (3, False), (0, False)])
def test_decision_check(rubric, yes_count, expect_all_yes):
    at = open_app(PROFILE, strongest_answers(rubric))
    for n, radio in enumerate(at.radio):
        radio.set_value("Yes" if n < yes_count else "Not yet")
    at.run()
    expected = rubric.decision_check.all_yes if expect_all_yes else rubric.decision_check.not_all_yes
    assert expected in [i.value for i in at.info]


@pytest.mark.parametrize("page", [None, *PAGES])
def test_quick_exit_forgets_the_answers_and_leaves_a_blank_page(rubric, page):
    at = open_app(page, strongest_answers(rubric))
    quick_exit(at)
    assert state.ANSWERS.name not in at.session_state
    assert blank(at)
    at.run()  # and it stays blank on the next rerun
    assert blank(at)


def test_sidebar_lists_every_part_with_its_progress_and_jumps_there(rubric):
    first = rubric.items_in(rubric.sections[0].id)[0]
    at = open_app(QUESTIONNAIRE, {first.id: 1})
    parts = [b.label for b in at.sidebar.button]
    steps = expected_steps(rubric, {first.id: 1})
    assert len(parts) == len(steps)
    assert parts[0] == f"1. {steps[0][0].title} (1/{len(steps[0][2])})"
    at.sidebar.button[-1].click().run()
    assert at.subheader[0].value == steps[-1][0].title
