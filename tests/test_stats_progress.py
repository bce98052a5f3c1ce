"""Analytics (lambdaprep.study.analytics) from constructed review logs equal hand-computed values.

Edge cases: study-day boundaries (a day starts at 04:00), the 365-day window, overdue and
early-morning due dates, suspended/new cards, learning-state answers, weeks and months."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from lambdaprep.store import STATE_LEARNING, STATE_NEW, STATE_REVIEW, CardState, Store
from lambdaprep.study.clock import UTC, FakeClock, to_ms
from lambdaprep.study.analytics import compute_analytics
from tests.seeding import seed_mock, seed_quiz

NOW = dt.datetime(2026, 3, 18, 12, 0, tzinfo=UTC)  # a Wednesday; day starts at 04:00 UTC
HOUR = 4


def at(day: str, h: int = 12) -> int:
    y, m, d = map(int, day.split("-"))
    return to_ms(dt.datetime(y, m, d, h, tzinfo=UTC))


def put(store: Store, key: str, state: int = STATE_REVIEW, due: int | None = None, **kw: Any) -> None:
    store.put_card(CardState(key, state=state, due=due, updated_at=0, **kw))


def log(store: Store, key: str, when: int, rating: int = 3, before: int = STATE_REVIEW) -> None:
    """A review of ``key`` at ``when``, answered while the card was in state ``before``."""
    current = store.put_card(replace(store.card(key) or CardState(key), state=before))
    store.record_review(current, replace(current, state=STATE_REVIEW, due=when), rating=rating, reviewed_at=when)


@pytest.fixture
def store(locations: Any) -> Any:
    with Store.open(locations) as s:
        yield s


class _Card:
    topic = "t"


def analytics(store: Store, cards: Any = None, **kw: Any) -> Any:
    return compute_analytics(store, cards or {}, clock=FakeClock(start=NOW), **kw)


def test_heatmap_counts_reviews_per_study_day(store: Store) -> None:
    put(store, "p/a")
    log(store, "p/a", at("2026-03-18", 5))
    log(store, "p/a", at("2026-03-18", 11))
    log(store, "p/a", at("2026-03-18", 3))  # before 04:00: the 17th's study day
    log(store, "p/a", at("2026-03-17", 4))  # exactly 04:00: the 17th
    log(store, "p/a", at("2025-03-19", 12))  # 364 days back: the first day of the map
    log(store, "p/a", at("2025-03-18", 12))  # 365 days back: outside
    heat = analytics(store).heatmap
    assert heat == {dt.date(2026, 3, 18): 2, dt.date(2026, 3, 17): 2, dt.date(2025, 3, 19): 1}


def test_forecast_buckets_due_dates_by_study_day(store: Store) -> None:
    keys = ["p/overdue", "p/today", "p/early-tomorrow", "p/tomorrow", "p/learning", "p/day29", "p/day30", "p/suspended", "p/new"]
    put(store, "p/overdue", due=at("2026-03-01"))
    put(store, "p/today", due=at("2026-03-18", 20))
    put(store, "p/early-tomorrow", due=at("2026-03-19", 2))  # still today's study day
    put(store, "p/tomorrow", due=at("2026-03-19", 5))
    put(store, "p/learning", state=STATE_LEARNING, due=at("2026-03-20", 5))
    put(store, "p/day29", due=at("2026-04-16", 12))
    put(store, "p/day30", due=at("2026-04-17", 12))  # beyond the 30 days
    put(store, "p/suspended", due=at("2026-03-19", 12), suspended=True)
    put(store, "p/new", state=STATE_NEW)
    fc = analytics(store, {k: _Card() for k in keys}).forecast
    assert len(fc) == 30 and fc[0][0] == dt.date(2026, 3, 18) and fc[29][0] == dt.date(2026, 4, 16)
    counts = [n for _, n in fc]
    assert counts[0] == 3 and counts[1] == 1 and counts[2] == 1 and counts[29] == 1
    assert sum(counts) == 6
    # only cards of the catalog count
    assert sum(n for _, n in analytics(store, {"p/today": _Card()}).forecast) == 1


def test_true_retention_per_week_and_month(store: Store) -> None:
    put(store, "p/a")
    # this week (Mon 16 March): 3 review answers, 1 Again -> 2/3; a learning answer is not counted
    log(store, "p/a", at("2026-03-16"), 3)
    log(store, "p/a", at("2026-03-17"), 1)
    log(store, "p/a", at("2026-03-18"), 2)
    log(store, "p/a", at("2026-03-18"), 1, before=STATE_LEARNING)
    log(store, "p/a", at("2026-03-16", 2), 4)  # Monday 02:00 is Sunday's study day: last week
    # last week (Mon 9 March): 1/1 (+ the Monday-night one above: 2/2)
    log(store, "p/a", at("2026-03-10"), 4)
    # February: 1 of 2
    log(store, "p/a", at("2026-02-10"), 1)
    log(store, "p/a", at("2026-02-11"), 3)
    a = analytics(store)
    weeks = {p.label: (p.reviews, p.passed) for p in a.retention_weekly}
    assert weeks["2026-W12"] == (3, 2) and weeks["2026-W11"] == (2, 2)
    months = {p.label: p for p in a.retention_monthly}
    assert (months["2026-03"].reviews, months["2026-03"].passed) == (5, 4)
    assert months["2026-02"].rate == 0.5
    assert a.true_retention == pytest.approx(5 / 7)
    assert a.desired_retention == 0.9


def test_mastery_quiz_and_mock(store: Store, sample_catalog: Any) -> None:
    from lambdaprep.study.cards import study_cards

    cards = study_cards(sample_catalog)
    keys = list(cards)
    now_ms = to_ms(NOW)
    # reviewed an hour ago with a long stability: R ~ 1 -> mastered
    put(store, keys[0], stability=100.0, difficulty=5.0, last_review=now_ms - 3_600_000, due=now_ms + 86_400_000 * 90)
    # reviewed 100 days ago with stability 1 day: R low -> studied, not mastered
    put(store, keys[1], stability=1.0, difficulty=5.0, last_review=now_ms - 86_400_000 * 100, due=now_ms - 86_400_000 * 99)
    qkeys = list(sample_catalog.quiz)
    seed_quiz(store, started_at=now_ms, finished_at=now_ms, score=3, total=4,
              answers=[(qkeys[i % len(qkeys)], ok) for i, ok in enumerate([True, True, False, True])])
    seed_mock(store, format_key="f", started_at=now_ms - 10, finished_at=now_ms - 5, score=6, max_score=10)
    seed_mock(store, format_key="f", started_at=now_ms, finished_at=now_ms + 5, score=8, max_score=10)
    seed_mock(store, format_key="f", started_at=now_ms, finished_at=None, score=0, max_score=0)  # unfinished: ignored
    quiz_topics = {k: q.topic for k, q in sample_catalog.quiz.items()}
    a = analytics(store, cards, quiz_topics=quiz_topics)
    t0 = next(t for t in a.topics if t.topic == cards[keys[0]].topic)
    assert t0.mastered >= 1 and t0.cards == sum(1 for c in cards.values() if c.topic == t0.topic)
    assert sum(t.mastered for t in a.topics) == 1 and sum(t.studied for t in a.topics) == 2
    assert sum(t.cards for t in a.topics) == len(cards)
    assert sum(q.answered for q in a.quiz_by_topic) == 4 and sum(q.correct for q in a.quiz_by_topic) == 3
    assert [m.percent for m in a.mock_trend] == [60.0, 80.0]
    assert a.last_quiz == (3.0, 4)
    d = a.to_dict()
    assert len(d["forecast"]) == 30 and d["mock_trend"][-1]["percent"] == 80.0


def test_empty_database_gives_zeros(store: Store, sample_catalog: Any) -> None:
    from lambdaprep.study.cards import study_cards

    a = analytics(store, study_cards(sample_catalog), quiz_topics={})
    assert a.heatmap == {} and sum(n for _, n in a.forecast) == 0
    assert a.true_retention is None and a.mock_trend == [] and a.last_quiz is None and a.quiz_by_topic == []
    assert all(t.mastered == 0 for t in a.topics)
