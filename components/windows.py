"""Which windows are open: each window keeps its draft under its own key, and a draft is offered to
another window only once the window that wrote it is closed.

The one seam to Streamlit's runtime: it knows which sessions (browser tabs) are still connected.
"""

from __future__ import annotations

from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import loading, state


def this_window() -> str:
    """This window's draft key, noted as open in this session."""
    key = state.window_id()
    session = _session_id()
    windows = loading.open_windows()
    owner = windows.get(key)
    if owner is not None and owner != session and _connected(owner):
        key = state.new_window_id()  # a duplicated tab carries the same URL, and so the same key
    if windows.get(key) != session:
        # Closed windows are forgotten as new ones open, so the list stays as short as the open tabs.
        for closed in [k for k, s in windows.items() if not _connected(s)]:
            windows.pop(closed, None)
        windows[key] = session
    return key


def open_elsewhere(key: str) -> bool:
    """Whether the draft under `key` belongs to another window that is still open."""
    session = loading.open_windows().get(key)
    return session is not None and session != _session_id() and _connected(session)


def _session_id() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def _connected(session: str) -> bool:
    # `is True`: under AppTest the runtime is a stand-in whose answers are not booleans.
    return Runtime.exists() and Runtime.instance().is_active_session(session) is True
