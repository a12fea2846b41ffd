"""History in real Chromium: importing into an empty history, the chooser, and editing a saved reflection's
details, where the browser itself could drop what was typed."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from tests.browser.flows import main_area, open_list, wait_until_idle
from threshold.rubric import Rubric
from threshold.store import MAX_NAME_CHARS, Store
from threshold.transfer import export_json

pytestmark = pytest.mark.browser


@pytest.fixture
def server_store(server_data_dir, monkeypatch) -> Store:
    """The store the server under test reads and writes."""
    monkeypatch.setenv("THRESHOLD_DATA_DIR", str(server_data_dir))
    return Store.default()


def full_answers(rubric: Rubric) -> dict:
    return {i.id: max(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}


def choose_in_history(page: Page, label: re.Pattern) -> None:
    """Pick one saved reflection in the chooser, as a person would."""
    main = main_area(page)
    option = page.get_by_role("option", name=label)
    open_list(page, main.get_by_test_id("stMultiSelect").locator("input"), option)
    option.click()
    page.keyboard.press("Escape")
    wait_until_idle(page)


def test_import_into_an_empty_history_keeps_the_form_open_and_lists_what_came_in(
    page: Page, app_server: str, rubric: Rubric, tmp_path
):
    elsewhere = Store(tmp_path / "elsewhere.sqlite3")
    for name in ("Sam", "Robin"):
        elsewhere.save_assessment(rubric, full_answers(rubric), name=name)
    exported = tmp_path / "export.json"
    exported.write_text(export_json(elsewhere), encoding="utf-8")

    page.goto(f"{app_server}/History")
    main = main_area(page)
    main.get_by_role("button", name="Import a Threshold export…").click()
    upload_label = main.get_by_text("Import a Threshold export (JSON)")
    expect(upload_label).to_be_visible()  # the form is open: the person asked to import
    wait_until_idle(page)
    main.locator('input[type="file"]').set_input_files(exported)
    wait_until_idle(page)
    expect(main.get_by_role("button", name="Import it")).to_be_visible()
    main.get_by_role("button", name="Import it").click()
    expect(main.get_by_text("Imported 2 reflections; 0 were here already.")).to_be_visible()
    expect(main.get_by_text("2 saved, newest first.")).to_be_visible()
    expect(main.get_by_text("Nothing saved yet.")).to_have_count(0)


def test_chooser_has_no_select_all_and_tells_two_from_one_day_apart(
    page: Page, app_server: str, rubric: Rubric, server_store: Store
):
    times = [datetime(2026, 3, 1, 9, 15, tzinfo=UTC), datetime(2026, 3, 1, 18, 40, tzinfo=UTC)]
    ids = [server_store.save_assessment(rubric, full_answers(rubric), name="Sam", taken_at=t) for t in times]
    page.goto(f"{app_server}/History")
    main = main_area(page)
    labels = [f"#{i} · Sam · {t.astimezone():%Y-%m-%d %H:%M}" for i, t in zip(ids, times, strict=True)]
    first = page.get_by_role("option", name=labels[0], exact=True)
    open_list(page, main.get_by_test_id("stMultiSelect").locator("input"), first)
    expect(page.get_by_role("option", name=labels[1], exact=True)).to_be_visible()
    expect(page.get_by_role("listbox").get_by_text(re.compile("select all", re.IGNORECASE))).to_have_count(0)


def test_a_long_pasted_name_stays_in_the_field_and_is_refused_with_a_message(
    page: Page, app_server: str, rubric: Rubric, server_store: Store
):
    assessment_id = server_store.save_assessment(rubric, full_answers(rubric), name="Sam")
    page.goto(f"{app_server}/History")
    choose_in_history(page, re.compile(rf"#{assessment_id} · Sam"))
    main = main_area(page)
    name = main.get_by_role("textbox", name="Who is this about?")
    name.fill("")
    name.focus()
    pasted = "A very long nickname " * 12  # 252 characters, over the limit
    page.keyboard.insert_text(pasted)  # what a paste does: one input event with all of it
    expect(name).to_have_value(pasted)
    main.get_by_role("button", name="Save changes").click()
    expect(main.get_by_text("Nothing was changed, and what you entered is still in the form:")).to_be_visible()
    expect(main.get_by_text(f"over the limit of {MAX_NAME_CHARS}")).to_be_visible()
    expect(name).to_have_value(pasted)
    assert server_store.get(assessment_id).name == "Sam"


def test_a_future_reached_out_date_is_refused_with_a_message(
    page: Page, app_server: str, rubric: Rubric, server_store: Store
):
    assessment_id = server_store.save_assessment(rubric, full_answers(rubric), name="Sam")
    page.goto(f"{app_server}/History")
    choose_in_history(page, re.compile(rf"#{assessment_id} · Sam"))
    main = main_area(page)
    main.get_by_role("spinbutton", name=re.compile("^day, When did they reach out")).click()
    page.keyboard.type("01012099")  # day, month and year, as typed into the date field
    page.keyboard.press("Tab")
    main.get_by_role("button", name="Save changes").click()
    expect(main.get_by_text("Nothing was changed, and what you entered is still in the form:")).to_be_visible()
    expect(main.get_by_text(re.compile("1 January 2099 is after today"))).to_be_visible()
    expect(main.get_by_test_id("stDateInputField")).to_have_text(re.compile(r"01\s*/\s*01\s*/\s*2099"))
    assert server_store.get(assessment_id).reached_out_on is None
