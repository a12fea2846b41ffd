"""A server restart under an open tab: the tab keeps its part and its answers, and the first click counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bench.local_server import free_port
from tests.browser.conftest import running_app
from tests.browser.flows import choose, expect_step, main_area, open_questionnaire, question, wait_until_idle
from threshold.rubric import Rubric
from threshold.store import Store

pytestmark = pytest.mark.browser


def test_the_first_click_after_a_server_restart_is_kept(page: Page, tmp_path: Path, rubric: Rubric, monkeypatch):
    data_dir, port = tmp_path / "data", free_port()
    for folder in ("data", "first", "second"):
        (tmp_path / folder).mkdir()
    relationship, ended_by = rubric.items_in("situation")[:2]
    with running_app(tmp_path / "first", data_dir, port=port) as (base_url, _):
        open_questionnaire(page, base_url, rubric)
        choose(page, relationship, "A friend")
        main_area(page).get_by_role("button", name="Next", exact=True).click()
        expect_step(page, rubric, 2)
        main_area(page).get_by_role("button", name="Back", exact=True).click()
        expect_step(page, rubric, 1)
    # The server is gone and comes back on the same address; the tab still shows part 1.
    with running_app(tmp_path / "second", data_dir, port=port):
        choose(page, ended_by, "I did")  # the first click, which reaches a brand-new session
        expect_step(page, rubric, 1)  # not sent back to the introduction
        expect(main_area(page).get_by_text("Would you like to pick up where you left off?")).to_have_count(0)
        expect(question(page, ended_by).get_by_role("radio", name="I did", exact=True)).to_be_checked()
        expect(question(page, relationship).get_by_role("radio", name="A friend", exact=True)).to_be_checked()
        wait_until_idle(page)  # the radio shows the click at once; the draft is written by the rerun it asks for
        monkeypatch.setenv("THRESHOLD_DATA_DIR", str(data_dir))
        [draft] = Store.default().drafts().values()
        codes = {rubric.scale_of(relationship).code_for(1): 1, rubric.scale_of(ended_by).code_for(1): 1}
        assert codes == {"friend": 1, "me": 1}
        assert draft.answers == {relationship.id: 1, ended_by.id: 1}
