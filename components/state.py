"""The one module that owns `st.session_state`: every key the app keeps, declared once.

Each `Key` names its value, its type, its default and whether it survives "Start over"; `REGISTRY`
lists them all, with the widget copies, and Start over and Quick exit walk it. Answers live in our
own keys, not in widget keys: Streamlit drops a widget's state when its page is left, and answers
must survive steps, pages and reruns. Widgets keep a copy of ours, which `follow` keeps in step.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any, Generic, TypeVar

import streamlit as st

from threshold.decision import DecisionRecord, NextStep, OwnPoint

T = TypeVar("T")

#: Every key and the widget copies, in declaration order: what Start over and Quick exit walk.
REGISTRY: list[Key | WidgetCopies] = []


class Key(Generic[T]):
    """One value this session keeps: its name in `st.session_state`, its default, and whether Start over keeps it.

    Declared as `Key[T](name, default, survives_start_over=...)`; a mutable default is copied, never shared.
    """

    def __init__(self, name: str, default: T, *, survives_start_over: bool = False) -> None:
        if any(getattr(entry, "name", None) == name for entry in REGISTRY):
            raise ValueError(f"session key {name!r} is declared twice")
        self.name, self.default, self.survives_start_over = name, default, survives_start_over
        REGISTRY.append(self)

    def __repr__(self) -> str:
        return f"Key({self.name!r})"

    def get(self) -> T:
        """The value kept, or the default when there is none (nothing is stored)."""
        if self.name in st.session_state:
            return st.session_state[self.name]
        return copy.deepcopy(self.default)

    def held(self) -> T:
        """The value kept, storing the default first, so a change made to it in place is kept."""
        if self.name not in st.session_state:
            st.session_state[self.name] = copy.deepcopy(self.default)
        return st.session_state[self.name]

    def set(self, value: T) -> None:
        st.session_state[self.name] = value

    def take(self) -> T:
        """The value kept, forgotten as it is read (a one-time note)."""
        value = self.get()
        self.forget()
        return value

    def is_set(self) -> bool:
        return self.name in st.session_state

    def forget(self) -> None:
        st.session_state.pop(self.name, None)


class WidgetCopies:
    """The values Streamlit keeps for the widgets we key: each is a copy of one of ours, or a passing choice.

    Their keys share one prefix, so Start over forgets them all without knowing every widget.
    """

    name = "widget copies"

    def __init__(self, prefix: str, *, survives_start_over: bool = False) -> None:
        self.prefix, self.survives_start_over = prefix, survives_start_over
        REGISTRY.append(self)

    def key(self, name: str) -> str:
        return self.prefix + name

    def forget(self, under: str = "") -> None:
        """Forget every widget copy, or only those whose names start with `under`."""
        for key in list(st.session_state):
            if key.startswith(self.key(under)):
                st.session_state.pop(key, None)


#: Item id to option value; None means "Not sure"; an absent id is unanswered.
ANSWERS = Key[dict[str, int | None]]("threshold.answers", {})
STEP = Key[int]("threshold.step", 0)
#: The quick path: the situation, the safety screen and the questions about them that carry most.
QUICK = Key[bool]("threshold.quick", False)
DECISION_CHECK = Key[dict[str, bool]]("threshold.decision_check", {})
#: The decision check asked again after the options; `DECISION_CHECK` is the one before.
DECISION_CHECK_AFTER = Key[dict[str, bool]]("threshold.decision_check_after", {})
#: The options page's answers as plain data: ratings, own points, leaning, sureness, next step (threshold.decision).
DECISION = Key[dict](
    "threshold.decision",
    {"ratings": {}, "own_points": [], "leaning": None, "leaning_chosen": False, "sureness": None, "next_step": {}},
)
#: The id these answers were saved under in this session, so the options can be kept with them.
SAVED_ID = Key[int | None]("threshold.saved_id", None)
#: The answers as they were when last saved to the history, to avoid saving twice.
SAVED_ANSWERS = Key[dict | None]("threshold.saved_answers", None)
SAVED_NAME = Key[str | None]("threshold.saved_name", None)
#: The saved assessment whose follow-up ("I asked them") is being recorded.
FOLLOWING_UP = Key[int | None]("threshold.following_up", None)
COUNTRY = Key[str | None]("threshold.country", None)
DRAFT_DECIDED = Key[bool]("threshold.draft_decided", False)
#: This run follows a silent resume in a new session: a click that arrived with it is the person's answer.
ADOPT_WIDGETS = Key[bool]("threshold.adopt_widgets", False)
#: The id of the fictional workshop scenario whose answers are loaded, if any.
SCENARIO = Key[str | None]("threshold.scenario", None)
#: The id of the saved assessment being looked at.
VIEWING = Key[int | None]("threshold.viewing", None)
COMPARING = Key[list[int]]("threshold.comparing", [])
#: The assessments chosen in the history, kept across its pages (a widget's own copy is not).
HISTORY_CHOSEN = Key[list[int]]("threshold.history_chosen", [])
#: The name whose trend the history shows, kept while the list pages on to other people.
TREND_NAME = Key[str | None]("threshold.trend_name", None)
#: The assessment whose deletion waits for a yes or no.
PENDING_DELETE = Key[int | None]("threshold.pending_delete", None)
PENDING_START_OVER = Key[bool]("threshold.pending_start_over", False)
#: Reset for the next group was asked for and waits for a yes or no.
PENDING_RESET = Key[bool]("threshold.pending_reset", False)
#: Delete everything was asked for and waits for a yes or no.
PENDING_WIPE = Key[bool]("threshold.pending_wipe", False)
#: A one-time note of what the last action did, shown once after the rerun it asked for.
NOTICE = Key[str | None]("threshold.notice", None)
#: Their message as pasted; empty when none was.
MESSAGE = Key[str]("threshold.message", "")
#: Whose lines in a pasted chat are theirs; empty until chosen, and for a message from one person.
MESSAGE_SPEAKER = Key[str]("threshold.message_speaker", "")
#: The Vega-Lite specs of the charts this session drew last, by what they show (components/loading.py).
DRAWN_CHARTS = Key[dict]("threshold.drawn_charts", {})

# These outlive "Start over"; a quick exit forgets them too.
#: Private mode writes nothing to disk.
PRIVATE_MODE = Key[bool]("private_mode", False, survives_start_over=True)
#: The key derived from the passphrase; it lives in this session's memory only, never on disk.
LOCK_KEY = Key[bytes | None]("lock_key", None, survives_start_over=True)
#: Presenter mode: large type for a room and nothing written to disk; it outlives a reset between groups.
PRESENTER = Key[bool]("presenter_mode", False, survives_start_over=True)
#: A workshop outlives a reset between groups, and ends only when left on purpose.
WORKSHOP = Key[bool]("workshop", False, survives_start_over=True)
WORKSHOP_URL_READ = Key[bool]("workshop_url_read", False, survives_start_over=True)
#: This window's draft key (see `window_id`).
WINDOW = Key[str | None]("window_id", None, survives_start_over=True)
WINDOW_PATH_READ = Key[bool]("window_id.path_read", False, survives_start_over=True)
#: Whether this session has looked for a draft its tab left before it (it does so once).
OWN_WINDOW_CHECKED = Key[bool]("window_id.own_checked", False, survives_start_over=True)
EXITED = Key[bool]("exited", False, survives_start_over=True)

WIDGETS = WidgetCopies("widget.")

#: The URL's query parameters that carry a workshop and presenter mode across a reload (F5 starts a new session).
URL_WORKSHOP, URL_PRESENTER, URL_ON = "workshop", "presenter", "on"
#: This window's draft key and its path through the questionnaire, kept in the URL so that a new session for
#: the same tab (after a server restart, when Streamlit reconnects) picks up where the tab was.
URL_WINDOW, URL_PATH, URL_QUICK = "window", "path", "quick"


# Widget copies


def widget_key(name: str) -> str:
    """The key of the widget `name`; its value is a copy that Start over forgets."""
    return WIDGETS.key(name)


def widget_value(key: str) -> Any:
    """What the widget under `key` holds now (in its on_change callback, the new choice)."""
    return st.session_state[key]


def set_widget(key: str, value: Any) -> None:
    """Put a value in a widget before it is drawn (a click elsewhere chose it)."""
    st.session_state[key] = value


def follow(key: str, ours: object) -> None:
    """Keep a widget in step with our own key, which holds the truth.

    A widget keeps its last value; when something else changed ours (a resumed draft, a delete), the
    widget's copy is dropped so that it starts again from ours.
    """
    if key in st.session_state and st.session_state[key] != ours:
        del st.session_state[key]


# What several keys say together


def has_answers() -> bool:
    return bool(ANSWERS.get())


def decision_record() -> DecisionRecord:
    """Everything the options page holds, with the check before and after, as one record to save."""
    data = DECISION.held()
    return DecisionRecord(
        ratings=dict(data["ratings"]),
        own_points=[OwnPoint(text=text, importance=value) for text, value in data["own_points"]],
        leaning=data["leaning"],
        sureness=data["sureness"] if data["leaning"] else None,
        check_before=dict(DECISION_CHECK.held()),
        check_after=dict(DECISION_CHECK_AFTER.held()),
        next_step=NextStep(**data["next_step"]),
    )


def restore(saved: dict[str, int | None], at_step: int) -> None:
    """Bring back answers kept on disk (a draft), and the step the person was on."""
    ANSWERS.set(dict(saved))
    STEP.set(at_step)
    DRAFT_DECIDED.set(True)


def remember_saved(saved: dict, name: str | None = None, assessment_id: int | None = None) -> None:
    """These answers are in the history now, under this name and id."""
    SAVED_ANSWERS.set(dict(saved))
    SAVED_NAME.set(name)
    SAVED_ID.set(assessment_id)


def saved_name(current: dict) -> str | None:
    """The name these answers were saved under in this session, for a report that may print it."""
    return SAVED_NAME.get() if SAVED_ANSWERS.get() == current else None


def window_id() -> str:
    """This window's own key for its draft on disk, so two windows never write over each other's answers.

    One per tab: a new session takes the key the tab's URL carries (a server restart keeps the tab's
    answers its own), else a new one; see `components.windows` for a duplicated tab.
    """
    if not WINDOW.is_set():
        carried = st.query_params.get(URL_WINDOW, "")
        WINDOW.set(carried if _is_window_key(carried) else uuid.uuid4().hex)
    return WINDOW.get()


def new_window_id() -> str:
    """A fresh key for this session, when the one its URL carried is open in another tab."""
    WINDOW.set(uuid.uuid4().hex)
    return WINDOW.get()


def _is_window_key(text: str) -> bool:
    return len(text) == 32 and all(c in "0123456789abcdef" for c in text)


def keep_window_in_url() -> None:
    """Write this window's key and path to the URL on every run (page links start a page without them)."""
    params = st.query_params
    if params.get(URL_WINDOW) != window_id():
        params[URL_WINDOW] = window_id()
    if not WINDOW_PATH_READ.get():
        WINDOW_PATH_READ.set(True)
        if params.get(URL_PATH) == URL_QUICK and not QUICK.is_set():
            QUICK.set(True)
    if QUICK.get() and params.get(URL_PATH) != URL_QUICK:
        params[URL_PATH] = URL_QUICK
    elif not QUICK.get() and URL_PATH in params:
        del params[URL_PATH]


