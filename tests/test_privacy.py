"""AppTest: the Privacy page, the private-mode switch (nothing on disk changes), and the quick exit's target."""

import hashlib
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import state
from components.navigation import COMPARE, HISTORY, PRIVACY, PROFILE, QUESTIONNAIRE, SAVED
from tests.apptest import APP, PAGES, answer_every_part, blank, button, open_app, quick_exit, texts
from tests.conftest import ROOT
from threshold.store import DATABASE_NAME, Store


def snapshot(root: Path) -> dict[str, str]:
    """Every file under the data directory with the hash of its bytes; a missing directory holds none."""
    if not root.exists():
        return {}
    # Not SQLite's -shm file: the shared-memory index of its log, which every reader writes to.
    files = [p for p in root.rglob("*") if p.is_file() and not p.name.endswith("-shm")]
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def full_answers(rubric, pick=max):
    return {i.id: pick(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}


def switch(at: AppTest):
    return next(t for t in at.sidebar.toggle if t.label == "Private mode")


def walk_everything(at: AppTest, rubric) -> None:
    """A whole visit: every questionnaire step answered, the reflection, history, saved, compare, privacy, home."""
    at.switch_page(QUESTIONNAIRE).run()
    answer_every_part(at, rubric)
    button(at, "See the reflection").click().run()
    at.switch_page(PROFILE).run()
    assert not any(b.label == "Save to my history" for b in at.button)
    assert any("Private mode is on" in c.value for c in at.caption)
    for page in (HISTORY, SAVED, COMPARE, PRIVACY, "app.py"):
        at.switch_page(page).run()
        assert not at.exception, page
    button(at, "Start over").click().run()
    button(at, "Yes, start over").click().run()


def test_private_mode_from_the_first_page_creates_no_file_at_all(rubric, data_dir):
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    switch(at).set_value(True).run()
    walk_everything(at, rubric)
    assert snapshot(data_dir) == {}
    assert not (data_dir / DATABASE_NAME).exists()


def test_private_mode_changes_no_file_of_an_existing_history(rubric, data_dir):
    store = Store.default()
    store.save_assessment(rubric, full_answers(rubric), name="Sam", notes="kept")
    store.save_draft({rubric.items[0].id: 1}, 1)
    before = snapshot(data_dir)
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    switch(at).set_value(True).run()
    walk_everything(at, rubric)
    assert snapshot(data_dir) == before


def test_private_mode_keeps_the_history_closed_and_outlives_start_over(rubric):
    Store.default().save_assessment(rubric, full_answers(rubric), name="Sam")
    at = open_app(HISTORY)
    switch(at).set_value(True).run()
    assert not at.dataframe and "Private mode is on" in at.info[0].value
    at.switch_page("app.py").run()
    at.session_state[state.ANSWERS.name] = {rubric.items[0].id: 1}
    at.run()
    button(at, "Start over").click().run()
    button(at, "Yes, start over").click().run()
    assert state.ANSWERS.name not in at.session_state
    assert switch(at).value and at.session_state[state.PRIVATE_MODE.name]


@pytest.mark.parametrize("page", [None, *PAGES])
def test_every_page_has_the_private_mode_switch_and_the_privacy_link(page):
    at = open_app(page)
    assert switch(at).value is False
    # The link says Privacy and leads to the privacy page.
    assert ("Privacy", "Privacy") in [(link.label, link.proto.page) for link in at.sidebar.get("page_link")]


def test_the_privacy_page_says_what_is_stored_and_where(rubric, data_dir):
    at = open_app(PRIVACY)
    assert at.code[0].value == str(data_dir / DATABASE_NAME)
    assert "Nothing is stored on this computer now." in [i.value for i in at.info]
    assert not (data_dir / DATABASE_NAME).exists()  # looking does not create the file
    body = " ".join(texts(at))
    promises = ("127.0.0.1", "no usage statistics", "cannot erase every trace", "not encrypted", "wipe --yes")
    browser_keeps = ("not to keep it in its cache", "downloads folder", "list of downloads", "its history")
    for promise in (*promises, *browser_keeps):
        assert promise in body

    Store.default().save_assessment(rubric, full_answers(rubric), name="Sam")
    Store.default().save_draft({rubric.items[0].id: 1}, 1)
    at.run()
    assert "Stored now: 1 saved reflection; unfinished answers: yes; passphrase lock: off." in [
        i.value for i in at.info
    ]


EXIT_SETTINGS = [(None, False), ("blank", False), ("notes", True), ("news", False)]


@pytest.mark.parametrize(("setting", "shows_notes"), EXIT_SETTINGS)
def test_the_quick_exit_target_is_a_setting_and_never_leaves_the_app(rubric, monkeypatch, setting, shows_notes):
    if setting is not None:
        monkeypatch.setenv("THRESHOLD_EXIT_PAGE", setting)
    at = open_app(PROFILE, full_answers(rubric))
    quick_exit(at)
    assert state.ANSWERS.name not in at.session_state
    assert not at.sidebar.children
    if shows_notes:
        assert [t.value for t in at.title] == ["Notes"] and len(at.text_area) == 1
        assert not any("Threshold" in t for t in texts(at))
    else:
        assert blank(at)


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("browser", "gatherUsageStats", False),
        ("browser", "serverAddress", "127.0.0.1"),
        ("server", "address", "127.0.0.1"),
        ("server", "enableXsrfProtection", True),
        ("server", "maxUploadSize", 5),
        ("client", "toolbarMode", "minimal"),
    ],
)
def test_the_server_config_keeps_everything_on_this_computer(section, key, value):
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config[section][key] == value
