"""After you ask them: record what they said, update the answers it changes, and save a linked follow-up."""

import streamlit as st

from components import follow_up, layout, navigation, state
from components.history import saved

layout.page_setup()
st.title("After you asked them")

local, first = saved.assessment_or_stop(
    state.FOLLOWING_UP.get(), "Open a saved reflection in the history, then choose “I asked them”."
)

rubric = saved.rubric_or_stop(local, first)  # the follow-up is scored as the first was
saved.assessment_header(first)
follow_up.form(local, rubric, first)
st.page_link(navigation.SAVED, label="Back to the saved reflection")
