"""The rubric explorer: how a score is computed, every weight in one heatmap, and each motive up close."""

import streamlit as st

from components import explorer, layout, state
from components.loading import rubric_or_stop

layout.page_setup(wide=True, personal=False)
rubric = rubric_or_stop()
st.title("How scoring works")
st.caption(f"Rubric version {rubric.version}. The same rules score every reflection; nothing is hidden.")
explorer.how_scoring_works(rubric)
explorer.weights(rubric, large=state.PRESENTER.get())
explorer.motive_card(rubric, explorer.motive_picker(rubric))
