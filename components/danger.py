"""A button that destroys data looks the part: dark red with white text, from local CSS only (no icons)."""

from __future__ import annotations

import streamlit as st

#: White text on it has a contrast of about 8:1; the hover shade is darker still.
DANGER_COLOUR, DANGER_HOVER = "#9b2226", "#7a1b1e"


def danger_button(label: str, key: str, **kwargs) -> bool:
    """`st.button` styled as a destructive action; `key` names it in the CSS."""
    st.html(
        f"""<style>
.st-key-{key} button {{ background-color: {DANGER_COLOUR}; border-color: {DANGER_COLOUR}; color: #ffffff; }}
.st-key-{key} button:hover, .st-key-{key} button:active {{
  background-color: {DANGER_HOVER}; border-color: {DANGER_HOVER}; color: #ffffff; }}
.st-key-{key} button:focus-visible {{ outline: 3px solid {DANGER_HOVER}; outline-offset: 2px; }}
</style>"""
    )
    return st.button(label, key=key, **kwargs)
