"""The interview plan: days left, new cards a day, a day-by-day forecast and readiness.

    plan = compute_plan(store, study_cards(catalog), clock=clock, topic_titles=catalog.topics)
    plan.to_dict()          # what ``lambdaprep plan --json`` prints
    plan.summary_line()     # "Interview Tue 16 Dec · 14 days · ready 38% now → 92% on the day · on track, 31 new/day"

**Readiness** is the share of the deck you would recall if asked on that day: the mean FSRS
retrievability over every card (unseen cards count 0; suspended cards are left out of the deck).

**The forecast** is a simulation, day by day, from each card's real memory state (stability,
difficulty, last review), your settings and daily limits, the new-card order and the interview
caps (:mod:`lambdaprep.study.deadline`). A review is recalled with the card's retrievability on
that day (a seeded random draw; several runs are averaged for small decks); a new card's first
answer is Again as often as yours have been (a default until there are enough). Memory updates
are the ``fsrs`` package's own formulas (its scheduler's stability/difficulty functions), so
the simulation follows the scheduler of record; docs/study.md says why this and not
``fsrs-rs-python``'s simulator, with measurements.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import fsrs

from lambdaprep.store import STATE_NEW, STATE_REVIEW, CardState, Store
from lambdaprep.study.cards import StudyCard, new_card_order
from lambdaprep.study.clock import Clock, SystemClock, day_bounds, from_ms, study_day, to_ms
from lambdaprep.study.deadline import Deadline, card_salt
from lambdaprep.study.followup import new_front
from lambdaprep.study.mastery import is_mastered
from lambdaprep.study.settings import StudySettings

__all__ = ["Plan", "PlanDay", "TopicCount", "TopicReadiness", "compute_plan", "simulate", "topic_counts", "weakest_topic"]

DEFAULT_SECONDS = 10.0
"""Seconds per answer assumed until there are :data:`MIN_TIMED` timed answers."""
MIN_TIMED = 20
MAX_ANSWER_S = 60.0
"""Longer answers (a break) count as this long when averaging."""
DEFAULT_FIRST_AGAIN = 0.2
"""Share of new cards whose first answer is Again, until there are :data:`MIN_FIRST` first answers."""
MIN_FIRST = 20
HORIZON_DAYS = 30
MAX_FORECAST_DAYS = 366
"""The longest forecast: a date further away is planned for (new cards a day, caps) but
readiness "on the day" is then forecast for this many days ahead."""
"""Forecast length without an interview date."""
SIM_BUDGET = 3000
"""Cards × runs the simulation aims for: small decks are simulated several times and averaged."""
MAX_RUNS = 5
CURVE_POINTS = 31
"""Readiness is computed for at most this many days of a forecast; the days between are interpolated."""


@dataclass(frozen=True, slots=True)
class PlanDay:
    date: dt.date
    new: int
    reviews: int
    """Review cards shown that day (learning steps are counted in ``minutes``)."""
    minutes: float
    readiness: float
    """Expected readiness at the start of the day."""

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "new": self.new, "reviews": self.reviews, "minutes": round(self.minutes, 1), "readiness": round(self.readiness, 4)}


@dataclass(frozen=True, slots=True)
class TopicReadiness:
    topic: str
    title: str
    cards: int
    unseen: int
    now: float
    on_day: float
    curve: tuple[float, ...] = ()
    """Expected readiness at the start of each forecast day, then on the day."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "title": self.title,
            "cards": self.cards,
            "unseen": self.unseen,
            "readiness_now": round(self.now, 4),
            "readiness_on_day": round(self.on_day, 4),
        }


