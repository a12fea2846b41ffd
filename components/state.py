"""The one module that owns `st.session_state` keys.

Answers live in our own keys, not in widget keys: Streamlit drops a widget's state when its
page is left, and answers must survive steps, pages and reruns.
"""

from __future__ import annotations

import streamlit as st

ANSWERS = "threshold.answers"
STEP = "threshold.step"
DECISION_CHECK = "threshold.decision_check"
COUNTRY = "threshold.country"
EXITED = "exited"
WIDGET_PREFIX = "widget."


def answers() -> dict[str, int | None]:
    """Item id to option value; None means "Not sure"; an absent id is unanswered."""
    return st.session_state.setdefault(ANSWERS, {})


def set_answer(item_id: str, value: int | None) -> None:
    answers()[item_id] = value


def has_answers() -> bool:
    return bool(st.session_state.get(ANSWERS))


def step() -> int:
    return st.session_state.get(STEP, 0)


def set_step(index: int) -> None:
    st.session_state[STEP] = index


def decision_check() -> dict[str, bool]:
    return st.session_state.setdefault(DECISION_CHECK, {})


def country() -> str | None:
    return st.session_state.get(COUNTRY)


def set_country(code: str | None) -> None:
    st.session_state[COUNTRY] = code


def widget_key(name: str) -> str:
    return WIDGET_PREFIX + name


def start_over() -> None:
    """Forget this session's answers, step and checks, including widget copies."""
    for key in list(st.session_state):
        if key.startswith("threshold.") or key.startswith(WIDGET_PREFIX):
            del st.session_state[key]


def quick_exit() -> None:
    """Forget everything this session holds and leave only a blank page behind."""
    for key in list(st.session_state):
        del st.session_state[key]
    st.session_state[EXITED] = True


def exited() -> bool:
    return st.session_state.get(EXITED, False)
