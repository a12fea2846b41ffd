"""Read their message: find the rubric's cues in it, with spans into the text exactly as pasted.

The text is normalised in three passes, each keeping a map back to the text it was given, so a
match in the normalised text can be carried back to characters of the original:

1. characters: drop invisible marks (zero-width, direction overrides), straighten quotes, turn
   emoji into a space or a word, then lower-case (one character for one character);
2. chat: remove the timestamp and name prefixes of a pasted chat thread, one message a line.
   Every speaker is read unless one is chosen: which name is theirs is the user's call, so the
   names found are returned for the user to pick from;
3. words: spell out contractions and chat shorthand, fix a few common misspellings (the list is
   `reader_words.yaml`), cut letters stretched to three or more, and collapse runs of spaces.

Each motive's signal is `1 - exp(-total / SIGNAL_SCALE)` over the weights of the cues found,
negative cues subtracting; a cue counts once, plus a halving share for each repeat, so a long or
repetitive message cannot saturate a signal.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import lru_cache

from pydantic import BaseModel

from threshold.cue_engine import ByteOffsets, CuePattern, PatternSet
from threshold.generalise import compiled_lemma_pattern, is_negated, lemma
from threshold.reader_words import load_reader_words, word_trie
from threshold.rubric import Rubric, compile_cue_pattern

#: Each repeat of the same cue in one message counts this fraction of the one before.
REPEAT_DECAY = 0.5
#: Net cue weight that takes a signal to about 0.63; one strong cue (weight 1.5) reads about 0.53.
SIGNAL_SCALE = 2.0


class Match(BaseModel):
    """One cue found in the message; `start`/`end` index the original text, `text` is that slice."""

    motive: str
    cue: str
    start: int
    end: int
    text: str
    weight: float


class Reading(BaseModel):
    """What the wording of a message hints at, motive by motive, and the evidence for it."""

    #: Motive id to strength, 0 (no sign in the wording) to 1.
    signals: dict[str, float]
    #: Every cue found, in the order it appears in the text.
    matches: list[Match]
    #: Motive ids with a signal above 0, strongest first (ties in rubric order).
    top: list[str]
    #: Questionnaire item ids the positive cues found may help answer, in order of first appearance.
    informs: list[str]
    #: Names of a pasted chat's speakers, as written, in order of first appearance.
    speakers: list[str]
    #: The rubric read with, so a stored reading re-renders as it was.
    rubric_version: str
    rubric_hash: str


#: Strength of a signal in words, from the weakest: (lowest signal, words). One strong cue reads "a hint";
#: "a clearer hint" takes more than one.
HINT_STRENGTHS = ((0.0, "a faint hint"), (0.3, "a hint"), (0.55, "a clearer hint"))


def hint_strength(signal: float) -> str:
    """A signal above 0 in words ("a faint hint" ... "a clearer hint"); wording is never more than a hint."""
    return next(words for lowest, words in reversed(HINT_STRENGTHS) if signal >= lowest)


class UnknownSpeakerError(ValueError):
    """The chosen speaker wrote none of the pasted messages."""


def read_message(rubric: Rubric, text: str, speaker: str | None = None) -> Reading:
    """Read `text` against the rubric's cues; with `speaker`, read only that speaker's chat lines."""
    normal = normalise(text, rubric, speaker)
    found = find_cue_spans(rubric, normal.text)
    totals = dict.fromkeys(rubric.motive_by_id, 0.0)
    matches: list[Match] = []
    informs: dict[str, None] = {}
    for cue in rubric.cues:
        spans = _leftmost_apart(span for pattern in cue.patterns for span in found[pattern])
        if not spans:
            continue
        totals[cue.motive] += cue.weight * (1 - REPEAT_DECAY ** len(spans)) / (1 - REPEAT_DECAY)
        for span in spans:
            start, end = normal.original_span(*span)
            match = Match(motive=cue.motive, cue=cue.id, start=start, end=end, text=text[start:end], weight=cue.weight)
            matches.append(match)
    matches.sort(key=lambda m: (m.start, m.end, m.motive, m.cue))
    for match in matches:
        if match.weight > 0:
            informs.update(dict.fromkeys(rubric.cue_by_id[match.cue].informs))
    signals = {motive: round(1 - math.exp(-max(total, 0.0) / SIGNAL_SCALE), 3) for motive, total in totals.items()}
    top = [m for m in sorted(signals, key=lambda m: -signals[m]) if signals[m] > 0]
    return Reading(
        signals=signals,
        matches=matches,
        top=top,
        informs=list(informs),
        speakers=normal.speakers,
        rubric_version=rubric.version,
        rubric_hash=rubric.content_hash,
    )


def find_cue_spans(rubric: Rubric, text: str) -> dict[str, list[tuple[int, int]]]:
    """Each of the rubric's patterns to the character spans of its whole-word matches in normalised `text`.

    A pattern matches the text as written or in dictionary form ("missed you" meets "miss you"),
    and a match right after a negation ("do not miss you") is left out: see `threshold.generalise`.
    """
    compiled = _compiled_cues(_cue_key(rubric))[0]
    found = _spans_of(compiled, text)
    lemma_patterns, lemma_words = _lemma_patterns(_cue_key(rubric))
    # Only words whose dictionary form a pattern names are rewritten: the rest cannot change a match.
    changed = {w for w in set(_LETTERS.findall(text)) if (form := lemma(w)) != w and form in lemma_words}
    words = re.compile(rf"(?<![a-z]){word_trie(changed)}(?![a-z])") if changed else None
    lemmas, lemma_map = _substitute(text, words, lambda m: lemma(m.group())) if words else (text, None)
    for pattern, spans in _spans_of(lemma_patterns, lemmas).items():
        back = lemma_map.source_span if lemma_map else lambda start, end: (start, end)
        found[pattern] = sorted({*found[pattern], *(back(*span) for span in spans)})
    return {
        pattern: [(start, end) for start, end in spans if not is_negated(text, start, pattern)]
        for pattern, spans in found.items()
    }


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


def _leftmost_apart(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that do not overlap, taking the leftmost (then shortest) first: one cue counts once per place."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


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


# --- Offsets: carrying spans back through each rewrite -------------------------------------------


class _OffsetMap:
    """Where each stretch of a rewritten text came from in the text it was rewritten from."""

    def __init__(self) -> None:
        self.out_starts: list[int] = []
        #: Per stretch: source start, source end, and whether it was copied character for character.
        self.sources: list[tuple[int, int, bool]] = []

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span behind rewritten `start:end`; a rewritten word maps to all of its source."""
        first = bisect_right(self.out_starts, start) - 1
        source_start, _, copied = self.sources[first]
        if copied:
            source_start += start - self.out_starts[first]
        last = bisect_right(self.out_starts, end - 1) - 1
        last_start, source_end, copied = self.sources[last]
        if copied:
            source_end = last_start + end - self.out_starts[last]
        return source_start, source_end


