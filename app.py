"""Threshold's home page: what it is for, a plain disclaimer, and a way to start or resume."""

import streamlit as st

from components import layout, navigation, questionnaire, state, storage
from components.loading import rubric_or_stop

layout.page_setup()
rubric = rubric_or_stop()

st.title("Threshold")
st.write(
    "Someone who once left or rejected you has reached out again. Threshold helps you look at "
    "why they might have come back, and at where you stand now, before you decide anything."
)
st.write(
    "You answer a few questions about your situation, then a quick or a full set about how it ended, "
    "the time apart and how they came back. "
    "Threshold reflects your answers back: their likely motives, the evidence behind each, and "
    "questions to ask them and yourself."
)
st.info("Private by design: everything stays on this computer. Nothing is sent anywhere.")

storage.offer_draft(rubric)
if state.has_answers():
    st.write("You have answers in progress.")
    resume, profile_link = st.columns(2)
    with resume:
        st.page_link(navigation.QUESTIONNAIRE, label="Resume the questionnaire")
    with profile_link:
        st.page_link(navigation.PROFILE, label="See the reflection so far")
    storage.start_over_button()
else:
    questionnaire.start_buttons()
if not state.workshop():  # the history stays closed in a workshop
    st.page_link(navigation.HISTORY, label="Look back at saved reflections")

st.caption(
    "Threshold is a reflection aid. It is not a verdict, a diagnosis or therapy, and it does not "
    "tell you whether to let anyone back into your life. If you are afraid of someone, your safety "
    "comes first: contact your local emergency number or a domestic-abuse helpline."
)
st.caption(f"Rubric version {rubric.version}")
