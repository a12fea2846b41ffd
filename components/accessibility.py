"""Accessibility fixes for every page: readable faint text, a visible focus everywhere, 24 px targets, no
"Link to heading" stops in the tab order, and each chart described by the table beside it.

Measured with axe-core in tests/browser/test_accessibility_flow.py.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

#: 3:1 or more against every background the app uses (page, sidebar, primary buttons' surroundings).
FOCUS_COLOUR = "#1f3a52"
#: Captions and other faint text: 4.5:1 or more on the page and in the sidebar (Streamlit's is 3.8:1).
FAINT_TEXT_COLOUR = "#565e66"
MIN_TARGET_PX = 24

_CSS = f"""
<style>
/* Components that only run a script take no room on the page. */
.st-key-accessibility, .st-key-part_top {{ display: none; }}
/* Streamlit fades captions with opacity; a solid colour reads at 4.5:1 instead. */
[data-testid="stCaptionContainer"] {{ color: {FAINT_TEXT_COLOUR} !important; opacity: 1 !important; }}
/* One focus ring for everything, drawn outside the element so nothing covers it. */
:focus-visible {{ outline: 3px solid {FOCUS_COLOUR} !important; outline-offset: 2px !important; }}
/* Radios, checkboxes and switches hide their input: the ring goes on the label one sees. */
label:has(input:focus-visible) {{ outline: 3px solid {FOCUS_COLOUR}; outline-offset: 2px; }}
label input:focus-visible {{ outline: none !important; }}
/* Text boxes and lists draw their box around the input: the ring goes on that box. */
[data-baseweb="input"]:has(input:focus-visible), [data-baseweb="textarea"]:has(textarea:focus-visible),
[data-baseweb="select"]:has(input:focus-visible) > div {{ outline: 3px solid {FOCUS_COLOUR}; outline-offset: 2px; }}
[data-baseweb="input"] input:focus-visible, [data-baseweb="textarea"] textarea:focus-visible,
[data-baseweb="select"] input:focus-visible {{ outline: none !important; }}
/* Help icons, a password's eye and a date's parts are smaller: give them a 24 px target. */
[data-testid="stTooltipHoverTarget"] button, button[aria-label^="Help for"],
[data-testid="stTextInputRootElement"] button,
[data-testid="stDateInput"] [role="spinbutton"], [data-testid="stDateInput"] button {{
  min-width: {MIN_TARGET_PX}px; min-height: {MIN_TARGET_PX}px; display: inline-flex;
  align-items: center; justify-content: center;
}}
/* A choice's label is the target one clicks: at least 24 px high. */
[data-testid="stRadio"] label, [data-testid="stCheckbox"] label {{
  min-height: {MIN_TARGET_PX}px; align-items: center;
}}
/* A heading's "Link to heading" anchor is a tab stop of no use here (every page has one address). */
[data-testid="stHeaderActionElements"] a[href^="#"] {{ display: none; }}
</style>
"""

_page_fixes = st.components.v2.component(
    "threshold.accessibility", js=Path(__file__).with_name("accessibility.js").read_text(encoding="utf-8")
)


def page_fixes() -> None:
    """The page-wide styles and the chart descriptions; drawn once per page, near the top."""
    st.html(_CSS)
    _page_fixes(key="accessibility")
