"""The rubric explorer: how a score is computed, every weight in one heatmap, and each motive up close."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import loading, state
from threshold import charts
from threshold.rubric import Motive, Rubric
from threshold.scoring import score_answers

CHART_KEY = state.widget_key("explorer.chart")
MOTIVE_KEY = state.widget_key("explorer.motive")
#: At most this many questions per heatmap, so each fits one screen at 1920×1080 in presenter mode.
HEATMAP_QUESTIONS = 8


def how_scoring_works(rubric: Rubric) -> None:
    """The scoring rule in plain steps, with the rubric's own thresholds."""
    scoring = rubric.scoring
    st.subheader("How a score is computed")
    st.markdown(
        f"""
1. **Every motive starts at 50**, which means no lean either way.
2. **Each answered question that measures a motive moves it up or down.** How far depends on the
   question's weight (the numbers in the chart below) and on the answer: the far end of the scale
   moves it the whole weight, the middle of the scale not at all.
3. **A negative weight works the other way round**: agreeing pulls that motive down.
4. **Reverse-keyed questions** ({charts.REVERSE_MARK}) are worded the other way round, so their answers
   are turned around before they count.
5. **The moves are shared out by weight** among the questions answered, so a score stays between 0
   and 100, and the points add up exactly to how far it is from 50. The reflection lists them
   under "Because you said…".
{_prior_step(scoring.prior_weight)}
6. **"Not sure" and unanswered questions are missing evidence, never a low answer.** They do not move
   the score; they lower its confidence. With under {scoring.low_confidence_below:.0%} of a motive's
   evidence answered, its bar is faded and dashed.
7. **Bands**: under {scoring.moderate_from:g} is low, from {scoring.moderate_from:g} moderate, from
   {scoring.high_from:g} high. Each band has its own words, below.
8. **Only the questions your situation asks count.** The first part (who they are to you, who ended
   it, how they came back, whether they apologised) decides which questions are asked and how they
   are worded; a question that does not fit is never asked and never counts.
9. **The headline is as sure as the evidence.** It names one motive only when it leads the next by
   more than {scoring.close_within:g} points on at least {scoring.min_answers_for_headline} answers;
   otherwise it says that motives are close, or that there is not enough yet to tell.
"""
    )
    st.caption(
        "For those who like a formula: each answer adds 50 × weight × (2a − 1) ÷ "
        f"({scoring.prior_weight:g} + the total weight of the answered questions that measure the motive), "
        "where a places the answer between 0 and 1 on its scale. "
        "Your own footing is scored the same way but kept apart, and the safety questions never feed into either."
    )


def weights(rubric: Rubric, large: bool = False) -> None:
    """The items-by-motives heatmap, one part of the questionnaire at a time so each fits a screen;
    clicking a column picks that motive below."""
    st.subheader("Every question and its weights")
    st.caption(
        "Each row is a question about them, each column a motive, and each number a weight. Blue pushes the "
        f"motive up when the answer agrees; orange, a negative weight, pulls it down. {charts.REVERSE_MARK} marks "
        "a reverse-keyed question. Click a column to see that motive's questions."
    )
    frame = loading.weights_table(rubric)
    extent = charts.weight_extent(frame)  # one colour scale for every part
    for title, rows in heatmap_parts(frame):
        st.markdown(f"**{title}**")
        key = CHART_KEY + "." + str(rows["item"].iloc[0])
        st.altair_chart(
            charts.weights_heatmap(rows, large, extent),
            on_select=lambda key=key: _clicked(key),
            selection_mode=charts.MOTIVE_SELECTION,
            key=key,
            width="stretch",
        )
        with st.expander(f"{title}: the same weights as a table"):  # this chart's text alternative
            st.dataframe(weights_grid(rubric, rows), width="stretch")


