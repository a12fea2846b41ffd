"""The situation step: what each person is asked, worded for whom, on the quick and the full path."""

import json
import re
import subprocess
import sys

import pytest

from components.navigation import PROFILE
from tests.apptest import open_app, texts
from tests.conftest import ROOT
from threshold.situation import asked_items, item_text, questions_for, quick_returner_ids

#: Words that assume a romantic relationship: never shown to someone whose returner is a friend or family.
ROMANTIC = re.compile(
    r"seeing anyone|\bdating\b|romantic|boyfriend|girlfriend|\bex\b|break-?up|your time together|old routines"
    r"|love life|who you were together|someone new|anniversary of your relationship",
    re.IGNORECASE,
)
NON_ROMANTIC = ["friend", "family", "other"]


def questions(*flags: str) -> list[dict]:
    run = subprocess.run(
        [sys.executable, "-m", "threshold", "questions", "--format", "json", *flags],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)


def test_questions_json_lists_each_question_with_its_kind_and_options(rubric):
    asked = questions()
    assert [q["id"] for q in asked] == [i.id for i in asked_items(rubric, {})]
    assert {q["kind"] for q in asked} == {"situation", "returner", "footing", "safety"}
    first = asked[0]
    assert set(first) == {"id", "section", "kind", "text", "options"}
    assert first["options"][0] == {"value": 0, "label": "A partner or ex-partner"}


@pytest.mark.parametrize("relationship", ["family", "friend"])
def test_no_romantic_wording_for_a_friend_or_family(relationship):
    for question in questions("--relationship", relationship):
        assert not ROMANTIC.search(question["text"]), question


def test_someone_who_ended_it_is_not_asked_how_they_left():
    texts_asked = [q["text"] for q in questions("--ended-by", "me")]
    assert not any(
        re.search(r"\bwhen they left\b|\bthey left\b|ended things on their own terms", t) for t in texts_asked
    )
    assert any("When you ended things" in t for t in texts_asked)


def test_no_apology_means_no_question_about_what_kind_of_apology(rubric):
    ids = [q["id"] for q in questions("--apologised", "no")]
    assert "words_vague_apology" not in ids
    assert "words_vague_apology" in [q["id"] for q in questions("--apologised", "yes")]


def test_only_partners_are_asked_whether_either_is_in_a_relationship():
    assert "with_someone" in [q["id"] for q in questions("--relationship", "partner")]
    assert "with_someone" not in [q["id"] for q in questions("--relationship", "family")]


def test_an_unknown_situation_value_is_refused_with_the_values_it_takes():
    run = subprocess.run(
        [sys.executable, "-m", "threshold", "questions", "--ended-by", "them"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "--ended-by: 'them' is not one of they, me, both, drifted" in run.stderr


def test_the_text_format_numbers_every_question_under_its_part(rubric):
    run = subprocess.run(
        [sys.executable, "-m", "threshold", "questions", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert rubric.section_by_id["situation"].title in run.stdout
    assert f"{len(asked_items(rubric, {}, quick=True)):3}. " in run.stdout


@pytest.mark.parametrize("relationship", ["partner", *NON_ROMANTIC])
def test_the_quick_path_asks_about_fifteen_questions_about_them_and_the_whole_safety_screen(rubric, relationship):
    situation = {"relationship": relationship, "ended_by": "they", "apologised": "yes"}
    quick = asked_items(rubric, situation, quick=True)
    about_them = [i for i in quick if rubric.kind_of(i) == "returner"]
    assert len(about_them) == rubric.scoring.quick_items == 15
    assert [i for i in quick if rubric.kind_of(i) == "safety"] == rubric.items_of_kind("safety")
    assert not [i for i in quick if rubric.kind_of(i) == "footing"]
    # Every motive is asked about, so the quick path can still tell them apart.
    for motive in rubric.motives:
        assert any(i.weights.get(motive.id, 0) > 0 for i in about_them), motive.id


def test_the_quick_path_asks_nothing_that_may_not_fit(rubric):
    # With who ended it unknown, neither "when they left" nor "when you ended things" is on the short path.
    ids = quick_returner_ids(rubric, {})
    assert not any(rubric.item_by_id[i].show_if for i in ids)


@pytest.mark.parametrize(
    "situation",
    [{}, {"relationship": "family", "ended_by": "me", "contact_mode": "chance_meeting", "apologised": "no"}],
)
def test_the_safety_screen_is_asked_in_every_situation_and_on_both_paths(rubric, situation):
    for quick in (False, True):
        asked = asked_items(rubric, situation, quick=quick)
        assert [i for i in asked if rubric.kind_of(i) == "safety"] == rubric.items_of_kind("safety")


def test_questions_for_words_each_question_for_the_relationship(rubric):
    family = {q.id: q.text for q in questions_for(rubric, {"relationship": "family"})}
    item = rubric.item_by_id["words_seeing_anyone"]
    assert family[item.id] == item_text(item, {"relationship": "family"}) == item.text_for["family"]


def strongest_for(rubric, relationship: str) -> dict:
    """Every question this relationship is asked, answered toward its motives, with no safety sign."""
    value = rubric.scale_by_id["relationship"].value_for(relationship)
    answers = {"relationship": value}
    for item in asked_items(rubric, {"relationship": relationship}):
        if rubric.kind_of(item) in ("returner", "footing"):
            answers[item.id] = max(rubric.scale_of(item).values)
        elif rubric.kind_of(item) == "safety":
            answers[item.id] = 0
    return answers


@pytest.mark.parametrize("relationship", NON_ROMANTIC)
def test_the_reflection_reads_right_for_a_friend_family_or_someone_else(rubric, relationship):
    at = open_app(PROFILE, strongest_for(rubric, relationship))
    shown = texts(at) + [e.label for e in at.expander] + [str(t.value) for t in at.table]
    romantic = [t for t in shown if ROMANTIC.search(t)]
    assert not romantic, romantic
    assert any("Because you said" in t for t in shown)  # the evidence lines were rendered and checked


@pytest.mark.parametrize("relationship", ["partner", *NON_ROMANTIC])
def test_evidence_lines_quote_the_question_as_this_person_was_asked_it(rubric, relationship):
    # With one answer about control, its evidence line quotes that question: romantic only for a partner.
    value = rubric.scale_by_id["relationship"].value_for(relationship)
    at = open_app(PROFILE, {"relationship": value, "words_seeing_anyone": 4})
    shown = texts(at)
    item = rubric.item_by_id["words_seeing_anyone"]
    assert any(item_text(item, {"relationship": relationship}) in t for t in shown)
    assert any(ROMANTIC.search(t) for t in shown) == (relationship == "partner")
