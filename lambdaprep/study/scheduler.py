"""FSRS scheduling through the ``fsrs`` package (FSRS-6), never re-implemented here.

:meth:`Scheduler.preview` asks fsrs once per rating and returns an
:class:`Outcome` for each; the drill shows those intervals on its buttons and
saves exactly the chosen outcome, so with fuzz on the label still equals what is
stored.

Fuzz is stable: fsrs draws its fuzz from Python's ``random``; here each review draws it
from a generator seeded by the card and its review count (:func:`fuzz_seed`), as Anki
does. A card therefore shows the same intervals every time it is revealed until it is
answered (a new card's ``Easy 9d`` stays 9d after an undo or in the next session),
while cards reviewed together still spread over neighbouring days.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace

import fsrs
import fsrs.scheduler as _fsrs_scheduler

from lambdaprep.store import STATE_NEW, STATE_REVIEW, CardState, Rating
from lambdaprep.study.clock import UTC, day_bounds, from_ms, study_day, to_ms
from lambdaprep.study.deadline import card_salt
from lambdaprep.study.settings import StudySettings

AGAIN, HARD, GOOD, EASY = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY
RATINGS: tuple[int, ...] = tuple(Rating)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one rating would do to a card (computed once, saved exactly)."""

    rating: int
    before: CardState
    after: CardState
    reviewed_at: int
    """epoch ms the review is recorded at."""
    interval: dt.timedelta
    leech: bool = False
    """True when this answer makes the card a leech (it is then suspended)."""

    @property
    def label(self) -> str:
        return format_interval(self.interval)


def format_interval(delta: dt.timedelta) -> str:
    """Anki-style short interval: ``<1m``, ``10m``, ``3h``, ``4d``, ``2.1mo``, ``1.5y``."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        months = days / 30.4375
        return f"{months:.1f}mo".replace(".0mo", "mo")
    years = days / 365.25
    return f"{years:.1f}y".replace(".0y", "y")


_fuzz = threading.local()


def _fuzz_random() -> float:
    """What fsrs calls for its fuzz: the seeded generator of the review in progress on this
    thread, or Python's ``random`` outside :func:`seeded_fuzz` (plain fsrs behaviour)."""
    rng: random.Random | None = getattr(_fuzz, "rng", None)
    return rng.random() if rng is not None else random.random()


_fsrs_scheduler.random = _fuzz_random  # fsrs looks the name up at each fuzzed review


@contextlib.contextmanager
def seeded_fuzz(seed: int) -> Iterator[None]:
    """Reviews in this block (on this thread) draw fsrs' fuzz from ``random.Random(seed)``."""
    previous = getattr(_fuzz, "rng", None)
    _fuzz.rng = random.Random(seed)
    try:
        yield
    finally:
        _fuzz.rng = previous


def fuzz_seed(state: CardState) -> int:
    """The fuzz seed of a card's next review: its key, review count and last review time, so
    the same card in the same state always gets the same interval."""
    return zlib.crc32(f"{state.card_key}|{state.reps}|{state.last_review}".encode())


class Scheduler:
    """``fsrs`` with the study settings; with an interview date, due dates are capped (see
    :mod:`lambdaprep.study.deadline`). ``tz`` is the local zone study days are counted in."""

    def __init__(self, settings: StudySettings | None = None, tz: dt.tzinfo | None = None) -> None:
        self.settings = settings or StudySettings()
        self.tz = tz
        self.deadline = self.settings.deadline()
        s = self.settings
        self.fsrs = fsrs.Scheduler(
            parameters=s.fsrs_parameters or fsrs.scheduler.DEFAULT_PARAMETERS,
            desired_retention=s.desired_retention,
            learning_steps=tuple(dt.timedelta(minutes=m) for m in s.learning_steps_minutes),
            relearning_steps=tuple(dt.timedelta(minutes=m) for m in s.relearning_steps_minutes),
            maximum_interval=s.maximum_interval_days,
            enable_fuzzing=s.fuzz,
        )

    # ------------------------------------------------------------ conversion

    @staticmethod
    def to_fsrs(state: CardState, card_id: int) -> fsrs.Card:
        """The fsrs card for a stored state (a new card: a fresh fsrs card, with an id so fsrs never sleeps)."""
        if state.state == STATE_NEW:
            return fsrs.Card(card_id=card_id, due=from_ms(state.due) if state.due is not None else dt.datetime(1970, 1, 1, tzinfo=UTC))
        return fsrs.Card(
            card_id=card_id,
            state=fsrs.State(state.state),
            step=state.step,
            stability=state.stability,
            difficulty=state.difficulty,
            due=from_ms(state.due) if state.due is not None else dt.datetime(1970, 1, 1, tzinfo=UTC),
            last_review=from_ms(state.last_review) if state.last_review is not None else None,
        )

    def retrievability(self, state: CardState, now: dt.datetime) -> float:
        if state.state == STATE_NEW:
            return 0.0
        return float(self.fsrs.get_card_retrievability(self.to_fsrs(state, state.id or 1), now))

    # ------------------------------------------------------------ reviewing

    def review(self, before: CardState, rating: int, now: dt.datetime) -> Outcome:
        """One fsrs review of ``before`` with ``rating`` at ``now`` (UTC)."""
        now = now.astimezone(UTC).replace(microsecond=(now.microsecond // 1000) * 1000)
        card = self.to_fsrs(before, before.id or _synthetic_id(before.card_key))
        with seeded_fuzz(fuzz_seed(before)):  # the same interval each time this card is previewed
            after_card, _log = self.fsrs.review_card(card, fsrs.Rating(rating), review_datetime=now)
        if self.deadline is not None:
            after_card.due = self.cap_due(before.card_key, now, after_card.due)
        now_ms = to_ms(now)
        lapses = before.lapses + (1 if rating == AGAIN and before.state == STATE_REVIEW else 0)
        leech = (
            not before.leech
            and lapses >= self.settings.leech_threshold
            and rating == AGAIN
            and before.state == STATE_REVIEW
        )
        after = replace(
            before,
            state=int(after_card.state),
            step=after_card.step,
            stability=after_card.stability,
            difficulty=after_card.difficulty,
            due=to_ms(after_card.due),
            last_review=now_ms,
            reps=before.reps + 1,
            lapses=lapses,
            leech=before.leech or leech,
            suspended=before.suspended or leech,
            buried_until=None,
            updated_at=now_ms,
        )
        return Outcome(rating, before, after, now_ms, after_card.due - now, leech)

    def cap_due(self, key: str, now: dt.datetime, due: dt.datetime) -> dt.datetime:
        """``due`` capped for the interview (unchanged without a date or from the interview day on)."""
        if self.deadline is None:
            return due
        hour = self.settings.day_starts_hour
        day = self.deadline.cap_day(study_day(now, self.tz, hour), study_day(due, self.tz, hour), card_salt(key))
        if day is None:
            return due
        return max(now, min(due, day_bounds(day, self.tz, hour)[0]))

    def preview(self, before: CardState, now: dt.datetime, ratings: tuple[int, ...] = RATINGS) -> dict[int, Outcome]:
        """Each rating's outcome, computed once (fuzz included)."""
        return {r: self.review(before, r, now) for r in ratings}


def _synthetic_id(key: str) -> int:
    """A stable positive id for a card not stored yet (fsrs needs one; never the clock)."""
    return zlib.crc32(key.encode()) + 1
