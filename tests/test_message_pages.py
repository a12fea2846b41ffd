"""AppTest: the optional first step, "paste what they sent", and their message kept with a saved reflection."""

import pandas as pd
import pyarrow as pa
import pytest

from components import state
from components.message import LIST_CLASS, VIEW_CLASS, merged_highlights
from components.navigation import MESSAGE, PROFILE, QUESTIONNAIRE, SAVED
from tests.apptest import button, only_draft, open_app, texts
from tests.test_message_view import HOSTILE, INVISIBLE, Parsed
from threshold.reader import read_message
from threshold.rubric import parse_rubric
from threshold.store import Store

WRITTEN = "Hey. I've been in therapy and I know I hurt you. Are you seeing anyone?"
CHAT = (
    "[21/11/2026, 23:14:05] Sam: I've been in therapy and I know I hurt you\n"
    "[21/11/2026, 23:15:00] Alex: remember when we went to the lake? I miss how easy it was with you\n"
    "[21/11/2026, 23:16:00] Sam: are you seeing anyone?"
)
SILENT = "Hi. Hope the new job is going well. Just wanted to say hello."


def paste(at, text: str):
    at.text_area[0].input(text)
    return button(at, "Read it").click().run()


def message_view(at) -> Parsed:
    """The st.html element of the highlighted message."""
    (body,) = [e.proto.body for e in at.get("html") if e.proto.body.startswith(f'<div class="{VIEW_CLASS}"')]
    return Parsed(body)


def explanations(at) -> str:
    """The st.html element of the numbered list of explanations under the message."""
    (body,) = [e.proto.body for e in at.get("html") if e.proto.body.startswith(f'<ol class="{LIST_CLASS}"')]
    return body


def signal_frame(at) -> pd.DataFrame:
    """The data of the page's one chart of signals (a saved reflection has score charts too)."""
    charts = at.get("vega_lite_chart")
    frames = [pa.ipc.open_stream(d.data.data).read_pandas() for chart in charts for d in chart.proto.datasets]
    (frame,) = [f for f in frames if "signal" in f]
    return frame


def shown_text(at) -> list[str]:
    return [t.value for t in at.text]


def test_paste_a_message_and_see_its_cues_marked_charted_and_explained(rubric):
    at = paste(open_app(MESSAGE), WRITTEN)
    assert not at.exception
    reading = read_message(rubric, WRITTEN)
    view = message_view(at)
    assert view.text == WRITTEN
    # "therapy" and "I know I hurt" each carry two cues, merged into one mark that names both.
    assert len(view.marks()) == len(merged_highlights(reading.matches)) == len(reading.matches) - 2
    assert " · argues against " in view.marks()[0]["title"]
    # Every mark is reachable with the keyboard and described by its numbered line in the list below.
    listing = explanations(at)
    for number, mark in enumerate(view.marks(), start=1):
        assert (mark["tabindex"], mark["data-cue"]) == ("0", str(number))
        assert f'<li id="{mark["aria-describedby"]}">' in listing
    assert listing.count("<li ") == len(view.marks()) and "argues against Nostalgia" not in listing
    assert "Genuine growth: " in listing and "hint 0." not in " ".join(texts(at))
    frame = signal_frame(at)
    assert list(frame["id"]) == [m.id for m in rubric.motives]
    assert list(frame["signal"]) == [reading.signals[m.id] for m in rubric.motives]
    body = texts(at)
    assert any(t.startswith("Wording is weak evidence") for t in body)
    for cue_id in {m.cue for m in reading.matches}:
        assert any(rubric.cue_by_id[cue_id].explanation in t for t in body)
    assert "Their words: “therapy”" in shown_text(at)


def test_a_message_with_no_cue_says_so_without_suggesting_no_motive():
    at = paste(open_app(MESSAGE), SILENT)
    assert any(t.startswith("Nothing in the wording stood out") and "says nothing either way" in t for t in texts(at))
    assert not at.get("vega_lite_chart") and not [e for e in at.get("html") if "<mark" in e.proto.body]


def test_a_chat_asks_whose_lines_are_theirs_and_reads_only_those(rubric):
    at = paste(open_app(MESSAGE), CHAT)
    (choice,) = at.selectbox
    assert choice.label == "Whose lines are theirs?" and choice.options == ["Sam", "Alex"] and choice.value is None
    assert not at.get("vega_lite_chart")  # nothing is read until they say whose lines are theirs
    choice.select("Sam").run()
    assert list(signal_frame(at)["signal"]) == [read_message(rubric, CHAT, "Sam").signals[m.id] for m in rubric.motives]
    sam_marks = len(message_view(at).marks())
    at.selectbox[0].select("Alex").run()
    alex = read_message(rubric, CHAT, "Alex")
    assert list(signal_frame(at)["signal"]) == [alex.signals[m.id] for m in rubric.motives]
    assert len(message_view(at).marks()) == len(alex.matches) != sam_marks
    assert at.session_state[state.MESSAGE_SPEAKER.name] == "Alex"


