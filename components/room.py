"""Workshop rooms on screen: the facilitator's live view, and the participant's join, questions and reflection.

Everything shown from a room is fictional or counted (a nickname is kept, never shown to the room);
the scenario's texts are shown with st.text, never as Markdown. Nothing here touches the personal history.
"""

from __future__ import annotations

import html
import os

import segno
import streamlit as st

from components import accessibility, loading, navigation, profile, state, workshop
from threshold import reflection_blocks
from threshold.plural import counted
from threshold.room import (
    GuessLimiter,
    RoomError,
    RoomNotFound,
    RoomResults,
    Rooms,
    TooManyGuesses,
    join_with_limit,
    room_questions,
    room_results,
)
from threshold.room import charts as room_charts
from threshold.room.rooms import LIFETIME_S
from threshold.rubric import Rubric
from threshold.scenarios import Scenario
from threshold.scoring import NOT_SURE_LABEL, AnswerError
from threshold.situation import item_text, situation_codes

#: The address phones open to join (room mode sets it; behind nginx, the public address).
ROOM_URL_ENV = "THRESHOLD_ROOM_URL"
#: Where `make room` serves when nothing else is said.
DEFAULT_ROOM_URL = "http://127.0.0.1:8502/"
JOIN_PAGE, HOST_PAGE = navigation.RoomPages.JOIN, navigation.RoomPages.HOST
#: Seconds between refreshes of the facilitator's view.
REFRESH_S = 2
CODE_PARAM = "code"
#: A participant's random token in their own address, so a reload finds their place and answers again.
SEAT_PARAM = "seat"
#: Set behind a reverse proxy that sends X-Real-IP, so each phone is limited on its own.
TRUST_PROXY_ENV = "THRESHOLD_TRUST_PROXY"
#: The "Not sure" choice of a room question (None would read as "not answered yet").
NOT_SURE = "not-sure"


def join_address(code: str) -> str:
    base = os.environ.get(ROOM_URL_ENV) or DEFAULT_ROOM_URL
    return f"{base.rstrip('/')}/?{CODE_PARAM}={code}"


def page_setup(title: str) -> None:
    """The room server's chrome: a neutral tab title and links to its two pages, nothing else."""
    st.set_page_config(page_title="Threshold room", layout="centered")
    accessibility.page_fixes()  # the personal app's contrast and focus fixes, the same on every page
    with st.sidebar:
        st.page_link(JOIN_PAGE, label="Join a room")
        st.page_link(HOST_PAGE, label="Host a room")
    st.title(title)


# The facilitator's side.


def host(rubric: Rubric, scenario: Scenario, *, large: bool = False) -> None:
    """Open a room for `scenario`, or show the one this window hosts: its code, QR code and live view.

    The room database is opened only once a room is asked for: looking at the page writes nothing.
    """
    code = state.ROOM_HOSTED.get()
    if code is None:
        st.write(
            "Participants join on their phones with a short code, read this scenario, answer its questions "
            "anonymously and see their own reflection. Here you see the room fill in."
        )
        st.caption(f"A room keeps its answers, with no names, until you close it or {LIFETIME_S // 3600} hours pass.")
        if not os.environ.get(ROOM_URL_ENV):
            st.caption(
                "Phones reach a room through the room server: start it with `make room` (see the README), "
                f"and set {ROOM_URL_ENV} to its address to show it here."
            )
        if st.button("Open a room for this scenario", type="primary"):
            rooms = rooms_or_stop(rubric)
            _act(lambda: state.ROOM_HOSTED.set(rooms.open(scenario.id)))
            st.rerun()
        return
    rooms = rooms_or_stop(rubric)
    try:
        hosted = rooms.scenario_of(code)
    except RoomNotFound:
        hosted = None
    if hosted is not None and hosted.id != scenario.id:
        st.caption("The room open now is for another scenario (close it to open one for this):")
        st.text(hosted.title)
    join_card(code)
    live_view(rooms, code, large)
    close, fresh = st.columns(2)
    if close.button("Close room", help="Deletes every answer in this room now.", width="stretch"):
        rooms.close(code)
        state.ROOM_HOSTED.set(None)
        st.rerun()
    if fresh.button("Next group", help="Closes this room, answers and all, and opens a fresh one.", width="stretch"):
        _act(lambda: state.ROOM_HOSTED.set(rooms.next_group(code)))
        st.rerun()


