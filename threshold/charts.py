"""Altair charts of scores on 0..100 over the rubric's bands, low confidence marked.

Pure (no Streamlit): the app draws these with `st.altair_chart`, the printable report renders them to PNG.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import altair as alt
import pandas as pd

from threshold.reflection import is_low_confidence
from threshold.rubric import Rubric
from threshold.scoring import DimensionScore

BAND_LABELS = {"low": "Low", "moderate": "Moderate", "high": "High"}
# Quiet greys and blues: bands are context, not a traffic light that judges anyone. Each is a clear
# step lighter than the next (a contrast of 1.3 or more), so the bands stay apart on a washed-out projector.
BAND_COLOURS = ["#edf0f3", "#c5d3e0", "#9bb4cb"]
BAR_COLOUR = "#4c6e8a"
TEXT_COLOUR = "#26313b"
#: One colour and one point shape per motive in the trend, in rubric order: the app's blue first, then
#: muted colours far enough apart to tell the lines apart, and shapes for anyone who cannot.
MOTIVE_COLOURS = ["#4c6e8a", "#b5652e", "#6b8e4e", "#8a4c7d", "#2f5573", "#8a7a2e"]
MOTIVE_SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]
#: The ticks of every 0 to 100 score axis.
SCORE_TICKS = [0, 25, 50, 75, 100]
#: Presenter mode's chart text in CSS pixels, read from the back of a room at 1920×1080.
LARGE_FONT = 24


def dark_text(chart: alt.TopLevelMixin, font: int) -> alt.TopLevelMixin:
    """Every label, title and legend of the chart in the app's ink at `font` pixels, never the theme's grey."""
    return (
        chart.configure_axis(labelFontSize=font, titleFontSize=font, labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR)
        .configure_legend(labelFontSize=font, titleFontSize=font, labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR)
        .configure_title(color=TEXT_COLOUR)
    )


CAPTION_INSIDE_FROM = 70


def score_table(rubric: Rubric, scores: Mapping[str, DimensionScore], labels: Mapping[str, str]) -> pd.DataFrame:
    """One row per dimension, in rubric order: the chart's data and the accessible table's."""
    rows = []
    for dimension_id, score in scores.items():
        low = is_low_confidence(rubric, score)
        if score.score is None:
            caption = "no lean: nothing answered"
        else:
            caption = f"{score.score:.0f} · {BAND_LABELS[score.band].lower()}" + (" · low confidence" if low else "")
        rows.append(
            {
                "id": dimension_id,
                "label": labels[dimension_id],
                "score": score.score,
                "band": BAND_LABELS.get(score.band, "No lean"),
                "confidence": round(score.confidence * 100),
                "low_confidence": low,
                "caption": caption,
                "caption_at": score.score or 0,
            }
        )
    return pd.DataFrame(rows)


def figures(frame: pd.DataFrame, name_header: str) -> tuple[list[str], list[list[str]]]:
    """The same figures as the chart, as a plain table (header, rows) for screen readers and printing."""
    label, score, band, confidence = (frame[column].tolist() for column in ("label", "score", "band", "confidence"))
    scores = ["–" if pd.isna(s) else f"{s:.0f}" for s in score]
    rows = zip(label, scores, band, confidence, strict=True)
    return [name_header, "Score", "Band", "Answered (%)"], [[str(value) for value in row] for row in rows]


def score_chart(rubric: Rubric, frame: pd.DataFrame, title: str, large: bool = False) -> alt.LayerChart:
    """Horizontal bars over shaded bands; low-confidence bars are faded and outlined with dashes."""
    font = LARGE_FONT if large else 13
    row = 64 if large else 40
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
            x=alt.X("start:Q", scale=x_scale, title="Score (0 to 100)", axis=alt.Axis(values=SCORE_TICKS)),
            x2="end:Q",
            color=alt.Color(
                "band:N",
                scale=alt.Scale(domain=list(BAND_LABELS.values()), range=BAND_COLOURS),
                legend=alt.Legend(title="Band", orient="bottom", symbolSize=font * font, symbolStrokeColor=TEXT_COLOUR),
            ),
        )
    )
    order = list(frame["label"])
    # Presenter mode never clips a label: the wide layout has the room.
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelFontSize=font, labelLimit=0 if large else 260))
    low = alt.datum.low_confidence
    bars = (
        alt.Chart(frame)
        # aria=False: Vega leaves this mark group unlabelled (axe: svg-img-alt); the table beside it has the figures.
        .mark_bar(color=BAR_COLOUR, size=row * 0.55, stroke=BAR_COLOUR, strokeWidth=1.5, aria=False)
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
    layers = alt.layer(band_layer, bars, captions_inside, captions_after).properties(
        title=alt.TitleParams(title, fontSize=font + 2, anchor="start"),
        height=row * len(frame),
        padding={"top": 8, "left": 5, "right": 5, "bottom": 5},  # the title's ascenders, in large type
        # Fit the width to the page but keep the height for the bars, not for legend and title.
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )
    return dark_text(layers, font)


def trend_chart(frame: pd.DataFrame) -> alt.Chart:
    """Each motive's score across one person's assessments, oldest to newest, in the app's colours."""
    motives = list(dict.fromkeys(frame["motive"]))
    return (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=70, filled=True), strokeWidth=2.5)
        .encode(
            x=alt.X("taken:N", sort=None, title="Taken", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0 to 100)", axis=alt.Axis(values=SCORE_TICKS)
            ),
            color=alt.Color(
                "motive:N",
                title="Motive",
                scale=alt.Scale(domain=motives, range=MOTIVE_COLOURS[: len(motives)]),
            ),
            shape=alt.Shape("motive:N", scale=alt.Scale(domain=motives, range=MOTIVE_SHAPES[: len(motives)])),
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
            # Five ticks, as on every score axis; left to itself Vega-Lite draws one every 5 points.
            x=alt.X(
                "score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0 to 100)", axis=alt.Axis(values=SCORE_TICKS)
            ),
            color=alt.Color(
                "when:N",
                scale=alt.Scale(domain=["Earlier", "Later"], range=[BAND_COLOURS[2], BAR_COLOUR]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=["label:N", "when:N", alt.Tooltip("score:Q", format=".0f")],
        )
        .properties(height=alt.Step(16), autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    )


#: Paler than the score bars: a message's wording is weaker evidence than answers.
SIGNAL_COLOUR = "#8fa7bb"
NO_SIGNAL = "nothing found"


def signal_table(rubric: Rubric, signals: Mapping[str, float]) -> pd.DataFrame:
    """One row per motive, in rubric order: how strongly a message's wording hints at it, 0 to 1."""
    rows = []
    for motive in rubric.motives:
        signal = signals.get(motive.id, 0.0)
        rows.append(
            {
                "id": motive.id,
                "label": motive.label,
                "signal": signal,
                "caption": f"{signal:.2f}" if signal else NO_SIGNAL,
            }
        )
    return pd.DataFrame(rows)


def signal_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Small bars on a fixed 0 to 1 axis, so a faint hint looks faint; each labelled, "nothing found" at zero."""
    x = alt.X(
        "signal:Q",
        scale=alt.Scale(domain=[0, 1]),
        title="Hint in the wording (0 to 1)",
        axis=alt.Axis(values=[0, 0.25, 0.5, 0.75, 1], format=".2~f"),
    )
    y = alt.Y("label:N", sort=list(frame["label"]), title=None, axis=alt.Axis(labelLimit=220))
    bars = (
        alt.Chart(frame)
        .mark_bar(color=SIGNAL_COLOUR, size=14)
        .encode(
            y=y,
            x=x,
            tooltip=[alt.Tooltip("label:N", title="Motive"), alt.Tooltip("signal:Q", title="Hint", format=".2f")],
        )
    )
    # As in the score chart: labels sit inside long bars and just past short ones, so none runs off.
    inside = alt.datum.signal >= 0.8
    label = alt.Chart(frame).encode(y=y, x=x, text="caption:N")
    labels_inside = label.mark_text(align="right", dx=-5, color=TEXT_COLOUR).transform_filter(inside)
    labels_after = label.mark_text(align="left", dx=5, color=TEXT_COLOUR).transform_filter(~inside)
    return alt.layer(bars, labels_inside, labels_after).properties(
        title=alt.TitleParams("What the wording hints at", anchor="start"),
        height=26 * len(frame),
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )


#: Marks a reverse-keyed question in the weights heatmap: its answers count the other way round.
REVERSE_MARK = "↺"
#: Diverging, and neutral at zero: orange pulls a score down, blue pushes it up; neither is "bad".
WEIGHT_COLOURS = ["#b5652e", "#f7f7f5", "#2f5573"]
#: Presenter mode wraps a question's label after this many characters.
WRAP_AT = 64
#: The heatmap's point selection; `st.altair_chart(..., on_select=...)` reports it under this name.
MOTIVE_SELECTION = "motive"


def weights_table(rubric: Rubric) -> pd.DataFrame:
    """One row per question that weighs on a motive and motive, in rubric order, with every weight (zero where
    none): the questions about them, and any situation question that is evidence too (such as an apology)."""
    rows = []
    weighing = [
        i for i in rubric.items if rubric.kind_of(i) == "returner" or (rubric.kind_of(i) == "situation" and i.weights)
    ]
    for number, item in enumerate(weighing, start=1):
        # Numbered, so a room can say "question 12"; the mark leads so a clipped label keeps it.
        question = f"{REVERSE_MARK} {number}. {item.text}" if item.reverse else f"{number}. {item.text}"
        for motive in rubric.motives:
            weight = item.weights.get(motive.id, 0.0)
            rows.append(
                {
                    "item": item.id,
                    "number": number,
                    "question": question,
                    "statement": item.text,
                    "section": rubric.section_by_id[item.section].title,
                    "reverse": item.reverse,
                    "motive": motive.id,
                    "motive_label": motive.label,
                    "weight": weight,
                    # A real minus sign, so a negative weight reads as one from across a room.
                    "weight_text": f"{weight:+g}".replace("-", "−") if weight else "",
                }
            )
    return pd.DataFrame(rows)


def weights_heatmap(
    frame: pd.DataFrame, large: bool = False, extent: tuple[float, float] | None = None
) -> alt.LayerChart:
    """Questions by motives, each cell coloured and labelled by its signed weight; a click picks a motive.

    `extent` is the lowest and highest weight of the whole rubric, so that one part's chart colours a
    weight as every other part's does, and its legend runs over the weights there are, no further.
    In presenter mode every question is written out whole, wrapped over lines.
    """
    font = LARGE_FONT - 4 if large else 12
    low, high = extent or weight_extent(frame)
    limit = max(-low, high) or 1.0
    frame = frame.assign(row=frame["question"].map(lambda q: "\n".join(textwrap.wrap(q, WRAP_AT)) if large else q))
    lines = int(frame["row"].str.count("\n").max()) + 1
    selection = alt.selection_point(name=MOTIVE_SELECTION, fields=["motive"], on="click", clear="dblclick")
    x = alt.X(
        "motive_label:N",
        sort=list(dict.fromkeys(frame["motive_label"])),
        title=None,
        # One word a line, so a long motive name fits over its column and no label is dropped.
        axis=alt.Axis(
            orient="top",
            labelAngle=0,
            labelFontSize=font if large else min(font, 14),
            labelExpr="split(datum.label, ' ')",
            labelBaseline="line-bottom",
            labelOverlap=False,
            labelLimit=0,
        ),
    )
    y = alt.Y(
        "row:N",
        sort=None,
        title=None,
        # Small: clipped with an ellipsis so the columns keep room; the tooltip and the table below have it whole.
        axis=alt.Axis(
            labelFontSize=font,
            labelLimit=0,
            labelOverlap=False,
            labelLineHeight=round(font * 1.2),
            labelExpr="split(datum.label, '\\n')",
        )
        if large
        else alt.Axis(labelFontSize=font, labelLimit=340),
    )
    base = alt.Chart(frame).encode(x=x, y=y)
    cells = (
        base.mark_rect(stroke="#d9dde1", strokeWidth=1)
        .encode(
            color=alt.Color(
                "weight:Q",
                scale=weight_scale(low, high),
                legend=alt.Legend(title="Weight", orient="bottom", gradientLength=320 if large else 200),
            ),
            opacity=alt.condition(selection, alt.value(1.0), alt.value(0.35)),
            tooltip=[
                alt.Tooltip("statement:N", title="Question"),
                alt.Tooltip("section:N", title="Part"),
                alt.Tooltip("motive_label:N", title="Motive"),
                alt.Tooltip("weight:Q", title="Weight", format="+~g"),
                alt.Tooltip("reverse:N", title="Reverse-keyed"),
                alt.Tooltip("motive:N", title="Motive id"),
            ],
        )
        .add_params(selection)
    )
    strong = alt.expr.abs(alt.datum.weight) >= limit * 0.6
    labels = base.mark_text(fontSize=font, fontWeight="bold").encode(
        text="weight_text:N",
        color=alt.condition(strong, alt.value("#ffffff"), alt.value(TEXT_COLOUR)),
    )
    # Fixed cell sizes: columns wide enough for a motive's name and rows for a question's lines.
    row_height = lines * round(font * 1.2) + 12 if large else 22
    layers = alt.layer(cells, labels).properties(
        width=alt.Step(118 if large else 84),
        height=alt.Step(row_height),
        # Vega measures the wrapped motive names a few pixels short; the room above keeps their tops.
        padding={"top": 10, "left": 5, "right": 5, "bottom": 5},
    )
    return dark_text(layers, font)


def weight_extent(frame: pd.DataFrame) -> tuple[float, float]:
    """The lowest and highest weight, zero included."""
    return min(float(frame["weight"].min()), 0.0), max(float(frame["weight"].max()), 0.0)


def weight_scale(low: float, high: float) -> alt.Scale:
    """Orange below zero, blue above, mixed with the neutral in RGB so that every cell is a shade of the
    colour the caption names (Vega's default, HCL, turns them teal and khaki on the way); one side only
    when all weights share a sign, so the legend shows no colour that no cell has."""
    negative, neutral, positive = WEIGHT_COLOURS
    domain, colours = [0.0], [neutral]
    if low < 0:
        domain, colours = [low, *domain], [negative, *colours]
    if high > 0:
        domain, colours = [*domain, high], [*colours, positive]
    return alt.Scale(domain=domain, range=colours, interpolate="rgb")


def render_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """Render a chart to PNG on this machine, with the Vega-Lite version Altair wrote it for."""
    import vl_convert  # only reports need it; keep it out of the app's start-up

    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    version = major_minor if major_minor in vl_convert.get_vegalite_versions() else None
    # No base URLs allowed: the data is inline, so nothing may be fetched while rendering.
    return vl_convert.vegalite_to_png(chart.to_dict(), vl_version=version, scale=scale, allowed_base_urls=[])
