"""Steps a person takes in the browser, shared by every browser test."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Download, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from threshold.rubric import Item, Rubric
from threshold.scoring import NOT_SURE_LABEL as NOT_SURE
from threshold.situation import asked_items

# Vega draws asynchronously after Streamlit has sent the chart, and first paint can be slow.
CHART_TIMEOUT_MS = 30_000
#: A report is built when its button is clicked (charts rendered on this machine): slow on a busy one.
DOWNLOAD_TIMEOUT_MS = 60_000


def main_area(page: Page) -> Locator:
    """The page body; the sidebar's page links would otherwise match link and heading names too."""
    return page.get_by_test_id("stMain")


def question(page: Page, item: Item) -> Locator:
    """An item's radio group, found by its question text as a screen reader would announce it."""
    return main_area(page).get_by_role("radiogroup", name=item.text, exact=True)


def wait_until_idle(page: Page) -> None:
    """Until the script has finished its rerun: a rerun redraws widgets, can swallow a click that lands
    during it, and closes an open list."""
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1)


def open_list(page: Page, opener: Locator, option: Locator) -> None:
    """Click `opener` once the app is idle, again if a late rerun closed the list before `option` showed."""
    for attempt in range(3):
        wait_until_idle(page)
        opener.click()
        try:
            expect(option).to_be_visible(timeout=5_000)
            return
        except AssertionError:
            if attempt == 2:
                raise


def await_download(page: Page, button: Locator) -> Download:
    """Click a download button once the app is idle, and the file it hands over; click again if the
    click landed during a rerun and was lost (a real failure still fails: every try waits in full)."""
    for attempt in range(3):
        wait_until_idle(page)
        try:
            with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as arrival:
                button.click()
            return arrival.value
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def download(page: Page, button: Locator, into: Path) -> Path:
    """Click a download button and keep the file it hands over, under its suggested name."""
    arrival = await_download(page, button)
    path = into / arrival.suggested_filename
    arrival.save_as(path)
    return path


def choose(page: Page, item: Item, label: str) -> None:
    """Click an option's visible label, as a person would, and wait until the radio shows it chosen."""
    group = question(page, item)
    option = group.locator('[data-testid="stRadioOption"]').filter(has_text=re.compile(f"^{re.escape(label)}$"))
    radio = group.get_by_role("radio", name=label, exact=True)
    wait_until_idle(page)
    option.click()
    try:
        expect(radio).to_be_checked(timeout=3_000)
    except AssertionError:
        # A click that lands while the previous answer's rerun redraws the page can be lost, as it
        # would be for a person, who would simply click again.
        option.click()
        expect(radio).to_be_checked()
    wait_until_idle(page)  # its draft is saved in this rerun


#: The situation every planned answer sheet describes: an ex who ended it, wrote after a silence and apologised.
PLANNED_SITUATION = {
    "relationship": "partner",
    "ended_by": "they",
    "contact_mode": "message_after_silence",
    "apologised": "yes",
    "with_someone": "neither",
}


def planned_answers(rubric: Rubric) -> dict[str, str | None]:
    """A varied answer sheet by option label for the questions this situation asks: agree, disagree,
    "Not sure", and some left blank (None). Safety items get "No", so this profile has no safety panel."""
    plan: dict[str, str | None] = {}
    for item_id, code in PLANNED_SITUATION.items():
        scale = rubric.scale_of(rubric.item_by_id[item_id])
        plan[item_id] = scale.label_for(scale.value_for(code))
    for section in rubric.sections[1:]:
        for index, item in enumerate(asked_in(rubric, section.id, PLANNED_SITUATION)):
            labels = [o.label for o in rubric.scale_of(item).options]
            if section.kind == "safety":
                plan[item.id] = labels[0]
            else:
                plan[item.id] = [labels[-1], NOT_SURE, labels[-2], None, labels[1]][index % 5]
    return plan


def asked_in(rubric: Rubric, section_id: str, situation: dict[str, str]) -> list[Item]:
    """The questions of one part that this situation asks (every part keeps some in every situation)."""
    return [i for i in asked_items(rubric, situation) if i.section == section_id]


def expect_step(page: Page, rubric: Rubric, step: int) -> None:
    """Wait for the questionnaire to show section `step` (1-based) of the full path."""
    section = rubric.sections[step - 1]
    expect(main_area(page).get_by_text(f"Part {step} of {len(rubric.sections)}: {section.title}")).to_be_visible()
    expect(main_area(page).get_by_role("heading", name=section.title, exact=True)).to_be_visible()


def answer_section(page: Page, rubric: Rubric, step: int, plan: dict[str, str | None]) -> None:
    for item in asked_in(rubric, rubric.sections[step - 1].id, PLANNED_SITUATION):
        if plan.get(item.id) is not None:
            choose(page, item, plan[item.id])


def open_questionnaire(page: Page, base_url: str, rubric: Rubric) -> None:
    """From the home page, take the full path: it opens on the first part, the situation."""
    page.goto(base_url)
    main = main_area(page)
    expect(main.get_by_role("heading", name="Threshold", exact=True)).to_be_visible()
    wait_until_idle(page)
    main.get_by_role("button", name=re.compile("^All questions")).click()
    expect(page).to_have_url(re.compile(r"/Questionnaire(\?.*)?$"))  # the tab's key rides in the query
    expect_step(page, rubric, 1)


def answer_every_part(page: Page, rubric: Rubric, plan: dict[str, str | None]) -> None:
    """From the first part of the full path: answer each part by the plan, then open the reflection."""
    main = main_area(page)
    for step in range(1, len(rubric.sections) + 1):
        answer_section(page, rubric, step, plan)
        if step < len(rubric.sections):
            main.get_by_role("button", name="Next", exact=True).click()
            expect_step(page, rubric, step + 1)
    see_reflection(page)


def paste_message(page: Page, base_url: str, text: str) -> Locator:
    """Open the optional first step, paste their message, ask for it to be read; return the message view."""
    page.goto(f"{base_url}/Message")
    main = main_area(page)
    expect(main.get_by_role("heading", name="Their message", exact=True)).to_be_visible()
    main.get_by_role("textbox", name="What they sent").fill(text)
    main.get_by_role("button", name="Read it", exact=True).click()
    view = main.locator(".threshold-message")
    expect(view).to_be_visible()
    return view


def see_reflection(page: Page) -> None:
    main_area(page).get_by_role("button", name="See the reflection", exact=True).click()
    expect(page).to_have_url(re.compile(r"/Profile(\?.*)?$"))
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
