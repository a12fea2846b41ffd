"""A person's path in real Chromium: home, introduction, every section, the reflection."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.flows import (
    answer_section,
    choose,
    expect_step,
    main_area,
    open_questionnaire,
    planned_answers,
    question,
    rendered_chart,
    save_full_page_screenshot,
    see_reflection,
)
from threshold.rubric import Rubric

pytestmark = pytest.mark.browser


def test_answering_every_section_shows_the_reflection(page: Page, app_server: str, rubric: Rubric, artifacts_dir: Path):
    plan = planned_answers(rubric)
    open_questionnaire(page, app_server, rubric)
    main = main_area(page)

    answer_section(page, rubric, 1, plan)
    main.get_by_role("button", name="Next", exact=True).click()
    expect_step(page, rubric, 2)
    answer_section(page, rubric, 2, plan)

    # Going back keeps what was answered, on both sides of the step.
    main.get_by_role("button", name="Back", exact=True).click()
    expect_step(page, rubric, 1)
    first_item = rubric.items_in(rubric.sections[0].id)[0]
    expect(question(page, first_item).get_by_role("radio", name=plan[first_item.id], exact=True)).to_be_checked()
    main.get_by_role("button", name="Next", exact=True).click()
    expect_step(page, rubric, 2)
    second_item = rubric.items_in(rubric.sections[1].id)[0]
    expect(question(page, second_item).get_by_role("radio", name=plan[second_item.id], exact=True)).to_be_checked()

    for step in range(3, len(rubric.sections) + 1):
        main.get_by_role("button", name="Next", exact=True).click()
        expect_step(page, rubric, step)
        answer_section(page, rubric, step, plan)
    see_reflection(page)

    rendered_chart(page, "Their likely motives")
    scores = main.get_by_test_id("stTable").filter(has_text="Motive").first
    expect(scores).to_be_visible()
    for motive in rubric.motives:
        expect(scores.get_by_role("rowheader", name=motive.label, exact=True)).to_be_visible()

    ask_them = main.get_by_test_id("stColumn").filter(
        has=page.get_by_role("heading", name="Questions you could ask them")
    )
    expect(ask_them.get_by_role("listitem").first).to_have_text(rubric.general.ask_them[0])

    expect(main.get_by_role("heading", name="Your footing")).to_be_visible()
    rendered_chart(page, "Where you stand now")
    expect(main.get_by_role("heading", name=rubric.safety.title)).to_have_count(0)
    expect(main.get_by_test_id("stException")).to_have_count(0)

    save_full_page_screenshot(page, artifacts_dir / "profile.png")


def test_a_safety_answer_puts_the_safety_panel_first(page: Page, app_server: str, rubric: Rubric):
    open_questionnaire(page, app_server, rubric)
    main = main_area(page)
    main.get_by_role("button", name="Next", exact=True).click()
    expect_step(page, rubric, 2)  # the safety screen comes straight after the situation
    safety_item = rubric.items_of_kind("safety")[0]
    flagging = next(o.label for o in rubric.scale_of(safety_item).options if o.value >= safety_item.flag_at)
    choose(page, safety_item, flagging)
    # The panel shows at once, on the questionnaire, before any reflection.
    expect(main.get_by_role("heading", name=rubric.safety.title)).to_be_visible()
    for step in range(3, len(rubric.sections) + 1):
        main.get_by_role("button", name="Next", exact=True).click()
        expect_step(page, rubric, step)
        expect(main.get_by_role("heading", name=rubric.safety.title)).to_be_visible()
    see_reflection(page)

    panel_heading = main.get_by_role("heading", name=rubric.safety.title)
    expect(panel_heading).to_be_visible()
    expect(main.get_by_text(safety_item.sign, exact=True)).to_be_visible()
    chart = rendered_chart(page, "Their likely motives")
    panel_comes_first = panel_heading.evaluate(
        "(heading, chart) => Boolean(heading.compareDocumentPosition(chart) & Node.DOCUMENT_POSITION_FOLLOWING)",
        chart.element_handle(),
    )
    assert panel_comes_first, "the safety panel should come before the motive chart"
    expect(main.get_by_test_id("stException")).to_have_count(0)


def hidden_axis_labels(chart: Locator) -> list[str]:
    """Axis labels Vega hid (opacity 0) because they would overlap: a sign the plot is too short."""
    return chart.evaluate(
        "chart => [...chart.querySelectorAll('.role-axis-label text')]"
        ".filter(t => getComputedStyle(t).opacity === '0').map(t => t.textContent)"
    )


def test_every_row_of_both_charts_is_labelled(page: Page, app_server: str, rubric: Rubric):
    # Regression: with Streamlit's default autosize "fit", title, axis and legend ate the chart's height,
    # so the bars overlapped and Vega hid most row labels.
    open_questionnaire(page, app_server, rubric)
    first_item = rubric.items_in(rubric.sections[0].id)[0]
    choose(page, first_item, rubric.scale_of(first_item).options[-1].label)
    main = main_area(page)
    for step in range(2, len(rubric.sections) + 1):
        main.get_by_role("button", name="Next", exact=True).click()
        expect_step(page, rubric, step)
    see_reflection(page)

    assert hidden_axis_labels(rendered_chart(page, "Their likely motives")) == []
    assert hidden_axis_labels(rendered_chart(page, "Where you stand now")) == []


def test_next_opens_the_part_at_its_top_with_focus_on_its_heading(page: Page, app_server: str, rubric: Rubric):
    open_questionnaire(page, app_server, rubric)
    main = main_area(page)
    for step in (2, 3):
        main.get_by_role("button", name="Next", exact=True).click()
        expect_step(page, rubric, step)
    main.evaluate("main => main.scrollTo(0, main.scrollHeight)")  # at the foot of a long part, by Next
    assert main.evaluate("main => main.scrollTop") > 0
    main.get_by_role("button", name="Next", exact=True).click()
    expect_step(page, rubric, 4)
    title = rubric.sections[3].title
    expect(main.get_by_role("heading", name=title, exact=True)).to_be_focused()
    page.wait_for_function("() => document.querySelector('[data-testid=stMain]').scrollTop === 0")


@pytest.mark.parametrize("width", [390, 1280])
def test_every_question_lists_its_options_in_one_row_or_one_column(page: Page, app_server: str, rubric: Rubric, width):
    # Wrapped rows of options read as a zig-zag; a short scale sits in one row, a long one in one column.
    page.set_viewport_size({"width": width, "height": 900})
    open_questionnaire(page, app_server, rubric)
    main = main_area(page)
    main.get_by_role("button", name="Next", exact=True).click()
    expect_step(page, rubric, 2)
    main.get_by_role("button", name="Next", exact=True).click()
    expect_step(page, rubric, 3)  # a part with five-point scales
    groups = main.get_by_role("radiogroup")
    expect(groups.first).to_be_visible()
    for index in range(groups.count()):
        boxes = [o.bounding_box() for o in groups.nth(index).locator('[data-testid="stRadioOption"]').all()]
        tops = [round(b["y"]) for b in boxes]
        lefts = [round(b["x"]) for b in boxes]
        one_row = len(set(tops)) == 1 and lefts == sorted(lefts)
        one_column = len(set(lefts)) == 1 and tops == sorted(tops)
        assert one_row or one_column, (index, tops, lefts)
