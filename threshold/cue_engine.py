"""The one seam to the regular-expression engine that matches cue patterns: RE2, linear in the text.

A rubric can arrive inside an import, so its patterns are untrusted. Python's `re` backtracks, and
a pattern such as `((ab)*)*c` can hold it (and, in C, the GIL with it) for minutes on one line.
RE2 never backtracks: a compiled pattern is a bounded program, and matching costs at most the
text's length times that program's size, with the GIL released while it runs. So every cue pattern
is translated to RE2's syntax, compiled by RE2, and refused when RE2 cannot compile it (lookarounds
other than the two line idioms below, backreferences) or when its program is too large to bound.

Patterns are written as before, in Python's syntax, and match the lower-cased, normalised text:

- letters outside escapes are lower-cased; `\\w` means a letter or digit of any script (see `WORD`);
- a match starts and ends on a word edge: the character before it and the character after it are
  not letters or digits (so "miss you" never matches inside "miss yourself");
- `^` and `$` mark the start and end of a line, that is, of one message in a pasted chat. The
  idioms `(?<![^\\n])` and `(?![^\\n])`, which older rubrics used for the same, are read as them.
"""

from __future__ import annotations

import re

import re2

#: What is not part of a word: ASCII other than letters, digits and "_", and the common blocks of
#: punctuation, spaces and symbols beyond it (Latin-1 signs, General Punctuation to Miscellaneous
#: Symbols and Arrows, CJK and full-width punctuation, emoji). Every other character is a letter or
#: digit of some script. RE2's `\pL` would say it more exactly, at 25 times the program size.
NOT_WORD = (
    r"\x00-/:-@\[-\^\x60{-\x7f\x{a0}-\x{bf}\x{d7}\x{f7}\x{2000}-\x{2bff}\x{3000}-\x{303f}"
    r"\x{fe10}-\x{fe6f}\x{ff01}-\x{ff0f}\x{ff1a}-\x{ff20}\x{ff3b}-\x{ff40}\x{ff5b}-\x{ff65}"
    r"\x{fff0}-\x{ffff}\x{1f000}-\x{1faff}"
)
WORD = f"[^{NOT_WORD}]"
#: RE2 program size above which a pattern is refused: matching costs at most this many steps per byte.
MAX_PROGRAM_SIZE = 5_000
#: Text with a few kinds of boundary, to catch patterns that match without consuming anything.
_EMPTY_PROBE = "a b, c. 1?! 'x' \"y\"\n"
#: Lookarounds that older rubrics used to anchor a pattern to a line, and what they mean in RE2.
_LINE_IDIOMS = {"(?<![^\\n])": "^", "(?![^\\n])": "$"}
_LOOKAROUND = re.compile(r"\(\?<?[=!]")


class CuePatternError(ValueError):
    """A cue pattern the engine refuses; the message says why in a facilitator's words."""


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # a refused pattern is reported by the rubric check, not on stderr
    return options


