"""Statistics from constructed review logs equal hand-computed values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lambdaprep.store import STATE_LEARNING, STATE_REVIEW, CardState, Store
from lambdaprep.study.analytics import compute_analytics
from lambdaprep.study.cards import StudyCard
from lambdaprep.study.clock import FakeClock, to_ms
from tests.seeding import seed_mock, seed_quiz

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # a Friday; study day 2026-11-20
DAY = 86_400_000


def card(key: str, topic: str) -> StudyCard:
    return StudyCard(key=key, pack="t", topic=topic, tags=(), front=key, back="b")


CARDS = {c.key: c for c in [card("t/a", "alpha"), card("t/b", "alpha"), card("t/c", "beta"), card("t/d", "beta"), card("t/e", "beta")]}


def review(store: Store, key: str, at: dt.datetime, rating: int, after: dict) -> None:
    """Record a review starting from the stored state (new when there is none)."""
    before = store.card(key)
    state = CardState(card_key=key, id=before.id if before else None, **after)
    store.record_review(before, state, rating=rating, reviewed_at=to_ms(at))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "p.db")
    yield s
    s.close()


def test_heatmap_retention_forecast_and_mastery(store: Store) -> None:
    now_ms = to_ms(NOW)
    # t/a: new -> learning (Nov 10), learning -> review (Nov 11), review pass (Nov 13), review fail (today)
    review(store, "t/a", NOW - dt.timedelta(days=10), 3,
           {"state": STATE_LEARNING, "stability": 1.0, "difficulty": 5.0, "due": now_ms - 9 * DAY, "last_review": now_ms - 10 * DAY})
    review(store, "t/a", NOW - dt.timedelta(days=9), 3,
           {"state": STATE_REVIEW, "stability": 5.0, "difficulty": 5.0, "due": now_ms - 7 * DAY, "last_review": now_ms - 9 * DAY})
    review(store, "t/a", NOW - dt.timedelta(days=7), 3,
           {"state": STATE_REVIEW, "stability": 9.0, "difficulty": 5.0, "due": now_ms - DAY, "last_review": now_ms - 7 * DAY})
    review(store, "t/a", NOW - dt.timedelta(hours=1), 1,
           {"state": STATE_REVIEW, "stability": 50.0, "difficulty": 5.0, "due": now_ms + 2 * DAY, "last_review": now_ms - 3_600_000})
    # t/c: new -> review on Nov 16; a review-state pass at 02:00 on Nov 18, which belongs to
    # study day Nov 17 (days start at 04:00); overdue since, with a tiny stability
    review(store, "t/c", NOW - dt.timedelta(days=4), 3,
           {"state": STATE_REVIEW, "stability": 0.5, "difficulty": 5.0, "due": now_ms - 3 * DAY, "last_review": now_ms - 4 * DAY})
    at = dt.datetime(2026, 11, 18, 2, 0, tzinfo=UTC)
    review(store, "t/c", at, 4,
           {"state": STATE_REVIEW, "stability": 0.1, "difficulty": 5.0, "due": to_ms(at) + DAY, "last_review": to_ms(at)})
    # t/d: new -> review yesterday, due in 5 days
    review(store, "t/d", NOW - dt.timedelta(days=1), 3,
           {"state": STATE_REVIEW, "stability": 100.0, "difficulty": 5.0, "due": now_ms + 5 * DAY, "last_review": now_ms - DAY})

    a = compute_analytics(store, CARDS, clock=FakeClock(start=NOW))
    assert a.today == dt.date(2026, 11, 20)
    assert a.heatmap == {
        dt.date(2026, 11, 10): 1,
        dt.date(2026, 11, 11): 1,
        dt.date(2026, 11, 13): 1,
        dt.date(2026, 11, 16): 1,
        dt.date(2026, 11, 17): 1,  # t/c at 02:00 on the 18th
        dt.date(2026, 11, 19): 1,
        dt.date(2026, 11, 20): 1,
    }
    # true retention counts reviews whose card was in the review state before:
    # t/a Nov 13 (pass, week 46), t/a today (fail, week 47), t/c Nov 17 (pass, week 47)
    assert [(p.reviews, p.passed) for p in a.retention_monthly] == [(3, 2)]
    assert a.true_retention == pytest.approx(2 / 3)
    weeks = {p.label: (p.reviews, p.passed) for p in a.retention_weekly}
    assert weeks == {"2026-W46": (1, 1), "2026-W47": (2, 1)}
    # forecast: t/c overdue -> today; t/a in 2 days; t/d in 5 days
    forecast = dict(a.forecast)
    assert len(a.forecast) == 30
    assert forecast[dt.date(2026, 11, 20)] == 1
    assert forecast[dt.date(2026, 11, 22)] == 1
    assert forecast[dt.date(2026, 11, 25)] == 1
    assert sum(forecast.values()) == 3
    # mastery: alpha: t/a stability 50 reviewed 1 h ago -> R ~ 1 (mastered); t/b new
    #          beta: t/c stability 0.1 d, last review 2+ days ago -> R < 0.9; t/d stability 100 -> mastered; t/e new
    topics = {t.topic: (t.cards, t.studied, t.mastered) for t in a.topics}
    assert topics == {"alpha": (2, 1, 1), "beta": (3, 2, 1)}


def test_quiz_accuracy_and_mock_trend(store: Store) -> None:
    seed_quiz(store, started_at=1, finished_at=2, score=2, total=3,
              answers=[("t/q1", True), ("t/q2", False), ("t/q3", True), ("gone/q", True)])
    for started, score in ((to_ms(NOW) - 2 * DAY, 6.0), (to_ms(NOW) - DAY, 8.0)):
        seed_mock(store, format_key="t/f", started_at=started, finished_at=started + 1, score=score, max_score=10.0)
    seed_mock(store, format_key="t/f", started_at=to_ms(NOW), finished_at=None, score=0, max_score=10.0)  # unfinished
    a = compute_analytics(store, CARDS, quiz_topics={"t/q1": "alpha", "t/q2": "alpha", "t/q3": "beta"}, clock=FakeClock(start=NOW))
    assert [(q.topic, q.answered, q.correct) for q in a.quiz_by_topic] == [("alpha", 2, 1), ("beta", 1, 1)]
    assert [m.percent for m in a.mock_trend] == [60.0, 80.0]
    assert a.last_quiz == (2.0, 3)
    data = a.to_dict()
    assert data["quiz_accuracy"][0]["rate"] == 0.5 and data["mock_trend"][1]["percent"] == 80.0


def test_empty_database(store: Store) -> None:
    a = compute_analytics(store, CARDS, quiz_topics={}, clock=FakeClock(start=NOW))
    assert a.heatmap == {} and a.true_retention is None and a.mock_trend == [] and a.last_quiz is None
    assert all(n == 0 for _, n in a.forecast)
    assert {t.topic: t.mastered for t in a.topics} == {"alpha": 0, "beta": 0}


# ------------------------------------------------------------------ mastery from real histories


def _drill_day(store: Store, clock: FakeClock, rating: int) -> None:
    """One study day through a real drill session: every card offered, answered ``rating``."""
    from lambdaprep.study.session import DrillSession

    s = DrillSession(store, CARDS, clock=clock, new_limit=len(CARDS))
    while s.next() is not None:
        s.answer(rating)
        clock.advance(minutes=1)
    s.finish()


def test_one_day_of_easy_answers_masters_nothing(store: Store) -> None:
    """Issue 18: a topic read "91% mastered" after one day. Recalling a card an hour after
    seeing it is not mastery: it needs a memory that lasts (stability of three weeks)."""
    from lambdaprep.study.mastery import MASTERED_STABILITY_DAYS
    from lambdaprep.study.plan import topic_counts

    clock = FakeClock(start=NOW)
    _drill_day(store, clock, rating=4)
    assert all(s.stability is not None and s.stability < MASTERED_STABILITY_DAYS for s in store.cards().values())
    clock.advance(hours=2)
    a = compute_analytics(store, CARDS, clock=clock)
    assert {t.topic: (t.studied, t.mastered) for t in a.topics} == {"alpha": (2, 0), "beta": (3, 0)}
    assert all(t.mastered == 0 for t in topic_counts(store, CARDS, clock=clock))


def test_cards_remembered_over_weeks_become_mastered(store: Store) -> None:
    """Answering Good whenever cards fall due, for a couple of months, builds stability past
    the threshold: those cards count as mastered, in Stats and in the topic picker alike."""
    from lambdaprep.study.mastery import is_mastered
    from lambdaprep.study.plan import topic_counts

    clock = FakeClock(start=NOW)
    for _ in range(90):
        _drill_day(store, clock, rating=3)
        clock.advance(days=1)
    states = store.cards()
    assert all(is_mastered(s) for s in states.values()), {k: s.stability for k, s in states.items()}
    a = compute_analytics(store, CARDS, clock=clock)
    assert {t.topic: t.mastered for t in a.topics} == {"alpha": 2, "beta": 3}
    assert {t.topic: t.mastered for t in topic_counts(store, CARDS, clock=clock)} == {"alpha": 2, "beta": 3}
    # a lapse sends the card back to relearning with a short memory: no longer mastered
    key = "t/a"
    from lambdaprep.study.scheduler import Scheduler

    outcome = Scheduler().review(states[key], 1, clock.now())
    assert not is_mastered(outcome.after)


def test_mastery_threshold_edges() -> None:
    from lambdaprep.store import STATE_NEW, STATE_RELEARNING
    from lambdaprep.study.mastery import MASTERED_STABILITY_DAYS, is_mastered

    assert MASTERED_STABILITY_DAYS == 21
    assert is_mastered(CardState("k", state=STATE_REVIEW, stability=21.0))
    assert not is_mastered(CardState("k", state=STATE_REVIEW, stability=20.9))
    assert not is_mastered(CardState("k", state=STATE_RELEARNING, stability=40.0))
    assert not is_mastered(CardState("k", state=STATE_NEW))
    assert not is_mastered(None)
