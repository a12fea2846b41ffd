"""The app's way to the local store: drafts as you answer, saving, and the history."""

from __future__ import annotations

import streamlit as st

from components import state
from threshold.store import DATABASE_NAME, Store, StoreError, data_dir


def store(create: bool = True) -> Store | None:
    """The local store, or None in private mode or a workshop, when nothing may touch the disk.

    With `create=False` also None while there is no database yet: only looking must not create one.
    """
    # A workshop's fictional answers must never overwrite a draft or reach the history.
    if state.private_mode() or state.workshop():
        return None
    if not create and not database_exists():
        return None
    try:
        # Under a passphrase lock, the key this session unlocked it with (see components/privacy.py).
        return Store.default(key=state.lock_key())
    except (StoreError, OSError) as exc:
        st.error(f"The local history cannot be opened: {exc}")
        return None


def database_exists() -> bool:
    return (data_dir(create=False) / DATABASE_NAME).exists()


def save_draft() -> None:
    """Keep the answers so far and their message on disk, so a refresh, a closed tab or a restart loses nothing."""
    local = store()
    if local is not None:
        local.save_draft(
            state.answers(), state.step(), message=state.message(), message_speaker=state.message_speaker()
        )


def offer_draft() -> None:
    """Once per session, before any answer: offer to resume or discard unfinished answers."""
    if state.has_answers() or state.message() or state.draft_decided():
        return
    local = store(create=False)
    draft = local.load_draft() if local else None
    if draft is None or not (draft.answers or draft.message):
        return
    kept = [f"unfinished answers ({len(draft.answers)} so far)"] if draft.answers else []
    kept += ["the message you pasted"] if draft.message else []
    with st.container(border=True):
        st.write(
            f"You have {' and '.join(kept)} from "
            f"{draft.updated_at.astimezone():%d %B %Y, %H:%M}. Would you like to pick up where you left off?"
        )
        resume, discard = st.columns(2)
        resume.button("Resume", type="primary", on_click=_resume, args=(draft,), width="stretch")
        discard.button("Discard them", on_click=_discard, width="stretch")


def _resume(draft) -> None:
    state.restore(draft.answers, draft.step)
    state.set_message(draft.message)
    state.set_message_speaker(draft.message_speaker)


def _discard() -> None:
    local = store(create=False)
    if local is not None:
        local.discard_draft()
    state.set_draft_decided()


def start_over() -> None:
    """Forget the answers in this window and the draft on disk."""
    local = store(create=False)
    if local is not None:
        local.discard_draft()
    state.start_over()


def closed_note() -> str:
    """Why the history is closed when `store()` is None."""
    if state.workshop():
        return "A workshop is on: nothing is saved, and the history stays closed."
    return "Private mode is on: nothing is saved, and the history stays closed."
