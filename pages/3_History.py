"""Past assessments: search, open, edit, delete, compare two, and see one person's trend."""

import streamlit as st

from components import history, layout, storage
from components.loading import rubric_or_stop

layout.page_setup()
rubric = rubric_or_stop()
st.title("History")

local = storage.store()
if local is None:
    st.info(storage.closed_note())
    st.stop()

search, relationship = history.filters()
rows = history.paged_list(rubric, local, search, relationship)
if rows:
    history.actions(local, history.choose(rows))
st.divider()
history.trend(rubric, local)
history.export_and_import(local)
