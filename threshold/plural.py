"""Counts in words: "1 file", "2 files", never "file(s)"."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """The count and the word that agrees with it; the plural is `singular + "s"` unless given."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"
