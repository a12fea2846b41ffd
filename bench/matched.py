"""Matched baselines: a plain Streamlit page that draws what a page of the app draws, with fixed data.

`matched_page` reads an AppTest run of an app page and writes a script with the same number of each
element (Altair charts, tables, dataframes, radios with as many options, buttons, text, expanders,
columns), so the app's page is compared with Streamlit's own cost of drawing the same things.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path, PurePosixPath

PREAMBLE = """import altair as alt
import pandas as pd
import streamlit as st

SCORES = pd.DataFrame({"label": list("ABCDEF"), "score": [60.0, 52.5, 47.0, 71.2, 38.9, 55.0],
                       "band": ["Moderate"] * 6, "confidence": [100] * 6})
ROWS = pd.DataFrame({"#": range(20), "Name": [f"Name {n}" for n in range(20)], "Taken": ["2026-01-01 10:00"] * 20})
TEXT = "A plain paragraph of about the length the app writes, with nothing in it to parse. " * 2
"""

#: What each element kind of an AppTest tree becomes in the baseline; `{n}` numbers it, `{options}` is
#: its option count (radios and select boxes).
#: The matched app's second page, which its links lead to (a page of that app, not of Threshold).
OTHER_PAGE = PurePosixPath("pages", "1_Other.py")
DRAW = {
    "title": 'st.title("Baseline")',
    "subheader": 'st.subheader("A heading {n}", anchor=False)',
    "markdown": "st.markdown(TEXT)",
    "caption": "st.caption(TEXT)",
    "divider": "st.divider()",
    "alert": "st.info(TEXT)",
    "text": "st.text(TEXT)",
    "code": 'st.code("plain text", language=None)',
    "vega_lite_chart": (
        'st.altair_chart(alt.Chart(SCORES).mark_bar().encode(x="score:Q", y=alt.Y("label:N", sort=None)),'
        ' width="stretch")'
    ),
    "table": "st.table(SCORES)",
    "dataframe": "st.dataframe(ROWS, hide_index=True)",
    "radio": 'st.radio("Question {n}", [f"Option {{i}}" for i in range({options})], index=None, key="radio{n}")',
    "selectbox": 'st.selectbox("Choose {n}", [f"Option {{i}}" for i in range({options})], key="select{n}")',
    "multiselect": 'st.multiselect("Choose some {n}", ["a", "b", "c"], key="multi{n}")',
    "button": 'st.button("Button {n}", key="button{n}")',
    "download_button": 'st.download_button("Download {n}", data=b"x", file_name="x.txt", key="download{n}")',
    "checkbox": 'st.checkbox("Tick {n}", key="check{n}")',
    "toggle": 'st.toggle("Switch {n}", key="toggle{n}")',
    "text_input": 'st.text_input("Type {n}", key="text{n}")',
    "text_area": 'st.text_area("Write {n}", key="area{n}")',
    "number_input": 'st.number_input("Number {n}", 1, 100, 1, key="number{n}")',
    "date_input": 'st.date_input("Date {n}", value=None, key="date{n}")',
    "page_link": f'st.page_link("{OTHER_PAGE}", label="Link {{n}}")',
    "progress": 'st.progress(0.5, text="Part 1 of 2")',
    "expander": 'with st.expander("Expander {n}"):\n    st.write("inside")',
    "html": 'st.html("<style></style>")',
}
#: Blocks that only hold others (their contents are counted), or are Streamlit's own scaffolding.
CONTAINERS = {"root", "main", "sidebar", "event", "flex_container", "column", "form", "dialog"}


def element_kinds(at) -> list[tuple[str, int]]:
    """Every element drawn in an AppTest run, in order, as (kind, option count)."""
    found: list[tuple[str, int]] = []

    def walk(node) -> None:
        kind = getattr(node, "type", None)
        if kind not in CONTAINERS:
            options = getattr(node, "options", None) if kind in ("radio", "selectbox") else None
            found.append((kind, len(options) if options else 0))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def matched_page(at, directory: Path) -> tuple[Path, Counter]:
    """Write in `directory` a plain app whose page draws what the run `at` drew, with a second page
    for its links (as the app's pages link to each other); return its script and the element counts."""
    (directory / OTHER_PAGE.parent).mkdir(parents=True)
    (directory / OTHER_PAGE).write_text('import streamlit as st\n\nst.write("other")\n')
    path = directory / "page.py"
    kinds = element_kinds(at)
    columns = sum(1 for _ in _columns(at))
    lines = [PREAMBLE]
    if columns:
        lines.append(f"_columns = st.columns({columns})")
    for n, (kind, options) in enumerate(kinds):
        template = DRAW.get(kind, "st.write(TEXT)")  # any other element: one plain write
        lines.append(template.format(n=n, options=options or 5))
    path.write_text("\n".join(lines) + "\n")
    return path, Counter(kind for kind, _ in kinds)


def _columns(at):
    def walk(node):
        if getattr(node, "type", None) == "column":
            yield node
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    return walk(at._tree)
