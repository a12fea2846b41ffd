"""The reflective profile: safety first when needed, then their likely motives, questions and your footing."""

import streamlit as st

from components import layout, profile, state
from components.loading import rubric_or_stop
from threshold.scoring import fitting_answers, score_answers

layout.page_setup()
rubric = rubric_or_stop()
st.title("Your reflection")

if not state.has_answers():
    st.info("There are no answers yet. The reflection appears here once you have answered some questions.")
    st.page_link("pages/1_Questionnaire.py", label="Go to the questionnaire")
    st.stop()

result = score_answers(rubric, fitting_answers(rubric, state.answers()))
if result.safety_flag:
    profile.safety_panel(rubric, result)
    st.caption("What follows is about their possible motives. It comes second to your safety.")

profile.dominant_summary(rubric, result)
profile.motive_overview(rubric, result)
profile.motive_evidence(rubric, result)
profile.questions(rubric, result)
st.divider()
profile.footing(rubric, result)
st.divider()
profile.decision_check(rubric)
st.page_link("pages/1_Questionnaire.py", label="Back to the questionnaire to change an answer")
