"""The questionnaire's widgets: the situation first, then the parts that fit it, on a quick or a full path."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components import navigation, profile, state, storage
from threshold.rubric import Item, Rubric, Section
from threshold.scoring import NOT_SURE_LABEL, fitting_answers, score_answers
from threshold.situation import asked_items, item_text, situation_codes

# Runs in the app's own page (components v1 ran it in a frame of its own, and is being removed).
_part_top = st.components.v2.component(
    "threshold.part_top", js=Path(__file__).with_name("part_top.js").read_text(encoding="utf-8")
)

NOT_SURE = "not_sure"
#: Up to this many choices sit side by side; longer scales are listed top to bottom, so they read in order
#: at any width instead of wrapping into a zig-zag.
MAX_SIDE_BY_SIDE = 3


def _remember(item_id: str) -> None:
    choice = state.widget_value(state.widget_key(item_id))
    state.ANSWERS.held()[item_id] = None if choice == NOT_SURE else choice
    storage.save_draft()


def codes(rubric: Rubric) -> dict[str, str]:
    """The situation as answered so far (relationship, who ended it, ...)."""
    return situation_codes(rubric, state.ANSWERS.held())


def asked(rubric: Rubric) -> list[Item]:
    """What this person is asked now: their situation decides, and so does the path they chose."""
    return asked_items(rubric, codes(rubric), quick=state.QUICK.get())


def steps(rubric: Rubric) -> list[tuple[Section, list[Item]]]:
    """The parts that have questions for this person, each with its questions, in order."""
    items = asked(rubric)
    parts = [(section, [i for i in items if i.section == section.id]) for section in rubric.sections]
    return [(section, part) for section, part in parts if part]


def item_input(rubric: Rubric, item: Item, situation: dict[str, str]) -> None:
    """A radio for one item, worded for the situation, showing and saving the answer kept in our own key."""
    scale = rubric.scale_of(item)
    choices = [*scale.values, NOT_SURE]
    saved = state.ANSWERS.held()
    index = None
    stored = NOT_SURE if saved.get(item.id) is None else saved[item.id]
    if item.id in saved and stored in choices:  # a value that no longer fits the rubric counts as unanswered
        index = choices.index(stored)
    choice = st.radio(
        item_text(item, situation),
        choices,
        index=index,
        format_func=lambda c: NOT_SURE_LABEL if c == NOT_SURE else scale.label_for(c),
        horizontal=len(choices) <= MAX_SIDE_BY_SIDE,
        help=item.help,
        key=state.widget_key(item.id),
        on_change=_remember,
        args=(item.id,),
    )
    # A click that reached a new session (the server restarted under an open tab) arrives before any
    # callback exists to see it: take it from the widget, once, on the run that resumed the tab.
    if state.ADOPT_WIDGETS.get() and choice is not None and (item.id not in saved or choice != stored):
        _remember(item.id)


def answered_count(item_ids: list[str]) -> int:
    """How many of these items have an answer, "Not sure" included."""
    saved = state.ANSWERS.held()
    return sum(1 for i in item_ids if i in saved)


def section_step(rubric: Rubric, step: int) -> None:
    """Show part `step` (1-based; 0 is the introduction) with its questions, safety first once a sign is given."""
    section, items = steps(rubric)[step - 1]
    safety_so_far(rubric)
    st.subheader(section.title, anchor=False)
    scroll_to_top(step)
    st.write(section.intro)
    situation = codes(rubric)
    for item in items:
        item_input(rubric, item, situation)
    state.ADOPT_WIDGETS.set(False)
    done = answered_count([i.id for i in items])
    st.caption(f"{done} of {len(items)} answered in this part. You can leave any question unanswered.")


def safety_so_far(rubric: Rubric) -> None:
    """As soon as the safety screen reports a sign, the safety panel comes first, on every part after it."""
    profile.safety_first(rubric, score_answers(rubric, fitting_answers(rubric, state.ANSWERS.held())))


def scroll_to_top(step: int) -> None:
    """Start each part at its top, with keyboard focus on its heading, not where the last part was scrolled."""
    _part_top(key="part_top", data={"step": step})


def progress(rubric: Rubric, step: int) -> None:
    parts = steps(rubric)
    label = "Before you start" if step == 0 else f"Part {step} of {len(parts)}: {parts[step - 1][0].title}"
    st.progress(step / len(parts), text=label)


def go_to(step: int) -> None:
    state.STEP.set(step)
    if state.has_answers():
        storage.save_draft()


def choose_path(quick: bool) -> None:
    """Start on the quick or the full path; answers already given are kept either way."""
    state.QUICK.set(quick)
    go_to(1)


def answer_more(rubric: Rubric) -> None:
    """From the quick path on to every question, at the first part with questions still unanswered."""
    state.QUICK.set(False)
    parts = steps(rubric)
    unfinished = (n for n, (_, items) in enumerate(parts, 1) if answered_count([i.id for i in items]) < len(items))
    go_to(next(unfinished, 1))


def path_sizes(rubric: Rubric) -> tuple[int, int]:
    """How many questions the quick path and the full path ask, for the situation known so far."""
    situation = codes(rubric)
    return len(asked_items(rubric, situation, quick=True)), len(asked_items(rubric, situation))


def introduction(rubric: Rubric) -> None:
    """The clear start: what this is for, the two paths, and that it stays private."""
    st.subheader("Before you start", anchor=False)
    st.write(
        "Someone who once left or turned away from you has come back into your life. These questions help "
        "you look at how and why they came back, and at where you stand now. Your answers are "
        "reflected back as a profile of their likely motives, the evidence behind each one, and "
        "questions worth asking them and yourself."
    )
    quick, full = path_sizes(rubric)
    st.write(
        "Both paths start with a few questions about your situation and your safety, so the rest fits you. "
        "Every question has a “Not sure” option, and you can skip any of them."
    )
    path_choice(rubric, quick, full)
    st.info("Nothing you enter leaves this computer. There are no accounts and no tracking.")
    st.page_link(
        navigation.MESSAGE, label="Optional first step: paste what they sent and see what its wording hints at"
    )
    st.caption("This is a reflection, not a verdict or a diagnosis. It does not tell you what to do.")


#: The two paths: whether quick, the button, and what each gives and leaves out, in equal detail.
PATHS = (
    (
        True,
        "Take the quick path",
        "**Quick path**: up to {count} questions, about 5 minutes.",
        "Asks the questions about them that tell the most in your situation. Scores rest on fewer "
        "answers, and your own footing is left out. You can answer more afterwards.",
    ),
    (
        False,
        "Answer all questions",
        "**All questions**: up to {count}, about 15 minutes.",
        "Asks everything that fits your situation, including your own footing. Scores rest on more "
        "answers, and it takes longer.",
    ),
)


def path_choice(rubric: Rubric, quick: int, full: int) -> None:
    """The quick and the full path side by side, each with what it gives and what it leaves out."""
    for column, (is_quick, label, heading, detail) in zip(st.columns(2), PATHS, strict=True):
        with column, st.container(border=True):
            st.markdown(heading.format(count=quick if is_quick else full))
            st.caption(detail)
            st.button(label, on_click=choose_path, args=(is_quick,), width="stretch", key=f"path.{is_quick}")


def back_and_next(rubric: Rubric, step: int) -> bool:
    """Back, and Next or Finish; True when the person asked to see their profile."""
    last = len(steps(rubric))
    if step == 0:
        return False  # the introduction starts with a choice of path
    back, _, forward = st.columns([1, 2, 1])
    back.button("Back", on_click=go_to, args=(step - 1,), width="stretch")
    if step < last:
        forward.button("Next", type="primary", on_click=go_to, args=(step + 1,), width="stretch")
        return False
    return forward.button("See the reflection", type="primary", width="stretch")


def parts_overview(rubric: Rubric, step: int) -> None:
    """Every part with how much of it is answered; a click jumps there."""
    st.caption("Parts of the quick path" if state.QUICK.get() else "Parts")
    for number, (section, items) in enumerate(steps(rubric), start=1):
        ids = [i.id for i in items]
        st.button(
            f"{number}. {section.title} ({answered_count(ids)}/{len(ids)})",
            key=state.widget_key(f"part.{section.id}"),
            on_click=go_to,
            args=(number,),
            type="primary" if number == step else "tertiary",
            width="stretch",
        )


def quick_path_note(rubric: Rubric) -> None:
    """On the reflection after the quick path: say so, and offer every other question without losing any."""
    if not state.QUICK.get():
        return
    asked_about_them = [i for i in asked(rubric) if rubric.kind_of(i) == "returner"]
    with st.container(border=True):
        st.write(
            f"You took the quick path: {len(asked_about_them)} questions about them, and none about your own "
            "footing. Each score's “Answered (%)” says how much of its evidence that covers, so hold them lightly."
        )
        if st.button("Answer more questions", key="path.more"):
            answer_more(rubric)
            st.switch_page(navigation.QUESTIONNAIRE)


def start_buttons() -> None:
    """The home page's two ways in: the quick path or every question."""
    quick, full = st.columns(2)
    if quick.button("Quick path (about 5 minutes)", type="primary", width="stretch", key="home.quick"):
        choose_path(True)
        st.switch_page(navigation.QUESTIONNAIRE)
    if full.button("All questions (about 15 minutes)", width="stretch", key="home.full"):
        choose_path(False)
        st.switch_page(navigation.QUESTIONNAIRE)
