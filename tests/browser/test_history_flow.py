"""History in real Chromium: a reload mid-questionnaire loses nothing; a saved reflection reopens."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.flows import (
    answer_every_part,
    answer_section,
    download,
    expect_step,
    main_area,
    open_list,
    open_questionnaire,
    planned_answers,
    question,
    rendered_chart,
    see_reflection,
    wait_until_idle,
)
from threshold.rubric import Rubric
from threshold.store import Store

pytestmark = pytest.mark.browser


def test_reload_half_way_comes_back_where_it_was_then_finish(page: Page, app_server: str, rubric: Rubric):
    plan = planned_answers(rubric)
    open_questionnaire(page, app_server, rubric)
    main = main_area(page)
    half = len(rubric.sections) // 2
    for step in range(1, half + 1):
        answer_section(page, rubric, step, plan)
        main.get_by_role("button", name="Next", exact=True).click()
        expect_step(page, rubric, step + 1)

    wait_until_idle(page)  # the draft is written by the last rerun
    page.reload()  # a refresh starts a new session; the tab's key in its URL brings its own answers back
    expect_step(page, rubric, half + 1)
    # They are this tab's own, so nothing is asked (another tab's would be offered: test_two_windows_flow).
    expect(main.get_by_text(re.compile(r"You have unfinished answers"))).to_have_count(0)

    main.get_by_role("button", name="Back", exact=True).click()  # the answers before the reload are intact
    expect_step(page, rubric, half)
    for item in rubric.items_in(rubric.sections[half - 1].id):
        if plan.get(item.id) is not None:
            expect(question(page, item).get_by_role("radio", name=plan[item.id], exact=True)).to_be_checked()
    main.get_by_role("button", name="Next", exact=True).click()

    for step in range(half + 1, len(rubric.sections) + 1):
        expect_step(page, rubric, step)
        answer_section(page, rubric, step, plan)
        if step < len(rubric.sections):
            main.get_by_role("button", name="Next", exact=True).click()
    see_reflection(page)
    rendered_chart(page, "Their likely motives")


def test_save_then_reopen_from_the_history(page: Page, app_server: str, rubric: Rubric):
    plan = planned_answers(rubric)
    open_questionnaire(page, app_server, rubric)
    main = main_area(page)
    answer_every_part(page, rubric, plan)
    main.get_by_role("textbox", name="Who is this about?").fill("Sam")
    main.get_by_role("button", name="Save to my history").click()
    expect(main.get_by_text("Saved in your history on this computer.")).to_be_visible()

    page.reload()  # the saved reflection is on disk, not just in the session
    page.get_by_test_id("stSidebar").get_by_role("link", name="History").click()
    expect(main.get_by_role("heading", name="History")).to_be_visible()
    expect(main.get_by_text("1 saved, newest first.")).to_be_visible()
    option = page.get_by_role("option", name=re.compile(r"#\d+ · Sam"))
    open_list(page, main.get_by_test_id("stMultiSelect").locator("input"), option)
    option.click()
    page.keyboard.press("Escape")
    main.get_by_role("button", name="Open the reflection", exact=True).click()
    expect(main.get_by_role("heading", name="Saved reflection")).to_be_visible()
    expect(main.get_by_text("Sam", exact=True)).to_be_visible()
    rendered_chart(page, "Their likely motives")


def test_export_download_and_import_upload(
    page: Page, app_server: str, rubric: Rubric, tmp_path, server_data_dir, monkeypatch
):
    """Download the JSON export, delete the assessment, upload the file: the same assessment comes back."""
    monkeypatch.setenv("THRESHOLD_DATA_DIR", str(server_data_dir))  # this test's store is the server's
    answers = {i.id: max(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}
    Store.default().save_assessment(rubric, answers, name="Sam", notes="kept")
    page.goto(f"{app_server}/History")
    main = main_area(page)
    download_button = main.get_by_role("button", name="Download everything (JSON)")
    open_list(page, main.get_by_text("Export or import"), download_button)
    exported = download(page, download_button, tmp_path)
    Store.default().delete(Store.default().list()[0].id)

    page.reload()
    upload = main.locator('input[type="file"]')
    open_list(page, main.get_by_text("Export or import"), main.get_by_text("Import a Threshold export (JSON)"))
    upload.set_input_files(exported)
    main.get_by_role("button", name="Import it").click()
    expect(main.get_by_text("Imported 1 reflection; 0 were here already.")).to_be_visible()
    restored = Store.default().get(Store.default().list()[0].id)
    assert (restored.name, restored.notes, restored.answers) == ("Sam", "kept", answers)