def heatmap_parts(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The weights part by part, a long part in pieces of at most HEATMAP_QUESTIONS, so each fits one screen."""
    parts = []
    for part, rows in frame.groupby("section", sort=False):
        items = list(dict.fromkeys(rows["item"]))
        pieces = [items[i : i + HEATMAP_QUESTIONS] for i in range(0, len(items), HEATMAP_QUESTIONS)]
        for number, piece in enumerate(pieces, start=1):
            title = part if len(pieces) == 1 else f"{part} ({number} of {len(pieces)})"
            parts.append((title, rows[rows["item"].isin(piece)]))
    return parts


def weights_grid(rubric: Rubric, table: pd.DataFrame) -> pd.DataFrame:
    """These weights, one row per question and one column per motive, blank where none."""
    grid = table.pivot_table(
        index="question", columns="motive_label", values="weight_text", aggfunc="first", sort=False
    )
    return grid[[m.label for m in rubric.motives]].rename_axis(index="Question", columns=None)


def _clicked(key: str) -> None:
    # The click and the selectbox below pick the same thing; the selectbox keeps it.
    points = state.widget_value(key)["selection"].get(charts.MOTIVE_SELECTION) or []
    if points:
        state.set_widget(MOTIVE_KEY, points[0]["motive"])


def motive_picker(rubric: Rubric) -> Motive:
    """The motive to look at closely, for keyboards as well as clicks on the chart."""
    chosen = st.selectbox(
        "Motive",
        [m.id for m in rubric.motives],
        format_func=lambda m: rubric.motive_by_id[m].label,
        key=MOTIVE_KEY,
        help="The same as clicking its column in the chart.",
    )
    return rubric.motive_by_id[chosen]


def motive_card(rubric: Rubric, motive: Motive) -> None:
    """One motive: what it means, its signs, its band texts, the questions that measure it, an example."""
    st.subheader(motive.label)
    st.write(motive.description)
    signs, bands = st.columns(2)
    with signs:
        st.markdown("**Signs of this motive**")
        st.markdown("\n".join(f"- {sign}" for sign in motive.signs))
    with bands:
        st.markdown("**What each band says**")
        scoring = rubric.scoring
        st.markdown(f"*Low (under {scoring.moderate_from:g}):* {motive.bands.low}")
        st.markdown(f"*Moderate ({scoring.moderate_from:g} to {scoring.high_from:g}):* {motive.bands.moderate}")
        st.markdown(f"*High ({scoring.high_from:g} and over):* {motive.bands.high}")
    st.markdown(f"**The questions that measure {motive.label.lower()}**")
    st.table(measuring_table(rubric, motive).set_index("#"))  # wraps long questions; grows with presenter mode
    worked_example(rubric, motive)


def measuring_table(rubric: Rubric, motive: Motive) -> pd.DataFrame:
    """The questions that weigh on this motive, numbered as in the heatmap, with their weights."""
    frame = loading.weights_table(rubric)
    rows = frame[(frame["motive"] == motive.id) & (frame["weight"] != 0)]
    return pd.DataFrame(
        {
            "#": rows["number"],
            "Question": rows["statement"],
            "Weight": rows["weight_text"],
            "Reverse-keyed": rows["reverse"].map({True: "yes", False: ""}),
            "Part": rows["section"],
        }
    )


def _prior_step(prior: float) -> str:
    """The step about thin evidence, for a rubric with a prior; older rubrics had none."""
    if not prior:
        return ""
    return (
        f"   Every motive also starts with the weight of {prior:g} imagined neutral answers, so one or two answers "
        "move it only part of the way: thin evidence cannot reach the high band, and the more you answer, the "
        "less this matters."
    )


def worked_example(rubric: Rubric, motive: Motive) -> None:
    """Its two weightiest questions, one answered at each end of its scale, scored for real."""
    measuring = sorted(
        (i for i in rubric.items_of_kind("returner") if i.weights.get(motive.id)),
        key=lambda i: -abs(i.weights[motive.id]),
    )[:2]
    answers = {}
    for item, pick in zip(measuring, (max, min), strict=False):
        answers[item.id] = pick(rubric.scale_of(item).values)
    score = score_answers(rubric, answers).motives[motive.id]
    # In the order asked, and to the hundredth, so the sum on screen adds up exactly.
    contributions = sorted(score.contributions, key=lambda c: list(answers).index(c.item))
    lines = []
    for contribution in contributions:
        item = rubric.item_by_id[contribution.item]
        reverse = ", reverse-keyed" if item.reverse else ""
        lines.append(
            f"- “{item.text}” (weight {item.weights[motive.id]:+g}{reverse}): "
            f"**{rubric.scale_of(item).label_for(contribution.answer)}**, {contribution.points:+.2f} points"
        )
    sum_line = " ".join(f"{'+' if c.points >= 0 else '−'} {abs(c.points):.2f}" for c in contributions)
    raw = 50 + sum(c.points for c in contributions)
    st.markdown("**A worked example**")
    st.write(f"Suppose only {'these questions were' if len(lines) > 1 else 'this question was'} answered:")
    st.markdown("\n".join(lines))
    st.write(f"{motive.label}: 50 {sum_line} = {raw:.2f}, so the score is {score.score:.0f} of 100, {score.band}.")
