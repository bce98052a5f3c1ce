"""Fit FSRS to the user's own history, evaluate it honestly, and recommend a retention.

Fitting, evaluation and the workload simulation come from ``fsrs-rs-python``, the
Rust implementation Anki itself uses (a small wheel, no torch). Scheduling stays with
``fsrs``: the fitted parameters are simply handed to it (``StudySettings.fsrs_parameters``).

How the figures are made (docs/study.md has the longer version):

* Each card's reviews become FSRS training items: the history up to each review that
  came on a later day than the one before (same-day steps count as short-term memory).
  Days are study days (the user's day-start hour, local time), as in the drill.
* "Before" and "after" are measured on the same held-out data with time-series splits:
  items are ordered by when they happened and cut into six chunks; for each of the last
  five, parameters are fitted on everything earlier and both the current parameters and
  the freshly fitted ones are scored on that chunk. Neither figure is measured on data
  it was fitted to. The parameters finally saved are fitted on the whole history.
* New parameters are saved only if they score a lower log loss than the current ones
  (or with ``force``). Every saved set is kept with its date, so a revert is exact.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lambdaprep.errors import LambdaprepError
from lambdaprep.store.revlog import RatedReview
from lambdaprep.study.clock import study_day

if TYPE_CHECKING:
    import fsrs_rs_python

    from lambdaprep.store.store import Store
    from lambdaprep.study.clock import Clock
    from lambdaprep.study.settings import StudySettings

MIN_REVIEWS = 400
"""Usable reviews (on a later day than the card's previous one) needed before fitting means anything."""

SPLITS = 5
HISTORY_KEY = "optimizer.history"
"""Settings key holding every parameter set ever saved, oldest first (for ``--revert``)."""
PARAMETERS_KEY = "study.fsrs_parameters"


def default_parameters() -> list[float]:
    import fsrs

    return [float(x) for x in fsrs.scheduler.DEFAULT_PARAMETERS]


# ---------------------------------------------------------------- sources


@dataclass
class CsvRead:
    events: list[RatedReview]
    bad_rows: list[str] = field(default_factory=list)
    """One line per rejected row: ``line N: why``."""


CSV_COLUMNS = ("card_id", "review_rating", "review_time", "review_duration")


def read_csv(path: Path) -> CsvRead:
    """A review log in the layout FSRS tools exchange; bad rows are reported by line and skipped."""
    path = Path(path)
    try:
        fh = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise LambdaprepError(f"{path}: cannot read ({exc.strerror or exc})") from None
    events: list[RatedReview] = []
    bad: list[str] = []
    with fh:
        try:
            reader = csv.DictReader(fh)
            missing = [c for c in CSV_COLUMNS[:3] if c not in (reader.fieldnames or [])]
            if missing:
                raise LambdaprepError(
                    f"{path}: not a review-log CSV (missing {'column' if len(missing) == 1 else 'columns'} {', '.join(missing)}; "
                    f"expected {','.join(CSV_COLUMNS)})"
                )
            for row in reader:
                line = reader.line_num
                try:
                    events.append(_csv_event(row))
                except ValueError as exc:
                    bad.append(f"line {line}: {exc}")
        except (UnicodeDecodeError, csv.Error) as exc:
            raise LambdaprepError(f"{path}: cannot read as CSV ({exc})") from None
    events.sort(key=lambda e: (e.card, e.reviewed_at))
    return CsvRead(events, bad)


def _csv_event(row: dict[str, str]) -> RatedReview:
    card = (row.get("card_id") or "").strip()
    if not card:
        raise ValueError("empty card_id")
    raw_rating = (row.get("review_rating") or "").strip()
    if raw_rating not in {"1", "2", "3", "4"}:
        raise ValueError(f"review_rating must be 1, 2, 3 or 4, not {raw_rating[:20]!r}")
    raw_time = (row.get("review_time") or "").strip()
    try:
        when = dt.datetime.fromisoformat(raw_time)
    except ValueError:
        raise ValueError(f"review_time is not an ISO 8601 time: {raw_time[:40]!r}") from None
    if when.tzinfo is None:
        raise ValueError(f"review_time needs a UTC offset (e.g. 2026-11-02T09:15:00+00:00): {raw_time[:40]!r}")
    duration: int | None = None
    raw_duration = (row.get("review_duration") or "").strip()
    if raw_duration:
        try:
            value = float(raw_duration)
        except ValueError:
            raise ValueError(f"review_duration is not a number of milliseconds: {raw_duration[:20]!r}") from None
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"review_duration must be 0 or more milliseconds: {raw_duration[:20]!r}")
        duration = int(value)
    return RatedReview(card, int(when.timestamp() * 1000), int(raw_rating), duration)


