"""The store lookup says why there is no store: closed (private mode, a workshop), empty (only looking),
or broken (said on the page, as plain text); and the one plain-text error keeps user text unrendered."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components import state
from threshold.store import DATABASE_NAME, Store


def page_looking_up_the_store():
    import streamlit as st

    from components import storage

    found = storage.lookup(create=st.session_state["create"])
    st.session_state["access"] = found.access.value
    st.session_state["has store"] = found.store is not None


def looked_up(create: bool, **session) -> AppTest:
    at = AppTest.from_function(page_looking_up_the_store)
    at.session_state["create"] = create
    for name, value in session.items():
        at.session_state[name] = value
    at.run()
    assert not at.exception
    return at


@pytest.mark.parametrize(
    "session",
    [{state.PRIVATE_MODE.name: True}, {state.PRESENTER.name: True}, {state.SCENARIO.name: "any-scenario"}],
    ids=["private mode", "presenter", "scenario"],
)
def test_closed_while_nothing_may_touch_the_disk(data_dir, session):
    Store.default()  # a history exists, and still it stays closed
    at = looked_up(True, **session)
    assert (at.session_state["access"], at.session_state["has store"]) == ("closed", False)


def test_empty_when_only_looking_and_no_database_exists(data_dir):
    at = looked_up(False)
    assert (at.session_state["access"], at.session_state["has store"]) == ("empty", False)
    assert not data_dir.exists()


@pytest.mark.parametrize("create", [True, False])
def test_open_when_the_database_is_there(data_dir, create):
    Store.default()
    at = looked_up(create)
    assert (at.session_state["access"], at.session_state["has store"]) == ("open", True)


def test_open_and_created_when_saving_may_create_it(data_dir):
    at = looked_up(True)
    assert at.session_state["access"] == "open" and (data_dir / DATABASE_NAME).exists()


def test_broken_says_why_as_plain_text(data_dir):
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_text("a file where the data directory should be")
    at = looked_up(True)
    assert (at.session_state["access"], at.session_state["has store"]) == ("broken", False)
    assert at.error[0].value == "The local history cannot be opened."
    assert str(data_dir) in at.code[0].value


def page_with_a_plain_error():
    from components.plain import plain_error

    plain_error("Nothing was saved:", ValueError("**Sam** [click](https://example.com) <b>x</b>"))


def test_a_plain_error_shows_its_detail_exactly_as_written():
    at = AppTest.from_function(page_with_a_plain_error).run()
    assert at.error[0].value == "Nothing was saved:"
    assert at.code[0].value == "**Sam** [click](https://example.com) <b>x</b>" and at.code[0].language == "plaintext"
    assert not at.markdown