def _act(action) -> None:
    try:
        action()
    except RoomNotFound:
        state.ROOM_HOSTED.set(None)
    except RoomError as exc:
        st.error(str(exc))
        st.stop()


def join_card(code: str) -> None:
    """The code in large letters, the QR code (drawn here, never fetched) and the address to type."""
    address = join_address(code)
    words, picture = st.columns([3, 2])
    with words:
        st.caption("Join code")
        st.html(f'<p class="threshold-room-code" style="font-size:3rem;letter-spacing:0.2em;margin:0">{code}</p>')
        st.caption("Or open this address and type the code:")
        st.code(address, language=None)
    # A data URI inside the page: the picture is drawn here and never fetched, from /media/ or anywhere.
    qr = segno.make(address, error="m").png_data_uri(scale=6, border=2)
    picture.html(f'<img class="threshold-room-qr" src="{qr}" alt="QR code for {html.escape(address)}">')


def live_view(rooms: Rooms, code: str, large: bool) -> None:
    @st.fragment(run_every=REFRESH_S)
    def refreshed() -> None:
        try:
            results = room_results(rooms, code)
        except RoomNotFound:
            st.info("This room has closed (it was closed elsewhere, or its time ran out). Its answers are gone.")
            state.ROOM_HOSTED.set(None)
            return
        show_results(rooms.rubric, results, large)
        minutes = max(1, round((results.expires_at - rooms.clock()) / 60))
        st.caption(f"The room closes itself in about {counted(minutes, 'minute')}, if you have not closed it before.")

    refreshed()


def show_results(rubric: Rubric, results: RoomResults, large: bool) -> None:
    joined, finished = st.columns(2)
    joined.metric("Joined", results.participants)
    finished.metric("Finished", results.finished)
    if not results.finished:
        st.caption("The charts appear once someone has finished.")
        return
    leading = room_charts.leading_table(rubric, results)
    loading.altair_chart(("room-leading", large, leading.to_json()), lambda: room_charts.leading_chart(leading, large))
    if results.no_lean:
        st.caption(f"{counted(results.no_lean, 'reflection')} had too little to lean either way.")
    average = room_charts.profile_table(rubric, results)
    loading.altair_chart(("room-profile", large, average.to_json()), lambda: room_charts.profile_chart(average, large))
    intended = ", ".join(rubric.motive_by_id[m].label for m in results.intended_motives) or "none in particular"
    st.caption(f"The scenario was written to show: {intended}.")
    if results.disputed:
        st.subheader("Where the room disagreed most")
        for disputed in results.disputed:
            with st.container(border=True):
                st.text(disputed.text)
                st.caption(" · ".join(f"{label}: {n}" for label, n in disputed.counts.items()))


# The participant's side.


def client_id() -> str:
    """Who is guessing codes, for the rate limit: the connection's address, else this session (a new
    session per guess is still held back by the limit over everyone)."""
    # Behind nginx (deploy/) every connection comes from the proxy, which names the real client.
    if os.environ.get(TRUST_PROXY_ENV) and (forwarded := st.context.headers.get("X-Real-IP")):
        return forwarded
    address = st.context.ip_address
    return address if isinstance(address, str) else state.room_client()


def participate(rooms: Rooms, limiter: GuessLimiter) -> None:
    """Join with a code, read the scenario, answer its questions, see your own reflection."""
    participant = state.ROOM_PARTICIPANT.get()
    if participant is None and (seat := st.query_params.get(SEAT_PARAM)):
        # A reload is a new session: the address still names this phone's place in the room.
        found = rooms.resume(st.query_params.get(CODE_PARAM, ""), seat)
        if found is not None:
            state.set_room_participant(*found)
            participant = found[0]
        else:
            del st.query_params[SEAT_PARAM]
    if participant is None:
        join_form(rooms, limiter)
        return
    try:
        scenario = rooms.scenario_of(participant.code)
    except RoomNotFound:
        st.info("This room has closed, and its answers are gone. Thank you for taking part.")
        if st.button("Join another room"):
            state.set_room_participant(None)
            st.query_params.pop(SEAT_PARAM, None)
            st.rerun()
        return
    answers = state.ROOM_ANSWERS.get()
    if answers is None:
        questions_form(rooms, scenario)
    else:
        own_reflection(rooms, scenario, answers)


