"""History building blocks: saving, the paged list, actions on a chosen assessment, trends.

Names and notes are the user's own text: they appear only through st.text, tables and plain
widget values, never in Markdown, so nothing in them is ever rendered.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components import navigation, state, storage
from components.danger import danger_button
from components.dialog import confirm
from components.plain import plain_error
from threshold import charts
from threshold.decision import DecisionRecord
from threshold.plural import counted
from threshold.rubric import MOTIVE_IDS, Rubric, RubricError
from threshold.situation import RELATIONSHIP, situation_codes
from threshold.store import (
    MAX_NAME_CHARS,
    MAX_NOTES_CHARS,
    RELATIONSHIPS,
    Assessment,
    AssessmentNotFound,
    Store,
    StoreError,
)
from threshold.transfer import TransferError, export_csv, export_json, import_bytes

PAGE_SIZE = 20
ANY = "Any relationship"
IMPORT_OPEN_KEY = state.widget_key("history.import_open")
#: The date field's bounds; the store refuses a day after today.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2999, 12, 31)


def save_form(rubric: Rubric, answers: dict, decision: DecisionRecord | None = None) -> None:
    """Keep this reflection: who it is about, the relationship, when they reached out, notes (and any options)."""
    st.subheader("Keep this reflection")
    if state.PRIVATE_MODE.get():
        st.caption("Private mode is on, so nothing is saved on this computer.")
        return
    if state.workshop():
        st.caption("These are a fictional workshop scenario's answers, so they are not saved.")
        return
    if state.SAVED_ANSWERS.get() == answers:
        st.success("Saved in your history on this computer.")
        st.page_link(navigation.HISTORY, label="Open the history")
        return
    with st.form("save_assessment"):
        # What the situation step said, else nothing chosen: "partner" must never be assumed for an ex or a parent.
        known = situation_codes(rubric, answers).get(RELATIONSHIP)
        name, relationship, reached_out, notes = details_fields(relationship=known if known in RELATIONSHIPS else None)
        if state.MESSAGE.get():
            st.caption("The message you pasted is kept with it.")
        if not st.form_submit_button("Save to my history", type="primary"):
            return
    if relationship is None:
        st.error("Choose who they are to you, then save again. Nothing was lost.")
        return
    local = storage.lookup().store
    if local is None:
        return
    try:
        new_id = local.save_assessment(
            rubric,
            answers,
            decision=decision,
            name=name,
            relationship=relationship,
            reached_out_on=reached_out,
            notes=notes,
            message=state.MESSAGE.get(),
            message_speaker=state.MESSAGE_SPEAKER.get(),
        )
    except StoreError as exc:
        plain_error("Nothing was saved, and what you entered is still in the form:", exc)
        return
    storage.discard_own_draft(local)  # this window's answers are in the history now
    state.remember_saved(answers, name.strip(), new_id)
    st.rerun()


def details_fields(
    name: str = "", relationship: str | None = None, reached_out: date | None = None, notes: str = ""
) -> tuple[str, str | None, date | None, str]:
    """What the person writes about a reflection, for saving it or editing it later.

    No `max_chars` on the name: the browser would drop a longer paste and leave the field empty, so
    the store refuses it instead, with the text still in the field.
    """
    name = st.text_input(
        "Who is this about?", name, help=f"A name or nickname, up to {MAX_NAME_CHARS} characters; only you see it."
    )
    relationship = st.selectbox(
        "They are your…",
        RELATIONSHIPS,
        index=RELATIONSHIPS.index(relationship) if relationship in RELATIONSHIPS else None,
        format_func=str.capitalize,
        placeholder="Choose one",
    )
    # Bounds wide enough that a typed future date reaches the store, which says why it is refused;
    # a date outside the bounds would be dropped by the browser without a word.
    reached_out = st.date_input(
        "When did they reach out?",
        value=reached_out,
        min_value=EARLIEST_DATE,
        max_value=LATEST_DATE,
        format="DD/MM/YYYY",
        help="Optional; not after today.",
    )
    notes = st.text_area("Notes for yourself (optional)", notes, max_chars=MAX_NOTES_CHARS)
    return name, relationship, reached_out, notes


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


def trend(rubric: Rubric, local: Store) -> None:
    """One person's motives across their assessments, oldest to newest."""
    st.subheader("How it has changed over time")
    names = local.names()
    if not names:
        return
    name = st.selectbox("Whose assessments?", names, index=None, key=state.widget_key("history.trend"))
    if name is None:
        return
    series = local.history_of(name)
    if len(series) < 2:
        st.caption("There is one assessment for this name so far; a trend needs two or more.")
        return
    frame = trend_frame(rubric, series)
    st.altair_chart(charts.trend_chart(frame), width="stretch")
    table = frame.pivot_table(index="taken", columns="motive", values="score", sort=False)
    # Whole points, as everywhere else; an unscored motive shows a dash.
    st.dataframe(table.map(lambda s: "–" if pd.isna(s) else f"{s:.0f}").reset_index(), hide_index=True, width="stretch")


