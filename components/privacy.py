"""Privacy building blocks: the private-mode switch, the quick exit's target, what is stored and
where, exports, and deleting everything."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import streamlit as st

from components import navigation, state, storage
from components.danger import danger_button
from components.dialog import confirm
from components.plain import plain_error
from threshold import store as history
from threshold.plural import counted
from threshold.store import StoreError, history_location

if TYPE_CHECKING:
    from threshold.store import Store

#: Where the quick exit leads: "blank" (the default) or "notes", a plain, empty notepad page.
#: Only pages of this app: an outside site would mean a request leaving this computer. The browser
#: draws the same page at once (components/quick_exit.js), so it shows even with no server.
EXIT_PAGE_ENV = "THRESHOLD_EXIT_PAGE"
EXIT_PAGES = ("blank", "notes")


def private_mode_switch() -> None:
    """The sidebar switch: while on, this window reads and writes nothing on disk."""
    st.toggle(
        "Private mode",
        value=state.PRIVATE_MODE.get(),
        key=state.widget_key("private_mode"),
        on_change=lambda: state.PRIVATE_MODE.set(state.widget_value(state.widget_key("private_mode"))),
        help="Nothing is saved on this computer while it is on, not even unfinished answers, and the "
        "history stays closed. It does not delete what is already saved.",
    )


def exit_page() -> str:
    """The quick exit's target from THRESHOLD_EXIT_PAGE; anything unknown falls back to blank."""
    chosen = os.environ.get(EXIT_PAGE_ENV, "").strip().lower()
    return chosen if chosen in EXIT_PAGES else "blank"


def after_quick_exit() -> None:
    """What the tab shows after a quick exit: nothing, or an empty notepad that says nothing of Threshold."""
    if exit_page() == "notes":
        st.title("Notes")
        st.text_area("Notes", placeholder="Write something…", label_visibility="collapsed")


def what_is_stored(local: Store | None) -> None:
    """What Threshold keeps, the actual path of the file, and what is in it now."""
    st.subheader("What is stored, and where")
    on_a_server = history.database_url() is not None
    where = (
        "Everything Threshold keeps is in a PostgreSQL database (set by THRESHOLD_DATABASE_URL), not in a file "
        "of its own: who can read it is up to that server, and what Threshold deletes may stay in the "
        "server's logs and backups until the server clears them"
        if on_a_server
        else "Everything Threshold keeps is in one file on this computer, readable only by your user account"
    )
    if state.workshop():
        st.write(where + ".")  # on a projector: neither where the real history is nor what is in it
    else:
        st.write(where + ":")
        st.code(history_location(), language=None)
    kept = (
        "- **Saved reflections**: the name or nickname you gave, the relationship, the dates, your answers, "
        "the scores, your notes, their message if you pasted it, and the rubric they were scored with.\n"
        "- **Unfinished answers** and their message, saved as you answer so that a closed window loses nothing.\n"
        "- **The passphrase lock**, if you set one: a random salt and a check value, never the passphrase."
    )
    if not on_a_server:
        kept += (
            "\n\nWhile the app runs, SQLite keeps two working files beside it (ending in -wal and -shm). "
            "Set `THRESHOLD_DATA_DIR` before starting the app to keep the file somewhere else."
        )
    st.markdown(kept)
    if state.disk_closed():
        st.info(storage.closed_note())
    elif local is None:
        st.info("Nothing is stored on this computer now.")
    else:
        draft = "yes" if local.drafts() else "none"
        lock = "on" if local.has_lock else "off"
        st.info(
            f"Stored now: {counted(local.count(), 'saved reflection')}; unfinished answers: {draft}; "
            f"passphrase lock: {lock}."
        )


def what_never_leaves() -> None:
    st.subheader("What never leaves this computer")
    st.markdown(
        "- **Nothing you enter is sent anywhere.** The app runs on this computer and answers only this "
        "computer (127.0.0.1). There are no accounts, no usage statistics and no tracking.\n"
        "- **Nothing is loaded from the internet**: fonts, icons and scripts all come with the app.\n"
        "- **Names and notes are shown as plain text**, never run as formatting, links or code.\n"
        "- **Quick exit** (top right of every page, or Shift pressed three times) clears this window's answers "
        "and leaves a blank page, even when Threshold has stopped. "
        "It does not delete what is saved.\n"
        "- **Private mode** (in the sidebar) saves nothing for as long as it is on, and keeps the history closed."
    )
    st.caption(
        "A report or export is made only when you click its button; the app tells your browser not to keep "
        "it in its cache and forgets it as soon as it is sent. This app cannot erase every trace, though: "
        "the file stays in your downloads folder until you delete it, the browser's list of downloads "
        "keeps its name and address, its history shows that a page called Threshold was open on this "
        "computer, and backups or the disk itself may keep old copies. A private browser window keeps no "
        "history or list of downloads once it is closed."
    )


def how_to_export() -> None:
    """Where exports are made, and why they are the user's to keep safe and delete."""
    st.subheader("Export")
    st.write(
        "To take your saved reflections elsewhere, open the History page and use Export or import: JSON keeps "
        "everything and can be imported again; CSV opens in a spreadsheet."
    )
    if not state.disk_closed():
        st.page_link(navigation.HISTORY, label="Export from the History page")
    st.caption(
        "A downloaded file is not encrypted, even with a passphrase lock. Threshold keeps no copy and does not "
        "know where your browser saved it, so Delete everything cannot remove it: delete it yourself when done. "
        "Files written with `python -m threshold export` go where you said, and are yours to remove too."
    )


def delete_everything() -> None:
    """The section with the one confirmed action that removes everything Threshold stored."""
    st.subheader("Delete everything")
    if state.workshop():
        # Presenter mode or a scenario must never be one click away from deleting the real history.
        st.info(storage.closed_note())
        return
    st.write(
        "Removes the file above with every saved reflection, your notes, the unfinished answers and the "
        "passphrase lock, and clears this window. It cannot be undone, and it works without the passphrase. "
        "The same from a terminal: `python -m threshold wipe --yes`."
    )
    delete_everything_button()


def delete_everything_button() -> None:
    danger_button("Delete everything…", "delete_everything", on_click=state.PENDING_WIPE.set, args=(True,))
    confirm(
        state.PENDING_WIPE,
        "Delete everything?",
        lambda: st.write(
            "This deletes every saved reflection, your notes, the unfinished answers and the passphrase lock "
            "from this computer, for good. There is no undo."
        ),
        yes="Delete everything for good",
        no="Keep everything",
        on_yes=_wipe,
        danger="delete_everything_for_good",
    )


def _wipe() -> bool:
    try:
        removed = history.wipe()
    except StoreError as exc:
        plain_error("Not everything could be deleted:", exc)
        return False
    state.start_over()
    state.LOCK_KEY.set(None)
    state.NOTICE.set(f"Everything is deleted ({counted(len(removed), 'file')} removed). This window is cleared too.")
    return True