def join_form(rooms: Rooms, limiter: GuessLimiter) -> None:
    st.write("Welcome. Type the code on the facilitator's screen. You will not be asked for your name.")
    with st.form("join"):
        code = st.text_input("Room code", value=st.query_params.get(CODE_PARAM, ""), max_chars=12)
        nickname = st.text_input("A nickname, if you like (optional)", max_chars=30)
        joining = st.form_submit_button("Join", type="primary")
    if not joining:
        return
    try:
        participant = join_with_limit(rooms, limiter, client_id(), code, nickname or None)
    except TooManyGuesses as exc:
        st.warning(f"That was a few wrong codes in a row. Please wait {exc.retry_after} seconds and try again.")
        return
    except RoomNotFound:
        st.warning("There is no open room with that code. Please check it on the screen and try again.")
        return
    except RoomError as exc:
        st.warning(str(exc))
        return
    state.set_room_participant(participant)
    st.query_params[CODE_PARAM] = participant.code
    st.query_params[SEAT_PARAM] = participant.token
    st.rerun()


def questions_form(rooms: Rooms, scenario: Scenario) -> None:
    rubric = rooms.rubric
    # A heading, escaped: scenario texts are shown as text, like any message a person might paste.
    st.html(f"<h2>{html.escape(scenario.title)}</h2>")
    st.caption("Everyone in this story is invented.")
    workshop.show(scenario)
    st.write(
        "How do you read them? Answer as if you were the one they wrote to, from what the story tells you. "
        "“Not sure” is always fine, and you can leave a question out."
    )
    codes = situation_codes(rubric, scenario.answers)
    before = state.ROOM_LAST_ANSWERS.get() or {}
    with st.form("room-answers"):
        chosen = {}
        for item_id in room_questions(rubric, scenario):
            item = rubric.item_by_id[item_id]
            labels = {o.value: o.label for o in rubric.scale_of(item).options}
            options = [*labels, NOT_SURE]
            earlier = NOT_SURE if item_id in before and before[item_id] is None else before.get(item_id)
            chosen[item_id] = st.radio(
                item_text(item, codes),
                options,
                index=options.index(earlier) if earlier in options else None,
                format_func=lambda v, labels=labels: NOT_SURE_LABEL if v == NOT_SURE else labels[v],
            )
        sent = st.form_submit_button("See my reflection", type="primary")
    if not sent:
        return
    # A question left untouched is unanswered; "Not sure" is kept as an answer (None).
    answers = {i: (None if v == NOT_SURE else v) for i, v in chosen.items() if v is not None}
    try:
        rooms.answer(state.ROOM_PARTICIPANT.get(), answers)
    except AnswerError as exc:
        st.error("Some answers could not be used: " + "; ".join(exc.problems))
        return
    except RoomNotFound:
        st.info("This room closed before your answers arrived, so they were not kept. Thank you all the same.")
        return
    state.set_room_participant(state.ROOM_PARTICIPANT.get(), answers)
    st.rerun()


def own_reflection(rooms: Rooms, scenario: Scenario, answers: dict[str, int | None]) -> None:
    rubric = rooms.rubric
    st.subheader("Your reflection")
    st.caption("From your answers about this invented story. The facilitator sees only the room's totals.")
    reflection = rooms.reflection(scenario, answers)
    sections = [
        reflection_blocks.summary_section(rubric, reflection),
        reflection_blocks.motive_chart_section(rubric, reflection),
    ]
    profile.render(rubric, sections)
    if scenario.expect.safety:
        st.info("This story has signs that someone may not be safe. In real life, safety comes before any motive.")
        profile.resources_list(rubric)
    if st.button("Change my answers"):
        state.set_room_participant(state.ROOM_PARTICIPANT.get(), None, earlier=answers)
        st.rerun()


def rooms_or_stop(rubric: Rubric) -> Rooms:
    """The rooms of this server, or a plain message and the page stopped when their database is out of reach."""
    try:
        return loading.rooms(rubric, loading.scenarios_or_stop(rubric))
    except Exception as exc:  # any engine error: the page says so and stops, no traceback
        st.error(f"The room database cannot be reached right now ({exc.__class__.__name__}). Please try again soon.")
        st.stop()
