"""A room across two server processes on one PostgreSQL, in Chromium: one facilitator, four participants
(two on each process) answer, the facilitator's counts and chart follow, and closing leaves no row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import running_rooms
from tests.browser.flows import main_area, rendered_chart, wait_until_idle
from tests.room_db import fresh_postgres_database, room_rows

pytestmark = pytest.mark.browser

LIVE_TIMEOUT_MS = 30_000  # a few refreshes of the facilitator's view on a busy machine


def metric(page: Page, label: str):
    return main_area(page).get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def open_room(page: Page, base_url: str) -> str:
    page.goto(f"{base_url}/Host")
    main = main_area(page)
    expect(main.get_by_role("heading", name="Host a room")).to_be_visible()
    wait_until_idle(page)
    main.get_by_role("button", name="Open a room for this scenario").click()
    code = main.locator(".threshold-room-code")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
    qr = main.get_by_role("img", name=re.compile("^QR code for http"))
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/png;base64,")  # drawn on the server, not fetched
    return code.inner_text()


def participate(page: Page, base_url: str, code: str, agree: bool) -> None:
    """Join from the QR code's address, answer the first three questions, and see one's own reflection."""
    page.goto(f"{base_url}/?code={code}")
    main = main_area(page)
    expect(main.get_by_role("textbox", name="Room code")).to_have_value(code)
    wait_until_idle(page)
    main.get_by_role("button", name="Join", exact=True).click()
    expect(main.get_by_text("The message they sent")).to_be_visible()
    label = "Strongly agree" if agree else "Strongly disagree"
    groups = main.get_by_role("radiogroup")
    for index in range(3):
        groups.nth(index).locator('[data-testid="stRadioOption"]').filter(has_text=re.compile(f"^{label}$")).click()
    main.get_by_role("button", name="See my reflection").click()
    expect(main.get_by_role("heading", name="Your reflection")).to_be_visible()


def test_four_phones_on_two_processes_fill_one_room_and_closing_leaves_nothing(
    browser: Browser, page: Page, tmp_path: Path, postgres_url: str
):
    with fresh_postgres_database(postgres_url) as url:
        env = {"THRESHOLD_DATABASE_URL": url}
        (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
        with (
            running_rooms(tmp_path / "a", tmp_path / "data-a", env) as (server_a, _),
            running_rooms(tmp_path / "b", tmp_path / "data-b", env) as (server_b, _),
        ):
            code = open_room(page, server_a)
            expect(metric(page, "Joined")).to_have_text("0")
            phones = [browser.new_page() for _ in range(4)]
            for number, phone in enumerate(phones):
                participate(phone, (server_a, server_b)[number % 2], code, agree=number < 2)
            expect(metric(page, "Joined")).to_have_text("4", timeout=LIVE_TIMEOUT_MS)
            expect(metric(page, "Finished")).to_have_text("4", timeout=LIVE_TIMEOUT_MS)
            rendered_chart(page, "Leading motives in the room")
            rendered_chart(page, "The room against the scenario")
            expect(main_area(page).get_by_role("heading", name="Where the room disagreed most")).to_be_visible()
            assert room_rows(url) == 5  # the room and its four participants

            wait_until_idle(page)
            main_area(page).get_by_role("button", name="Close room").click()
            expect(main_area(page).get_by_role("button", name="Open a room for this scenario")).to_be_visible()
            assert room_rows(url) == 0
            # A phone on the other process sees the room is gone.
            phones[1].reload()
            expect(main_area(phones[1]).get_by_role("textbox", name="Room code")).to_be_visible()
            for phone in phones:
                phone.close()
