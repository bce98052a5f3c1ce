"""Progress files benchmark: daily backup, progress export and import of a big database.

Builds (once, cached under benchmarks/_out/) the synthetic database of bench_study —
100,000 cards and 1,000,000 reviews — with a realistic before/after card state in every
review (as the drill writes them), then runs each step in a fresh process and prints its
wall time and the process's peak memory (max RSS):

- the daily backup (goal <= 5 s);
- ``progress export`` of everything (goal <= 20 s, memory bounded);
- ``progress import`` of that file into an empty data dir (goal <= 20 s, memory bounded);
- importing the same file again (every review matched: nothing added);
- merging a second machine's export into a copy of the big database: ``--merge-cards``
  of the same cards studied independently there (another random history,
  ``--merge-reviews`` reviews), so each of those cards' state is rebuilt by replaying its
  merged log through the scheduler (the synthetic saved states never line up, so every
  review is recomputed: the worst case). The scheduler's own cost per review is measured
  and printed too;
- the review-log CSV export.

Imports print where their time went: ``read`` (reading and parsing the file in Python),
``insert`` (SQLite checking and adding the rows), ``index`` (building the log's indexes
after a bulk load, or the temporary (card, time) index), ``dedupe`` (looking for a review
twice in the file), ``plan`` (comparing each card's log on both sides, adding new cards),
``replay`` (the scheduler rebuilding card states), ``settle`` (reading the merged logs and
saving the states), ``commit``.

    python benchmarks/bench_portable.py [--cards N] [--reviews N] [--merge-cards N] [--merge-reviews N]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.timezone.utc)


def build(path: Path, cards: int, reviews: int, seed: int = 7) -> None:
    from lambdaprep.store import Store
    from lambdaprep.store.synthetic import fill_synthetic

    with Store.open(path) as store:
        fill_synthetic(store, cards, reviews, int(NOW.timestamp() * 1000), full_log=True, seed=seed)


def cached(name: str, make: Callable[[Path], None]) -> Path:
    path = ROOT / "benchmarks" / "_out" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        tmp = path.with_name(path.name + ".tmp")
        make(tmp)
        tmp.rename(path)
        print(f"built {name} in {time.perf_counter() - t0:.1f} s")
    return path


def step(name: str, db: str, arg: str) -> None:
    """One measured step, in this (fresh) process; prints a JSON line."""
    from lambdaprep.store import Store
    from lambdaprep.store import backup as bk
    from lambdaprep.store import progress as pg
    from lambdaprep.study.replay import Replayer

    u0 = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = u0.ru_utime + u0.ru_stime
    t0 = time.perf_counter()
    info: dict[str, object] = {}
    with Store.open(Path(db)) as store:
        if name == "backup":
            made = bk.make_backup(store, Path(arg), "daily")
            info["size_mb"] = round(made.size / 2**20, 1)
        elif name == "export":
            with open(arg, "w", encoding="utf-8") as fh:
                info.update(pg.export_progress(store, fh).counts)
            info["file_mb"] = round(Path(arg).stat().st_size / 2**20, 1)
        elif name == "csv":
            with open(arg, "w", encoding="utf-8") as fh:
                info["rows"] = pg.export_reviews_csv(store, fh)
        elif name == "import":
            phases: dict[str, float] = {}
            replayer = Replayer()
            s = pg.import_progress(store, Path(arg), replay=replayer, timings=phases)
            info.update(reviews_added=s.reviews_added, cards_added=s.cards_added, taken=s.cards_taken, replayed=s.cards_replayed)
            info["phases"] = {k: round(v, 2) for k, v in phases.items() if v >= 0.005}
    seconds = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rss = usage.ru_maxrss / 1024  # KB on Linux
    cpu = usage.ru_utime + usage.ru_stime - cpu0
    print(json.dumps({"step": name, "seconds": round(seconds, 2), "cpu_s": round(cpu, 2), "max_rss_mb": round(rss, 1), **info}))


def run_step(name: str, db: Path, arg: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--step", name, str(db), str(arg)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--reviews", type=int, default=1_000_000)
    ap.add_argument("--merge-cards", type=int, default=10_000, help="cards the second machine studied (merge step)")
    ap.add_argument("--merge-reviews", type=int, default=100_000, help="reviews in the second machine's file (merge step)")
    ap.add_argument("--step", nargs=3, metavar=("NAME", "DB", "ARG"))
    args = ap.parse_args()
    if args.step:
        step(*args.step)
        return
    n, m = args.cards, args.reviews
    cache = cached(f"portable-{n}-{m}.db", lambda p: build(p, n, m))
    print(f"database: {n:,} cards, {m:,} reviews, {cache.stat().st_size / 2**20:.0f} MB")
    mc, mr = args.merge_cards, args.merge_reviews
    other = cached(f"portable-{mc}-{mr}-seed8.jsonl", lambda p: export_of(p, mc, mr))
    goals = {"backup": 5.0, "export": 20.0, "csv": 20.0, "import": 20.0, "import again": 20.0}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "lambdaprep.db"
        shutil.copyfile(cache, db)
        results = [
            ("backup", run_step("backup", db, work / "backups")),
            ("export", run_step("export", db, work / "progress.jsonl")),
            ("csv", run_step("csv", db, work / "reviews.csv")),
            ("import", run_step("import", work / "empty.db", work / "progress.jsonl")),
            ("import again", run_step("import", work / "empty.db", work / "progress.jsonl")),
            ("merge", run_step("import", db, other)),
        ]
    for label, r in results:
        extra = {k: v for k, v in r.items() if k not in ("step", "seconds", "cpu_s", "max_rss_mb", "phases")}
        goal = goals.get(label)
        verdict = f"goal <= {goal:.0f} s, {'ok' if float(r['seconds']) <= goal else 'SLOW'}" if goal else "no goal"  # type: ignore[arg-type]
        print(f"{label:<13} {r['seconds']:>6} s wall, {r['cpu_s']:>6} s CPU ({verdict})  peak memory {r['max_rss_mb']} MB  {extra}")
        if "phases" in r:
            print(f"{'':<13} where the time went (s): {r['phases']}")
    print(f"(merge: a second machine's {mr:,} reviews of {mc:,} of the same cards; each of those is replayed)")
    per_review = scheduler_cost()
    print(f"the scheduler alone (Scheduler.review, fuzz off): {per_review * 1e6:.1f} µs a review, "
          f"{per_review * 1e6:.1f} s for 1,000,000 reviews")


def scheduler_cost(n: int = 20_000) -> float:
    """Seconds of CPU per review that the scheduler itself takes (what a replay cannot avoid)."""
    import random

    from lambdaprep.store import CardState
    from lambdaprep.study.clock import from_ms
    from lambdaprep.study.scheduler import Scheduler
    from lambdaprep.study.settings import StudySettings

    scheduler = Scheduler(StudySettings().model_copy(update={"fuzz": False}))
    rnd = random.Random(1)
    at = int(NOW.timestamp() * 1000)
    t0 = time.process_time()
    for k in range(n // 10):
        state = CardState(f"bench/c{k:06d}")
        for _ in range(10):
            at += rnd.randint(1, 20) * 86_400_000
            state = scheduler.review(state, rnd.randint(1, 4), from_ms(at)).after
    return (time.process_time() - t0) / n


def export_of(path: Path, cards: int, reviews: int) -> None:
    """The progress file of a second machine (another random history of the same cards)."""
    from lambdaprep.store import Store
    from lambdaprep.store import progress as pg

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "other.db"
        build(db, cards, reviews, seed=8)
        with Store.open(db) as store, open(path, "w", encoding="utf-8") as fh:
            pg.export_progress(store, fh)


if __name__ == "__main__":
    main()
