"""What-if: suppose one answer were different, and watch the chart and the dominant motive move.

It scores a copy of the answers; the answers in the session and in the history are never changed.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import profile, state
from components.questionnaire import NOT_SURE
from threshold import reflection
from threshold.rubric import Rubric
from threshold.scoring import NOT_SURE_LABEL, Answers, Profile, score_answers

PREFIX = "whatif."
ITEM_KEY = state.widget_key(PREFIX + "item")
UNANSWERED = "Not answered"


@st.fragment
def explore(rubric: Rubric, answers: Answers, before: Profile, large: bool = False) -> None:
    """Pick a question and another answer, against `before`, the profile of `answers` the page shows;
    only this part reruns."""
    st.subheader("What if one answer were different?")
    st.caption("Try another answer to any one question and see what moves. The answers given stay as they are.")
    items = {i.id: i for i in rubric.items_of_kind("returner")}
    numbers = {item_id: n for n, item_id in enumerate(items, start=1)}
    item_id = st.selectbox(
        "Question",
        list(items),
        index=None,
        placeholder="Choose a question",
        format_func=lambda i: f"{numbers[i]}. {items[i].text}",
        key=ITEM_KEY,
    )
    if item_id is None:
        return
    scale = rubric.scale_of(items[item_id])
    given = answers.get(item_id)

    def label(choice) -> str:
        return NOT_SURE_LABEL if choice in (None, NOT_SURE) else scale.label_for(choice)

    choices = [*scale.values, NOT_SURE]
    st.caption(f"Answered: {label(given) if item_id in answers else UNANSWERED}")
    # One widget per question, so switching questions never carries an answer onto another scale.
    choice = st.selectbox(
        "Suppose the answer were",
        choices,
        index=choices.index(NOT_SURE if given is None else given) if item_id in answers else None,
        placeholder="Choose another answer",
        format_func=label,
        key=state.widget_key(f"{PREFIX}answer.{item_id}"),
    )
    st.button("Back to the original answers", on_click=reset)
    if choice is None:
        return
    after = score_answers(rubric, {**answers, item_id: None if choice == NOT_SURE else choice})
    dominant_change(rubric, before, after)
    profile.score_chart(
        rubric, after.motives, {m.id: m.label for m in rubric.motives}, "If that answer were different", large
    )
    st.table(moved_table(rubric, before, after).set_index("Motive"))  # type that grows with presenter mode


def reset() -> None:
    """Forget the chosen question and answer: back to the answers as given."""
    state.WIDGETS.forget(under=PREFIX)


def dominant_change(rubric: Rubric, before: Profile, after: Profile) -> None:
    """The headline of the what-if, and what it was with the answers given."""
    now = reflection.dominant_heading(rubric, after) or "No motive has enough answers to stand out"
    if after.dominant == before.dominant:
        st.info(f"{now}: the same as with the answers given.")
        return
    was = reflection.join_names([rubric.motive_by_id[m].label for m in before.dominant]) if before.dominant else "none"
    st.info(f"{now}. With the answers given, it was {was}.")


def moved_table(rubric: Rubric, before: Profile, after: Profile) -> pd.DataFrame:
    """Each motive's score with the answers given and in the what-if, and the change between the two shown."""

    def whole(score: float | None) -> int | None:
        # Whole numbers first, so the change is the difference of the figures on screen.
        return None if score is None else round(score)

    rows = []
    for motive in rubric.motives:
        old, new = whole(before.motives[motive.id].score), whole(after.motives[motive.id].score)
        rows.append(
            {
                "Motive": motive.label,
                "As answered": "–" if old is None else str(old),
                "What if": "–" if new is None else str(new),
                "Change": "–" if old is None or new is None else (f"{new - old:+d}" if new != old else "0"),
            }
        )
    return pd.DataFrame(rows)
