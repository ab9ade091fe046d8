"""Passwords: argon2id hashes (argon2-cffi's defaults, RFC 9106's second recommended option),
the length and content rules of OWASP ASVS 4.0 §2.1, and temporary passwords.

Examples
--------
>>> stored = hash_password("correct horse battery staple")
>>> stored.startswith("$argon2id$"), check_password(stored, "correct horse battery staple")
(True, True)
>>> check_password(stored, "wrong")
False
>>> password_problems("password1234", username="ann")
['it is one of the most common passwords']
>>> password_problems("ann-is-great-2025", username="ann")
['it contains the user name']
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

__all__ = [
    "MAX_LENGTH",
    "MIN_LENGTH",
    "check_password",
    "hash_password",
    "needs_rehash",
    "password_problems",
    "temporary_password",
]

#: ASVS 2.1.1 and 2.1.2: at least 12 characters, and at least 64 (here 128) allowed.
MIN_LENGTH, MAX_LENGTH = 12, 128
_HASHER = PasswordHasher()
#: The commonest passwords of at least 12 characters in public breach lists (ASVS 2.1.7 asks
#: for a check against breached passwords; a full list is not shipped, these catch the worst).
_COMMON = frozenset(
    ["password1234", "123456789012", "qwertyuiopas", "password1234!", "1234567890ab",
     "passwordpassword", "iloveyou1234", "welcome12345", "qwerty123456", "administrator",
     "letmein12345", "changeme1234", "password123456", "abc123456789", "111111111111",
     "000000000000", "safeguarding", "shropshire12", "partnership1"]
)  # fmt: skip


def hash_password(password: str) -> str:
    """The argon2id hash to store."""
    return _HASHER.hash(password)


def check_password(stored: str, password: str) -> bool:
    """Whether ``password`` matches the stored hash (a damaged hash matches nothing)."""
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether the hash was made with weaker parameters than today's (rehash at sign-in)."""
    return _HASHER.check_needs_rehash(stored)


def password_problems(password: str, *, username: str) -> list[str]:
    """What is wrong with a new password, in words (none: an empty list)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"it has fewer than {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        problems.append(f"it has more than {MAX_LENGTH} characters")
    if password.lower() in _COMMON:
        problems.append("it is one of the most common passwords")
    if username and username.lower() in password.lower():
        problems.append("it contains the user name")
    return problems


def temporary_password() -> str:
    """A random password to give a new user, who must change it at the first sign-in."""
    return secrets.token_urlsafe(15)
