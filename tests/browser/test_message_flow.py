"""Their message in real Chromium: cues marked as the reader found them, and hostile text kept inert."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from components.message import merged_highlights
from tests.browser.flows import main_area, paste_message, rendered_chart, save_full_page_screenshot
from threshold.reader import read_message
from threshold.rubric import Rubric

pytestmark = pytest.mark.browser

WRITTEN = (
    "Hey. I know it's been ages. I've been in therapy and I know I hurt you.\n"
    "Remember when we went to the lake? Are you seeing anyone?"
)
HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> **bold** [link](http://x)\n"
    "<a href='http://x'>click</a> <svg onload=alert(3)></svg> <iframe src=x></iframe>\n"
    "evil\u202edesrever I've been in therapy"
)


def test_paste_a_message_and_see_each_cue_marked(page: Page, app_server: str, rubric: Rubric, artifacts_dir: Path):
    view = paste_message(page, app_server, WRITTEN)
    reading = read_message(rubric, WRITTEN)
    expect(view.locator("mark")).to_have_count(len(merged_highlights(reading.matches)))
    assert view.evaluate("view => view.textContent") == WRITTEN
    first = reading.matches[0]
    expect(view.locator("mark").first).to_have_text(WRITTEN[first.start : first.end])
    rendered_chart(page, "What the wording hints at")
    expect(main_area(page).get_by_text("Wording is weak evidence", exact=False)).to_be_visible()
    save_full_page_screenshot(page, artifacts_dir / "message.png")


def test_a_hostile_message_creates_no_element_and_no_request(
    page: Page, app_server: str, rubric: Rubric, artifacts_dir: Path
):
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    view = paste_message(page, app_server, HOSTILE)
    expect(view.locator("mark")).to_have_count(len(merged_highlights(read_message(rubric, HOSTILE).matches)))
    rendered_chart(page, "What the wording hints at")  # by now an image or a script would have loaded or run
    for tag in ("img", "script", "a", "svg", "iframe", "style"):
        expect(view.locator(tag)).to_have_count(0)
    # Shown literally, with the direction override shown as its code instead of reversing the text.
    assert view.evaluate("view => view.textContent") == HOSTILE.replace("\u202e", "U+202E")
    assert not dialogs
    here = urlparse(app_server).netloc
    # blob: URLs are objects the page made itself (the app's own scripts), never a request over the network.
    fetched = [url for url in requests if urlparse(url).scheme != "blob"]
    assert [url for url in fetched if urlparse(url).netloc != here or urlparse(url).path.endswith("/x")] == []
    save_full_page_screenshot(page, artifacts_dir / "message-hostile.png")
