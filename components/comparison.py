"""Two assessments side by side: overlaid scores, score changes, and the answers that changed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.history import saved
from threshold import charts
from threshold.compare import AnswerChange, ScoreChange, compare
from threshold.rubric import Rubric
from threshold.store import Assessment


def show(earlier: Assessment, later: Assessment, rubric_earlier: Rubric, rubric_later: Rubric) -> None:
    """Everything that moved between two assessments, earlier first."""
    result = compare(earlier, later, rubric_earlier, rubric_later)
    left, right = st.columns(2)
    with left:
        st.markdown("**Earlier**")
        saved.assessment_header(earlier)
    with right:
        st.markdown("**Later**")
        saved.assessment_header(later)

    st.subheader("Their likely motives, then and now")
    st.altair_chart(charts.comparison_chart(overlay_frame(result.motives)), width="stretch")
    st.dataframe(changes_table(result.motives, "Motive"), hide_index=True, width="stretch")
    st.subheader("Your footing, then and now")
    st.dataframe(changes_table(result.footing, "Your footing"), hide_index=True, width="stretch")

    st.subheader("What changed in the answers")
    if not (result.changed or result.only_before or result.only_after):
        st.caption("The answers are the same in both.")
    for title, changes in (
        ("Answered differently", result.changed),
        ("Answered only the first time", result.only_before),
        ("Answered only the second time", result.only_after),
    ):
        if changes:
            st.markdown(f"**{title}**")
            # A static table wraps a long question; a data grid would cut it off at its column's width.
            st.table(answers_table(changes).set_index("Question"))


def overlay_frame(changes: list[ScoreChange]) -> pd.DataFrame:
    rows = []
    for change in changes:
        rows.append({"label": change.label, "when": "Earlier", "score": change.before})
        rows.append({"label": change.label, "when": "Later", "score": change.after})
    return pd.DataFrame(rows)


def changes_table(changes: list[ScoreChange], header: str) -> pd.DataFrame:
    def shown(value: float | None) -> str:
        return "–" if value is None else f"{value:.0f}"

    return pd.DataFrame(
        {
            header: [c.label for c in changes],
            "Earlier": [shown(c.before) for c in changes],
            "Later": [shown(c.after) for c in changes],
            "Change": ["–" if c.change is None else f"{c.change:+.0f}" for c in changes],
        }
    )


def answers_table(changes: list[AnswerChange]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Question": [c.text for c in changes],
            "Earlier": [c.before or "" for c in changes],
            "Later": [c.after or "" for c in changes],
        }
    )
