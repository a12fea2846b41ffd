"""The reflective profile's cards: safety first when needed, then motives, evidence, questions, footing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import streamlit as st

from components import loading, state
from threshold import reflection
from threshold.rubric import Rubric
from threshold.scoring import DimensionScore, Profile

if TYPE_CHECKING:
    import pandas as pd

YES, NOT_YET = "Yes", "Not yet"


def show(rubric: Rubric, profile: Profile, *, with_decision_check: bool = True, large: bool = False) -> None:
    """The whole reflection, safety first when needed; `large` draws the charts for the back of a room."""
    if profile.safety_flag:
        safety_panel(rubric, profile)
        st.caption("What follows is about their possible motives. It comes second to your safety.")
    elif profile.safety_unsure:
        gentle_safety_note(rubric)
    dominant_summary(rubric, profile)
    motive_overview(rubric, profile, large)
    motive_evidence(rubric, profile)
    questions(rubric, profile)
    st.divider()
    footing(rubric, profile, large)
    if with_decision_check:
        st.divider()
        decision_check(rubric)


def safety_panel(rubric: Rubric, profile: Profile) -> None:
    """Calm and plain: the reported signs, resources for the chosen country, a technology note."""
    safety = rubric.safety
    with st.container(border=True):
        st.subheader(safety.title)
        st.write(safety.intro)
        st.markdown("**What you shared**")
        st.markdown("\n".join(f"- {sign}" for sign in reflection.safety_signs(rubric, profile)))
        resources_list(rubric)
        st.caption(safety.tech_note)


def gentle_safety_note(rubric: Rubric) -> None:
    """For "Not sure" on fear or threats: the resources, offered quietly, without the full override."""
    with st.expander("You were not sure about some safety questions. Help is here if you want it"):
        st.write(
            "Not being sure is common, and it is worth taking seriously. If you ever feel unsafe with them, "
            "these services are free and confidential, and you can talk to them without deciding anything."
        )
        resources_list(rubric)
        st.caption(rubric.safety.tech_note)


def resources_list(rubric: Rubric) -> None:
    countries = rubric.safety.resources.countries
    choices = [None, *countries]
    current = state.COUNTRY.get()
    picked = st.selectbox(
        "Where are you?",
        choices,
        index=choices.index(current) if current in choices else 0,
        format_func=lambda c: "Anywhere (general)" if c is None else c,
        help="Shows helplines for that country. The general ones are always listed.",
    )
    state.COUNTRY.set(picked)
    resources = [*countries.get(picked, []), *rubric.safety.resources.default] if picked else []
    resources = resources or list(rubric.safety.resources.default)
    for resource in resources:
        note = f" ({resource.note})" if resource.note else ""
        st.markdown(f"- **{resource.name}**: {resource.contact}{note}")


def dominant_summary(rubric: Rubric, profile: Profile) -> None:
    """The headline, as sure as the evidence allows, and the named motives in plain words."""
    heading = reflection.dominant_heading(rubric, profile)
    if heading is None:
        st.write(
            "There are not enough answers about them yet to suggest a motive. "
            "You can go back to the questionnaire at any time."
        )
        return
    st.subheader(heading, anchor=False)
    named = reflection.reading(rubric, profile).motives
    if not named:
        st.write("A few more answers about them would let the reflection say more. The scores below stay near 50.")
    for motive_id in named:
        motive = rubric.motive_by_id[motive_id]
        st.markdown(f"**{motive.label}.** {motive.description}")
        st.write(reflection.interpretation(rubric, motive_id, profile.motives[motive_id]))
    st.caption("Their return usually says more about them than about your worth. This is a reflection, not a verdict.")


def motive_overview(rubric: Rubric, profile: Profile, large: bool = False) -> None:
    """The motive chart with the same figures as a table beside it."""
    labels = {m.id: m.label for m in rubric.motives}
    frame = score_chart(rubric, profile.motives, labels, "Their likely motives", large)
    st.table(accessible_table(frame, "Motive"))
    if frame["low_confidence"].any():
        st.caption(
            "Faded, dashed bars rest on fewer answers (under "
            f"{rubric.scoring.low_confidence_below:.0%} of their questions), so hold them more lightly."
        )


def motive_evidence(rubric: Rubric, profile: Profile) -> None:
    """Per motive, what it means, its band text, and the answers that moved it most."""
    st.subheader("Why each score is what it is")
    for motive_id in reflection.ranked_motives(profile):
        motive, score = rubric.motive_by_id[motive_id], profile.motives[motive_id]
        heading = motive.label if score.score is None else f"{motive.label}: {score.score:.0f} of 100"
        with st.expander(heading):
            st.write(motive.description)
            if score.score is None:
                st.write("None of the questions about this were answered, so it has no score.")
                continue
            st.write(reflection.interpretation(rubric, motive_id, score))
            if reflection.is_low_confidence(rubric, score):
                st.caption(f"Only {score.confidence:.0%} of its questions were answered; hold this lightly.")
            evidence_list(rubric, reflection.evidence_for(rubric, score, codes=profile.situation))
            st.markdown("**Signs of this motive**")
            st.markdown("\n".join(f"- {sign}" for sign in motive.signs))


def evidence_list(rubric: Rubric, evidence: list[reflection.Evidence]) -> None:
    if not evidence:
        st.write("Your answers pointed neither toward nor away from it.")
        return
    st.markdown("**Because you said…**")
    st.markdown("\n".join(f"- {reflection.evidence_line(e)}" for e in evidence))


def questions(rubric: Rubric, profile: Profile) -> None:
    """Questions to ask them, framed for safety when needed, and questions to ask yourself."""
    them, yourself = st.columns(2)
    with them:
        st.subheader("Questions you could ask them")
        if profile.safety_flag:
            st.info(rubric.safety.ask_framing)
        st.markdown("\n".join(f"- {q}" for q in reflection.questions_to_ask_them(rubric, profile)))
    with yourself:
        st.subheader("Questions to ask yourself")
        st.markdown("\n".join(f"- {q}" for q in reflection.questions_to_ask_yourself(rubric, profile)))


def footing(rubric: Rubric, profile: Profile, large: bool = False) -> None:
    """The user's own footing: its own chart and text, never mixed with their motives."""
    st.subheader("Your footing")
    st.caption("This is about you, not them, and it is kept apart from their motives.")
    labels = {d.id: d.label for d in rubric.footing}
    frame = score_chart(rubric, profile.footing, labels, "Where you stand now", large)
    st.table(accessible_table(frame, "Your footing"))
    for dimension in rubric.footing:
        text = reflection.footing_interpretation(rubric, dimension.id, profile.footing[dimension.id])
        if text:
            st.markdown(f"**{dimension.label}.** {text}")


