"""The printable report in real Chromium: the downloaded PDF and HTML hold the suggested questions."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.flows import main_area, rendered_chart
from tests.browser.test_workshop_flow import SCENARIOS, load_scenario, open_workshop
from threshold.reflection import questions_to_ask_them, questions_to_ask_yourself
from threshold.rubric import Rubric
from threshold.scoring import score_answers

pytestmark = pytest.mark.browser


def download(page: Page, label: str, into: Path) -> Path:
    """Click a download button and keep the file it hands over."""
    with page.expect_download() as arrival:
        main_area(page).get_by_role("button", name=label, exact=True).click()
    path = into / arrival.value.suggested_filename
    arrival.value.save_as(path)
    return path


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

    pdf = download(page, "Download as PDF", tmp_path)
    assert pdf.name == "threshold-reflection.pdf"
    text = words(pdf_text(pdf))
    for question in questions:
        assert words(question) in text
    assert f"Rubric version {rubric.version}" in text
    assert (rubric.safety.title in text) is profile.safety_flag

    page_text = words(html.unescape(re.sub(r"<[^>]+>", " ", download(page, "Download as HTML", tmp_path).read_text())))
    for question in questions:
        assert words(question) in page_text
