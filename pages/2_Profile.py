"""The reflective profile of the current answers: a what-if, a printable report, and a way to keep it."""

import streamlit as st

from components import layout, navigation, profile, questionnaire, report_download, state, whatif, workshop
from components.history import save
from components.loading import rubric_or_stop, scenarios_or_stop
from threshold.scoring import fitting_answers, score_answers

layout.page_setup()
rubric = rubric_or_stop()
st.title("Your reflection")

if not state.has_answers():
    st.info("There are no answers yet. The reflection appears here once you have answered some questions.")
    st.page_link(navigation.QUESTIONNAIRE, label="Go to the questionnaire")
    st.stop()

if state.SCENARIO.get():
    workshop.loaded_note(scenarios_or_stop(rubric))
answers = fitting_answers(rubric, state.ANSWERS.held())
current = score_answers(rubric, answers)
questionnaire.quick_path_note(rubric)
profile.show(rubric, current, large=state.PRESENTER.get())
if rubric.decision:
    st.page_link(navigation.OPTIONS, label="Next: your options, set out side by side")
st.divider()
whatif.explore(rubric, answers, current, large=state.PRESENTER.get())
st.divider()
report_download.offer(rubric, current, name=state.saved_name(answers), decision=state.decision_record())
if not state.PRESENTER.get():  # saving is hidden in front of a room
    st.divider()
    save.save_form(rubric, answers, decision=state.decision_record())
st.page_link(navigation.QUESTIONNAIRE, label="Back to the questionnaire to change an answer")
