"""Page chrome shared by every page: neutral title, quick exit, and the sidebar navigation."""

from __future__ import annotations

import streamlit as st

from components import state

#: The tab title stays neutral on every page, in case someone glances at the screen.
NEUTRAL_TITLE = "Threshold"
QUICK_EXIT_KEY = "quick_exit"

NAVIGATION = [
    ("app.py", "Home"),
    ("pages/1_Questionnaire.py", "Questionnaire"),
    ("pages/2_Profile.py", "Reflection"),
    ("pages/3_History.py", "History"),
]

# Pinned to the top corner so it is on screen however far the page is scrolled.
_QUICK_EXIT_CSS = f"""
<style>
.st-key-{QUICK_EXIT_KEY} {{ position: fixed; top: 0.55rem; right: 4.5rem; z-index: 1000002; width: auto; }}
.st-key-{QUICK_EXIT_KEY} button {{ padding: 0.15rem 0.9rem; min-height: 2rem; }}
</style>
"""


def page_setup(wide: bool = False) -> None:
    """Title, quick exit and navigation; after a quick exit, a blank page and nothing else."""
    st.set_page_config(page_title=NEUTRAL_TITLE, layout="wide" if wide else "centered")
    if state.exited():
        st.stop()
    st.html(_QUICK_EXIT_CSS)
    st.button(
        "Quick exit",
        key=QUICK_EXIT_KEY,
        on_click=state.quick_exit,
        help="Clears your answers from this window and leaves a blank page.",
    )
    with st.sidebar:
        for page, label in NAVIGATION:
            st.page_link(page, label=label)
