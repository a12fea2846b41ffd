"""Find the rubric's cue patterns in a normalised message: as written, in dictionary form, not negated.

Patterns are compiled once per rubric (see `threshold.cue_engine`, the one seam to RE2); one pass of
a set of all of them says which match anywhere, and only those are run.
"""

from __future__ import annotations

import re
from functools import lru_cache

from threshold.cue_engine import ByteOffsets, CuePattern, PatternSet
from threshold.generalise import compiled_lemma_pattern, lemma, negation_check
from threshold.reader_offsets import substitute
from threshold.reader_words import word_trie
from threshold.rubric import Rubric, compile_cue_pattern


def find_cue_spans(rubric: Rubric, text: str) -> dict[str, list[tuple[int, int]]]:
    """Each of the rubric's patterns to the character spans of its whole-word matches in normalised `text`.

    A pattern matches the text as written or in dictionary form ("missed you" meets "miss you"),
    and a match right after a negation ("do not miss you") is left out: see `threshold.generalise`.
    """
    compiled = _compiled_cues(_cue_key(rubric))[0]
    found = _spans_of(compiled, text)
    lemma_patterns, lemma_words = _lemma_patterns(_cue_key(rubric))
    # Only words whose dictionary form a pattern names are rewritten: the rest cannot change a match.
    forms = {w: form for w in set(_LETTERS.findall(text)) if (form := lemma(w)) != w and form in lemma_words}
    words = re.compile(rf"(?<![a-z]){word_trie(forms)}(?![a-z])") if forms else None
    lemmas, lemma_map = substitute(text, words, lambda m: forms[m.group()]) if words else (text, None)
    for pattern, spans in _spans_of(lemma_patterns, lemmas).items():
        found[pattern] = sorted({*found[pattern], *(lemma_map.source_spans(spans) if lemma_map else spans)})
    negated = negation_check(text)
    return {pattern: [span for span in spans if not negated(span[0], pattern)] for pattern, spans in found.items()}


def _spans_of(compiled: dict[str, CuePattern], text: str) -> dict[str, list[tuple[int, int]]]:
    """Each pattern's character spans in `text`; RE2 works in UTF-8 bytes, carried back in one pass."""
    haystack = ByteOffsets(text)
    # A pattern shared by several cues (an argument for one motive and against another) is run once,
    # and only if the set of all of them says it matches somewhere.
    in_bytes: dict[str, list[tuple[int, int]]] = {key: [] for key in compiled}
    for pattern in _pattern_set(tuple(compiled.items())).matching(haystack.data):
        in_bytes[pattern] = compiled[pattern].spans(haystack.data)
    offsets = haystack.characters([offset for spans in in_bytes.values() for span in spans for offset in span])
    return {pattern: [(offsets[s], offsets[e]) for s, e in spans] for pattern, spans in in_bytes.items()}


def cue_words(rubric: Rubric) -> frozenset[str]:
    """The words the rubric's cue patterns use, so normalising can cut "sooo" back to "so"."""
    return _compiled_cues(_cue_key(rubric))[1]


@lru_cache(maxsize=8)
def _lemma_patterns(key: tuple[tuple[str, ...], ...]) -> tuple[dict[str, CuePattern], frozenset[str]]:
    """Each pattern's lemma form, compiled, and the plain words those forms use."""
    patterns = {p: c for cue_patterns in key for p in cue_patterns if (c := compiled_lemma_pattern(p))}
    words = {w for c in patterns.values() for w in _LETTERS.findall(_ESCAPE.sub(" ", c.pattern))}
    return patterns, frozenset(words)


@lru_cache(maxsize=16)
def _pattern_set(patterns: tuple[tuple[str, CuePattern], ...]) -> PatternSet:
    return PatternSet(dict(patterns))


def _cue_key(rubric: Rubric) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(cue.patterns) for cue in rubric.cues)


@lru_cache(maxsize=8)
def _compiled_cues(key: tuple[tuple[str, ...], ...]) -> tuple[dict[str, CuePattern], frozenset[str]]:
    """Every cue pattern compiled, and the words they use (so "sooo" can be cut back to "so")."""
    patterns = {p: compile_cue_pattern(p) for cue_patterns in key for p in cue_patterns}
    words = {w for pattern in patterns for w in _LETTERS.findall(_ESCAPE.sub(" ", pattern.lower())) if len(w) > 1}
    return patterns, frozenset(words)


_ESCAPE = re.compile(r"\\.")
_LETTERS = re.compile(r"[a-z]+")
