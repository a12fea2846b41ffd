"""Past assessments: search, open, edit, delete, compare two, and see one person's trend."""

import streamlit as st

from components import history, layout, state, storage
from components.loading import rubric_or_stop

layout.page_setup()
rubric = rubric_or_stop()
st.title("History")

# Only looking must not create the database: saving or importing does.
local = storage.store(create=False)
if local is None:
    if state.disk_closed():
        st.info(storage.closed_note())
    elif not storage.database_exists():
        st.info("Nothing saved yet. Reflections you keep from the profile page appear here.")
        # Importing creates the history (then the import form opens); looking does not.
        if st.button("Import a Threshold export…") and storage.store() is not None:
            history.open_import()
            st.rerun()
    st.stop()  # otherwise storage.store has said why the history cannot be opened

search, relationship = history.filters()
rows = history.paged_list(rubric, local, search, relationship)
if rows:
    history.actions(local, history.choose(local, rows))
st.divider()
history.trend(rubric, local)
history.export_and_import(local)
