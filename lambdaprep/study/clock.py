"""Time for the study engine, injected so tests never sleep.

Everything in :mod:`lambdaprep.study` asks a :class:`Clock` for "now" (an aware
UTC datetime) and for the local time zone that decides when a study day starts.
The store keeps times as integer epoch milliseconds (:func:`to_ms`/:func:`from_ms`).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Protocol

UTC = dt.timezone.utc


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current time, timezone-aware, in UTC."""
        ...

    @property
    def tz(self) -> dt.tzinfo | None:
        """The local time zone (None: the system's, DST included)."""
        ...

    def monotonic(self) -> float:
        """Seconds on a monotonic clock (for elapsed times)."""
        ...


class SystemClock:
    """The real clock and the system's local time zone."""

    tz: dt.tzinfo | None = None

    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


@dataclass
class FakeClock:
    """A clock for tests: starts at ``start`` and moves only with :meth:`advance`."""

    start: dt.datetime = field(default_factory=lambda: dt.datetime(2026, 1, 5, 12, 0, tzinfo=UTC))
    tz: dt.tzinfo | None = UTC
    _offset: float = 0.0

    def now(self) -> dt.datetime:
        return (self.start + dt.timedelta(seconds=self._offset)).astimezone(UTC)

    def monotonic(self) -> float:
        return self._offset

    def advance(self, seconds: float = 0, *, minutes: float = 0, hours: float = 0, days: float = 0) -> None:
        self._offset += seconds + 60 * minutes + 3600 * hours + 86400 * days

    def set(self, when: dt.datetime) -> None:
        self._offset = (when - self.start).total_seconds()


def to_ms(when: dt.datetime) -> int:
    return int(round(when.timestamp() * 1000))


def from_ms(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, UTC)


def _local(when: dt.datetime, tz: dt.tzinfo | None) -> dt.datetime:
    return when.astimezone(tz) if tz is not None else when.astimezone()


def _at(day: dt.date, hour: int, tz: dt.tzinfo | None) -> dt.datetime:
    naive = dt.datetime(day.year, day.month, day.day, hour)
    aware = naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()
    return aware.astimezone(UTC)


def study_day(when: dt.datetime, tz: dt.tzinfo | None, day_start_hour: int) -> dt.date:
    """The study day ``when`` belongs to (a day runs from ``day_start_hour`` local to the next)."""
    return (_local(when, tz) - dt.timedelta(hours=day_start_hour)).date()


def day_bounds(day: dt.date, tz: dt.tzinfo | None, day_start_hour: int) -> tuple[dt.datetime, dt.datetime]:
    """UTC start and end of study day ``day``."""
    return _at(day, day_start_hour, tz), _at(day + dt.timedelta(days=1), day_start_hour, tz)


def today_bounds(clock: Clock, day_start_hour: int) -> tuple[int, int]:
    """Start and end (epoch ms) of the current study day."""
    day = study_day(clock.now(), clock.tz, day_start_hour)
    start, end = day_bounds(day, clock.tz, day_start_hour)
    return to_ms(start), to_ms(end)
