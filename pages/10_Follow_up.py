"""After you ask them: record what they said, update the answers it changes, and save a linked follow-up."""

import streamlit as st

from components import follow_up, history, layout, state, storage
from threshold.store import AssessmentNotFound

layout.page_setup()
st.title("After you asked them")

local = storage.store(create=False)  # only looking must not create the database
try:
    first = local.get(state.following_up()) if local and state.following_up() else None
except AssessmentNotFound:
    first = None
if first is None:
    st.info("Open a saved reflection in the history, then choose “I asked them”.")
    st.page_link(history.HISTORY_PAGE, label="Open the history")
    st.stop()

rubric = history.rubric_or_stop(local, first)  # the follow-up is scored as the first was
history.assessment_header(first)
follow_up.form(local, rubric, first)
st.page_link(history.SAVED_PAGE, label="Back to the saved reflection")
