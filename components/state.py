"""The one module that owns `st.session_state` keys.

Answers live in our own keys, not in widget keys: Streamlit drops a widget's state when its
page is left, and answers must survive steps, pages and reruns.
"""

from __future__ import annotations

import uuid

import streamlit as st

from threshold.decision import DecisionRecord, NextStep, OwnPoint

ANSWERS = "threshold.answers"
STEP = "threshold.step"
QUICK = "threshold.quick"
DECISION_CHECK = "threshold.decision_check"
#: The options page: ratings, own points, leaning, the check after, the next step (see threshold.decision).
DECISION = "threshold.decision"
DECISION_CHECK_AFTER = "threshold.decision_check_after"
SAVED_ID = "threshold.saved_id"
FOLLOWING_UP = "threshold.following_up"
COUNTRY = "threshold.country"
EXITED = "exited"
DRAFT_DECIDED = "threshold.draft_decided"
PRIVATE_MODE = "private_mode"
#: Not under "threshold.": the unlocked key outlives "Start over", but not a quick exit.
LOCK_KEY = "lock_key"
PENDING_WIPE = "threshold.pending_wipe"
NOTICE = "threshold.notice"
PRESENTER = "presenter_mode"
#: Not under "threshold.": this window's draft key outlives "Start over", but not a quick exit.
WINDOW = "window_id"
#: Not under "threshold.": a workshop outlives a reset between groups, and ends only when left on purpose.
WORKSHOP = "workshop"
WORKSHOP_URL_READ = "workshop_url_read"
#: The URL's query parameters that carry a workshop and presenter mode across a reload (F5 starts a new session).
URL_WORKSHOP, URL_PRESENTER, URL_ON = "workshop", "presenter", "on"
#: This window's draft key and its path through the questionnaire, kept in the URL so that a new session for
#: the same tab (after a server restart, when Streamlit reconnects) picks up where the tab was.
URL_WINDOW, URL_PATH, URL_QUICK = "window", "path", "quick"
ADOPT_WIDGETS = "threshold.adopt_widgets"
SCENARIO = "threshold.scenario"
SAVED_ANSWERS = "threshold.saved_answers"
SAVED_NAME = "threshold.saved_name"
VIEWING = "threshold.viewing"
COMPARING = "threshold.comparing"
PENDING_DELETE = "threshold.pending_delete"
PENDING_START_OVER = "threshold.pending_start_over"
PENDING_RESET = "threshold.pending_reset"
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


def decision_check_after() -> dict[str, bool]:
    """The decision check asked again after the options; `decision_check` is the one before."""
    return st.session_state.setdefault(DECISION_CHECK_AFTER, {})


def decision() -> dict:
    """The options page's answers as plain data: ratings, own_points, leaning, sureness, next_step."""
    return st.session_state.setdefault(
        DECISION,
        {"ratings": {}, "own_points": [], "leaning": None, "leaning_chosen": False, "sureness": None, "next_step": {}},
    )


def decision_record() -> DecisionRecord:
    """Everything the options page holds, with the check before and after, as one record to save."""
    data = decision()
    return DecisionRecord(
        ratings=dict(data["ratings"]),
        own_points=[OwnPoint(text=text, importance=value) for text, value in data["own_points"]],
        leaning=data["leaning"],
        sureness=data["sureness"] if data["leaning"] else None,
        check_before=dict(decision_check()),
        check_after=dict(decision_check_after()),
        next_step=NextStep(**data["next_step"]),
    )


def saved_id() -> int | None:
    """The id these answers were saved under in this session, so the options can be kept with them."""
    return st.session_state.get(SAVED_ID)


def following_up() -> int | None:
    """The saved assessment whose follow-up ("I asked them") is being recorded."""
    return st.session_state.get(FOLLOWING_UP)


def set_following_up(assessment_id: int | None) -> None:
    st.session_state[FOLLOWING_UP] = assessment_id


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


def window_id() -> str:
    """This window's own key for its draft on disk, so two windows never write over each other's answers.

    One per tab: a new session takes the key the tab's URL carries (a server restart keeps the tab's
    answers its own), else a new one; see `components.windows` for a duplicated tab.
    """
    if WINDOW not in st.session_state:
        carried = st.query_params.get(URL_WINDOW, "")
        st.session_state[WINDOW] = carried if _is_window_key(carried) else uuid.uuid4().hex
    return st.session_state[WINDOW]


def new_window_id() -> str:
    """A fresh key for this session, when the one its URL carried is open in another tab."""
    st.session_state[WINDOW] = uuid.uuid4().hex
    return st.session_state[WINDOW]


def _is_window_key(text: str) -> bool:
    return len(text) == 32 and all(c in "0123456789abcdef" for c in text)


def keep_window_in_url() -> None:
    """Write this window's key and path to the URL on every run (page links start a page without them)."""
    params = st.query_params
    if params.get(URL_WINDOW) != window_id():
        params[URL_WINDOW] = window_id()
    if not st.session_state.get(WINDOW + ".path_read"):
        st.session_state[WINDOW + ".path_read"] = True
        if params.get(URL_PATH) == URL_QUICK and QUICK not in st.session_state:
            set_quick(True)
    if quick() and params.get(URL_PATH) != URL_QUICK:
        params[URL_PATH] = URL_QUICK
    elif not quick() and URL_PATH in params:
        del params[URL_PATH]


