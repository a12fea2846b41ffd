"""Workshop: fictional scenarios for a room, loaded in one click; presenter mode and a reset between groups."""

import streamlit as st

from components import layout, navigation, room, state, workshop
from components.loading import rubric_or_stop, scenarios_or_stop

layout.page_setup(personal=False)
rubric = rubric_or_stop()
st.title("Workshop")
workshop.introduction()
workshop.presenter_controls()
workshop.leave_button()
st.divider()
scenario = workshop.pick(scenarios_or_stop(rubric))
workshop.show(scenario)
workshop.load_buttons(rubric, scenario)
st.page_link(navigation.RUBRIC, label="See how the scoring works")
st.divider()
st.subheader("A room for phones")
room.host(rubric, scenario, large=state.PRESENTER.get())
