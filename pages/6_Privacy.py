"""What Threshold keeps and where, what never leaves this computer, and how to export, lock or delete it."""

import streamlit as st

from components import layout, lock, privacy, state, storage

layout.page_setup()
st.title("Privacy")
notice = state.NOTICE.take()
if notice:
    st.success(notice)

local = storage.lookup(create=False).store
privacy.what_is_stored(local)
privacy.what_never_leaves()
st.divider()
privacy.how_to_export()
lock.settings(local)
st.divider()
privacy.delete_everything()
