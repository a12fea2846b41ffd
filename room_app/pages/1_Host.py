"""Room hosting, for the facilitator: open a room for a scenario and watch it fill in."""

import streamlit as st

from components import room, workshop
from components.loading import rubric_or_stop, scenarios_or_stop

room.page_setup("Host a room")
rubric = rubric_or_stop()
st.caption("Everyone in these scenarios is invented. A room keeps no names, and closing it deletes every answer.")
scenario = workshop.pick(scenarios_or_stop(rubric))
with st.expander("The story and the message"):
    workshop.show(scenario)
room.host(rubric, scenario)
