"""A facilitator's path in real Chromium: presenter mode, a scenario walked and reflected, the rubric explored."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.flows import choose, expect_step, main_area, open_list, question, rendered_chart, wait_until_idle
from threshold import DEFAULT_RUBRIC_PATH
from threshold.reflection import dominant_heading
from threshold.rubric import Rubric, load_rubric
from threshold.scenarios import Scenario, load_scenarios
from threshold.scoring import score_answers

pytestmark = pytest.mark.browser

SCENARIOS = load_scenarios(rubric=load_rubric(DEFAULT_RUBRIC_PATH))


def select(page: Page, label: str, option: str) -> None:
    """Open a selectbox by its label, pick an option by its text, and wait until it shows."""
    wait_until_idle(page)
    box = page.get_by_role("combobox", name=label, exact=True)
    # Centred first: its list opens below it, and scrolling to reach the list would close it again.
    box.evaluate("element => element.scrollIntoView({block: 'center'})")
    opener = main_area(page).get_by_test_id("stSelectbox").filter(has=box).get_by_role("button", name="Open")
    choice = page.get_by_role("option", name=option, exact=True)
    for attempt in range(3):
        open_list(page, opener, choice)
        try:
            choice.click(timeout=5_000)
            break
        except PlaywrightTimeoutError:
            # A late rerun redrew the list under the click; open it again.
            if attempt == 2:
                raise
    expect(box).to_have_value(option)


def open_workshop(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/Workshop")
    expect(main_area(page).get_by_role("heading", name="Workshop", exact=True)).to_be_visible()


def load_scenario(page: Page, scenario: Scenario, how: str) -> None:
    """Pick a scenario by its title and press "Walk through the questions" or "Go straight to the reflection"."""
    select(page, "Scenario", scenario.title)
    expect(main_area(page).get_by_text(scenario.message)).to_be_visible()
    main_area(page).get_by_role("button", name=how, exact=True).click()


def test_a_presenter_workshop_is_large_hides_the_history_and_writes_nothing(
    page: Page, app_server: str, rubric: Rubric, server_data_dir: Path
):
    open_workshop(page, app_server)
    main, sidebar = main_area(page), page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("link", name="History")).to_be_visible()
    main.get_by_text("Presenter mode", exact=True).click()
    expect(sidebar.get_by_role("link", name="History")).to_have_count(0)
    expect(page.locator("html")).to_have_css("font-size", "22px")  # the CSS arrives with the rerun

    scenario = SCENARIOS[0]
    load_scenario(page, scenario, "Walk through the questions")
    expect(page).to_have_url(re.compile(r"/Questionnaire(\?.*)?$"))  # a workshop is kept in the query
    expect_step(page, rubric, 1)
    first = rubric.items_in(rubric.sections[0].id)[0]
    given = rubric.scale_of(first).label_for(scenario.answers[first.id])
    expect(question(page, first).get_by_role("radio", name=given, exact=True)).to_be_checked()
    other = next(o.label for o in rubric.scale_of(first).options if o.label != given)
    choose(page, first, other)  # outside a workshop, this would save a draft
    main.get_by_role("button", name="Next", exact=True).click()
    expect_step(page, rubric, 2)

    sidebar.get_by_role("link", name="Reflection").click()
    expect(main.get_by_role("heading", name="Your reflection")).to_be_visible()
    rendered_chart(page, "Their likely motives")
    expect(main.get_by_role("heading", name="Keep this reflection")).to_have_count(0)

    asked_about = rubric.items_of_kind("returner")[0]  # the what-if lists the questions about them
    select(page, "Question", f"1. {asked_about.text}")
    select(page, "Suppose the answer were", rubric.scale_of(asked_about).label_for(scenario.answers[asked_about.id]))
    # The what-if scores the scenario's own answer again: its headline is the scenario's.
    headline = dominant_heading(rubric, score_answers(rubric, scenario.answers))
    expect(main.get_by_test_id("stAlertContentInfo").filter(has_text=headline)).to_be_visible()
    rendered_chart(page, "If that answer were different")

    sidebar.get_by_role("link", name="Workshop").click()
    main.get_by_role("button", name="Reset for the next group").click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, reset").click()  # it asks first
    wait_until_idle(page)
    expect(main.get_by_role("switch", name="Presenter mode")).to_be_checked()
    sidebar.get_by_role("link", name="Reflection").click()
    expect(main.get_by_text("There are no answers yet", exact=False)).to_be_visible()
    assert not list(server_data_dir.iterdir())  # no database, no draft, nothing at all


def test_clicking_a_motive_in_the_heatmap_shows_the_questions_that_measure_it(
    page: Page, app_server: str, rubric: Rubric
):
    page.goto(f"{app_server}/Rubric")
    main = main_area(page)
    chart = main.get_by_test_id("stVegaLiteChart")
    expect(chart.locator("svg.marks").first).to_be_visible(timeout=30_000)
    for motive in (rubric.motives[3], rubric.motives[-1]):
        # Vega labels each cell for screen readers; a click on any cell of a column picks its motive.
        chart.locator(f'path[aria-label*="Motive id: {motive.id}"]').nth(2).click()
        expect(main.get_by_role("heading", name=motive.label, exact=True)).to_be_visible()
        expect(main.get_by_text(f"The questions that measure {motive.label.lower()}")).to_be_visible()
        expect(main.get_by_role("combobox", name="Motive")).to_have_value(motive.label)
