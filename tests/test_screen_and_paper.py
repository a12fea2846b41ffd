"""The screen and the paper carry the same reflection: the profile page (AppTest), the HTML and the PDF show
the same headings and the same key sentences in the same order, for a plain, a thin and a safety-flagged
profile; and the reflection's sentences are written in the core, not in the screen's code."""

from __future__ import annotations

import html
import re

import pytest

from components.navigation import PROFILE
from tests.apptest import open_app, open_saved, texts
from tests.conftest import ROOT
from tests.test_decision import RECORD
from tests.test_options_page import OPTIONS
from tests.test_report import pdf_text
from threshold import DEFAULT_RUBRIC_PATH, reflection_blocks, report
from threshold.decision import Reply
from threshold.decision_blocks import REPLIES_TITLE, WHAT_MATTERS, WHERE_YOU_LEAN
from threshold.rubric import load_rubric
from threshold.scenarios import load_scenarios
from threshold.scoring import score_answers
from threshold.store import Store

SHIPPED = load_rubric(DEFAULT_RUBRIC_PATH)
SCENARIOS = {s.id: s for s in load_scenarios(rubric=SHIPPED)}
HALF_OF_THE_SAFETY_CASE = {
    item: value for n, (item, value) in enumerate(SCENARIOS["safety_turned_up_at_work"].answers.items()) if n % 2
}
CASES = {
    "plain": SCENARIOS["mixed_second_shop"].answers,
    # One answer in the middle of its scale: one motive moved neither way, the others unscored, bars faded.
    "thin": {"apart_new_thing_faded": 2},
    "safety": HALF_OF_THE_SAFETY_CASE,
}
#: Sentences of the reflection whose place tells whether the order holds.
KEY_SENTENCES = [
    SHIPPED.safety.title,
    reflection_blocks.SECOND_TO_SAFETY,
    reflection_blocks.NOT_ABOUT_YOUR_WORTH,
    "Faded, dashed bars",
    reflection_blocks.NO_SCORE,
    reflection_blocks.NEITHER_WAY,
    "Because you said…",
    SHIPPED.safety.ask_framing,
    reflection_blocks.ABOUT_YOU,
    SHIPPED.decision_check.intro,
]
#: The first heading of the report after the reflection: the options, which have a page of their own.
AFTER_THE_REFLECTION = "Your options"


def words(text: str) -> str:
    return " ".join(text.split())


def screen_headings(at) -> list[str]:
    """The page's subheadings and expander titles, in reading order."""
    found = []

    def walk(node) -> None:
        kind = getattr(node, "type", None)
        if kind == "subheader":
            found.append(node.value)
        elif kind == "expander":
            found.append(node.label)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return found


def html_headings(page: str) -> list[str]:
    return [html.unescape(text) for _, text in re.findall(r"<h([23])>(.*?)</h\1>", page)]


def html_words(page: str) -> str:
    return words(html.unescape(re.sub(r"<[^>]+>", " ", page)))


def in_order(text: str, pieces: list[str]) -> list[str]:
    """The pieces found in `text`, in the order they first appear there."""
    found = [(text.index(words(p)), p) for p in pieces if words(p) in text]
    return [p for _, p in sorted(found)]


@pytest.fixture(scope="module", params=list(CASES))
def three_ways(request, rubric):
    """The profile page, the HTML and the PDF of one case, each as (headings, text)."""
    answers = CASES[request.param]
    at = open_app(PROFILE, answers)
    assert not at.exception
    profile = score_answers(rubric, answers)
    page, pdf = report.report_html(rubric, profile), report.report_pdf(rubric, profile)
    return (
        request.param,
        (screen_headings(at), words(" ".join(texts(at)))),
        (html_headings(page), html_words(page)),
        pdf,
    )


def test_the_screen_shows_the_reports_reflection_headings_in_the_same_order(three_ways):
    case, (screen, _), (paper, _), _ = three_ways
    reflection = paper[: paper.index(AFTER_THE_REFLECTION)]
    assert screen[: len(reflection)] == reflection
    assert (reflection[0] == SHIPPED.safety.title) is (case == "safety")


def test_the_pdf_has_the_same_headings_in_the_same_order(three_ways, tmp_path):
    _, _, (paper, _), pdf = three_ways
    text = pdf_text(pdf, tmp_path)
    position = 0
    for heading in paper:
        position = text.index(words(heading), position)  # raises when missing or out of order
        position += len(heading)