def own_window_checked() -> bool:
    """Whether this session has looked for a draft its tab left before it (it does so once)."""
    return st.session_state.get(WINDOW + ".own_checked", False)


def set_own_window_checked() -> None:
    st.session_state[WINDOW + ".own_checked"] = True


def adopt_widgets() -> bool:
    """This run follows a silent resume in a new session: a click that arrived with it is the person's answer."""
    return st.session_state.get(ADOPT_WIDGETS, False)


def set_adopt_widgets(on: bool) -> None:
    st.session_state[ADOPT_WIDGETS] = on


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
    if on:
        st.session_state[WORKSHOP] = True


def scenario() -> str | None:
    """The id of the fictional workshop scenario whose answers are loaded, if any."""
    return st.session_state.get(SCENARIO)


def load_scenario(scenario_id: str, scenario_answers: dict[str, int | None], at_step: int) -> None:
    """Replace this session's answers, step and checks with a workshop scenario's answers."""
    start_over()
    restore(scenario_answers, at_step)
    st.session_state[SCENARIO] = scenario_id
    st.session_state[WORKSHOP] = True


def workshop() -> bool:
    """Since a scenario was loaded or presenter mode turned on, until the workshop is left on purpose:
    nothing may touch the disk or the saved history, and no personal draft is offered."""
    return st.session_state.get(WORKSHOP, False) or presenter() or scenario() is not None


def leave_workshop() -> None:
    """End the workshop on purpose: its answers go, presenter mode is off, and the disk opens again."""
    start_over()
    st.session_state[PRESENTER] = False
    st.session_state[WORKSHOP] = False


def keep_workshop_in_url() -> None:
    """A workshop and presenter mode live in the URL too, so a reload (a new session) keeps them.

    The URL is read once per session, on its first run; from then on the session's state is written to it.
    """
    params = st.query_params
    if not st.session_state.get(WORKSHOP_URL_READ):
        st.session_state[WORKSHOP_URL_READ] = True
        if params.get(URL_WORKSHOP) == URL_ON or params.get(URL_PRESENTER) == URL_ON:
            st.session_state[WORKSHOP] = True
        if params.get(URL_PRESENTER) == URL_ON:
            st.session_state[PRESENTER] = True
    for name, on in ((URL_WORKSHOP, workshop()), (URL_PRESENTER, presenter())):
        if on and params.get(name) != URL_ON:
            params[name] = URL_ON
        elif not on and name in params:
            del params[name]


def disk_closed() -> bool:
    """Private mode or a workshop: nothing is read from or written to disk, and the history stays closed."""
    return private_mode() or workshop()


def saved_answers() -> dict | None:
    """The answers as they were when last saved to the history, to avoid saving twice."""
    return st.session_state.get(SAVED_ANSWERS)


def set_saved_answers(saved: dict, name: str | None = None, assessment_id: int | None = None) -> None:
    st.session_state[SAVED_ANSWERS] = dict(saved)
    st.session_state[SAVED_NAME] = name
    st.session_state[SAVED_ID] = assessment_id


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


def pending_reset() -> bool:
    """Reset for the next group was asked for and waits for a yes or no."""
    return st.session_state.get(PENDING_RESET, False)


def set_pending_reset(pending: bool) -> None:
    st.session_state[PENDING_RESET] = pending


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


# Workshop rooms: nothing here is personal; a quick exit or a closed tab forgets it with the session.
ROOM_HOSTED = "room.hosted"
ROOM_PARTICIPANT = "room.participant"
ROOM_ANSWERS = "room.answers"
ROOM_LAST_ANSWERS = "room.last_answers"
ROOM_CLIENT = "room.client"


def hosted_room() -> str | None:
    """The join code of the room this window hosts, if any."""
    return st.session_state.get(ROOM_HOSTED)


def set_hosted_room(code: str | None) -> None:
    st.session_state[ROOM_HOSTED] = code


def room_participant():
    """The `threshold.room.Participant` this window joined as, if any."""
    return st.session_state.get(ROOM_PARTICIPANT)


def room_answers() -> dict[str, int | None] | None:
    """This participant's kept answers, once sent."""
    return st.session_state.get(ROOM_ANSWERS)


def room_last_answers() -> dict[str, int | None]:
    """The answers sent before "Change my answers", to start the questions from."""
    return st.session_state.get(ROOM_LAST_ANSWERS) or {}


def set_room_participant(
    participant, answers: dict[str, int | None] | None = None, earlier: dict[str, int | None] | None = None
) -> None:
    st.session_state[ROOM_PARTICIPANT] = participant
    st.session_state[ROOM_ANSWERS] = answers
    st.session_state[ROOM_LAST_ANSWERS] = earlier


def room_client() -> str:
    """A random name for this session, for the join-code limit when the connection's address is unknown."""
    return st.session_state.setdefault(ROOM_CLIENT, uuid.uuid4().hex)
