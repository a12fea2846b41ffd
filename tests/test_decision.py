"""Decision support: the options as data, what matters, the leaning said back, the check before and after,
and the record kept with an assessment, exported, imported and reported."""

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threshold import decision as dec
from threshold.blocks import Card
from threshold.decision import DecisionRecord, NextStep, OwnPoint, Reply
from threshold.decision_blocks import decision_sections
from threshold.report import report_html
from threshold.scoring import score_answers
from threshold.store import Store, StoreError
from threshold.transfer import FORMAT_VERSION, TransferError, export_data, import_bytes

ISSUE_OPTIONS = {
    "not_replying_for_now",
    "short_bounded_reply",
    "talking_in_writing",
    "meeting_with_safety",
    "trying_again_slowly",
    "declining_clearly",
    "no_contact",
}
#: Words that would tell the person what to choose, or rank one way above another.
STEERING = re.compile(r"\b(should|must|recommend\w*|best|better|worse|right choice|wrong choice|we suggest)\b", re.I)


def option_texts(option):
    return [
        option.description,
        option.living_with,
        *(e.text for e in [*option.may_bring, *option.may_cost]),
        option.if_unsafe or "",
    ]


def safety_answers(rubric):
    return {i.id: max(rubric.scale_of(i).values) for i in rubric.items_of_kind("safety")}


RECORD = DecisionRecord(
    ratings={"peace": 3, "connection": 3, "safety": 1},
    own_points=[OwnPoint(text="My *kids* <b>", importance=3)],
    leaning="talking_in_writing",
    sureness=1,
    check_before={"sure": False, "understand": False, "risks": True, "support": True},
    check_after={"sure": True, "understand": False, "risks": True, "support": True},
    next_step=NextStep(what="Talk it over with Sam", when="Sunday", support="Sam"),
)


def test_the_shipped_rubric_lays_out_every_option_the_issue_names(rubric):
    assert {o.id for o in rubric.options} >= ISSUE_OPTIONS
    assert rubric.decision.statement.startswith("Whether, and how")


@pytest.mark.parametrize("index", range(7))
def test_every_option_gives_benefits_and_costs_in_equal_number_and_detail(rubric, index):
    option = rubric.options[index]
    assert len(option.may_bring) == len(option.may_cost)
    words = [sum(len(e.text.split()) for e in side) for side in (option.may_bring, option.may_cost)]
    assert max(words) <= 1.4 * min(words), (option.id, words)


def test_no_option_tells_the_person_what_to_choose(rubric):
    texts = [t for o in rubric.options for t in option_texts(o)]
    texts += [rubric.decision.intro, rubric.decision.safety_first, rubric.decision.next_step_intro]
    assert [t for t in texts if STEERING.search(t)] == []


def test_with_signs_of_danger_no_option_suggests_meeting_alone(rubric):
    for option in rubric.options:
        shown = dec.option_description(option, safety_flag=True)
        assert "alone" not in shown.replace("never alone", ""), option.id
        if "meet" in shown.lower() and "agreeing to meet" not in shown:
            assert "never alone" in shown, option.id
    meeting = rubric.option_by_id["meeting_with_safety"]
    assert dec.option_description(meeting, True) == meeting.if_unsafe != meeting.description


@settings(max_examples=40, deadline=None)
@given(
    ratings=st.dictionaries(
        st.sampled_from(["peace", "safety", "understanding", "connection", "healing", "pace"]), st.integers(0, 3)
    ),
    leaning=st.sampled_from([None, *sorted(ISSUE_OPTIONS)]),
    flagged=st.booleans(),
)
def test_the_order_of_the_options_never_depends_on_the_answers(rubric, ratings, leaning, flagged):
    answers = safety_answers(rubric) if flagged else {}
    profile = score_answers(rubric, answers)
    record = DecisionRecord(ratings=ratings, leaning=leaning, sureness=3 if leaning else None)
    sections = decision_sections(rubric, profile, record)
    shown = [b.title for section in sections for b in section.blocks if isinstance(b, Card)]
    assert shown == [o.label for o in rubric.options]


