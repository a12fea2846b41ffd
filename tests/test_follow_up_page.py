"""AppTest: from a saved reflection, "I asked them" records what they said and the answers it changes, saves a
follow-up linked to the first, and the compare page shows both with their words; the trend marks it."""

from streamlit.testing.v1 import AppTest

from components import state
from components.navigation import COMPARE, FOLLOW_UP
from tests.apptest import APP, button, open_saved, texts
from threshold import reflection
from threshold.store import Store


def saved_first(rubric):
    answers = {"ending_you_were_their_safe_place": 4}
    return Store.default().save_assessment(rubric, answers, name="Alex", relationship="partner")


def test_i_asked_them_saves_a_linked_follow_up_and_compare_shows_what_they_said(rubric):
    first_id = saved_first(rubric)
    at = open_saved(first_id)
    button(at, "I asked them: record what they said").click().run()
    assert not at.exception
    assert at.session_state[state.FOLLOWING_UP.name] == first_id
    at.switch_page(FOLLOW_UP).run()  # AppTest does not follow st.switch_page by itself
    assert at.title[0].value == "After you asked them"
    first = Store.default().get(first_id)
    question = reflection.questions_to_ask_them(rubric, first.profile)[0]
    next(t for t in at.text_area if t.label == question).input("I *missed* you <b>")
    item = rubric.item_by_id["ending_you_were_their_safe_place"]
    changed = next(r for r in at.radio if r.key == state.widget_key("follow.ending_you_were_their_safe_place"))
    assert changed.value == rubric.scale_of(item).label_for(4)  # the earlier answer is set
    changed.set_value(rubric.scale_of(item).label_for(0))
    button(at, "Save the follow-up").click().run()
    assert not at.exception
    follow_up = Store.default().assessments()[-1]
    assert (follow_up.follow_up_of, follow_up.name, follow_up.answers["ending_you_were_their_safe_place"]) == (
        first_id,
        "Alex",
        0,
    )
    assert [(r.question, r.said) for r in follow_up.replies] == [(question, "I *missed* you <b>")]
    assert at.session_state[state.COMPARING.name] == [first_id, follow_up.id]
    at.switch_page(COMPARE).run()
    assert "What they said when you asked" in texts(at)
    assert "I *missed* you <b>" in [t.value for t in at.text]  # their words as text, never as Markdown
    assert f"#{follow_up.id} is a follow-up of #{first_id}, after you asked them." in texts(at)


def test_the_trend_marks_the_follow_up_on_the_same_thread(rubric):
    from components.history.trend import trend_frame

    first_id = saved_first(rubric)
    store = Store.default()
    second = store.save_assessment(rubric, {}, name="Alex", follow_up_of=first_id)
    frame = trend_frame(rubric, store.history_of("Alex"))
    marked = [t for t in dict.fromkeys(frame["taken"]) if t.endswith(f"follow-up of #{first_id}")]
    assert len(marked) == 1 and store.get(second).follow_up_of == first_id


def test_the_follow_up_page_without_a_chosen_reflection_points_to_the_history():
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page(FOLLOW_UP).run()
    assert not at.exception
    assert "choose “I asked them”" in at.info[0].value