# ---------------------------------------------------------------- training items


@dataclass
class Dataset:
    """Review events turned into fsrs-rs training items, in time order."""

    items: list[fsrs_rs_python.FSRSItem]
    card_ids: list[int]
    times: list[int]
    reviews: int
    """All rated reviews read."""
    cards: int
    first_ratings: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    review_ratings: list[int] = field(default_factory=lambda: [0, 0, 0])
    """Hard, Good, Easy counts among successful reviews on a later day."""
    durations_ms: list[int] = field(default_factory=list)

    @property
    def usable(self) -> int:
        return len(self.items)


def build_dataset(events: Iterable[RatedReview], *, day_start_hour: int = 4, tz: dt.tzinfo | None = None) -> Dataset:
    """Group ``events`` (ordered by card, then time) into training items."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    rows: list[tuple[int, int, FSRSItem]] = []
    reviews = cards = 0
    first = [0, 0, 0, 0]
    later = [0, 0, 0]
    durations: list[int] = []
    day_of = _day_index(day_start_hour, tz)
    for card_index, (_key, group) in enumerate(groupby(events, key=lambda e: e.card)):
        history = sorted(group, key=lambda e: e.reviewed_at)
        cards += 1
        reviews += len(history)
        first[history[0].rating - 1] += 1
        fsrs_reviews: list[FSRSReview] = []
        previous_day: int | None = None
        for event in history:
            day = day_of(event.reviewed_at)
            delta = 0 if previous_day is None else day - previous_day
            previous_day = day
            fsrs_reviews.append(FSRSReview(event.rating, delta))
            if event.duration_ms is not None and event.duration_ms > 0:
                durations.append(event.duration_ms)
            if len(fsrs_reviews) > 1 and delta > 0:
                if event.rating > 1:
                    later[event.rating - 2] += 1
                item = FSRSItem(list(fsrs_reviews))
                if item.long_term_review_cnt() > 0:
                    rows.append((event.reviewed_at, card_index, item))
    rows.sort(key=lambda r: r[0])
    return Dataset(
        items=[r[2] for r in rows],
        card_ids=[r[1] for r in rows],
        times=[r[0] for r in rows],
        reviews=reviews,
        cards=cards,
        first_ratings=first,
        review_ratings=later,
        durations_ms=durations,
    )


def _day_index(day_start_hour: int, tz: dt.tzinfo | None) -> Callable[[int], int]:
    """epoch ms → the study day's ordinal, as :func:`study_day` gives it, memoised per quarter hour.

    Every real time zone's offset is a whole number of quarter hours, so all instants in one
    quarter hour fall on the same study day; a million reviews then cost a dict lookup each.
    """
    cache: dict[int, int] = {}
    utc = dt.timezone.utc

    def day_of(ms: int) -> int:
        slot = ms // 900_000
        day = cache.get(slot)
        if day is None:
            day = study_day(dt.datetime.fromtimestamp(slot * 900, utc), tz, day_start_hour).toordinal()
            cache[slot] = day
        return day

    return day_of


# ---------------------------------------------------------------- fit and evaluate


@dataclass(frozen=True)
class Evaluation:
    log_loss: float
    rmse: float
    """RMSE over bins of predicted recall (Anki's "RMSE (bins)"), a fraction."""


@dataclass
class Result:
    parameters: list[float]
    current: list[float]
    current_is_default: bool
    before: Evaluation
    after: Evaluation
    reviews: int
    usable: int
    cards: int
    seconds: float
    saved: bool = False
    source: str = "lambdaprep"
    splits: int = SPLITS

    @property
    def better(self) -> bool:
        return self.after.log_loss < self.before.log_loss

    def to_json(self) -> dict[str, Any]:
        return {
            "parameters": self.parameters,
            "current_parameters": self.current,
            "current_is_default": self.current_is_default,
            "log_loss_before": self.before.log_loss,
            "log_loss_after": self.after.log_loss,
            "rmse_before": self.before.rmse,
            "rmse_after": self.after.rmse,
            "reviews": self.reviews,
            "usable_reviews": self.usable,
            "cards": self.cards,
            "splits": self.splits,
            "source": self.source,
            "saved": self.saved,
            "seconds": round(self.seconds, 3),
        }


class NotEnoughHistory(LambdaprepError):
    def __init__(self, usable: int) -> None:
        self.usable = usable
        self.needed = MIN_REVIEWS - usable
        super().__init__(
            f"fitting needs at least {MIN_REVIEWS} usable reviews (reviews on a later day than the card's "
            f"previous one); this history has {usable}, so {self.needed} more are needed. Nothing was changed."
        )


def evaluate(parameters: Sequence[float], items: Sequence[fsrs_rs_python.FSRSItem]) -> Evaluation:
    from fsrs_rs_python import FSRS

    if not items:
        return Evaluation(math.nan, math.nan)
    e = FSRS(list(parameters)).evaluate(list(items))
    return Evaluation(float(e.log_loss), float(e.rmse_bins))


def fit(data: Dataset, *, relearning_steps: int = 1) -> list[float]:
    from fsrs_rs_python import FSRS

    fitted = FSRS(default_parameters()).compute_parameters(
        data.items, card_ids=data.card_ids, enable_short_term=True, num_relearning_steps=relearning_steps
    )
    return [float(x) for x in fitted]


def split_evaluate(data: Dataset, current: Sequence[float], *, relearning_steps: int = 1) -> tuple[Evaluation, Evaluation]:
    """Current vs refitted parameters, both scored on the same held-out, later chunks."""
    from fsrs_rs_python import FSRS

    n = len(data.items)
    chunk = n // (SPLITS + 1)
    totals = {"before_ll": 0.0, "before_rmse": 0.0, "after_ll": 0.0, "after_rmse": 0.0, "weight": 0.0}
    for k in range(1, SPLITS + 1):
        end = n if k == SPLITS else chunk * (k + 1)
        train_items, test_items = data.items[: chunk * k], data.items[chunk * k : end]
        if not train_items or not test_items:
            continue
        fitted = FSRS(default_parameters()).compute_parameters(
            train_items, card_ids=data.card_ids[: chunk * k], enable_short_term=True, num_relearning_steps=relearning_steps
        )
        before = evaluate(current, test_items)
        after = evaluate(fitted, test_items)
        w = float(len(test_items))
        totals["before_ll"] += before.log_loss * w
        totals["before_rmse"] += before.rmse**2 * w
        totals["after_ll"] += after.log_loss * w
        totals["after_rmse"] += after.rmse**2 * w
        totals["weight"] += w
    w = totals["weight"] or 1.0
    return (
        Evaluation(totals["before_ll"] / w, math.sqrt(totals["before_rmse"] / w)),
        Evaluation(totals["after_ll"] / w, math.sqrt(totals["after_rmse"] / w)),
    )


def optimize(data: Dataset, current: Sequence[float] | None, *, relearning_steps: int = 1, source: str = "lambdaprep") -> Result:
    """Fit on the whole history and measure current vs fitted on held-out splits (nothing is saved)."""
    if data.usable < MIN_REVIEWS:
        raise NotEnoughHistory(data.usable)
    started = time.perf_counter()
    current_params = list(current) if current else default_parameters()
    before, after = split_evaluate(data, current_params, relearning_steps=relearning_steps)
    parameters = fit(data, relearning_steps=relearning_steps)
    return Result(
        parameters=parameters,
        current=current_params,
        current_is_default=not current,
        before=before,
        after=after,
        reviews=data.reviews,
        usable=data.usable,
        cards=data.cards,
        seconds=time.perf_counter() - started,
        source=source,
    )


# ---------------------------------------------------------------- saved parameter sets


@dataclass(frozen=True)
class SavedSet:
    parameters: list[float] | None
    """None: FSRS's default parameters."""
    saved_at: str
    source: str
    log_loss: float | None = None
    rmse: float | None = None
    reviews: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "parameters": self.parameters,
            "saved_at": self.saved_at,
            "source": self.source,
            "log_loss": self.log_loss,
            "rmse": self.rmse,
            "reviews": self.reviews,
        }