def test_the_leaning_is_said_back_with_both_sides_on_the_points_that_matter_most(rubric):
    lean = dec.leaning_reflection(rubric, RECORD)
    assert lean.sentences[0] == "You lean towards “Talking it through in writing”, and you feel a little sure."
    assert "your peace of mind, a renewed connection with them and “My *kids* <b>”" in lean.sentences[1]
    assert lean.brings == [
        "A renewed connection with them: If they have really changed, a written talk can be a careful first step."
    ]
    assert lean.costs == ["Your peace of mind: A long exchange can take up a lot of your thoughts and evenings."]


def test_no_leaning_is_said_back_as_all_right(rubric):
    lean = dec.leaning_reflection(rubric, DecisionRecord(ratings={"pace": 2}))
    assert lean.sentences == [
        "You do not lean towards any option yet, and that is all right.",
        "The points that matter most to you are your own pace and terms.",
    ]
    assert lean.brings == lean.costs == []


@pytest.mark.parametrize(
    ("after", "yes", "suggests_more_time"),
    [
        ({"sure": True, "understand": True, "risks": True, "support": True}, 4, False),
        ({"sure": True, "understand": False, "risks": True, "support": True}, 3, True),
        ({"sure": False, "understand": False, "risks": False, "support": False}, 0, True),
    ],
)
def test_the_check_after_shows_the_change_and_three_or_fewer_yes_suggests_more_time(
    rubric, after, yes, suggests_more_time
):
    before = {"sure": False, "understand": False, "risks": True, "support": True}
    change = dec.check_change(rubric, DecisionRecord(check_before=before, check_after=after))
    assert (change.before_yes, change.after_yes) == (2, yes)
    assert dec.check_summary(rubric, change) == f"Before your options you answered yes to 2 of 4; now, to {yes}."
    assert ("More time, more information or someone to talk" in change.message) is suggests_more_time
    flipped = [q for q, _, _ in change.changed]
    assert len(flipped) == sum(before[k] != after[k] for k in before)


def test_a_record_that_its_rubric_cannot_show_is_refused_by_path(rubric):
    with pytest.raises(dec.DecisionError) as caught:
        dec.parse_record(rubric, {"ratings": {"wealth": 1, "peace": 9}, "leaning": "elope", "check_after": {"x": True}})
    assert caught.value.problems == [
        "ratings.wealth: unknown point",
        "ratings.peace: 9 is not between 0 and 3",
        "leaning: unknown option 'elope'",
        "check_after.x: unknown question",
    ]


@pytest.mark.parametrize("passphrase", [None, "a long passphrase"])
def test_the_record_and_replies_are_kept_with_the_assessment_and_sealed_under_a_lock(
    rubric, tmp_path, databases, passphrase
):
    path = databases.new("h.sqlite3")
    store = Store(path)
    key = store.set_passphrase(passphrase) if passphrase else None
    store = Store(path, key=key)
    first = store.save_assessment(rubric, {}, name="Alex", decision=RECORD)
    reply = Reply(question="Why now?", said="I kept thinking of the lake")
    second = store.save_assessment(rubric, {}, name="Alex", replies=[reply], follow_up_of=first)
    assert store.get(first).decision == RECORD
    assert store.get(second).replies == (reply,) and store.get(second).follow_up_of == first
    assert [a.id for a in store.follow_ups(first)] == [second]
    if databases.postgresql:
        return  # what lies in the server's files is the server's; the store's own tests check the rows
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("h.sqlite3"))
    assert (b"lake" in raw) is (passphrase is None) and (b"Sam" in raw) is (passphrase is None)


