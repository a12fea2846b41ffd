"""One saved assessment on its own page: who and when, or a way back to the history when it is gone.

Names and notes are the user's own text: they appear only through st.text, tables and plain
widget values, never in Markdown, so nothing in them is ever rendered.
"""

from __future__ import annotations

import streamlit as st

from components import navigation, profile, state, storage
from components.plain import plain_error
from threshold import decision_blocks
from threshold.blocks import as_answered
from threshold.rubric import Rubric, RubricError
from threshold.store import Assessment, AssessmentNotFound, Store


def assessment_header(assessment: Assessment) -> None:
    """Who, when and with which rubric; the name as plain text."""
    st.text(assessment.name)
    reached = f" · they reached out on {assessment.reached_out_on:%d %B %Y}" if assessment.reached_out_on else ""
    st.caption(
        f"{assessment.relationship.capitalize()} · taken {assessment.taken_at.astimezone():%d %B %Y, %H:%M}"
        f"{reached} · rubric version {assessment.rubric_version}"
    )


def decision_and_replies(rubric: Rubric, assessment: Assessment) -> None:
    """What was said on the options page, and their replies to the questions, as the report has them."""
    sections = []
    if assessment.decision is not None and rubric.decision is not None:
        options = decision_blocks.options_sections(rubric, assessment.profile, assessment.decision, state.COUNTRY.get())
        sections += as_answered(options)
    if assessment.replies:
        sections.append(decision_blocks.replies_section(assessment.replies))
    if sections:
        st.divider()
        profile.render(rubric, sections)


def assessment_or_stop(assessment_id: int | None, hint: str) -> tuple[Store, Assessment]:
    """The saved assessment a page shows, or `hint` and a link to the history (and the page stops)."""
    local = storage.lookup(create=False).store  # only looking must not create the database
    try:
        assessment = local.get(assessment_id) if local and assessment_id else None
    except AssessmentNotFound:
        assessment = None
    if assessment is None:
        st.info(hint)
        st.page_link(navigation.HISTORY, label="Open the history")
        st.stop()
    return local, assessment


def rubric_or_stop(local: Store, assessment: Assessment) -> Rubric:
    """The rubric this assessment was scored with; if it no longer passes today's checks, say so and stop."""
    try:
        return local.rubric_for(assessment)
    except RubricError as exc:
        problems = exc.problems
    # Its version is the failing rubric's own text (markup perhaps), so it goes in the plain-text block only.
    plain_error(
        f"The rubric #{assessment.id} was scored with no longer passes "
        "today's checks, so this reflection cannot be shown. It is still kept in your history.",
        "\n".join([f"rubric version: {assessment.rubric_version}", *problems]),
    )
    st.page_link(navigation.HISTORY, label="Back to the history")
    st.stop()
