"""Offsets through rewrites: a rewritten text remembers where each stretch of it came from.

The reader rewrites a message several times (characters, chat prefixes, words, dictionary forms);
each rewrite keeps an `OffsetMap`, so a match in the last text is carried back, map by map, to the
characters of the message exactly as pasted.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable


class OffsetMap:
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


class Rewriter:
    """Builds a rewritten text stretch by stretch, remembering where each stretch came from."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.map = OffsetMap()
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

    def result(self) -> tuple[str, OffsetMap]:
        return "".join(self.parts), self.map


def substitute(text: str, pattern: re.Pattern, replace: Callable[[re.Match], str]) -> tuple[str, OffsetMap]:
    """`pattern.sub(replace, text)` that also returns the map back to `text`."""
    out = Rewriter(text)
    done = 0
    for match in pattern.finditer(text):
        new = replace(match)
        if new != match.group():
            out.copy(done, match.start())
            out.put(new, match.start(), match.end())
            done = match.end()
    out.copy(done, len(text))
    return out.result()
