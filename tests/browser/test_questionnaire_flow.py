"""A person's path in real Chromium: home, introduction, every section, the reflection."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from threshold.rubric import Item, Rubric
from threshold.scoring import NOT_SURE_LABEL as NOT_SURE

pytestmark = pytest.mark.browser


# Vega draws asynchronously after Streamlit has sent the chart, and first paint can be slow.
CHART_TIMEOUT_MS = 30_000


def main_area(page: Page) -> Locator:
    """The page body; the sidebar's page links would otherwise match link and heading names too."""
    return page.get_by_test_id("stMain")


def question(page: Page, item: Item) -> Locator:
    """An item's radio group, found by its question text as a screen reader would announce it."""
    return main_area(page).get_by_role("radiogroup", name=item.text, exact=True)


def choose(page: Page, item: Item, label: str) -> None:
    """Click an option's visible label, as a person would, and wait until the radio shows it chosen."""
    group = question(page, item)
    group.locator('[data-testid="stRadioOption"]').filter(has_text=re.compile(f"^{re.escape(label)}$")).click()
    expect(group.get_by_role("radio", name=label, exact=True)).to_be_checked()


def planned_answers(rubric: Rubric) -> dict[str, str | None]:
    """A varied answer sheet by option label: agree, disagree, "Not sure", and some left blank (None).

    Safety items get "No", so this profile has no safety panel.
    """
    safety_ids = {i.id for i in rubric.items_of_kind("safety")}
    plan: dict[str, str | None] = {}
    for section in rubric.sections:
        for index, item in enumerate(rubric.items_in(section.id)):
            labels = [o.label for o in rubric.scale_of(item).options]
            if item.id in safety_ids:
                plan[item.id] = labels[0]
            else:
                plan[item.id] = [labels[-1], NOT_SURE, labels[-2], None, labels[1]][index % 5]
    return plan


def expect_step(page: Page, rubric: Rubric, step: int) -> None:
    """Wait for the questionnaire to show section `step` (1-based)."""
    section = rubric.sections[step - 1]
    expect(main_area(page).get_by_text(f"Part {step} of {len(rubric.sections)}: {section.title}")).to_be_visible()
    expect(main_area(page).get_by_role("heading", name=section.title, exact=True)).to_be_visible()


def answer_section(page: Page, rubric: Rubric, step: int, plan: dict[str, str | None]) -> None:
    for item in rubric.items_in(rubric.sections[step - 1].id):
        if plan[item.id] is not None:
            choose(page, item, plan[item.id])


def open_questionnaire(page: Page, base_url: str, rubric: Rubric) -> None:
    """From the home page, follow the start link, read the introduction and press Start."""
    page.goto(base_url)
    main = main_area(page)
    expect(main.get_by_role("heading", name="Threshold", exact=True)).to_be_visible()
    main.get_by_role("link", name=re.compile("Start the questionnaire")).click()
    expect(page).to_have_url(re.compile(r"/Questionnaire$"))
    expect(main.get_by_role("heading", name="Before you start")).to_be_visible()
    expect(main.get_by_text(f"{len(rubric.items)} short questions in {len(rubric.sections)} parts")).to_be_visible()
    main.get_by_role("button", name="Start", exact=True).click()
    expect_step(page, rubric, 1)


def see_reflection(page: Page) -> None:
    main_area(page).get_by_role("button", name="See the reflection", exact=True).click()
    expect(page).to_have_url(re.compile(r"/Profile$"))
    expect(main_area(page).get_by_role("heading", name="Your reflection")).to_be_visible()


def rendered_chart(page: Page, title: str) -> Locator:
    """The Vega-Lite chart whose drawn title is `title`, once Vega has drawn it."""
    chart = main_area(page).get_by_test_id("stVegaLiteChart").filter(has=page.locator("svg text", has_text=title))
    expect(chart.locator("svg.marks, canvas").first).to_be_visible(timeout=CHART_TIMEOUT_MS)
    return chart


def save_full_page_screenshot(page: Page, path: Path) -> None:
    """Streamlit scrolls inside stMain, not the document, so grow the viewport to the content first."""
    page.mouse.move(0, 0)  # off the chart, so its hover toolbar stays out of the picture
    height = main_area(page).evaluate("main => main.scrollHeight")
    page.set_viewport_size({"width": page.viewport_size["width"], "height": height})
    # Two animation frames: the resized layout has been painted.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.screenshot(path=path, full_page=True)


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
    for step in range(2, len(rubric.sections) + 1):
        main.get_by_role("button", name="Next", exact=True).click()
        expect_step(page, rubric, step)
    safety_item = rubric.items_of_kind("safety")[0]
    flagging = next(o.label for o in rubric.scale_of(safety_item).options if o.value >= safety_item.flag_at)
    choose(page, safety_item, flagging)
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
