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
DRAFT_DECIDED = "threshold.draft_decided"
PRIVATE_MODE = "private_mode"
SAVED_ANSWERS = "threshold.saved_answers"
VIEWING = "threshold.viewing"
COMPARING = "threshold.comparing"
PENDING_DELETE = "threshold.pending_delete"
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


def restore(saved: dict[str, int | None], at_step: int) -> None:
    """Bring back answers kept on disk (a draft), and the step the person was on."""
    st.session_state[ANSWERS] = dict(saved)
    set_step(at_step)
    set_draft_decided()


def draft_decided() -> bool:
    return st.session_state.get(DRAFT_DECIDED, False)


def set_draft_decided() -> None:
    st.session_state[DRAFT_DECIDED] = True


def private_mode() -> bool:
    """Private mode writes nothing to disk; it outlives "Start over" but not a quick exit."""
    return st.session_state.get(PRIVATE_MODE, False)


def saved_answers() -> dict | None:
    """The answers as they were when last saved to the history, to avoid saving twice."""
    return st.session_state.get(SAVED_ANSWERS)


def set_saved_answers(saved: dict) -> None:
    st.session_state[SAVED_ANSWERS] = dict(saved)


def viewing() -> int | None:
    """The id of the saved assessment being looked at."""
    return st.session_state.get(VIEWING)


def set_viewing(assessment_id: int | None) -> None:
    st.session_state[VIEWING] = assessment_id


def comparing() -> list[int]:
    return st.session_state.get(COMPARING, [])


def set_comparing(ids: list[int]) -> None:
    st.session_state[COMPARING] = list(ids)


def pending_delete() -> int | None:
    """The assessment whose deletion waits for a yes or no."""
    return st.session_state.get(PENDING_DELETE)


def set_pending_delete(assessment_id: int | None) -> None:
    st.session_state[PENDING_DELETE] = assessment_id


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
