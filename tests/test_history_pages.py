"""AppTest: drafts as you answer, saving a reflection, and the history, saved view, compare and trend pages."""

import json
import re
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from components import state
from components.navigation import COMPARE, HISTORY, MESSAGE, PROFILE, QUESTIONNAIRE, SAVED
from tests.apptest import button, chart_frames, only_draft, open_app, texts
from threshold import charts
from threshold.rubric import parse_rubric
from threshold.store import MAX_NAME_CHARS, Store

HOSTILE_NAME = "<script>alert(1)</script> **Sam** [x](http://example.com/a.png)"


def full_answers(rubric, pick=max):
    """Every question about them answered, by an ex-partner (the situation step's first option)."""
    return {"relationship": 0, **{i.id: pick(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}}


def save(rubric, name="Sam", days_ago=0, pick=max, relationship="partner", notes=""):
    taken = datetime(2026, 11, 1, 20, 0, tzinfo=UTC) - timedelta(days=days_ago)
    return Store.default().save_assessment(
        rubric, full_answers(rubric, pick), name=name, relationship=relationship, taken_at=taken, notes=notes
    )


def test_answering_saves_a_draft_that_a_new_session_can_resume(rubric):
    at = open_app(QUESTIONNAIRE)
    button(at, "Answer all questions").click().run()
    first, second = rubric.items_in(rubric.sections[0].id)[:2]
    at.radio[0].set_value(3).run()
    at.radio[1].set_value("not_sure").run()
    button(at, "Next").click().run()
    draft = only_draft()
    assert draft.answers == {first.id: 3, second.id: None} and draft.step == 2

    later = open_app(QUESTIONNAIRE)  # a refresh or a restart: a new session, nothing in memory
    assert not later.session_state[state.ANSWERS.name]
    assert any("unfinished answers (2 so far)" in t for t in texts(later))
    button(later, "Resume").click().run()
    assert later.session_state[state.ANSWERS.name] == {first.id: 3, second.id: None}
    assert later.subheader[0].value == rubric.sections[1].title


def test_a_draft_can_be_discarded(rubric):
    Store.default().save_draft({rubric.items[0].id: 1}, 1)
    at = open_app()
    button(at, "Discard them").click().run()
    assert Store.default().load_draft() is None
    assert not any("unfinished answers" in t for t in texts(at))


def test_start_over_discards_this_windows_draft_too(rubric):
    Store.default().save_draft({rubric.items[0].id: 1}, 1, key="this-window")
    at = open_app(answers={rubric.items[0].id: 1}, window="this-window")
    button(at, "Start over").click().run()
    assert Store.default().load_draft(key="this-window") is not None  # only once confirmed
    button(at, "Yes, start over").click().run()
    assert Store.default().load_draft(key="this-window") is None


def test_start_over_leaves_another_windows_draft_on_offer(rubric):
    Store.default().save_draft({rubric.items[0].id: 1}, 1, key="another-window")
    at = open_app(answers={rubric.items[0].id: 2})
    button(at, "Start over").click().run()
    button(at, "Yes, start over").click().run()
    assert Store.default().load_draft(key="another-window").answers == {rubric.items[0].id: 1}
    assert any("unfinished answers (1 so far)" in t for t in texts(at))


def test_saving_a_reflection_keeps_it_in_the_history(rubric):
    answers = full_answers(rubric)
    Store.default().save_draft(answers, 3, key="this-window")
    at = open_app(PROFILE, answers, window="this-window")
    at.text_input[0].set_value("Alex")
    at.text_area[0].set_value("They wrote on a Sunday night.")
    button(at, "Save to my history").click().run()
    assert not at.exception
    saved = Store.default().list()
    assert [(s.name, s.relationship) for s in saved] == [("Alex", "partner")]
    stored = Store.default().get(saved[0].id)
    assert stored.answers == answers and stored.notes == "They wrote on a Sunday night."
    assert stored.rubric_hash == rubric.content_hash
    assert only_draft() is None
    assert at.success[0].value.startswith("Saved")


def test_saving_leaves_an_earlier_sessions_undecided_draft(rubric):
    Store.default().save_draft({rubric.items[0].id: 1}, 1)
    at = open_app(PROFILE, full_answers(rubric))
    at.text_input[0].set_value("Alex")
    button(at, "Save to my history").click().run()
    assert Store.default().count() == 1
    assert Store.default().load_draft().answers == {rubric.items[0].id: 1}


def test_the_relationship_is_asked_not_assumed_when_the_situation_did_not_say(rubric):
    answers = {i.id: max(rubric.scale_of(i).values) for i in rubric.items_of_kind("returner")}
    at = open_app(PROFILE, answers)
    chooser = next(s for s in at.selectbox if s.label == "They are your…")
    assert chooser.value is None  # no "Partner" for an ex, a parent or a friend
    at.text_input[0].set_value("Alex")
    button(at, "Save to my history").click().run()
    assert Store.default().count() == 0 and "Choose who they are to you" in at.error[0].value
    assert at.text_input[0].value == "Alex"  # nothing typed is lost
    next(s for s in at.selectbox if s.label == "They are your…").set_value("family")
    at.text_input[0].set_value("Alex")
    button(at, "Save to my history").click().run()
    assert [(s.name, s.relationship) for s in Store.default().list()] == [("Alex", "family")]


def test_saving_without_a_name_is_refused_clearly(rubric):
    at = open_app(PROFILE, full_answers(rubric))
    button(at, "Save to my history").click().run()
    assert at.error[0].value.startswith("Nothing was saved") and at.code[0].value.startswith("name: give a name")
    assert Store.default().count() == 0


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("date", date.today() + timedelta(days=1), "is after today"),
        ("name", "x" * (MAX_NAME_CHARS + 1), f"over the limit of {MAX_NAME_CHARS}"),
    ],
)
def test_saving_refuses_a_future_date_or_a_long_name_and_keeps_the_form(rubric, field, value, reason):
    at = open_app(PROFILE, full_answers(rubric))
    at.text_input[0].set_value("Alex")
    (at.date_input[0] if field == "date" else at.text_input[0]).set_value(value)
    button(at, "Save to my history").click().run()
    assert at.error[0].value == "Nothing was saved, and what you entered is still in the form:"
    assert reason in at.code[0].value
    assert (at.date_input[0] if field == "date" else at.text_input[0]).value == value
    assert Store.default().count() == 0


