"""Compare and Delete everything in real Chromium: five ticks and whole questions; a button that looks destructive."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from components.danger import DANGER_COLOUR
from tests.browser.flows import CHART_TIMEOUT_MS, main_area, open_list, wait_until_idle
from threshold import charts
from threshold.compare import compare
from threshold.rubric import Rubric
from threshold.store import Store

pytestmark = pytest.mark.browser


def rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def background(locator: Locator) -> str:
    return locator.evaluate("button => getComputedStyle(button).backgroundColor")


def test_compare_has_five_ticks_and_shows_every_changed_question_whole(
    page: Page, app_server: str, rubric: Rubric, server_data_dir, monkeypatch
):
    monkeypatch.setenv("THRESHOLD_DATA_DIR", str(server_data_dir))
    local = Store.default()
    for pick in (min, max):
        answers = {i.id: pick(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}
        local.save_assessment(rubric, answers, name="Sam")
    earlier, later = local.assessments()
    changed = compare(earlier, later, rubric, rubric).changed
    assert changed

    page.goto(f"{app_server}/History")
    main = main_area(page)
    for assessment in (earlier, later):
        option = page.get_by_role("option", name=re.compile(rf"^#{assessment.id} · Sam"))
        open_list(page, main.get_by_test_id("stMultiSelect").locator("input"), option)
        option.click()
        page.keyboard.press("Escape")
        wait_until_idle(page)
    main.get_by_role("button", name="Compare these two").click()
    expect(main.get_by_role("heading", name="Compare")).to_be_visible()

    chart = main.get_by_test_id("stVegaLiteChart").first
    expect(chart.locator("svg.marks")).to_be_visible(timeout=CHART_TIMEOUT_MS)
    ticks = chart.locator('g.role-axis[aria-label^="X-axis"] g.role-axis-label text')
    expect(ticks).to_have_count(len(charts.SCORE_TICKS))
    assert ticks.evaluate_all("texts => texts.map(t => t.textContent)") == [str(t) for t in charts.SCORE_TICKS]

    main_right = main.evaluate("m => m.getBoundingClientRect().right")
    for change in changed:
        cell = main.locator("table").get_by_text(change.text, exact=True)
        expect(cell).to_be_visible()  # the whole question, in the page's text
        box = cell.evaluate(
            "c => { const r = c.getBoundingClientRect(); return [r.right, c.scrollWidth - c.clientWidth] }"
        )
        assert box[0] <= main_right and box[1] <= 0, change.text


def test_delete_everything_looks_destructive_and_only_it_does(
    page: Page, app_server: str, rubric: Rubric, server_data_dir, monkeypatch
):
    monkeypatch.setenv("THRESHOLD_DATA_DIR", str(server_data_dir))
    Store.default().save_assessment(rubric, {}, name="Sam")
    page.goto(f"{app_server}/Privacy")
    main = main_area(page)
    delete = main.get_by_role("button", name="Delete everything…")
    expect(delete).to_have_css("background-color", rgb(DANGER_COLOUR))
    expect(delete).to_have_css("color", "rgb(255, 255, 255)")
    assert background(page.get_by_role("button", name="Quick exit")) != rgb(DANGER_COLOUR)

    wait_until_idle(page)
    delete.click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("button", name="Delete everything for good")).to_have_css(
        "background-color", rgb(DANGER_COLOUR)
    )
    assert background(dialog.get_by_role("button", name="Keep everything")) != rgb(DANGER_COLOUR)
    dialog.get_by_role("button", name="Keep everything").click()
    expect(dialog).to_have_count(0)
    assert Store.default().count() == 1