def saved_sets(store: Store) -> list[SavedSet]:
    """Every parameter set saved so far, oldest first; an unreadable entry is left out."""
    raw = store.get_setting(HISTORY_KEY, [])
    out: list[SavedSet] = []
    if not isinstance(raw, list):
        return out
    for entry in raw:
        if not isinstance(entry, dict):
            continue
        params = entry.get("parameters")
        if params is not None and not _valid_parameters(params):
            continue
        out.append(
            SavedSet(
                parameters=None if params is None else [float(x) for x in params],
                saved_at=str(entry.get("saved_at", "")),
                source=str(entry.get("source", "")),
                log_loss=_num(entry.get("log_loss")),
                rmse=_num(entry.get("rmse")),
                reviews=entry.get("reviews") if isinstance(entry.get("reviews"), int) else None,
            )
        )
    return out


def in_use(store: Store) -> SavedSet:
    """The set scheduling uses now: the newest saved one, or FSRS's defaults."""
    sets = saved_sets(store)
    current = store.get_setting(PARAMETERS_KEY)
    if sets and current is not None and sets[-1].parameters == current:
        return sets[-1]
    if current is not None and _valid_parameters(current):
        return SavedSet([float(x) for x in current], "", "set by hand")
    return SavedSet(None, "", "default")


