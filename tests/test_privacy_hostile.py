"""AppTest: hostile names, notes and imported text are shown as literal text everywhere, and exported as they are.

User text may only reach the page through st.text, dataframes and widget values; any Markdown,
HTML, link, image, icon or formula in it must arrive exactly as typed and never be rendered.
"""

import csv
import io
import json

import pytest

from components import state
from components.history.listing import short
from components.navigation import COMPARE, HISTORY, SAVED
from tests.apptest import TEXT_TYPES, button, open_app
from threshold.store import MAX_NAME_CHARS, MAX_NOTES_CHARS, Store
from threshold.transfer import export_csv, export_json, import_bytes

#: One hostile text per kind; each is a valid name (one line, no control characters).
HOSTILE = {
    "markdown": "**Sam** _the_ `ex` # not a heading > not a quote",
    "html": "<b>Sam</b> <i>x</i> <div style='position:fixed;inset:0'>covered</div>",
    "script": "<script>alert(1)</script><svg onload=alert(2)>",
    "image-links": "![pic](http://127.0.0.9/hostile.png) <img src=x onerror=alert(3)> [click](javascript:alert(4))",
    "streamlit-markup": ":material/home: :red[alarm] $x^2$ :smile: <https://example.invalid/t>",
    "zero-width": "Sa\u200bm\u200d\u2060\ufeff",
    "right-to-left": "\u202eevil\u202c and \u2067isolate\u2069 and \u200fmark",
    "formula": '=HYPERLINK("https://example.invalid","x")',
    "very-long": "W" * MAX_NAME_CHARS,
}
CASES = list(HOSTILE.items())


def hostile_notes(text: str) -> str:
    """Notes may span lines and run long: the same text on lines of its own, padded to the limit."""
    notes = f"# {text}\n\n- {text}\n<pre>{text}</pre>\n"
    return notes + "N" * (MAX_NOTES_CHARS - len(notes))


def save(rubric, name: str) -> int:
    answers = {i.id: max(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}
    return Store.default().save_assessment(rubric, answers, name=name, notes=hostile_notes(name))


def rendered(at) -> list[str]:
    """Everything on the page that Streamlit would render as Markdown or HTML (st.code is plain text)."""
    markdown = [str(e.value) for e in [*at.main, *at.sidebar] if getattr(e, "type", None) in TEXT_TYPES - {"code"}]
    return [*markdown, *(e.value for e in at.get("html"))]


def never_rendered(at, text: str) -> None:
    assert not any(text in t for t in rendered(at))
    assert not any(text[:40] in t for t in rendered(at))


@pytest.mark.parametrize(("kind", "text"), CASES, ids=[k for k, _ in CASES])
def test_history_list_and_trend_show_names_as_they_are(rubric, kind, text):
    save(rubric, text)
    save(rubric, text)
    at = open_app(HISTORY)
    assert list(at.dataframe[0].value["Name"]) == [text, text]
    trend = next(s for s in at.selectbox if s.label == "Whose assessments?")
    assert trend.options == [text]
    # The chooser cuts long names to fit a chip; what it shows is still the literal text.
    assert all(short(text) in option for option in at.multiselect[0].options)
    never_rendered(at, text)


@pytest.mark.parametrize(("kind", "text"), CASES, ids=[k for k, _ in CASES])
def test_saved_view_shows_name_and_notes_as_plain_text(rubric, kind, text):
    assessment_id = save(rubric, text)
    at = open_app()
    at.session_state[state.VIEWING.name] = assessment_id
    at.switch_page(SAVED).run()
    assert not at.exception
    shown = [t.value for t in at.text]
    assert shown[0] == text and hostile_notes(text) in shown
    never_rendered(at, text)


@pytest.mark.parametrize(("kind", "text"), CASES, ids=[k for k, _ in CASES])
def test_compare_shows_both_names_as_plain_text(rubric, kind, text):
    first, second = save(rubric, text), save(rubric, text)
    at = open_app()
    at.session_state[state.COMPARING.name] = [first, second]
    at.switch_page(COMPARE).run()
    assert not at.exception
    assert [t.value for t in at.text][:2] == [text, text]
    never_rendered(at, text)


@pytest.mark.parametrize(("kind", "text"), CASES, ids=[k for k, _ in CASES])
def test_exports_carry_the_text_exactly(rubric, kind, text):
    save(rubric, text)
    exported = json.loads(export_json(Store.default()))["assessments"][0]
    assert (exported["name"], exported["notes"]) == (text, hostile_notes(text))
    (row,) = csv.DictReader(io.StringIO(export_csv(Store.default())))
    # A spreadsheet would run a cell that starts like a formula, so such a cell gets a leading quote.
    assert row["name"] == ("'" + text if text.startswith("=") else text)
    assert row["notes"] == hostile_notes(text)


@pytest.mark.parametrize(("kind", "text"), CASES, ids=[k for k, _ in CASES])
def test_imported_text_is_shown_as_it_is(rubric, tmp_path, kind, text):
    source = Store(tmp_path / "elsewhere.sqlite3")
    answers = {i.id: min(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}
    source.save_assessment(rubric, answers, name=text, notes=hostile_notes(text))
    assert import_bytes(Store.default(), export_json(source).encode()).added == 1
    at = open_app(HISTORY)
    assert list(at.dataframe[0].value["Name"]) == [text]
    at.session_state[state.VIEWING.name] = Store.default().list()[0].id
    at.switch_page(SAVED).run()
    shown = [t.value for t in at.text]
    assert shown[0] == text and hostile_notes(text) in shown
    never_rendered(at, text)


@pytest.mark.parametrize(("kind", "text"), CASES, ids=[k for k, _ in CASES])
def test_an_import_refusal_quotes_the_file_as_plain_text_only(rubric, tmp_path, kind, text):
    source = Store(tmp_path / "elsewhere.sqlite3")
    answers = {i.id: min(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}
    source.save_assessment(rubric, answers, name=text)
    exported = export_json(source).encode()
    import_bytes(Store.default(), exported)
    # Renamed here since, so importing the same file again collides, and the refusal quotes the file's name.
    Store.default().rename(Store.default().list()[0].id, "Renamed here")
    at = open_app(HISTORY)
    at.file_uploader[0].upload(f"{text}.json", exported, "application/json").run()
    button(at, "Import it").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Nothing was imported; the file was refused."]
    (detail,) = at.code.values
    assert detail.startswith(f"{text}.json cannot be imported") and repr(text) in detail
    never_rendered(at, text)
    assert [a.name for a in Store.default().assessments()] == ["Renamed here"]
