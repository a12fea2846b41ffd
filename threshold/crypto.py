"""Encryption at rest for the passphrase lock: Scrypt to derive a key, AES-GCM to seal each value.

There is no recovery by design: the passphrase is never stored, only a random salt and a
verifier (a known text sealed with the key), so a wrong passphrase is recognised without
touching any data, and a forgotten one leaves the data unreadable.
"""

from __future__ import annotations

import base64
import os
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

#: Scrypt's cost: 2**17 × 8 × 128 bytes = 128 MiB of memory and about 0.4 s per unlock, so every
#: guess at a stolen file costs as much (OWASP's recommended minimum for scrypt).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
KEY_BYTES, SALT_BYTES, NONCE_BYTES = 32, 16, 12
#: Sealed values carry their format, so a later format can read these.
PREFIX = "tl1:"
_VERIFIER = b"threshold passphrase verifier"
MIN_PASSPHRASE_CHARS = 8
#: Letters and symbols that draw nothing, though Unicode does not class them as spaces or formats.
_BLANK_LETTERS = frozenset("\u115f\u1160\u2800\u3164\uffa0")


class WrongKey(ValueError):
    """The passphrase (or key) does not open this lock."""


class DamagedValue(ValueError):
    """A sealed value that fails authentication: changed on disk, or sealed under another key."""


@dataclass(frozen=True)
class LockRecord:
    """What the store keeps about a lock: enough to check a passphrase, nothing to recover it."""

    salt: bytes
    n: int
    r: int
    p: int
    verifier: str


def derive_key(passphrase: str, record: LockRecord) -> bytes:
    """The memory-hard derivation of the key from the passphrase and the lock's salt and cost."""
    kdf = Scrypt(salt=record.salt, length=KEY_BYTES, n=record.n, r=record.r, p=record.p)
    return kdf.derive(passphrase.encode("utf-8"))


def passphrase_problem(passphrase: str) -> str | None:
    """What makes this passphrase too weak to lock with, or None: the one check for the app and the CLI.

    Only visible characters count: spaces, zero-width and direction marks are easy to type by mistake
    and all look alike, and one character repeated is guessed at once.
    """
    visible = [c for c in passphrase if not _is_invisible(c)]
    if not visible:
        return "a passphrase cannot be only spaces or invisible characters"
    if len(set(visible)) == 1:
        return "a passphrase cannot be one character repeated"
    if len(visible) < MIN_PASSPHRASE_CHARS:
        return f"a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters, not counting spaces or invisible ones"
    return None


def _is_invisible(char: str) -> bool:
    # Separators (Z*), controls, formats such as zero-width and direction marks, unassigned (C*).
    return unicodedata.category(char)[0] in "ZC" or char.isspace() or char in _BLANK_LETTERS


def new_lock(passphrase: str) -> tuple[LockRecord, bytes]:
    """A fresh lock (new salt) for this passphrase, and its key; ValueError naming a weak passphrase."""
    if problem := passphrase_problem(passphrase):
        raise ValueError(problem)
    unverified = LockRecord(os.urandom(SALT_BYTES), SCRYPT_N, SCRYPT_R, SCRYPT_P, verifier="")
    key = derive_key(passphrase, unverified)
    verifier = Sealer(key).seal(_VERIFIER.decode(), "lock.verifier")
    return LockRecord(unverified.salt, unverified.n, unverified.r, unverified.p, verifier), key


def check_key(record: LockRecord, key: bytes) -> bytes:
    """The key if it opens this lock's verifier, else WrongKey."""
    try:
        Sealer(key).open(record.verifier, "lock.verifier")
    except (DamagedValue, ValueError):
        raise WrongKey("that passphrase does not open this history") from None
    return key


def key_for(record: LockRecord, passphrase: str) -> bytes:
    """Derive the key for this passphrase and check it against the lock; WrongKey if it fails."""
    return check_key(record, derive_key(passphrase, record))


class Sealer:
    """Seals text with AES-GCM under one key; each value gets its own random nonce.

    The field name is authenticated with each value, so a sealed note cannot be passed off as a name.
    """

    sealed = True

    def __init__(self, key: bytes):
        self._aead = AESGCM(key)

    def seal(self, text: str, field: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), field.encode())
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, value: str, field: str) -> str:
        if not value.startswith(PREFIX):
            raise DamagedValue(f"{field}: not a sealed value")
        try:
            raw = base64.b64decode(value[len(PREFIX) :], validate=True)
            return self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], field.encode()).decode("utf-8")
        except (InvalidTag, ValueError):
            raise DamagedValue(f"{field}: cannot be decrypted (damaged, or sealed with another key)") from None
