"""A follow-up after you ask them: what they said to each suggested question, the answers this changes,
saved as a new assessment linked to the first. Their words are shown with st.text only."""

from __future__ import annotations

import streamlit as st

from components import navigation, profile, state
from components.plain import plain_error
from threshold import decision_blocks, reflection
from threshold.decision import MAX_SAID_CHARS, Reply
from threshold.rubric import Rubric
from threshold.scoring import NOT_SURE_LABEL
from threshold.situation import asked_items, item_text, situation_codes
from threshold.store import Assessment, Store, StoreError

UNANSWERED = "Not answered"


def start_button(assessment: Assessment) -> None:
    """ "I asked them", from a saved reflection."""
    if st.button("I asked them: record what they said"):
        state.FOLLOWING_UP.set(assessment.id)
        st.switch_page(navigation.FOLLOW_UP)


def form(local: Store, rubric: Rubric, first: Assessment) -> None:
    """What they said, question by question, and the answers it changes; saved as a linked follow-up."""
    questions = reflection.questions_to_ask_them(rubric, first.profile)
    codes = situation_codes(rubric, first.answers)
    changeable = [i for i in asked_items(rubric, codes) if rubric.kind_of(i) != "situation"]
    with st.form("follow_up"):
        st.subheader("What they said", anchor=False)
        st.caption("Only the questions you asked; leave the others empty.")
        said = [
            st.text_area(question, max_chars=MAX_SAID_CHARS, key=state.widget_key(f"said.{number}"))
            for number, question in enumerate(questions)
        ]
        st.subheader("What this changes", anchor=False)
        st.caption("Your earlier answers are set; change only those that what they said changes.")
        answers = dict(first.answers)
        for section in rubric.sections:
            items = [i for i in changeable if i.section == section.id]
            if not items:
                continue
            with st.expander(section.title):
                for item in items:
                    answers |= _answer(rubric, item, item_text(item, codes), first.answers)
        submitted = st.form_submit_button("Save the follow-up", type="primary")
    if not submitted:
        return
    replies = [Reply(question=q, said=s.strip()) for q, s in zip(questions, said, strict=True) if s.strip()]
    try:
        new_id = local.save_assessment(
            rubric,
            answers,
            name=first.name,
            relationship=first.relationship,
            reached_out_on=first.reached_out_on,
            replies=replies,
            follow_up_of=first.id,
        )
    except StoreError as exc:
        plain_error("Nothing was saved:", exc)
        return
    state.FOLLOWING_UP.set(None)
    state.COMPARING.set([first.id, new_id])
    st.switch_page(navigation.COMPARE)


def _answer(rubric: Rubric, item, text: str, before: dict) -> dict:
    """One item's radio, set to the earlier answer; the answer it gives, or {} when it stays unanswered."""
    scale = rubric.scale_of(item)
    labels = [o.label for o in scale.options] + [NOT_SURE_LABEL]
    values = [*scale.values, None]
    index = values.index(before[item.id]) if item.id in before else None
    choice = st.radio(text, labels, index=index, horizontal=True, key=state.widget_key(f"follow.{item.id}"))
    if choice is None:
        return {}
    return {item.id: values[labels.index(choice)]}


def replies(later: Assessment, earlier: Assessment) -> None:
    """On the compare page: when the later one follows the earlier, what they said when asked."""
    if later.follow_up_of != earlier.id:
        return
    heading, *said = decision_blocks.replies_section(later.replies).blocks  # as the report prints them
    profile.render_blocks(None, [heading])
    st.caption(f"#{later.id} is a follow-up of #{earlier.id}, after you asked them.")
    if not said:
        st.caption("No replies were written down.")
    profile.render_blocks(None, said)
