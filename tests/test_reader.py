"""The message reader: normalising real messages, spans back into the original, signals, hostile text."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.reader import build_chat
from threshold.reader import REPEAT_DECAY, SIGNAL_SCALE, UnknownSpeakerError, normalise, read_message
from threshold.rubric import compile_cue_pattern


def signal(total: float) -> float:
    return round(1 - math.exp(-total / SIGNAL_SCALE), 3)


# --- Normalisation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("REMEMBER When", "remember when"),
        ("I’m sorry", "i am sorry"),
        ("Im sorry", "i am sorry"),
        ("im sorry", "i am sorry"),
        ("I dont know, I cant", "i do not know, i cannot"),
        ("ive missed u", "i have missed you"),
        ("it‘s “fine”", 'it is "fine"'),
        ("we're fine, were we?", "we are fine, were we?"),
        ("i'll be ill", "i will be ill"),
        ("sooo sorry", "so sorry"),
        ("missss you", "miss you"),
        ("heyyy", "hey"),
        ("sorryyyy", "sorry"),
        ("rember when", "remember when"),
        ("remeber", "remember"),
        ("realy", "really"),
        ("in thearpy", "in therapy"),
        ("sry", "sorry"),
        ("wyd rn", "what are you doing right now"),
        ("miss you 🥺❤️", "miss you please love "),
        ("miss you <3", "miss you love "),
        ("ok 👍🏽 sure", "okay sure"),
        ("line one\nline two", "line one line two"),
        ("a  \t b", "a b"),
        ("re\u200bmember \u202ewhen\u202c", "remember when"),
        ("\ufeffhi", "hi"),
    ],
)
def test_normalise_reads_messages_as_people_type_them(text, normal):
    assert normalise(text).text == normal


@pytest.mark.parametrize(
    "chat",
    [
        "[21/11/2026, 23:14:05] Sam: hey\n[21/11/2026, 23:15] Sam: remember when",
        "21/11/2026, 23:14 - Sam: hey\n21/11/2026, 23:15 - Sam: remember when",
        "11/21/26, 11:14 PM - Sam: hey\n11/21/26, 11:15 PM - Sam: remember when",
        "11:14 PM - Sam: hey\n11:15 PM - Sam: remember when",
        "Sam, 11:14 PM: hey\nSam, 11:15 PM: remember when",
        "Sam (11:14\u202fPM): hey\nSam (11:15\u202fPM): remember when",
        "Sam, [21.11.26 23:14]\nhey\n\nSam, [21.11.26 23:15]\nremember when",
        "\u200e[21/11/2026, 23:14:05] Sam: hey\nToday 11:15 PM\n[21/11/2026, 23:15] Sam: remember when\nDelivered",
    ],
    ids=["whatsapp-ios", "whatsapp-android-24h", "whatsapp-android-12h", "time-first", "name-first", "name-paren",
         "header-lines", "stamp-lines"],
)  # fmt: skip
def test_chat_prefixes_and_stamp_lines_are_removed_one_message_a_line(chat):
    normal = normalise(chat)
    assert normal.text == "hey\nremember when"
    assert normal.speakers == ["Sam"]


def test_a_message_that_continues_over_lines_stays_one_message():
    normal = normalise("[21/11/2026, 23:14] Sam: I remember\nwhen we met\n[21/11/2026, 23:15] Sam: x")
    assert normal.text == "i remember when we met\nx"


def test_a_line_that_only_starts_with_a_time_is_not_a_chat_prefix():
    assert normalise("9:30 works for me\nsee you then").text == "9:30 works for me see you then"


# --- Spans into the original text ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "matched"),
    [
        ("REMEMBER WHEN we met", "nos_remember", "REMEMBER WHEN"),
        ("I’ve been in therapy", "gro_therapy", "therapy"),
        ("oh rememberrr whennn we met", "nos_remember", "rememberrr whennn"),
        ("rember when", "nos_remember", "rember when"),
        ("i misssss u so much", "fam_home", "misssss u"),
        ("it fe\u200bels like home", "fam_home", "fe\u200bels like home"),
        ("\u202eremember when", "nos_remember", "remember when"),
        ("[21/11/2026, 23:14] Sam: remember   when", "nos_remember", "remember   when"),
        ("11:14 PM - Sam: hi\n11:15 PM - Sam: miss u 🥺", "fam_home", "miss u"),
    ],
)
def test_each_span_is_the_matched_words_as_written(mini_rubric, text, cue, matched):
    reading = read_message(mini_rubric, text)
    found = [m for m in reading.matches if m.cue == cue]
    assert [(m.text, text[m.start : m.end]) for m in found] == [(matched, matched)]


def test_a_spelt_out_contraction_maps_back_to_what_was_typed(rubric):
    text = "pls dont hate me"
    (match,) = [m for m in read_message(rubric, text).matches if m.cue == "guilt_not_the_bad_one"]
    assert (match.start, match.end, match.text) == (4, 16, "dont hate me")


def test_an_emoji_read_as_a_word_maps_back_to_the_emoji():
    normal = normalise("sorry 🥺 x")
    start = normal.text.index("please")
    assert normal.original_span(start, start + len("please")) == (6, 7)


fragments = st.sampled_from(
    ["remember when", "REMEMBER  WHEN", "rememberrr whennn", "I’ve been in therapy", "miss u", "misssss you",
     "feels like home", "🥺", "❤️", "\u200b", "\u202e", "\n", "[21/11/2026, 23:14] Sam: ", "11:14 PM - Alex: ",
     "dont", "Im", " ", "<b>", "&amp;", "x", "ü", "İ", "’"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(fragments, max_size=25).map("".join))
def test_every_span_lies_in_the_text_and_reads_as_its_cue(mini_rubric, text):
    reading = read_message(mini_rubric, text)
    for match in reading.matches:
        assert 0 <= match.start < match.end <= len(text)
        assert match.text == text[match.start : match.end]
        cue = mini_rubric.cue_by_id[match.cue]
        again = normalise(match.text, mini_rubric).text.strip()
        assert any(compile_cue_pattern(p).search(again) for p in cue.patterns), (match, again)


# --- Signals ------------------------------------------------------------------------------------


def test_one_cue_gives_its_signal_and_names_the_items_it_informs(mini_rubric):
    reading = read_message(mini_rubric, "Remember when we met?")
    assert (reading.rubric_version, reading.rubric_hash) == ("test-1", mini_rubric.content_hash)
    assert reading.signals["nostalgia"] == signal(2.0)
    assert reading.top == ["nostalgia"] and reading.informs == ["b2"]
    assert all(v == 0 for m, v in reading.signals.items() if m != "nostalgia")


def test_a_negative_cue_lowers_a_signal(mini_rubric):
    reading = read_message(mini_rubric, "Remember when we met? I've been in therapy since.")
    assert reading.signals["nostalgia"] == signal(2.0 - 1.0)
    assert reading.signals["growth"] == signal(2.0)
    assert reading.top == ["growth", "nostalgia"]
    assert {m.cue: m.weight for m in reading.matches}["nos_less_therapy"] == -1.0


def test_a_motive_with_only_evidence_against_reads_zero_and_is_not_in_top(rubric):
    reading = read_message(rubric, "Take all the time you need.")
    assert reading.signals["control"] == 0 and "control" not in reading.top
    assert any(m.motive == "control" and m.weight < 0 for m in reading.matches)


def test_items_are_informed_only_by_evidence_for_a_motive(rubric):
    reading = read_message(rubric, "Take all the time you need.")
    assert reading.informs == ["contact_left_reply_to_you", "words_open_about_hopes"]


def test_repeating_a_cue_has_diminishing_returns_and_cannot_saturate(mini_rubric):
    once = read_message(mini_rubric, "remember when").signals["nostalgia"]
    twice = read_message(mini_rubric, "remember when, remember when").signals["nostalgia"]
    spam = read_message(mini_rubric, "remember when " * 1000).signals["nostalgia"]
    assert once < twice < spam <= signal(2.0 / (1 - REPEAT_DECAY))
    assert twice == signal(2.0 * (1 + REPEAT_DECAY))


def test_ties_keep_rubric_order(mini_rubric):
    reading = read_message(mini_rubric, "my counsellor said: remember when")
    assert reading.top == ["nostalgia", "growth"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\u200b\u200b", "🙂🙂🙂"])
def test_an_empty_message_reads_as_nothing(rubric, text):
    reading = read_message(rubric, text)
    assert reading.matches == [] and reading.top == [] and reading.informs == []
    assert set(reading.signals) == {m.id for m in rubric.motives} and not any(reading.signals.values())


# --- Speakers in a pasted chat ------------------------------------------------------------------

CHAT = (
    "[21/11/2026, 23:14] Sam: remember when we met\n"
    "[21/11/2026, 23:20] Alex: I've been in therapy, Sam\n"
    "[21/11/2026, 23:21] Sam: feels like home"
)


def test_a_chat_lists_its_speakers_and_by_default_reads_everyone(mini_rubric):
    reading = read_message(mini_rubric, CHAT)
    assert reading.speakers == ["Sam", "Alex"]
    assert {m.cue for m in reading.matches} == {"nos_remember", "gro_therapy", "nos_less_therapy", "fam_home"}


def test_a_chosen_speaker_is_read_alone_in_any_case(mini_rubric):
    reading = read_message(mini_rubric, CHAT, speaker="sam")
    assert [(m.cue, m.text) for m in reading.matches] == [
        ("nos_remember", "remember when"),
        ("fam_home", "feels like home"),
    ]


def test_an_unknown_speaker_is_refused(mini_rubric):
    with pytest.raises(UnknownSpeakerError, match="no messages from 'Jo'; speakers: Sam, Alex"):
        read_message(mini_rubric, CHAT, speaker="Jo")


# --- Hostile and huge text ----------------------------------------------------------------------

HOSTILE = {
    "html": "<script>alert('remember when')</script><img src=x onerror=alert(1)><b>I miss you</b>",
    "markdown": "**remember when** [link](javascript:alert(1)) `miss you`",
    "zero-width": "r\u200be\u200dm\u200cember\u2060 when \ufeff",
    "direction marks": "\u202eremember when\u202c \u2067miss you\u2069 \u200f",
    "control characters": "remember\x00when\x1b[31m miss you\x07",
    "lone surrogate": "remember when \ud800 miss you",
    "no spaces": "a" * 200_000,
    "only spaces": " " * 200_000 + "x",
    "question marks": "?" * 100_000 + "x",
    "a long line that looks like a prefix": "[" + "1" * 100_000 + "] Sam: " + "remember when",
    "many names": "\n".join(f"Name{i}, 11:{i % 60:02d} PM: hi" for i in range(5000)),
    "stretched": "m" + "i" * 50_000 + "ss you",
}


# A pattern that backtracks catastrophically hangs for minutes; the timeout catches that without
# asserting a speed, which `make bench` measures.
@pytest.mark.timeout(30)
@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_is_read_safely(rubric, text):
    reading = read_message(rubric, text)
    for match in reading.matches:
        assert match.text == text[match.start : match.end]
    assert all(0 <= v <= 1 for v in reading.signals.values())
    reading.model_dump_json()  # a reading can always be stored


def test_a_5000_line_chat_is_read_without_saturating(rubric):
    # Its speed is measured by `make bench` (bench/reader.py), not asserted here: machines are noisy.
    reading = read_message(rubric, build_chat(5000))
    assert len(reading.matches) > 1000 and max(reading.signals.values()) < 1


# --- Past the exact phrases: word forms, negation, times and idioms -----------------------------


@pytest.mark.parametrize(
    ("text", "cue", "words"),
    [
        ("I keep missing you", "familiarity_miss_you", "missing you"),
        ("I missed you so much", "familiarity_miss_you", "missed you"),
        ("it's 1am and i can't sleep", "familiarity_lonely_stretch", "it's 1am"),
        ("still up at 1am thinking", "familiarity_lonely_stretch", "still up at 1am"),
        ("I'd like us to be on good terms", "guilt_closure_and_good_terms", "on good terms"),
        ("I can't stop thinking about you", "familiarity_miss_you", "thinking about you"),
    ],
)
def test_the_reader_finds_word_forms_times_and_idioms_and_points_at_them(rubric, text, cue, words):
    found = [m.text for m in read_message(rubric, text).matches if m.cue == cue]
    assert words in found


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("I don't miss you", "familiarity_miss_you"),
        ("I never missed you", "familiarity_miss_you"),
        ("I'm not feeling lonely", "familiarity_lonely_stretch"),
    ],
)
def test_a_cue_right_after_a_negation_is_not_counted(rubric, text, cue):
    assert cue not in {m.cue for m in read_message(rubric, text).matches}


def test_a_pattern_that_starts_with_its_own_negation_still_counts(rubric):
    assert "growth_your_pace" in {m.cue for m in read_message(rubric, "You don't have to reply.").matches}
