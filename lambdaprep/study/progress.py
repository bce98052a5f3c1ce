"""Progress statistics for the Stats screen, Home and ``lambdaprep stats`` (no Textual here).

Everything is computed from the review log, the card states and the quiz/mock
tables, at a time given by an injected clock. Days are *study days* (they start at
``day_starts_hour`` local time, like the drill's daily limits).

- :func:`review_heatmap` — reviews per study day over the last 365 days.
- :func:`due_forecast` — cards coming due on each of the next 30 study days
  (day 0 also counts everything overdue).
- :func:`true_retention` — share of *review* answers (card in review state before
  the answer) that were not "Again", per week and per month.
- :func:`topic_mastery` — per topic, the share of its cards with retrievability ≥ 0.9.
- :func:`quiz_accuracy` / :func:`mock_trend` — from the quiz and mock tables.
- :func:`progress` — all of the above in one :class:`Progress`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from lambdaprep.store import STATE_REVIEW, Store
from lambdaprep.study.clock import Clock, SystemClock, day_bounds, from_ms, study_day, to_ms

if TYPE_CHECKING:
    from lambdaprep.study.cards import StudyCard
    from lambdaprep.study.settings import StudySettings

MASTERED_R = 0.9
"""Retrievability at or above which a card counts as mastered."""
HEATMAP_DAYS = 365
FORECAST_DAYS = 30


@dataclass(frozen=True, slots=True)
class RetentionPeriod:
    label: str
    """``2026-W02`` for a week (ISO), ``2026-01`` for a month."""
    start: dt.date
    reviews: int
    passed: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "start": self.start.isoformat(), "reviews": self.reviews, "passed": self.passed, "rate": self.rate}


@dataclass(frozen=True, slots=True)
class TopicMastery:
    topic: str
    title: str
    cards: int
    mastered: int
    studied: int

    @property
    def share(self) -> float:
        return self.mastered / self.cards if self.cards else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "share": self.share}


@dataclass(frozen=True, slots=True)
class QuizTopic:
    topic: str
    title: str
    answered: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "accuracy": self.accuracy}


@dataclass(frozen=True, slots=True)
class Score:
    """A finished quiz attempt or mock interview."""

    when: dt.datetime
    score: float
    max_score: float
    label: str = ""

    @property
    def share(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"when": self.when.isoformat(), "score": self.score, "max_score": self.max_score, "share": self.share, "label": self.label}


@dataclass(frozen=True, slots=True)
class Progress:
    today: dt.date
    heatmap: dict[dt.date, int]
    """Reviews per study day, the last 365 days (oldest first, today last)."""
    forecast: list[int]
    """Cards due on each of the next 30 study days (index 0 = today, overdue included)."""
    desired_retention: float
    retention_weeks: list[RetentionPeriod]
    retention_months: list[RetentionPeriod]
    mastery: list[TopicMastery]
    quiz_topics: list[QuizTopic]
    quizzes: list[Score]
    mocks: list[Score]
    streak_days: int
    reviews_today: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def overall_retention(self) -> float | None:
        n = sum(p.reviews for p in self.retention_months)
        return sum(p.passed for p in self.retention_months) / n if n else None

    @property
    def last_quiz(self) -> Score | None:
        return self.quizzes[-1] if self.quizzes else None

    @property
    def last_mock(self) -> Score | None:
        return self.mocks[-1] if self.mocks else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "streak_days": self.streak_days,
            "reviews_today": self.reviews_today,
            "heatmap": {d.isoformat(): n for d, n in self.heatmap.items() if n},
            "reviews_last_365_days": sum(self.heatmap.values()),
            "forecast": self.forecast,
            "desired_retention": self.desired_retention,
            "true_retention": self.overall_retention,
            "retention_weeks": [p.to_dict() for p in self.retention_weeks],
            "retention_months": [p.to_dict() for p in self.retention_months],
            "mastery": [m.to_dict() for m in self.mastery],
            "quiz_topics": [q.to_dict() for q in self.quiz_topics],
            "quizzes": [q.to_dict() for q in self.quizzes],
            "mocks": [m.to_dict() for m in self.mocks],
        }


# ------------------------------------------------------------------ pieces


def _day_of(ms: int, tz: dt.tzinfo | None, hour: int) -> dt.date:
    return study_day(from_ms(ms), tz, hour)


def review_heatmap(store: Store, today: dt.date, tz: dt.tzinfo | None, hour: int, days: int = HEATMAP_DAYS) -> dict[dt.date, int]:
    """Reviews per study day for the ``days`` days ending ``today`` (every day present, 0 if none)."""
    first = today - dt.timedelta(days=days - 1)
    start = to_ms(day_bounds(first, tz, hour)[0])
    end = to_ms(day_bounds(today, tz, hour)[1])
    out = {first + dt.timedelta(days=i): 0 for i in range(days)}
    for (ms,) in store.query("SELECT reviewed_at FROM review_log WHERE reviewed_at >= ? AND reviewed_at < ?", (start, end)):
        d = _day_of(ms, tz, hour)
        if d in out:
            out[d] += 1
    return out


def due_forecast(
    store: Store, today: dt.date, tz: dt.tzinfo | None, hour: int, days: int = FORECAST_DAYS, keys: Mapping[str, object] | None = None
) -> list[int]:
    """Active scheduled cards due on each of the next ``days`` study days; day 0 includes overdue ones."""
    end = to_ms(day_bounds(today + dt.timedelta(days=days - 1), tz, hour)[1])
    out = [0] * days
    for key, due in store.query("SELECT card_key, due FROM card_state WHERE suspended = 0 AND state > 0 AND due < ?", (end,)):
        if keys is not None and key not in keys:
            continue
        i = max(0, (_day_of(due, tz, hour) - today).days)
        if i < days:
            out[i] += 1
    return out


def _week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _prev_month(d: dt.date) -> dt.date:
    return (d - dt.timedelta(days=1)).replace(day=1)


def true_retention(
    store: Store, today: dt.date, tz: dt.tzinfo | None, hour: int, *, weeks: int = 12, months: int = 12
) -> tuple[list[RetentionPeriod], list[RetentionPeriod]]:
    """True retention per ISO week and per calendar month (oldest first, the current one last).

    Counted over reviews of cards that were in the review state before the answer
    (learning steps are not memory tests); passed = any rating but Again.
    """
    week_starts = [_week_start(today) - dt.timedelta(weeks=i) for i in range(weeks - 1, -1, -1)]
    month_starts = [_month_start(today)]
    for _ in range(months - 1):
        month_starts.insert(0, _prev_month(month_starts[0]))
    first = min(week_starts[0], month_starts[0])
    since = to_ms(day_bounds(first, tz, hour)[0])
    w: dict[dt.date, list[int]] = {s: [0, 0] for s in week_starts}
    m: dict[dt.date, list[int]] = {s: [0, 0] for s in month_starts}
    rows = store.query("SELECT reviewed_at, rating FROM review_log WHERE reviewed_at >= ? AND state_before = ?", (since, STATE_REVIEW))
    for ms, rating in rows:
        d = _day_of(ms, tz, hour)
        ok = 1 if rating > 1 else 0
        for bucket, key in ((w, _week_start(d)), (m, _month_start(d))):
            if key in bucket:
                bucket[key][0] += 1
                bucket[key][1] += ok
    wk = [RetentionPeriod(f"{s.isocalendar()[0]}-W{s.isocalendar()[1]:02d}", s, *w[s]) for s in week_starts]
    mo = [RetentionPeriod(s.strftime("%Y-%m"), s, *m[s]) for s in month_starts]
    return wk, mo


def topic_mastery(
    store: Store, cards: Mapping[str, StudyCard], now: dt.datetime, topic_titles: Mapping[str, str] | None = None, settings: StudySettings | None = None
) -> list[TopicMastery]:
    """Per topic of ``cards``: how many cards have retrievability ≥ 0.9 now (weakest topic first)."""
    from lambdaprep.study.scheduler import Scheduler

    sched = Scheduler(settings)
    states = store.cards()
    acc: dict[str, list[int]] = {}
    for key, card in cards.items():
        a = acc.setdefault(card.topic, [0, 0, 0])
        a[0] += 1
        st = states.get(key)
        if st is None or st.is_new or st.suspended:
            continue
        a[2] += 1
        if sched.retrievability(st, now) >= MASTERED_R:
            a[1] += 1
    titles = topic_titles or {}
    out = [TopicMastery(t, titles.get(t, t), n, k, s) for t, (n, k, s) in acc.items()]
    return sorted(out, key=lambda x: (x.share, x.topic))


def quiz_accuracy(store: Store, question_topics: Mapping[str, str], topic_titles: Mapping[str, str] | None = None) -> list[QuizTopic]:
    """Correct share of every quiz answer ever given, per topic of its question (weakest first)."""
    acc: dict[str, list[int]] = {}
    for key, correct in store.query("SELECT question_key, correct FROM quiz_answers"):
        topic = question_topics.get(key, "(removed)")
        a = acc.setdefault(topic, [0, 0])
        a[0] += 1
        a[1] += int(correct)
    titles = topic_titles or {}
    out = [QuizTopic(t, titles.get(t, t), n, k) for t, (n, k) in acc.items()]
    return sorted(out, key=lambda x: (x.accuracy, x.topic))


def quiz_scores(store: Store) -> list[Score]:
    rows = store.query(
        "SELECT finished_at, score, total FROM quiz_attempts WHERE finished_at IS NOT NULL AND score IS NOT NULL "
        "ORDER BY finished_at, id"
    )
    return [Score(from_ms(f), float(s), float(t or 0)) for f, s, t in rows]


def mock_trend(store: Store) -> list[Score]:
    """Finished mock interviews, oldest first."""
    rows = store.query(
        "SELECT finished_at, score, max_score, format_key FROM mock_sessions WHERE finished_at IS NOT NULL AND score IS NOT NULL "
        "ORDER BY finished_at, id"
    )
    return [Score(from_ms(f), float(s), float(m or 0), k) for f, s, m, k in rows]


def streak(heatmap: Mapping[dt.date, int], today: dt.date) -> int:
    """Consecutive study days with reviews ending today (or yesterday, if today has none yet)."""
    day = today if heatmap.get(today) else today - dt.timedelta(days=1)
    n = 0
    while heatmap.get(day):
        n += 1
        day -= dt.timedelta(days=1)
    return n


def progress(
    store: Store,
    cards: Mapping[str, StudyCard],
    *,
    clock: Clock | None = None,
    settings: StudySettings | None = None,
    topic_titles: Mapping[str, str] | None = None,
    question_topics: Mapping[str, str] | None = None,
) -> Progress:
    """Every statistic at once (what the Stats screen and ``lambdaprep stats --json`` show)."""
    from lambdaprep.study.settings import StudySettings

    clock = clock or SystemClock()
    settings = settings or StudySettings.load(store)
    now = clock.now()
    hour = settings.day_starts_hour
    today = study_day(now, clock.tz, hour)
    heat = review_heatmap(store, today, clock.tz, hour)
    weeks, months = true_retention(store, today, clock.tz, hour)
    return Progress(
        today=today,
        heatmap=heat,
        forecast=due_forecast(store, today, clock.tz, hour, keys=cards),
        desired_retention=settings.desired_retention,
        retention_weeks=weeks,
        retention_months=months,
        mastery=topic_mastery(store, cards, now, topic_titles, settings),
        quiz_topics=quiz_accuracy(store, question_topics or {}, topic_titles),
        quizzes=quiz_scores(store),
        mocks=mock_trend(store),
        streak_days=streak(heat, today),
        reviews_today=heat.get(today, 0),
    )


def catalog_maps(catalog: Any) -> tuple[dict[str, str], dict[str, str]]:
    """``(topic titles, quiz question key -> topic)`` from a Catalog."""
    titles = {t: catalog.topic_title(t) for t in getattr(catalog, "topics", {})}
    questions = {k: q.topic for k, q in getattr(catalog, "quiz", {}).items()}
    return titles, questions


SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int] | list[float]) -> str:
    """A one-line chart of ``values`` (blank cells for zero)."""
    top = max(values, default=0)
    if top <= 0:
        return "·" * len(values)
    return "".join("·" if v <= 0 else SPARK[min(7, int(round(7 * v / top)))] for v in values)


def compact_rows(p: Progress) -> list[tuple[str, str]]:
    """Label/value lines for ``lambdaprep stats`` (plain text, no markup)."""

    def pc(x: float | None) -> str:
        return "—" if x is None else f"{100 * x:.0f}%"

    rows = [
        ("true retention", f"{pc(p.overall_retention)} (desired {pc(p.desired_retention)})"),
        ("retention, last 12 weeks", sparkline([100 * w.rate if w.rate is not None else 0 for w in p.retention_weeks])),
        ("reviews, last 365 days", str(sum(p.heatmap.values()))),
        ("reviews, last 30 days", sparkline(list(p.heatmap.values())[-30:])),
        ("due next 7 / 30 days", f"{sum(p.forecast[:7])} / {sum(p.forecast)}"),
        ("due forecast, 30 days", sparkline(p.forecast)),
    ]
    weak = [m for m in p.mastery if m.studied][:3]
    if weak:
        rows.append(("weakest topics", ", ".join(f"{m.title} {pc(m.share)}" for m in weak)))
    mastered = sum(m.mastered for m in p.mastery)
    total = sum(m.cards for m in p.mastery)
    rows.append(("mastered (R ≥ 90%)", f"{mastered} of {total} cards"))
    answered = sum(q.answered for q in p.quiz_topics)
    if answered:
        correct = sum(q.correct for q in p.quiz_topics)
        rows.append(("quiz accuracy", f"{pc(correct / answered)} of {answered} answers, {len(p.quizzes)} quizzes"))
    else:
        rows.append(("quiz accuracy", "no quizzes yet"))
    if p.mocks:
        last = p.mocks[-1]
        rows.append(("mock scores", f"{sparkline([100 * m.share for m in p.mocks])}  last {last.score:g}/{last.max_score:g} ({pc(last.share)})"))
    else:
        rows.append(("mock scores", "no mock interviews yet"))
    return rows
