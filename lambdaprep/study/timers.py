"""Countdowns on the injected clock (:mod:`lambdaprep.study.clock`). No Textual here.

A :class:`Countdown` never runs by itself: whoever displays it asks for
``remaining()`` (the screens tick a few times a second), and the session asks
``expired()`` when it decides what to do next. Tests move a
:class:`~lambdaprep.study.clock.FakeClock` instead of sleeping.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lambdaprep.study.clock import Clock

WARNING_SECONDS = 60.0
"""The last minute of a countdown is shown in the warning colour."""


@dataclass
class Countdown:
    clock: Clock
    seconds: float
    """The total time allowed."""
    _started: float | None = field(default=None, init=False)
    _paused_at: float | None = field(default=None, init=False)
    _paused_total: float = field(default=0.0, init=False)
    _stopped_at: float | None = field(default=None, init=False)

    def start(self) -> Countdown:
        if self._started is None:
            self._started = self.clock.monotonic()
        return self

    @property
    def started(self) -> bool:
        return self._started is not None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def _now(self) -> float:
        if self._stopped_at is not None:
            return self._stopped_at
        if self._paused_at is not None:
            return self._paused_at
        return self.clock.monotonic()

    def elapsed(self) -> float:
        if self._started is None:
            return 0.0
        return max(0.0, self._now() - self._started - self._paused_total)

    def remaining(self) -> float:
        return max(0.0, self.seconds - self.elapsed())

    def expired(self) -> bool:
        return self.started and self.remaining() <= 0

    @property
    def warning_seconds(self) -> float:
        """The last minute; for countdowns under two minutes (a rapid-fire question), the last half."""
        return WARNING_SECONDS if self.seconds >= 2 * WARNING_SECONDS else self.seconds / 2

    def warning(self) -> bool:
        """In the warning window: the screens show it in the warning colour."""
        return self.started and self.remaining() <= self.warning_seconds

    def pause(self) -> None:
        if self._started is not None and self._paused_at is None and self._stopped_at is None:
            self._paused_at = self.clock.monotonic()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_total += self.clock.monotonic() - self._paused_at
            self._paused_at = None

    def stop(self) -> float:
        """Freeze the countdown; returns the seconds used."""
        if self._started is None:
            self.start()
        if self._stopped_at is None:
            self.resume()
            self._stopped_at = self.clock.monotonic()
        return self.elapsed()


def format_clock(seconds: float) -> str:
    """``125`` → ``"2:05"``; ``3725`` → ``"1:02:05"`` (rounded up, so 0:00 means time is up)."""
    import math

    s = max(0, math.ceil(seconds - 1e-9))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"