@dataclass(frozen=True, slots=True)
class Plan:
    today: dt.date
    interview: dt.date | None
    days_left: int | None
    cards_total: int
    cards_unseen: int
    new_per_day_needed: int
    new_per_day: int
    """Today's new-card limit (the setting, raised to what the plan needs up to the ceiling)."""
    introduce_by: dt.date | None
    """The day every card should be introduced by (interview − buffer)."""
    all_introduced_by: dt.date | None
    """The day the forecast introduces the last card (None: not within the forecast)."""
    days: tuple[PlanDay, ...]
    readiness_now: float
    readiness_on_day: float
    """Forecast readiness on the interview day (without a date: at the end of the forecast)."""
    topics: tuple[TopicReadiness, ...]
    on_track: bool | None
    behind_by: int
    advice: tuple[str, ...]
    seconds_per_answer: float
    timing: str
    """``history`` (your answer times) or ``default``."""
    review_limit: int
    over_review_limit: int
    """Reviews the forecast had to leave for a later day because of the daily review limit."""
    settings_used: dict[str, Any] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        if self.interview is None:
            return "no interview date set"
        if self.days_left is not None and self.days_left <= 0:
            return "the interview day has come" if self.days_left == 0 else "the interview date has passed"
        if self.on_track:
            if not self.cards_unseen:
                return "on track, every card introduced"
            return f"on track, {min(self.new_per_day, self.cards_unseen)} new/day"
        if self.behind_by > 0:
            return f"behind by {self.behind_by} cards"
        return "reviews exceed your daily limit"

    def summary_line(self, how_to_set: str | None = "set a date in Settings (o)") -> str:
        """One line for Home: date, days, readiness now → on the day, verdict. Without a date
        it ends with ``how_to_set`` (say it right for where the reader is; None leaves it out)."""
        if self.interview is None:
            line = f"No interview date · ready {self.readiness_now:.0%} now"
            return f"{line} · {how_to_set}" if how_to_set else line
        day = f"{self.interview:%a} {self.interview.day} {self.interview:%b}"
        if self.days_left is not None and self.days_left <= 0:
            return f"Interview {day} · {self.verdict} · ready {self.readiness_now:.0%}"
        days = "1 day" if self.days_left == 1 else f"{self.days_left} days"
        return f"Interview {day} · {days} · ready {self.readiness_now:.0%} now → {self.readiness_on_day:.0%} on the day · {self.verdict}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "interview": self.interview.isoformat() if self.interview else None,
            "today": self.today.isoformat(),
            "days_left": self.days_left,
            "cards_total": self.cards_total,
            "cards_unseen": self.cards_unseen,
            "new_per_day_needed": self.new_per_day_needed,
            "new_per_day": self.new_per_day,
            "introduce_by": self.introduce_by.isoformat() if self.introduce_by else None,
            "all_introduced_by": self.all_introduced_by.isoformat() if self.all_introduced_by else None,
            "days": [d.to_dict() for d in self.days],
            "readiness_now": round(self.readiness_now, 4),
            "readiness_on_day": round(self.readiness_on_day, 4),
            "topics": [t.to_dict() for t in self.topics],
            "on_track": self.on_track,
            "behind_by": self.behind_by,
            "verdict": self.verdict,
            "advice": list(self.advice),
            "seconds_per_answer": round(self.seconds_per_answer, 1),
            "timing": self.timing,
            "review_limit": self.review_limit,
            "over_review_limit": self.over_review_limit,
        }


# ---------------------------------------------------------------- simulation


@dataclass
class SimInput:
    """Everything the simulation needs, as plain numbers (built by :func:`compute_plan`)."""

    today: int
    """Ordinal of today's study day."""
    end: int
    """Ordinal of the day readiness is forecast for (the interview day); days today … end−1 are simulated."""
    stability: list[float]
    difficulty: list[float]
    last: list[int]
    """Ordinal of the last review (scheduled cards)."""
    due: list[int]
    topic: list[int]
    salt: list[int]
    scheduled: int
    """Cards 0 … scheduled−1 are studied; the rest are new, in the order they will be introduced."""
    topics: int
    new_per_day: int
    reviews_per_day: int
    introduced_today: int = 0
    reviews_today: int = 0
    deadline: Deadline | None = None
    first_again: float = DEFAULT_FIRST_AGAIN
    seed: int = 0
    runs: int = 1