def test_history_lists_newest_first_and_filters(rubric):
    save(rubric, "Sam", days_ago=3)
    save(rubric, "Robin", days_ago=1, relationship="friend")
    save(rubric, "Samira", days_ago=2, relationship="family")
    at = open_app(HISTORY)
    assert list(at.dataframe[0].value["Name"]) == ["Robin", "Samira", "Sam"]
    at.text_input[0].set_value("sam").run()
    assert list(at.dataframe[0].value["Name"]) == ["Samira", "Sam"]
    at.selectbox[0].set_value("family").run()
    assert list(at.dataframe[0].value["Name"]) == ["Samira"]


def test_history_pages_in_sql(rubric):
    for n in range(25):
        save(rubric, f"Person {n:02}", days_ago=n)
    at = open_app(HISTORY)
    assert len(at.dataframe[0].value) == 20
    at.number_input[0].set_value(2).run()
    assert list(at.dataframe[0].value["Name"]) == [f"Person {n:02}" for n in range(20, 25)]


def test_open_a_saved_reflection(rubric):
    assessment_id = save(rubric, "Sam", notes="Notes about *Sam*")
    at = open_app(HISTORY)
    at.multiselect[0].select(assessment_id).run()
    button(at, "Open the reflection").click().run()
    assert not at.exception
    assert at.session_state[state.VIEWING.name] == assessment_id
    at.switch_page(SAVED).run()
    assert at.text[0].value == "Sam"
    assert "Notes about *Sam*" in [t.value for t in at.text]
    assert chart_frames(at, 0)[1]["score"].tolist() == [
        Store.default().get(assessment_id).profile.motives[m.id].score for m in rubric.motives
    ]