def set_presenter(on: bool) -> None:
    """Presenter mode on or off; turning it on starts a workshop."""
    PRESENTER.set(on)
    if on:
        WORKSHOP.set(True)


def load_scenario(scenario_id: str, scenario_answers: dict[str, int | None], at_step: int) -> None:
    """Replace this session's answers, step and checks with a workshop scenario's answers."""
    start_over()
    restore(scenario_answers, at_step)
    SCENARIO.set(scenario_id)
    WORKSHOP.set(True)


def workshop() -> bool:
    """Since a scenario was loaded or presenter mode turned on, until the workshop is left on purpose:
    nothing may touch the disk or the saved history, and no personal draft is offered."""
    return WORKSHOP.get() or PRESENTER.get() or SCENARIO.get() is not None


def leave_workshop() -> None:
    """End the workshop on purpose: its answers go, presenter mode is off, and the disk opens again."""
    start_over()
    PRESENTER.set(False)
    WORKSHOP.set(False)


def keep_workshop_in_url() -> None:
    """A workshop and presenter mode live in the URL too, so a reload (a new session) keeps them.

    The URL is read once per session, on its first run; from then on the session's state is written to it.
    """
    params = st.query_params
    if not WORKSHOP_URL_READ.get():
        WORKSHOP_URL_READ.set(True)
        if params.get(URL_WORKSHOP) == URL_ON or params.get(URL_PRESENTER) == URL_ON:
            WORKSHOP.set(True)
        if params.get(URL_PRESENTER) == URL_ON:
            PRESENTER.set(True)
    for name, on in ((URL_WORKSHOP, workshop()), (URL_PRESENTER, PRESENTER.get())):
        if on and params.get(name) != URL_ON:
            params[name] = URL_ON
        elif not on and name in params:
            del params[name]