def test_key_sentences_are_on_screen_and_paper_in_the_same_order(three_ways, tmp_path):
    case, (_, screen), (_, page), pdf = three_ways
    on_screen = in_order(screen, KEY_SENTENCES)
    assert on_screen == in_order(page, KEY_SENTENCES) == in_order(pdf_text(pdf, tmp_path), KEY_SENTENCES)
    expected = {
        "plain": {"Because you said…", reflection_blocks.ABOUT_YOU},
        "thin": {"Faded, dashed bars", reflection_blocks.NO_SCORE, reflection_blocks.NEITHER_WAY},
        "safety": {SHIPPED.safety.title, reflection_blocks.SECOND_TO_SAFETY, SHIPPED.safety.ask_framing},
    }[case]
    assert expected <= set(on_screen)


@pytest.mark.parametrize("case", ["plain", "safety"])
def test_the_options_page_and_the_report_lay_out_the_options_in_the_same_order(rubric, case, tmp_path):
    answers = CASES[case]
    at = open_app(OPTIONS, answers)
    assert not at.exception
    profile = score_answers(rubric, answers)
    decision = rubric.decision
    pieces = [decision.statement, decision.safety_first, decision.intro, *(o.label for o in rubric.options)]
    screen = words(" ".join(texts(at)))
    paper = [html_words(report.report_html(rubric, profile)), pdf_text(report.report_pdf(rubric, profile), tmp_path)]
    after_the_reflection = [text[text.index(AFTER_THE_REFLECTION) :] for text in paper]
    expected = [p for p in pieces if p != decision.safety_first or case == "safety"]
    assert in_order(screen, pieces) == expected
    assert [in_order(text, pieces) for text in after_the_reflection] == [expected, expected]


@pytest.mark.parametrize(
    "sentence",
    [
        "comes second to your safety",
        "Faded, dashed bars",
        "pointed neither toward nor away",
        "This is about you, not them",
        "None of the questions about this were answered",
    ],
)
def test_a_sentence_of_the_reflection_is_written_once_in_the_core(sentence):
    homes = [p.relative_to(ROOT).as_posix() for p in [*ROOT.glob("threshold/*.py"), *ROOT.glob("components/*.py")]]
    holding = [path for path in homes if sentence in (ROOT / path).read_text()]
    assert holding == ["threshold/reflection_blocks.py"]


def test_a_saved_reflection_shows_what_was_said_on_the_options_page_and_their_replies_as_the_report_does(rubric):
    answers = CASES["plain"]
    replies = [Reply(question="Why now?", said="I kept *thinking* of the lake <b>")]
    saved = Store.default().save_assessment(rubric, answers, name="Alex", decision=RECORD, replies=replies)
    at = open_saved(saved)
    assert not at.exception
    page = report.report_html(rubric, score_answers(rubric, answers), decision=RECORD, replies=replies)
    kept = [AFTER_THE_REFLECTION, WHAT_MATTERS, WHERE_YOU_LEAN, "Your next step", REPLIES_TITLE]
    assert in_order(" | ".join(screen_headings(at)), kept) == in_order(" | ".join(html_headings(page)), kept) == kept
    said = [t.value for t in at.text]  # the person's words and theirs, as plain text
    assert "I kept *thinking* of the lake <b>" in said and "Talk it over with Sam" in " ".join(said)
    assert not at.radio and not at.text_area  # shown as it was kept, with nothing left to answer


def test_a_saved_reflection_without_a_decision_or_replies_shows_neither(rubric):
    at = open_saved(Store.default().save_assessment(rubric, CASES["plain"], name="Alex"))
    assert AFTER_THE_REFLECTION not in screen_headings(at) and REPLIES_TITLE not in screen_headings(at)


def test_as_answered_puts_what_was_answered_in_place_of_every_widget_at_any_depth():
    from threshold.blocks import Card, Columns, Fold, Heading, Paragraph, Section, Widget, as_answered

    answered = [Paragraph("what they chose")]
    nested = Section([Card("c", [Widget("a", answered)]), Fold("f", [Columns([[Widget("b")], [Heading("h")]])])])
    assert as_answered([nested, Section([Widget("top", answered)], rule_before=True)]) == [
        Section([Card("c", answered), Fold("f", [Columns([[], [Heading("h")]])])]),
        Section(answered, rule_before=True),
    ]
