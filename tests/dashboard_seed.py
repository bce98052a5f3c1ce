"""A seeded progress database for the Home/Stats/Browse tests (and for looking at them by hand).

    python -m tests.dashboard_seed /tmp/lp-demo   # then: lambdaprep --data-dir /tmp/lp-demo

Deterministic: fsrs fuzz is off and ratings follow a fixed pattern, so snapshots are stable.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from lambdaprep.study.clock import UTC, FakeClock, to_ms
from tests.seeding import seed_mock, seed_quiz

NOW = dt.datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
"""The fixed "now" of the seeded database (screens get ``FakeClock(start=NOW)``)."""


def seed(locations: Any, catalog: Any, *, days: int = 120, now: dt.datetime = NOW) -> None:
    from lambdaprep.store import Store
    from lambdaprep.study.cards import study_cards
    from lambdaprep.study.scheduler import Scheduler
    from lambdaprep.study.settings import StudySettings

    cards = list(study_cards(catalog))
    settings = StudySettings(fuzz=False)
    sched = Scheduler(settings)
    with Store.open(locations) as store:
        settings.save(store)
        start = now - dt.timedelta(days=days)
        for day in range(days):
            if day % 9 == 4:  # a few days off
                continue
            when = start + dt.timedelta(days=day, hours=1)
            for i, key in enumerate(cards[:8]):
                if day < 3 * i:  # introduce cards gradually
                    continue
                st = store.card(key)
                if st is not None and (st.suspended or (st.due or 0) > to_ms(when)):
                    continue
                rating = 1 if (day + 2 * i) % 11 == 0 else 2 if (day + i) % 5 == 0 else 3
                out = sched.review(st or _new(key), rating, when)
                store.record_review(st, out.after, rating=rating, reviewed_at=out.reviewed_at, answer_ms=4000)
                when += dt.timedelta(minutes=1)
        # one suspended card and a leech
        from dataclasses import replace

        st = store.card(cards[5])
        if st is not None:
            store.put_card(replace(st, suspended=True, leech=True))
        # quizzes and mocks
        qkeys = list(catalog.quiz)
        for n, (score, total) in enumerate([(1, 2), (2, 2), (1, 2)]):
            t = to_ms(now - dt.timedelta(days=20 - 8 * n))
            seed_quiz(store, started_at=t, finished_at=t + 60_000, score=score, total=total,
                      answers=[(qkeys[j % len(qkeys)], j < score) for j in range(total)])
        for n, (score, mx) in enumerate([(4, 10), (5.5, 10), (7, 10), (6.5, 10), (8, 10)]):
            t = to_ms(now - dt.timedelta(days=40 - 8 * n))
            seed_mock(store, format_key="sample/standard", started_at=t, finished_at=t + 1_800_000, score=score, max_score=mx)


def _new(key: str) -> Any:
    from lambdaprep.store import CardState

    return CardState(key)


def clock() -> FakeClock:
    return FakeClock(start=NOW)


if __name__ == "__main__":
    from lambdaprep.content import PackSource, load_catalog
    from lambdaprep.paths import Locations

    from lambdaprep.paths import builtin_packs_dir

    target = Path(sys.argv[1])
    cat = load_catalog([PackSource(builtin_packs_dir(), "builtin")])  # the shipped packs, today's date
    seed(Locations.under(target), cat, days=300, now=dt.datetime.now(UTC))
    print(f"seeded {target}")
