"""The reflection on screen: a renderer of its blocks (`threshold.reflection_blocks`), which say what it says.

Each kind of block has one way to look here: a `Fold` is an expander, a `Card` a bordered box, a
`Checklist` radios, `Resources` a country picker and its helplines; `PaperOnly` blocks are skipped
and `ScreenOnly` ones drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import streamlit as st

from components import loading, state
from threshold import reflection, reflection_blocks
from threshold.blocks import (
    Bullets,
    Card,
    Chart,
    Checklist,
    Columns,
    Fold,
    Heading,
    PaperOnly,
    Paragraph,
    Resources,
    Said,
    ScreenOnly,
    Section,
    Table,
    Widget,
)
from threshold.rubric import Rubric
from threshold.scoring import DimensionScore, Profile

if TYPE_CHECKING:
    import pandas as pd

#: The screen functions that draw a `Widget` block, by its name.
Widgets = Mapping[str, Callable[[], None]]


def show(rubric: Rubric, profile: Profile, *, with_decision_check: bool = True, large: bool = False) -> None:
    """The whole reflection, safety first when needed; `large` draws the charts for the back of a room."""
    sections = reflection_blocks.reflection_sections(
        rubric, profile, country=state.COUNTRY.get(), with_decision_check=with_decision_check
    )
    render(rubric, sections, large=large)


def safety_first(rubric: Rubric, profile: Profile) -> None:
    """The safety panel, or the resources offered quietly after "Not sure"; nothing without either."""
    render(rubric, reflection_blocks.safety_sections(rubric, profile, state.COUNTRY.get()))


def render(
    rubric: Rubric,
    sections: list[Section],
    *,
    large: bool = False,
    widgets: Widgets | None = None,
    under_title: str | None = None,
) -> None:
    """Draw these sections in order; `widgets` draws the page's own interactive parts, by name.

    A heading that is `under_title` (the page's own title) is not drawn a second time.
    """
    for section in sections:
        blocks = [b for b in section.blocks if b != Heading(under_title)] if under_title else section.blocks
        if section.rule_before:
            st.divider()
        if section.boxed:
            with st.container(border=True):
                _blocks(rubric, blocks, large, widgets or {})
        else:
            _blocks(rubric, blocks, large, widgets or {})


def render_blocks(rubric: Rubric | None, blocks: list) -> None:
    """Draw these blocks where the page is now (in a box or a column of its own); charts, checklists and
    resources need the rubric."""
    _blocks(rubric, blocks, False, {})


def _blocks(rubric: Rubric, blocks: list, large: bool, widgets: Widgets) -> None:
    for block in blocks:
        _block(rubric, block, large, widgets)


def _block(rubric: Rubric, block, large: bool, widgets: Widgets) -> None:
    match block:
        case Heading(text=text):
            st.subheader(text, anchor=False)
        case Paragraph(text=text, lead=lead, style=style):
            _paragraph(text, lead, style)
        case Bullets(items=items):
            st.markdown("\n".join(f"- {item}" for item in items))
        case Said(text=text, lead=lead):
            if lead:
                st.markdown(f"**{lead}**")  # the rubric's words; the person's own follow as plain text
            st.text(text)
        case Chart(frame=frame, title=title):
            draw_score_chart(rubric, frame, title, large)
        case Table(header=header, rows=rows):
            import pandas as pd

            st.table(pd.DataFrame(rows, columns=header).set_index(header[0]))
        case Checklist():
            # The reflection's one checklist is the decision check, kept across pages.
            answers = state.DECISION_CHECK.held()
            check_radios(block, answers)
            if message := reflection.decision_check_message(rubric, answers):
                st.info(message)
        case Resources():
            resources_list(rubric)
        case Fold(title=title, blocks=inner):
            with st.expander(title):
                _blocks(rubric, inner, large, widgets)
        case Card(title=title, blocks=inner):
            with st.container(border=True):
                st.markdown(f"**{title}**")
                _blocks(rubric, inner, large, widgets)
        case Columns(columns=columns):
            for column, inner in zip(st.columns(len(columns)), columns, strict=True):
                with column:
                    _blocks(rubric, inner, large, widgets)
        case ScreenOnly(blocks=inner):
            _blocks(rubric, inner, large, widgets)
        case Widget(name=name):
            widgets[name]()
        case PaperOnly():
            pass
        case _:
            raise TypeError(f"unknown reflection block {block!r}")


def _paragraph(text: str, lead: str | None, style: str) -> None:
    shown = f"**{lead}** {text}" if lead else text
    if style == "label":
        st.markdown(f"**{text}**")
    elif style == "note":
        st.caption(shown)
    elif style == "callout":
        st.info(shown)
    else:
        st.markdown(shown)


def resources_list(rubric: Rubric) -> None:
    """A choice of country, then its helplines and the general ones (`reflection.safety_resources`)."""
    choices = [None, *rubric.safety.resources.countries]
    current = state.COUNTRY.get()
    picked = st.selectbox(
        "Where are you?",
        choices,
        index=choices.index(current) if current in choices else 0,
        format_func=lambda c: "Anywhere (general)" if c is None else c,
        help="Shows helplines for that country. The general ones are always listed.",
    )
    state.COUNTRY.set(picked)
    for resource in reflection.safety_resources(rubric, picked):
        note = f" ({resource.note})" if resource.note else ""
        st.markdown(f"- **{resource.name}**: {resource.contact}{note}")


def check_radios(block: Checklist, answers: dict[str, bool]) -> None:
    """A yes-or-not-yet radio per question, kept in `answers`."""
    yes, not_yet = block.choices
    for question_id, text in block.questions:
        saved = answers.get(question_id)
        choice = st.radio(
            text,
            [yes, not_yet],
            index=None if saved is None else (0 if saved else 1),
            horizontal=True,
            key=state.widget_key(f"{block.name}.{question_id}"),
        )
        if choice is not None:
            answers[question_id] = choice == yes


def score_chart(
    rubric: Rubric, scores: Mapping[str, DimensionScore], labels: Mapping[str, str], title: str, large: bool
) -> pd.DataFrame:
    """Draw the scores' bar chart (rebuilt only when what it shows changed); return its table of figures."""
    # Imported here: Altair and pandas are needed once a chart is drawn, not for the first page.
    from threshold import charts

    frame = charts.score_table(rubric, scores, labels)
    draw_score_chart(rubric, frame, title, large)
    return frame


def draw_score_chart(rubric: Rubric, frame: pd.DataFrame, title: str, large: bool) -> None:
    """The chart of these figures, from the session's memo when it drew the same one before."""
    from threshold import charts

    shown = ("score", title, large, rubric.scoring.moderate_from, rubric.scoring.high_from, frame.to_json())
    loading.altair_chart(shown, lambda: charts.score_chart(rubric, frame, title, large))
