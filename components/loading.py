"""The one place that caches: the parsed rubric and scenario library, reloaded when their files change, and
the server's list of open windows."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from threshold import DEFAULT_RUBRIC_PATH, about, charts
from threshold.rubric import Rubric, RubricError, load_rubric
from threshold.scenarios import DEFAULT_SCENARIOS_PATH, Scenario, load_scenarios

#: Points the app at another rubric file, for facilitators and tests.
RUBRIC_ENV = "THRESHOLD_RUBRIC"

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def open_windows() -> dict[str, str]:
    """This server's windows: each window's draft key and the session it is open in (never on disk)."""
    return {}


def rubric_path() -> Path:
    return Path(os.environ.get(RUBRIC_ENV) or DEFAULT_RUBRIC_PATH)


@st.cache_data(show_spinner=False)
def _cached_rubric(path: str, modified: float) -> Rubric:
    # `modified` is part of the cache key, so an edited rubric is read again.
    return load_rubric(path)


@st.cache_data(show_spinner=False, hash_funcs={Rubric: lambda r: r.content_hash})
def weights_table(rubric: Rubric) -> pd.DataFrame:
    """Every item's weight on every motive; it depends on the rubric alone, so sessions share it."""
    return charts.weights_table(rubric)


@st.cache_data(show_spinner=False, hash_funcs={Rubric: lambda r: r.content_hash})
def evaluation_figures(rubric: Rubric):
    """The evaluation's figures for this rubric (the About page), computed once per rubric."""
    return about.evaluation_figures(rubric)


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
    st.error(f"The {what} at {path} cannot be used. Each problem is listed by its place in the file.")
    st.code("\n".join(problems), language=None)
    st.caption(advice)
    st.stop()