@pytest.mark.parametrize("hostile", [*HOSTILE, *(f"x{c}y" for c in INVISIBLE)])
def test_hostile_text_shows_literally_and_is_never_rendered(hostile):
    text = f"{hostile}\nI've been in therapy {hostile}"
    at = paste(open_app(MESSAGE), text)
    assert not at.exception
    view = message_view(at)
    assert view.text == text
    assert {tag for tag, _ in view.tags} <= {"div", "mark", "span"}
    assert "Their words: “therapy”" in shown_text(at)
    # No Markdown element carries any of their text.
    assert not any(hostile in t for t in texts(at))


def test_the_questions_it_may_inform_are_listed_by_part_and_the_answers_are_untouched(rubric):
    answers = {rubric.items[0].id: 1}
    at = open_app(MESSAGE, answers)
    paste(at, WRITTEN)
    reading = read_message(rubric, WRITTEN)
    body = "\n".join(texts(at))
    for item_id in reading.informs:
        assert rubric.item_by_id[item_id].text in body
    assert at.session_state[state.ANSWERS.name] == answers
    assert not at.radio  # nothing to answer here: that happens in the questionnaire


def test_a_part_the_message_informs_opens_in_the_questionnaire(rubric):
    at = paste(open_app(MESSAGE), WRITTEN)
    item = rubric.item_by_id[read_message(rubric, WRITTEN).informs[0]]
    step = next(n for n, s in enumerate(rubric.sections, start=1) if s.id == item.section)
    button(at, f"Go to part {step}").click().run()
    assert at.session_state[state.STEP.name] == step
    at.switch_page(QUESTIONNAIRE).run()  # AppTest stays on the script it ran; a browser follows the switch
    assert item.text in [r.label for r in at.radio]


def test_the_message_is_kept_in_the_draft_and_a_new_session_can_resume_it():
    at = paste(open_app(MESSAGE), CHAT)
    at.selectbox[0].select("Sam").run()
    draft = only_draft()
    assert (draft.message, draft.message_speaker) == (CHAT, "Sam")

    later = open_app(MESSAGE)  # a refresh: a new session, nothing in memory
    assert any("the message you pasted" in t for t in texts(later))
    button(later, "Resume").click().run()
    assert later.text_area[0].value == CHAT and later.selectbox[0].value == "Sam"
    assert message_view(later).text == CHAT


def test_clearing_the_message_forgets_it_here_and_in_the_draft():
    at = paste(open_app(MESSAGE), WRITTEN)
    button(at, "Clear the message").click().run()
    assert at.text_area[0].value == "" and not at.get("vega_lite_chart")
    assert only_draft().message == ""


def test_in_private_mode_the_message_is_not_written_to_disk(data_dir):
    at = open_app(MESSAGE)
    at.session_state[state.PRIVATE_MODE.name] = True
    paste(at.run(), WRITTEN)
    assert message_view(at).text == WRITTEN
    assert "Private mode is on: the message is not written to disk." in texts(at)
    assert not (data_dir / "threshold.sqlite3").exists() or only_draft() is None


def test_the_message_is_saved_with_the_reflection_and_shown_with_its_own_rubric(rubric):
    answers = {"relationship": 0, **{i.id: max(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}}
    at = open_app(MESSAGE, answers)
    paste(at, CHAT)
    at.selectbox[0].select("Sam").run()
    at.switch_page(PROFILE).run()
    assert "The message you pasted is kept with it." in texts(at)
    at.text_input[0].set_value("Sam")
    button(at, "Save to my history").click().run()
    stored = Store.default().get(Store.default().list()[0].id)
    assert (stored.message, stored.message_speaker) == (CHAT, "Sam")

    at.session_state[state.VIEWING.name] = stored.id
    at.switch_page(SAVED).run()
    assert not at.exception
    assert message_view(at).text == CHAT
    assert len(message_view(at).marks()) == 3
    sam = read_message(Store.default().rubric_for(stored), CHAT, "Sam")
    assert list(signal_frame(at)["signal"]) == [sam.signals[m.id] for m in rubric.motives]
    assert "Read from the lines of: Sam" in shown_text(at)


def test_a_saved_message_is_read_with_the_rubric_it_was_saved_with(rubric):
    old = rubric.text.replace('label: "Genuine growth"', 'label: "Old growth"').replace(
        "label: Genuine growth", "label: Old growth"
    )
    old_rubric = parse_rubric(old)
    assert old_rubric.motive_by_id["growth"].label == "Old growth"
    saved = Store.default().save_assessment(old_rubric, {}, name="Sam", message=WRITTEN)
    at = open_app()
    at.session_state[state.VIEWING.name] = saved
    at.switch_page(SAVED).run()
    assert "Old growth" in list(signal_frame(at)["label"])
    assert any("Old growth" in t for t in texts(at))


def test_a_saved_hostile_message_is_shown_literally(rubric):
    text = "\n".join(HOSTILE) + "\nI've been in therapy"
    saved = Store.default().save_assessment(rubric, {}, name="Sam", message=text)
    at = open_app()
    at.session_state[state.VIEWING.name] = saved
    at.switch_page(SAVED).run()
    assert message_view(at).text == text
    assert not any(h in t for h in HOSTILE for t in texts(at))


def test_the_questionnaire_introduction_offers_the_message_step_and_the_sidebar_links_it():
    at = open_app(QUESTIONNAIRE)
    assert "Optional first step: paste what they sent and see what its wording hints at" in [
        link.label for link in at.main.get("page_link")
    ]
    assert "Their message" in [link.label for link in at.sidebar.get("page_link")]
