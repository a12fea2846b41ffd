"""AppTest: a workshop never shows or deletes the real history, only looking creates no database, and
deleting one saved reflection stays calm when the history changed under the dialog."""

from __future__ import annotations

import inspect

import pytest
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from components import state, storage
from components.navigation import COMPARE, HISTORY, PRIVACY, PROFILE, SAVED
from tests.apptest import APP, button, open_app, texts
from threshold.store import DATABASE_NAME, AssessmentNotFound, Store


def full_answers(rubric):
    return {"relationship": 0, **{i.id: max(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}}


def privacy_page_in(session: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in session.items():
        at.session_state[key.name] = value
    at.run()
    at.switch_page(PRIVACY).run()
    assert not at.exception
    return at


@pytest.mark.parametrize(
    "session", [{state.PRESENTER: True}, {state.SCENARIO: "any-scenario"}], ids=["presenter", "scenario"]
)
def test_a_workshop_privacy_page_shows_neither_the_path_nor_the_history_nor_delete(rubric, data_dir, session):
    Store.default().save_assessment(rubric, full_answers(rubric), name="Sam")
    at = privacy_page_in(session)
    body = " ".join(texts(at))
    assert str(data_dir) not in body and not at.code
    assert "Stored now" not in body
    assert not any(b.label.startswith("Delete everything") for b in at.button)
    assert not at.text_input  # no lock forms
    assert "A workshop is on: nothing is saved, and the history stays closed." in [i.value for i in at.info]
    assert Store.default().count() == 1


def test_private_mode_keeps_the_path_and_delete_everything(data_dir):
    at = privacy_page_in({state.PRIVATE_MODE: True})
    assert at.code[0].value == str(data_dir / DATABASE_NAME)
    assert any(b.label == "Delete everything…" for b in at.button)


def test_the_stored_data_and_the_lock_descriptions_name_their_message():
    at = open_app(PRIVACY)
    body = " ".join(texts(at))
    assert body.count("their message") >= 2  # saved reflections and unfinished answers
    assert any("their message" in m.value for m in at.markdown if "With a passphrase" in m.value)


@pytest.mark.parametrize("page", [HISTORY, SAVED, COMPARE])
def test_only_looking_at_the_history_creates_no_database(data_dir, page):
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state[state.VIEWING.name] = 1
    at.session_state[state.COMPARING.name] = [1, 2]
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    assert not data_dir.exists()


def test_an_empty_history_offers_an_import_which_creates_the_database(data_dir):
    at = open_app(HISTORY)
    assert "Nothing saved yet." in at.info[0].value
    assert not data_dir.exists()
    button(at, "Import a Threshold export…").click().run()
    assert (data_dir / DATABASE_NAME).exists()
    assert any(e.label == "Export or import" for e in at.expander)


def test_saving_still_creates_the_database(rubric, data_dir):
    at = open_app(PROFILE, full_answers(rubric))
    next(t for t in at.text_input if t.label == "Who is this about?").set_value("Sam")
    button(at, "Save to my history").click().run()
    assert Store.default().count() == 1


def open_delete_dialog(rubric) -> AppTest:
    assessment_id = Store.default().save_assessment(rubric, full_answers(rubric), name="Sam")
    at = open_app(HISTORY)
    at.multiselect[0].select(assessment_id).run()
    button(at, "Delete…").click().run()
    return at


def test_delete_stays_calm_when_the_reflection_is_already_gone(rubric, monkeypatch):
    at = open_delete_dialog(rubric)

    def gone(self, assessment_id):
        raise AssessmentNotFound(f"no saved assessment has id {assessment_id}")

    monkeypatch.setattr(Store, "delete", gone)
    button(at, "Delete for good").click().run()
    assert not at.exception
    assert any(i.value.startswith("Nothing was deleted") for i in at.info)


def test_delete_stays_calm_when_the_history_closed_meanwhile(rubric, monkeypatch):
    at = open_delete_dialog(rubric)
    real = storage.lookup
    # Closed between the dialog opening and the click: only the dialog's own call finds no store.
    monkeypatch.setattr(
        storage,
        "lookup",
        lambda create=True: (
            storage.Lookup(storage.Access.EMPTY) if inspect.stack()[1].function == "delete_for_good" else real(create)
        ),
    )
    button(at, "Delete for good").click().run()
    assert not at.exception
    assert any(i.value.startswith("Nothing was deleted") for i in at.info)
    assert Store.default().count() == 1


def test_on_postgresql_the_privacy_page_says_where_the_history_is_and_what_the_server_keeps(pg_database, monkeypatch):
    monkeypatch.setenv("THRESHOLD_DATABASE_URL", pg_database)
    at = open_app(PRIVACY)
    body = " ".join(texts(at))
    assert "in a PostgreSQL database" in body and "logs and backups" in body
    assert "one file on this computer" not in body and "-wal" not in body
    assert at.code[0].value == make_url(pg_database).render_as_string(hide_password=True)


def test_on_sqlite_the_privacy_page_names_the_file_and_its_working_files(data_dir):
    body = " ".join(texts(open_app(PRIVACY)))
    assert "one file on this computer" in body and "-wal and -shm" in body and "PostgreSQL" not in body