def translate(pattern: str) -> str:
    """A cue pattern (Python syntax) in RE2 syntax, lower-cased outside escapes; refuses what RE2 lacks."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        idiom = next((i for i in _LINE_IDIOMS if not in_class and pattern.startswith(i, index)), None)
        if idiom:
            out.append(_LINE_IDIOMS[idiom])
            index += len(idiom)
            continue
        if not in_class and _LOOKAROUND.match(pattern, index):
            raise CuePatternError(
                "lookahead and lookbehind, such as (?=...) or (?<!...), are not supported; a pattern already "
                "starts and ends on a word edge, and ^ and $ mark the start and end of a line"
            )
        if char == "\\":
            escape = pattern[index : index + 2]
            out.append(_escape(escape, in_class))
            index += 2
            if escape in ("\\p", "\\P") and pattern.startswith("{", index):
                close = pattern.find("}", index)
                end = len(pattern) if close < 0 else close + 1
                out.append(pattern[index:end])  # a Unicode class name keeps its case: \p{Greek}
                index = end
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            index += 1
            # A "]" right after "[" or "[^" is a literal, not the end of the class.
            for opener in ("^", "]"):
                if pattern.startswith(opener, index):
                    out.append(opener)
                    index += 1
            continue
        if char == "]" and in_class:
            in_class = False
        out.append(char.lower())
        index += 1
    return "".join(out)


def _escape(escape: str, in_class: bool) -> str:
    if in_class and escape in ("\\w", "\\W"):
        raise CuePatternError("\\w and \\W inside [...] are not supported; use them outside, or name the characters")
    if escape == "\\w":
        return WORD
    if escape == "\\W":
        return f"[{NOT_WORD}]"
    if escape in ("\\b", "\\B"):
        raise CuePatternError("\\b and \\B are not needed: a pattern always starts and ends on a word edge")
    if escape == "\\Z":
        return "\\z"
    if len(escape) == 2 and escape[1].isdigit() and escape[1] != "0":
        raise CuePatternError("backreferences such as \\1 are not supported")
    return escape


class CuePattern:
    """One cue pattern compiled by RE2, finding whole-word spans in normalised text encoded as UTF-8."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.core = translate(pattern)
        try:
            re2.compile(self.core, _options())  # so an error quotes the pattern, not the wrapper
            core = re2.compile(f"(?m){self.core}", _options())
            # Group 1 is the pattern itself; the edges on either side are consumed but not reported.
            self.wrapped = f"(?m)(?:\\A|[{NOT_WORD}])({self.core})(?:[{NOT_WORD}]|\\z)"
            self._regex = re2.compile(self.wrapped, _options())
        except re2.error as exc:
            raise CuePatternError(f"bad pattern: {_reason(exc)}") from None
        if self._regex.programsize > MAX_PROGRAM_SIZE:
            raise CuePatternError(
                f"the pattern is too large to match quickly (size {self._regex.programsize}, "
                f"at most {MAX_PROGRAM_SIZE}); split it into smaller patterns"
            )
        if core.search("") is not None or any(m.start() == m.end() for m in core.finditer(_EMPTY_PROBE)):
            raise CuePatternError("the pattern matches the empty string, so it would match everywhere")
        # The compiled program's own Match(anchor, bytes, pos, endpos), which returns each group's byte
        # span: the module's search() wraps it in a generator and a match object, which took longer
        # than the matching on a long chat.
        self._spans_from = self._regex._regexp.Match

    def spans(self, data: bytes) -> list[tuple[int, int]]:
        """Byte spans of every whole-word match in `data` (UTF-8), leftmost first, none overlapping."""
        found: list[tuple[int, int]] = []
        position, size = 0, len(data)
        spans_from, unanchored = self._spans_from, re2._Anchor.UNANCHORED
        while position <= size:
            spans = spans_from(unanchored, data, position, size)
            if spans[0][0] < 0:  # no match
                break
            start, end = spans[1]
            found.append((start, end))
            # The character after a match may be the edge in front of the next one, so resume on it.
            position = end if end > position else _next_character(data, position)
        return found

    def search(self, text: str) -> bool:
        """Whether the pattern matches anywhere in `text`, as the reader would find it."""
        return bool(self.spans(text.encode("utf-8")))


class PatternSet:
    """Many cue patterns in one RE2 set: one pass over a text says which of them match anywhere in it.

    Running only those keeps a long chat fast. If RE2 cannot build or run the set, `matching` names
    every pattern, so a failure costs time, never a match.
    """

    #: Memory for the set's automaton; far above what a rubric's few hundred patterns need.
    MAX_MEMORY = 256 << 20

    def __init__(self, patterns: dict[str, CuePattern]) -> None:
        self.keys = list(patterns)
        options = _options()
        options.max_mem = self.MAX_MEMORY
        try:
            self._set = re2.Set.SearchSet(options)
            for pattern in patterns.values():
                self._set.Add(pattern.wrapped)
            self._set.Compile()
        except re2.error:
            self._set = None

    def matching(self, data: bytes) -> list[str]:
        """The keys of the patterns that match somewhere in `data` (all of them if the set could not tell)."""
        if self._set is None:
            return self.keys
        return [self.keys[index] for index in sorted(self._set.Match(data) or ())]


def _next_character(data: bytes, position: int) -> int:
    position += 1
    while position < len(data) and data[position] & 0xC0 == 0x80:
        position += 1
    return position


def _reason(exc: re2.error) -> str:
    message = exc.args[0] if exc.args else str(exc)
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)


class ByteOffsets:
    """Carries byte offsets into a UTF-8 encoding of `text` back to character offsets, in one pass."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8", "surrogatepass")  # a lone surrogate stays one character
        self._ascii = len(self.data) == len(text)

    def characters(self, offsets: list[int]) -> dict[int, int]:
        """Each byte offset (at a character boundary) to its character offset."""
        if self._ascii:
            return {offset: offset for offset in offsets}
        result: dict[int, int] = {}
        previous_byte = previous_char = 0
        for offset in sorted(set(offsets)):
            previous_char += len(self.data[previous_byte:offset].decode("utf-8", "surrogatepass"))
            previous_byte = offset
            result[offset] = previous_char
        return result
