"""The facilitator's two charts of a room, as Altair specs (pure, no Streamlit)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from threshold.charts import BAR_COLOUR, SCORE_TICKS, TEXT_COLOUR, dark_text
from threshold.room.aggregate import RoomResults
from threshold.rubric import Rubric

INTENDED_COLOUR = "#b5652e"
ROOM, INTENDED = "This room", "The scenario's reading"


def leading_table(rubric: Rubric, results: RoomResults) -> pd.DataFrame:
    return pd.DataFrame([{"Motive": m.label, "Reflections it leads": results.leading[m.id]} for m in rubric.motives])


def leading_chart(frame: pd.DataFrame, large: bool = False) -> alt.Chart:
    """How many of the room's reflections each motive leads, one bar per motive in rubric order."""
    font = 24 if large else 13
    chart = (
        alt.Chart(frame, title=alt.TitleParams("Leading motives in the room", anchor="start", fontSize=font + 2))
        .mark_bar(color=BAR_COLOUR, aria=False)
        .encode(
            y=alt.Y("Motive:N", sort=list(frame["Motive"]), title=None, axis=alt.Axis(labelLimit=0)),
            x=alt.X("Reflections it leads:Q", axis=alt.Axis(tickMinStep=1), scale=alt.Scale(domainMin=0)),
            tooltip=["Motive:N", "Reflections it leads:Q"],
        )
        .properties(height=(56 if large else 34) * len(frame), autosize=alt.AutoSizeParams(type="fit-x"))
    )
    return dark_text(chart, font)


def profile_table(rubric: Rubric, results: RoomResults) -> pd.DataFrame:
    rows = []
    for motive in rubric.motives:
        rows.append({"Motive": motive.label, "Reading": ROOM, "Score": results.average[motive.id]})
        rows.append({"Motive": motive.label, "Reading": INTENDED, "Score": results.intended[motive.id]})
    return pd.DataFrame(rows)


def profile_chart(frame: pd.DataFrame, large: bool = False) -> alt.Chart:
    """The room's average score per motive beside the score of the scenario's own answers."""
    font = 24 if large else 13
    chart = (
        alt.Chart(
            frame.dropna(), title=alt.TitleParams("The room against the scenario", anchor="start", fontSize=font + 2)
        )
        .mark_bar(aria=False)
        .encode(
            y=alt.Y("Motive:N", sort=list(dict.fromkeys(frame["Motive"])), title=None, axis=alt.Axis(labelLimit=0)),
            yOffset=alt.YOffset("Reading:N", sort=[ROOM, INTENDED]),
            x=alt.X(
                "Score:Q", scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(values=SCORE_TICKS), title="Score (0 to 100)"
            ),
            color=alt.Color(
                "Reading:N",
                scale=alt.Scale(domain=[ROOM, INTENDED], range=[BAR_COLOUR, INTENDED_COLOUR]),
                legend=alt.Legend(title=None, orient="bottom", labelColor=TEXT_COLOUR),
            ),
            tooltip=["Motive:N", "Reading:N", alt.Tooltip("Score:Q", format=".0f")],
        )
        .properties(height=(80 if large else 48) * frame["Motive"].nunique(), autosize=alt.AutoSizeParams(type="fit-x"))
    )
    return dark_text(chart, font)
