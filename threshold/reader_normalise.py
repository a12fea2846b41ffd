"""Normalise a message for matching, keeping the way back to the text exactly as pasted.

The text is normalised in three passes, each keeping a map back to the text it was given
(`threshold.reader_offsets`), so a match in the normalised text can be carried back to characters
of the original:

1. characters: drop invisible marks (zero-width, direction overrides), straighten quotes, turn
   emoji into a space or a word, then lower-case (one character for one character);
2. chat: remove the timestamp and name prefixes of a pasted chat thread, one message a line
   (`threshold.reader_chat`);
3. words: spell out contractions and chat shorthand, fix a few common misspellings (the list is
   `reader_words.yaml`), cut letters stretched to three or more, and collapse runs of spaces.
"""

from __future__ import annotations

import re

from threshold.reader_chat import strip_chat
from threshold.reader_cues import cue_words
from threshold.reader_offsets import OffsetMap, substitute
from threshold.reader_words import load_reader_words
from threshold.rubric import Rubric


class NormalisedText:
    """A message normalised for matching, with the way back to the original's offsets."""

    def __init__(self, text: str, maps: list[OffsetMap], speakers: list[str]) -> None:
        self.text = text
        self._maps = maps
        self.speakers = speakers

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text behind `self.text[start:end]` (non-empty)."""
        return self.original_spans([(start, end)])[0]

    def original_spans(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """`original_span` of each span (each non-empty)."""
        unique = list(dict.fromkeys(spans))  # several cues often found the same words
        mapped = unique
        for offset_map in reversed(self._maps):
            mapped = offset_map.source_spans(mapped)
        original = dict(zip(unique, mapped, strict=True))
        return [original[span] for span in spans]


def normalise(text: str, rubric: Rubric | None = None, speaker: str | None = None) -> NormalisedText:
    """Normalise a message for matching (see the module docstring); the rubric's words guide "sooo" -> "so"."""
    characters, characters_map = substitute(text, _CHARACTERS, _replace_character, starts=_CHARACTER_STARTS)
    characters = characters.lower()  # one for one, now that "İ" (the one exception) is replaced
    chat, chat_map, speakers = strip_chat(characters, characters_map, text, speaker)
    known = cue_words(rubric) if rubric else frozenset()
    word_list = load_reader_words()
    # A chat says the same few words over and over: each is worked out once per message.
    normal_words: dict[str, str] = {}

    def normal_word(match: re.Match) -> str:
        token = match.group()
        if token not in normal_words:
            normal_words[token] = word_list.normal_word(token, known)
        return normal_words[token]

    words, words_map = substitute(chat, word_list.pattern, normal_word)
    return NormalisedText(words, [characters_map, chat_map, words_map], speakers)


_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff"
_EMOJI_MODIFIER = "[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\u20e3]"
#: Soft hyphen, zero-width and joiner characters, direction marks and overrides, BOM.
_INVISIBLE = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufe0e\ufe0f"
_QUOTES = "‘’‚‛′ʼ`´“”„‟″«»"
_CHARACTERS = re.compile(
    rf"(?P<emoji>[{_EMOJI}]{_EMOJI_MODIFIER}*(?:\u200d[{_EMOJI}]{_EMOJI_MODIFIER}*)*|<3+)"
    rf"|(?P<invisible>[{_INVISIBLE}]+)"
    rf"|(?P<quote>[{_QUOTES}])"
    r"|(?P<dotted>\u0130)"
)
#: The first character of every match of _CHARACTERS: a scan for one character is ten times faster.
_CHARACTER_STARTS = re.compile(f"[{_EMOJI}<{_INVISIBLE}{_QUOTES}\u0130]")
#: Emoji (and "<3") read as words, by their first character; every other emoji becomes a space.
_EMOJI_WORDS = {
    **dict.fromkeys("❤♥💕💖💗💘💞💓😍🥰<", "love"),
    **dict.fromkeys("🥺🙏", "please"),
    **dict.fromkeys("😢😭😔😞🥲", "sad"),
    "💔": "heartbreak",
}


def _replace_character(match: re.Match) -> str:
    kind, found = match.lastgroup, match.group()
    if kind == "emoji":
        word = _EMOJI_WORDS.get(found[0])
        return f" {word} " if word else " "
    if kind == "invisible":
        return ""
    if kind == "quote":
        return '"' if found in "“”„‟″«»" else "'"
    return "i"
