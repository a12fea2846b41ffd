"""The reader's word list is data beside the rubric, checked like the rubric: every problem named by path."""

import pytest

from threshold.reader import normalise
from threshold.reader_words import DEFAULT_WORDS_PATH, ReaderWordsError, load_reader_words, parse_reader_words

VALID = """
contractions: {"i'm": "i am", "we're": "we are"}
ambiguous_without_apostrophe: ["we're"]
shorthand: {"u": "you", "1am": "1 am"}
common_words: ["so"]
"""


def test_the_shipped_word_list_loads_and_the_reader_uses_it():
    words = load_reader_words(DEFAULT_WORDS_PATH)
    assert words.replacements["im"] == "i am" and "were" not in words.replacements
    assert normalise("im sry u").text == "i am sorry you"


def test_a_word_list_spells_out_with_and_without_the_apostrophe_unless_ambiguous():
    words = parse_reader_words(VALID)
    assert words.replacements == {"i'm": "i am", "we're": "we are", "im": "i am", "u": "you", "1am": "1 am"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (VALID.replace('"u": "you"', "no: you"), "shorthand[0].[key]: Input should be a valid string"),  # `no` is false
        (VALID.replace('"u": "you"', '"u": "You"'), "shorthand.u: String should match pattern"),
        (VALID.replace('"u": "you"', '"u r": "you are"'), "shorthand.u r.[key]: String should match pattern"),
        (VALID.replace('["we\'re"]', '["he\'d"]'), '"he\'d" is not one of the contractions'),
        (VALID.replace('"i\'m"', '"im"'), "contractions.im: a contraction has an apostrophe"),
        (VALID + "emoji: {}\n", "emoji: Extra inputs are not permitted"),
        ("- just a list\n", "(top level): expected a mapping of word lists"),
    ],
)
def test_a_bad_word_list_is_refused_naming_the_problem(text, problem):
    with pytest.raises(ReaderWordsError) as refused:
        parse_reader_words(text)
    assert any(problem in p for p in refused.value.problems), refused.value.problems
