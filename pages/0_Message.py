"""Their message, an optional first step: what its wording hints at, and which questions it may inform."""

import streamlit as st

from components import layout, message, navigation, storage
from components.loading import rubric_or_stop

layout.page_setup()
rubric = rubric_or_stop()
st.title("Their message")
storage.offer_draft(rubric)

message.introduction()
st.page_link(navigation.QUESTIONNAIRE, label="Skip this and go to the questionnaire")
text = message.message_input()
reading = message.reading_of_their_lines(rubric, text) if text.strip() else None
if reading is not None:
    message.show_reading(rubric, text, reading)
    message.informed_items(rubric, reading)
    st.page_link(navigation.QUESTIONNAIRE, label="On to the questionnaire")
