"""Page chrome shared by every page: neutral title, quick exit, and the sidebar navigation."""

from __future__ import annotations

import streamlit as st

from components import lock, privacy, state

#: The tab title stays neutral on every page, in case someone glances at the screen.
NEUTRAL_TITLE = "Threshold"
QUICK_EXIT_KEY = "quick_exit"

NAVIGATION = [
    ("app.py", "Home"),
    ("pages/0_Message.py", "Their message"),
    ("pages/1_Questionnaire.py", "Questionnaire"),
    ("pages/2_Profile.py", "Reflection"),
    ("pages/9_Options.py", "Your options"),
    ("pages/3_History.py", "History"),
    ("pages/6_Privacy.py", "Privacy"),
    ("pages/7_Workshop.py", "Workshop"),
    ("pages/8_Rubric.py", "How scoring works"),
    ("pages/11_About.py", "About this tool"),
]
#: Closed while a workshop is on, so its link is hidden then (nothing of a user's history on a projector).
HISTORY_PAGE = "pages/3_History.py"

# Pinned to the top corner so it is on screen however far the page is scrolled.
_QUICK_EXIT_CSS = f"""
<style>
.st-key-{QUICK_EXIT_KEY} {{ position: fixed; top: 0.55rem; right: 4.5rem; z-index: 1000002; width: auto; }}
.st-key-{QUICK_EXIT_KEY} button {{ padding: 0.15rem 0.9rem; min-height: 2rem; }}
</style>
"""

# Presenter mode: everything sized in rem grows with the root, so the back of a room can read it.
_PRESENTER_CSS = """
<style>
html { font-size: 22px; }
</style>
"""


def page_setup(wide: bool = False) -> None:
    """Title, quick exit, navigation, private mode and the lock; after a quick exit, only the exit page."""
    st.set_page_config(page_title=NEUTRAL_TITLE, layout="wide" if wide or state.presenter() else "centered")
    if state.exited():
        privacy.after_quick_exit()
        st.stop()
    st.html(_QUICK_EXIT_CSS)
    if state.presenter():
        st.html(_PRESENTER_CSS)
    st.button(
        "Quick exit",
        key=QUICK_EXIT_KEY,
        on_click=state.quick_exit,
        help="Clears your answers from this window and leaves a blank page.",
    )
    with st.sidebar:
        for page, label in NAVIGATION:
            if not (page == HISTORY_PAGE and state.workshop()):
                st.page_link(page, label=label)
        privacy.private_mode_switch()
    # Before any page content: a locked history asks for its passphrase first.
    lock.gate()
