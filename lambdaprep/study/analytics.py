"""Progress analytics for the Stats screen and ``lambdaprep stats``.

Pure computations over the progress database (no Textual): a review heatmap by study
day, a due forecast, true retention against the desired retention, per-topic mastery,
quiz accuracy by topic and the mock-interview score trend. Days are *study days*
(they start at the configured hour, 04:00 by default) in the clock's time zone.

Definitions:

* **true retention** — of the reviews of cards that were in the *review* state (not
  learning or relearning), the share answered Hard, Good or Easy (not Again). This is
  the number FSRS aims at with the desired retention.
* **mastered** — a card in the review state whose FSRS stability is at least 21 days
  (see :mod:`lambdaprep.study.mastery`). A topic's mastery is the share of its cards
  that are mastered; new cards count as not mastered.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lambdaprep.store import STATE_REVIEW
from lambdaprep.study.clock import Clock, SystemClock, day_bounds, from_ms, study_day, to_ms

if TYPE_CHECKING:
    from lambdaprep.store import Store
    from lambdaprep.study.cards import StudyCard
    from lambdaprep.study.settings import StudySettings

HEATMAP_DAYS = 365
FORECAST_DAYS = 30


@dataclass(frozen=True, slots=True)
class RetentionPoint:
    label: str
    """``2026-W47`` for a week, ``2026-11`` for a month."""
    start: dt.date
    reviews: int
    passed: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None


@dataclass(frozen=True, slots=True)
class TopicMastery:
    topic: str
    cards: int
    studied: int
    mastered: int

    @property
    def share(self) -> float:
        return self.mastered / self.cards if self.cards else 0.0


@dataclass(frozen=True, slots=True)
class TopicAccuracy:
    topic: str
    answered: int
    correct: int

    @property
    def rate(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class MockScore:
    when: dt.datetime
    format_key: str
    score: float
    max_score: float

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0


@dataclass
class Analytics:
    today: dt.date
    heatmap: dict[dt.date, int] = field(default_factory=dict)
    """Reviews per study day over the last :data:`HEATMAP_DAYS` days (days without reviews are absent)."""
    forecast: list[tuple[dt.date, int]] = field(default_factory=list)
    """Cards falling due on each of the next :data:`FORECAST_DAYS` days; today includes overdue ones."""
    desired_retention: float = 0.9
    retention_weekly: list[RetentionPoint] = field(default_factory=list)
    retention_monthly: list[RetentionPoint] = field(default_factory=list)
    topics: list[TopicMastery] = field(default_factory=list)
    quiz_by_topic: list[TopicAccuracy] = field(default_factory=list)
    mock_trend: list[MockScore] = field(default_factory=list)
    last_quiz: tuple[float, int] | None = None
    """(score, total) of the latest finished quiz."""

    @property
    def true_retention(self) -> float | None:
        reviews = sum(p.reviews for p in self.retention_monthly)
        return sum(p.passed for p in self.retention_monthly) / reviews if reviews else None

    @property
    def weakest_topics(self) -> list[TopicMastery]:
        studied = [t for t in self.topics if t.studied]
        return sorted(studied, key=lambda t: (t.share, -t.cards))[:3]

    def to_dict(self) -> dict[str, Any]:
        def pts(points: list[RetentionPoint]) -> list[dict[str, Any]]:
            return [{"period": p.label, "reviews": p.reviews, "passed": p.passed, "rate": p.rate} for p in points]

        return {
            "heatmap": {d.isoformat(): n for d, n in sorted(self.heatmap.items())},
            "forecast": [{"date": d.isoformat(), "due": n} for d, n in self.forecast],
            "desired_retention": self.desired_retention,
            "true_retention": self.true_retention,
            "retention_weekly": pts(self.retention_weekly),
            "retention_monthly": pts(self.retention_monthly),
            "topic_mastery": [
                {"topic": t.topic, "cards": t.cards, "studied": t.studied, "mastered": t.mastered, "share": round(t.share, 4)}
                for t in self.topics
            ],
            "quiz_accuracy": [{"topic": q.topic, "answered": q.answered, "correct": q.correct, "rate": round(q.rate, 4)} for q in self.quiz_by_topic],
            "mock_trend": [
                {"when": m.when.isoformat(), "format": m.format_key, "score": m.score, "max_score": m.max_score, "percent": round(m.percent, 1)}
                for m in self.mock_trend
            ],
        }


def compute_analytics(
    store: Store,
    cards: Mapping[str, StudyCard],
    *,
    quiz_topics: Mapping[str, str] | None = None,
    clock: Clock | None = None,
    settings: StudySettings | None = None,
) -> Analytics:
    """Every statistic the Stats screen shows. ``quiz_topics`` maps quiz question keys to topics."""
    from lambdaprep.study.settings import StudySettings

    clock = clock or SystemClock()
    settings = settings or StudySettings.load(store)
    hour = settings.day_starts_hour
    tz = clock.tz
    now = clock.now()
    today = study_day(now, tz, hour)
    out = Analytics(today=today, desired_retention=settings.desired_retention)

    # -- heatmap and retention: one pass over the last year's review log
    since = to_ms(day_bounds(today - dt.timedelta(days=HEATMAP_DAYS - 1), tz, hour)[0])
    weekly: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    monthly: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for reviewed_at, rating, state_before in store.review_events(since):
        day = study_day(from_ms(reviewed_at), tz, hour)
        out.heatmap[day] = out.heatmap.get(day, 0) + 1
        if state_before == STATE_REVIEW:
            passed = 1 if rating > 1 else 0
            week = day - dt.timedelta(days=day.weekday())
            month = day.replace(day=1)
            for bucket, period in ((weekly, week), (monthly, month)):
                bucket[period][0] += 1
                bucket[period][1] += passed
    out.retention_weekly = [
        RetentionPoint(f"{d.isocalendar().year}-W{d.isocalendar().week:02d}", d, n, p) for d, (n, p) in sorted(weekly.items())
    ]
    out.retention_monthly = [RetentionPoint(d.strftime("%Y-%m"), d, n, p) for d, (n, p) in sorted(monthly.items())]

    # -- forecast: scheduled cards by the study day they fall due
    now_ms = to_ms(now)
    horizon = to_ms(day_bounds(today + dt.timedelta(days=FORECAST_DAYS - 1), tz, hour)[1])
    counts: dict[dt.date, int] = defaultdict(int)
    for key, due in store.due_times_before(horizon):
        if key not in cards:
            continue
        day = today if due <= now_ms else max(today, study_day(from_ms(due), tz, hour))
        counts[day] += 1
    out.forecast = [(today + dt.timedelta(days=i), counts.get(today + dt.timedelta(days=i), 0)) for i in range(FORECAST_DAYS)]

    # -- per-topic mastery: memories that last (stability), not what was seen an hour ago
    from lambdaprep.study.mastery import is_mastered

    states = store.cards()
    per_topic: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for key, card in cards.items():
        entry = per_topic[card.topic]
        entry[0] += 1
        state = states.get(key)
        if state is None or state.state == 0:
            continue
        entry[1] += 1
        if is_mastered(state):
            entry[2] += 1
    out.topics = sorted((TopicMastery(t, c, s, m) for t, (c, s, m) in per_topic.items()), key=lambda t: t.topic)

    # -- quizzes
    if quiz_topics is not None:
        acc: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for question_key, correct in store.quiz_results():
            topic = quiz_topics.get(question_key)
            if topic is None:
                continue
            acc[topic][0] += 1
            acc[topic][1] += int(correct)
        out.quiz_by_topic = sorted((TopicAccuracy(t, n, c) for t, (n, c) in acc.items()), key=lambda a: a.topic)
    out.last_quiz = store.last_quiz()

    # -- mock interviews
    for started_at, format_key, score, max_score in store.mock_scores():
        out.mock_trend.append(MockScore(from_ms(started_at), format_key, score, max_score))
    return out
