"""Characters that hide or reorder text, and one way to show them: as their code point.

Someone's own text (a name, their message) may hold a direction override that makes the rest of
a line read backwards, or zero-width characters that make two names look alike. The app and the
command line both show each such character as its code, such as `U+202E`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Soft hyphen, Arabic letter mark, zero-width space, direction marks, embeddings, overrides and
# isolates, invisible operators, BOM; and control characters other than tab and line breaks.
# The zero-width joiners stay: emoji and several scripts need them, and they cannot reorder text.
INVISIBLE = re.compile(
    "[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def mark_invisible(text: str, mark: Callable[[str], str] = lambda code: f"<{code}>") -> str:
    """`text` with each hiding or reordering character replaced by `mark` of its code (`U+202E`)."""
    return INVISIBLE.sub(lambda found: mark(code_point(found.group())), text)
