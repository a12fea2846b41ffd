"""The one place that caches: the parsed rubric, reloaded when its file changes."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from threshold import DEFAULT_RUBRIC_PATH
from threshold.rubric import Rubric, RubricError, load_rubric

#: Points the app at another rubric file, for facilitators and tests.
RUBRIC_ENV = "THRESHOLD_RUBRIC"


def rubric_path() -> Path:
    return Path(os.environ.get(RUBRIC_ENV) or DEFAULT_RUBRIC_PATH)


@st.cache_data(show_spinner=False)
def _cached_rubric(path: str, modified: float) -> Rubric:
    # `modified` is part of the cache key, so an edited rubric is read again.
    return load_rubric(path)


def rubric_or_stop() -> Rubric:
    """The current rubric; if it is broken, list its problems on screen and stop the page."""
    path = rubric_path()
    try:
        return _cached_rubric(str(path), path.stat().st_mtime)
    except OSError as exc:
        problems = [f"(file): cannot read {path}: {exc.strerror}"]
    except RubricError as exc:
        problems = exc.problems
    st.error(f"The rubric at {path} cannot be used. Each problem is listed by its place in the file.")
    st.code("\n".join(problems), language=None)
    st.caption("Fix these in the file, or check it with: python -m threshold check-rubric")
    st.stop()