def trend_frame(rubric: Rubric, series: list[Assessment]) -> pd.DataFrame:
    labels = {m.id: m.label for m in rubric.motives}
    return pd.DataFrame(
        [
            {
                # A follow-up is marked on the time axis itself, so the thread reads as one line.
                "taken": f"{a.taken_at.astimezone():%Y-%m-%d %H:%M}"
                + (f" · follow-up of #{a.follow_up_of}" if a.follow_up_of else ""),
                "motive": labels.get(m, m),
                "score": a.profile.motives[m].score,
            }
            for a in series
            for m in MOTIVE_IDS
        ]
    )


def assessment_header(assessment: Assessment) -> None:
    """Who, when and with which rubric; the name as plain text."""
    st.text(assessment.name)
    reached = f" · they reached out on {assessment.reached_out_on:%d %B %Y}" if assessment.reached_out_on else ""
    st.caption(
        f"{assessment.relationship.capitalize()} · taken {assessment.taken_at.astimezone():%d %B %Y, %H:%M}"
        f"{reached} · rubric version {assessment.rubric_version}"
    )


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


def export_and_import(local: Store) -> None:
    """Download everything as JSON or CSV (built only when clicked), or add a Threshold export."""
    # Its open state is kept here, not only in the browser, so the reruns of choosing a file and of
    # the list growing after an import never fold it away under the person using it.
    with st.expander("Export or import", key=IMPORT_OPEN_KEY, on_change="rerun"):
        st.caption("Exports are files on this computer; keep them somewhere private.")
        as_json, as_csv = st.columns(2)
        as_json.download_button(
            "Download everything (JSON)",
            data=lambda: export_json(local),
            file_name="threshold-export.json",
            mime="application/json",
            on_click="ignore",
        )
        as_csv.download_button(
            "Download scores (CSV)",
            data=lambda: export_csv(local),
            file_name="threshold-scores.csv",
            mime="text/csv",
            on_click="ignore",
        )
        upload = st.file_uploader("Import a Threshold export (JSON)", type=["json"])
        imported = state.NOTICE.take()
        if imported:
            st.success(imported)
        if upload is not None and st.button("Import it"):
            try:
                result = import_bytes(local, upload.getvalue(), source=upload.name)
            except (TransferError, StoreError) as exc:
                # The reasons quote the file (its name, names and versions in it): plain text only.
                plain_error("Nothing was imported; the file was refused.", exc)
                return
            state.NOTICE.set(
                f"Imported {counted(result.added, 'reflection')}; "
                f"{counted(result.skipped, 'was', 'were')} here already."
            )
            st.rerun()  # the list above is drawn before the import: draw it again with what came in


def open_import() -> None:
    """Open Export or import on the next run, for a person who came to import."""
    state.set_widget(IMPORT_OPEN_KEY, True)
