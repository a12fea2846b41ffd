"""Quick exit: a button and Shift pressed three times, handled in the browser so they work with no server.

The script (quick_exit.js) runs in the app's own page through `st.components.v2`, which does not
sandbox it; the `st.html` and components v1 routes either run no script or run it in a sandboxed
iframe that cannot touch the page. When the server is there, the exit also clears its session.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components import privacy, state

#: The mounted component's key; quick_exit.js hides its element (.st-key-quick_exit) and draws its own button.
COMPONENT_KEY = "quick_exit"
#: Streamlit's own text when the server cannot be reached asks about the internet; this app never uses it.
CONNECTION_NOTICE = (
    "Threshold has stopped on this computer, so nothing can be saved for now. "
    "Quick exit still works. To carry on, start Threshold again."
)

_quick_exit = st.components.v2.component(
    "threshold.quick_exit", js=(Path(__file__).with_name("quick_exit.js")).read_text(encoding="utf-8")
)


def mount(exited: bool = False) -> None:
    """Put the quick exit on the page; on the exit page, keep the page blank in the browser too."""
    _quick_exit(
        key=COMPONENT_KEY,
        data={"exited": exited, "exit_page": privacy.exit_page(), "connection_notice": CONNECTION_NOTICE},
        on_exit_change=state.quick_exit,
    )
