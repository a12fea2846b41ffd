"""The app's way to the local store: drafts as you answer, saving, and the history."""

from __future__ import annotations

import streamlit as st

from components import state
from threshold.store import Store, StoreError


def store() -> Store | None:
    """The local store, or None in private mode, when nothing may touch the disk."""
    if state.private_mode():
        return None
    try:
        return Store.default()
    except (StoreError, OSError) as exc:
        st.error(f"The local history cannot be opened: {exc}")
        return None


def save_draft() -> None:
    """Keep the answers so far on disk, so a refresh, a closed tab or a restart loses nothing."""
    local = store()
    if local is not None:
        local.save_draft(state.answers(), state.step())


def offer_draft() -> None:
    """Once per session, before any answer: offer to resume or discard unfinished answers."""
    if state.has_answers() or state.draft_decided():
        return
    local = store()
    draft = local.load_draft() if local else None
    if draft is None or not draft.answers:
        return
    with st.container(border=True):
        st.write(
            f"You have unfinished answers ({len(draft.answers)} so far) from "
            f"{draft.updated_at.astimezone():%d %B %Y, %H:%M}. Would you like to pick up where you left off?"
        )
        resume, discard = st.columns(2)
        resume.button("Resume", type="primary", on_click=_resume, args=(draft,), width="stretch")
        discard.button("Discard them", on_click=_discard, width="stretch")


def _resume(draft) -> None:
    state.restore(draft.answers, draft.step)


def _discard() -> None:
    local = store()
    if local is not None:
        local.discard_draft()
    state.set_draft_decided()


def start_over() -> None:
    """Forget the answers in this window and the draft on disk."""
    local = store()
    if local is not None:
        local.discard_draft()
    state.start_over()