@dataclass
class SimResult:
    new: list[float]
    reviews: list[float]
    answers: list[float]
    readiness: list[list[float]]
    """Per day (start of day, the last entry is the end day): per-topic sum of retrievability."""
    introduced_all_on: int | None
    over_limit: float


def simulate(inp: SimInput, scheduler: fsrs.Scheduler) -> SimResult:
    """Average of ``inp.runs`` seeded runs of the day-by-day simulation.

    Day counts and readiness on the end day are averaged over the runs; the daily readiness
    curve comes from the first run (it varies far less than a day's count). Memory updates
    are memoised: cards with the same history (most of a fresh deck) share them.
    """
    n_days = max(0, inp.end - inp.today)
    new = [0.0] * n_days
    reviews = [0.0] * n_days
    answers = [0.0] * n_days
    ready: list[list[float]] = [[0.0] * inp.topics for _ in range(n_days + 1)]
    over = 0.0
    done_days: list[int] = []
    memo: dict[tuple[float, float, int, bool], tuple[float, float, int]] = {}
    for run in range(inp.runs):
        r = _run(inp, scheduler, random.Random(inp.seed * 1000 + run), memo, curve=run == 0)
        for i in range(n_days):
            new[i] += r.new[i] / inp.runs
            reviews[i] += r.reviews[i] / inp.runs
            answers[i] += r.answers[i] / inp.runs
        if run == 0:
            ready[:n_days] = r.readiness[:n_days]
        last_row, acc = r.readiness[n_days], ready[n_days]
        for t in range(inp.topics):
            acc[t] += last_row[t] / inp.runs
        over += r.over_limit / inp.runs
        if r.introduced_all_on is not None:
            done_days.append(r.introduced_all_on)
    introduced = max(done_days) if len(done_days) == inp.runs and done_days else None
    return SimResult(new, reviews, answers, ready, introduced, over)


