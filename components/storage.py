"""The app's way to the local store: drafts as you answer, saving, and the history."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

import streamlit as st

from components import state, windows
from components.dialog import confirm
from components.plain import plain_error
from threshold import store as history
from threshold.rubric import Rubric
from threshold.scoring import fitting_answers
from threshold.store import StoreError

if TYPE_CHECKING:
    from threshold.store import Draft, Store


class Access(Enum):
    """Why the local store is, or is not, there to use."""

    OPEN = "open"  # the store, ready
    CLOSED = "closed"  # private mode or a workshop: nothing may touch the disk (see `closed_note`)
    EMPTY = "empty"  # no database yet, and only looking must not create one
    BROKEN = "broken"  # there, but it cannot be opened; the page has said why, as plain text


@dataclass(frozen=True)
class Lookup:
    """The local store and its access; `store` is None unless the access is OPEN."""

    access: Access
    store: Store | None = None


def lookup(create: bool = True) -> Lookup:
    """The local store, or why there is none to use.

    With `create=False` a missing database is EMPTY: only looking must not create one.
    """
    # A workshop's fictional answers must never overwrite a draft or reach the history.
    if state.disk_closed():
        return Lookup(Access.CLOSED)
    if not create and not database_exists():
        return Lookup(Access.EMPTY)
    try:
        # Under a passphrase lock, the key this session unlocked it with (see components/privacy.py).
        return Lookup(Access.OPEN, history.Store.default(key=state.LOCK_KEY.get()))
    except (StoreError, OSError) as exc:
        plain_error("The local history cannot be opened.", exc)  # the detail names paths on this computer
        return Lookup(Access.BROKEN)


def database_exists() -> bool:
    """Whether there is a history: the file once made, or the database that THRESHOLD_DATABASE_URL names."""
    return history.history_exists()


def save_draft() -> None:
    """Keep this window's answers so far and their message on disk, so a refresh, a closed tab or a restart
    loses nothing. Each window writes under its own key: never over another window's answers."""
    local = lookup().store
    if local is None:
        return
    local.save_draft(
        state.ANSWERS.held(),
        state.STEP.get(),
        key=windows.this_window(),
        message=state.MESSAGE.get(),
        message_speaker=state.MESSAGE_SPEAKER.get(),
    )


def _unfinished(draft: Draft | None) -> bool:
    return draft is not None and bool(draft.answers or draft.message)


def offer_draft(rubric: Rubric) -> None:
    """Until decided in this session: offer to resume or discard unfinished answers another window left.

    Only a draft whose window is closed is offered; one still open elsewhere is only mentioned, so two
    windows never share answers. Offered also after answering here: this window's answers are kept apart.
    """
    if state.DRAFT_DECIDED.get():
        return
    local = lookup(create=False).store
    if local is None:
        return
    mine = windows.this_window()
    if _resume_own_window(rubric, local, mine):
        return
    waiting = {key: draft for key, draft in local.drafts().items() if key != mine and _unfinished(draft)}
    free = [(key, draft) for key, draft in waiting.items() if not windows.open_elsewhere(key)]
    if not free:
        if waiting:
            st.caption(
                "Unfinished answers are open in another window of Threshold. What you enter here is kept apart "
                "from them."
            )
        return
    key, draft = free[0]  # the most recent
    kept = [f"unfinished answers ({len(draft.answers)} so far)"] if draft.answers else []
    kept += ["the message you pasted"] if draft.message else []
    with st.container(border=True):
        st.write(
            f"You have {' and '.join(kept)} from "
            f"{draft.updated_at.astimezone():%d %B %Y, %H:%M}. Would you like to pick up where you left off?"
        )
        if state.has_answers() or state.MESSAGE.get():
            st.caption(
                "What you enter in this window is kept apart from them. Resume replaces it with the earlier "
                "answers; Discard deletes those and keeps what you entered here."
            )
        resume, discard = st.columns(2)
        resume.button("Resume", type="primary", on_click=_resume, args=(rubric, key), width="stretch")
        discard.button("Discard them", on_click=_discard, args=(key,), width="stretch")


def _resume_own_window(rubric: Rubric, local: Store, mine: str) -> bool:
    """A new session for a tab whose draft is on disk (the server restarted): the answers are this tab's own,
    so they come back without asking, at the part it was on."""
    if state.OWN_WINDOW_CHECKED.get():  # once per session: later, this session's own draft is its own writing
        return False
    state.OWN_WINDOW_CHECKED.set(True)
    own = local.load_draft(key=mine)
    if state.has_answers() or not _unfinished(own):
        return False
    state.restore(fitting_answers(rubric, own.answers), own.step)
    state.MESSAGE.set(own.message)
    state.MESSAGE_SPEAKER.set(own.message_speaker)
    state.ADOPT_WIDGETS.set(True)
    return True


def _resume(rubric: Rubric, key: str) -> None:
    local = lookup(create=False).store
    # Claimed in one step: if another window took these answers a moment ago, this one does not share them
    # (the rerun then says they are open in another window).
    if local is None or windows.open_elsewhere(key) or not local.claim_draft(key, windows.this_window()):
        return
    draft = local.load_draft(key=windows.this_window())
    # Only the answers that still fit the rubric: it may have changed since the draft was kept.
    state.restore(fitting_answers(rubric, draft.answers), draft.step)
    state.MESSAGE.set(draft.message)
    state.MESSAGE_SPEAKER.set(draft.message_speaker)


def _discard(key: str) -> None:
    local = lookup(create=False).store
    if local is not None:
        local.discard_draft(key=key)
    state.DRAFT_DECIDED.set(True)


def discard_own_draft(local: Store) -> None:
    """Forget this window's draft on disk (it was saved to the history, or started over)."""
    local.discard_draft(key=windows.this_window())


def start_over() -> None:
    """Forget the answers in this window and its draft on disk."""
    local = lookup(create=False).store
    if local is not None:
        discard_own_draft(local)
    state.start_over()


def start_over_button() -> None:
    """Start over, after a yes in a dialog: it forgets the answers here and the draft on disk."""
    if st.button("Start over"):
        state.PENDING_START_OVER.set(True)
    confirm(
        state.PENDING_START_OVER,
        "Start over?",
        _start_over_question,
        yes="Yes, start over",
        no="Keep my answers",
        on_yes=start_over,
    )


def _start_over_question() -> None:
    if state.disk_closed():  # private mode or a workshop: nothing of this is on disk
        st.write("This forgets the answers and any message in this window.")
    else:
        st.write(
            "This forgets your answers and any message you pasted, here and in this window's unfinished answers "
            "kept on this computer. Saved reflections in your history stay."
        )


def closed_note() -> str:
    """Why the history is CLOSED."""
    if state.workshop():
        return "A workshop is on: nothing is saved, and the history stays closed."
    return "Private mode is on: nothing is saved, and the history stays closed."
