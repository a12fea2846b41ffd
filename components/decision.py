"""The options page's building blocks: the decision, the options side by side, what matters to you, where you
lean, the decision check before and after, and a next step in your own words.

The person's own words (their points, their next step, the leaning said back) are shown with st.text only.
"""

from __future__ import annotations

import streamlit as st

from components import profile, state, storage
from components.history import save
from components.plain import plain_error
from threshold import decision as dec
from threshold import decision_blocks, reflection_blocks
from threshold.decision import MAX_OWN_POINTS, MAX_POINT_CHARS, MAX_STEP_CHARS, DecisionRecord
from threshold.rubric import Rubric
from threshold.scoring import Profile
from threshold.store import StoreError

#: The choice of leaning towards no option (st.radio gives None when nothing is chosen yet).
NO_LEAN = "none"


def show(rubric: Rubric, current: Profile) -> None:
    """The whole page body (`threshold.decision_blocks`), with its questions drawn here."""
    sections = decision_blocks.options_sections(rubric, current, state.decision_record(), state.COUNTRY.get())
    widgets = {
        "check.before": lambda: check(
            rubric, "check.before", "Before you look at your options", state.DECISION_CHECK.held()
        ),
        "what_matters": lambda: what_matters(rubric),
        "where_you_lean": lambda: where_you_lean(rubric),
        "check.after": lambda: check_after(rubric),
        "next_step": lambda: next_step(rubric),
    }
    profile.render(rubric, sections, widgets=widgets, under_title=decision_blocks.OPTIONS_TITLE)


def what_matters(rubric: Rubric) -> None:
    """How much each point matters, from not at all to a lot, and points of the person's own."""
    decision, data = rubric.decision, state.DECISION.held()
    st.subheader(decision_blocks.WHAT_MATTERS, anchor=False)
    st.write("How much does each of these matter to you? There are no right answers, and you can leave any out.")
    labels = decision.importance
    for point in decision.points:
        saved = data["ratings"].get(point.id)
        choice = st.radio(point.label, labels, index=saved, horizontal=True, key=state.widget_key(f"rate.{point.id}"))
        if choice is not None:
            data["ratings"][point.id] = labels.index(choice)
    for number, (text, value) in enumerate(list(data["own_points"])):
        st.text(f"{text}: {labels[value]}")
        if st.button("Remove", key=state.widget_key(f"own.remove.{number}")):
            del data["own_points"][number]
            st.rerun()
    if len(data["own_points"]) >= MAX_OWN_POINTS:
        return
    with st.form("own_point", clear_on_submit=True):
        text = st.text_input("A point of your own (optional)", max_chars=MAX_POINT_CHARS)
        value = st.radio("How much it matters", labels, index=len(labels) - 1, horizontal=True)
        if st.form_submit_button("Add this point") and text.strip():
            data["own_points"].append((" ".join(text.split()), labels.index(value)))
            st.rerun()


def where_you_lean(rubric: Rubric) -> None:
    """Which option the person leans towards, if any, and how sure; then said back in words."""
    decision, data = rubric.decision, state.DECISION.held()
    st.subheader(decision_blocks.WHERE_YOU_LEAN, anchor=False)
    choices = [NO_LEAN, *(o.id for o in dec.options_in_order(rubric))]
    chosen = data["leaning"] or NO_LEAN
    leaning = st.radio(
        "Which option do you lean towards, if any?",
        choices,
        index=choices.index(chosen) if data["leaning_chosen"] else None,
        format_func=lambda c: decision.no_lean if c == NO_LEAN else rubric.option_by_id[c].label,
        key=state.widget_key("leaning"),
    )
    if leaning is not None:
        data["leaning"], data["leaning_chosen"] = (None if leaning == NO_LEAN else leaning), True
    if data.get("leaning"):
        sure = st.radio(
            "How sure are you?",
            decision.sureness,
            index=data["sureness"],
            horizontal=True,
            key=state.widget_key("sureness"),
        )
        data["sureness"] = None if sure is None else decision.sureness.index(sure)
    record = state.decision_record()
    if not data["leaning_chosen"] and not record.ratings and not record.own_points:
        return
    with st.container(border=True):
        profile.render_blocks(rubric, decision_blocks.said_back(rubric, record))


def check(rubric: Rubric, name: str, title: str, answers: dict[str, bool]) -> None:
    """The four questions of the decision check, yes or not yet, kept in `answers`."""
    st.subheader(title, anchor=False)
    if name == "check.before":
        st.write(rubric.decision_check.intro)
    profile.check_radios(reflection_blocks.decision_checklist(rubric, name), answers)


def check_after(rubric: Rubric) -> None:
    check(rubric, "check.after", "Now that you have looked at your options", state.DECISION_CHECK_AFTER.held())
    check_change(rubric)


def check_change(rubric: Rubric) -> None:
    """What changed between the check before and after, and the calm word once all four are answered."""
    change = dec.check_change(rubric, state.decision_record())
    if summary := dec.check_summary(rubric, change):
        st.write(summary)
    for question, before, after in change.changed:
        st.markdown(f"- {question} {before} before, {after} now.")
    if change.message:
        st.info(change.message)


def next_step(rubric: Rubric) -> None:
    """A next step in the person's own words: what, when, and with whose support."""
    data = state.DECISION.held()["next_step"]
    st.subheader("A next step", anchor=False)
    st.write(rubric.decision.next_step_intro)
    for field, label in (("what", "What"), ("when", "When"), ("support", "With whose support")):
        data[field] = st.text_input(
            label, value=data.get(field, ""), max_chars=MAX_STEP_CHARS, key=state.widget_key(f"step.{field}")
        )
    lines = dec.next_step_lines(state.decision_record().next_step)
    if lines:
        st.caption("Your next step, as you wrote it:")
        for line in lines:
            st.text(line)


def keep(rubric: Rubric, answers: dict, record: DecisionRecord) -> None:
    """Keep the options page with the reflection: saved with it, or added to the one saved in this session."""
    saved_id = state.SAVED_ID.get()
    if saved_id is None or state.SAVED_ANSWERS.get() != answers or state.disk_closed():
        save.save_form(rubric, answers, decision=record)
        return
    st.subheader("Keep this reflection", anchor=False)
    st.success("Saved in your history on this computer.")
    st.caption("Changed something on this page since? Keep the latest with it.")
    if not st.button("Keep your options with the saved reflection", type="primary"):
        return
    local = storage.lookup().store
    if local is None:
        return
    try:
        local.set_decision(saved_id, record)
    except StoreError as exc:  # AssessmentNotFound too (deleted in another window); shown as plain text
        plain_error("Nothing was changed:", exc)
        return
    st.success("Kept with your saved reflection.")