class _Rewriter:
    """Builds a rewritten text stretch by stretch, remembering where each stretch came from."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.map = _OffsetMap()
        self.length = 0

    def copy(self, start: int, end: int) -> None:
        if start < end:
            self._add(self.source[start:end], start, end, copied=True)

    def put(self, text: str, start: int, end: int) -> None:
        if text:
            self._add(text, start, end, copied=False)

    def _add(self, text: str, start: int, end: int, copied: bool) -> None:
        self.map.out_starts.append(self.length)
        self.map.sources.append((start, end, copied))
        self.parts.append(text)
        self.length += len(text)

    def result(self) -> tuple[str, _OffsetMap]:
        return "".join(self.parts), self.map


def _substitute(text: str, pattern: re.Pattern, replace: Callable[[re.Match], str]) -> tuple[str, _OffsetMap]:
    """`pattern.sub(replace, text)` that also returns the map back to `text`."""
    out = _Rewriter(text)
    done = 0
    for match in pattern.finditer(text):
        new = replace(match)
        if new != match.group():
            out.copy(done, match.start())
            out.put(new, match.start(), match.end())
            done = match.end()
    out.copy(done, len(text))
    return out.result()


class NormalisedText:
    """A message normalised for matching, with the way back to the original's offsets."""

    def __init__(self, text: str, maps: list[_OffsetMap], speakers: list[str]) -> None:
        self.text = text
        self._maps = maps
        self.speakers = speakers

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text behind `self.text[start:end]` (non-empty)."""
        for offset_map in reversed(self._maps):
            start, end = offset_map.source_span(start, end)
        return start, end


def normalise(text: str, rubric: Rubric | None = None, speaker: str | None = None) -> NormalisedText:
    """Normalise a message for matching (see the module docstring); the rubric's words guide "sooo" -> "so"."""
    characters, characters_map = _substitute(text, _CHARACTERS, _replace_character)
    characters = characters.lower()  # one for one, now that "İ" (the one exception) is replaced
    chat, chat_map, speakers = _strip_chat(characters, characters_map, text, speaker)
    known = _compiled_cues(_cue_key(rubric))[1] if rubric else frozenset()
    word_list = load_reader_words()
    words, words_map = _substitute(chat, word_list.pattern, lambda m: word_list.normal_word(m.group(), known))
    return NormalisedText(words, [characters_map, chat_map, words_map], speakers)


# --- Pass 1: characters --------------------------------------------------------------------------

_EMOJI = "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff]"
_EMOJI_MODIFIER = "[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\u20e3]"
_CHARACTERS = re.compile(
    rf"(?P<emoji>{_EMOJI}{_EMOJI_MODIFIER}*(?:\u200d{_EMOJI}{_EMOJI_MODIFIER}*)*|<3+)"
    # Soft hyphen, zero-width and joiner characters, direction marks and overrides, BOM.
    r"|(?P<invisible>[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufe0e\ufe0f]+)"
    r"|(?P<quote>[‘’‚‛′ʼ`´“”„‟″«»])"
    r"|(?P<dotted>\u0130)"
)
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


