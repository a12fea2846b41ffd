"""Accessibility in real Chromium, page by page: axe-core against WCAG 2.2 A and AA, and the keyboard.

On every page: no serious or critical axe violation; Quick exit is the first Tab stop; every Tab stop
shows a focus ring of 3:1 or more against what is behind it, is at least 24 px each way, and none is a
"Link to heading" anchor; and every chart is described by a table (aria-describedby).
The counts per page are written to test-artifacts/axe-counts.json.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.flows import main_area, paste_message, rendered_chart
from tests.browser.test_privacy_flow import full_answers, pick_in_history, settle, sidebar_link
from threshold.rubric import Rubric
from threshold.store import Store

pytestmark = pytest.mark.browser

WCAG_22_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BLOCKING = ("serious", "critical")
MIN_FOCUS_CONTRAST = 3.0
MIN_TARGET_PX = 24
MAX_TAB_STOPS = 150
QUICK_EXIT = "Quick exit"
MESSAGE = "Hey. I know it's been a while. I've been thinking about us a lot lately. Can we talk?"

# For the element focused now: its name, whether it is a heading anchor, its focus ring (on itself or the
# label or box drawn around it) with the ring's contrast against what lies behind, and its target size.
FOCUS_CHECK = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rgba = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const luminance = ({ r, g, b }) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const behind = (start) => {
    for (let e = start; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  let ring = null;
  for (let e = el, up = 0; e && up < 6; e = e.parentElement, up++) {
    const s = getComputedStyle(e);
    if (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) { ring = e; break; }
  }
  let contrast = 0;
  if (ring) {
    const colour = rgba(getComputedStyle(ring).outlineColor);
    const back = behind(ring.parentElement);
    const [hi, lo] = [luminance(colour), luminance(back)].sort((a, b) => b - a);
    contrast = colour.a === 0 ? 0 : (hi + 0.05) / (lo + 0.05);
  }
  // A radio, checkbox or switch: the target is the label one clicks, box and words.
  const choice = el.matches("input[type=radio], input[type=checkbox]") && el.closest("label");
  const target = (choice || el).getBoundingClientRect();
  return {
    name: (el.getAttribute("aria-label") || el.innerText || el.tagName).trim().slice(0, 60),
    anchor: el.getAttribute("aria-label") === "Link to heading",
    ring: Boolean(ring),
    contrast: Math.round(contrast * 100) / 100,
    width: Math.round(target.width),
    height: Math.round(target.height),
  };
}"""

CHARTS_CHECK = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]')]
  .filter((chart) => chart.offsetParent !== null)
  .map((chart) => {
    const drawing = chart.querySelector("svg, canvas");
    const id = drawing && drawing.getAttribute("aria-describedby");
    const described = id && document.getElementById(id);
    const tabular = "table, [data-testid=stDataFrame]";
    return Boolean(described && (described.matches(tabular) || described.querySelector("table")));
  })"""


class Audit:
    """What axe and the keyboard found on each page, kept until every page is seen."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.axe = Axe()
        self.counts: dict[str, dict[str, int]] = {}
        self.problems: list[str] = []

    def __call__(self, name: str) -> None:
        settle(self.page)
        self.page.mouse.move(0, 0)
        self._axe(name)
        self._keyboard(name)
        self._charts(name)

    def _axe(self, name: str) -> None:
        results = self.axe.run(self.page, options={"runOnly": {"type": "tag", "values": WCAG_22_A_AA}})
        counts = {impact: 0 for impact in ("critical", "serious", "moderate", "minor")}
        for violation in results.response["violations"]:
            counts[violation["impact"]] += len(violation["nodes"])
            if violation["impact"] in BLOCKING:
                targets = [node["target"] for node in violation["nodes"][:3]]
                self.problems.append(f"{name}: axe {violation['impact']} {violation['id']} at {targets}")
        self.counts[name] = counts

    def _keyboard(self, name: str) -> None:
        # From the top of the page, as after loading it: a stand-in focused at the start of <body>, then gone.
        self.page.evaluate(
            """() => { const start = document.createElement("span"); start.tabIndex = -1; start.id = "audit-start";
            document.body.prepend(start); start.focus(); }"""
        )
        seen: list[dict] = []
        for n in range(MAX_TAB_STOPS):
            self.page.keyboard.press("Tab")
            if n == 0:
                self.page.evaluate("() => document.getElementById('audit-start')?.remove()")
            stop = self.page.evaluate(FOCUS_CHECK)
            if stop is None or (seen and stop == seen[0]):
                break
            seen.append(stop)
        if not seen or seen[0]["name"] != QUICK_EXIT:
            self.problems.append(f"{name}: the first Tab stop is {seen[0]['name'] if seen else 'nothing'}")
        for stop in seen:
            where = f"{name}: Tab stop {stop['name']!r}"
            if stop["anchor"]:
                self.problems.append(f"{where} is a heading anchor")
            if not stop["ring"] or stop["contrast"] < MIN_FOCUS_CONTRAST:
                self.problems.append(f"{where} shows no focus ring of 3:1 (ring: {stop['ring']}, {stop['contrast']})")
            if min(stop["width"], stop["height"]) < MIN_TARGET_PX:
                self.problems.append(f"{where} is {stop['width']}x{stop['height']} px")
        self.page.keyboard.press("Escape")

    def _charts(self, name: str) -> None:
        for index, described in enumerate(self.page.evaluate(CHARTS_CHECK)):
            if not described:
                self.problems.append(f"{name}: chart {index + 1} is not described by a table")


def test_every_page_passes_axe_and_the_keyboard(
    page: Page, app_server: str, rubric: Rubric, server_store: Store, artifacts_dir: Path
):
    server_store.save_assessment(rubric, full_answers(rubric, min), name="Sam")
    server_store.save_assessment(rubric, full_answers(rubric), name="Sam")
    audit = Audit(page)
    main = main_area(page)

    paste_message(page, app_server, MESSAGE)
    audit("Their message")
    server_store.save_draft(full_answers(rubric), 2)
    page.goto(app_server)
    expect(main.get_by_role("button", name="Resume", exact=True)).to_be_visible()
    audit("Home, a draft offered")
    main.get_by_role("button", name="Resume", exact=True).click()
    audit("Home")
    sidebar_link(page, "Questionnaire")
    expect(main.get_by_role("radiogroup").first).to_be_visible()
    audit("Questionnaire")
    sidebar_link(page, "Reflection")
    rendered_chart(page, "Their likely motives")
    audit("Reflection")
    sidebar_link(page, "History")
    audit("History")
    pick_in_history(page, r"^#1 ")
    main.get_by_role("button", name="Open the reflection", exact=True).click()
    rendered_chart(page, "Their likely motives")
    audit("Saved")
    sidebar_link(page, "History")
    pick_in_history(page, r"^#1 ", r"^#2 ")
    main.get_by_role("button", name="Compare these two", exact=True).click()
    expect(main.get_by_role("heading", name="Compare")).to_be_visible()
    audit("Compare")
    for name in ("Privacy", "Workshop", "How scoring works"):
        sidebar_link(page, name)
        expect(main.get_by_role("heading", name=re.compile(name.split()[0])).first).to_be_visible()
        audit(name)

    (artifacts_dir / "axe-counts.json").write_text(json.dumps(audit.counts, indent=2))
    print("\naxe violations (nodes) per page:", json.dumps(audit.counts, indent=2))
    assert not audit.problems, "\n".join(audit.problems)