def test_a_record_is_kept_with_a_saved_assessment_later_and_a_bad_one_changes_nothing(rubric):
    store = Store(":memory:")
    saved = store.save_assessment(rubric, {}, name="Alex")
    store.set_decision(saved, RECORD)
    assert store.get(saved).decision == RECORD
    with pytest.raises(StoreError, match="leaning: unknown option"):
        store.set_decision(saved, DecisionRecord(leaning="elope"))
    assert store.get(saved).decision == RECORD


def test_a_follow_up_of_nothing_is_refused(rubric):
    with pytest.raises(StoreError, match="no saved assessment has id 7"):
        Store(":memory:").save_assessment(rubric, {}, name="Alex", follow_up_of=7)


def test_the_record_replies_and_link_survive_export_and_import(rubric, databases):
    source = Store(databases.new("source.sqlite3"))
    first = source.save_assessment(rubric, {}, name="Alex", decision=RECORD)
    source.save_assessment(
        rubric, {}, name="Alex", replies=[Reply(question="Why now?", said="Lonely")], follow_up_of=first
    )
    data = export_data(source)
    assert data["format_version"] == FORMAT_VERSION == 2
    target = Store(databases.new("target.sqlite3"))
    target.save_assessment(rubric, {}, name="Someone else")  # takes id 1, so ids move
    assert import_bytes(target, json.dumps(data).encode()).added == 2
    follow_up = next(a for a in target.assessments() if a.replies)
    assert follow_up.follow_up_of == next(a.id for a in target.assessments() if a.decision == RECORD)
    assert import_bytes(target, json.dumps(data).encode()).skipped == 2  # the same file twice adds nothing


def test_an_export_of_version_1_still_imports(rubric):
    source = Store(":memory:")
    source.save_assessment(rubric, {}, name="Alex")
    data = {**export_data(source), "format_version": 1}
    assert import_bytes(Store(":memory:"), json.dumps(data).encode()).added == 1


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"decision": {"leaning": "elope"}}, "assessments[0].decision.leaning: unknown option 'elope'"),
        ({"decision": {"ratings": {"peace": "a lot"}}}, "assessments[0].decision.ratings.peace"),
        ({"replies": [{"question": "Why?", "said": ""}]}, "assessments[0].replies[0].said"),
        ({"follow_up_of": "not-a-uid"}, "assessments[0].follow_up_of"),
    ],
)
def test_an_import_with_a_bad_record_is_refused_and_changes_nothing(rubric, change, problem):
    source = Store(":memory:")
    source.save_assessment(rubric, {}, name="Alex")
    data = export_data(source)
    data["assessments"][0].update(change)
    target = Store(":memory:")
    with pytest.raises(TransferError) as caught:
        import_bytes(target, json.dumps(data).encode())
    assert problem in str(caught.value)
    assert target.count() == 0


def test_the_report_carries_the_options_the_leaning_the_check_the_next_step_and_what_they_said(rubric):
    html = report_html(
        rubric, score_answers(rubric, {}), decision=RECORD, replies=[Reply(question="Why now?", said="<i>Lonely</i>")]
    )
    for text in [
        "Your options",
        "Declining clearly",
        "What it may cost you",
        "Where you lean",
        "The decision check, before and after",
        "Talk it over with Sam",
        "What they said when you asked",
        "&lt;i&gt;Lonely&lt;/i&gt;",
        "My *kids* &lt;b&gt;",
        "About this tool",
        rubric.about.funding,
    ]:
        assert text in html, text
    assert "<i>Lonely" not in html


def test_a_report_with_signs_of_danger_frames_the_options_for_safety(rubric):
    html = report_html(rubric, score_answers(rubric, safety_answers(rubric)))
    assert rubric.decision.safety_first.split(".")[0] in html
    assert rubric.option_by_id["meeting_with_safety"].if_unsafe.split(",")[0] in html


def test_a_rubric_without_options_still_reports(mini_rubric):
    html = report_html(mini_rubric, score_answers(mini_rubric, {}))
    assert "Your options" not in html and "About this tool" in html
