"""One saved assessment, shown exactly as it was scored, with the rubric it was scored with; a what-if and a report."""

import streamlit as st

from components import follow_up, layout, message, navigation, profile, report_download, state, whatif
from components.history import saved

layout.page_setup()
st.title("Saved reflection")

local, assessment = saved.assessment_or_stop(
    state.VIEWING.get(), "Choose a saved reflection in the history to see it here."
)

# The rubric first: if it fails today's checks, its version (shown in the header) is not fit to render.
rubric = saved.rubric_or_stop(local, assessment)
saved.assessment_header(assessment)
profile.show(rubric, assessment.profile, with_decision_check=False)
st.subheader("Your notes")
st.text(assessment.notes or "No notes.")
message.saved(rubric, assessment)
saved.decision_and_replies(rubric, assessment)
follow_up.start_button(assessment)
st.divider()
whatif.explore(rubric, assessment.answers, assessment.profile)
st.divider()
report_download.offer(
    rubric,
    assessment.profile,
    name=assessment.name,
    taken_at=assessment.taken_at.astimezone().date(),
    decision=assessment.decision,
    replies=assessment.replies,
)
st.page_link(navigation.HISTORY, label="Back to the history")
