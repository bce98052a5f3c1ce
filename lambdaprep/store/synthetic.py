"""A synthetic progress database for benchmarks: many review-state cards and a long review log.

Lives in the store because it writes rows directly (one bulk transaction, far faster
than answering a million cards through the scheduler). Never used by the app itself.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from lambdaprep.store.store import STATE_REVIEW

if TYPE_CHECKING:
    from lambdaprep.store.store import Store

DAY_MS = 86_400_000


def fill_synthetic(
    store: Store, n_cards: int, n_reviews: int, now_ms: int, *, seed: int = 7, prefix: str = "bench/c", full_log: bool = False
) -> None:
    """Add ``n_cards`` review cards keyed ``{prefix}000000…`` and ``n_reviews`` log rows over the past year.

    ``full_log`` writes a realistic card state into each review's ``before_json`` /
    ``after_json`` (as the drill does) instead of ``{}`` — for the progress-file benchmarks.
    """
    rnd = random.Random(seed)
    cards: list[tuple[Any, ...]] = []
    for i in range(n_cards):
        stability = rnd.uniform(1, 200)
        last = now_ms - int(rnd.uniform(0, 120) * DAY_MS)
        due = last + int(stability * DAY_MS * rnd.uniform(0.8, 1.2))
        cards.append(
            (i + 1, f"{prefix}{i:06d}", STATE_REVIEW, None, stability, rnd.uniform(1, 10), due, last, 10, rnd.randint(0, 3), 0, None, 0, 0, last)
        )

    def reviews() -> Iterator[tuple[Any, ...]]:
        for i in range(n_reviews):
            card = i % max(1, n_cards)
            t = now_ms - int(rnd.uniform(1, 365) * DAY_MS)
            key = f"{prefix}{card:06d}"
            if full_log:
                before = _state_json(key, card + 1, t - 3 * DAY_MS, t, rnd.uniform(1, 200), rnd.uniform(1, 10))
                after = _state_json(key, card + 1, t, t + DAY_MS, rnd.uniform(1, 200), rnd.uniform(1, 10))
            else:
                before = after = "{}"
            yield (key, None, t, rnd.randint(1, 4), 2, 2, t, t + DAY_MS, DAY_MS, 5000, before, after)

    con = store._con  # noqa: SLF001 - the store package's own connection

    def go() -> None:
        con.conn.executemany("INSERT INTO card_state VALUES (" + ",".join("?" * 15) + ")", cards)
        con.conn.executemany(
            "INSERT INTO review_log (card_key, session_id, reviewed_at, rating, state_before, state_after, due_before, "
            "due_after, interval_ms, answer_ms, before_json, after_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            reviews(),
        )

    con.write(go)
    con.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _state_json(key: str, card_id: int, last: int, due: int, stability: float, difficulty: float) -> str:
    """A card state as ``dumps(CardState.to_dict())`` writes it (sorted keys, compact)."""
    return (
        f'{{"buried_until":null,"card_key":"{key}","difficulty":{difficulty!r},"due":{due},"flag":0,"id":{card_id},'
        f'"lapses":0,"last_review":{last},"leech":false,"reps":5,"stability":{stability!r},"state":2,"step":null,'
        f'"suspended":false,"updated_at":{last}}}'
    )
