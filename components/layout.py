"""Page chrome shared by every page."""

from __future__ import annotations

import streamlit as st

#: The tab title stays neutral on every page, in case someone glances at the screen.
NEUTRAL_TITLE = "Threshold"


def page_setup(wide: bool = False) -> None:
    st.set_page_config(page_title=NEUTRAL_TITLE, layout="wide" if wide else "centered")
