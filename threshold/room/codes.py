"""Join codes: short, read aloud or typed on a phone without mix-ups, drawn with `secrets`."""

from __future__ import annotations

import secrets

#: No 0/O, 1/I/L: nothing that reads as something else on a projector or a phone keyboard.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#: 31**6 is about 887 million codes, so guessing one of a few open rooms is hopeless under the rate limit.
CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str | None:
    """A code as typed ("abc 234", "ABC-234") in its stored form, or None if it cannot be one."""
    code = "".join(ch for ch in text.upper() if ch not in " -\t")
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code
