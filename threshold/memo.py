"""Values derived from a rubric, computed once per rubric object and dropped with it.

A `Rubric` is frozen, so anything computed from it alone (which items a situation asks, the scoring
plan) stays true for that object's life. Keyed by identity, not by content: a copy made with
`model_copy(update=...)` is another object and gets its own values.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_memos: dict[int, dict] = {}


def derived(owner: object, name: str, build: Callable[[], T]) -> T:
    """`build()` for `owner` under `name`, computed on first use; the memo goes when `owner` does."""
    memo = _memos.get(id(owner))
    if memo is None:
        memo = _memos[id(owner)] = {}
        # Runs as the owner is collected, before its id can be reused by another object.
        weakref.finalize(owner, _memos.pop, id(owner), None)
    try:
        return memo[name]
    except KeyError:
        value = memo[name] = build()
        return value