def save(store: Store, result: Result, clock: Clock) -> None:
    """Use ``result.parameters`` from now on; the set is added to the history (one transaction)."""
    history = [s.to_json() for s in saved_sets(store)]
    if not history:
        history.append(SavedSet(None if result.current_is_default else result.current, "", "before first optimize").to_json())
    entry = SavedSet(
        result.parameters,
        clock.now().astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
        result.source,
        result.after.log_loss,
        result.after.rmse,
        result.reviews,
    )
    history.append(entry.to_json())
    store.set_settings({PARAMETERS_KEY: result.parameters, HISTORY_KEY: history})
    result.saved = True


def revert(store: Store) -> SavedSet:
    """Go back to the set in use before the newest one (exactly its numbers, or the defaults)."""
    sets = saved_sets(store)
    if len(sets) < 2:
        raise LambdaprepError("nothing to revert: no fitted parameters have been saved")
    previous = sets[-2]
    store.set_settings({PARAMETERS_KEY: previous.parameters, HISTORY_KEY: [s.to_json() for s in sets[:-1]]})
    return previous


def _valid_parameters(value: object) -> bool:
    if not isinstance(value, list) or len(value) != 21:
        return False
    return all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in value)


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) else None


# ---------------------------------------------------------------- retention


@dataclass(frozen=True)
class Workload:
    retention: float
    reviews_per_day: float
    minutes_per_day: float
    memorized: float
    """Cards expected to be remembered at the end of the simulated span."""

    @property
    def memorized_per_minute(self) -> float:
        return self.memorized / self.minutes_per_day if self.minutes_per_day else 0.0


