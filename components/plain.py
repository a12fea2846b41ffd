"""Text that is not ours, shown as plain text: the one place where an error's detail meets the screen.

A detail can quote what someone typed, a file's contents or a path on this computer, so it is never
Markdown: a name with `*` or `[link](...)` in it shows exactly as written.
"""

from __future__ import annotations

import streamlit as st


def plain_error(headline: str, detail: object) -> None:
    """Our own headline as an error, then `detail` (an exception, or lines joined) as plain text."""
    st.error(headline)
    st.code(str(detail), language=None)
