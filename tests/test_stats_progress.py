"""Progress statistics from constructed review logs equal hand-computed values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lambdaprep.store import STATE_LEARNING, STATE_NEW, STATE_REVIEW, CardState, Store
from lambdaprep.study.clock import UTC, FakeClock, to_ms
from lambdaprep.study import progress as P

NOW = dt.datetime(2026, 3, 18, 12, 0, tzinfo=UTC)  # a Wednesday; day starts at 04:00 UTC
HOUR = 4


def at(day: str, h: int = 12) -> int:
    y, m, d = map(int, day.split("-"))
    return to_ms(dt.datetime(y, m, d, h, tzinfo=UTC))


def put(store: Store, key: str, state: int = STATE_REVIEW, due: int | None = None, **kw: Any) -> None:
    store.put_card(CardState(key, state=state, due=due, updated_at=0, **kw))


def log(store: Store, key: str, when: int, rating: int = 3, before: int = STATE_REVIEW) -> None:
    store.write(
        lambda db: db.conn.execute(
            "INSERT INTO review_log (card_key, reviewed_at, rating, state_before, state_after, due_after, interval_ms, before_json, after_json)"
            " VALUES (?, ?, ?, ?, 2, ?, 0, 'null', '{}')",
            (key, when, rating, before, when),
        )
    )


@pytest.fixture
def store(locations: Any) -> Any:
    with Store.open(locations) as s:
        yield s


def test_heatmap_counts_reviews_per_study_day(store: Store) -> None:
    put(store, "p/a")
    log(store, "p/a", at("2026-03-18", 5))
    log(store, "p/a", at("2026-03-18", 23))
    log(store, "p/a", at("2026-03-19", 3))  # before 04:00: still the 18th's study day
    log(store, "p/a", at("2026-03-18", 3))  # the 17th
    log(store, "p/a", at("2025-03-19", 12))  # exactly 364 days back: first day of the map
    log(store, "p/a", at("2025-03-18", 12))  # 365 days back: outside
    heat = P.review_heatmap(store, dt.date(2026, 3, 18), UTC, HOUR)
    assert len(heat) == 365
    assert next(iter(heat)) == dt.date(2025, 3, 19)
    assert heat[dt.date(2026, 3, 18)] == 3  # 05:00, 23:00 and 03:00 the next morning
    assert heat[dt.date(2026, 3, 17)] == 1
    assert heat[dt.date(2025, 3, 19)] == 1
    assert sum(heat.values()) == 5


def test_forecast_buckets_due_dates_by_study_day(store: Store) -> None:
    today = dt.date(2026, 3, 18)
    put(store, "p/overdue", due=at("2026-03-01"))
    put(store, "p/today", due=at("2026-03-18", 20))
    put(store, "p/early-tomorrow", due=at("2026-03-19", 2))  # still today's study day
    put(store, "p/tomorrow", due=at("2026-03-19", 5))
    put(store, "p/learning", state=STATE_LEARNING, due=at("2026-03-20", 5))
    put(store, "p/day29", due=at("2026-04-16", 12))
    put(store, "p/day30", due=at("2026-04-17", 12))  # beyond the 30 days
    put(store, "p/suspended", due=at("2026-03-19", 12), suspended=True)
    put(store, "p/new", state=STATE_NEW)
    fc = P.due_forecast(store, today, UTC, HOUR)
    assert len(fc) == 30
    assert fc[0] == 3 and fc[1] == 1 and fc[2] == 1 and fc[29] == 1
    assert sum(fc) == 6
    assert P.due_forecast(store, today, UTC, HOUR, keys={"p/today": 1})[0] == 1


def test_true_retention_per_week_and_month(store: Store) -> None:
    today = dt.date(2026, 3, 18)  # week of Mon 16 March
    put(store, "p/a")
    # this week: 3 review answers, 1 Again -> 2/3; a learning answer is not counted
    log(store, "p/a", at("2026-03-16"), 3)
    log(store, "p/a", at("2026-03-17"), 1)
    log(store, "p/a", at("2026-03-18"), 2)
    log(store, "p/a", at("2026-03-18"), 1, before=STATE_LEARNING)
    # last week (Mon 9 March): 1/1
    log(store, "p/a", at("2026-03-10"), 4)
    # February: 1 of 2
    log(store, "p/a", at("2026-02-10"), 1)
    log(store, "p/a", at("2026-02-11"), 3)
    weeks, months = P.true_retention(store, today, UTC, HOUR)
    assert len(weeks) == 12 and len(months) == 12
    assert weeks[-1].label == "2026-W12" and (weeks[-1].reviews, weeks[-1].passed) == (3, 2)
    assert weeks[-1].rate == pytest.approx(2 / 3)
    assert (weeks[-2].reviews, weeks[-2].passed) == (1, 1)
    assert months[-1].label == "2026-03" and (months[-1].reviews, months[-1].passed) == (4, 3)
    assert months[-2].label == "2026-02" and months[-2].rate == 0.5
    assert months[0].label == "2025-04" and months[0].rate is None


def test_streak_and_mastery_and_quiz_and_mock(store: Store, sample_catalog: Any) -> None:
    from lambdaprep.study.cards import study_cards

    cards = study_cards(sample_catalog)
    keys = list(cards)
    now_ms = to_ms(NOW)
    # one card reviewed an hour ago with a long stability: R ~ 1 -> mastered
    put(store, keys[0], stability=100.0, difficulty=5.0, last_review=now_ms - 3_600_000, due=now_ms + 86_400_000 * 90)
    # one reviewed 100 days ago with stability 1 day: R low
    put(store, keys[1], stability=1.0, difficulty=5.0, last_review=now_ms - 86_400_000 * 100, due=now_ms - 86_400_000 * 99)
    for d in ("2026-03-16", "2026-03-17", "2026-03-18", "2026-03-14"):
        log(store, keys[0], at(d))
    qkeys = list(sample_catalog.quiz)
    aid = store.insert("quiz_attempts", {"started_at": now_ms, "finished_at": now_ms, "score": 3, "total": 4})
    for i, ok in enumerate([1, 1, 0, 1]):
        store.insert("quiz_answers", {"attempt_id": aid, "question_key": qkeys[i % len(qkeys)], "correct": ok, "answered_at": now_ms})
    store.insert("mock_sessions", {"format_key": "f", "started_at": now_ms - 10, "finished_at": now_ms - 5, "score": 6, "max_score": 10})
    store.insert("mock_sessions", {"format_key": "f", "started_at": now_ms, "finished_at": now_ms + 5, "score": 8, "max_score": 10})
    store.insert("mock_sessions", {"format_key": "f", "started_at": now_ms, "score": None})  # unfinished: ignored
    titles, questions = P.catalog_maps(sample_catalog)
    prog = P.progress(store, cards, clock=FakeClock(start=NOW), topic_titles=titles, question_topics=questions)
    assert prog.streak_days == 3 and prog.reviews_today == 1
    t0 = next(m for m in prog.mastery if m.topic == cards[keys[0]].topic)
    assert t0.mastered == 1 and t0.cards == sum(1 for c in cards.values() if c.topic == t0.topic)
    assert sum(m.mastered for m in prog.mastery) == 1 and sum(m.studied for m in prog.mastery) == 2
    assert sum(q.answered for q in prog.quiz_topics) == 4 and sum(q.correct for q in prog.quiz_topics) == 3
    assert [m.share for m in prog.mocks] == [0.6, 0.8]
    assert prog.last_quiz is not None and prog.last_quiz.share == 0.75
    d = prog.to_dict()
    assert d["streak_days"] == 3 and len(d["forecast"]) == 30 and d["mocks"][-1]["share"] == 0.8


def test_empty_database_gives_zeros(store: Store, sample_catalog: Any) -> None:
    from lambdaprep.study.cards import study_cards

    prog = P.progress(store, study_cards(sample_catalog), clock=FakeClock(start=NOW))
    assert sum(prog.heatmap.values()) == 0 and sum(prog.forecast) == 0
    assert prog.overall_retention is None and prog.quizzes == [] and prog.mocks == [] and prog.streak_days == 0
    assert all(m.mastered == 0 for m in prog.mastery)


def test_cli_stats_text_and_json(data_dir: Any, capsys: pytest.CaptureFixture[str], sample_catalog: Any) -> None:
    import json

    from lambdaprep.cli import main
    from lambdaprep.paths import Locations
    from tests.conftest import SAMPLE_PACKS
    from tests.dashboard_seed import seed

    seed(Locations.under(data_dir), sample_catalog)
    assert main(["--data-dir", str(data_dir), "--pack", str(SAMPLE_PACKS / "sample"), "stats"]) == 0
    out = capsys.readouterr().out
    for label in ("true retention", "due forecast, 30 days", "weakest topics", "quiz accuracy", "mock scores"):
        assert label in out
    assert main(["--data-dir", str(data_dir), "--pack", str(SAMPLE_PACKS / "sample"), "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("heatmap", "forecast", "retention_weeks", "retention_months", "mastery", "quiz_topics", "mocks", "due_now", "streak_days"):
        assert key in data
    assert len(data["forecast"]) == 30 and data["mocks"][-1]["share"] == 0.8
    assert sum(data["heatmap"].values()) > 0


def test_sparkline() -> None:
    assert P.sparkline([0, 1, 2, 4]) == "·▃▅█"
    assert P.sparkline([0, 0]) == "··"
