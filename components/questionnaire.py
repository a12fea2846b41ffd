"""The questionnaire's widgets: one radio per item, section steps with progress, Back and Next."""

from __future__ import annotations

import streamlit as st

from components import state, storage
from threshold.rubric import Item, Rubric
from threshold.scoring import NOT_SURE_LABEL

NOT_SURE = "not_sure"
MESSAGE_PAGE = "pages/0_Message.py"


def _remember(item_id: str) -> None:
    choice = st.session_state[state.widget_key(item_id)]
    state.set_answer(item_id, None if choice == NOT_SURE else choice)
    storage.save_draft()


def item_input(rubric: Rubric, item: Item) -> None:
    """A radio for one item, showing and saving the answer kept in our own session key."""
    scale = rubric.scale_of(item)
    choices = [*scale.values, NOT_SURE]
    saved = state.answers()
    index = None
    stored = NOT_SURE if saved.get(item.id) is None else saved[item.id]
    if item.id in saved and stored in choices:  # a value that no longer fits the rubric counts as unanswered
        index = choices.index(stored)
    st.radio(
        item.text,
        choices,
        index=index,
        format_func=lambda c: NOT_SURE_LABEL if c == NOT_SURE else scale.label_for(c),
        horizontal=len(choices) > 3,
        help=item.help,
        key=state.widget_key(item.id),
        on_change=_remember,
        args=(item.id,),
    )


def answered_count(rubric: Rubric, item_ids: list[str] | None = None) -> int:
    """How many of these items (all by default) have an answer, "Not sure" included."""
    saved = state.answers()
    ids = item_ids if item_ids is not None else [i.id for i in rubric.items]
    return sum(1 for i in ids if i in saved)


def section_step(rubric: Rubric, step: int) -> None:
    """Show section `step` (1-based; 0 is the introduction) with its items."""
    section = rubric.sections[step - 1]
    items = rubric.items_in(section.id)
    st.subheader(section.title)
    st.write(section.intro)
    for item in items:
        item_input(rubric, item)
    done = answered_count(rubric, [i.id for i in items])
    st.caption(f"{done} of {len(items)} answered in this part. You can leave any question unanswered.")


def progress(rubric: Rubric, step: int) -> None:
    total = len(rubric.sections)
    label = "Before you start" if step == 0 else f"Part {step} of {total}: {rubric.sections[step - 1].title}"
    st.progress(step / total, text=label)


def go_to(step: int) -> None:
    state.set_step(step)
    if state.has_answers():
        storage.save_draft()


def introduction(rubric: Rubric) -> None:
    """The clear start: what this is for, how long it takes, and that it stays private."""
    st.subheader("Before you start")
    st.write(
        "Someone who once left or turned away from you has reached out again. These questions help "
        "you look at how and why they came back, and at where you stand now. Your answers are "
        "reflected back as a profile of their likely motives, the evidence behind each one, and "
        "questions worth asking them and yourself."
    )
    st.write(
        f"It takes about 10 minutes ({len(rubric.items)} short questions in {len(rubric.sections)} parts). "
        "Every question has a “Not sure” option, and you can skip any of them."
    )
    st.info("Nothing you enter leaves this computer. There are no accounts and no tracking.")
    st.page_link(MESSAGE_PAGE, label="Optional first step: paste what they sent and see what its wording hints at")
    st.caption("This is a reflection, not a verdict or a diagnosis. It does not tell you what to do.")


def navigation(rubric: Rubric, step: int) -> bool:
    """Back, and Next or Finish; True when the person asked to see their profile."""
    last = len(rubric.sections)
    back, _, forward = st.columns([1, 2, 1])
    if step > 0:
        back.button("Back", on_click=go_to, args=(step - 1,), width="stretch")
    if step < last:
        label = "Start" if step == 0 else "Next"
        forward.button(label, type="primary", on_click=go_to, args=(step + 1,), width="stretch")
        return False
    return forward.button("See the reflection", type="primary", width="stretch")


def parts_overview(rubric: Rubric, step: int) -> None:
    """Every part with how much of it is answered; a click jumps there."""
    st.caption("Parts")
    for number, section in enumerate(rubric.sections, start=1):
        ids = [i.id for i in rubric.items_in(section.id)]
        st.button(
            f"{number}. {section.title} ({answered_count(rubric, ids)}/{len(ids)})",
            key=state.widget_key(f"part.{section.id}"),
            on_click=go_to,
            args=(number,),
            type="primary" if number == step else "tertiary",
            width="stretch",
        )
