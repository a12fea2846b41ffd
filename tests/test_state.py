"""Session state that declares itself: each key's default and its fate under Start over and Quick exit."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components import state
from tests.conftest import ROOT

MARK = "kept"


def page_holding_every_key():
    """Every declared key and a widget copy hold a value; two buttons walk the registry."""
    import streamlit as st

    from components import state

    if not st.session_state.get("seeded") and state.EXITED.get() is not True:  # once, and not after an exit
        st.session_state["seeded"] = True
        for entry in state.REGISTRY:
            if isinstance(entry, state.Key):
                entry.set("kept")
        state.set_widget(state.widget_key("any.widget"), "kept")
    st.button("Start over", on_click=state.start_over)
    st.button("Quick exit", on_click=state.quick_exit)


def after(label: str) -> AppTest:
    at = AppTest.from_function(page_holding_every_key).run()
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception
    return at


KEYS = [entry for entry in state.REGISTRY if isinstance(entry, state.Key)]


@pytest.mark.parametrize("key", KEYS, ids=[k.name for k in KEYS])
def test_start_over_forgets_a_key_unless_it_is_declared_to_survive(key):
    at = after("Start over")
    if key.survives_start_over:
        assert at.session_state[key.name] == MARK
    else:
        assert key.name not in at.session_state


def test_start_over_forgets_every_widget_copy():
    assert state.widget_key("any.widget") not in after("Start over").session_state


def test_quick_exit_forgets_everything_but_that_it_happened():
    at = after("Quick exit")
    held = {name: at.session_state[name] for name in at.session_state}
    assert held == {state.EXITED.name: True}


def test_a_name_declared_twice_is_refused():
    with pytest.raises(ValueError, match="declared twice"):
        state.Key[int](state.STEP.name, 0)


def page_of_defaults():
    import streamlit as st

    from components import state

    st.session_state["got"] = state.COMPARING.get()
    st.session_state["stored after get"] = state.COMPARING.is_set()
    state.HISTORY_CHOSEN.held().append(7)  # changed in place: kept
    st.session_state["held"] = state.HISTORY_CHOSEN.get()
    st.session_state["default untouched"] = state.HISTORY_CHOSEN.default
    state.NOTICE.set("once")
    st.session_state["taken"] = (state.NOTICE.take(), state.NOTICE.take())


def test_a_default_is_read_without_being_stored_and_is_never_shared():
    at = AppTest.from_function(page_of_defaults).run()
    assert not at.exception
    assert at.session_state["got"] == [] and at.session_state["stored after get"] is False
    assert at.session_state["held"] == [7] and at.session_state["default untouched"] == []
    assert at.session_state["taken"] == ("once", None)


def page_with_a_followed_widget():
    import streamlit as st

    from components import state

    key, names = state.widget_key("choice"), ["Alex", "Sam"]
    ours = state.MESSAGE_SPEAKER.get()
    state.follow(key, ours or None)
    st.selectbox(
        "Whose?",
        names,
        index=names.index(ours) if ours in names else None,
        key=key,
        on_change=lambda: state.MESSAGE_SPEAKER.set(state.widget_value(key) or ""),
    )
    st.button("Clear ours", on_click=lambda: state.MESSAGE_SPEAKER.set(""))


def test_a_widget_follows_our_key_when_something_else_changed_it():
    at = AppTest.from_function(page_with_a_followed_widget).run()
    at.selectbox[0].set_value("Alex").run()
    assert at.selectbox[0].value == "Alex" and at.session_state[state.MESSAGE_SPEAKER.name] == "Alex"
    at.button[0].click().run()
    assert at.selectbox[0].value is None  # its own copy said Alex; ours was cleared elsewhere, and it follows


def test_no_module_but_the_state_module_touches_session_state():
    sources = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "components").rglob("*.py")]
    touching = [p.relative_to(ROOT).as_posix() for p in sources if "st.session_state" in p.read_text(encoding="utf-8")]
    assert touching == ["components/state.py"]
