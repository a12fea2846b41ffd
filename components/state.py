"""The one module that owns `st.session_state` keys.

Answers live in our own keys, not in widget keys: Streamlit drops a widget's state when its
page is left, and answers must survive steps, pages and reruns.
"""

from __future__ import annotations

import streamlit as st

ANSWERS = "threshold.answers"
STEP = "threshold.step"
QUICK = "threshold.quick"
DECISION_CHECK = "threshold.decision_check"
COUNTRY = "threshold.country"
EXITED = "exited"
DRAFT_DECIDED = "threshold.draft_decided"
PRIVATE_MODE = "private_mode"
#: Not under "threshold.": the unlocked key outlives "Start over", but not a quick exit.
LOCK_KEY = "lock_key"
PENDING_WIPE = "threshold.pending_wipe"
NOTICE = "threshold.notice"
PRESENTER = "presenter_mode"
SCENARIO = "threshold.scenario"
SAVED_ANSWERS = "threshold.saved_answers"
SAVED_NAME = "threshold.saved_name"
VIEWING = "threshold.viewing"
COMPARING = "threshold.comparing"
PENDING_DELETE = "threshold.pending_delete"
PENDING_START_OVER = "threshold.pending_start_over"
HISTORY_CHOSEN = "threshold.history_chosen"
MESSAGE = "threshold.message"
MESSAGE_SPEAKER = "threshold.message_speaker"
DRAWN_CHARTS = "threshold.drawn_charts"
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


def quick() -> bool:
    """The quick path: the situation, the safety screen and the questions about them that carry most."""
    return st.session_state.get(QUICK, False)


def set_quick(on: bool) -> None:
    st.session_state[QUICK] = on


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


def set_private_mode(on: bool) -> None:
    st.session_state[PRIVATE_MODE] = on


def lock_key() -> bytes | None:
    """The key derived from the passphrase; it lives in this session's memory only, never on disk."""
    return st.session_state.get(LOCK_KEY)


def set_lock_key(key: bytes | None) -> None:
    st.session_state[LOCK_KEY] = key


def pending_wipe() -> bool:
    """Delete everything was asked for and waits for a yes or no."""
    return st.session_state.get(PENDING_WIPE, False)


def set_pending_wipe(pending: bool) -> None:
    st.session_state[PENDING_WIPE] = pending


def take_notice() -> str | None:
    """A one-time note of what the last action did, shown once after the rerun it asked for."""
    return st.session_state.pop(NOTICE, None)


def set_notice(text: str) -> None:
    st.session_state[NOTICE] = text


def presenter() -> bool:
    """Presenter mode: large type for a room and nothing written to disk; it outlives a reset between groups."""
    return st.session_state.get(PRESENTER, False)


def set_presenter(on: bool) -> None:
    st.session_state[PRESENTER] = on


def scenario() -> str | None:
    """The id of the fictional workshop scenario whose answers are loaded, if any."""
    return st.session_state.get(SCENARIO)


def load_scenario(scenario_id: str, scenario_answers: dict[str, int | None], at_step: int) -> None:
    """Replace this session's answers, step and checks with a workshop scenario's answers."""
    start_over()
    restore(scenario_answers, at_step)
    st.session_state[SCENARIO] = scenario_id


def workshop() -> bool:
    """A scenario is loaded or presenter mode is on: nothing may touch the disk or the saved history."""
    return presenter() or scenario() is not None


def disk_closed() -> bool:
    """Private mode or a workshop: nothing is read from or written to disk, and the history stays closed."""
    return private_mode() or workshop()


def saved_answers() -> dict | None:
    """The answers as they were when last saved to the history, to avoid saving twice."""
    return st.session_state.get(SAVED_ANSWERS)


def set_saved_answers(saved: dict, name: str | None = None) -> None:
    st.session_state[SAVED_ANSWERS] = dict(saved)
    st.session_state[SAVED_NAME] = name


def saved_name(current: dict) -> str | None:
    """The name these answers were saved under in this session, for a report that may print it."""
    return st.session_state.get(SAVED_NAME) if saved_answers() == current else None


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


def pending_start_over() -> bool:
    """Start over was asked for and waits for a yes or no."""
    return st.session_state.get(PENDING_START_OVER, False)


def set_pending_start_over(pending: bool) -> None:
    st.session_state[PENDING_START_OVER] = pending


def history_chosen() -> list[int]:
    """The assessments chosen in the history, kept across its pages (a widget's own copy is not)."""
    return st.session_state.get(HISTORY_CHOSEN, [])


def set_history_chosen(ids: list[int]) -> None:
    st.session_state[HISTORY_CHOSEN] = list(ids)


def message() -> str:
    """Their message as pasted; empty when none was."""
    return st.session_state.get(MESSAGE, "")


def set_message(text: str) -> None:
    st.session_state[MESSAGE] = text


def message_speaker() -> str:
    """Whose lines in a pasted chat are theirs; empty until chosen, and for a message from one person."""
    return st.session_state.get(MESSAGE_SPEAKER, "")


def set_message_speaker(name: str) -> None:
    st.session_state[MESSAGE_SPEAKER] = name


def drawn_charts() -> dict:
    """The Vega-Lite specs of the charts this session drew last, by what they show (components/loading.py)."""
    return st.session_state.setdefault(DRAWN_CHARTS, {})


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