def test_an_old_assessment_renders_with_its_own_rubric_after_the_rubric_changes(rubric):
    old_text = rubric.text.replace('label: "Familiarity"', 'label: "Old familiarity"').replace(
        "label: Familiarity", "label: Old familiarity"
    )
    old_rubric = parse_rubric(old_text)
    assert old_rubric.motive_by_id["familiarity"].label == "Old familiarity"
    answers = full_answers(rubric)
    assessment_id = Store.default().save_assessment(old_rubric, answers, name="Sam")
    original = Store.default().get(assessment_id).profile
    at = open_app()
    at.session_state[state.VIEWING.name] = assessment_id
    at.switch_page(SAVED).run()
    bars = chart_frames(at, 0)[1]
    assert bars["label"].iloc[0] == "Old familiarity"  # the label it was scored under, not today's
    assert bars["score"].tolist() == [original.motives[m.id].score for m in rubric.motives]


def test_edit_name_relationship_date_and_notes(rubric):
    assessment_id = save(rubric, "Sam")
    at = open_app(HISTORY)
    at.multiselect[0].select(assessment_id).run()
    next(t for t in at.text_input if t.label == "Who is this about?").set_value("Sam (second message)")
    next(s for s in at.selectbox if s.label == "They are your…").set_value("friend")
    at.date_input[0].set_value(date(2026, 10, 30))
    next(t for t in at.text_area if t.label == "Notes for yourself (optional)").set_value("Calmer this time.")
    button(at, "Save changes").click().run()
    stored = Store.default().get(assessment_id)
    assert (stored.name, stored.relationship, stored.reached_out_on, stored.notes) == (
        "Sam (second message)",
        "friend",
        date(2026, 10, 30),
        "Calmer this time.",
    )
    assert next(s for s in at.selectbox if s.label == "They are your…").value == "friend"  # the form shows it


def test_an_edit_with_a_future_date_changes_nothing(rubric):
    assessment_id = save(rubric, "Sam", notes="first")
    at = open_app(HISTORY)
    at.multiselect[0].select(assessment_id).run()
    next(t for t in at.text_area if t.label == "Notes for yourself (optional)").set_value("second")
    at.date_input[0].set_value(date.today() + timedelta(days=3))
    button(at, "Save changes").click().run()
    assert at.error[0].value == "Nothing was changed, and what you entered is still in the form:"
    stored = Store.default().get(assessment_id)
    assert (stored.notes, stored.reached_out_on) == ("first", None)  # one transaction: the notes are kept too


def test_delete_asks_first_then_removes(rubric):
    assessment_id = save(rubric, "Sam")
    keep = save(rubric, "Robin", days_ago=1)
    at = open_app(HISTORY)
    at.multiselect[0].select(assessment_id).run()
    button(at, "Delete…").click().run()
    assert Store.default().count() == 2  # nothing is gone until it is confirmed
    button(at, "Keep it").click().run()
    assert Store.default().count() == 2 and not any(b.label == "Delete for good" for b in at.button)
    button(at, "Delete…").click().run()
    button(at, "Delete for good").click().run()
    assert [s.id for s in Store.default().list()] == [keep]


def test_compare_two(rubric):
    earlier = save(rubric, "Sam", days_ago=10, pick=min)
    later = save(rubric, "Sam", days_ago=1, pick=max)
    at = open_app(HISTORY)
    at.multiselect[0].select(later).select(earlier).run()
    button(at, "Compare these two").click().run()
    at.switch_page(COMPARE).run()
    assert not at.exception
    overlay = chart_frames_single(at)
    assert set(overlay["when"]) == {"Earlier", "Later"}
    store = Store.default()
    first, second = store.get(earlier).profile, store.get(later).profile
    familiarity = overlay[overlay["label"] == rubric.motive_by_id["familiarity"].label]
    assert familiarity.set_index("when")["score"].to_dict() == {
        "Earlier": first.motives["familiarity"].score,
        "Later": second.motives["familiarity"].score,
    }
    changed = at.table[-1].value if at.table else None  # a static table, which wraps long questions
    assert changed is not None and len(changed) == len(rubric.items_of_kind("returner"))


def chart_frames_single(at):
    import json

    import pyarrow as pa

    element = at.get("vega_lite_chart")[0]
    datasets = {d.name: pa.ipc.open_stream(d.data.data).read_pandas() for d in element.proto.datasets}
    spec = json.loads(element.proto.spec)
    return datasets[spec["data"]["name"]]


