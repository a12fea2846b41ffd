"""Helpers for AppTest: start from app.py (so page links resolve) and read chart data."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.testing.v1 import AppTest

from components import state
from components.navigation import SAVED
from tests.conftest import ROOT
from threshold.store import Draft, Store

APP = str(ROOT / "app.py")
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))


def open_app(page: str | None = None, answers: dict | None = None, window: str | None = None) -> AppTest:
    """Seed answers (and this window's draft key), run app.py, then switch to `page` and run it."""
    at = AppTest.from_file(APP, default_timeout=30)
    if answers is not None:
        at.session_state[state.ANSWERS.name] = dict(answers)
    if window is not None:
        at.session_state[state.WINDOW.name] = window
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def open_saved(assessment_id: int) -> AppTest:
    """The Saved page showing this saved assessment."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state[state.VIEWING.name] = assessment_id
    at.run()
    at.switch_page(SAVED).run()
    return at


def chart_frames(at: AppTest, index: int = 0) -> list[pd.DataFrame]:
    """The datasets behind a vega-lite chart, in the order of its layers."""
    element = at.get("vega_lite_chart")[index]
    frames = {d.name: pa.ipc.open_stream(d.data.data).read_pandas() for d in element.proto.datasets}
    spec = json.loads(element.proto.spec)
    return [frames[layer["data"]["name"]] for layer in spec["layer"]]


TEXT_TYPES = {"title", "subheader", "markdown", "caption", "info", "success", "error", "warning", "code"}


def texts(at: AppTest) -> list[str]:
    """Every piece of text on the page, in the order a reader meets it, then the sidebar's."""
    return [str(e.value) for e in [*at.main, *at.sidebar] if getattr(e, "type", None) in TEXT_TYPES]


def button(at: AppTest, label: str):
    """The button with this label (AppTest finds buttons by key or index only)."""
    return next(b for b in at.button if b.label == label)


def page_buttons(at: AppTest) -> list[str]:
    """Button labels in the page body."""
    return [b.label for b in at.main.button]


def quick_exit(at: AppTest) -> AppTest:
    """Run the app as after a press of the quick exit in the browser (components/quick_exit.js).

    AppTest cannot press a `st.components.v2` component, so this sends what the browser sends: the
    component's one trigger message, `exit`, beside the other widgets' values.
    """
    component = next(e for e in at.main if getattr(e, "type", None) == "bidi_component")
    states = at._tree.get_widget_states()
    trigger = states.widgets.add()
    trigger.id = _make_trigger_id(component.proto.id, "events")
    trigger.json_trigger_value = json.dumps([{"event": "exit", "value": True}])
    return at._run(states)


def blank(at: AppTest) -> bool:
    """Nothing on the page but the quick exit's own (invisible) component, and an empty sidebar."""
    return [getattr(e, "key", None) for e in at.main.children.values()] == ["quick_exit"] and not at.sidebar.children


def only_draft() -> Draft | None:
    """The one draft on disk (each window keeps its own; these tests open one at a time), or None."""
    drafts = list(Store.default().drafts().values())
    assert len(drafts) <= 1, drafts
    return drafts[0] if drafts else None


def radio_item_ids(at: AppTest) -> list[str]:
    """The rubric item ids behind the radios on the page, from their widget keys."""
    return [r.key.removeprefix(state.widget_key("")) for r in at.radio]


def answer_every_part(at: AppTest, rubric, pick=max) -> None:
    """From the questionnaire's introduction: take the full path and answer every part it shows.

    Situation and safety questions get their first option (so no safety sign); the rest get `pick`.
    """
    button(at, "Answer all questions").click().run()
    while True:
        for radio, item_id in zip(at.radio, radio_item_ids(at), strict=True):
            item = rubric.item_by_id[item_id]
            first = rubric.kind_of(item) in ("situation", "safety")
            radio.set_value(min(rubric.scale_of(item).values) if first else pick(rubric.scale_of(item).values))
        at.run()
        if not any(b.label == "Next" for b in at.button):
            return
        button(at, "Next").click().run()
