"""Study statistics as plain data (``lambdaprep stats``; the Stats screen extends these)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from lambdaprep.store import STATE_NEW, STATE_REVIEW, Store
from lambdaprep.study.cards import StudyCard
from lambdaprep.study.clock import Clock, SystemClock, day_bounds, from_ms, study_day, to_ms
from lambdaprep.study.daily import daily_limits, deadline_settings
from lambdaprep.study.deadline import Deadline, new_limit

if TYPE_CHECKING:
    from lambdaprep.study.settings import StudySettings


@dataclass(frozen=True, slots=True)
class StudyStats:
    total_reviews: int
    reviews_today: int
    due_now: int
    """Scheduled cards due now (learning and review), among the given cards."""
    new_available: int
    """New cards that today's remaining new-card allowance lets you start."""
    new_unseen: int
    """Cards never studied (all of them, whatever the daily limit)."""
    streak_days: int
    """Consecutive study days with at least one review, ending today (or yesterday)."""
    cards_total: int
    suspended: int
    leeches: int
    next_due: dt.datetime | None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["next_due"] = self.next_due.isoformat() if self.next_due else None
        return d


@dataclass(frozen=True, slots=True)
class DueCounts:
    due: int
    new: int


def due_counts(
    store: Store, cards: Mapping[str, object], *, clock: Clock | None = None, settings: StudySettings | None = None
) -> DueCounts:
    """How many cards a drill would offer now: due (learning + review, within today's review limit) and new.

    ``cards`` maps the drillable keys in catalog order (values are not used), so
    ``lambdaprep due`` can pass the cached key index without loading the packs.
    """
    from lambdaprep.study.newcards import find_new_cards

    clock = clock or SystemClock()
    limits = (
        daily_limits(store)
        if settings is None
        else {"new_per_day": settings.new_per_day, "reviews_per_day": settings.reviews_per_day, "day_starts_hour": settings.day_starts_hour}
    )
    now_ms = to_ms(clock.now())
    hour = limits["day_starts_hour"]
    day = study_day(clock.now(), clock.tz, hour)
    start, end = (to_ms(t) for t in day_bounds(day, clock.tz, hour))

    reviews = learning = 0
    for key, state in store.due_key_states(now_ms):
        if key in cards:
            if state == STATE_REVIEW:
                reviews += 1
            else:
                learning += 1
    introduced = store.count_reviews(start, end, state_before=[STATE_NEW])
    if settings is None:
        interview, plan = deadline_settings(store)
        deadline = Deadline(interview, plan["plan_buffer_days"], plan["plan_final_window_days"], plan["plan_max_new_per_day"]) if interview else None
    else:
        deadline = settings.deadline()
    left_new = max(0, new_limit(store, cards, limits["new_per_day"], deadline, day, introduced) - introduced)
    review_limit = deadline.review_limit(limits["reviews_per_day"], day) if deadline is not None else limits["reviews_per_day"]
    left_reviews = max(0, review_limit - store.count_reviews(start, end, state_before=[STATE_REVIEW]))
    new = len(find_new_cards(store, cards, cards, left_new, now_ms))
    return DueCounts(learning + min(reviews, left_reviews), new)


def _unseen(store: Store, cards: dict[str, StudyCard], now_ms: int) -> int:
    seen = store.seen_keys()
    hidden = store.hidden_keys(now_ms)
    return sum(1 for k in cards if k not in seen and k not in hidden)


def study_stats(store: Store, cards: dict[str, StudyCard], *, clock: Clock | None = None, settings: StudySettings | None = None) -> StudyStats:
    from lambdaprep.study.settings import StudySettings

    clock = clock or SystemClock()
    settings = settings or StudySettings.load(store)
    now = clock.now()
    now_ms = to_ms(now)
    hour = settings.day_starts_hour
    today = study_day(now, clock.tz, hour)
    start, end = (to_ms(t) for t in day_bounds(today, clock.tz, hour))
    reviews_today = store.count_reviews(start, end)
    counts = due_counts(store, cards, clock=clock, settings=settings)
    streak = 0
    day = today if reviews_today else today - dt.timedelta(days=1)
    while True:
        a, b = (to_ms(t) for t in day_bounds(day, clock.tz, hour))
        if not store.reviewed_between(a, b):
            break
        streak += 1
        day -= dt.timedelta(days=1)
    totals = store.card_totals()
    nxt = store.next_due(now_ms)
    return StudyStats(
        total_reviews=store.count_reviews(),
        reviews_today=reviews_today,
        due_now=counts.due,
        new_available=counts.new,
        new_unseen=_unseen(store, cards, now_ms),
        streak_days=streak,
        cards_total=len(cards),
        suspended=totals.suspended,
        leeches=totals.leeches,
        next_due=from_ms(nxt) if nxt is not None else None,
    )
