"""About this tool: what it is and is not, its sources, version and updates, how sure it is, who made it."""

import streamlit as st

from components import about, layout
from components.loading import rubric_or_stop

layout.page_setup()
rubric = rubric_or_stop()
st.title("About this tool")
about.show(rubric)
