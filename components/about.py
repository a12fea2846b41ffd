"""The About page's parts: what Threshold is and is not, its sources, version, updates, uncertainty and makers."""

from __future__ import annotations

import streamlit as st

from components.loading import evaluation_figures
from threshold import about
from threshold.rubric import Rubric


def show(rubric: Rubric) -> None:
    info = rubric.about
    if info is None:
        st.write(f"This rubric (version {rubric.version}) says nothing about itself.")
        return
    st.subheader("What it is, and what it is not", anchor=False)
    st.write(info.what_it_is)
    st.write(info.what_it_is_not)
    st.subheader("Built from", anchor=False)
    for source in [*info.sources, *info.standards]:
        st.markdown(f"**{source.title}.** {source.citation}")
        st.caption(f"Used for: {source.used_for}")
    st.subheader("Version and updates", anchor=False)
    st.write(f"Rubric version {rubric.version}, produced {info.produced.day} {info.produced:%B %Y}.")
    st.write(info.update_policy)
    st.subheader("How sure the scores are", anchor=False)
    for line in about.uncertainty_lines(evaluation_figures(rubric)):
        st.write(line)
    st.caption("The same figures, with each motive's mix-ups: python -m threshold evaluate")
    st.subheader("Who made it", anchor=False)
    st.write(info.made_by)
    st.write(info.funding)
    st.write(info.data)