def disk_closed() -> bool:
    """Private mode or a workshop: nothing is read from or written to disk, and the history stays closed."""
    return PRIVATE_MODE.get() or workshop()


# The two walks over the registry


def start_over() -> None:
    """Forget every key that does not survive Start over (answers, step, checks...) and every widget copy."""
    for entry in REGISTRY:
        if not entry.survives_start_over:
            entry.forget()


def quick_exit() -> None:
    """Forget everything this session holds and leave only a blank page behind."""
    for entry in REGISTRY:
        entry.forget()
    # Then what Streamlit keeps for controls keyed by their own names (buttons, components): nothing stays.
    for name in list(st.session_state):
        st.session_state.pop(name, None)
    EXITED.set(True)


# Workshop rooms: nothing here is personal; a quick exit or a closed tab forgets it with the session.
# Start over is about the person's own answers, so a room this window hosts or joined stays open.
#: The join code of the room this window hosts, if any.
ROOM_HOSTED = Key[str | None]("room.hosted", None, survives_start_over=True)
#: The `threshold.room.Participant` this window joined as, if any.
ROOM_PARTICIPANT = Key[Any]("room.participant", None, survives_start_over=True)
#: This participant's kept answers, once sent.
ROOM_ANSWERS = Key[dict | None]("room.answers", None, survives_start_over=True)
#: The answers sent before "Change my answers", to start the questions from.
ROOM_LAST_ANSWERS = Key[dict | None]("room.last_answers", None, survives_start_over=True)
#: A random name for this session, for the join-code limit when the connection's address is unknown.
ROOM_CLIENT = Key[str | None]("room.client", None, survives_start_over=True)


def set_room_participant(
    participant, answers: dict[str, int | None] | None = None, earlier: dict[str, int | None] | None = None
) -> None:
    ROOM_PARTICIPANT.set(participant)
    ROOM_ANSWERS.set(answers)
    ROOM_LAST_ANSWERS.set(earlier)


def room_client() -> str:
    """This session's random name for the join-code limit, made on first use."""
    if ROOM_CLIENT.get() is None:
        ROOM_CLIENT.set(uuid.uuid4().hex)
    return ROOM_CLIENT.get()
