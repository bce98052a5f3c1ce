"""How long `lambdaprep optimize` takes (fsrs-rs-python; no torch).

Goals (issue 17): about 12,600 reviews over about 1,200 cards in ≤ 0.5 s end to end, reading
included; the synthetic 1,000,000-review database in ≤ 30 s. Also times --retention.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from lambdaprep.store import Store  # noqa: E402
from lambdaprep.store.revlog import iter_review_log  # noqa: E402
from lambdaprep.study.optimize import build_dataset, default_parameters, optimize, read_csv, recommend_retention  # noqa: E402
from lambdaprep.study.settings import StudySettings  # noqa: E402
from tests.learner import simulate_learner  # noqa: E402


def write_csv(path: Path) -> int:
    events = simulate_learner(1200, 120, new_per_day=15, seed=5)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["card_id", "review_rating", "review_time", "review_duration"])
        for e in events:
            when = dt.datetime.fromtimestamp(e.reviewed_at / 1000, dt.timezone.utc)
            w.writerow([e.card, e.rating, when.isoformat(), e.duration_ms])
    return len(events)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "revlog.csv"
        n = write_csv(path)
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            data = build_dataset(read_csv(path).events)
            result = optimize(data, None)
            runs.append(time.perf_counter() - t0)
        print(f"optimize, {n:,} reviews / {data.cards:,} cards from CSV, end to end: best {min(runs):.3f} s, median {sorted(runs)[1]:.3f} s (goal ≤ 0.5 s)")
        print(f"  log loss {result.before.log_loss:.4f} → {result.after.log_loss:.4f}, RMSE {result.before.rmse:.2%} → {result.after.rmse:.2%}")

        t0 = time.perf_counter()
        advice = recommend_retention(default_parameters(), StudySettings(), 470, data)
        print(f"recommended retention for a 470-card deck over 365 days: {advice.recommended:.2f} in {time.perf_counter() - t0:.2f} s")

        from bench_study import build_db

        db = Path(tmp) / "big.db"
        t0 = time.perf_counter()
        build_db(db, 100_000, 1_000_000)
        print(f"(built the synthetic 1,000,000-review database in {time.perf_counter() - t0:.1f} s)")
        t0 = time.perf_counter()
        with Store.open(db) as store:
            data = build_dataset(iter_review_log(store))
        read_s = time.perf_counter() - t0
        result = optimize(data, None)
        total = time.perf_counter() - t0
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"optimize, 1,000,000 reviews / {data.cards:,} cards from the database: {total:.1f} s "
            f"(reading {read_s:.1f} s; goal ≤ 30 s), peak RSS {peak_mb:.0f} MB"
        )


if __name__ == "__main__":
    main()
