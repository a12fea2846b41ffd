"""Decision support in real Chromium: from the reflection to your options and a next step in your own words,
saved; then, from the saved reflection, "I asked them" and a follow-up compared with the first."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.flows import (
    answer_every_part,
    main_area,
    open_list,
    open_questionnaire,
    planned_answers,
    wait_until_idle,
)
from threshold import reflection
from threshold.rubric import Rubric
from threshold.store import Store

pytestmark = pytest.mark.browser


def pick(page: Page, group: str, label: str, nth: int = 0) -> None:
    """Click an option's visible label in the `nth` radio group named `group`, as a person would (the check is
    asked twice, before and after the options, under two headings)."""
    radios = main_area(page).get_by_role("radiogroup", name=group, exact=True).nth(nth)
    option = radios.locator('[data-testid="stRadioOption"]').filter(has_text=re.compile(f"^{re.escape(label)}$"))
    wait_until_idle(page)
    option.click()
    expect(radios.get_by_role("radio", name=label, exact=True)).to_be_checked()
    wait_until_idle(page)


def test_from_the_reflection_to_a_stated_next_step_kept_with_the_saved_reflection(
    page: Page, app_server: str, rubric: Rubric, server_data_dir, monkeypatch
):
    plan = planned_answers(rubric)
    open_questionnaire(page, app_server, rubric)
    main = main_area(page)
    answer_every_part(page, rubric, plan)
    main.get_by_role("link", name=re.compile("^Next: your options")).click()
    expect(main.get_by_role("heading", name="Your options", exact=True)).to_be_visible()
    expect(main.get_by_text(rubric.decision.statement)).to_be_visible()
    for option in rubric.options:
        expect(main.get_by_text(option.label, exact=True).first).to_be_visible()

    for question in rubric.decision_check.questions:
        pick(page, question.text, "Not yet")  # the first group of four: before the options
    pick(page, rubric.decision.points[0].label, "A lot")
    pick(page, "Which option do you lean towards, if any?", "Declining clearly")
    pick(page, "How sure are you?", "A little sure")
    for question in rubric.decision_check.questions:
        pick(page, question.text, "Yes", nth=1)  # and after them
    expect(main.get_by_text("Before your options you answered yes to 0 of 4; now, to 4.")).to_be_visible()
    expect(main.get_by_text("You lean towards “Declining clearly”, and you feel a little sure.")).to_be_visible()
    expect(main.get_by_text("The points that matter most to you are your peace of mind.")).to_be_visible()
    main.get_by_role("textbox", name="What", exact=True).fill("Talk it over with Sam")
    main.get_by_role("textbox", name="What", exact=True).press("Enter")
    expect(main.get_by_text("What: Talk it over with Sam")).to_be_visible()

    main.get_by_role("textbox", name="Who is this about?").fill("Alex")
    main.get_by_role("button", name="Save to my history").click()
    expect(main.get_by_text("Saved in your history on this computer.")).to_be_visible()
    monkeypatch.setenv("THRESHOLD_DATA_DIR", str(server_data_dir))  # this test reads the server's store
    (saved,) = Store.default().assessments()
    assert saved.decision.leaning == "declining_clearly" and saved.decision.next_step.what == "Talk it over with Sam"
    assert saved.decision.check_before == dict.fromkeys(["sure", "understand", "risks", "support"], False)
    assert saved.decision.check_after == dict.fromkeys(["sure", "understand", "risks", "support"], True)


def test_i_asked_them_then_compare_the_follow_up_with_the_first(
    page: Page, app_server: str, rubric: Rubric, server_data_dir, monkeypatch
):
    monkeypatch.setenv("THRESHOLD_DATA_DIR", str(server_data_dir))  # this test's store is the server's
    answers = {i.id: max(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}
    first_id = Store.default().save_assessment(rubric, answers, name="Alex")
    question = reflection.questions_to_ask_them(rubric, Store.default().get(first_id).profile)[0]

    page.goto(f"{app_server}/History")
    main = main_area(page)
    option = page.get_by_role("option", name=re.compile(r"#\d+ · Alex"))
    open_list(page, main.get_by_test_id("stMultiSelect").locator("input"), option)
    option.click()
    page.keyboard.press("Escape")
    main.get_by_role("button", name="Open the reflection", exact=True).click()
    expect(main.get_by_role("heading", name="Saved reflection")).to_be_visible()
    wait_until_idle(page)
    main.get_by_role("button", name="I asked them: record what they said").click()
    expect(main.get_by_role("heading", name="After you asked them")).to_be_visible()
    main.get_by_role("textbox", name=question, exact=True).fill("I wanted to know you were ok")
    main.get_by_role("button", name="Save the follow-up").click()

    expect(main.get_by_role("heading", name="Compare", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", name="What they said when you asked")).to_be_visible()
    expect(main.get_by_text("I wanted to know you were ok", exact=True)).to_be_visible()
    follow_up = Store.default().assessments()[-1]
    assert follow_up.follow_up_of == first_id and follow_up.replies[0].said == "I wanted to know you were ok"
