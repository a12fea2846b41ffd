"""The history's list: search and filter, one page of assessments, and what to do with the chosen ones.

Names and notes are the user's own text: they appear only through st.text, tables and plain
widget values, never in Markdown, so nothing in them is ever rendered.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import navigation, state, storage
from components.danger import danger_button
from components.dialog import confirm
from components.history.save import details_fields
from components.plain import plain_error
from threshold.rubric import Rubric
from threshold.store import RELATIONSHIPS, Assessment, AssessmentNotFound, Store, StoreError

PAGE_SIZE = 20
ANY = "Any relationship"


def filters() -> tuple[str | None, str | None]:
    """Search by name and filter by relationship; empty means no filter."""
    search_column, relationship_column = st.columns([3, 2])
    search = search_column.text_input("Search by name", key=state.widget_key("history.search"))
    relationship = relationship_column.selectbox(
        "Relationship", [ANY, *RELATIONSHIPS], key=state.widget_key("history.relationship"), format_func=str.capitalize
    )
    return (search.strip() or None), (None if relationship == ANY else relationship)


def paged_list(rubric: Rubric, local: Store, search: str | None, relationship: str | None) -> list:
    """One page of assessments, newest first, paged in SQL; returns that page's summaries."""
    total = local.count(search, relationship)
    if not total:
        st.info("Nothing saved yet." if not (search or relationship) else "Nothing matches that search.")
        return []
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    page = 1
    if pages > 1:
        page = st.number_input(f"Page (of {pages})", 1, pages, 1, key=state.widget_key("history.page"))
    rows = local.list(search, relationship, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    st.caption(f"{total} saved, newest first.")
    st.dataframe(summary_table(rubric, rows), hide_index=True, width="stretch")
    return rows


def summary_table(rubric: Rubric, rows: list) -> pd.DataFrame:
    labels = {m.id: m.label for m in rubric.motives}
    return pd.DataFrame(
        {
            "#": [r.id for r in rows],
            "Taken": [f"{r.taken_at.astimezone():%Y-%m-%d %H:%M}" for r in rows],
            "Name": [r.name for r in rows],
            "Relationship": [r.relationship.capitalize() for r in rows],
            "Reached out": [r.reached_out_on.isoformat() if r.reached_out_on else "" for r in rows],
            "Stood out": [", ".join(labels.get(m, m) for m in r.dominant) for r in rows],
        }
    )


def choose(local: Store, rows: list) -> list[int]:
    """Pick one assessment to open, edit or delete, or two to compare, on this page or another one.

    The choice lives in our own key and the chosen ones stay among the options, so paging keeps them.
    """
    by_id = {r.id: r for r in rows}
    by_id.update(_chosen_elsewhere(local, [i for i in state.HISTORY_CHOSEN.get() if i not in by_id]))
    chosen = [i for i in state.HISTORY_CHOSEN.get() if i in by_id]  # one deleted meanwhile is dropped
    state.HISTORY_CHOSEN.set(chosen)
    widget = state.widget_key("history.chosen")
    state.follow(widget, chosen)  # ours changed elsewhere (a delete): the widget starts again from ours
    st.multiselect(
        "Choose one to open, edit or delete, or two to compare",
        list(by_id),  # this page's rows, then the ones chosen on other pages
        default=chosen,
        max_selections=2,
        select_all=False,  # one or two, never all
        # The time as well as the day, so two taken on one day read differently.
        format_func=lambda i: f"#{i} · {short(by_id[i].name)} · {by_id[i].taken_at.astimezone():%Y-%m-%d %H:%M}",
        key=widget,
        on_change=lambda: state.HISTORY_CHOSEN.set(list(state.widget_value(widget))),
    )
    return state.HISTORY_CHOSEN.get()


def _chosen_elsewhere(local: Store, ids: list[int]) -> dict[int, Assessment]:
    """The chosen assessments not on this page, for their names; any deleted meanwhile is left out."""
    try:
        return {a.id: a for a in local.assessments(ids)} if ids else {}
    except AssessmentNotFound:
        return {a.id: a for a in local.assessments() if a.id in ids}  # rare: deleted in another window


def short(name: str, limit: int = 32) -> str:
    """A name cut to fit a chip, so choosing one does not reflow the buttons under it."""
    return name if len(name) <= limit else name[: limit - 1] + "…"


def actions(local: Store, chosen: list[int]) -> None:
    """Open, edit, delete (one chosen) or compare (two chosen)."""
    if len(chosen) == 2:
        if st.button("Compare these two", type="primary"):
            state.COMPARING.set(list(chosen))
            st.switch_page(navigation.COMPARE)
        return
    if len(chosen) != 1:
        return
    assessment = local.get(chosen[0])
    open_column, delete_column = st.columns(2)
    if open_column.button("Open the reflection", type="primary", width="stretch"):
        state.VIEWING.set(assessment.id)
        st.switch_page(navigation.SAVED)
    with delete_column:
        deleting = danger_button("Delete…", "delete_one", width="stretch")
    if deleting:
        state.PENDING_DELETE.set(assessment.id)
    confirm_delete(assessment.id, assessment.name)
    edit(local, assessment)


def edit(local: Store, assessment: Assessment) -> None:
    """Change the name, relationship, date and notes of a saved reflection; its answers stay as they were."""
    with st.form(f"edit_{assessment.id}"):
        st.markdown("**Edit the details**")
        name, relationship, reached_out, notes = details_fields(
            assessment.name, assessment.relationship, assessment.reached_out_on, assessment.notes
        )
        if not st.form_submit_button("Save changes"):
            return
    try:
        local.update_details(
            assessment.id, name=name, relationship=relationship, reached_out_on=reached_out, notes=notes
        )
    except StoreError as exc:
        plain_error("Nothing was changed, and what you entered is still in the form:", exc)
        return
    st.rerun()


def confirm_delete(assessment_id: int, name: str) -> None:
    """Delete one saved reflection, after a yes."""

    def question() -> None:
        st.write("This removes it from this computer for good, with its answers and notes:")
        st.text(f"#{assessment_id} · {name}")

    confirm(
        state.PENDING_DELETE,
        "Delete this assessment?",
        question,
        yes="Delete for good",
        no="Keep it",
        on_yes=lambda: delete_for_good(assessment_id),
        waiting_for=assessment_id,
        danger="delete_one_for_good",
    )


def delete_for_good(assessment_id: int) -> bool:
    """Delete it, or say in the dialog why nothing was deleted (the history may have changed since it opened)."""
    found = storage.lookup(create=False)
    if found.access is storage.Access.CLOSED:  # private mode or a workshop since the dialog opened
        st.info(storage.closed_note())
        return False
    if found.store is None:  # a wipe since, or it cannot be opened
        st.info("Nothing was deleted: the history is closed.")
        return False
    try:
        found.store.delete(assessment_id)
    except StoreError as exc:  # AssessmentNotFound too: deleted in another window meanwhile
        st.info(f"Nothing was deleted: {exc}")
        return False
    state.HISTORY_CHOSEN.set([i for i in state.HISTORY_CHOSEN.get() if i != assessment_id])
    return True
