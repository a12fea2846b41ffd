"""The printable report in real Chromium: the downloaded PDF and HTML hold the suggested questions, and
the browser and the server keep no copy of them once downloaded."""

from __future__ import annotations

import html
import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import BrowserType, Page, expect

from bench.local_server import CHROMIUM, CHROMIUM_ARGS
from tests.browser.flows import await_download, download, main_area, rendered_chart
from tests.browser.test_privacy_flow import quick_exit
from tests.browser.test_workshop_flow import SCENARIOS, load_scenario, open_workshop
from threshold.reflection import questions_to_ask_them, questions_to_ask_yourself
from threshold.rubric import Rubric
from threshold.scoring import score_answers

pytestmark = pytest.mark.browser


def download_report(page: Page, label: str, into: Path) -> Path:
    """Click the report's download button and keep the file it hands over."""
    return download(page, report_button(page, label), into)


def report_button(page: Page, label: str):
    return main_area(page).get_by_role("button", name=label, exact=True)


def pdf_text(path: Path) -> str:
    """The PDF's text as poppler's `pdftotext` reads it."""
    command = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def words(text: str) -> str:
    """Text with every run of whitespace as one space: a PDF breaks lines wherever they fill."""
    return " ".join(text.split())


@pytest.mark.parametrize("scenario", [SCENARIOS[0], next(s for s in SCENARIOS if s.expect.safety)], ids=lambda s: s.id)
def test_the_downloaded_reports_hold_the_suggested_questions(
    page: Page, app_server: str, rubric: Rubric, tmp_path: Path, scenario
):
    open_workshop(page, app_server)
    load_scenario(page, scenario, "Go straight to the reflection")
    expect(main_area(page).get_by_role("heading", name="Your reflection")).to_be_visible()
    rendered_chart(page, "Their likely motives")
    profile = score_answers(rubric, scenario.answers)
    questions = [*questions_to_ask_them(rubric, profile), *questions_to_ask_yourself(rubric, profile)]

    pdf = download_report(page, "Download as PDF", tmp_path)
    assert pdf.name == "threshold-reflection.pdf"
    text = words(pdf_text(pdf))
    for question in questions:
        assert words(question) in text
    assert f"Rubric version {rubric.version}" in text
    assert (rubric.safety.title in text) is profile.safety_flag

    report = download_report(page, "Download as HTML", tmp_path).read_text()
    page_text = words(html.unescape(re.sub(r"<[^>]+>", " ", report)))
    for question in questions:
        assert words(question) in page_text


def status_of(url: str) -> int:
    """The HTTP status of a plain GET, with no cookie: what any other program on this machine gets."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def files_holding(root: Path, needle: bytes) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file() and needle in path.read_bytes()]


def test_a_downloaded_report_is_kept_neither_in_the_browser_cache_nor_on_the_server(
    browser_type: BrowserType, app_server: str, tmp_path: Path
):
    """Chromium with a profile on disk, as a person's own: after downloading both reports and Quick exit,
    the disk cache holds neither, and their /media address answers 404. (The browser's history and
    download list still name the address: the Privacy page says so.)"""
    profile_dir = tmp_path / "profile"
    context = browser_type.launch_persistent_context(
        profile_dir, executable_path=CHROMIUM, args=CHROMIUM_ARGS, accept_downloads=True
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        open_workshop(page, app_server)
        load_scenario(page, SCENARIOS[0], "Go straight to the reflection")
        expect(main_area(page).get_by_role("heading", name="Your reflection")).to_be_visible()
        downloads = tmp_path / "downloads"
        reports = {}
        for label in ("Download as PDF", "Download as HTML"):
            arrival = await_download(page, report_button(page, label))
            path = downloads / arrival.suggested_filename
            arrival.save_as(path)
            reports[path] = arrival.url
        for url in reports.values():
            assert "/media/" in url and status_of(url) == 404  # gone from the server once sent
        again = download_report(page, "Download as HTML", tmp_path / "again")  # another click builds it anew
        assert again.read_bytes() == (downloads / again.name).read_bytes()
        quick_exit(page).click()
        expect(main_area(page).get_by_role("heading")).to_have_count(0)
    finally:
        context.close()
    cache = profile_dir / "Default" / "Cache"
    assert files_holding(cache, b"/static/js/"), "the profile's disk cache is not where this test looks"
    for path, url in reports.items():
        content = path.read_bytes()
        assert len(content) > 3000
        # A cache entry is keyed by its address and holds the body as sent (the HTML gzipped).
        sample = content[len(content) // 2 : len(content) // 2 + 64]
        assert files_holding(cache, url.rsplit("/", 1)[1].encode()) == [], path.name
        assert files_holding(cache, sample) == [], path.name
