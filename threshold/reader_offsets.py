"""Offsets through rewrites: a rewritten text remembers where each stretch of it came from.

The reader rewrites a message several times (characters, chat prefixes, words, dictionary forms);
each rewrite keeps an `OffsetMap`, so a match in the last text is carried back, map by map, to the
characters of the message exactly as pasted.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator


class OffsetMap:
    """Where each stretch of a rewritten text came from in the text it was rewritten from."""

    def __init__(self) -> None:
        self.out_starts: list[int] = []
        #: Per stretch: source start, source end, and whether it was copied character for character.
        self.sources: list[tuple[int, int, bool]] = []

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span behind rewritten `start:end`; a rewritten word maps to all of its source."""
        return self.source_spans([(start, end)])[0]

    def source_spans(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """`source_span` of each span, in one loop: a long chat carries thousands back."""
        out_starts, sources, after_last = self.out_starts, self.sources, len(self.out_starts) - 1
        bisect = bisect_right
        found = []
        for start, end in spans:
            first = bisect(out_starts, start) - 1
            source_start, source_end, copied = sources[first]
            if first == after_last or end <= out_starts[first + 1]:  # within one stretch, the common case
                if copied:
                    shift = source_start - out_starts[first]
                    source_start, source_end = start + shift, end + shift
                found.append((source_start, source_end))
                continue
            if copied:
                source_start += start - out_starts[first]
            last = bisect(out_starts, end - 1) - 1
            last_start, source_end, copied = sources[last]
            if copied:
                source_end = last_start + end - out_starts[last]
            found.append((source_start, source_end))
        return found


class Rewriter:
    """Builds a rewritten text stretch by stretch, remembering where each stretch came from."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.map = OffsetMap()
        self.length = 0

    # copy and put run once per stretch, thousands of times on a long chat: each appends in place.

    def copy(self, start: int, end: int) -> None:
        """Copy `source[start:end]` character for character."""
        if start < end:
            self.map.out_starts.append(self.length)
            self.map.sources.append((start, end, True))
            self.parts.append(self.source[start:end])
            self.length += end - start

    def put(self, text: str, start: int, end: int) -> None:
        """Put `text` in place of `source[start:end]`."""
        if text:
            self.map.out_starts.append(self.length)
            self.map.sources.append((start, end, False))
            self.parts.append(text)
            self.length += len(text)

    def result(self) -> tuple[str, OffsetMap]:
        return "".join(self.parts), self.map


def substitute(
    text: str, pattern: re.Pattern, replace: Callable[[re.Match], str], starts: re.Pattern | None = None
) -> tuple[str, OffsetMap]:
    """`pattern.sub(replace, text)` that also returns the map back to `text`.

    `starts`, when given, matches the first character of every match of `pattern` (which must never
    match the empty string): `pattern` is then tried only where `starts` finds one.
    """
    out = Rewriter(text)
    copy, put = out.copy, out.put
    done = 0
    for match in pattern.finditer(text) if starts is None else _matches_at(text, pattern, starts):
        new = replace(match)
        if new != match.group():
            start, end = match.span()
            copy(done, start)
            put(new, start, end)
            done = end
    copy(done, len(text))
    return out.result()


def _matches_at(text: str, pattern: re.Pattern, starts: re.Pattern) -> Iterator[re.Match]:
    """What `pattern.finditer(text)` yields, trying `pattern` only where `starts` matches."""
    position = 0
    while (candidate := starts.search(text, position)) is not None:
        match = pattern.match(text, candidate.start())
        if match is None:
            position = candidate.start() + 1
        else:
            yield match
            position = match.end()
