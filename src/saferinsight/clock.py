"""The one clock of the library: every "now" and "today" comes from a :class:`Clock`.

Library code never reads the wall clock directly; functions that need the time take a ``clock``
argument (defaulting to :data:`SYSTEM`), so that tests and deadline rules can pin it.

Examples
--------
>>> from datetime import datetime
>>> fixed = FixedClock(datetime(2025, 3, 31, 17, 0))
>>> fixed.now(), fixed.today()
(datetime.datetime(2025, 3, 31, 17, 0), datetime.date(2025, 3, 31))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

__all__ = ["SYSTEM", "Clock", "FixedClock", "SystemClock", "utcnow"]


class Clock(Protocol):
    """Where the time comes from. ``now`` is UTC without a time zone, as the stores keep it."""

    def now(self) -> datetime:
        """The current UTC time, naive."""
        ...

    def today(self) -> date:
        """The current date."""
        ...


@dataclass(frozen=True)
class SystemClock:
    """The computer's clock."""

    def now(self) -> datetime:
        """The current UTC time, naive."""
        return datetime.now(UTC).replace(tzinfo=None)

    def today(self) -> date:
        """Today's date in UTC (England and Wales are within an hour of it)."""
        return self.now().date()


@dataclass(frozen=True)
class FixedClock:
    """A clock stopped at one moment (tests, replays, "as at" reports)."""

    at: datetime

    def now(self) -> datetime:
        """The fixed moment."""
        return self.at

    def today(self) -> date:
        """The fixed moment's date."""
        return self.at.date()


SYSTEM: Clock = SystemClock()


def utcnow() -> datetime:
    """The system clock's UTC time, naive (for code that has no clock argument yet)."""
    return SYSTEM.now()
