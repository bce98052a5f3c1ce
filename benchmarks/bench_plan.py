"""Interview plan benchmark: the forecast the plan, Home line and Settings preview compute.

Reports (goals from issue 13):

- the plan for the shipped ``lambda`` pack over 30 days (goal <= 300 ms), on a fresh
  database and after three weeks of reviews;
- the plan for 10,000 cards (half studied, half new) over 60 days (goal <= 3 s);
- for comparison, ``fsrs-rs-python``'s own simulator on a deck of the same size (when the
  package is installed): it is fast but cannot start from existing memory states, cap
  intervals for a date or report per topic (see docs/study.md).

    python benchmarks/bench_plan.py [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lambdaprep.content import PackSource, load_catalog  # noqa: E402
from lambdaprep.paths import builtin_packs_dir  # noqa: E402
from lambdaprep.store import Store  # noqa: E402
from lambdaprep.store.synthetic import fill_synthetic  # noqa: E402
from lambdaprep.study.cards import StudyCard, study_cards  # noqa: E402
from lambdaprep.study.clock import UTC, FakeClock, to_ms  # noqa: E402
from lambdaprep.study.plan import compute_plan  # noqa: E402
from lambdaprep.study.session import DrillSession  # noqa: E402
from lambdaprep.study.settings import StudySettings  # noqa: E402

NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def timed(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median wall time and median CPU time of this process (the CPU time is the fairer number
    on a shared, busy machine: the wall time also counts waiting for a core)."""
    walls, cpus = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def study_three_weeks(store: Store, cards: dict[str, StudyCard], clock: FakeClock) -> None:
    import random

    rng = random.Random(3)
    for _ in range(21):
        s = DrillSession(store, cards, clock=clock)
        while s.next() is not None:
            clock.advance(seconds=8)
            s.answer(3 if rng.random() < 0.9 else 1)
        clock.advance(days=1)
    clock.set(NOW + dt.timedelta(days=21))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    catalog = load_catalog([PackSource(builtin_packs_dir(), "builtin")])
    cards = study_cards(catalog)
    rows: list[tuple[str, float, float, float]] = []
    import os

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "lambda.db")
        clock = FakeClock(start=NOW)
        s30 = StudySettings(interview_date=(NOW + dt.timedelta(days=30)).date())
        med, worst = timed(lambda: compute_plan(store, cards, clock=clock, settings=s30), args.repeat)
        rows.append((f"lambda pack ({len(cards)} cards), fresh, 30 days", med, worst, 0.300))
        study_three_weeks(store, cards, clock)
        s30b = StudySettings(interview_date=(clock.now() + dt.timedelta(days=30)).date())
        med, worst = timed(lambda: compute_plan(store, cards, clock=clock, settings=s30b), args.repeat)
        rows.append(("lambda pack after 3 weeks of reviews, 30 days", med, worst, 0.300))
        store.close()

        big = Store.open(Path(tmp) / "big.db")
        n = 10_000
        fill_synthetic(big, n // 2, 50_000, to_ms(NOW), prefix="bench/c")
        big_cards = {
            f"bench/c{i:06d}": StudyCard(f"bench/c{i:06d}", "bench", f"t{i % 20}", (), "f", "b", order=i, topic_rank=i % 20)
            for i in range(n)
        }
        s60 = StudySettings(interview_date=(NOW + dt.timedelta(days=60)).date(), plan_max_new_per_day=500, reviews_per_day=5000)
        clock = FakeClock(start=NOW)
        med, worst = timed(lambda: compute_plan(big, big_cards, clock=clock, settings=s60), max(1, args.repeat // 2))
        rows.append((f"{n:,} cards (half studied), 60 days", med, worst, 3.0))
        big.close()

    print(f"{'measure':52} {'wall':>9} {'cpu':>9} {'goal':>7}")
    ok = True
    for name, wall, cpu, goal in rows:
        flag = "" if cpu <= goal else "  OVER"
        ok &= cpu <= goal
        print(f"{name:52} {wall * 1000:7.0f}ms {cpu * 1000:7.0f}ms {goal * 1000:5.0f}ms{flag}")
    try:
        import fsrs_rs_python as rs
    except ImportError:
        print("fsrs-rs-python not installed: no comparison")
        return 0 if ok else 1
    for size, span in ((len(cards), 30), (n, 60)):
        cfg = rs.default_simulator_config()
        cfg.deck_size, cfg.learn_span, cfg.max_cost_perday = size, span, 1e9
        wall, cpu = timed(lambda: rs.simulate(rs.DEFAULT_PARAMETERS, 0.9, cfg, 42), args.repeat)  # noqa: B023
        print(f"{f'fsrs-rs-python simulate, {size:,} new cards, {span} days':52} {wall * 1000:7.1f}ms {cpu * 1000:7.1f}ms")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
