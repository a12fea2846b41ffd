"""Printable reports of a reflection, as PDF and as HTML downloads, built only when asked for.

Each file is built when its button is clicked (a deferred download) and is not cached: a report
is as private as the answers, and a cache would keep it in the server's memory past a quick exit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial

import streamlit as st

from components import state
from threshold.decision import DecisionRecord, Reply
from threshold.reflection_blocks import PRINT_NOTE
from threshold.report import report_html, report_pdf
from threshold.rubric import Rubric
from threshold.scoring import Profile

#: Label, builder, file name and type of each format; the file names are neutral and name no one.
FORMATS = [
    ("Download as PDF", report_pdf, "threshold-reflection.pdf", "application/pdf"),
    ("Download as HTML", report_html, "threshold-reflection.html", "text/html"),
]


def offer(
    rubric: Rubric,
    profile: Profile,
    *,
    name: str | None = None,
    taken_at: date | None = None,
    decision: DecisionRecord | None = None,
    replies: Sequence[Reply] = (),
) -> None:
    """Download buttons for this reflection (with the options page and any replies); with a name, a box
    (off by default) to print it."""
    st.subheader("A printable report")
    st.caption(
        "The reflection as a file to print or keep: the chart, the evidence, the questions, your footing "
        f"and the decision check, with the date and the rubric version. {PRINT_NOTE}"
    )
    include_name = bool(name) and st.checkbox(
        "Include the name", value=False, key=state.widget_key("report.name"), help="Off, the report names no one."
    )
    options = {"include_name": include_name, "name": name, "taken_at": taken_at, "country": state.COUNTRY.get()}
    options |= {"decision": decision, "replies": tuple(replies)}
    for column, (label, build, file_name, mime) in zip(st.columns(2), FORMATS, strict=True):
        column.download_button(
            label,
            data=partial(build, rubric, profile, **options),
            file_name=file_name,
            mime=mime,
            on_click="ignore",  # the page stays as it is; only the file is made
            width="stretch",
        )
