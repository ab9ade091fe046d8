"""Checks of library options, shared by the entry points (``analyse_area``, ``list_rejects``...).

Each entry point checks its options before it reads anything, so that a bad value is an
:class:`~saferinsight.errors.OptionError` naming the option and what it accepts, never a
``ValueError`` from deep inside a statistic. The option names are the library's parameter
names; every surface shows them its own way (the CLI as its flags).
"""

from __future__ import annotations

import math
from collections.abc import Collection

from saferinsight.errors import Hint, OptionError

__all__ = ["check_alpha", "check_choice", "check_whole_number"]


def check_alpha(alpha: object, *, option: str = "alpha") -> float:
    """A significance level: a number strictly between 0 and 1.

    Examples
    --------
    >>> check_alpha(0.01)
    0.01
    >>> check_alpha(2)
    Traceback (most recent call last):
    ...
    saferinsight.errors.OptionError: alpha must be a number between 0 and 1 (not 0 or 1), \
such as 0.05; got 2.
    """
    number = _number(alpha)
    if number is None or not 0 < number < 1:
        raise OptionError(
            option,
            f"must be a number between 0 and 1 (not 0 or 1), such as 0.05; got {alpha!r}.",
            hint=Hint(
                "retry",
                "Give a significance level between 0 and 1, such as 0.05 (the usual one).",
                options={option: 0.05},
            ),
        )
    return number


def check_whole_number(
    value: object,
    *,
    option: str,
    minimum: int,
    maximum: int | None = None,
    noun: str = "a whole number",
) -> int:
    """A whole number from ``minimum`` to ``maximum`` (both included; no maximum if None).

    ``noun`` says what the number is, for the message ("a whole number of months", "a year").

    Examples
    --------
    >>> check_whole_number(3, option="limit", minimum=0)
    3
    >>> check_whole_number(-1, option="limit", minimum=0, noun="a whole number of rows")
    Traceback (most recent call last):
    ...
    saferinsight.errors.OptionError: limit must be a whole number of rows, 0 or more; got -1.
    """
    allowed = f"{minimum} or more" if maximum is None else f"from {minimum} to {maximum}"
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < minimum
        or (maximum is not None and value > maximum)
    ):
        raise OptionError(
            option,
            f"must be {noun}, {allowed}; got {value!r}.",
            hint=Hint("retry", f"Give {noun}, {allowed}."),
        )
    return value


def check_choice(value: str, *, option: str, choices: Collection[str]) -> str:
    """One of ``choices``.

    Examples
    --------
    >>> check_choice("t-test", option="test_method", choices=("exact-cond", "etest"))
    Traceback (most recent call last):
    ...
    saferinsight.errors.OptionError: test_method 't-test' is not one of exact-cond, etest.
    """
    if value not in choices:
        listed = ", ".join(choices)
        raise OptionError(
            option,
            f"{value!r} is not one of {listed}.",
            hint=Hint("retry", f"Choose one of {listed}."),
        )
    return value


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None
