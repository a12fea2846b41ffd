"""One person's motives across their saved assessments, oldest to newest."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import state
from threshold import charts
from threshold.rubric import MOTIVE_IDS, Rubric
from threshold.store import Assessment, Store


def show(rubric: Rubric, local: Store, shown: list) -> None:
    """One person's motives across their assessments, oldest to newest.

    The people offered are those on the page of the list shown (which follows the search), so the
    page costs the same with ten saved or a hundred thousand; the one picked stays while paging.
    """
    st.subheader("How it has changed over time")
    picked = state.TREND_NAME.get()
    names = sorted({r.name for r in shown} | ({picked} if picked else set()), key=lambda n: (n.casefold(), n))
    if not names:
        return
    widget = state.widget_key("history.trend")
    state.follow(widget, picked)
    name = st.selectbox(
        "Whose assessments?",
        names,
        index=names.index(picked) if picked in names else None,
        key=widget,
        on_change=lambda: state.TREND_NAME.set(state.widget_value(widget)),
    )
    st.caption("The names in the list above; search by name to find someone else.")
    if name is None:
        return
    series = local.history_of(name)
    if not series:  # renamed or deleted since it was picked
        state.TREND_NAME.set(None)
        return
    if len(series) < 2:
        st.caption("There is one assessment for this name so far; a trend needs two or more.")
        return
    frame = trend_frame(rubric, series)
    st.altair_chart(charts.trend_chart(frame), width="stretch")
    table = frame.pivot_table(index="taken", columns="motive", values="score", sort=False)
    # Whole points, as everywhere else; an unscored motive shows a dash.
    st.dataframe(table.map(lambda s: "–" if pd.isna(s) else f"{s:.0f}").reset_index(), hide_index=True, width="stretch")


def trend_frame(rubric: Rubric, series: list[Assessment]) -> pd.DataFrame:
    labels = {m.id: m.label for m in rubric.motives}
    return pd.DataFrame(
        [
            {
                # A follow-up is marked on the time axis itself, so the thread reads as one line.
                "taken": f"{a.taken_at.astimezone():%Y-%m-%d %H:%M}"
                + (f" · follow-up of #{a.follow_up_of}" if a.follow_up_of else ""),
                "motive": labels.get(m, m),
                "score": a.profile.motives[m].score,
            }
            for a in series
            for m in MOTIVE_IDS
        ]
    )
