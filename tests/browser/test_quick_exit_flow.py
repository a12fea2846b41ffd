"""Quick exit in real Chromium with the server gone: the button and Shift three times still blank the page."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from components.quick_exit import CONNECTION_NOTICE
from tests.browser.conftest import running_app, stop
from tests.browser.flows import choose, main_area, open_questionnaire, question
from threshold.rubric import Rubric

pytestmark = pytest.mark.browser


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """A server of this test's own, which the test may stop without stopping anyone else's."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with running_app(tmp_path, data_dir) as served:
        yield served


def quick_exit_button(page: Page):
    return page.get_by_role("button", name="Quick exit", exact=True)


def answer_the_first_part(page: Page, base_url: str, rubric: Rubric) -> list[str]:
    """Answer the first part's questions with their last option; return the questions, which are on show."""
    open_questionnaire(page, base_url, rubric)
    items = rubric.items_in(rubric.sections[0].id)
    for item in items:
        choose(page, item, rubric.scale_of(item).options[0].label)  # a partner: every situation question shows
    for item in items:
        expect(question(page, item).get_by_role("radio", checked=True)).to_have_count(1)
    return [item.text for item in items]


def leave_by(page: Page, how: str) -> None:
    if how == "button":
        quick_exit_button(page).click()
    else:
        for _ in range(3):
            page.keyboard.press("Shift")


def expect_blank(page: Page, questions: list[str]) -> None:
    """Nothing on show, not even the connection error, and a blank tab title."""
    expect(page).to_have_title("")
    for text in questions:
        expect(page.get_by_text(text, exact=True)).to_be_hidden()
    expect(page.get_by_role("radio")).to_have_count(0)
    assert page.locator("body").inner_text().strip() == ""


@pytest.mark.parametrize("how", ["button", "shift"])
def test_quick_exit_blanks_the_page_when_the_server_has_stopped(page: Page, own_server, rubric: Rubric, how: str):
    base_url, server = own_server
    questions = answer_the_first_part(page, base_url, rubric)

    stop(server)
    dialog = page.get_by_role("dialog", name="Connection error")
    expect(dialog).to_be_visible()
    # Our words on 127.0.0.1, never a question about the internet; the exit is not disabled.
    expect(dialog).to_have_text(f"Connection error{CONNECTION_NOTICE}")
    expect(page.get_by_text("internet")).to_have_count(0)
    expect(main_area(page).get_by_text(questions[0], exact=True)).to_be_visible()
    expect(quick_exit_button(page)).to_be_enabled()

    leave_by(page, how)
    expect_blank(page, questions)


def test_shift_three_times_exits_while_the_server_is_up_and_clears_its_session(page: Page, own_server, rubric: Rubric):
    base_url, _ = own_server
    questions = answer_the_first_part(page, base_url, rubric)
    leave_by(page, "shift")
    expect_blank(page, questions)
    # The server forgot the session too: it now draws nothing, not even behind the blank page.
    expect(main_area(page)).to_have_text("")
    page.go_back()
    expect(main_area(page)).to_have_text("")
    expect_blank(page, questions)


def test_shift_while_typing_capitals_does_not_exit(page: Page, own_server, rubric: Rubric):
    base_url, _ = own_server
    page.goto(f"{base_url}/Message")
    box = main_area(page).get_by_role("textbox", name="What they sent")
    for letter in "ABC":
        box.press(f"Shift+{letter}")
    expect(box).to_have_value("ABC")
    expect(page).to_have_title("Threshold")
    expect(quick_exit_button(page)).to_be_visible()
