"""Page chrome shared by every page: neutral title, quick exit, and the sidebar navigation."""

from __future__ import annotations

import streamlit as st

from components import accessibility, lock, navigation, privacy, quick_exit, state

#: The tab title stays neutral on every page, in case someone glances at the screen.
NEUTRAL_TITLE = "Threshold"

# Presenter mode: everything sized in rem grows with the root, so the back of a room can read it.
_PRESENTER_CSS = """
<style>
html { font-size: 22px; }
</style>
"""


def page_setup(wide: bool = False, personal: bool = True) -> None:
    """Title, quick exit, navigation, private mode and the lock; after a quick exit, only the exit page.

    A page that is not `personal` shows nothing of the history (the workshop, the rubric), so it
    opens without the passphrase.
    """
    if state.EXITED.get():
        st.set_page_config(page_title=NEUTRAL_TITLE)
        quick_exit.mount(exited=True)
        privacy.after_quick_exit()
        st.stop()
    state.keep_workshop_in_url()
    state.keep_window_in_url()
    st.set_page_config(page_title=NEUTRAL_TITLE, layout="wide" if wide or state.PRESENTER.get() else "centered")
    quick_exit.mount()
    accessibility.page_fixes()
    if state.PRESENTER.get():
        st.html(_PRESENTER_CSS)
    with st.sidebar:
        for page, label in navigation.NAVIGATION:
            if not (page in navigation.CLOSED_IN_A_WORKSHOP and state.workshop()):
                st.page_link(page, label=label)
        privacy.private_mode_switch()
    # Before any page content: a locked history asks for its passphrase first.
    if personal:
        lock.gate()