def _run(
    inp: SimInput,
    sch: fsrs.Scheduler,
    rng: random.Random,
    memo: dict[tuple[float, float, int, bool], tuple[float, float, int]] | None = None,
    *,
    curve: bool = True,
) -> SimResult:
    AGAIN, GOOD = fsrs.Rating.Again, fsrs.Rating.Good
    S, D, last, topic, salt = list(inp.stability), list(inp.difficulty), list(inp.last), inp.topic, inp.salt
    decay, factor = sch._DECAY, sch._FACTOR
    next_stability, short_term = sch._next_stability, sch._short_term_stability
    next_difficulty, next_interval = sch._next_difficulty, sch._next_interval
    relearn = len(sch.relearning_steps)
    dl = inp.deadline
    cap = dl.cap_ordinal if dl is not None else None
    memo = {} if memo is None else memo

    def review(s: float, d: float, el: int, recalled: bool) -> tuple[float, float, int]:
        """FSRS' update for one review (recalled → Good; else Again and the relearning steps)."""
        key = (s, d, el, recalled)
        hit = memo.get(key)
        if hit is not None:
            return hit
        if el <= 0:
            s2, d2 = short_term(stability=s, rating=GOOD), next_difficulty(difficulty=d, rating=GOOD)
        else:
            R = (1 + factor * el / s) ** decay
            if recalled:
                s2 = next_stability(difficulty=d, stability=s, retrievability=R, rating=GOOD)
                d2 = next_difficulty(difficulty=d, rating=GOOD)
            else:
                s2 = next_stability(difficulty=d, stability=s, retrievability=R, rating=AGAIN)
                d2 = next_difficulty(difficulty=d, rating=AGAIN)
                for _ in range(relearn):
                    s2 = short_term(stability=s2, rating=GOOD)
                    d2 = next_difficulty(difficulty=d2, rating=GOOD)
        out = (s2, d2, next_interval(stability=s2))
        memo[key] = out
        return out

    # a new card's first day: Again first or Good first, then Good through the learning steps
    first: dict[int, tuple[float, float, int, int]] = {}
    for r0 in (AGAIN, GOOD):
        s = sch._initial_stability(rating=r0)
        d = sch._initial_difficulty(rating=r0, clamp=True)
        n = 1
        steps = len(sch.learning_steps)
        if steps:
            step = 0 if r0 == AGAIN else 1
            while step < steps:
                s = short_term(stability=s, rating=GOOD)
                d = next_difficulty(difficulty=d, rating=GOOD)
                n += 1
                step += 1
        first[int(r0)] = (s, d, n, next_interval(stability=s))

    n_days = max(0, inp.end - inp.today)
    buckets: dict[int, list[int]] = {}
    for i in range(inp.scheduled):
        buckets.setdefault(max(inp.due[i], inp.today), []).append(i)
    queue = list(range(inp.scheduled, len(S)))
    qpos = 0
    seen = list(range(inp.scheduled))
    new_out = [0.0] * n_days
    rev_out = [0.0] * n_days
    ans_out = [0.0] * n_days
    ready: list[list[float]] = []
    over = 0.0
    introduced_all: int | None = inp.today if not queue else None

    def schedule(i: int, day: int, ivl: int) -> None:
        """Card ``i`` reviewed on ``day`` comes due after ``ivl`` days, capped for the interview."""
        nxt = day + ivl
        if cap is not None:
            c = cap(day, nxt, salt[i])
            if c is not None:
                nxt = c
        buckets.setdefault(nxt, []).append(i)

    def readiness(day: int) -> list[float]:
        acc = [0.0] * inp.topics
        for i in seen:
            el = day - last[i]
            acc[topic[i]] += 1.0 if el <= 0 else (1 + factor * el / S[i]) ** decay
        return acc

    blank = [0.0] * inp.topics
    # the curve: every day for short forecasts, about 30 points (interpolated between) for long ones
    step = 1 if n_days <= CURVE_POINTS else -(-n_days // CURVE_POINTS)
    for k in range(n_days):
        day = inp.today + k
        ready.append(readiness(day) if curve and k % step == 0 else blank)
        due = buckets.pop(day, [])
        limit = inp.reviews_per_day if dl is None else dl.review_limit(inp.reviews_per_day, dt.date.fromordinal(day))
        limit -= inp.reviews_today if k == 0 else 0
        if len(due) > max(0, limit):
            due.sort(key=lambda i: (day - last[i]) / S[i], reverse=True)
            carry = due[max(0, limit):]
            due = due[: max(0, limit)]
            over += len(carry)
            buckets.setdefault(day + 1, [])[:0] = carry
        n_ans = 0
        for i in due:
            el = day - last[i]
            if el <= 0:
                S[i], D[i], ivl = review(S[i], D[i], 0, True)
                n_ans += 1
            else:
                recalled = rng.random() < (1 + factor * el / S[i]) ** decay
                S[i], D[i], ivl = review(S[i], D[i], el, recalled)
                n_ans += 1 if recalled else 1 + relearn
            last[i] = day
            schedule(i, day, ivl)
        rev_out[k] = len(due)
        # new cards, as the drill would allow them that day
        before = inp.introduced_today if k == 0 else 0
        unseen = len(queue) - qpos
        lim = inp.new_per_day
        if dl is not None:
            lim = dl.new_per_day(lim, unseen + before, dt.date.fromordinal(day))
        take = min(unseen, max(0, lim - before))
        for i in queue[qpos : qpos + take]:
            s, d, n, ivl = first[int(AGAIN) if rng.random() < inp.first_again else int(GOOD)]
            S[i], D[i], last[i] = s, d, day
            n_ans += n
            schedule(i, day, ivl)
            seen.append(i)
        qpos += take
        new_out[k] = take
        ans_out[k] = n_ans
        if introduced_all is None and qpos >= len(queue):
            introduced_all = day
    ready.append(readiness(inp.end))
    if curve and step > 1:
        for k in range(n_days):
            if k % step:
                a = k - k % step
                b = min(a + step, n_days)
                w = (k - a) / (b - a)
                ready[k] = [x + (y - x) * w for x, y in zip(ready[a], ready[b])]
    return SimResult(new_out, rev_out, ans_out, ready, introduced_all, over)


# ---------------------------------------------------------------- the plan


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def _day_of(now: dt.datetime, tz: dt.tzinfo | None, hour: int) -> Callable[[int | None, int], int]:
    """Epoch ms → study-day ordinal, with the local UTC offset of ``now`` (fast; a forecast
    does not need the hour a DST change moves)."""
    local = now.astimezone(tz) if tz is not None else now.astimezone()
    shift = int((local.utcoffset() or dt.timedelta()).total_seconds() * 1000) - hour * 3_600_000

    def day(ms: int | None, default: int) -> int:
        return default if ms is None else _EPOCH_ORDINAL + (ms + shift) // 86_400_000

    return day


def answer_seconds(store: Store) -> tuple[float, str]:
    """Mean seconds per answer from your recent reviews (capped per answer), or the default."""
    times = store.answer_times(500)
    if len(times) < MIN_TIMED:
        return DEFAULT_SECONDS, "default"
    return sum(min(t / 1000, MAX_ANSWER_S) for t in times) / len(times), "history"


def first_again_share(store: Store) -> float:
    counts = store.rating_counts(state_before=STATE_NEW)
    total = sum(counts.values())
    return counts.get(1, 0) / total if total >= MIN_FIRST else DEFAULT_FIRST_AGAIN


def compute_plan(
    store: Store,
    cards: Mapping[str, StudyCard],
    *,
    clock: Clock | None = None,
    settings: StudySettings | None = None,
    topic_titles: Mapping[str, str] | None = None,
    horizon_days: int = HORIZON_DAYS,
    seed: int = 0,
) -> Plan:
    """The plan and forecast for ``cards`` (the whole deck) with ``settings`` (default: stored)."""
    clock = clock or SystemClock()
    settings = settings or StudySettings.load(store)
    titles = topic_titles or {}
    now = clock.now()
    now_ms = to_ms(now)
    tz, hour = clock.tz, settings.day_starts_hour
    today = study_day(now, tz, hour)
    t0 = today.toordinal()
    day_start, day_end = (to_ms(t) for t in day_bounds(today, tz, hour))
    deadline = settings.deadline()
    sch = fsrs.Scheduler(
        parameters=settings.fsrs_parameters or fsrs.scheduler.DEFAULT_PARAMETERS,
        desired_retention=settings.desired_retention,
        learning_steps=tuple(dt.timedelta(minutes=m) for m in settings.learning_steps_minutes),
        relearning_steps=tuple(dt.timedelta(minutes=m) for m in settings.relearning_steps_minutes),
        maximum_interval=settings.maximum_interval_days,
        enable_fuzzing=False,
    )

    ordered = new_card_order(dict(cards), settings.new_card_order)
    states = store.cards(ordered)
    topic_ids: dict[str, int] = {}
    for c in sorted(ordered.values(), key=lambda c: (c.topic_rank is None, c.topic_rank or 0, c.order)):
        topic_ids.setdefault(c.topic, len(topic_ids))
    n_topics = max(1, len(topic_ids))
    deck_by_topic = [0] * n_topics
    unseen_by_topic = [0] * n_topics
    now_by_topic = [0.0] * n_topics

    S: list[float] = []
    Dv: list[float] = []
    last: list[int] = []
    due: list[int] = []
    topic: list[int] = []
    salt: list[int] = []
    new_keys: list[str] = []
    decay, factor = sch._DECAY, sch._FACTOR
    day_of = _day_of(now, tz, hour)
    for key, card in ordered.items():
        st = states.get(key)
        if st is not None and st.suspended:
            continue
        t = topic_ids[card.topic]
        deck_by_topic[t] += 1
        if st is None or st.state == STATE_NEW or st.stability is None:
            unseen_by_topic[t] += 1
            new_keys.append(key)
            continue
        S.append(max(float(st.stability), 0.001))
        Dv.append(float(st.difficulty or 5.0))
        last.append(day_of(st.last_review, t0))
        due.append(day_of(st.due, t0))
        topic.append(t)
        salt.append(card_salt(key))
        if st.last_review is not None:
            elapsed = max(0, (now_ms - st.last_review) // 86_400_000)
            now_by_topic[t] += 1.0 if elapsed <= 0 else (1 + factor * elapsed / S[-1]) ** decay
    scheduled = len(S)
    front = [k for k in new_front(store) if k in set(new_keys)]
    if front:
        front_set = set(front)
        new_keys = front + [k for k in new_keys if k not in front_set]
    for key in new_keys:
        S.append(0.0)
        Dv.append(0.0)
        last.append(t0)
        due.append(t0)
        topic.append(topic_ids[ordered[key].topic])
        salt.append(card_salt(key))

    introduced_today = store.count_reviews(day_start, day_end, state_before=[STATE_NEW])
    reviews_today = store.count_reviews(day_start, day_end, state_before=[STATE_REVIEW])
    if deadline is not None and deadline.day > today:
        end = min(deadline.day.toordinal(), t0 + MAX_FORECAST_DAYS)
    elif deadline is not None:
        end = t0
    else:
        end = t0 + max(1, horizon_days)
    total = len(S)
    inp = SimInput(
        today=t0,
        end=end,
        stability=S,
        difficulty=Dv,
        last=last,
        due=due,
        topic=topic,
        salt=salt,
        scheduled=scheduled,
        topics=n_topics,
        new_per_day=settings.new_per_day,
        reviews_per_day=settings.reviews_per_day,
        introduced_today=introduced_today,
        reviews_today=reviews_today,
        deadline=deadline,
        first_again=first_again_share(store),
        seed=seed,
        runs=max(1, min(MAX_RUNS, SIM_BUDGET // max(1, total))),
    )
    result = simulate(inp, sch)
    seconds, timing = answer_seconds(store)

    unseen = len(new_keys)
    unseen_at_start = unseen + introduced_today
    needed = deadline.needed_per_day(unseen_at_start, today) if deadline is not None else 0
    new_today = deadline.new_per_day(settings.new_per_day, unseen_at_start, today) if deadline is not None else settings.new_per_day
    behind = 0
    if deadline is not None and deadline.active(today):
        behind = max(0, unseen_at_start - new_today * deadline.days_to_introduce(today))
    days = tuple(
        PlanDay(
            dt.date.fromordinal(t0 + k),
            round(result.new[k]),
            round(result.reviews[k]),
            result.answers[k] * seconds / 60,
            sum(result.readiness[k]) / total if total else 0.0,
        )
        for k in range(len(result.new))
    )
    readiness_now = sum(now_by_topic) / total if total else 0.0
    on_day = sum(result.readiness[-1]) / total if total else 0.0
    topic_list = []
    for name, t in sorted(topic_ids.items(), key=lambda kv: kv[1]):
        n = deck_by_topic[t]
        if not n:
            continue
        curve = tuple(row[t] / n for row in result.readiness)
        topic_list.append(TopicReadiness(name, titles.get(name, name), n, unseen_by_topic[t], now_by_topic[t] / n, curve[-1], curve))
    over = round(result.over_limit)
    advice: list[str] = []
    on_track: bool | None = None
    if deadline is not None and deadline.active(today):
        on_track = behind == 0 and over == 0
        if behind:
            advice.append(
                f"raise the new-card ceiling (plan_max_new_per_day) to {needed} a day"
                if needed <= 9999
                else "move the interview date"
            )
            advice.append(f"or study fewer topics: suspend about {behind} cards you will not be asked about (Browse)")
            advice.append(f"or set plan_buffer_days below {deadline.buffer_days} to introduce cards until closer to the day")
        if over:
            peak = max((d.reviews for d in days), default=0)
            advice.append(
                f"{over} reviews wait past your daily review limit ({settings.reviews_per_day}); raise reviews_per_day (the busiest day has {peak})"
            )
    return Plan(
        today=today,
        interview=settings.interview_date,
        days_left=(deadline.day - today).days if deadline is not None else None,
        cards_total=total,
        cards_unseen=unseen,
        new_per_day_needed=needed,
        new_per_day=new_today,
        introduce_by=deadline.introduce_by if deadline is not None else None,
        all_introduced_by=dt.date.fromordinal(result.introduced_all_on) if result.introduced_all_on is not None else None,
        days=days,
        readiness_now=readiness_now,
        readiness_on_day=on_day if days or deadline is None else readiness_now,
        topics=tuple(topic_list),
        on_track=on_track,
        behind_by=behind,
        advice=tuple(advice),
        seconds_per_answer=seconds,
        timing=timing,
        review_limit=settings.reviews_per_day,
        over_review_limit=over,
        settings_used=settings.model_dump(mode="json"),
    )


@dataclass(frozen=True, slots=True)
class TopicCount:
    topic: str
    cards: int
    due: int
    new: int
    mastered: int
    """Cards with a lasting memory (stability of three weeks or more, :mod:`lambdaprep.study.mastery`)."""
    readiness: float


def topic_counts(store: Store, cards: Mapping[str, StudyCard], *, clock: Clock | None = None) -> list[TopicCount]:
    """Per topic, in teaching order: cards, due now, new (never studied), mastered, readiness now."""
    clock = clock or SystemClock()
    now_ms = to_ms(clock.now())
    sch = fsrs.Scheduler(enable_fuzzing=False)
    decay, factor = sch._DECAY, sch._FACTOR
    states = store.cards(cards)
    acc: dict[str, list[float]] = {}
    order = sorted(cards.values(), key=lambda c: (c.topic_rank is None, c.topic_rank or 0, c.order))
    for card in order:
        row = acc.setdefault(card.topic, [0, 0, 0, 0, 0.0])
        st = states.get(card.key)
        if st is not None and st.suspended:
            continue
        row[0] += 1
        if st is None or st.state == STATE_NEW or st.stability is None:
            row[2] += 1
            continue
        if (st.due or 0) <= now_ms and (st.buried_until or 0) <= now_ms:
            row[1] += 1
        elapsed = max(0, (now_ms - (st.last_review or now_ms)) // 86_400_000)
        r = 1.0 if elapsed <= 0 else (1 + factor * elapsed / max(st.stability, 0.001)) ** decay
        row[3] += is_mastered(st)
        row[4] += r
    return [TopicCount(t, int(v[0]), int(v[1]), int(v[2]), int(v[3]), v[4] / v[0] if v[0] else 0.0) for t, v in acc.items()]


def weakest_topic(store: Store, cards: Mapping[str, StudyCard], *, clock: Clock | None = None) -> str | None:
    """The studied topic with the lowest readiness now (None before anything is studied)."""
    studied = [t for t in topic_counts(store, cards, clock=clock) if t.cards > t.new]
    # mean retrievability of the cards studied so far (unseen cards would only measure progress)
    return min(studied, key=lambda t: t.readiness * t.cards / (t.cards - t.new)).topic if studied else None


def apply_interview_caps(store: Store, settings: StudySettings, *, clock: Clock | None = None, keys: Sequence[str] | None = None) -> int:
    """Pull cards already scheduled past the interview into the final window (as a review on
    that card today would). Run when a date is set; returns how many cards moved. No review-log rows."""
    from dataclasses import replace

    from lambdaprep.study.scheduler import Scheduler

    clock = clock or SystemClock()
    if settings.deadline() is None:
        return 0
    sch = Scheduler(settings, clock.tz)
    now = clock.now()
    now_ms = to_ms(now)
    changed: list[CardState] = []
    for st in store.cards(keys).values():
        if st.state == STATE_NEW or st.due is None or st.last_review is None:
            continue
        capped = to_ms(sch.cap_due(st.card_key, from_ms(st.last_review), from_ms(st.due)))
        capped = max(capped, min(st.due, now_ms))
        if capped < st.due:
            changed.append(replace(st, due=capped, updated_at=now_ms))
    if changed:
        store.put_cards(changed)
    return len(changed)

