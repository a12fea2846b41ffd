"""The message view and its chart, without Streamlit running: highlights merged, user text inert, signals exact."""

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.message import (
    AGAINST_CLASS,
    CUE_CLASS,
    HIDDEN_CLASS,
    VIEW_CLASS,
    Highlight,
    explanations_html,
    merged_highlights,
    message_html,
)
from threshold import charts
from threshold.reader import Match, hint_strength, read_message

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**bold** and _em_ and `code`",
    "[link](http://x) and <a href='http://x'>a</a> and https://example.com",
    "\"><svg onload=alert(1)> ' & &amp; &lt;",
    "# Heading\n- item\n> quote\n\n| a | b |\n|---|---|",
    "$x^2$ :material/home: :smile: <!-- comment --> ]]> <![CDATA[x]]>",
    "</div></mark><style>body{display:none}</style>",
]
#: Direction overrides and isolates, zero-width space, word joiner, BOM, soft hyphen, a control character.
INVISIBLE = ["\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\u200e", "\u2060", "\ufeff", "\u00ad", "\x1b"]


def match(start: int, end: int, cue: str = "fam_home", weight: float = 1.0, text: str = "") -> Match:
    return Match(motive="familiarity", cue=cue, start=start, end=end, text=text, weight=weight)


#: The attributes of a mark, every value our own: its cues' explanations, focus, and its line in the list.
OUR_MARK_ATTRIBUTES = {"class", "title", "tabindex", "aria-describedby", "data-cue"}


