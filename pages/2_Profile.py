"""The reflective profile of the current answers, and a way to keep it in the history."""

import streamlit as st

from components import history, layout, profile, state
from components.loading import rubric_or_stop
from threshold.scoring import fitting_answers, score_answers

layout.page_setup()
rubric = rubric_or_stop()
st.title("Your reflection")

if not state.has_answers():
    st.info("There are no answers yet. The reflection appears here once you have answered some questions.")
    st.page_link("pages/1_Questionnaire.py", label="Go to the questionnaire")
    st.stop()

answers = fitting_answers(rubric, state.answers())
profile.show(rubric, score_answers(rubric, answers))
st.divider()
history.save_form(rubric, answers)
st.page_link("pages/1_Questionnaire.py", label="Back to the questionnaire to change an answer")
