"""Past assessments: search, open, edit, delete, compare two, and see one person's trend."""

import streamlit as st

from components import layout, storage
from components.history import listing, transfer, trend
from components.loading import rubric_or_stop

layout.page_setup()
rubric = rubric_or_stop()
st.title("History")

# Only looking must not create the database: saving or importing does.
found = storage.lookup(create=False)
if found.access is storage.Access.CLOSED:
    st.info(storage.closed_note())
elif found.access is storage.Access.EMPTY:
    st.info("Nothing saved yet. Reflections you keep from the profile page appear here.")
    # Importing creates the history (then the import form opens); looking does not.
    if st.button("Import a Threshold export…") and storage.lookup().store is not None:
        transfer.open_import()
        st.rerun()
if found.store is None:
    st.stop()  # when BROKEN, the lookup has said why the history cannot be opened
local = found.store

search, relationship = listing.filters()
rows = listing.paged_list(rubric, local, search, relationship)
if rows:
    listing.actions(local, listing.choose(local, rows))
st.divider()
trend.show(rubric, local, rows)
transfer.export_and_import(local)
