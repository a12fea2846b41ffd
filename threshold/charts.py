"""Altair charts of scores on 0..100 over the rubric's bands, low confidence marked.

Pure (no Streamlit): the app draws these with `st.altair_chart`, the printable report renders them to PNG.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from threshold.reflection import is_low_confidence
from threshold.rubric import Rubric
from threshold.scoring import DimensionScore

BAND_LABELS = {"low": "Low", "moderate": "Moderate", "high": "High"}
# Quiet greys and blues: bands are context, not a traffic light that judges anyone.
BAND_COLOURS = ["#e1e6ea", "#d0dce7", "#b9cde0"]
BAR_COLOUR = "#4c6e8a"
TEXT_COLOUR = "#26313b"
CAPTION_INSIDE_FROM = 70


def score_table(rubric: Rubric, scores: Mapping[str, DimensionScore], labels: Mapping[str, str]) -> pd.DataFrame:
    """One row per dimension, in rubric order: the chart's data and the accessible table's."""
    rows = []
    for dimension_id, score in scores.items():
        low = is_low_confidence(rubric, score)
        if score.score is None:
            caption = "not enough answers"
        else:
            caption = f"{score.score:.0f} · {BAND_LABELS[score.band].lower()}" + (" · low confidence" if low else "")
        rows.append(
            {
                "id": dimension_id,
                "label": labels[dimension_id],
                "score": score.score,
                "band": BAND_LABELS.get(score.band, "Not scored"),
                "confidence": round(score.confidence * 100),
                "low_confidence": low,
                "caption": caption,
                "caption_at": score.score or 0,
            }
        )
    return pd.DataFrame(rows)


def accessible_table(frame: pd.DataFrame, name_header: str) -> pd.DataFrame:
    """The same figures as the chart, as a plain table for screen readers and printing."""
    table = frame[["label", "score", "band", "confidence"]].rename(
        columns={"label": name_header, "score": "Score", "band": "Band", "confidence": "Answered (%)"}
    )
    table["Score"] = table["Score"].map(lambda s: "–" if pd.isna(s) else f"{s:.0f}")
    return table.set_index(name_header)


def score_chart(rubric: Rubric, frame: pd.DataFrame, title: str, large: bool = False) -> alt.LayerChart:
    """Horizontal bars over shaded bands; low-confidence bars are faded and outlined with dashes."""
    font = 18 if large else 13
    row = 56 if large else 40
    bands = pd.DataFrame(
        [
            {"band": "Low", "start": 0, "end": rubric.scoring.moderate_from},
            {"band": "Moderate", "start": rubric.scoring.moderate_from, "end": rubric.scoring.high_from},
            {"band": "High", "start": rubric.scoring.high_from, "end": 100},
        ]
    )
    x_scale = alt.Scale(domain=[0, 100])
    band_layer = (
        alt.Chart(bands)
        .mark_rect()
        .encode(
            x=alt.X("start:Q", scale=x_scale, title="Score (0 to 100)", axis=alt.Axis(values=[0, 25, 50, 75, 100])),
            x2="end:Q",
            color=alt.Color(
                "band:N",
                scale=alt.Scale(domain=list(BAND_LABELS.values()), range=BAND_COLOURS),
                legend=alt.Legend(title="Band", orient="bottom"),
            ),
        )
    )
    order = list(frame["label"])
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelFontSize=font, labelLimit=260))
    low = alt.datum.low_confidence
    bars = (
        alt.Chart(frame)
        .mark_bar(color=BAR_COLOUR, size=row * 0.55, stroke=BAR_COLOUR, strokeWidth=1.5)
        .encode(
            y=y,
            x=alt.X("score:Q", scale=x_scale),
            opacity=alt.condition(low, alt.value(0.4), alt.value(1.0)),
            strokeDash=alt.condition(low, alt.value([4, 3]), alt.value([1, 0])),
            tooltip=[
                alt.Tooltip("label:N", title="Motive"),
                alt.Tooltip("score:Q", title="Score", format=".0f"),
                alt.Tooltip("band:N", title="Band"),
                alt.Tooltip("confidence:Q", title="Answered (%)"),
            ],
        )
    )
    # Captions sit inside long bars and just past short ones, so none runs off the chart; inside a
    # faded (low-confidence) bar they stay dark, since light text on a pale bar is hard to read.
    inside = alt.datum.caption_at >= CAPTION_INSIDE_FROM
    caption = alt.Chart(frame).encode(y=y, x=alt.X("caption_at:Q", scale=x_scale), text="caption:N")
    captions_inside = (
        caption.mark_text(align="right", dx=-6, fontSize=font - 1)
        .encode(color=alt.condition(low, alt.value(TEXT_COLOUR), alt.value("#ffffff")))
        .transform_filter(inside)
    )
    captions_after = caption.mark_text(align="left", dx=6, fontSize=font - 1, color=TEXT_COLOUR).transform_filter(
        ~inside
    )
    return (
        alt.layer(band_layer, bars, captions_inside, captions_after)
        .properties(
            title=alt.TitleParams(title, fontSize=font + 2, anchor="start"),
            height=row * len(frame),
            # Fit the width to the page but keep the height for the bars, not for legend and title.
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
        .configure_axis(labelFontSize=font, titleFontSize=font)
        .configure_legend(labelFontSize=font, titleFontSize=font)
    )


def trend_chart(frame: pd.DataFrame) -> alt.Chart:
    """Each motive's score across one person's assessments, oldest to newest."""
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("taken:N", sort=None, title="Taken", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0 to 100)"),
            color=alt.Color("motive:N", title="Motive", sort=None),
            tooltip=["taken:N", "motive:N", alt.Tooltip("score:Q", format=".0f")],
        )
        .properties(height=320)
    )


def comparison_chart(frame: pd.DataFrame) -> alt.Chart:
    """Two assessments' scores per motive, overlaid: the earlier faded, the later solid."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=None, title=None),
            yOffset=alt.YOffset("when:N", sort=["Earlier", "Later"]),
            x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0 to 100)"),
            color=alt.Color(
                "when:N",
                scale=alt.Scale(domain=["Earlier", "Later"], range=[BAND_COLOURS[2], BAR_COLOUR]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=["label:N", "when:N", alt.Tooltip("score:Q", format=".0f")],
        )
        .properties(height=alt.Step(16), autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    )


def render_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """Render a chart to PNG on this machine, with the Vega-Lite version Altair wrote it for."""
    import vl_convert  # only reports need it; keep it out of the app's start-up

    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    version = major_minor if major_minor in vl_convert.get_vegalite_versions() else None
    # No base URLs allowed: the data is inline, so nothing may be fetched while rendering.
    return vl_convert.vegalite_to_png(chart.to_dict(), vl_version=version, scale=scale, allowed_base_urls=[])