def score_chart(
    rubric: Rubric, scores: Mapping[str, DimensionScore], labels: Mapping[str, str], title: str, large: bool
) -> pd.DataFrame:
    """Draw the scores' bar chart (rebuilt only when what it shows changed); return its table of figures."""
    # Imported here: Altair and pandas are needed once a chart is drawn, not for the first page.
    from threshold import charts

    frame = charts.score_table(rubric, scores, labels)
    shown = ("score", title, large, rubric.scoring.moderate_from, rubric.scoring.high_from, frame.to_json())
    loading.altair_chart(shown, lambda: charts.score_chart(rubric, frame, title, large))
    return frame


def accessible_table(frame: pd.DataFrame, name_header: str) -> pd.DataFrame:
    from threshold import charts

    return charts.accessible_table(frame, name_header)


def decision_check(rubric: Rubric) -> None:
    """Four yes-or-not-yet questions; fewer than four yes gets a calm word about time and support."""
    check = rubric.decision_check
    st.subheader("A short check before any decision")
    st.write(check.intro)
    answers = state.DECISION_CHECK.held()
    for question in check.questions:
        saved = answers.get(question.id)
        choice = st.radio(
            question.text,
            [YES, NOT_YET],
            index=None if saved is None else (0 if saved else 1),
            horizontal=True,
            key=state.widget_key(f"check.{question.id}"),
        )
        if choice is not None:
            answers[question.id] = choice == YES
    message = reflection.decision_check_message(rubric, answers)
    if message:
        st.info(message)
