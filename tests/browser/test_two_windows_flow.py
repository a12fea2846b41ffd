"""Two windows in real Chromium: each keeps its own draft, and neither is offered the other's while it is open."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.flows import choose, main_area, open_questionnaire, question, wait_until_idle
from threshold.rubric import Rubric
from threshold.store import Store

pytestmark = pytest.mark.browser

OFFER = "Would you like to pick up where you left off?"
OPEN_ELSEWHERE = "Unfinished answers are open in another window of Threshold."


def answers_in_drafts(server_store: Store, item_id: str) -> list[int | None]:
    """The answer to `item_id` in each draft on disk (None where a draft has none), in a fixed order."""
    return sorted((d.answers.get(item_id) for d in server_store.drafts().values()), key=str)


def drafts_hold(page: Page, server_store: Store, item_id: str, expected: list) -> None:
    """The drafts on disk come to hold `expected` for `item_id`: a click's draft is written by the run
    that follows it, which can end a moment after the radio shows the choice."""
    for _ in range(50):
        if answers_in_drafts(server_store, item_id) == expected:
            return
        wait_until_idle(page)
        page.wait_for_timeout(200)
    assert answers_in_drafts(server_store, item_id) == expected


def open_home(context: BrowserContext, base_url: str) -> Page:
    window = context.new_page()
    window.goto(base_url)
    expect(main_area(window).get_by_role("heading", name="Threshold", exact=True)).to_be_visible()
    wait_until_idle(window)
    return window


def test_two_windows_keep_their_own_drafts_and_a_closed_ones_is_offered(
    page: Page, app_server: str, rubric: Rubric, server_store: Store
):
    first, second = rubric.items_in(rubric.sections[0].id)[:2]
    options = rubric.scale_of(first).options
    window_a = page
    open_questionnaire(window_a, app_server, rubric)
    choose(window_a, first, options[0].label)

    window_b = open_home(page.context, app_server)
    # A's answers are open in A: B is told so, and offered nothing of them.
    expect(main_area(window_b).get_by_text(OFFER, exact=False)).to_have_count(0)
    expect(main_area(window_b).get_by_role("button", name="Resume", exact=True)).to_have_count(0)
    expect(main_area(window_b).get_by_text(OPEN_ELSEWHERE, exact=False)).to_be_visible()
    open_questionnaire(window_b, app_server, rubric)
    choose(window_b, first, options[-1].label)
    drafts_hold(window_b, server_store, first.id, sorted([options[0].value, options[-1].value], key=str))

    choose(window_a, second, rubric.scale_of(second).options[0].label)  # A carries on: B's answer stays B's
    wait_until_idle(window_a)
    drafts_hold(window_a, server_store, second.id, sorted([None, rubric.scale_of(second).options[0].value], key=str))
    assert answers_in_drafts(server_store, first.id) == sorted([options[0].value, options[-1].value], key=str)
    assert len(server_store.drafts()) == 2

    window_a.close()
    window_c = open_home(page.context, app_server)
    # Now A's draft is nobody's: it is offered (and B's, still open, is not). The server learns that A
    # closed when its connection ends, which can take a moment on a busy machine: look again, as a person would.
    offer = main_area(window_c).get_by_text("unfinished answers (2 so far)", exact=False)
    for _ in range(10):
        if offer.count():
            break
        window_c.wait_for_timeout(1_000)
        window_c.reload()
        wait_until_idle(window_c)
    expect(offer).to_be_visible()
    main_area(window_c).get_by_role("button", name="Resume", exact=True).click()
    wait_until_idle(window_c)
    main_area(window_c).get_by_role("link", name="Resume the questionnaire").click()
    expect(question(window_c, first).get_by_role("radio", name=options[0].label, exact=True)).to_be_checked()
    assert len(server_store.drafts()) == 2  # C took A's over; B's is still its own
