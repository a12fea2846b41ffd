"""Workshop mode: fictional scenarios loaded in one click, presenter mode, and a reset between groups.

A scenario's story and message are shown with st.text, never as Markdown, like any message a
person might paste. While a scenario is loaded or presenter mode is on, the store's access is CLOSED,
so nothing here can write a draft or reach the saved history.
"""

from __future__ import annotations

import streamlit as st

from components import navigation, state
from components.dialog import confirm
from threshold.rubric import Rubric
from threshold.scenarios import Scenario

PRESENTER_KEY = state.widget_key("workshop.presenter")


def introduction() -> None:
    """What the page is for, and that everyone in it is invented."""
    st.write(
        "Fictional cases for showing Threshold to a group. Pick one, read its story and message "
        "together, then walk the room through the questions or go straight to the reflection."
    )
    st.caption("Everyone in these scenarios is invented. Nothing in a workshop is saved or added to any history.")


def presenter_controls() -> None:
    """The presenter-mode switch, and a reset that clears answers and checks but keeps the mode."""
    switch, reset = st.columns([3, 2])
    switch.toggle(
        "Presenter mode",
        value=state.PRESENTER.get(),
        key=PRESENTER_KEY,
        on_change=_switch_presenter,
        help="Large type and charts for a room; history and saving hidden; nothing written to this computer.",
    )
    if state.workshop() or state.has_answers():
        reset.button(
            "Reset for the next group",
            on_click=state.PENDING_RESET.set,
            args=(True,),
            help="Asks first, then clears the answers and checks in this window. Presenter mode stays as it is.",
            width="stretch",
        )
    confirm(
        state.PENDING_RESET,
        "Reset for the next group?",
        lambda: st.write(
            "This clears the answers, the scenario and the checks in this window. Presenter mode stays as it is."
        ),
        yes="Yes, reset",
        no="Keep the answers",
        on_yes=state.start_over,
    )


def leave_button() -> None:
    """Leaving is a step of its own: until then no draft or history of the person at the screen is offered."""
    if not state.workshop():
        return
    st.caption("The workshop stays on, also after a reload, until you leave it here.")
    st.button(
        "Leave the workshop",
        on_click=_leave,
        help="Clears the workshop's answers in this window and ends presenter mode. After this, Threshold may "
        "offer unfinished answers kept on this computer, and the history opens again.",
    )


def _leave() -> None:
    state.leave_workshop()
    state.set_widget(PRESENTER_KEY, False)  # the switch keeps its own value otherwise


def _switch_presenter() -> None:
    state.set_presenter(state.widget_value(PRESENTER_KEY))


def pick(scenarios: list[Scenario]) -> Scenario:
    """A scenario chosen by its title; the one loaded now, if any, comes chosen."""
    by_id = {s.id: s for s in scenarios}
    ids = list(by_id)
    return by_id[
        st.selectbox(
            "Scenario",
            ids,
            index=ids.index(state.SCENARIO.get()) if state.SCENARIO.get() in by_id else 0,
            format_func=lambda i: by_id[i].title,
            key=state.widget_key("workshop.scenario"),
        )
    ]


def show(scenario: Scenario) -> None:
    """The story and the message, as plain text."""
    st.caption(f"Fictional · relationship: {scenario.relationship}")
    st.subheader("Their story")
    st.text(scenario.story)
    st.subheader("The message they sent")
    with st.container(border=True):
        st.text(scenario.message)


def load_buttons(rubric: Rubric, scenario: Scenario) -> None:
    """One click loads the scenario into the questionnaire or straight into the reflection."""
    if state.has_answers() and state.SCENARIO.get() is None:
        st.caption("Loading a scenario replaces the answers in this window; any draft kept on this computer stays.")
    walk, straight = st.columns(2)
    if walk.button("Walk through the questions", type="primary", width="stretch"):
        state.load_scenario(scenario.id, scenario.answers, at_step=1)
        st.switch_page(navigation.QUESTIONNAIRE)
    if straight.button("Go straight to the reflection", width="stretch"):
        state.load_scenario(scenario.id, scenario.answers, at_step=len(rubric.sections))
        st.switch_page(navigation.PROFILE)


def loaded_note(scenarios: list[Scenario]) -> None:
    """On the reflection: which fictional scenario these answers come from."""
    title = next((s.title for s in scenarios if s.id == state.SCENARIO.get()), None)
    if title is not None:
        st.caption("Workshop scenario, fictional and not saved:")
        st.text(title)
