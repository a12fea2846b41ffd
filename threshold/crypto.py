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
#: Sealed values carry their format, so a later format can read these. Format 1 authenticates the
#: field's name with each value; format 2 also the row (see threshold/store/sealing.py).
PREFIX = "tl1:"
PREFIX_2 = "tl2:"
FORMATS = {PREFIX: 1, PREFIX_2: 2}
_VERIFIER = b"threshold passphrase verifier"
_VERIFIER_FIELD = {1: "lock.verifier", 2: "lock.verifier:2"}
#: What a lock record may ask of the key derivation: anything beyond is a damaged or tampered record,
#: refused before Scrypt is asked to allocate it.
MIN_SCRYPT_N, MAX_SCRYPT_N, MAX_SCRYPT_R, MAX_SCRYPT_P = 2**10, 2**20, 16, 4
MAX_SCRYPT_BYTES = 1 << 30
MIN_PASSPHRASE_CHARS = 8
#: Letters and symbols that draw nothing, though Unicode does not class them as spaces or formats.
_BLANK_LETTERS = frozenset("\u115f\u1160\u2800\u3164\uffa0")


class WrongKey(ValueError):
    """The passphrase (or key) does not open this lock."""


class DamagedValue(ValueError):
    """A sealed value that fails authentication: changed on disk, or sealed under another key."""


class DamagedLock(ValueError):
    """A lock record that Threshold cannot have written: its key derivation is refused unrun."""


@dataclass(frozen=True)
class LockRecord:
    """What the store keeps about a lock: enough to check a passphrase, nothing to recover it."""

    salt: bytes
    n: int
    r: int
    p: int
    verifier: str

    @property
    def format(self) -> int:
        """The seal format of the rows under this lock: the verifier's own."""
        return FORMATS.get(self.verifier[: len(PREFIX)], 1)


def check_record(record: LockRecord) -> LockRecord:
    """The record if Threshold could have written it, else DamagedLock saying what is wrong."""
    check_cost(record)
    if not isinstance(record.verifier, str) or record.verifier[: len(PREFIX)] not in FORMATS:
        raise DamagedLock("the verifier is not a sealed value")
    return record


def check_cost(record: LockRecord) -> None:
    """DamagedLock unless the key derivation asks for no more than Threshold ever uses."""
    n, r, p = record.n, record.r, record.p
    if not all(type(v) is int for v in (n, r, p)):
        raise DamagedLock("the key derivation's cost is not a whole number")
    if not (MIN_SCRYPT_N <= n <= MAX_SCRYPT_N and n & (n - 1) == 0):
        raise DamagedLock(f"scrypt N = {n} is not a power of two between {MIN_SCRYPT_N} and {MAX_SCRYPT_N}")
    if not (1 <= r <= MAX_SCRYPT_R and 1 <= p <= MAX_SCRYPT_P) or 128 * n * r * p > MAX_SCRYPT_BYTES:
        raise DamagedLock(f"scrypt r = {r}, p = {p} with N = {n} asks for more than Threshold ever uses")
    if not isinstance(record.salt, bytes) or len(record.salt) != SALT_BYTES:
        raise DamagedLock(f"the salt is not {SALT_BYTES} bytes")


def derive_key(passphrase: str, record: LockRecord) -> bytes:
    """The memory-hard derivation of the key from the passphrase and the lock's salt and cost."""
    check_cost(record)
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
    return LockRecord(unverified.salt, unverified.n, unverified.r, unverified.p, verifier_for(key)), key


def verifier_for(key: bytes, seal_format: int = 2) -> str:
    """The known text sealed under the key in this format, with the format bound to it."""
    prefix = PREFIX_2 if seal_format == 2 else PREFIX
    return Sealer(key).seal(_VERIFIER.decode(), _VERIFIER_FIELD[seal_format], prefix=prefix)


def check_key(record: LockRecord, key: bytes) -> bytes:
    """The key if it opens this lock's verifier, else WrongKey."""
    seal_format = record.format
    prefix = PREFIX_2 if seal_format == 2 else PREFIX
    try:
        Sealer(key).open(record.verifier, _VERIFIER_FIELD[seal_format], prefix=prefix)
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

    def seal(self, text: str, field: str, prefix: str = PREFIX) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), field.encode())
        return prefix + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, value: str, field: str, prefix: str = PREFIX) -> str:
        if not value.startswith(prefix):
            raise DamagedValue(f"{field}: not a sealed value")
        try:
            raw = base64.b64decode(value[len(prefix) :], validate=True)
            return self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], field.encode()).decode("utf-8")
        except (InvalidTag, ValueError):
            raise DamagedValue(f"{field}: cannot be decrypted (damaged, or sealed with another key)") from None
