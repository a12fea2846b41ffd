"""The one place that caches: the parsed rubric and scenario library, reloaded when their files change, the
server's list of open windows, and the charts a session has drawn."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import streamlit as st

from components import state
from components.plain import plain_error
from threshold import DEFAULT_RUBRIC_PATH, about
from threshold.rubric import Rubric, RubricError, load_rubric
from threshold.scenarios import DEFAULT_SCENARIOS_PATH, Scenario, load_scenarios

#: Points the app at another rubric file, for facilitators and tests.
RUBRIC_ENV = "THRESHOLD_RUBRIC"

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

T = TypeVar("T")
#: A session keeps this many drawn charts (a few what-ifs), so a rerun sends them without rebuilding.
CHARTS_KEPT = 12


@st.cache_resource(show_spinner=False)
def open_windows() -> dict[str, str]:
    """This server's windows: each window's draft key and the session it is open in (never on disk)."""
    return {}


def rubric_path() -> Path:
    return Path(os.environ.get(RUBRIC_ENV) or DEFAULT_RUBRIC_PATH)


@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_rubric(path: str, modified: float) -> Rubric:
    # `modified` is part of the cache key, so an edited rubric is read again. A resource, not data:
    # the rubric is frozen, so every session can share one object instead of unpickling a copy per call.
    return load_rubric(path)


def preload_rubric() -> None:
    """Read the rubric into the cache before any page asks for it (scripts/serve.py, at start).

    A broken or missing rubric is left for the first page, which lists its problems.
    """
    path = rubric_path()
    with contextlib.suppress(OSError, RubricError):
        _cached_rubric(str(path), path.stat().st_mtime)


@st.cache_data(show_spinner=False, hash_funcs={Rubric: lambda r: r.content_hash})
def weights_table(rubric: Rubric) -> pd.DataFrame:
    """Every item's weight on every motive; it depends on the rubric alone, so sessions share it."""
    from threshold import charts

    return charts.weights_table(rubric)


@st.cache_data(show_spinner=False, hash_funcs={Rubric: lambda r: r.content_hash})
def evaluation_figures(rubric: Rubric):
    """The evaluation's figures for this rubric (the About page), computed once per rubric."""
    return about.evaluation_figures(rubric)


def altair_chart(key: tuple, build: Callable[[], alt.TopLevelMixin]) -> None:
    """Draw the chart that `build()` makes, full width, as `st.altair_chart` would.

    Building an Altair chart and checking it against the Vega-Lite schema took most of a rerun, and
    a rerun mostly draws the charts it drew before: so each session keeps the finished spec of its
    last few charts under `key` (which must name everything the chart shows). The specs live in the
    session's state, so a quick exit forgets them with the answers.
    """
    # Streamlit's own conversion, so the element is exactly the one st.altair_chart sends.
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    drawn = state.DRAWN_CHARTS.held()
    spec = drawn.pop(key, None) or _convert_altair_to_vega_lite_spec(build())
    drawn[key] = spec  # the most recent last
    while len(drawn) > CHARTS_KEPT:
        del drawn[next(iter(drawn))]
    st.vega_lite_chart(spec, width="stretch")


def rubric_or_stop() -> Rubric:
    """The current rubric; if it is broken, list its problems on screen and stop the page."""
    path = rubric_path()
    return _loaded_or_stop(
        "rubric",
        path,
        lambda modified: _cached_rubric(str(path), modified),
        "Fix these in the file, or check it with: python -m threshold check-rubric",
    )


@st.cache_data(show_spinner=False)
def _cached_scenarios(path: str, modified: float, rubric_hash: str, _rubric: Rubric) -> list[Scenario]:
    # Checked against the rubric, so its content hash is part of the key (the rubric itself is not hashed).
    return load_scenarios(path, rubric=_rubric)


def scenarios_or_stop(rubric: Rubric) -> list[Scenario]:
    """The workshop's scenario library, checked against `rubric`; if broken, list its problems and stop."""
    path = DEFAULT_SCENARIOS_PATH
    return _loaded_or_stop(
        "scenario library",
        path,
        lambda modified: _cached_scenarios(str(path), modified, rubric.content_hash, rubric),
        "Fix these in the file; the tests check every scenario against the rubric.",
    )


def _loaded_or_stop(what: str, path: Path, load: Callable[[float], T], advice: str) -> T:
    """`load(modification time)`, or the file's problems listed by path and the page stopped."""
    try:
        return load(path.stat().st_mtime)
    except OSError as exc:
        problems = [f"(file): cannot read {path}: {exc.strerror}"]
    except RubricError as exc:  # a ScenarioError is one too
        problems = exc.problems
    plain_error(
        f"The {what} at {path} cannot be used. Each problem is listed by its place in the file.", "\n".join(problems)
    )
    st.caption(advice)
    st.stop()


@st.cache_resource(show_spinner=False, max_entries=4)
def _rooms(url: str, rubric_hash: str, _rubric: Rubric, _scenarios: tuple[Scenario, ...]):
    from threshold.room import Rooms, room_engine

    return Rooms(room_engine(url), _rubric, list(_scenarios))


def rooms(rubric: Rubric, scenarios: list[Scenario]):
    """The workshop rooms on this server's room database (never the personal history's), shared by sessions."""
    from threshold.room import database_url

    return _rooms(database_url(), rubric.content_hash, rubric, tuple(scenarios))


@st.cache_resource(show_spinner=False)
def guess_limiter():
    """This server's count of wrong join codes, shared by every session."""
    from threshold.room import GuessLimiter

    return GuessLimiter()