# --- Pass 2: pasted chat threads -----------------------------------------------------------------

_SPACE = r"[^\S\n]"
_TIME = rf"\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?(?:{_SPACE}?[ap]\.?{_SPACE}?m\.?)?"
_STAMP = rf"(?:\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}},?{_SPACE}{{1,2}})?{_TIME}"
_NAME = r"(?P<name>[^\s:,\[\]()][^:,\[\]()\n]{0,39}?)"
#: Line prefixes of copied or exported chats; every quantifier is bounded, so no line can be slow.
_CHAT_PREFIXES = [
    # [21/11/2026, 23:14:05] Sam: hey  (WhatsApp on iOS; the name is absent on system lines)
    re.compile(rf"{_SPACE}{{0,3}}\[{_STAMP}\]{_SPACE}{{0,3}}(?:{_NAME}:(?:{_SPACE}|$))?"),
    # 21/11/2026, 23:14 - Sam: hey  and  11:14 PM - Sam: hey  (WhatsApp on Android, others)
    re.compile(rf"{_SPACE}{{0,3}}{_STAMP}{_SPACE}{{0,3}}[-–—]{_SPACE}{{0,3}}(?:{_NAME}:(?:{_SPACE}|$))?"),
    # Sam, 11:14 PM: hey  and  Sam (11:14 PM): hey
    re.compile(rf"{_SPACE}{{0,3}}{_NAME},?{_SPACE}{{0,3}}[(\[]?{_STAMP}[)\]]?:(?:{_SPACE}|$)"),
    # Sam, [21.11.26 23:14]  on a line of its own, the message on the lines below (Telegram)
    re.compile(rf"{_SPACE}{{0,3}}{_NAME},?{_SPACE}{{0,3}}\[{_STAMP}\]{_SPACE}{{0,3}}$"),
]
_DAY = (
    r"(?:today|yesterday|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs?|rsday)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)"
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
#: A line that is only a date, a time or a delivery note, as phones insert between messages.
_STAMP_LINE = re.compile(
    rf"{_SPACE}{{0,3}}(?:(?:delivered|read|seen|sent|edited){_SPACE}{{0,3}})?"
    rf"(?:{_DAY},?{_SPACE}{{0,3}})?"
    rf"(?:(?:\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}|{_MONTH}{_SPACE}\d{{1,2}}|\d{{1,2}}{_SPACE}{_MONTH})"
    rf"(?:,?{_SPACE}\d{{4}})?,?{_SPACE}{{0,3}})?"
    rf"(?:at{_SPACE}{{1,3}})?(?:{_TIME})?{_SPACE}{{0,3}}"
)
_LINE = re.compile(r"[^\n]+")
_LONGEST_STAMP_LINE = 60


def _strip_chat(
    text: str, characters_map: _OffsetMap, original: str, speaker: str | None
) -> tuple[str, _OffsetMap, list[str]]:
    """One message a line, without chat prefixes; lines with no prefix continue the message above.

    Text that is not a chat is one message from no named speaker: its lines are joined by spaces.
    """
    messages: list[tuple[str | None, list[tuple[int, int]]]] = [(None, [])]
    for line in _LINE.finditer(text):
        start, end = line.span()
        if len(line.group()) <= _LONGEST_STAMP_LINE and _STAMP_LINE.fullmatch(line.group()):
            continue
        prefix = next((m for p in _CHAT_PREFIXES if (m := p.match(text, start, end))), None)
        if prefix is not None:
            name = None
            if prefix.group("name") is not None:
                name_start, name_end = characters_map.source_span(*prefix.span("name"))
                name = original[name_start:name_end].strip()
            messages.append((name, []))
            start = prefix.end()
        if start < end:
            messages[-1][1].append((start, end))

    speakers = list(dict.fromkeys(name for name, _ in messages if name))
    if speaker is not None:
        wanted = speaker.strip().casefold()
        if wanted not in {s.casefold() for s in speakers}:
            raise UnknownSpeakerError(f"no messages from {speaker!r}; speakers: {', '.join(speakers) or 'none'}")
        messages = [(name, lines) for name, lines in messages if name and name.casefold() == wanted]

    out = _Rewriter(text)
    previous_end: int | None = None
    for _, lines in messages:
        for number, (start, end) in enumerate(lines):
            if previous_end is not None:
                # The separator stands for everything skipped: a line break, a prefix, another speaker.
                out.put(" " if number else "\n", previous_end, start)
            out.copy(start, end)
            previous_end = end
    rewritten, chat_map = out.result()
    return rewritten, chat_map, speakers


# --- Pass 3: words: see threshold/reader_words.py and reader_words.yaml ---------------------------
