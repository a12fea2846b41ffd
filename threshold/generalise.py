"""Reading past the cues' exact phrases: word forms (lemmas) and negation, measured before chosen.

- Lemmas: "missing", "missed" and "miss" meet one cue. Every word of the normalised message is
  replaced by its dictionary form (simplemma's English table, shipped in the package, no download),
  and every cue pattern is read the same way (only its plain whole words; alternatives such as
  `miss(ed)?` keep their letters). A cue then matches the message as written or its lemma form; the
  span always points at the words as written.
- Negation: a cue right after "not", "never", "no" or "cannot" (within two words) is not counted,
  so "I don't miss you" is no sign of missing them, unless the pattern itself starts with the
  negation ("never forget") or the negation is part of an idiom that means the opposite ("can't
  stop thinking about you", "can't wait").

tests/test_message_accuracy.py measures both on the rounds the cues were fitted to; the closing
figures of each are in the README.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache

import simplemma

from threshold.cue_engine import CuePattern, CuePatternError

_WORD = re.compile(r"[a-z]+")
#: A pattern's pieces: an escape, a character class, a run of letters, or any other character.
_PATTERN_PIECE = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|[a-z]+|.", re.DOTALL)
#: After a run of letters, these make it part of a larger token (`hugs?`, `miss(ed)?`), not a word.
_NOT_A_WHOLE_WORD_AFTER = set("?*+{(")

NEGATIONS = ("not", "never", "no", "cannot", "nobody", "nothing")
#: Negations that belong to idioms meaning the opposite: "cannot stop thinking", "never stop", "cannot wait".
_IDIOM_AFTER_NEGATION = ("stop", "help", "wait", "forget", "believe", "get over", "lie")
_NEGATED = re.compile(
    rf"(?<![\w'])(?:{'|'.join(NEGATIONS)})\s+(?!(?:{'|'.join(_IDIOM_AFTER_NEGATION)})\b)(?:[\w']+\s+){{0,2}}$"
)
_STARTS_NEGATED = re.compile(rf"^\(?(?:do |did |does |would |will )?(?:{'|'.join(NEGATIONS)})\b")
#: How far back a negation is looked for, in characters; three short words fit.
_NEGATION_REACH = 40
#: Where a negation may begin: its words anywhere, even inside others, which a scan finds quickly.
_NEGATION_WORD = re.compile("|".join(NEGATIONS))


#: Dictionary forms that would join words the cues keep apart: "i am" is not "i was", "better" is not "good".
_KEPT_APART = frozenset({"be", "good", "bad"})


@lru_cache(maxsize=20_000)
def lemma(word: str) -> str:
    """The dictionary form of one lower-case English word (the word itself where forms are kept apart)."""
    form = simplemma.lemmatize(word, lang="en")
    return word if form in _KEPT_APART else form


def lemma_pattern(pattern: str) -> str:
    """`pattern` with each of its plain whole words in dictionary form."""
    pieces = []
    for piece in _PATTERN_PIECE.finditer(pattern):
        text = piece.group()
        if text.isalpha() and text.islower():
            after = pattern[piece.end() : piece.end() + 1]
            if after not in _NOT_A_WHOLE_WORD_AFTER:
                text = lemma(text)
        pieces.append(text)
    return "".join(pieces)


@lru_cache(maxsize=1024)
def compiled_lemma_pattern(pattern: str) -> CuePattern | None:
    """The lemma form of a cue pattern, compiled (often the pattern itself: `miss(ing)? you`)."""
    lemmatised = lemma_pattern(pattern)
    try:
        return CuePattern(lemmatised)
    except CuePatternError:  # a lemma that breaks the pattern only loses the lemma form
        return None


def negation_check(text: str) -> Callable[[int, str], bool]:
    """`is_negated(text, start, pattern)` for the many matches in one long text.

    The exact look-back runs only where a negation word begins within reach before `start`; one
    scan for the words themselves finds those places (every one of them, and some more).
    """
    places = [m.start() for m in _NEGATION_WORD.finditer(text)]

    def negated(start: int, pattern: str) -> bool:
        first = bisect_left(places, start - _NEGATION_REACH)
        return first < len(places) and places[first] < start and is_negated(text, start, pattern)

    return negated


def is_negated(text: str, start: int, pattern: str) -> bool:
    """Whether the match of `pattern` at `start` in normalised `text` follows a negation."""
    if _STARTS_NEGATED.match(pattern):
        return False
    return _NEGATED.search(text, max(0, start - _NEGATION_REACH), start) is not None
