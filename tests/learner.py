"""A simulated learner whose memory follows a known FSRS parameter set (seeded, deterministic).

Used by the optimizer tests and benchmarks: reviews are scheduled by ``fsrs`` with the true
parameters, and each answer is recalled with the probability those parameters predict.
"""

from __future__ import annotations

import datetime as dt
import random

import fsrs

from lambdaprep.store.revlog import RatedReview

UTC = dt.timezone.utc
START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

# A learner unlike FSRS's average user: slow to form memories at first, faster forgetting curve.
TRUE_PARAMETERS = (
    0.10, 0.60, 1.20, 4.00, 7.20, 0.60, 2.40, 0.02, 1.30, 0.30, 1.10, 1.80,
    0.10, 0.40, 1.90, 0.40, 2.20, 0.45, 0.10, 0.10, 0.45,
)


def simulate_learner(
    cards: int,
    days: int,
    *,
    new_per_day: int = 20,
    seed: int = 1,
    parameters: tuple[float, ...] = TRUE_PARAMETERS,
    prefix: str = "sim",
) -> list[RatedReview]:
    """Every review of ``cards`` cards studied daily for ``days`` days, ordered by card then time."""
    import heapq

    rng = random.Random(seed)
    truth = fsrs.Scheduler(parameters=parameters, enable_fuzzing=False)
    queue: list[tuple[dt.datetime, int, fsrs.Card]] = []  # (due, id, card)
    introduced = 0
    events: list[RatedReview] = []
    for day in range(days):
        morning = START + dt.timedelta(days=day)
        evening = morning + dt.timedelta(hours=12)
        for _ in range(new_per_day):
            if introduced < cards:
                introduced += 1
                heapq.heappush(queue, (morning, introduced, fsrs.Card(card_id=introduced, due=morning)))
        now = morning
        # Learning steps come back within the day: keep going while anything is due before evening.
        while queue and queue[0][0] <= evening:
            due, _, card = heapq.heappop(queue)
            now = max(now, due)
            if card.stability is None:
                rating = rng.choices([1, 2, 3, 4], weights=[0.25, 0.1, 0.55, 0.1])[0]
            elif rng.random() < truth.get_card_retrievability(card, now):
                rating = rng.choices([2, 3, 4], weights=[0.15, 0.75, 0.1])[0]
            else:
                rating = 1
            updated, _ = truth.review_card(card, fsrs.Rating(rating), review_datetime=now)
            heapq.heappush(queue, (updated.due, updated.card_id, updated))
            events.append(RatedReview(f"{prefix}/{card.card_id}", int(now.timestamp() * 1000), rating, rng.randint(3000, 12000)))
            now += dt.timedelta(seconds=8)
    events.sort(key=lambda e: (e.card, e.reviewed_at))
    return events
