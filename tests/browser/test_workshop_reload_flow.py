"""A workshop in real Chromium keeps the personal history off the projector: across a reload (F5, a new
session), after a reset with presenter mode switched off, and with a passphrase lock set."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.flows import main_area, wait_until_idle
from tests.browser.test_workshop_flow import SCENARIOS, load_scenario, open_workshop
from threshold.rubric import Rubric
from threshold.store import Store

pytestmark = pytest.mark.browser

DRAFT_OFFER = "Would you like to pick up where you left off?"
LOCKED = "Your saved reflections are locked"


@pytest.fixture
def personal_draft(server_store: Store, rubric: Rubric) -> None:
    """Someone's own unfinished answers, kept on this computer."""
    first = rubric.items[0]
    server_store.save_draft({first.id: rubric.scale_of(first).values[0]}, 1)


def go_to(page: Page, link: str, heading: str) -> None:
    """Follow a sidebar link, as a facilitator would (a typed address would start a new session), once the
    page's run is over: a link followed during a new session's first run can start before that run has
    read the workshop from the address."""
    wait_until_idle(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name=link, exact=True).click()
    expect(main_area(page).get_by_role("heading", name=heading, exact=True)).to_be_visible()
    wait_until_idle(page)


def go_home(page: Page) -> None:
    go_to(page, "Home", "Threshold")


def expect_nothing_personal(page: Page) -> None:
    main, sidebar = main_area(page), page.get_by_test_id("stSidebar")
    expect(main.get_by_text(DRAFT_OFFER, exact=False)).to_have_count(0)
    expect(main.get_by_role("button", name="Resume", exact=True)).to_have_count(0)
    expect(main.get_by_text(LOCKED)).to_have_count(0)
    expect(sidebar.get_by_role("link", name="History", exact=True)).to_have_count(0)


def presenter_switch(page: Page):
    return main_area(page).get_by_role("switch", name="Presenter mode")


def turn_presenter(page: Page, on: bool) -> None:
    wait_until_idle(page)
    main_area(page).get_by_text("Presenter mode", exact=True).click()
    expect(presenter_switch(page)).to_be_checked(checked=on)
    # The switch flips in the browser at once; the run that follows writes it to the address, which a
    # reload keeps. Waiting for idle alone can look before that run has started.
    page.wait_for_function("on => new URLSearchParams(location.search).has('presenter') === on", arg=on)
    wait_until_idle(page)


def reset_for_the_next_group(page: Page) -> None:
    wait_until_idle(page)
    main_area(page).get_by_role("button", name="Reset for the next group").click()
    wait_until_idle(page)
    # Reset asks first (the dialog arrives with a rerun, so wait for it rather than look once).
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Yes, reset", exact=True).click()
    expect(dialog).to_have_count(0)
    wait_until_idle(page)


def test_a_reload_keeps_the_workshop_and_offers_no_personal_draft(page: Page, app_server: str, personal_draft):
    open_workshop(page, app_server)
    turn_presenter(page, on=True)
    load_scenario(page, SCENARIOS[0], "Go straight to the reflection")
    expect(main_area(page).get_by_role("heading", name="Your reflection")).to_be_visible()
    expect(page).to_have_url(re.compile(r"presenter=on"))

    page.reload()  # F5: a new session
    expect(main_area(page).get_by_role("heading").first).to_be_visible()
    wait_until_idle(page)
    expect(page.locator("html")).to_have_css("font-size", "22px")  # still presenter mode
    go_home(page)
    expect_nothing_personal(page)

    # Leaving on purpose ends it: then, and only then, the draft is offered.
    go_to(page, "Workshop", "Workshop")
    expect(presenter_switch(page)).to_be_checked()
    main_area(page).get_by_role("button", name="Leave the workshop", exact=True).click()
    expect(presenter_switch(page)).not_to_be_checked()
    go_home(page)
    expect(main_area(page).get_by_text(DRAFT_OFFER, exact=False)).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"workshop=|presenter="))


def test_presenter_mode_off_after_a_reset_still_offers_no_personal_draft(page: Page, app_server: str, personal_draft):
    open_workshop(page, app_server)
    turn_presenter(page, on=True)
    load_scenario(page, SCENARIOS[0], "Go straight to the reflection")
    expect(main_area(page).get_by_role("heading", name="Your reflection")).to_be_visible()
    go_to(page, "Workshop", "Workshop")
    reset_for_the_next_group(page)
    turn_presenter(page, on=False)
    go_home(page)
    expect_nothing_personal(page)
    page.reload()
    expect(main_area(page).get_by_role("heading", name="Threshold", exact=True)).to_be_visible()
    wait_until_idle(page)
    expect_nothing_personal(page)


def test_a_locked_history_lets_the_workshop_and_the_rubric_open_and_stays_off_the_projector(
    page: Page, app_server: str, server_store: Store
):
    server_store.set_passphrase("correct horse battery staple")
    page.goto(f"{app_server}/Rubric")
    expect(main_area(page).get_by_role("heading", name="How scoring works", exact=True)).to_be_visible()
    expect(main_area(page).get_by_text(LOCKED)).to_have_count(0)
    open_workshop(page, app_server)
    expect(main_area(page).get_by_text(LOCKED)).to_have_count(0)
    turn_presenter(page, on=True)
    page.reload()
    expect(main_area(page).get_by_role("heading", name="Workshop", exact=True)).to_be_visible()
    go_home(page)
    expect_nothing_personal(page)
