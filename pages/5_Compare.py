"""Two saved assessments side by side: the scores overlaid, and what changed in the answers."""

import streamlit as st

from components import comparison, follow_up, layout, navigation, state, storage
from components.history import saved
from threshold.store import AssessmentNotFound

layout.page_setup()
st.title("Compare")

local = storage.lookup(create=False).store  # only looking must not create the database
try:
    chosen = local.assessments(state.COMPARING.get()) if local and len(state.COMPARING.get()) == 2 else []
except AssessmentNotFound:
    chosen = []
if len(chosen) != 2:
    st.info("Choose two saved reflections in the history to compare them here.")
    st.page_link(navigation.HISTORY, label="Open the history")
    st.stop()

earlier, later = sorted(chosen, key=lambda a: a.taken_at)
comparison.show(earlier, later, saved.rubric_or_stop(local, earlier), saved.rubric_or_stop(local, later))
follow_up.replies(later, earlier)
st.page_link(navigation.HISTORY, label="Back to the history")
