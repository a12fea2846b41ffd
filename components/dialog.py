"""One yes-or-no dialog for every action that asks first: delete one, start over, reset, delete everything."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components import state
from components.danger import danger_button


def confirm(
    pending: state.Key,
    title: str,
    question: Callable[[], None],
    *,
    yes: str,
    no: str,
    on_yes: Callable[[], bool | None],
    waiting_for: object = True,
    danger: str | None = None,
) -> None:
    """While `pending` holds `waiting_for` (the question was asked), ask it in a dialog titled `title`.

    Called on every rerun until answered, so the dialog's own buttons are seen when clicked. `question`
    draws the explanation (the person's own text through st.text only). `on_yes` does the action; when it
    returns False it could not, has said why in the dialog, and the dialog stays open. The yes button is a
    danger button keyed `danger` when the action destroys data. Either answer, or closing the dialog,
    forgets `pending`, and the page runs again.
    """
    if pending.get() != waiting_for:
        return

    @st.dialog(title, on_dismiss=pending.forget)
    def dialog() -> None:
        question()
        yes_column, no_column = st.columns(2)
        with yes_column:
            if danger:
                agreed = danger_button(yes, danger, width="stretch")
            else:
                agreed = st.button(yes, type="primary", width="stretch")
        if agreed:
            if on_yes() is False:
                return
        elif not no_column.button(no, width="stretch"):
            return
        pending.forget()
        st.rerun()

    dialog()
