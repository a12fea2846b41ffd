"""One saved assessment, shown exactly as it was scored, with the rubric it was scored with."""

import streamlit as st

from components import history, layout, profile, state, storage
from threshold.store import AssessmentNotFound

layout.page_setup()
st.title("Saved reflection")

local = storage.store()
try:
    assessment = local.get(state.viewing()) if local and state.viewing() else None
except AssessmentNotFound:
    assessment = None
if assessment is None:
    st.info("Choose a saved reflection in the history to see it here.")
    st.page_link(history.HISTORY_PAGE, label="Open the history")
    st.stop()

history.assessment_header(assessment)
profile.show(local.rubric_for(assessment), assessment.profile, with_decision_check=False)
st.subheader("Your notes")
st.text(assessment.notes or "No notes.")
st.page_link(history.HISTORY_PAGE, label="Back to the history")