def test_trend_for_one_person(rubric):
    save(rubric, "Sam", days_ago=10, pick=min)
    save(rubric, "Sam", days_ago=1, pick=max)
    save(rubric, "Robin", days_ago=2)
    at = open_app(HISTORY)
    trend = next(s for s in at.selectbox if s.label == "Whose assessments?")
    trend.set_value("Sam").run()
    frame = chart_frames_single(at)
    assert len(frame) == 2 * len(rubric.motives)
    assert frame["taken"].nunique() == 2


def test_the_trend_offers_the_people_on_the_page_shown_and_keeps_the_one_picked(rubric):
    # Newest first: page 1 lists Person 3's second assessment and Person 24 .. Person 6; page 2 the rest.
    for n in range(25):
        save(rubric, f"Person {n}", days_ago=30 - n, pick=min)
    save(rubric, "Person 3", days_ago=1, pick=max)

    def offered(at):
        return next(s for s in at.selectbox if s.label == "Whose assessments?")

    def listed(at):
        return set(at.dataframe[0].value["Name"])

    at = open_app(HISTORY)
    assert listed(at) == {"Person 3", *(f"Person {n}" for n in range(6, 25))}
    assert set(offered(at).options) == listed(at)
    offered(at).set_value("Person 3").run()
    assert chart_frames_single(at)["taken"].nunique() == 2
    at.number_input[0].set_value(2).run()
    assert listed(at) == {f"Person {n}" for n in range(6)}
    assert offered(at).value == "Person 3" and chart_frames_single(at)["taken"].nunique() == 2
    at.text_input[0].set_value("Person 1").run()  # a search: its names, and the one picked
    assert set(offered(at).options) == {"Person 1", *(f"Person {n}" for n in range(10, 20)), "Person 3"}


def test_trend_rounds_like_everything_else_and_uses_the_apps_colours(rubric):
    save(rubric, "Sam", days_ago=10, pick=min)
    uneven = {i.id: sorted(rubric.scale_of(i).values)[-2] for i in rubric.items_of_kind("returner")}
    Store.default().save_assessment(rubric, uneven, name="Sam")
    at = open_app(HISTORY)
    next(s for s in at.selectbox if s.label == "Whose assessments?").set_value("Sam").run()
    scores = chart_frames_single(at)["score"].dropna()
    assert any(score != round(score) for score in scores)  # there is something to round
    table = at.dataframe[-1].value.drop(columns="taken")
    assert all(re.fullmatch(r"\d+|–", cell) for cell in table.to_numpy().ravel())
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["encoding"]["color"]["scale"]["range"] == charts.MOTIVE_COLOURS[: len(rubric.motives)]


@pytest.mark.parametrize("page", [HISTORY, SAVED])
def test_hostile_names_and_notes_are_shown_as_plain_text(rubric, page):
    assessment_id = save(rubric, HOSTILE_NAME, notes="# Heading\n<img src=x onerror=alert(1)>")
    at = open_app(HISTORY)
    if page == SAVED:
        at.session_state[state.VIEWING.name] = assessment_id
        at.switch_page(SAVED).run()
        assert at.text[0].value == HOSTILE_NAME
        assert "# Heading\n<img src=x onerror=alert(1)>" in [t.value for t in at.text]
    else:
        assert at.dataframe[0].value["Name"].iloc[0] == HOSTILE_NAME
    assert not any("<script>" in t or "**Sam**" in t for t in texts(at))


def ten_answers(rubric):
    return {i.id: min(rubric.scale_of(i).values) for i in rubric.items[:10]}


def test_answering_before_deciding_keeps_the_earlier_draft_on_disk_and_the_offer(rubric):
    Store.default().save_draft(ten_answers(rubric), 3)
    at = open_app(QUESTIONNAIRE)
    button(at, "Answer all questions").click().run()
    at.radio[0].set_value(max(at.radio[0].options)).run()  # answered without choosing Resume or Discard
    at.run()
    assert Store.default().load_draft().answers == ten_answers(rubric)
    assert any("unfinished answers (10 so far)" in t for t in texts(at))
    assert any(b.label == "Resume" for b in at.button)

    button(at, "Discard them").click().run()  # the earlier answers go; this window's own draft stays
    first = rubric.items_in(rubric.sections[0].id)[0]
    assert only_draft().answers == {first.id: at.session_state[state.ANSWERS.name][first.id]}
    at.radio[1].set_value("not_sure").run()
    assert len(only_draft().answers) == 2
    assert not any("unfinished answers" in t for t in texts(at))


