"""Scheduling for an interview date: the caps, in study days. Plain Python (no pydantic).

With an interview on study day ``I``, a final window of ``w`` days and a buffer of ``b`` days:

- every card is introduced by day ``I - b``; the daily new-card count is at least what that
  needs (up to a ceiling), see :meth:`Deadline.new_per_day`;
- no review is scheduled after the interview and every card you know comes up in the window
  ``I - w … I - 1``: a review on day ``t < I`` whose FSRS due day is ``I`` or later is moved to a
  day of the window (spread by a stable hash of the card), or to the start of day ``I`` when the
  card was already reviewed inside the window (:meth:`Deadline.cap_day`); a due date that falls
  inside the window moves to the start of its day, so a morning session does not miss it;
- in the final window the daily review limit does not apply, so every card due comes up;
- from day ``I`` on nothing is capped: plain FSRS resumes.

The drill (through :class:`lambdaprep.study.scheduler.Scheduler`), ``lambdaprep due`` and the
plan's simulation all use these functions, so they agree.
"""

from __future__ import annotations

import datetime as dt
import math
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lambdaprep.store import Store

__all__ = ["Deadline", "card_salt", "new_limit", "unseen_count"]


NO_LIMIT = 99_999
"""The review limit in the final window (the largest reviews_per_day allowed)."""


def card_salt(key: str) -> int:
    """A stable number for spreading a card over the window's days."""
    return zlib.crc32(key.encode())


@dataclass(frozen=True, slots=True)
class Deadline:
    day: dt.date
    """The interview's study day."""
    buffer_days: int = 3
    window_days: int = 3
    max_new_per_day: int = 60

    @property
    def introduce_by(self) -> dt.date:
        """The last day on which new cards are introduced."""
        return self.day - dt.timedelta(days=self.buffer_days)

    @property
    def window_start(self) -> dt.date:
        return self.day - dt.timedelta(days=self.window_days)

    def active(self, today: dt.date) -> bool:
        """True before the interview day (the caps apply); from the day on, plain FSRS."""
        return today < self.day

    def days_to_introduce(self, today: dt.date) -> int:
        """Study days left for new cards, today included (0 once the buffer has begun)."""
        return max(0, (self.introduce_by - today).days + 1)

    def needed_per_day(self, unseen: int, today: dt.date) -> int:
        """New cards a day so that ``unseen`` cards (as of the start of today) are all introduced in time."""
        if unseen <= 0 or not self.active(today):
            return 0
        days = self.days_to_introduce(today)
        return unseen if days <= 0 else math.ceil(unseen / days)

    def new_per_day(self, base: int, unseen: int, today: dt.date) -> int:
        """Today's new-card limit: the setting, raised to what the plan needs up to the ceiling."""
        if not self.active(today):
            return base
        return max(base, min(self.needed_per_day(unseen, today), self.max_new_per_day))

    def in_window(self, today: dt.date) -> bool:
        return self.window_start <= today < self.day

    def review_limit(self, base: int, today: dt.date) -> int:
        """Today's review limit: in the final window every card due comes up (no daily limit)."""
        return max(base, NO_LIMIT) if self.in_window(today) else base

    def cap_ordinal(self, review: int, due: int, salt: int) -> int | None:
        """:meth:`cap_day` on date ordinals (the simulation's fast path)."""
        interview = self.day.toordinal()
        start = interview - self.window_days
        if review >= interview or due < start:
            return None
        if due < interview:
            return due  # inside the window already: due from the start of that day
        if self.window_days <= 0 or review >= start:
            return interview
        return start + salt % self.window_days

    def cap_day(self, review: dt.date, due: dt.date, salt: int) -> dt.date | None:
        """The study day a card reviewed on ``review`` and due (by FSRS) on ``due`` is moved to,
        or None when it keeps its FSRS due date."""
        capped = self.cap_ordinal(review.toordinal(), due.toordinal(), salt)
        return None if capped is None else dt.date.fromordinal(capped)


def unseen_count(store: Store, cards: Collection[str]) -> int:
    """Cards of ``cards`` never studied and not suspended."""
    settled = store.settled_keys()
    return sum(1 for k in cards if k not in settled)


def new_limit(store: Store, cards: Collection[str], base: int, deadline: Deadline | None, today: dt.date, introduced: int) -> int:
    """Today's new-card limit (before subtracting ``introduced``, the cards already introduced today).

    Without a date: ``base`` (the new_per_day setting). With one: raised to what the plan needs
    for every card of ``cards`` (the whole deck, in catalog order) to be introduced in time.
    """
    if deadline is None or not deadline.active(today):
        return base
    return deadline.new_per_day(base, unseen_count(store, cards) + introduced, today)