class Parsed(HTMLParser):
    """Every tag with its attributes, and the text with each shown code point turned back into its character."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text = ""
        self._in_hidden = False
        self._depth = 0
        self.max_mark_depth = 0
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_hidden = tag == "span" and dict(attrs).get("class") == HIDDEN_CLASS
        if tag == "mark":
            self._depth += 1
            self.max_mark_depth = max(self.max_mark_depth, self._depth)

    def handle_endtag(self, tag):
        self._in_hidden = False
        if tag == "mark":
            self._depth -= 1

    def handle_data(self, data):
        self.text += chr(int(data[2:], 16)) if self._in_hidden else data

    def marks(self) -> list[dict]:
        return [attrs for tag, attrs in self.tags if tag == "mark"]


@pytest.mark.parametrize(
    ("spans", "merged"),
    [
        ([], []),
        ([(0, 4), (6, 9)], [(0, 4), (6, 9)]),
        ([(0, 4), (2, 6)], [(0, 6)]),
        ([(0, 10), (2, 4)], [(0, 10)]),
        ([(3, 5), (3, 5)], [(3, 5)]),
        ([(0, 4), (4, 6)], [(0, 4), (4, 6)]),  # touching is not overlapping: two marks
        ([(5, 8), (0, 6), (7, 9)], [(0, 9)]),
    ],
)
def test_overlapping_spans_merge_into_one_highlight(spans, merged):
    highlights = merged_highlights([match(s, e) for s, e in spans])
    assert [(h.start, h.end) for h in highlights] == merged
    assert sum(len(h.matches) for h in highlights) == len(spans)


def test_a_merged_highlight_lists_every_cue_in_its_title(mini_rubric):
    text = "I have been in therapy."
    reading = read_message(mini_rubric, text)
    assert {m.cue for m in reading.matches} == {"gro_therapy", "nos_less_therapy"}
    assert merged_highlights(reading.matches) == [Highlight(15, 22, tuple(reading.matches))]
    (mark,) = Parsed(message_html(mini_rubric, text, reading.matches)).marks()
    assert mark["title"] == "Growth: The work. · argues against Nostalgia: Less a memory."
    assert mark["class"] == CUE_CLASS


def test_a_highlight_of_only_evidence_against_is_marked_differently(mini_rubric):
    (mark,) = Parsed(message_html(mini_rubric, "therapy", [match(0, 7, "nos_less_therapy", -1.0)])).marks()
    assert mark["class"] == AGAINST_CLASS


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_stays_literal_text_with_only_our_own_tags(mini_rubric, hostile):
    text = f"{hostile} I miss you {hostile}"
    reading = read_message(mini_rubric, text)
    markup = message_html(mini_rubric, text, reading.matches)
    parsed = Parsed(markup)
    assert parsed.text == text
    assert [tag for tag, _ in parsed.tags] == ["div", "mark"]
    assert parsed.tags[0][1] == {"class": VIEW_CLASS}
    assert parsed.marks()[0].keys() == OUR_MARK_ATTRIBUTES
    assert "<script" not in markup and "<img" not in markup and "<a " not in markup and "<style" not in markup


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_characters_that_reorder_or_hide_text_are_shown_as_their_code(mini_rubric, char):
    text = f"I miss{char} you {char}evil"
    markup = message_html(mini_rubric, text, read_message(mini_rubric, text).matches)
    assert char not in markup
    assert f'<span class="{HIDDEN_CLASS}">U+{ord(char):04X}</span>' in markup
    assert Parsed(markup).text == text


def test_emoji_joiners_and_line_breaks_are_kept(mini_rubric):
    text = "family 👨\u200d👩\u200d👧\nsecond line"
    assert message_html(mini_rubric, text, []) == f'<div class="{VIEW_CLASS}">{text}</div>'


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(max_size=80),
    spans=st.lists(st.tuples(st.integers(0, 80), st.integers(1, 20), st.booleans()), max_size=8),
)
def test_any_text_and_spans_give_inert_markup_with_one_mark_per_merged_highlight(mini_rubric, text, spans):
    matches = [
        match(start, min(start + length, len(text)), *(("nos_less_therapy", -1.0) if against else ()))
        for start, length, against in spans
        if start < len(text)
    ]
    parsed = Parsed(message_html(mini_rubric, text, matches))
    assert parsed.text == text
    assert {tag for tag, _ in parsed.tags} <= {"div", "mark", "span"}
    assert all(set(attrs) <= {"class"} | OUR_MARK_ATTRIBUTES for _, attrs in parsed.tags)
    # The attributes' values are ours: numbers and ids, never a piece of the message.
    for number, mark in enumerate(parsed.marks(), start=1):
        assert (mark["tabindex"], mark["data-cue"], mark["aria-describedby"]) == (
            "0",
            str(number),
            f"threshold-cue-{number}",
        )
    assert len(parsed.marks()) == len(merged_highlights(matches))
    assert parsed.max_mark_depth <= 1


def test_the_signal_table_is_the_reading_in_rubric_order(rubric):
    reading = read_message(rubric, "I've been in therapy and I know I hurt you. Are you seeing anyone?")
    frame = charts.signal_table(rubric, reading.signals)
    assert list(frame["id"]) == [m.id for m in rubric.motives]
    assert list(frame["signal"]) == [reading.signals[m.id] for m in rubric.motives]
    assert list(frame["label"]) == [m.label for m in rubric.motives]
    silent = frame[frame["signal"] == 0]
    assert not silent.empty and set(silent["caption"]) == {charts.NO_SIGNAL}


def test_the_signal_chart_keeps_a_fixed_scale_so_a_faint_hint_looks_faint(rubric):
    frame = charts.signal_table(rubric, {"growth": 0.05})
    spec = charts.signal_chart(frame).to_dict()
    bars = spec["layer"][0]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 1]
    assert spec["title"]["text"] == "What the wording hints at"


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_the_explanations_list_one_line_per_mark_with_their_words_as_text(mini_rubric, hostile):
    text = f"{hostile} I miss you, remember when {hostile}"
    matches = read_message(mini_rubric, text).matches
    markup = explanations_html(mini_rubric, text, matches)
    parsed = Parsed(markup)
    assert [tag for tag, _ in parsed.tags] == ["ol", *["li", "q"] * len(merged_highlights(matches))]
    assert "<script" not in markup and "<img" not in markup and "<a " not in markup
    assert "miss you" in parsed.text and "Home." in parsed.text and "A memory." in parsed.text


@pytest.mark.parametrize(
    ("signal", "words"),
    [(0.01, "a faint hint"), (0.29, "a faint hint"), (0.3, "a hint"), (0.53, "a hint"), (0.9, "a clearer hint")],
)
def test_strength_is_said_in_words(signal, words):
    assert hint_strength(signal) == words
