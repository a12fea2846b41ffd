"""Privacy in real Chromium: quick exit, always on screen, no request leaves 127.0.0.1, hostile text stays text."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Locator, Page, Route, expect

from components.history.listing import short
from components.navigation import NAVIGATION
from tests.browser.flows import (
    choose,
    download,
    expect_step,
    main_area,
    open_list,
    open_questionnaire,
    rendered_chart,
    see_reflection,
    wait_until_idle,
)
from threshold.rubric import Rubric
from threshold.store import MAX_NAME_CHARS, Store

pytestmark = pytest.mark.browser

LOCAL_HOST = "127.0.0.1"
#: Schemes that never touch the network: inline data and objects the page made itself.
IN_PAGE_SCHEMES = ("data", "blob", "about")
#: Markdown, HTML, a script, image links, a link, an icon, right-to-left and zero-width characters, in 200 characters.
HOSTILE_NAME = (
    "**hostile-bold** <b>hostile-tag</b> <script>window.hostile=1</script> "
    "![](http://127.0.0.9/hostile.png) <img src=hostile onerror=alert(1)> "
    "[x](https://a.invalid/hostile) :material/home: \u202ehostile\u202c h\u200bi"
)
assert len(HOSTILE_NAME) <= MAX_NAME_CHARS
HOSTILE_NOTES = f"# hostile-heading\n<iframe src='https://example.invalid/hostile'></iframe>\n{HOSTILE_NAME}"


@pytest.fixture
def outside(page: Page) -> list[str]:
    """Every request, socket or dialog of the page that is not local; requests are also stopped before they leave."""
    found: list[str] = []

    def is_local(url: str) -> bool:
        parsed = urlparse(url)
        return parsed.scheme in IN_PAGE_SCHEMES or parsed.hostname == LOCAL_HOST

    def route(route: Route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)
    page.on("request", lambda request: None if is_local(request.url) else found.append(request.url))
    page.on("websocket", lambda socket: None if is_local(socket.url) else found.append(socket.url))
    page.on("dialog", lambda dialog: (found.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    return found


def full_answers(rubric: Rubric, pick=max) -> dict:
    return {i.id: pick(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}


def answer_a_few_with_a_safety_sign(page: Page, rubric: Rubric) -> None:
    """From the first part: the first question of each part, and one safety sign; then the reflection."""
    main = main_area(page)
    for step, section in enumerate(rubric.sections, start=1):
        item = rubric.items_in(section.id)[0]
        options = rubric.scale_of(item).options
        label = next(o.label for o in options if o.value >= item.flag_at) if item.flag_at else options[-1].label
        choose(page, item, label)
        if step < len(rubric.sections):
            main.get_by_role("button", name="Next", exact=True).click()
            expect_step(page, rubric, step + 1)
    see_reflection(page)


def quick_exit(page: Page) -> Locator:
    return page.get_by_role("button", name="Quick exit", exact=True)


def sidebar_text(page: Page) -> str:
    """What the app put in the sidebar, shown or hidden; empty when there is no sidebar."""
    return page.evaluate("() => document.querySelector('[data-testid=stSidebarUserContent]')?.textContent ?? ''")


def sidebar_link(page: Page, label: str) -> None:
    """Follow a sidebar link and wait until that page is the one on show."""
    link = page.get_by_test_id("stSidebar").get_by_role("link", name=label, exact=True)
    target = link.get_attribute("href") or ""
    link.click()
    # Home's link is empty; every other page's URL ends with its name.
    expect(page).to_have_url(re.compile(rf"/{re.escape(target)}(\?.*)?$" if target else r"/(\?.*)?$"))


def pick_in_history(page: Page, *patterns: str) -> None:
    """Choose exactly these assessments in the history's multiselect, by the start of their option text,
    and wait until the history offers what that choice allows (open one, compare two)."""
    main = main_area(page)
    action = "Compare these two" if len(patterns) == 2 else "Open the reflection"
    for attempt in range(3):
        choose_in_history(page, patterns)
        try:
            expect(main.get_by_role("button", name=action, exact=True)).to_be_visible(timeout=10_000)
            return
        except AssertionError:
            if attempt == 2:  # a click that landed during a rerun was lost: choose again from empty
                raise


def choose_in_history(page: Page, patterns: tuple[str, ...]) -> None:
    """One try at choosing exactly these assessments, from an empty choice."""
    main = main_area(page)
    # The history keeps its choice across reruns and pages, so start from an empty one, once the
    # chooser is drawn (right after navigating, it may not be yet).
    wait_until_idle(page)
    chooser = main.get_by_test_id("stMultiSelect")
    expect(chooser).to_be_visible()
    clear = chooser.get_by_role("button", name="Clear all", exact=True)
    if clear.count():
        clear.first.click()
        settle(page)
    for pattern in patterns:
        option = page.get_by_role("option", name=re.compile(pattern)).first
        open_list(page, main.get_by_test_id("stMultiSelect").locator("input"), option)
        option.click()
    page.keyboard.press("Escape")
    # While focused, a long choice wraps the box onto a second line; leaving it moves the buttons below up,
    # so leave it first, or the next click would land where a button was.
    main.get_by_test_id("stMultiSelect").locator("input").blur()
    settle(page)


def test_quick_exit_clears_the_answers_and_leaves_a_blank_page(page: Page, app_server: str, rubric: Rubric):
    open_questionnaire(page, app_server, rubric)
    answer_a_few_with_a_safety_sign(page, rubric)
    main = main_area(page)
    expect(main.get_by_role("heading", name=rubric.safety.title)).to_be_visible()

    quick_exit(page).click()
    expect(main.get_by_role("heading")).to_have_count(0)
    expect(page).to_have_title("")
    # Hidden at once in the browser, and gone from the page the server draws (text, hidden or not).
    expect(main).to_have_text("")
    assert sidebar_text(page) == ""

    # Back, in the same tab and session: the app reruns the page before (the last questionnaire step,
    # with a safety sign answered), and it must stay blank, not bring the questions or the answers back.
    exit_url = page.url
    page.go_back()
    expect(page).not_to_have_url(exit_url)
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1)
    expect(main.get_by_role("heading")).to_have_count(0)
    expect(main.get_by_role("radiogroup")).to_have_count(0)
    expect(main).to_have_text("")
    assert sidebar_text(page) == ""
    expect(quick_exit(page)).to_have_count(0)
    expect(page).to_have_title("")


PAGES = [label for _, label in NAVIGATION]


def settle(page: Page) -> None:
    """Wait until the script run is over and every chart on show is drawn."""
    wait_until_idle(page)
    charts = main_area(page).get_by_test_id("stVegaLiteChart")
    for index in range(charts.count()):
        if charts.nth(index).is_visible():
            expect(charts.nth(index).locator("svg.marks, canvas").first).to_be_visible(timeout=30_000)


def scroll_to_the_end(page: Page) -> int:
    """Scroll every scrolling box (Streamlit scrolls inside the page, not the document) to its end."""
    return page.evaluate(
        """() => {
        let furthest = 0;
        for (const el of [document.scrollingElement, ...document.querySelectorAll('*')]) {
            if (el && el.scrollHeight > el.clientHeight + 1) {
                el.scrollTop = el.scrollHeight;
                furthest = Math.max(furthest, el.scrollTop);
            }
        }
        return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(furthest))));
    }"""
    )


def quick_exit_on_screen_at_the_bottom(page: Page, name: str, artifacts_dir: Path) -> int:
    """Scroll to the very end; the quick exit must lie inside the viewport and be what a click there hits.

    Returns how far the page scrolled, so a caller can tell that it did scroll.
    """
    expect(main_area(page).get_by_test_id("stException")).to_have_count(0)
    settle(page)
    scrolled = scroll_to_the_end(page)
    button = quick_exit(page)
    box = button.bounding_box()
    view = page.viewport_size
    assert box is not None, name
    assert box["x"] >= 0 and box["y"] >= 0, (name, box)
    assert box["x"] + box["width"] <= view["width"] and box["y"] + box["height"] <= view["height"], (name, box, view)
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    on_top = button.evaluate("(b, [x, y]) => b.contains(document.elementFromPoint(x, y))", list(centre))
    assert on_top, f"{name}: something covers the quick exit"
    expect(page).to_have_title("Threshold")
    page.screenshot(path=artifacts_dir / f"quick-exit-{name.lower().replace(' ', '-')}.png")
    return scrolled


def test_quick_exit_is_on_screen_at_the_bottom_of_every_page(
    page: Page, app_server: str, rubric: Rubric, server_store: Store, artifacts_dir: Path
):
    server_store.save_assessment(rubric, full_answers(rubric, min), name="Sam")
    server_store.save_assessment(rubric, full_answers(rubric), name="Sam")
    server_store.save_draft(full_answers(rubric), 2)  # resumed, so the reflection is long
    page.goto(app_server)
    main_area(page).get_by_role("button", name="Resume", exact=True).click()
    scrolled = {}
    for name in PAGES:
        sidebar_link(page, name)
        expect(main_area(page).get_by_role("heading").first).to_be_visible()
        scrolled[name] = quick_exit_on_screen_at_the_bottom(page, name, artifacts_dir)
    assert scrolled["Reflection"] > 1000, "the reflection should be long enough to scroll"

    sidebar_link(page, "History")
    pick_in_history(page, r"^#1 ")
    main_area(page).get_by_role("button", name="Open the reflection", exact=True).click()
    rendered_chart(page, "Their likely motives")
    quick_exit_on_screen_at_the_bottom(page, "Saved", artifacts_dir)
    sidebar_link(page, "History")
    pick_in_history(page, r"^#1 ", r"^#2 ")
    main_area(page).get_by_role("button", name="Compare these two", exact=True).click()
    expect(main_area(page).get_by_role("heading", name="Compare")).to_be_visible()
    quick_exit_on_screen_at_the_bottom(page, "Compare", artifacts_dir)


@pytest.mark.parametrize("path", ["", "Questionnaire", "Privacy", "Rubric"])
def test_quick_exit_is_on_screen_on_a_phone(page: Page, app_server: str, path: str, artifacts_dir: Path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_server}/{path}")
    expect(main_area(page).get_by_role("heading").first).to_be_visible()
    quick_exit_on_screen_at_the_bottom(page, f"phone {path or 'home'}", artifacts_dir)


def test_a_whole_visit_makes_no_request_beyond_this_computer(
    page: Page, app_server: str, rubric: Rubric, server_store: Store, outside: list[str], tmp_path: Path
):
    server_store.save_assessment(rubric, full_answers(rubric, min), name="Robin")
    open_questionnaire(page, app_server, rubric)
    answer_a_few_with_a_safety_sign(page, rubric)
    main = main_area(page)
    rendered_chart(page, "Their likely motives")
    country = page.get_by_role("option", name=next(iter(rubric.safety.resources.countries)), exact=True)
    open_list(page, main.get_by_role("combobox", name="Where are you?"), country)  # a late rerun can close it
    country.click()
    main.get_by_role("textbox", name="Who is this about?").fill("Robin")
    main.get_by_role("button", name="Save to my history").click()
    expect(main.get_by_text("Saved in your history on this computer.")).to_be_visible()

    sidebar_link(page, "History")
    download_button = main.get_by_role("button", name="Download everything (JSON)")
    open_list(page, main.get_by_text("Export or import"), download_button)
    assert "Robin" in download(page, download_button, tmp_path).read_text()
    pick_in_history(page, r"^#1 ", r"^#2 ")
    main.get_by_role("button", name="Compare these two", exact=True).click()
    expect(main.get_by_role("heading", name="Compare")).to_be_visible()
    expect(main.get_by_test_id("stVegaLiteChart").locator("svg.marks, canvas").first).to_be_visible()

    sidebar_link(page, "History")
    pick_in_history(page, r"^#2 ")
    main.get_by_role("button", name="Open the reflection", exact=True).click()
    rendered_chart(page, "Their likely motives")

    sidebar_link(page, "Privacy")
    expect(main.get_by_role("heading", name="What never leaves this computer")).to_be_visible()
    sidebar_link(page, "How scoring works")
    expect(main.get_by_role("heading", name="How scoring works")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert outside == []


def dom_from_user_text(page: Page) -> dict[str, list[str]]:
    """Elements that user text could have turned into, if it were ever rendered."""
    return page.evaluate(
        """() => {
        const hostile = el => [...el.attributes].some(a => a.value.includes('hostile')) || (
            el.tagName === 'SCRIPT' && el.textContent.includes('hostile'));
        const pick = selector => [...document.querySelectorAll(selector)].filter(hostile).map(el => el.outerHTML);
        const formatted = [...document.querySelectorAll('strong, b, em, i, h1, h2, h3, h4, code, span[class*="icon"]')]
            .filter(el => el.textContent.includes('hostile')).map(el => el.outerHTML);
        const media = pick('img, a, script, iframe, svg, image, source, link');
        return {media, formatted, flag: [String(window.hostile)]};
    }"""
    )


def expect_nothing_rendered(page: Page) -> None:
    assert dom_from_user_text(page) == {"media": [], "formatted": [], "flag": ["undefined"]}


def test_hostile_names_and_notes_stay_text_and_fetch_nothing(
    page: Page, app_server: str, rubric: Rubric, server_store: Store, outside: list[str]
):
    first = server_store.save_assessment(rubric, full_answers(rubric, min), name=HOSTILE_NAME, notes=HOSTILE_NOTES)
    server_store.save_assessment(rubric, full_answers(rubric), name=HOSTILE_NAME, notes=HOSTILE_NOTES)
    page.goto(f"{app_server}/History")
    main = main_area(page)
    expect(main.get_by_text("2 saved, newest first.")).to_be_visible()
    # The chooser shows the name cut to fit a chip, as literal text.
    literal = page.get_by_role("option").filter(has_text=short(HOSTILE_NAME))
    open_list(page, main.get_by_test_id("stMultiSelect").locator("input"), literal.first)
    expect(literal).to_have_count(2)
    expect_nothing_rendered(page)
    page.keyboard.press("Escape")
    person = page.get_by_role("option").first
    open_list(page, main.get_by_role("combobox", name="Whose assessments?"), person)
    person.click()
    expect(main.get_by_test_id("stVegaLiteChart")).to_be_visible()
    expect_nothing_rendered(page)

    pick_in_history(page, rf"^#{first} ")
    expect(main.get_by_role("textbox", name="Who is this about?", exact=True)).to_have_value(HOSTILE_NAME)
    wait_until_idle(page)
    main.get_by_role("button", name="Open the reflection", exact=True).click()
    expect(main.get_by_role("heading", name="Saved reflection")).to_be_visible()
    expect(main.get_by_test_id("stText").first).to_have_text(HOSTILE_NAME)
    expect(main.get_by_test_id("stText").filter(has_text="# hostile-heading")).to_have_count(1)
    rendered_chart(page, "Their likely motives")
    expect_nothing_rendered(page)

    sidebar_link(page, "History")
    pick_in_history(page, r"^#1 ", r"^#2 ")
    wait_until_idle(page)
    main.get_by_role("button", name="Compare these two", exact=True).click()
    expect(main.get_by_role("heading", name="Compare")).to_be_visible()
    expect(main.get_by_test_id("stText")).to_have_count(2)
    expect_nothing_rendered(page)
    page.wait_for_load_state("networkidle")
    assert outside == []
