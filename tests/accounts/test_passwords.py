"""The production password hashes: argon2id with RFC 9106's second recommended parameters.

The suite hashes with cheap parameters (``tests/conftest.py``); this checks what ships."""

from __future__ import annotations

import pytest
from argon2 import Type, extract_parameters

from saferinsight.accounts import passwords
from tests.conftest import SHIPPED_HASHER


def test_production_hashes_are_argon2id_with_64_mib_and_three_passes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(passwords, "_HASHER", SHIPPED_HASHER[0])
    stored = passwords.hash_password("correct horse battery staple")
    parameters = extract_parameters(stored)
    assert parameters.type is Type.ID
    assert (parameters.time_cost, parameters.memory_cost, parameters.parallelism) == (3, 65536, 4)
    assert passwords.check_password(stored, "correct horse battery staple")
    assert not passwords.needs_rehash(stored)


def test_the_suite_hashes_cheaply() -> None:
    cheap = extract_parameters(passwords.hash_password("correct horse battery staple"))
    assert cheap.memory_cost < 65536
