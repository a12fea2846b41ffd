"""Your options, after the reflection: the decision stated, the options side by side, and your next step."""

import streamlit as st

from components import decision, layout, navigation, report_download, state
from components.loading import rubric_or_stop
from threshold.scoring import fitting_answers, score_answers

layout.page_setup()
rubric = rubric_or_stop()
st.title("Your options")

if not state.has_answers() or rubric.decision is None:
    st.info("Your options appear here after the reflection, once you have answered some questions.")
    st.page_link(navigation.QUESTIONNAIRE, label="Go to the questionnaire")
    st.stop()

answers = fitting_answers(rubric, state.ANSWERS.held())
current = score_answers(rubric, answers)
decision.show(rubric, current)
st.divider()
report_download.offer(rubric, current, name=state.saved_name(answers), decision=state.decision_record())
if not state.PRESENTER.get():  # saving is hidden in front of a room
    st.divider()
    decision.keep(rubric, answers, state.decision_record())
st.page_link(navigation.PROFILE, label="Back to your reflection")
st.page_link(navigation.ABOUT, label="About this tool: its sources, and how sure it is")
