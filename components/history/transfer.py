"""Export everything as JSON or CSV, or import a Threshold export, from the history page.

A file's reasons for refusal quote the file itself, so they are shown as plain text only.
"""

from __future__ import annotations

import streamlit as st

from components import state
from components.plain import plain_error
from threshold.plural import counted
from threshold.store import Store, StoreError
from threshold.transfer import TransferError, export_csv, export_json, import_bytes

IMPORT_OPEN_KEY = state.widget_key("history.import_open")


def export_and_import(local: Store) -> None:
    """Download everything as JSON or CSV (built only when clicked), or add a Threshold export."""
    # Its open state is kept here, not only in the browser, so the reruns of choosing a file and of
    # the list growing after an import never fold it away under the person using it.
    with st.expander("Export or import", key=IMPORT_OPEN_KEY, on_change="rerun"):
        st.caption("Exports are files on this computer; keep them somewhere private.")
        as_json, as_csv = st.columns(2)
        as_json.download_button(
            "Download everything (JSON)",
            data=lambda: export_json(local),
            file_name="threshold-export.json",
            mime="application/json",
            on_click="ignore",
        )
        as_csv.download_button(
            "Download scores (CSV)",
            data=lambda: export_csv(local),
            file_name="threshold-scores.csv",
            mime="text/csv",
            on_click="ignore",
        )
        upload = st.file_uploader("Import a Threshold export (JSON)", type=["json"])
        imported = state.NOTICE.take()
        if imported:
            st.success(imported)
        if upload is not None and st.button("Import it"):
            try:
                result = import_bytes(local, upload.getvalue(), source=upload.name)
            except (TransferError, StoreError) as exc:
                # The reasons quote the file (its name, names and versions in it): plain text only.
                plain_error("Nothing was imported; the file was refused.", exc)
                return
            state.NOTICE.set(
                f"Imported {counted(result.added, 'reflection')}; "
                f"{counted(result.skipped, 'was', 'were')} here already."
            )
            st.rerun()  # the list above is drawn before the import: draw it again with what came in


def open_import() -> None:
    """Open Export or import on the next run, for a person who came to import."""
    state.set_widget(IMPORT_OPEN_KEY, True)
