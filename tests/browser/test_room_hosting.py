"""Room hosting mode walked in Chromium: only the join and host pages exist; every personal page's
path and name lands on the join page, and the server never opens the personal history."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import REPO_ROOT, running_rooms
from tests.browser.flows import main_area, wait_until_idle
from tests.browser.test_server_security import handshake

pytestmark = pytest.mark.browser

PERSONAL_PAGES = sorted((REPO_ROOT / "pages").glob("*.py"))


def personal_names() -> list[str]:
    """Each personal page by the URL Streamlit would give it and by its file stem, in any case."""
    names = []
    for page in PERSONAL_PAGES:
        name = re.sub(r"^\d+_", "", page.stem)
        names += [name, name.lower(), page.stem]
    return [*names, "app", "Home", "Reflection", "Your_options"]


PERSONAL_WORDS = ("History", "Privacy", "passphrase", "Questionnaire", "Your reflection", "Their message")


def expect_only_the_join_page(page: Page) -> None:
    main = main_area(page)
    expect(main.get_by_role("heading", level=1)).to_have_text("Join a room")
    expect(main.get_by_role("textbox", name="Room code")).to_be_visible()
    links = page.get_by_test_id("stSidebar").get_by_role("link")
    expect(links).to_have_text(["Join a room", "Host a room"])


def test_no_personal_page_answers_on_any_url(page: Page, tmp_path: Path):
    data_dir = tmp_path / "data"
    with running_rooms(tmp_path, data_dir) as (base_url, _):
        page.goto(base_url)
        expect_only_the_join_page(page)
        for name in personal_names():
            page.goto(f"{base_url}/{name}")
            wait_until_idle(page)
            expect_only_the_join_page(page)
            for word in PERSONAL_WORDS:
                expect(main_area(page).get_by_text(word, exact=False)).to_have_count(0)
        # By file path (a deeper URL), Streamlit's page does not even load: nothing answers there either.
        for path in [*(f"pages/{p.name}" for p in PERSONAL_PAGES), "app.py", "pages/"]:
            page.goto(f"{base_url}/{path}")
            page.wait_for_load_state("networkidle")
            for word in PERSONAL_WORDS:
                expect(page.locator("body")).not_to_contain_text(word)
        page.goto(f"{base_url}/Host")
        expect(main_area(page).get_by_role("heading", level=1)).to_have_text("Host a room")
        # server.allowedHosts lists only the address it serves: not even `localhost` here.
        port = base_url.rsplit(":", 1)[1]
        assert handshake(base_url, host=f"127.0.0.1:{port}", origin=base_url) == 101
        assert handshake(base_url, host=f"localhost:{port}", origin=None) == 403
        assert handshake(base_url, host=f"attacker.example:{port}", origin=f"http://attacker.example:{port}") == 403
    assert not (data_dir / "threshold.sqlite3").exists()  # the personal history was never opened


def serious_axe_violations(page: Page, name: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_accessibility_flow import BLOCKING, WCAG_22_A_AA

    page.mouse.move(0, 0)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_A_AA}})
    return [
        f"{name}: axe {v['impact']} {v['id']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def test_the_room_pages_pass_axe_with_a_room_open(page: Page, browser, tmp_path: Path):
    """WCAG 2.2 A and AA, no serious or critical violation: the host page with its live charts, and a
    phone's join page, questions and reflection."""
    from tests.browser.flows import rendered_chart
    from threshold.room import Rooms, room_engine, room_questions
    from threshold.rubric import load_rubric
    from threshold.scenarios import load_scenarios

    data_dir = tmp_path / "data"
    with running_rooms(tmp_path, data_dir) as (base_url, _):
        page.goto(f"{base_url}/Host")
        wait_until_idle(page)
        main_area(page).get_by_role("button", name="Open a room for this scenario").click()
        code = main_area(page).locator(".threshold-room-code").inner_text()
        rubric = load_rubric(REPO_ROOT / "rubric.yaml")
        rooms = Rooms(room_engine(f"sqlite:///{data_dir / 'rooms.sqlite3'}"), rubric, load_scenarios(rubric=rubric))
        questions = room_questions(rubric, rooms.scenario_of(code))
        for value in (0, 2, 4):
            rooms.add_participant(code, {q: value for q in questions})
        rendered_chart(page, "The room against the scenario")
        problems = serious_axe_violations(page, "Host")

        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(f"{base_url}/?code={code}")
        wait_until_idle(phone)
        problems += serious_axe_violations(phone, "Join")
        main_area(phone).get_by_role("button", name="Join", exact=True).click()
        expect(main_area(phone).get_by_text("The message they sent")).to_be_visible()
        problems += serious_axe_violations(phone, "Questions")
        main_area(phone).get_by_role("button", name="See my reflection").click()
        rendered_chart(phone, "Their likely motives")
        problems += serious_axe_violations(phone, "Reflection")
        phone.close()
    assert problems == []