@dataclass
class RetentionAdvice:
    recommended: float
    current: float
    workloads: list[Workload]
    deck_size: int
    days: int
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {
            "recommended_retention": self.recommended,
            "current_retention": self.current,
            "deck_size": self.deck_size,
            "days": self.days,
            "seconds": round(self.seconds, 3),
            "workloads": [
                {
                    "retention": w.retention,
                    "reviews_per_day": round(w.reviews_per_day, 1),
                    "minutes_per_day": round(w.minutes_per_day, 1),
                    "memorized": round(w.memorized, 1),
                }
                for w in self.workloads
            ],
        }


def simulator_config(settings: StudySettings, deck_size: int, data: Dataset | None, days: int) -> fsrs_rs_python.SimulatorConfig:
    """fsrs-rs's simulator set up like this user studies: deck, daily limits, and their own rating habits."""
    from fsrs_rs_python import SimulatorConfig, default_simulator_config

    base = default_simulator_config()
    first = list(base.first_rating_prob)
    review = list(base.review_rating_prob)
    costs = [list(row) for row in base.state_rating_costs]
    if data is not None and sum(data.first_ratings) >= 50:
        total = sum(data.first_ratings)
        first = [c / total for c in data.first_ratings]
    if data is not None and sum(data.review_ratings) >= 50:
        total = sum(data.review_ratings)
        review = [c / total for c in data.review_ratings]
    if data is not None and len(data.durations_ms) >= 50:
        # One honest number from the user's own answers scales the default cost table.
        ordered = sorted(data.durations_ms)
        median_s = ordered[len(ordered) // 2] / 1000
        default_review_good = costs[1][2] or 1.0
        scale = max(0.1, min(10.0, median_s / default_review_good))
        costs = [[c * scale for c in row] for row in costs]
    return SimulatorConfig(
        deck_size=max(1, deck_size),
        learn_span=days,
        max_cost_perday=86400.0,
        max_ivl=float(settings.maximum_interval_days),
        first_rating_prob=first,
        review_rating_prob=review,
        learn_limit=max(1, settings.new_per_day),
        review_limit=max(1, settings.reviews_per_day),
        new_cards_ignore_review_limit=True,
        learning_step_transitions=base.learning_step_transitions,
        relearning_step_transitions=base.relearning_step_transitions,
        state_rating_costs=costs,
        learning_step_count=len(settings.learning_steps_minutes),
        relearning_step_count=len(settings.relearning_steps_minutes),
    )


def workload(parameters: Sequence[float], retention: float, config: fsrs_rs_python.SimulatorConfig) -> Workload:
    from fsrs_rs_python import simulate

    result = simulate(list(parameters), retention, config, seed=42)
    days = max(1, len(result.review_cnt_per_day))
    return Workload(
        retention=round(retention, 2),
        reviews_per_day=sum(result.review_cnt_per_day) / days,
        minutes_per_day=sum(result.cost_per_day) / days / 60,
        memorized=result.memorized_cnt_per_day[-1] if result.memorized_cnt_per_day else 0.0,
    )


def recommend_retention(
    parameters: Sequence[float],
    settings: StudySettings,
    deck_size: int,
    data: Dataset | None = None,
    *,
    days: int = 365,
) -> RetentionAdvice:
    """The minimum recommended retention: most memorised per minute of study (fsrs-rs, as Anki computes it)."""
    from fsrs_rs_python import optimal_retention

    started = time.perf_counter()
    config = simulator_config(settings, deck_size, data, days)
    best = round(float(optimal_retention(config, list(parameters))), 2)
    around = sorted({best, round(min(0.97, best + 0.05), 2), 0.80, 0.85, 0.90, 0.95, round(settings.desired_retention, 2)})
    loads = [workload(parameters, r, config) for r in around]
    return RetentionAdvice(best, settings.desired_retention, loads, deck_size, days, time.perf_counter() - started)

