"""Presenter mode at 1920×1080 in real Chromium: chart text large and dark, no label cut off, each part's
heatmap within one screen, and every heatmap cell a shade of the colour the caption names."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from components import explorer
from tests.browser.flows import CHART_TIMEOUT_MS, main_area, wait_until_idle
from tests.test_chart_colours import contrast
from threshold import charts
from threshold.rubric import Rubric

pytestmark = pytest.mark.browser

SCREEN = {"width": 1920, "height": 1080}
MIN_FONT_PX = 20
PAGE_BACKGROUND = "#fbfaf7"

# Every text of every chart: its size, colour, whether it ends in Vega's ellipsis, and whether it
# reaches outside its chart.
TEXTS_JS = """charts => charts.flatMap(chart => {
  const box = chart.querySelector('svg').getBoundingClientRect();
  return [...chart.querySelectorAll('svg text')].filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect(), style = getComputedStyle(t);
    return {text: t.textContent, size: parseFloat(style.fontSize), fill: style.fill,
            outside: r.left < box.left - 1 || r.right > box.right + 1
                     || r.top < box.top - 1 || r.bottom > box.bottom + 1};
  });
})"""


def hex_of(css_rgb: str) -> str:
    return "#" + "".join(f"{int(c):02x}" for c in re.findall(r"\d+", css_rgb)[:3])


def drawn_charts(page: Page, count: int) -> Locator:
    found = main_area(page).get_by_test_id("stVegaLiteChart")
    expect(found).to_have_count(count, timeout=CHART_TIMEOUT_MS)
    for index in range(count):
        expect(found.nth(index).locator("svg.marks")).to_be_visible(timeout=CHART_TIMEOUT_MS)
    return found


def assert_large_dark_and_whole(found: Locator) -> None:
    texts = found.evaluate_all(TEXTS_JS)
    assert texts
    small = [t["text"] for t in texts if t["size"] < MIN_FONT_PX]
    pale = [
        t["text"] for t in texts if hex_of(t["fill"]) != "#ffffff" and contrast(hex_of(t["fill"]), PAGE_BACKGROUND) < 7
    ]
    cut = [t["text"] for t in texts if t["text"].endswith("…") or t["outside"]]
    assert (small, pale, cut) == ([], [], [])


@pytest.fixture
def presenting(page: Page, app_server: str) -> Page:
    """Presenter mode on, at a projector's size, with the first scenario loaded into the reflection."""
    page.set_viewport_size(SCREEN)
    page.goto(f"{app_server}/Workshop")
    main = main_area(page)
    main.get_by_text("Presenter mode").click()
    wait_until_idle(page)
    main.get_by_role("button", name="Go straight to the reflection").click()
    expect(main.get_by_role("heading", name="Your reflection")).to_be_visible()
    return page


def test_reflection_charts_are_large_dark_and_whole(presenting: Page):
    assert_large_dark_and_whole(drawn_charts(presenting, 2))  # motives and footing


def test_each_part_of_the_heatmap_fits_one_screen_large_dark_and_whole(presenting: Page, rubric: Rubric):
    presenting.get_by_test_id("stSidebar").get_by_role("link", name="How scoring works").click()
    parts = explorer.heatmap_parts(charts.weights_table(rubric))  # a long part comes in pieces
    found = drawn_charts(presenting, len(parts))
    heights = found.evaluate_all("charts => charts.map(c => c.getBoundingClientRect().height)")
    assert max(heights) <= SCREEN["height"] - 120, heights  # with room for the part's name above it
    assert_large_dark_and_whole(found)


def on_mix(colour: str, neutral: str, end: str, tolerance: int = 4) -> bool:
    """Whether `colour` is `neutral` mixed with `end` in some proportion, as RGB channels."""
    c, n, e = ([int(x[i : i + 2], 16) for i in (1, 3, 5)] for x in (colour, neutral, end))
    span = [b - a for a, b in zip(n, e, strict=True)]
    share = sum((ci - ni) * s for ci, ni, s in zip(c, n, span, strict=True)) / sum(s * s for s in span)
    return 0 <= share <= 1.01 and all(
        abs(ci - (ni + share * s)) <= tolerance for ci, ni, s in zip(c, n, span, strict=True)
    )


def test_every_heatmap_cell_and_legend_stop_is_a_shade_of_orange_or_blue(presenting: Page, rubric: Rubric):
    presenting.get_by_test_id("stSidebar").get_by_role("link", name="How scoring works").click()
    found = drawn_charts(presenting, len(explorer.heatmap_parts(charts.weights_table(rubric))))
    cells = found.locator("g.mark-rect.role-mark path").evaluate_all(
        "paths => paths.map(p => getComputedStyle(p).fill)"
    )
    stops = found.locator("linearGradient stop").evaluate_all("s => s.map(x => getComputedStyle(x).stopColor)")
    assert cells and stops
    negative, neutral, positive = charts.WEIGHT_COLOURS
    strays = {
        hex_of(c)
        for c in [*cells, *stops]
        if not (on_mix(hex_of(c), neutral, negative) or on_mix(hex_of(c), neutral, positive))
    }
    assert strays == set()
