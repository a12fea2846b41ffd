"""The passphrase lock in the app: asking for it at start, and setting, changing or removing it.

The key derived from the passphrase is kept in this session's memory only (components/state.py);
the passphrase itself is never kept anywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from components import privacy, state, storage
from components.plain import plain_error
from threshold import store as history
from threshold.crypto import MIN_PASSPHRASE_CHARS, passphrase_problem
from threshold.store import LockSetNotCleared, StoreError, WrongPassphrase

if TYPE_CHECKING:
    from threshold.store import Store

NO_RECOVERY = (
    "There is no way to recover a forgotten passphrase: not by you, not by anyone. Without it your saved "
    "reflections cannot be read, and the only way back is to delete everything and start again."
)
WRONG = "That passphrase is not the right one. Nothing was changed; try again."
#: Exactly what the lock leaves readable (threshold/store/sealing.py seals everything else).
READABLE_UNDER_THE_LOCK = (
    "What stays readable under the lock, to anyone with the file: how many reflections are saved; each one's "
    "relationship (partner, friend, family or other), the day it was saved and the day they reached out; "
    "which version of the questions it was scored with; the length of each encrypted value (a long note "
    "looks long); and for unfinished answers, when they were last changed and which part of the "
    "questionnaire they had reached. Everything else is encrypted, each value bound to its own reflection, "
    "so a value moved to another one, or blanked, is reported as damage, never shown as another's."
)


def gate() -> None:
    """Before any page content: when the history is locked and this window has no key, ask for it."""
    if state.disk_closed() or not storage.database_exists():
        return  # nothing will be read, so there is nothing to unlock
    try:
        local = history.Store.default(key=state.LOCK_KEY.get())
    except WrongPassphrase:
        # The lock was changed in another window since this one was unlocked.
        state.LOCK_KEY.set(None)
        local = history.Store.default()
    except (StoreError, OSError):
        return  # the page itself says what is wrong when it opens the store
    if not local.has_lock or state.LOCK_KEY.get() is not None:
        return
    unlock_form(local)
    st.stop()


def unlock_form(local: Store) -> None:
    st.subheader("Your saved reflections are locked")
    st.write("Enter your passphrase to open them. They stay open in this window until you close it or use Quick exit.")
    with st.form("unlock"):
        passphrase = st.text_input("Passphrase", type="password")
        if st.form_submit_button("Unlock", type="primary"):
            try:
                state.LOCK_KEY.set(local.key_for(passphrase))
            except WrongPassphrase:
                st.error(WRONG)
            else:
                st.rerun()
    st.caption(
        "Forgotten it? It cannot be recovered. You can still use Threshold without your saved reflections: "
        "turn on private mode in the sidebar. Or delete everything and start again:"
    )
    privacy.delete_everything_button()


def settings(local: Store | None) -> None:
    """Set a lock (after saying there is no recovery), or change or remove the one that is set."""
    st.subheader("Passphrase lock")
    if state.disk_closed():
        st.caption(storage.closed_note())
        return
    st.write(
        "With a passphrase, the names, answers, notes, their message and unfinished answers stored on this "
        "computer are encrypted, and Threshold asks for the passphrase each time it starts. Someone who copies "
        "the file cannot read them."
    )
    st.caption(READABLE_UNDER_THE_LOCK)
    if local is not None and local.has_lock:
        st.success("Your saved reflections are locked with a passphrase.")
        change(local)
        remove(local)
    else:
        set_new(local)


def set_new(local: Store | None) -> None:
    st.warning(NO_RECOVERY)
    with st.form("set_lock", clear_on_submit=True):
        passphrase, understood = _new_passphrase()
        if not st.form_submit_button("Lock my saved reflections", type="primary"):
            return
    if _acceptable(passphrase, understood):
        _reseal(
            local or storage.lookup().store, passphrase, "Locked. Threshold will ask for the passphrase when it starts."
        )


def change(local: Store) -> None:
    with st.expander("Change the passphrase"):
        st.caption(NO_RECOVERY)
        with st.form("change_lock", clear_on_submit=True):
            current = st.text_input("Current passphrase", type="password")
            passphrase, understood = _new_passphrase()
            if not st.form_submit_button("Change the passphrase"):
                return
        if _correct(local, current) and _acceptable(passphrase, understood):
            _reseal(local, passphrase, "The passphrase is changed.")


def remove(local: Store) -> None:
    with st.expander("Remove the lock"):
        st.caption("Your saved reflections will be stored unencrypted again, readable by anyone with this file.")
        with st.form("remove_lock", clear_on_submit=True):
            current = st.text_input("Current passphrase", type="password")
            if not st.form_submit_button("Remove the lock"):
                return
        if _correct(local, current):
            local.remove_passphrase()
            state.LOCK_KEY.set(None)
            _done("The lock is removed.")


def _new_passphrase() -> tuple[str, bool]:
    passphrase = st.text_input(
        "New passphrase", type="password", help=f"At least {MIN_PASSPHRASE_CHARS} characters; a few words are easiest."
    )
    again = st.text_input("The same passphrase again", type="password")
    understood = st.checkbox("I understand that a forgotten passphrase cannot be recovered")
    return (passphrase if passphrase == again else None), understood


def _acceptable(passphrase: str | None, understood: bool) -> bool:
    problem = None if passphrase is None else passphrase_problem(passphrase)
    if passphrase is None:
        st.error("The two passphrases are not the same. Nothing was changed.")
    elif problem:
        st.error(f"{problem[0].upper()}{problem[1:]}. Nothing was changed.")
    elif not understood:
        st.error("Tick the box to say you understand there is no recovery. Nothing was changed.")
    return passphrase is not None and problem is None and understood


def _correct(local: Store, passphrase: str) -> bool:
    try:
        local.key_for(passphrase)
    except WrongPassphrase:
        st.error(WRONG)
        return False
    return True


def _reseal(local: Store | None, passphrase: str, done: str) -> None:
    if local is None:
        return
    try:
        state.LOCK_KEY.set(local.set_passphrase(passphrase))
    except LockSetNotCleared as exc:
        # Set and committed: this window keeps its key, and is told plainly what is still to be done.
        state.LOCK_KEY.set(exc.key)
        _done(f"{done} Note: {exc}.")
        return
    except StoreError as exc:
        plain_error("Nothing was changed:", exc)
        return
    _done(done)


def _done(notice: str) -> None:
    # Rerun so that everything above the form shows the new state; the notice says what happened.
    state.NOTICE.set(notice)
    st.rerun()