def test_a_pasted_message_before_deciding_keeps_the_draft(rubric):
    Store.default().save_draft(ten_answers(rubric), 3)
    at = open_app(MESSAGE)
    at.text_area[0].set_value("Hey, long time. I miss you.")
    button(at, "Read it").click().run()
    draft = Store.default().load_draft()
    assert draft.answers == ten_answers(rubric) and draft.message == ""
    assert any("unfinished answers (10 so far)" in t for t in texts(at))


def test_no_draft_on_disk_saves_as_you_answer(rubric):
    at = open_app(QUESTIONNAIRE)
    button(at, "Answer all questions").click().run()
    at.radio[0].set_value(max(at.radio[0].options)).run()
    assert len(only_draft().answers) == 1
    assert not any("unfinished answers" in t for t in texts(at))


def test_resuming_a_draft_with_answers_that_no_longer_fit(rubric):
    first, second = rubric.items_in(rubric.sections[0].id)[:2]
    Store.default().save_draft({first.id: 99, second.id: None, "gone": 1}, 1)
    at = open_app(QUESTIONNAIRE)
    button(at, "Resume").click().run()
    assert not at.exception
    assert at.session_state[state.ANSWERS.name] == {second.id: None}
    assert at.radio[0].value is None and at.radio[1].value == "not_sure"


def test_a_stored_value_that_no_longer_fits_counts_as_unanswered(rubric):
    first = rubric.items_in(rubric.sections[0].id)[0]
    at = open_app(QUESTIONNAIRE, {first.id: 99})
    button(at, "Answer all questions").click().run()
    assert not at.exception
    assert at.radio[0].value is None


def test_compare_two_from_different_history_pages(rubric):
    ids = [save(rubric, f"Person {n:02}", days_ago=n, pick=min if n % 2 else max) for n in range(25)]
    newest, oldest = ids[0], ids[24]
    at = open_app(HISTORY)
    at.multiselect[0].select(newest).run()
    at.number_input[0].set_value(2).run()
    assert at.multiselect[0].value == [newest]  # the chip survives paging
    at.multiselect[0].select(oldest).run()
    assert at.session_state[state.HISTORY_CHOSEN.name] == [newest, oldest]
    button(at, "Compare these two").click().run()
    at.switch_page(COMPARE).run()
    assert not at.exception
    assert set(chart_frames_single(at)["when"]) == {"Earlier", "Later"}


def test_deleting_a_chosen_one_unchooses_it(rubric):
    keep, gone = save(rubric, "Sam"), save(rubric, "Robin", days_ago=1)
    at = open_app(HISTORY)
    at.multiselect[0].select(gone).run()
    button(at, "Delete…").click().run()
    button(at, "Delete for good").click().run()
    assert not at.exception
    taken = Store.default().get(keep).taken_at.astimezone()
    assert at.multiselect[0].value == [] and at.multiselect[0].options == [f"#{keep} · Sam · {taken:%Y-%m-%d %H:%M}"]


def break_stored_rubric(assessment_id):
    stored = Store.default().get(assessment_id)
    with sqlite3.connect(Store.default().path) as conn:
        text = conn.execute("SELECT text FROM rubrics WHERE content_hash = ?", (stored.rubric_hash,)).fetchone()[0]
        conn.execute(
            "UPDATE rubrics SET text = ? WHERE content_hash = ?",
            (text.replace("scale: agree5", "scale: agree7", 1), stored.rubric_hash),
        )


@pytest.mark.parametrize("page", [SAVED, COMPARE])
def test_a_stored_rubric_that_no_longer_passes_is_listed_not_thrown(rubric, page):
    first, second = save(rubric, "Sam", days_ago=2), save(rubric, "Sam", days_ago=1)
    break_stored_rubric(first)
    at = open_app()
    at.session_state[state.VIEWING.name] = first
    at.session_state[state.COMPARING.name] = [first, second]
    at.switch_page(page).run()
    assert not at.exception
    assert "no longer passes" in at.error[0].value
    assert "unknown scale 'agree7'" in at.code[0].value
