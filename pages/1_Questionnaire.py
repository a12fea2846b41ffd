"""The questionnaire: an introduction with a choice of path, then the parts that fit the situation."""

import streamlit as st

from components import layout, navigation, questionnaire, state, storage
from components.loading import rubric_or_stop

layout.page_setup()
rubric = rubric_or_stop()
st.title("Questionnaire")
storage.offer_draft(rubric)

step = min(state.STEP.get(), len(questionnaire.steps(rubric)))
with st.sidebar:
    questionnaire.parts_overview(rubric, step)
questionnaire.progress(rubric, step)
if step == 0:
    questionnaire.introduction(rubric)
else:
    questionnaire.section_step(rubric, step)

if questionnaire.back_and_next(rubric, step):
    st.switch_page(navigation.PROFILE)
