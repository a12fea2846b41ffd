"""Keeping a reflection in the history: the save form, and the details a person writes about one.

Names and notes are the user's own text: they appear only through st.text, tables and plain
widget values, never in Markdown, so nothing in them is ever rendered.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import navigation, state, storage
from components.plain import plain_error
from threshold.decision import DecisionRecord
from threshold.rubric import Rubric
from threshold.situation import RELATIONSHIP, situation_codes
from threshold.store import MAX_NAME_CHARS, MAX_NOTES_CHARS, RELATIONSHIPS, StoreError

#: The date field's bounds; the store refuses a day after today.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2999, 12, 31)


def save_form(rubric: Rubric, answers: dict, decision: DecisionRecord | None = None) -> None:
    """Keep this reflection: who it is about, the relationship, when they reached out, notes (and any options)."""
    st.subheader("Keep this reflection")
    if state.PRIVATE_MODE.get():
        st.caption("Private mode is on, so nothing is saved on this computer.")
        return
    if state.workshop():
        st.caption("These are a fictional workshop scenario's answers, so they are not saved.")
        return
    if state.SAVED_ANSWERS.get() == answers:
        st.success("Saved in your history on this computer.")
        st.page_link(navigation.HISTORY, label="Open the history")
        return
    with st.form("save_assessment"):
        # What the situation step said, else nothing chosen: "partner" must never be assumed for an ex or a parent.
        known = situation_codes(rubric, answers).get(RELATIONSHIP)
        name, relationship, reached_out, notes = details_fields(relationship=known if known in RELATIONSHIPS else None)
        if state.MESSAGE.get():
            st.caption("The message you pasted is kept with it.")
        if not st.form_submit_button("Save to my history", type="primary"):
            return
    if relationship is None:
        st.error("Choose who they are to you, then save again. Nothing was lost.")
        return
    local = storage.lookup().store
    if local is None:
        return
    try:
        new_id = local.save_assessment(
            rubric,
            answers,
            decision=decision,
            name=name,
            relationship=relationship,
            reached_out_on=reached_out,
            notes=notes,
            message=state.MESSAGE.get(),
            message_speaker=state.MESSAGE_SPEAKER.get(),
        )
    except StoreError as exc:
        plain_error("Nothing was saved, and what you entered is still in the form:", exc)
        return
    storage.discard_own_draft(local)  # this window's answers are in the history now
    state.remember_saved(answers, name.strip(), new_id)
    st.rerun()


def details_fields(
    name: str = "", relationship: str | None = None, reached_out: date | None = None, notes: str = ""
) -> tuple[str, str | None, date | None, str]:
    """What the person writes about a reflection, for saving it or editing it later.

    No `max_chars` on the name: the browser would drop a longer paste and leave the field empty, so
    the store refuses it instead, with the text still in the field.
    """
    name = st.text_input(
        "Who is this about?", name, help=f"A name or nickname, up to {MAX_NAME_CHARS} characters; only you see it."
    )
    relationship = st.selectbox(
        "They are your…",
        RELATIONSHIPS,
        index=RELATIONSHIPS.index(relationship) if relationship in RELATIONSHIPS else None,
        format_func=str.capitalize,
        placeholder="Choose one",
    )
    # Bounds wide enough that a typed future date reaches the store, which says why it is refused;
    # a date outside the bounds would be dropped by the browser without a word.
    reached_out = st.date_input(
        "When did they reach out?",
        value=reached_out,
        min_value=EARLIEST_DATE,
        max_value=LATEST_DATE,
        format="DD/MM/YYYY",
        help="Optional; not after today.",
    )
    notes = st.text_area("Notes for yourself (optional)", notes, max_chars=MAX_NOTES_CHARS)
    return name, relationship, reached_out, notes
